/*
 * The serial console shell: prompt "# ", the common line editor with
 * history (sanpo/lineedit.h), commands split with sh's quoting and `;`
 * (sanpo/cmdline.h), and a command table that any kernel file can extend
 * with SHELL_COMMAND().  `help` lists the table, `help CMD` shows one
 * entry, and shell_usage() prints a command's usage from the same entry.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <sys/proc.h>
#include <sys/cons.h>
#include <sanpo/boothowto.h>
#include <sanpo/cmdline.h>
#include <sanpo/lineedit.h>

#define LINE_MAX	8192	/* room for a cryptotest line with KiBs of hex */
#define MAXARGS		32
#define HISTORY		16

SET_DECLARE(shell_cmd_set, struct shell_cmd);

static char	history_lines[HISTORY][LINE_MAX];
static struct lineedit_history history = LINEEDIT_HISTORY(history_lines);
uint64_t	shell_prompt_tsc;	/* when the first prompt was printed */

/* The kernel's commands and loaded modules' (sets locked by the caller). */
static const struct shell_cmd *
shell_lookup(const char *name, struct linker_file **filep)
{
	struct linker_set_cursor c = LINKER_SET_CURSOR;
	struct shell_cmd **cp;

	while ((cp = LINKER_SET_NEXT(shell_cmd_set, &c)) != NULL)
		if (strcmp((*cp)->name, name) == 0) {
			if (filep != NULL)
				*filep = c.file;
			return (*cp);
		}
	return (NULL);
}

/* A module's commands (the linker, before they become visible): every name new. */
int
shell_set_check(void **begin, void **end, char *err, size_t errlen)
{
	void **p, **q;

	for (p = begin; p < end; p++) {
		const struct shell_cmd *c = *p;

		for (q = begin; q < p; q++)
			if (strcmp(((const struct shell_cmd *)*q)->name, c->name) == 0)
				break;
		if (q < p || shell_lookup(c->name, NULL) != NULL) {
			snprintf(err, errlen, "shell command %s already exists", c->name);
			return (-1);
		}
	}
	return (0);
}

int
shell_usage(const char *name, const char *why)
{
	int held = linker_sets_lock();
	const struct shell_cmd *c = shell_lookup(name, NULL);

	if (why != NULL && why[0] != '\0')
		printf("%s: %s\n", name, why);
	printf("%s: usage: %s\n", name, c != NULL ? c->usage : name);
	linker_sets_unlock(held);
	return (1);
}

/*
 * A module's command runs with its file marked busy, not with the lock
 * held: it may take long, and `kldunload` of that file meanwhile is
 * refused (EBUSY) instead of pulling the code from under it.
 */
static int
shell_run(int argc, char **argv, char **rest __unused, void *arg __unused)
{
	struct linker_file *lf = NULL;
	int held = linker_sets_lock(), status;
	const struct shell_cmd *c = shell_lookup(argv[0], &lf);

	if (c != NULL && lf != NULL)
		__atomic_add_fetch(&lf->busy, 1, __ATOMIC_ACQ_REL);
	linker_sets_unlock(held);
	if (c == NULL) {
		printf("sh: %s: command not found (try 'help')\n", argv[0]);
		return (127);
	}
	status = c->fn(argc, argv);
	if (lf != NULL)
		__atomic_sub_fetch(&lf->busy, 1, __ATOMIC_ACQ_REL);
	return (status);
}

int
shell_execute(const char *text)
{
	/* Static: a line is 8 KiB and thread stacks are 16 KiB (one shell thread). */
	static char line[LINE_MAX];
	char *argv[MAXARGS + 1];
	int error, status;

	strlcpy(line, text, sizeof(line));
	if ((error = cmdline_run(line, argv, MAXARGS, shell_run, NULL, &status)) != 0) {
		printf("sh: %s\n", cmdline_strerror(error));
		return (2);
	}
	return (status);
}

void
shell_main(void)
{
	static char line[LINE_MAX];

	if (boothowto & RB_SINGLE)
		printf("Single-user mode: no network services are started.\n");
	printf("Type 'help' for a list of commands.\n");
	shell_prompt_tsc = rdtsc();
	kern_boot_ms_kernel = tsc_to_us(shell_prompt_tsc - kernel_entry_tsc) / 1000;
	for (;;) {
		cnputs("# ");	/* not logged: dmesg holds no prompts */
		if (cnreadline(line, sizeof(line), &history, 0) < 0)
			continue;	/* Ctrl-C: a new prompt */
		lineedit_history_add(&history, line);
		shell_execute(line);
	}
}

static int
cmd_help(int argc, char **argv)
{
	const struct shell_cmd *last = NULL, *next;
	struct shell_cmd **cp;
	int held;

	if (argc > 2)
		return (shell_usage(argv[0], NULL));
	held = linker_sets_lock();
	if (argc == 2) {
		if ((next = shell_lookup(argv[1], NULL)) == NULL)
			printf("help: no command '%s'\n", argv[1]);
		else
			printf("usage: %s\n       %s\n", next->usage, next->help);
		linker_sets_unlock(held);
		return (next == NULL);
	}
	for (;;) {		/* sorted by name */
		struct linker_set_cursor c = LINKER_SET_CURSOR;

		next = NULL;
		while ((cp = LINKER_SET_NEXT(shell_cmd_set, &c)) != NULL) {
			if (last != NULL && strcmp((*cp)->name, last->name) <= 0)
				continue;
			if (next == NULL || strcmp((*cp)->name, next->name) < 0)
				next = *cp;
		}
		if (next == NULL)
			break;
		printf("  %-32s %s\n", next->usage, next->help);
		last = next;
	}
	linker_sets_unlock(held);
	printf("Commands are split by ';'; quote with '...', \"...\" or \\; "
	    "'help CMD' shows one.\n");
	return (0);
}
SHELL_COMMAND(help, cmd_help, "help [command]", "list the commands, or show one's usage");

/*
 * The last stage: the scheduler starts and this CPU runs user space (init
 * as pid 1), or this shell (kern.kshell, or when init cannot start):
 * start_userland() in init_user.c decides.
 */
static void
run_shell(const void *dummy __unused)
{
	sched_start(start_userland, "shell");
}
SYSINIT(shell, SI_SUB_RUN_SCHEDULER, SI_ORDER_ANY, run_shell, NULL);
