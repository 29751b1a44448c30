/*
 * Deliberate faults for the boot tests (loader variable
 * debug.kernel.fault="panic" | "pagefault" | "ud2"): they prove that a panic
 * or an exception prints its report and a symbolised backtrace.  The call
 * chain is kept (noinline) so the backtrace has frames to name.
 */
#include <sys/systm.h>

static void __attribute__((noinline))
test_fault_trigger(const char *what)
{
	if (strcmp(what, "panic") == 0)
		panic("test panic requested by debug.kernel.fault");
	if (strcmp(what, "pagefault") == 0) {
		/* Low memory is unmapped since pmap_bootstrap(). */
		static volatile uint64_t bad_address = 0x10;

		(void)*(volatile uint64_t *)bad_address;
	}
	if (strcmp(what, "ud2") == 0)
		__asm__ volatile("ud2");
	printf("debug.kernel.fault=\"%s\": unknown, expected panic, pagefault or ud2\n", what);
}

void __attribute__((noinline))
test_fault(const char *what)
{
	printf("debug.kernel.fault: triggering %s\n", what);
	test_fault_trigger(what);
	__asm__ volatile("" ::: "memory");	/* keep this frame */
}
