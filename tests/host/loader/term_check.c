/*
 * Drives loader/term.c for the host tests (tests/host/loader/test_loader_term.py):
 *
 *   term_check serial < bytes    the serial side: what goes out on the line
 *   term_check screen < bytes    the screen side, on a model of a firmware
 *                                text screen (80x25, OutputString's wrap
 *                                and scroll); prints the 25 rows as UTF-8,
 *                                then each cell's EFI attribute as hex
 *
 * The model can show every character below U+2600 (the rest get
 * term_fallback's stand-ins), as a firmware font with box drawing would.
 */
#include <stdio.h>
#include <string.h>
#include <sanpo/utf.h>

#include "loader/term.h"

#define COLS	80
#define ROWS	25

static uint16_t	cell[ROWS][COLS];
static uint8_t	cattr[ROWS][COLS];
static int	ccol, crow, attr = 0x07;

static void
scroll(void)
{
	memmove(cell[0], cell[1], sizeof(cell[0]) * (ROWS - 1));
	memmove(cattr[0], cattr[1], sizeof(cattr[0]) * (ROWS - 1));
	for (int c = 0; c < COLS; c++) {
		cell[ROWS - 1][c] = ' ';
		cattr[ROWS - 1][c] = (uint8_t)attr;
	}
}

static void
newline(void)
{
	if (++crow == ROWS) {
		scroll();
		crow = ROWS - 1;
	}
}

static void
m_text(void *arg, const uint16_t *s, int n)
{
	(void)arg;
	for (int i = 0; i < n; i++) {
		cell[crow][ccol] = s[i];
		cattr[crow][ccol] = (uint8_t)attr;
		if (++ccol == COLS) {	/* OutputString wraps at once */
			ccol = 0;
			newline();
		}
	}
}

static void
m_control(void *arg, int c)
{
	(void)arg;
	if (c == '\r')
		ccol = 0;
	else if (c == '\n')
		newline();
	else if (c == '\b' && ccol > 0)
		ccol--;
}

static void m_goto(void *arg, int col, int row) { (void)arg; ccol = col; crow = row; }
static void m_where(void *arg, int *col, int *row) { (void)arg; *col = ccol; *row = crow; }
static void m_attr(void *arg, int a) { (void)arg; attr = a; }
static void m_cursor(void *arg, int on) { (void)arg; (void)on; }
static int m_can_show(void *arg, uint16_t ch) { (void)arg; return (ch < 0x2600); }

static void
m_clear(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROWS; r++)
		for (int c = 0; c < COLS; c++) {
			cell[r][c] = ' ';
			cattr[r][c] = (uint8_t)attr;
		}
	ccol = crow = 0;
}

static void
put_utf8(uint32_t cp)
{
	char b[4];
	int n = utf8_encode(cp, b);

	fwrite(b, 1, (size_t)n, stdout);
}

int
main(int argc, char **argv)
{
	static const struct term_ops ops = {
		.text = m_text, .control = m_control, .goto_xy = m_goto,
		.where = m_where, .attr = m_attr, .clear = m_clear,
		.cursor = m_cursor, .can_show = m_can_show,
		.arg = NULL, .cols = COLS, .rows = ROWS,
	};
	struct term_utf8 u = { 0 };
	struct term t;
	uint32_t cp[4];
	int c, n, i;

	if (argc != 2 || (strcmp(argv[1], "serial") != 0 && strcmp(argv[1], "screen") != 0)) {
		fprintf(stderr, "usage: term_check serial|screen < bytes\n");
		return (2);
	}
	if (strcmp(argv[1], "serial") == 0) {
		while ((c = getchar()) != EOF) {
			n = term_utf8_feed(&u, (uint8_t)c, cp);
			for (i = 0; i < n; i++)
				put_utf8(cp[i]);
		}
		n = term_utf8_flush(&u, cp);
		for (i = 0; i < n; i++)
			put_utf8(cp[i]);
		return (0);
	}
	m_clear(NULL);
	term_init(&t, &ops);
	while ((c = getchar()) != EOF)
		term_input(&t, (uint8_t)c);
	term_flush(&t);
	for (int r = 0; r < ROWS; r++) {
		for (int col = 0; col < COLS; col++)
			put_utf8(cell[r][col]);
		putchar('\n');
	}
	for (int r = 0; r < ROWS; r++) {
		for (int col = 0; col < COLS; col++)
			printf("%02x", cattr[r][col]);
		putchar('\n');
	}
	return (0);
}
