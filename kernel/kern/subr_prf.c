/*
 * Kernel console output: printf formats with the shared core
 * (common/kvprintf.c) and each character goes to the serial console and
 * the message buffer.
 */
#include <sys/systm.h>
#include <sys/msgbuf.h>
#include "dev/uart/uart_16550.h"

void
cnputc(int c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	msgbuf_putc(c);
}

static void
cons_out(int c, void *arg)
{
	(void)arg;
	cnputc(c);
}

int
vprintf(const char *fmt, va_list ap)
{
	return (kvprintf(cons_out, NULL, fmt, ap));
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return (n);
}
