/*
 * The one line editor (common/lineedit.c), in the spirit of FreeBSD libsa's
 * gets.c with history added: the loader's OK prompt, the kernel shell,
 * `setkey -c` and the kernel's cngets() all read lines through it.  It
 * reaches the terminal only through two callbacks, so the same code runs
 * over the UEFI console, the kernel console and a host test's script.
 *
 * Keys: printable ASCII is appended; Backspace or DEL erases a character;
 * Ctrl-U the whole line; Ctrl-C abandons the line (echoes "^C"); Ctrl-D on
 * an empty line ends input (with LINEEDIT_CTRL_D, else it is ignored);
 * Up/Down (ESC [ A / ESC [ B, or ESC O A / ESC O B) and Ctrl-P/Ctrl-N walk
 * the history.  Other escape sequences are read whole and ignored.
 */
#ifndef SANPO_LINEEDIT_H
#define SANPO_LINEEDIT_H

#include <stddef.h>

/* lineedit_read() results other than a length. */
#define LINEEDIT_EOF	(-1)	/* Ctrl-D on an empty line, or getc() ran dry */
#define LINEEDIT_INTR	(-2)	/* Ctrl-C: the line was abandoned */

/* lineedit flags */
#define LINEEDIT_NOECHO	0x1	/* do not echo what is typed (FreeBSD cngets' !visible) */
#define LINEEDIT_CTRL_D	0x2	/* Ctrl-D on an empty line returns LINEEDIT_EOF */

/* The last lines entered, in caller-provided storage (slots * size bytes). */
struct lineedit_history {
	char	*buf;		/* slot i is buf + i * size */
	int	 slots;		/* lines kept */
	size_t	 size;		/* bytes of a slot: longer lines are cut to size - 1 */
	int	 count;		/* lines stored (<= slots) */
	int	 next;		/* slot the next line goes to */
};

/* Initialiser for a history over a char store[slots][size] array. */
#define LINEEDIT_HISTORY(store)						\
	{ (char *)(store), (int)(sizeof(store) / sizeof((store)[0])),	\
	  sizeof((store)[0]), 0, 0 }

struct lineedit {
	int	(*getc)(void *arg);	/* the next byte, waiting for it; < 0: no more */
	void	(*putc)(int c, void *arg);	/* echo one byte */
	void	 *arg;			/* passed to both */
	struct lineedit_history *hist;	/* Up/Down recall from here; NULL: none */
	int	  flags;		/* LINEEDIT_* */
};

/*
 * Reads one line into buf (at most size - 1 characters, NUL-terminated;
 * typing past that is refused, not wrapped).  Returns its length,
 * LINEEDIT_EOF or LINEEDIT_INTR (buf is then "").  The line is not added
 * to the history: call lineedit_history_add() for the lines that count.
 */
int	lineedit_read(const struct lineedit *le, char *buf, size_t size);

/* Remembers line (empty lines are not kept). */
void	lineedit_history_add(struct lineedit_history *h, const char *line);

#endif /* SANPO_LINEEDIT_H */
