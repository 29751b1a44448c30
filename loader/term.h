/*
 * The loader's terminal: the byte stream scripts print (FreeBSD's menu
 * draws with VT100/xterm escape sequences, colours and UTF-8 box
 * characters) made fit for each kind of console.
 *
 *   - A serial line gets the bytes as they are, so a terminal on the other
 *     end interprets them itself; only bytes that are not UTF-8 are taken
 *     as code page 437 (the frame characters of older FreeBSD scripts) and
 *     sent as the UTF-8 of that character (term_utf8_*; encoded by
 *     utf8_encode(), sanpo/utf.h).
 *   - A firmware text screen understands no escape sequences: term_input()
 *     interprets them and calls the screen's operations (struct term_ops)
 *     with UCS-2 characters, EFI colours and cursor positions.
 *
 * Firmware-independent: efi/efi_console.c supplies the operations, and the
 * host tests drive the same code with a screen model of their own.
 */
#ifndef LOADER_TERM_H
#define LOADER_TERM_H

#include <stdint.h>

/* --- UTF-8 decoding (bytes that are not UTF-8 are code page 437) -------- */
struct term_utf8 {
	uint8_t		buf[4];		/* lead and continuation bytes so far */
	uint8_t		len;		/* bytes in buf */
	uint8_t		need;		/* bytes the sequence needs in all */
};

/*
 * Feeds one byte; stores the code points it completes in out (at most 4:
 * a broken sequence gives back each of its bytes as CP437) and returns
 * their number.
 */
int	term_utf8_feed(struct term_utf8 *u, uint8_t b, uint32_t out[4]);
/*
 * An unfinished sequence at the end of a write (printc, a line) was code
 * page 437 after all: FreeBSD's older scripts print frame bytes one call
 * at a time.  Stores those characters in out and returns their number.
 */
int	term_utf8_flush(struct term_utf8 *u, uint32_t out[4]);
uint32_t term_cp437(uint8_t b);				/* b >= 0x80 */

/* --- the screen interpreter ---------------------------------------------- */
#define TERM_EFI_ATTR(fg, bg)	((fg) | ((bg) << 4))	/* EFI_TEXT_ATTR */

/* What a text screen must do; positions are 0-based, within the screen. */
struct term_ops {
	void	(*text)(void *arg, const uint16_t *s, int n);	/* at the cursor */
	void	(*control)(void *arg, int c);	/* '\r' '\n' '\b': the screen's own */
	void	(*goto_xy)(void *arg, int col, int row);
	void	(*where)(void *arg, int *col, int *row);
	void	(*attr)(void *arg, int efi_attr);
	void	(*clear)(void *arg);		/* whole screen, cursor home */
	void	(*cursor)(void *arg, int on);
	/* Can the screen show this character?  (The rest get a stand-in.) */
	int	(*can_show)(void *arg, uint16_t ch);
	void	*arg;
	int	cols, rows;
};

struct term {
	const struct term_ops *ops;
	struct term_utf8 u8;
	int		state;		/* ground, ESC, CSI, charset designation */
	int		param[8];	/* CSI parameters (-1: omitted) */
	int		nparam;
	int		priv;		/* CSI '?' seen */
	int		fg, bg;		/* ANSI 0-7 */
	int		bold, reverse;
	int		saved_col, saved_row;
	int		positioned;	/* cursor placed since the last newline */
	uint16_t	pend[64];	/* printable run, not yet handed to text() */
	int		npend;
};

void	term_init(struct term *t, const struct term_ops *ops);
void	term_input(struct term *t, uint8_t b);
void	term_flush(struct term *t);		/* ends a write: hands everything over */
/* The character a screen shows for ch when it cannot show ch itself. */
uint16_t term_fallback(uint32_t ch);

#endif /* LOADER_TERM_H */
