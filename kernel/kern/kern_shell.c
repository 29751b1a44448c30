/*
 * The serial console shell: prompt "# ", line editing (Backspace, Ctrl-U,
 * Ctrl-C) and history (Up/Down arrows, Ctrl-P/Ctrl-N), and a command table
 * that any kernel file can extend with SHELL_COMMAND().
 */
#include <sys/systm.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <sys/proc.h>
#include "dev/uart/uart_16550.h"

#define LINE_MAX	8192	/* room for a cryptotest line with KiBs of hex */
#define MAXARGS		32
#define HISTORY		16

SET_DECLARE(shell_cmd_set, struct shell_cmd);

static char	history[HISTORY][LINE_MAX];
static int	hist_count, hist_next;
extern uint64_t	kern_boot_ms_kernel;
uint64_t	shell_prompt_tsc;	/* when the first prompt was printed */

extern int hz;

/*
 * Waits for a console byte.  The UART is polled: once the clock ticks, the
 * shell sleeps a tick between polls and the CPU is free for other threads.
 */
static int
shell_getc(void)
{
	int c;

	while ((c = uart_getc_nowait()) < 0) {
		if (hz > 0 && sched_running)
			pause_ticks("ttyin", hz >= 100 ? hz / 100 : 1);
		else
			cpu_pause();
	}
	return (c);
}

static void
erase(int n)
{
	while (n-- > 0)
		printf("\b \b");
}

static int
recall(char *line, int len, int back)
{
	const char *h = back == 0 ? "" : history[(hist_next - back + HISTORY) % HISTORY];

	erase(len);
	strlcpy(line, h, LINE_MAX);
	printf("%s", line);
	return ((int)strlen(line));
}

static void
read_line(char *line)
{
	int len = 0, back = 0, c, esc = 0;

	for (;;) {
		c = shell_getc();
		if (esc == 1) {			/* ESC seen */
			esc = (c == '[') ? 2 : 0;
			continue;
		}
		if (esc == 2) {			/* ESC [ seen: arrows */
			esc = 0;
			c = (c == 'A') ? 0x10 : (c == 'B') ? 0x0e : 0;
		}
		switch (c) {
		case 0x1b:
			esc = 1;
			break;
		case '\r': case '\n':
			printf("\n");
			line[len] = '\0';
			return;
		case '\b': case 0x7f:
			if (len > 0) {
				len--;
				erase(1);
			}
			break;
		case 0x15:		/* Ctrl-U */
			erase(len);
			len = 0;
			break;
		case 0x03:		/* Ctrl-C */
			printf("^C\n");
			line[0] = '\0';
			return;
		case 0x10:		/* Up, Ctrl-P */
			if (back < hist_count)
				len = recall(line, len, ++back);
			break;
		case 0x0e:		/* Down, Ctrl-N */
			if (back > 0)
				len = recall(line, len, --back);
			break;
		default:
			if (c >= ' ' && c < 0x7f && len + 1 < LINE_MAX) {
				line[len++] = (char)c;
				cnputc(c);
			}
		}
	}
}

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

static void
remember(const char *line)
{
	if (line[0] == '\0')
		return;
	strlcpy(history[hist_next], line, LINE_MAX);
	hist_next = (hist_next + 1) % HISTORY;
	if (hist_count < HISTORY)
		hist_count++;
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
		read_line(line);
		remember(line);
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
