/*
 * Test module: a module others depend on (kld_b.ko needs it, version 1;
 * kld_badver.ko wants versions 2 to 3).  It exports kld_a_value().
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/sysctl.h>
#include "tests/kld/kld_a.h"

static int kld_a_calls;
SYSCTL_INT("debug.kld_a.calls", &kld_a_calls, "kld_a_value() was called this often");

int
kld_a_value(void)
{
	kld_a_calls++;
	return (42);
}

static moduledata_t kld_a_mod = { "kld_a", NULL, NULL };
DECLARE_MODULE(kld_a, kld_a_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_VERSION(kld_a, 1);
