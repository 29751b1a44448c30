/*
 * The serial console shell: prompt "# ", line editing (Backspace, Ctrl-U,
 * Ctrl-C) and history (Up/Down arrows, Ctrl-P/Ctrl-N), and a command table
 * that any kernel file can extend with SHELL_COMMAND().
 */
#include <sys/systm.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <sys/proc.h>
#include <sys/cons.h>
#include <sanpo/lineedit.h>

#define LINE_MAX	8192	/* room for a cryptotest line with KiBs of hex */
#define MAXARGS		32
#define HISTORY		16

SET_DECLARE(shell_cmd_set, struct shell_cmd);

static char	history_lines[HISTORY][LINE_MAX];
static struct lineedit_history history = LINEEDIT_HISTORY(history_lines);
uint64_t	shell_prompt_tsc;	/* when the first prompt was printed */

static int
tokenize(char *s, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0' || argc == MAXARGS)
			return (*s == '\0' ? argc : -1);
		argv[argc++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

int
shell_execute(const char *text)
{
	/* Static: a line is 8 KiB and thread stacks are 16 KiB (one shell thread). */
	static char line[LINE_MAX];
	char *argv[MAXARGS + 1];
	struct shell_cmd **cp;
	int argc;

	strlcpy(line, text, sizeof(line));
	argc = tokenize(line, argv);
	if (argc < 0) {
		printf("sh: more than %d arguments\n", MAXARGS);
		return (1);
	}
	if (argc == 0)
		return (0);
	argv[argc] = NULL;
	SET_FOREACH(cp, shell_cmd_set)
		if (strcmp((*cp)->name, argv[0]) == 0)
			return ((*cp)->fn(argc, argv));
	printf("sh: %s: command not found (try 'help')\n", argv[0]);
	return (1);
}

void
shell_main(void)
{
	static char line[LINE_MAX];

	if (boothowto & 0x2)	/* RB_SINGLE */
		printf("Single-user mode: no network services are started.\n");
	printf("Type 'help' for a list of commands.\n");
	shell_prompt_tsc = rdtsc();
	kern_boot_ms_kernel = tsc_to_us(shell_prompt_tsc - kernel_entry_tsc) / 1000;
	for (;;) {
		printf("# ");
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

	(void)argc;
	(void)argv;
	for (;;) {		/* sorted by name */
		next = NULL;
		SET_FOREACH(cp, shell_cmd_set) {
			if (last != NULL && strcmp((*cp)->name, last->name) <= 0)
				continue;
			if (next == NULL || strcmp((*cp)->name, next->name) < 0)
				next = *cp;
		}
		if (next == NULL)
			return (0);
		printf("  %-32s %s\n", next->usage, next->help);
		last = next;
	}
}
SHELL_COMMAND(help, cmd_help, "help", "list the commands");
