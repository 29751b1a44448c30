/*
 * Test module: refuses MOD_QUIESCE (EBUSY) while its command has made it
 * busy (`kldbusy on`), as a driver with open sessions does; kldunload -f
 * unloads it anyway.  `kldbusy unload ID` asks, from inside the module's
 * own command, to unload file ID (its own): refused even with -f, since
 * the code running would be pulled from under itself.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/module.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sanpo/parse.h>

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
	uint64_t id;
	int error;

	if (argc == 3 && strcmp(argv[1], "unload") == 0) {
		if (parse_uint(argv[2], 10, 1000000, &id) != 0)
			return (shell_usage(argv[0], "a file id expected"));
		error = kern_kldunload(curthread, (int)id, LINKER_UNLOAD_NORMAL);
		printf("kld_busy: kldunload %d: error %d\n", (int)id, error);
		error = kern_kldunload(curthread, (int)id, LINKER_UNLOAD_FORCE);
		printf("kld_busy: kldunload -f %d: error %d\n", (int)id, error);
		return (0);
	}
	if (argc != 2)
		return (shell_usage(argv[0], NULL));
	kld_busy_on = strcmp(argv[1], "on") == 0;
	printf("kld_busy: %s\n", kld_busy_on ? "busy" : "idle");
	return (0);
}
SHELL_COMMAND(kldbusy, cmd_kldbusy, "kldbusy on|off | unload ID", "test: make kld_busy.ko refuse unloading");
