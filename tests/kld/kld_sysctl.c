/*
 * Test module (refused): brings a sysctl the kernel already has, next to
 * a new sysctl, a shell command and a SYSINIT -- none of which may be
 * seen or run: the sets are checked before any of the file is visible.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/shell.h>
#include <sys/sysctl.h>

static int fine, clash;
SYSCTL_INT("debug.kld_sysctl.fine", &fine, "test: a new name, never to be seen");
SYSCTL_INT("kern.ostype", &clash, "test: a name that is taken");

static int
cmd_kldsysctl(int argc __unused, char **argv __unused)
{
	printf("kld_sysctl: the command ran\n");
	return (0);
}
SHELL_COMMAND(kldsysctl, cmd_kldsysctl, "kldsysctl", "test: never to be seen");

static void
kld_sysctl_init(const void *dummy __unused)
{
	printf("kld_sysctl: SYSINIT ran\n");
}
SYSINIT(kld_sysctl, SI_SUB_DRIVERS, SI_ORDER_FIRST, kld_sysctl_init, NULL);

static moduledata_t kld_sysctl_mod = { "kld_sysctl", NULL, NULL };
DECLARE_MODULE(kld_sysctl, kld_sysctl_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
