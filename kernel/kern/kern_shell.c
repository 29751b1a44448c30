/*
 * The serial console shell: prompt "# ", the common line editor with
 * history (sanpo/lineedit.h), commands split with sh's quoting and `;`
 * (sanpo/cmdline.h), and a command table that any kernel file can extend
 * with SHELL_COMMAND().  `help` lists the table, `help CMD` shows one
 * entry, and shell_usage() prints a command's usage from the same entry.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
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

static const struct shell_cmd *
shell_lookup(const char *name)
{
	struct shell_cmd **cp;

	SET_FOREACH(cp, shell_cmd_set)
		if (strcmp((*cp)->name, name) == 0)
			return (*cp);
	return (NULL);
}

int
shell_usage(const char *name, const char *why)
{
	const struct shell_cmd *c = shell_lookup(name);

	if (why != NULL && why[0] != '\0')
		printf("%s: %s\n", name, why);
	printf("%s: usage: %s\n", name, c != NULL ? c->usage : name);
	return (1);
}

static int
shell_run(int argc, char **argv, char **rest __unused, void *arg __unused)
{
	const struct shell_cmd *c = shell_lookup(argv[0]);

	if (c == NULL) {
		printf("sh: %s: command not found (try 'help')\n", argv[0]);
		return (127);
	}
	return (c->fn(argc, argv));
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

	if (argc > 2)
		return (shell_usage(argv[0], NULL));
	if (argc == 2) {
		if ((next = shell_lookup(argv[1])) == NULL) {
			printf("help: no command '%s'\n", argv[1]);
			return (1);
		}
		printf("usage: %s\n       %s\n", next->usage, next->help);
		return (0);
	}
	for (;;) {		/* sorted by name */
		next = NULL;
		SET_FOREACH(cp, shell_cmd_set) {
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
	printf("Commands are split by ';'; quote with '...', \"...\" or \\; "
	    "'help CMD' shows one.\n");
	return (0);
}
SHELL_COMMAND(help, cmd_help, "help [command]", "list the commands, or show one's usage");

static void
shell_thread(void *arg __unused)
{
	shell_main();
}

/* The last stage: the scheduler starts and this CPU runs the shell. */
static void
run_shell(const void *dummy __unused)
{
	sched_start(shell_thread, "shell");
}
SYSINIT(shell, SI_SUB_RUN_SCHEDULER, SI_ORDER_ANY, run_shell, NULL);
