/*
 * The `OK` prompt: reads a line with editing (Backspace, Ctrl-U, Ctrl-C)
 * and history (Up/Down, also Ctrl-P/Ctrl-N for terminals that send no
 * arrows), then runs it.  It never returns: the prompt is where the user can
 * always get back to.
 */
#include "efi/efi_platform.h"
#include "loader.h"

#define LINE_MAX	256
#define HISTORY		16

static char	history[HISTORY][LINE_MAX];
static int	hist_count;		/* lines stored (<= HISTORY) */
static int	hist_next;		/* slot the next line goes to */

static void
erase(int n)
{
	while (n-- > 0) {
		cons_putc('\b');
		cons_putc(' ');
		cons_putc('\b');
	}
}

static int
replace_line(char *line, int len, const char *with)
{
	int n = 0;

	erase(len);
	while (with[n] != '\0' && n + 1 < LINE_MAX) {
		line[n] = with[n];
		cons_putc(line[n]);
		n++;
	}
	line[n] = '\0';
	return (n);
}

static void
remember(const char *line)
{
	int i;

	if (line[0] == '\0')
		return;
	for (i = 0; line[i] != '\0'; i++)
		history[hist_next][i] = line[i];
	history[hist_next][i] = '\0';
	hist_next = (hist_next + 1) % HISTORY;
	if (hist_count < HISTORY)
		hist_count++;
}

static void
read_line(char *line, int max)
{
	int len = 0, back = 0, c;

	line[0] = '\0';
	for (;;) {
		c = cons_getkey(-1);
		switch (c) {
		case '\r': case '\n':
			cons_putc('\n');
			line[len] = '\0';
			return;
		case '\b': case 0x7f:
			if (len > 0) {
				len--;
				erase(1);
			}
			break;
		case 0x15:	/* Ctrl-U: kill the line */
			erase(len);
			len = 0;
			break;
		case 0x03:	/* Ctrl-C: abandon the line */
			printf("^C\n");
			line[0] = '\0';
			return;
		case KEY_UP: case 0x10:
			if (back < hist_count) {
				back++;
				line[len] = '\0';
				len = replace_line(line, len,
				    history[(hist_next - back + HISTORY) % HISTORY]);
			}
			break;
		case KEY_DOWN: case 0x0e:
			if (back > 0) {
				back--;
				line[len] = '\0';
				len = replace_line(line, len, back == 0 ? "" :
				    history[(hist_next - back + HISTORY) % HISTORY]);
			}
			break;
		default:
			if (c >= ' ' && c < 0x7f && len + 1 < max) {
				line[len++] = (char)c;
				cons_putc(c);
			}
			break;
		}
	}
}

void
command_read_line(char *line, size_t len)
{
	char buf[LINE_MAX];
	size_t i;

	read_line(buf, len < LINE_MAX ? (int)len : LINE_MAX);
	for (i = 0; buf[i] != '\0' && i + 1 < len; i++)
		line[i] = buf[i];
	line[i] = '\0';
}

void
interact(void)
{
	char line[LINE_MAX];

	printf("\nType '?' for a list of commands, 'help' for more detailed help.\n");
	for (;;) {
		printf("OK ");
		read_line(line, LINE_MAX);
		remember(line);
		command_execute(line);
	}
}
