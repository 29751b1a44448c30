/* Shell commands over the basic kernel state: kenv, dmesg, sysinit. */
#include <sys/systm.h>
#include <sys/cons.h>
#include <sys/kernel.h>
#include <sys/msgbuf.h>
#include <sys/shell.h>

static void
kenv_print(const char *name, const char *value, void *arg)
{
	(void)arg;
	printf("%s=\"%s\"\n", name, value);
}

static int
cmd_kenv(int argc, char **argv)
{
	const char *v;

	if (argc == 1) {
		kenv_foreach(kenv_print, NULL);
		return (0);
	}
	if (argc != 2)
		return (shell_usage(argv[0], NULL));
	if ((v = kern_getenv(argv[1])) == NULL) {
		printf("kenv: unable to get %s\n", argv[1]);
		return (1);
	}
	printf("%s\n", v);
	return (0);
}
SHELL_COMMAND(kenv, cmd_kenv, "kenv [name]", "show the kernel environment");

static void
dmesg_out(int c, void *arg)
{
	(void)arg;
	/* Straight to the console: the buffer must not grow while we read it. */
	cnputc(c);
}

static int
cmd_dmesg(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	msgbuf_drain(dmesg_out, NULL);
	return (0);
}
SHELL_COMMAND(dmesg, cmd_dmesg, "dmesg", "show the kernel message buffer");

static int
cmd_sysinit(int argc, char **argv)
{
	unsigned n, i;
	struct sysinit **si = sysinit_sorted(&n);

	(void)argc;
	(void)argv;
	printf("%-4s %-9s %-13s %-9s %10s  %s\n", "#", "subsystem", "", "order", "time(us)",
	    "function");
	for (i = 0; i < n; i++) {
		char t[24];

		/* The last stage is still running: it has no end time. */
		if (si[i]->end_tsc == 0)
			strlcpy(t, "running", sizeof(t));
		else
			snprintf(t, sizeof(t), "%llu", (unsigned long long)
			    tsc_to_us(si[i]->end_tsc - si[i]->start_tsc));
		printf("%-4u 0x%07x %-13s 0x%07x %10s  %s\n", i, si[i]->subsystem,
		    sysinit_subsystem_name(si[i]->subsystem), si[i]->order, t,
		    si[i]->name);
	}
	return (0);
}
SHELL_COMMAND(sysinit, cmd_sysinit, "sysinit", "list the SYSINITs in run order with times");
