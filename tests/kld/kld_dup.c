/* Test module (refused while kld_a is loaded): declares a module named kld_a too. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

static moduledata_t kld_dup_mod = { "kld_a", NULL, NULL };
DECLARE_MODULE(kld_a, kld_dup_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
