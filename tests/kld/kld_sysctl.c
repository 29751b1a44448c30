/* Test module (refused): brings a sysctl the kernel already has. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/sysctl.h>

static int clash;
SYSCTL_INT("kern.ostype", &clash, "test: a name that is taken");

static moduledata_t kld_sysctl_mod = { "kld_sysctl", NULL, NULL };
DECLARE_MODULE(kld_sysctl, kld_sysctl_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
