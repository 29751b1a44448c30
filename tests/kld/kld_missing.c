/* Test module (refused): needs a module no file in module_path provides. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static moduledata_t kld_missing_mod = { "kld_missing", NULL, NULL };
DECLARE_MODULE(kld_missing, kld_missing_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
MODULE_DEPEND(kld_missing, kld_nowhere, 1, 1, 1);
