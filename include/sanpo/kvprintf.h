/*
 * The one printf engine (common/kvprintf.c), shared by the loader (its
 * libc's printf family and console), the kernel (printf, snprintf, the
 * message buffer) and the host tests.  It writes one character at a time
 * through a callback and never allocates, so it works before any memory
 * management exists and from exception handlers.
 *
 * Output is byte-for-byte glibc's: flags - + space # 0, width and
 * precision (also `*`), length modifiers hh h l ll q z j t L, conversions
 * d i u o x X c s p n %, and, in programs built with -DKVPRINTF_FLOAT
 * (the loader, host tests; see common/files.mk), e E f F g G a A with
 * exact decimal expansion (common/kvprintf_float.c).  Without it (the
 * kernel, -mgeneral-regs-only: no double can be passed anyway) a floating
 * conversion prints "?".  An unknown conversion is printed as written.
 */
#ifndef SANPO_KVPRINTF_H
#define SANPO_KVPRINTF_H

#include <stdarg.h>
#include <stddef.h>

typedef void kvprintf_out_t(int c, void *arg);

/* Format through out(c, arg); returns the number of characters produced. */
int	kvprintf(kvprintf_out_t *out, void *arg, const char *fmt, va_list ap);

/* Bounded formatting into a buffer; returns the length it wanted (C99 style). */
int	kvsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
int	ksnprintf(char *buf, size_t len, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

#endif /* SANPO_KVPRINTF_H */
