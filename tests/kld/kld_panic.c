/*
 * Test module: its command panics two calls deep inside the module, so
 * the backtrace must name the module's functions (and its file).
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/shell.h>

static void __attribute__((noinline))
kld_panic_deep(const char *why)
{
	panic("kld_panic: %s", why);
}

static int __attribute__((noinline))
kld_panic_middle(int argc, char **argv)
{
	kld_panic_deep(argc > 1 ? argv[1] : "asked to");
	return (0);
}

static int
cmd_kldpanic(int argc, char **argv)
{
	return (kld_panic_middle(argc, argv) + 1);
}
SHELL_COMMAND(kldpanic, cmd_kldpanic, "kldpanic [why]", "test: panic inside a module");

static moduledata_t kld_panic_mod = { "kld_panic", NULL, NULL };
DECLARE_MODULE(kld_panic, kld_panic_mod, SI_SUB_DRIVERS, SI_ORDER_ANY);
