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
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <machine/cpufunc.h>
#include <sanpo/lineedit.h>

#include <dev/uart/uart_16550.h>

void
cninit(void)
{
	uart_init();
}

/*
 * One writer at a time, so lines do not interleave: printf takes the lock
 * for each message, the terminal (tty.c) for each line a program writes.
 * The lock is recursive per CPU (an exception while printing still
 * prints) and is skipped once we panic: a wedged holder must not silence
 * the panic.
 *
 * And a line has one author: the console remembers who wrote the line
 * still open on it (kernel or user, or nobody at the start of a line),
 * and a writer who finds the other's line open starts a new one before
 * its first byte.  So a kernel message that comes while a prompt or half
 * a user line is on the screen appears whole on its own line rather than
 * inside it.
 */
static volatile int	cn_owner = -1;
static int		cn_depth;
static int		cn_writer = CN_KERNEL;	/* who holds the lock (CN_*) */
static int		cn_open_line;		/* author of the unfinished line, 0 none */

uint64_t
cnlock(int who)
{
	uint64_t fl;
	int me;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(fl) :: "memory");
	if (pcpu_array[0].pc_self == NULL || panicstr_set)
		return (fl);	/* before per-CPU data, or panicking */
	me = (int)curcpu;
	if (cn_owner != me)
		while (!__sync_bool_compare_and_swap(&cn_owner, -1, me))
			__asm__ volatile("pause");
	if (cn_depth++ == 0)
		cn_writer = who;
	return (fl);
}

void
cnunlock(uint64_t fl)
{
	if (pcpu_array[0].pc_self != NULL && !panicstr_set && cn_owner == (int)curcpu &&
	    --cn_depth == 0) {
		cn_writer = CN_KERNEL;
		__sync_lock_test_and_set(&cn_owner, -1);
	}
	if (fl & 0x200)
		__asm__ volatile("sti" ::: "memory");
}

void
cnputc(int c)
{
	/*
	 * Only when something is printed: log() takes the lock to write the
	 * message buffer alone, and must leave the console as it was.
	 */
	if (cn_open_line != 0 && cn_open_line != cn_writer) {
		uart_putc('\r');
		uart_putc('\n');
	}
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
	cn_open_line = c == '\n' ? 0 : cn_writer;
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
