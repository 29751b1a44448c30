/*
 * panic(): say what happened and where (a backtrace with symbol names),
 * then stop this CPU for good.  Stopping the other CPUs (IPI) arrives with
 * SMP.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>

int panicstr_set;

void
cpu_halt_forever(void)
{
	for (;;) {
		disable_intr();
		halt();
	}
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	disable_intr();
	if (panicstr_set++) {
		printf("panic: recursive panic\n");
		cpu_halt_forever();
	}
	printf("panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\ncpuid = 0\n");
	stack_print(read_rbp(), (uint64_t)(uintptr_t)&panic);
	printf("cpu halted\n");
	cpu_halt_forever();
}
