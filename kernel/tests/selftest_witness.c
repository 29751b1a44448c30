/*
 * The lock-order checker's tests (part of selftest.ko):
 *   witness_test        takes two spin locks in one order, then in the
 *                       other: witness reports the reversal (once per pair)
 *   witness_sleep_test  the check a sleep makes, with a spin lock held
 */
#include <sys/systm.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/shell.h>

/* Test-only: take two locks in one order, then in the other. */
static int
cmd_witness_test(int argc, char **argv)
{
	static struct mtx a, b;
	static int inited;

	(void)argc;
	(void)argv;
	if (!inited) {
		mtx_init(&a, "witness test A", MTX_SPIN);
		mtx_init(&b, "witness test B", MTX_SPIN);
		inited = 1;
	}
	mtx_lock_spin(&a);
	mtx_lock_spin(&b);
	mtx_unlock_spin(&b);
	mtx_unlock_spin(&a);
	printf("witness_test: took A then B; now B then A\n");
	mtx_lock_spin(&b);
	mtx_lock_spin(&a);
	mtx_unlock_spin(&a);
	mtx_unlock_spin(&b);
	return (0);
}
SHELL_COMMAND(witness_test, cmd_witness_test, "witness_test",
    "test: take two locks in reverse order to see the report");

/* Test-only: the check a sleep makes, with a spin lock held (no real sleep). */
static int
cmd_witness_sleep_test(int argc, char **argv)
{
	static struct mtx s;
	int reported;

	(void)argc;
	(void)argv;
	if (s.lock_object.lo_name == NULL)
		mtx_init(&s, "witness sleep test", MTX_SPIN);
	mtx_lock_spin(&s);
	reported = witness_warn_sleep("sleeping (test)", NULL, __FILE__, __LINE__);
	mtx_unlock_spin(&s);
	printf("witness_sleep_test: %s\n", reported ? "reported" : "NOT reported");
	return (!reported);
}
SHELL_COMMAND(witness_sleep_test, cmd_witness_sleep_test, "witness_sleep_test",
    "test: check for sleeping with a spin lock held");
