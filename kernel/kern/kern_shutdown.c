/*
 * panic(): stop the other CPUs (an NMI each), say what happened and where
 * (a backtrace with symbol names), then stop this CPU for good.
 */
#include <sys/systm.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>
#include <sys/kernel.h>
#include <sys/pcpu.h>
#include <sys/eventhandler.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sanpo/boothowto.h>
#include <sys/shell.h>
#include <sanpo/getopt.h>
#include <dev/acpi/acpi.h>

int panicstr_set;
static void cpu_reset(void) __noreturn;

void
cpu_halt_forever(void)
{
	for (;;) {
		disable_intr();
		halt();
	}
}

void
panic(const char *fmt, ...)
{
	va_list ap;

	disable_intr();
	if (panicstr_set++) {
		printf("panic: recursive panic\n");
		cpu_halt_forever();
	}
	cpu_stop_others();
	printf("panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\ncpuid = %u\n", rdmsr(MSR_GSBASE) != 0 ? curcpu : 0);
	stack_print(read_rbp(), (uint64_t)(uintptr_t)&panic);
	printf("cpu halted\n");
	cpu_halt_forever();
}

/*
 * Orderly shutdown, in FreeBSD's order: shutdown_pre_sync handlers (e.g.
 * unloading modules), the file systems synced and unmounted (unless
 * RB_NOSYNC), SYSUNINITs in reverse order, shutdown_post_sync, then
 * shutdown_final, whose last handlers power off or reset the machine.
 */
static void __noreturn
kern_shutdown(int howto, const char *what)
{
	printf("%s...\n", what);
	if (bootverbose)
		printf("shutdown: running shutdown_pre_sync handlers\n");
	EVENTHANDLER_INVOKE(shutdown_pre_sync, howto);
	if (!(howto & RB_NOSYNC))
		vfs_shutdown();		/* "Syncing disks", then unmount (FreeBSD's bufshutdown) */
	sysuninit_run_all();
	if (bootverbose)
		printf("shutdown: running shutdown_post_sync handlers\n");
	EVENTHANDLER_INVOKE(shutdown_post_sync, howto);
	if (bootverbose)
		printf("shutdown: running shutdown_final handlers\n");
	EVENTHANDLER_INVOKE(shutdown_final, howto);
	printf("shutdown: no handler ended the machine; halting\n");
	cpu_halt_forever();
}

static void
poweroff_final(void *arg, int howto)
{
	(void)arg;
	if (howto & RB_POWEROFF)
		acpi_poweroff();
}

static void
reset_final(void *arg, int howto)
{
	(void)arg;
	if ((howto & (RB_POWEROFF | RB_HALT)) == 0)
		cpu_reset();
}

static void
shutdown_handlers_init(const void *dummy __unused)
{
	/* Power-off before reset: both are last, registration order decides. */
	EVENTHANDLER_REGISTER(shutdown_final, poweroff_final, NULL, SHUTDOWN_PRI_LAST);
	EVENTHANDLER_REGISTER(shutdown_final, reset_final, NULL, SHUTDOWN_PRI_LAST);
}
SYSINIT(shutdown_handlers, SI_SUB_EVENTHANDLER, SI_ORDER_ANY, shutdown_handlers_init, NULL);

static void __noreturn
cpu_reset(void)
{
	/* The q35/PIIX reset control register; then the keyboard controller. */
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	outb(0x64, 0xfe);
	cpu_halt_forever();
}

void
kern_reboot(int howto)
{
	kern_shutdown(howto, (howto & RB_POWEROFF) ? "Powering off" :
	    (howto & RB_HALT) ? "Halting" : "Rebooting");
}

/* Linux's reboot(2): its magic numbers and commands. */
#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793
#define LINUX_REBOOT_MAGIC2A		85072278
#define LINUX_REBOOT_MAGIC2B		369367448
#define LINUX_REBOOT_MAGIC2C		537993216
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedc
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000

int
sys_reboot(struct thread *td, struct reboot_args *uap)
{
	uint32_t m2 = (uint32_t)uap->magic2;

	/* The capability first, then the magic numbers, as Linux checks them. */
	if (priv_check_cred(td->td_ucred, CAP_SYS_BOOT) != 0)
		return (EPERM);
	if ((uint32_t)uap->magic1 != LINUX_REBOOT_MAGIC1 || (m2 != LINUX_REBOOT_MAGIC2 &&
	    m2 != LINUX_REBOOT_MAGIC2A && m2 != LINUX_REBOOT_MAGIC2B &&
	    m2 != LINUX_REBOOT_MAGIC2C))
		return (EINVAL);
	switch (uap->cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return (0);
	case LINUX_REBOOT_CMD_POWER_OFF:
		kern_reboot(RB_POWEROFF);
	case LINUX_REBOOT_CMD_HALT:
		kern_reboot(RB_HALT | RB_POWEROFF);	/* nothing to halt into: off */
	case LINUX_REBOOT_CMD_RESTART:
		kern_reboot(0);
	default:
		return (EINVAL);
	}
}

static int
cmd_shutdown(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int poweroff = 0, reboot = 0, ch;

	while ((ch = getopt_r(&g, argc, argv, "pr")) != -1) {
		switch (ch) {
		case 'p':
			poweroff = 1;
			break;
		case 'r':
			reboot = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind != argc - 1 || strcmp(argv[g.ind], "now") != 0 || poweroff == reboot)
		return (shell_usage(argv[0], NULL));
	if (poweroff)
		kern_shutdown(RB_POWEROFF, "Powering off");
	kern_shutdown(0, "Rebooting");
}
SHELL_COMMAND(shutdown, cmd_shutdown, "shutdown -p|-r now", "power off or reboot");

static int
cmd_poweroff(int argc, char **argv)
{
	char *args[] = { "shutdown", "-p", "now", NULL };

	(void)argc;
	(void)argv;
	return (cmd_shutdown(3, args));
}
SHELL_COMMAND(poweroff, cmd_poweroff, "poweroff", "power off (shutdown -p now)");

static int
cmd_reboot(int argc, char **argv)
{
	char *args[] = { "shutdown", "-r", "now", NULL };

	(void)argc;
	(void)argv;
	return (cmd_shutdown(3, args));
}
SHELL_COMMAND(reboot, cmd_reboot, "reboot", "restart the machine (shutdown -r now)");

static int
cmd_panic(int argc, char **argv)
{
	panic("%s", argc > 1 ? argv[1] : "requested from the shell");
	(void)argv;
}
SHELL_COMMAND(panic, cmd_panic, "panic [message]", "test: panic the kernel");
