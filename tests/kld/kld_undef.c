/* Test module (refused): calls a function the kernel does not have. */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>

void	kld_no_such_function(void);	/* nowhere */

static void
kld_undef_init(const void *dummy __unused)
{
	kld_no_such_function();
}
SYSINIT(kld_undef, SI_SUB_DRIVERS, SI_ORDER_ANY, kld_undef_init, NULL);

static moduledata_t kld_undef_mod = { "kld_undef", NULL, NULL };
DECLARE_MODULE(kld_undef, kld_undef_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
