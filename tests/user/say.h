/*
 * say(): one line written whole with one write(2), so that the lines of
 * forked children never interleave and nothing waits in a stdio buffer
 * across fork; longer lines are cut.  For the test programs under tests/.
 */
#ifndef SANPO_TESTS_SAY_H
#define SANPO_TESTS_SAY_H

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static inline void
say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, (size_t)n) < 0)
		_exit(99);
}

#endif
