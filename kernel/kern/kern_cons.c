/*
 * The console layer (sys/cons.h): bytes in and out of the console device.
 * Only this file knows the device is a 16550 UART (output polled, input
 * by interrupt into the driver's ring once drivers attach); printf
 * (subr_prf.c), the shell, ping's Ctrl-C check and `setkey -c` come
 * through here.  Output is not logged: printf puts what it prints into the
 * message buffer itself, and `dmesg` writes the buffer back out with
 * cnputc() without growing it.
 */
#include <sys/systm.h>
#include <sys/cons.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <sanpo/lineedit.h>

#include <dev/uart/uart_16550.h>

void
cninit(void)
{
	uart_init();
}

void
cnputc(int c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

void
cnputs(const char *s)
{
	while (*s != '\0')
		cnputc(*s++);
}

/*
 * Console input by interrupt from here on: the UART's receive interrupt
 * fills its ring at line speed, and cncheckc() takes from the ring (still
 * reading the chip itself when interrupts do not come: panic, early boot).
 */
static void
cn_intr_init(const void *dummy __unused)
{
	(void)uart_intr_attach(NULL);
}
SYSINIT(cn_intr, SI_SUB_DRIVERS, SI_ORDER_FIRST, cn_intr_init, NULL);

int
cncheckc(void)
{
	return (uart_getc_nowait());
}

/*
 * Waits for a byte.  Once threads run, each empty look sleeps a tick and
 * the CPU is free for other threads; before that it spins.
 */
int
cngetc(void)
{
	int c;

	while ((c = cncheckc()) < 0) {
		if (sched_running)
			wait_a_little("ttyin");
		else
			cpu_pause();
	}
	return (c);
}

static int
cn_le_getc(void *arg __unused)
{
	return (cngetc());
}

static void
cn_le_putc(int c, void *arg __unused)
{
	cnputc(c);
}

int
cnreadline(char *buf, size_t size, struct lineedit_history *hist, int flags)
{
	struct lineedit le = {
		.getc = cn_le_getc,
		.putc = cn_le_putc,
		.hist = hist,
		.flags = flags,
	};

	return (lineedit_read(&le, buf, size));
}

int
cngets(char *buf, size_t size, int visible)
{
	return (cnreadline(buf, size, NULL,
	    LINEEDIT_CTRL_D | (visible ? 0 : LINEEDIT_NOECHO)));
}
