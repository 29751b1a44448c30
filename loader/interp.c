/*
 * The `OK` prompt: reads a line with the common line editor
 * (sanpo/lineedit.h: Backspace, Ctrl-U, Ctrl-C, history on Up/Down or
 * Ctrl-P/Ctrl-N) over the firmware console, then runs it.  It never
 * returns: the prompt is where the user can always get back to.
 */
#include <string.h>
#include <sanpo/lineedit.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

#define LINE_MAX	256
#define HISTORY		16

static char	history_lines[HISTORY][LINE_MAX];
static struct lineedit_history history = LINEEDIT_HISTORY(history_lines);

/* A key the caller already read (read -t), handed out before the console's. */
static int	pending_key = -1;

/*
 * The firmware console as the editor's input: UEFI reports arrows as scan
 * codes, which become the editor's Ctrl-P/Ctrl-N; Esc and Left/Right mean
 * nothing at the prompt and are skipped.
 */
static int
le_getc(void *arg)
{
	int c;

	(void)arg;
	for (;;) {
		if (pending_key >= 0) {
			c = pending_key;
			pending_key = -1;
		} else
			c = cons_getkey(-1);
		switch (c) {
		case KEY_UP:	return (0x10);
		case KEY_DOWN:	return (0x0e);
		case KEY_ESC: case KEY_LEFT: case KEY_RIGHT:
			continue;
		default:
			return (c);
		}
	}
}

static void
le_putc(int c, void *arg)
{
	(void)arg;
	cons_putc(c);
}

static int
read_line(char *line, size_t len)
{
	struct lineedit le = { le_getc, le_putc, NULL, &history, 0 };

	return (lineedit_read(&le, line, len));
}

void
command_read_line(char *line, size_t len)
{
	if (read_line(line, len) < 0)
		line[0] = '\0';
}

int
command_read_line_timed(char *line, size_t len, int64_t timeout_us)
{
	if (timeout_us >= 0 && (pending_key = cons_getkey(timeout_us)) < 0)
		return (-1);
	command_read_line(line, len);
	return ((int)strlen(line));
}

void
interact(void)
{
	char line[LINE_MAX];

	printf("\nType '?' for a list of commands, 'help' for more detailed help.\n");
	for (;;) {
		printf("OK ");
		if (read_line(line, sizeof(line)) < 0)
			continue;	/* Ctrl-C: a new prompt */
		lineedit_history_add(&history, line);
		command_execute(line);
	}
}
