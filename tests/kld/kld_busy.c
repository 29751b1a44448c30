/*
 * Test module: refuses MOD_QUIESCE (EBUSY) while its command has made it
 * busy (`kldbusy on`), as a driver with open sessions does; kldunload -f
 * unloads it anyway.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/shell.h>

static int kld_busy_on;

static int
kld_busy_modevent(module_t mod __unused, int what, void *arg __unused)
{
	if (what == MOD_QUIESCE && kld_busy_on)
		return (EBUSY);
	return (0);
}

static moduledata_t kld_busy_mod = { "kld_busy", kld_busy_modevent, NULL };
DECLARE_MODULE(kld_busy, kld_busy_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);

static int
cmd_kldbusy(int argc, char **argv)
{
	if (argc != 2)
		return (shell_usage(argv[0], NULL));
	kld_busy_on = strcmp(argv[1], "on") == 0;
	printf("kld_busy: %s\n", kld_busy_on ? "busy" : "idle");
	return (0);
}
SHELL_COMMAND(kldbusy, cmd_kldbusy, "kldbusy on|off", "test: make kld_busy.ko refuse unloading");
