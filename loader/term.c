/*
 * The loader's terminal (see term.h): UTF-8 with a code page 437 fallback
 * for both kinds of console, and, for firmware text screens, an
 * interpreter of the escape sequences FreeBSD's boot scripts and ordinary
 * programs print:
 *
 *   ESC [ row ; col H / f      cursor position (1-based)
 *   ESC [ n A B C D E F G d    relative moves, column, row
 *   ESC [ n J / K              erase display / line (0 below, 1 above, 2 all)
 *   ESC [ ... m                colours and attributes (0 1 2 22 7 27 30-37
 *                              39 40-47 49 90-97 100-107; 38/48;5;n skipped)
 *   ESC [ ? 25 h / l           cursor shown / hidden
 *   ESC [ s / u, ESC 7 / 8     save / restore the cursor
 *   ESC c                      reset: default colours, cleared screen
 *   ESC ( x, ESC ) x           charset designation: ignored
 *
 * Anything else is swallowed whole, never shown as stray characters.
 * Printable characters are handed over in runs: each call into the
 * firmware is slow, one per character would crawl.
 */
#include "loader/term.h"

/* --- UTF-8 ---------------------------------------------------------------- */
static const uint16_t cp437_high[128] = {
	0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
	0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
	0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
	0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
	0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
	0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
	0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
	0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
	0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
	0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
	0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
	0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
	0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

uint32_t
term_cp437(uint8_t b)
{
	return (b < 0x80 ? b : cp437_high[b - 0x80]);
}

/* Is b a valid byte at position pos (1-based) of a sequence led by lead? */
static int
continues(uint8_t lead, int pos, uint8_t b)
{
	if (pos == 1) {
		/* The second byte rules out overlong forms, surrogates, > U+10FFFF. */
		if (lead == 0xe0)
			return (b >= 0xa0 && b <= 0xbf);
		if (lead == 0xed)
			return (b >= 0x80 && b <= 0x9f);
		if (lead == 0xf0)
			return (b >= 0x90 && b <= 0xbf);
		if (lead == 0xf4)
			return (b >= 0x80 && b <= 0x8f);
	}
	return (b >= 0x80 && b <= 0xbf);
}

int
term_utf8_feed(struct term_utf8 *u, uint8_t b, uint32_t out[4])
{
	int n = 0, i;
	uint32_t cp;

	if (u->len > 0) {
		if (continues(u->buf[0], u->len, b)) {
			u->buf[u->len++] = b;
			if (u->len < u->need)
				return (0);
			cp = u->buf[0] & (0xff >> (u->need + 1));
			for (i = 1; i < u->len; i++)
				cp = (cp << 6) | (u->buf[i] & 0x3f);
			u->len = 0;
			out[0] = cp;
			return (1);
		}
		/* A broken sequence: its bytes were CP437 after all. */
		for (i = 0; i < u->len; i++)
			out[n++] = term_cp437(u->buf[i]);
		u->len = 0;
	}
	if (b < 0x80) {
		out[n++] = b;
	} else if (b >= 0xc2 && b <= 0xf4) {
		u->buf[0] = b;
		u->len = 1;
		u->need = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
	} else {
		out[n++] = term_cp437(b);
	}
	return (n);
}

int
term_utf8_flush(struct term_utf8 *u, uint32_t out[4])
{
	int i, n = u->len;

	for (i = 0; i < n; i++)
		out[i] = term_cp437(u->buf[i]);
	u->len = 0;
	return (n);
}

/* --- what a screen shows for characters it lacks ------------------------ */
uint16_t
term_fallback(uint32_t ch)
{
	static const uint16_t horiz[] = { 0x2500, 0x2501, 0x2504, 0x2505, 0x2508,
	    0x2509, 0x254c, 0x254d, 0x2550, 0x2574, 0x2576, 0x2578, 0x257a,
	    0x257c, 0x257e };
	static const uint16_t vert[] = { 0x2502, 0x2503, 0x2506, 0x2507, 0x250a,
	    0x250b, 0x254e, 0x254f, 0x2551, 0x2575, 0x2577, 0x2579, 0x257b,
	    0x257d, 0x257f };
	unsigned i;

	if (ch >= 0x2500 && ch <= 0x257f) {
		for (i = 0; i < sizeof(horiz) / sizeof(horiz[0]); i++)
			if (ch == horiz[i])
				return ('-');
		for (i = 0; i < sizeof(vert) / sizeof(vert[0]); i++)
			if (ch == vert[i])
				return ('|');
		return ('+');
	}
	if (ch >= 0x2580 && ch <= 0x259f)
		return ('#');
	if (ch == 0xa0)
		return (' ');
	return ('?');
}

/* --- the interpreter ----------------------------------------------------------- */
enum { GROUND, ESC, CSI, CHARSET };

/* ANSI colour index -> EFI colour (EFI_BLACK, EFI_RED, ...). */
static const uint8_t ansi_to_efi[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

static void
set_attr(struct term *t)
{
	int fg = ansi_to_efi[t->fg & 7] | ((t->bold || t->fg >= 8) ? 8 : 0);
	int bg = ansi_to_efi[t->bg & 7];

	if (t->reverse) {
		int tmp = fg & 7;

		fg = bg;
		bg = tmp;
	}
	t->ops->attr(t->ops->arg, TERM_EFI_ATTR(fg, bg));
}

static void
reset_attrs(struct term *t)
{
	t->fg = 7;
	t->bg = 0;
	t->bold = 0;
	t->reverse = 0;
}

void
term_init(struct term *t, const struct term_ops *ops)
{
	*t = (struct term){ 0 };
	t->ops = ops;
	reset_attrs(t);
}

static int
clampi(int v, int lo, int hi)
{
	return (v < lo ? lo : v > hi ? hi : v);
}

static void
run_flush(struct term *t)
{
	const struct term_ops *o = t->ops;
	int n = t->npend, col, row;

	if (n == 0)
		return;
	t->npend = 0;
	/*
	 * Writing the bottom-right cell of a screen scrolls it.  A script
	 * that placed the cursor is drawing a picture, which must not move:
	 * leave that one cell out, as FreeBSD's own console does.
	 */
	if (t->positioned) {
		o->where(o->arg, &col, &row);
		if (row == o->rows - 1 && col + n > o->cols - 1)
			n = o->cols - 1 - col;
	}
	if (n > 0)
		o->text(o->arg, t->pend, n);
}

static void
put_char(struct term *t, uint32_t cp)
{
	const struct term_ops *o = t->ops;
	uint16_t ch = cp <= 0xffff ? (uint16_t)cp : '?';

	if (ch >= 0x80 && !o->can_show(o->arg, ch))
		ch = term_fallback(ch);
	t->pend[t->npend++] = ch;
	if (t->npend == (int)(sizeof(t->pend) / sizeof(t->pend[0])))
		run_flush(t);
}

void
term_flush(struct term *t)
{
	uint32_t cp[4];
	int n, i;

	if (t->state == GROUND) {
		n = term_utf8_flush(&t->u8, cp);
		for (i = 0; i < n; i++)
			put_char(t, cp[i]);
	}
	run_flush(t);
}

static void
go(struct term *t, int col, int row)
{
	const struct term_ops *o = t->ops;

	o->goto_xy(o->arg, clampi(col, 0, o->cols - 1), clampi(row, 0, o->rows - 1));
}

/* Blanks n cells from (col, row) on, never the bottom-right one. */
static void
blank(struct term *t, int col, int row, int n)
{
	const struct term_ops *o = t->ops;
	uint16_t sp[32];
	int i, k;

	for (i = 0; i < 32; i++)
		sp[i] = ' ';
	while (n > 0 && row < o->rows) {
		k = o->cols - col;
		if (k > n)
			k = n;
		n -= k;
		if (row == o->rows - 1 && col + k > o->cols - 1)
			k = o->cols - 1 - col;
		o->goto_xy(o->arg, col, row);
		for (; k > 0; k -= i) {
			i = k < 32 ? k : 32;
			o->text(o->arg, sp, i);
		}
		col = 0;
		row++;
	}
}

static void
erase(struct term *t, int display, int how)
{
	const struct term_ops *o = t->ops;
	int col, row, cols = o->cols;

	o->where(o->arg, &col, &row);
	if (display && (how == 2 || how == 3 || (how == 0 && col == 0 && row == 0))) {
		o->clear(o->arg);
	} else if (display && how == 0) {
		blank(t, col, row, cols - col + (o->rows - 1 - row) * cols);
	} else if (display && how == 1) {
		blank(t, 0, 0, row * cols + col + 1);
	} else if (how == 0) {
		blank(t, col, row, cols - col);
	} else if (how == 1) {
		blank(t, 0, row, col + 1);
	} else if (how == 2) {
		blank(t, 0, row, cols);
	}
	o->goto_xy(o->arg, col, row);	/* erasing never moves the cursor */
}

static int
param(const struct term *t, int i, int dflt)
{
	return (i < t->nparam && t->param[i] > 0 ? t->param[i] : dflt);
}

static void
sgr(struct term *t)
{
	int i, p;

	if (t->nparam == 0)
		reset_attrs(t);
	for (i = 0; i < t->nparam; i++) {
		p = t->param[i] < 0 ? 0 : t->param[i];
		if (p == 0)
			reset_attrs(t);
		else if (p == 1)
			t->bold = 1;
		else if (p == 22)
			t->bold = 0;
		else if (p == 7)
			t->reverse = 1;
		else if (p == 27)
			t->reverse = 0;
		else if (p >= 30 && p <= 37)
			t->fg = p - 30;
		else if (p == 39)
			t->fg = 7;
		else if (p >= 40 && p <= 47)
			t->bg = p - 40;
		else if (p == 49)
			t->bg = 0;
		else if (p >= 90 && p <= 97)
			t->fg = p - 90 + 8;
		else if (p >= 100 && p <= 107)
			t->bg = p - 100;
		else if ((p == 38 || p == 48) && i + 2 < t->nparam && t->param[i + 1] == 5) {
			int c = t->param[i + 2];

			if (c >= 0 && c < 16) {
				if (p == 38)
					t->fg = c;
				else
					t->bg = c & 7;
			}
			i += 2;
		}
		/* 2 (dim), 4 (underline), 5 (blink): nothing to show them with */
	}
	set_attr(t);
}

static void
csi_dispatch(struct term *t, uint8_t f)
{
	const struct term_ops *o = t->ops;
	int col, row, n = param(t, 0, 1);

	if (t->priv) {
		if ((f == 'h' || f == 'l') && t->nparam > 0 && t->param[0] == 25)
			o->cursor(o->arg, f == 'h');
		return;
	}
	switch (f) {
	case 'H': case 'f':
		go(t, param(t, 1, 1) - 1, param(t, 0, 1) - 1);
		t->positioned = 1;
		return;
	case 'J': case 'K':
		erase(t, f == 'J', t->nparam > 0 && t->param[0] > 0 ? t->param[0] : 0);
		return;
	case 'm':
		sgr(t);
		return;
	case 's':
		o->where(o->arg, &t->saved_col, &t->saved_row);
		return;
	case 'u':
		go(t, t->saved_col, t->saved_row);
		return;
	}
	o->where(o->arg, &col, &row);
	switch (f) {
	case 'A': go(t, col, row - n); break;
	case 'B': go(t, col, row + n); break;
	case 'C': go(t, col + n, row); break;
	case 'D': go(t, col - n, row); break;
	case 'E': go(t, 0, row + n); break;
	case 'F': go(t, 0, row - n); break;
	case 'G': case '`': go(t, n - 1, row); break;
	case 'd': go(t, col, n - 1); break;
	default: break;		/* not one we know: swallowed */
	}
}

static void
control(struct term *t, uint32_t c)
{
	const struct term_ops *o = t->ops;
	int col, row;

	run_flush(t);
	switch (c) {
	case 0x1b:
		t->state = ESC;
		return;
	case '\n':
		t->positioned = 0;
		/* FALLTHROUGH */
	case '\r': case '\b':
		o->control(o->arg, (int)c);
		return;
	case '\t':
		o->where(o->arg, &col, &row);
		go(t, (col / 8 + 1) * 8, row);
		return;
	default:
		return;		/* BEL and the other C0 codes show nothing */
	}
}

static void
ground(struct term *t, uint8_t b)
{
	uint32_t cp[4];
	int n, i;

	n = term_utf8_feed(&t->u8, b, cp);
	for (i = 0; i < n; i++) {
		if (cp[i] < 0x20 || cp[i] == 0x7f)
			control(t, cp[i]);
		else if (t->state == GROUND)
			put_char(t, cp[i]);
		/* else: an ESC came out of a broken sequence; the rest waits */
	}
}

void
term_input(struct term *t, uint8_t b)
{
	switch (t->state) {
	case GROUND:
		ground(t, b);
		return;
	case ESC:
		t->state = GROUND;
		if (b == '[') {
			t->state = CSI;
			t->nparam = 0;
			t->priv = 0;
		} else if (b == '(' || b == ')') {
			t->state = CHARSET;
		} else if (b == 'c') {
			reset_attrs(t);
			set_attr(t);
			t->ops->clear(t->ops->arg);
		} else if (b == '7') {
			t->ops->where(t->ops->arg, &t->saved_col, &t->saved_row);
		} else if (b == '8') {
			go(t, t->saved_col, t->saved_row);
		} else if (b == 0x1b) {
			t->state = ESC;
		}
		return;
	case CHARSET:
		t->state = GROUND;
		return;
	case CSI:
		if (b >= '0' && b <= '9') {
			if (t->nparam == 0)
				t->param[t->nparam++] = -1;
			if (t->param[t->nparam - 1] < 0)
				t->param[t->nparam - 1] = 0;
			if (t->param[t->nparam - 1] < 10000)
				t->param[t->nparam - 1] = t->param[t->nparam - 1] * 10 + (b - '0');
		} else if (b == ';') {
			if (t->nparam == 0)
				t->param[t->nparam++] = -1;
			if (t->nparam < (int)(sizeof(t->param) / sizeof(t->param[0])))
				t->param[t->nparam++] = -1;
		} else if (b == '?') {
			t->priv = 1;
		} else if (b >= 0x40 && b <= 0x7e) {
			t->state = GROUND;
			csi_dispatch(t, b);
		} else if (b == 0x1b) {
			t->state = ESC;
		} else if (b >= 0x80 || b < 0x20) {
			/* Not part of any sequence: give up on it, keep the byte. */
			t->state = GROUND;
			ground(t, b);
		}
		/* intermediates (0x20-0x2f) and other bytes are swallowed */
		return;
	}
}
