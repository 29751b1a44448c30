# common/: Sanpo's freestanding library, in the way of FreeBSD's stand/libsa:
# one copy of each small mechanism, linked by the loader, the kernel and the
# host tests.  Headers: include/sanpo/<piece>.h.  Nothing here allocates or
# needs more than <string.h>, so it builds -ffreestanding in every program.
#
# The host tests read these lists (tests/lib/files_mk.py), never copy them.

COMMON_SRCS := \
	common/boot_flags.c common/elf_validate.c common/kvprintf.c \
	common/lineedit.c

# printf's floating-point conversions: where doubles may be used (the
# loader and host tests; not the kernel, built -mgeneral-regs-only).
# Objects of common/kvprintf.c that go with them are built with
# -DKVPRINTF_FLOAT.
COMMON_FLOAT_SRCS :=
