/*
 * Test module (refused): its MOD_LOAD fails (ENXIO) after its SYSINIT
 * registered a shutdown handler and allocated memory; the linker unloads
 * it again, its SYSUNINIT undoing both, and nothing of it stays.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/eventhandler.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/sysctl.h>

MALLOC_DEFINE(M_KLD_FAILLOAD, "kld_failload", "test: freed by the SYSUNINIT");

static void *buf;
static eventhandler_tag tag;
static int kld_failload_seen;
SYSCTL_INT("debug.kld_failload.seen", &kld_failload_seen, "test: must never be seen");

static void
nothing(void *arg __unused, int howto __unused)
{
}

static void
kld_failload_init(const void *dummy __unused)
{
	buf = malloc(1000, M_KLD_FAILLOAD, M_WAITOK);
	tag = EVENTHANDLER_REGISTER(shutdown_pre_sync, nothing, NULL, SHUTDOWN_PRI_DEFAULT);
}
SYSINIT(kld_failload, SI_SUB_DRIVERS, SI_ORDER_FIRST, kld_failload_init, NULL);

static void
kld_failload_uninit(const void *dummy __unused)
{
	EVENTHANDLER_DEREGISTER(shutdown_pre_sync, tag);
	free(buf, M_KLD_FAILLOAD);
}
SYSUNINIT(kld_failload, SI_SUB_DRIVERS, SI_ORDER_FIRST, kld_failload_uninit, NULL);

static int
kld_failload_modevent(module_t mod __unused, int what, void *arg __unused)
{
	return (what == MOD_LOAD ? ENXIO : 0);
}

static moduledata_t kld_failload_mod = { "kld_failload", kld_failload_modevent, NULL };
DECLARE_MODULE(kld_failload, kld_failload_mod, SI_SUB_DRIVERS, SI_ORDER_MIDDLE);
