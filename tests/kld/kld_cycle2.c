/* Test module (refused): needs kld_cycle1, which needs this one. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static moduledata_t kld_cycle2_mod = { "kld_cycle2", NULL, NULL };
DECLARE_MODULE(kld_cycle2, kld_cycle2_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_VERSION(kld_cycle2, 1);
MODULE_DEPEND(kld_cycle2, kld_cycle1, 1, 1, 1);
