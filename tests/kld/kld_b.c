/*
 * Test module: depends on kld_a (versions 1 to 1) and calls into it when
 * it loads, so loading it alone loads kld_a.ko first, and kld_a cannot
 * be unloaded while kld_b is there.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/sysctl.h>
#include "tests/kld/kld_a.h"

static int kld_b_got;
SYSCTL_INT("debug.kld_b.got", &kld_b_got, "what kld_a_value() returned to kld_b");

static int
kld_b_modevent(module_t mod __unused, int what, void *arg __unused)
{
	if (what == MOD_LOAD)
		kld_b_got = kld_a_value();
	return (0);
}

static moduledata_t kld_b_mod = { "kld_b", kld_b_modevent, NULL };
DECLARE_MODULE(kld_b, kld_b_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_VERSION(kld_b, 1);
MODULE_DEPEND(kld_b, kld_a, 1, 1, 1);
