/* Test module (refused): needs kld_a versions 2 to 3; kld_a.ko is version 1. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static moduledata_t kld_badver_mod = { "kld_badver", NULL, NULL };
DECLARE_MODULE(kld_badver, kld_badver_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_DEPEND(kld_badver, kld_a, 2, 2, 3);
