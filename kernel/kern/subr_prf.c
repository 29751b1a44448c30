/*
 * Kernel printf: formats with the shared core (common/kvprintf.c) and
 * each character goes to the console (sys/cons.h) and the message buffer.
 */
#include <sys/systm.h>
#include <sys/cons.h>
#include <sys/msgbuf.h>
#include <sys/pcpu.h>

static void
cons_out(int c, void *arg)
{
	(void)arg;
	cnputc(c);
	msgbuf_putc(c);
}

/*
 * One CPU prints at a time, so lines do not interleave.  The lock is
 * recursive per CPU (an exception while printing still prints) and is
 * skipped once we panic: a wedged holder must not silence the panic.
 */
static volatile int	cons_owner = -1;
static int		cons_depth;

static uint64_t
cons_lock(void)
{
	uint64_t fl;
	int me;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(fl) :: "memory");
	if (pcpu_array[0].pc_self == NULL || panicstr_set)
		return (fl);	/* before per-CPU data, or panicking */
	me = (int)curcpu;
	if (cons_owner != me)
		while (!__sync_bool_compare_and_swap(&cons_owner, -1, me))
			__asm__ volatile("pause");
	cons_depth++;
	return (fl);
}

static void
cons_unlock(uint64_t fl)
{
	if (pcpu_array[0].pc_self != NULL && !panicstr_set && cons_owner == (int)curcpu &&
	    --cons_depth == 0)
		__sync_lock_test_and_set(&cons_owner, -1);
	if (fl & 0x200)
		__asm__ volatile("sti" ::: "memory");
}

int
vprintf(const char *fmt, va_list ap)
{
	uint64_t fl = cons_lock();
	int n = kvprintf(cons_out, NULL, fmt, ap);

	cons_unlock(fl);
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
