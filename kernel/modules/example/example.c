/*
 * An example kernel module: the one to copy when writing a new one.  It
 * shows each thing a module can bring to the kernel, and prints a line
 * when each of its parts runs, so loading and unloading it can be watched
 * from the shell:
 *
 *   # kldload example          (or example_load="YES" in loader.conf)
 *   example: SYSINIT: 4096-byte buffer
 *   example: MOD_LOAD
 *   # example hello            (its shell command)
 *   # sysctl debug.example     (its sysctls)
 *   # kldunload example
 *   example: MOD_UNLOAD
 *   example: SYSUNINIT
 *
 * Built by kernel/modules/files.mk into /boot/kernel/example.ko.  A module
 * is compiled like any kernel file and calls the kernel's functions
 * directly; the kernel linker resolves them when it loads the module.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/eventhandler.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/shell.h>
#include <sys/sysctl.h>

/* Its own malloc type: `vmstat -m` shows it while the module is loaded. */
MALLOC_DEFINE(M_EXAMPLE, "example", "the example module's buffer");

static char		*example_buf;		/* from the SYSINIT to the SYSUNINIT */
static int		 example_loaded;	/* MOD_LOAD ran, MOD_UNLOAD not yet */
static uint64_t		 example_calls;		/* the command ran this often */
static eventhandler_tag	 example_tag;		/* our shutdown handler */

/* Sysctls: read with `sysctl debug.example`; they go when the module goes. */
SYSCTL_INT("debug.example.loaded", &example_loaded, "1 while the example module is loaded");
SYSCTL_U64("debug.example.calls", &example_calls, "times the example command ran");

/* A SYSINIT and its SYSUNINIT: run when the module is linked and unloaded. */
static void
example_init(const void *dummy __unused)
{
	example_buf = malloc(4096, M_EXAMPLE, M_WAITOK | M_ZERO);
	printf("example: SYSINIT: 4096-byte buffer\n");
}
SYSINIT(example_init, SI_SUB_DRIVERS, SI_ORDER_FIRST, example_init, NULL);

static void
example_uninit(const void *dummy __unused)
{
	free(example_buf, M_EXAMPLE);
	example_buf = NULL;
	printf("example: SYSUNINIT\n");
}
SYSUNINIT(example_uninit, SI_SUB_DRIVERS, SI_ORDER_FIRST, example_uninit, NULL);

/* An event handler: called at power-off, until the module is unloaded. */
static void
example_shutdown(void *arg __unused, int howto __unused)
{
	printf("example: shutdown_pre_sync\n");
}

/* The module's events (sys/module.h). */
static int
example_modevent(module_t mod __unused, int what, void *arg __unused)
{
	switch (what) {
	case MOD_LOAD:
		example_tag = EVENTHANDLER_REGISTER(shutdown_pre_sync, example_shutdown,
		    NULL, SHUTDOWN_PRI_DEFAULT);
		example_loaded = 1;
		printf("example: MOD_LOAD\n");
		return (0);
	case MOD_QUIESCE:		/* may we go?  EBUSY would refuse */
		return (0);
	case MOD_UNLOAD:
		EVENTHANDLER_DEREGISTER(shutdown_pre_sync, example_tag);
		example_loaded = 0;
		printf("example: MOD_UNLOAD\n");
		return (0);
	case MOD_SHUTDOWN:		/* power-off or reboot (module_shutdown) */
		printf("example: MOD_SHUTDOWN\n");
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

static moduledata_t example_mod = { "example", example_modevent, NULL };
DECLARE_MODULE(example, example_mod, SI_SUB_DRIVERS, SI_ORDER_MIDDLE);
MODULE_VERSION(example, 1);

/* A shell command: `example [words]`. */
static int
cmd_example(int argc, char **argv)
{
	int i;

	example_calls++;
	printf("example: hello from a module, call %llu", (unsigned long long)example_calls);
	for (i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	return (0);
}
SHELL_COMMAND(example, cmd_example, "example [word ...]",
    "the example module's command (kldload example)");
