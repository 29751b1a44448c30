/*
 * The boot tests' hooks, run in the last stage after the boot report and
 * before the shell starts:
 *   debug.kernel.fault="panic" | "pagefault" | "ud2"  a deliberate fault,
 *       to prove that a panic or an exception prints its report and a
 *       symbolised backtrace (the call chain is kept noinline so the
 *       backtrace has frames to name); "smap" | "smep": the kernel reads,
 *       or runs, a user page, which SMAP or SMEP must stop;
 *   kernel.autopoweroff="YES"  power off instead of starting the shell.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <dev/acpi/acpi.h>
#include <machine/md_var.h>

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
	if (strcmp(what, "smap") == 0 || strcmp(what, "smep") == 0) {
		cpu_test_user_guard(what[2] == 'e');
		return;
	}
	printf("debug.kernel.fault=\"%s\": unknown, expected panic, pagefault, ud2, smap or "
	    "smep\n", what);
}

static void __attribute__((noinline))
test_fault(const char *what)
{
	printf("debug.kernel.fault: triggering %s\n", what);
	test_fault_trigger(what);
	__asm__ volatile("" ::: "memory");	/* keep this frame */
}

static void
test_hooks(const void *dummy __unused)
{
	const char *fault;

	if ((fault = kern_getenv("debug.kernel.fault")) != NULL)
		test_fault(fault);
	if (getenv_is_true("kernel.autopoweroff")) {
		printf("kernel.autopoweroff is set: powering off\n");
		acpi_poweroff();
	}
}
SYSINIT(test_hooks, SI_SUB_RUN_SCHEDULER, SI_ORDER_SECOND, test_hooks, NULL);
