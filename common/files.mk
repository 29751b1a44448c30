# common/: Sanpo's freestanding library, in the way of FreeBSD's stand/libsa:
# one copy of each small mechanism, linked by the loader, the kernel and the
# host tests.  Headers: include/sanpo/<piece>.h.  Nothing here allocates or
# needs more than <string.h>, so it builds -ffreestanding in every program.
#
# The host tests read these lists (tests/lib/files_mk.py), never copy them.

COMMON_SRCS := \
	common/boot_flags.c common/elf_validate.c common/elf_obj.c common/modmetadata.c \
	common/kvprintf.c common/lineedit.c common/cmdline.c common/getopt.c common/parse.c \
	common/crc32.c common/utf.c common/civil_time.c

# printf's floating-point conversions: where doubles may be used (the
# loader and host tests; not the kernel, built -mgeneral-regs-only).
# A program that links them builds common/kvprintf.c with
# COMMON_FLOAT_CFLAGS.
COMMON_FLOAT_SRCS := common/kvprintf_float.c common/bigint.c
COMMON_FLOAT_CFLAGS := -DKVPRINTF_FLOAT
