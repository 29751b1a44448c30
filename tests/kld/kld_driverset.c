/* Test module (refused): adds to a linker set modules cannot extend. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static int thing;
DATA_SET(pci_driver_set, thing);

static moduledata_t kld_driverset_mod = { "kld_driverset", NULL, NULL };
DECLARE_MODULE(kld_driverset, kld_driverset_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
