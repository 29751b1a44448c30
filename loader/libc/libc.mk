# Sanpo freestanding libc (loader/libc): source list for the loader build.
#
# loader/loader.mk includes this and does
#     LOADER_SRCS   += $(LIBC_SRCS)
#     LOADER_CFLAGS += $(LIBC_CFLAGS)
# (LIBC_CFLAGS puts loader/libc/include, the headers Lua includes, on the
# path.  The libc has no other requirement than the loader's own flags:
# -ffreestanding -fno-builtin -fpic -mno-red-zone, SSE enabled.  Do not
# build it with -ffast-math: the math and strtod code needs IEEE doubles.)

LIBC_DIR := loader/libc

LIBC_SRCS := \
	$(LIBC_DIR)/errno.c $(LIBC_DIR)/string_mem.c $(LIBC_DIR)/string_str.c \
	$(LIBC_DIR)/strerror.c $(LIBC_DIR)/ctype.c $(LIBC_DIR)/locale.c \
	$(LIBC_DIR)/stdlib_misc.c $(LIBC_DIR)/strtol.c $(LIBC_DIR)/strtod.c \
	$(LIBC_DIR)/stdio.c \
	$(LIBC_DIR)/malloc.c $(LIBC_DIR)/math_basic.c $(LIBC_DIR)/math_exp.c \
	$(LIBC_DIR)/math_trig.c $(LIBC_DIR)/math_atan.c \
	$(LIBC_DIR)/arch/x86_64/setjmp.S

LIBC_CFLAGS := -I$(LIBC_DIR)/include

# printf's engine and the big integers strtod uses are Sanpo's common
# library (common/files.mk: COMMON_SRCS and COMMON_FLOAT_SRCS, with
# -DKVPRINTF_FLOAT); the loader links them.
