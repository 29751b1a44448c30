/*
 * Kernel printf: formats with the shared core (common/kvprintf.c) and
 * each character goes to the console (sys/cons.h) and the message buffer.
 */
#include <sys/systm.h>
#include <sys/cons.h>
#include <sys/msgbuf.h>

static void
cons_out(int c, void *arg)
{
	(void)arg;
	cnputc(c);
	msgbuf_putc(c);
}

int
vprintf(const char *fmt, va_list ap)
{
	uint64_t fl = cnlock(CN_KERNEL);
	int n = kvprintf(cons_out, NULL, fmt, ap);

	cnunlock(fl);
	return (n);
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

/* Bytes as one line of lowercase hex. */
void
printf_hex(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static void
log_out(int c, void *arg)
{
	(void)arg;
	msgbuf_putc(c);
}

/*
 * A message for the log only (dmesg), not the console: events user
 * programs cause (an unknown system call, a process killed by a signal)
 * must not mix into their output on the console.  `boot -v` shows them on
 * the console too.
 */
void
log(int level, const char *fmt, ...)
{
	va_list ap;
	uint64_t fl;

	(void)level;
	va_start(ap, fmt);
	if (bootverbose)
		vprintf(fmt, ap);
	else {
		fl = cnlock(CN_KERNEL);
		kvprintf(log_out, NULL, fmt, ap);
		cnunlock(fl);
	}
	va_end(ap);
}
