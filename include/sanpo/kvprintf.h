/*
 * printf-style formatting shared by the loader and the kernel.
 *
 * One formatting core (common/kvprintf.c) that writes through a callback,
 * so the loader's console, the kernel's console + message buffer and
 * snprintf-to-buffer all format the same way.  Integer and string
 * conversions only (no floating point: the kernel is built -mno-sse):
 *   %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and precision
 *   (also `*`), length modifiers hh h l ll z j t.
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
