/*
 * The one line editor (see sanpo/lineedit.h): reads keys through a
 * callback, echoes through another, keeps the line in the caller's buffer
 * and walks the caller's history.  It never allocates, so the loader, the
 * kernel (before and after malloc exists) and host tests use it alike.
 */
#include <string.h>
#include <sanpo/lineedit.h>

#define CTRL(c)		((c) & 0x1f)
#define KEY_ESC		0x1b
#define KEY_DEL		0x7f

/* What a key means to the editor, once escape sequences are decoded. */
enum le_key {
	LE_NONE, LE_CHAR, LE_ENTER, LE_ERASE, LE_KILL, LE_INTR, LE_EOF,
	LE_UP, LE_DOWN,
};

struct le_state {
	const struct lineedit *le;
	char	*buf;		/* the line */
	size_t	 size;		/* its capacity, NUL included */
	size_t	 len;		/* characters in it */
	int	 back;		/* history lines walked back (0: the new line) */
};

static void
le_put(const struct le_state *s, int c)
{
	if ((s->le->flags & LINEEDIT_NOECHO) == 0)
		s->le->putc(c, s->le->arg);
}

static void
le_puts(const struct le_state *s, const char *str)
{
	while (*str != '\0')
		le_put(s, *str++);
}

static void
le_erase(const struct le_state *s, size_t n)
{
	while (n-- > 0)
		le_puts(s, "\b \b");
}

static enum le_key le_classify(const struct le_state *s, int *cp);

/*
 * Reads the rest of an escape sequence after ESC: ESC [ or ESC O, then
 * parameter bytes, then one final byte (ECMA-48).  Up and Down mean
 * something; anything else (Delete's ESC [ 3 ~, F-keys...) is swallowed
 * whole so that none of its bytes lands in the line.  A lone ESC means
 * nothing and the key after it counts as typed.
 */
static enum le_key
le_escape(const struct le_state *s, int *cp)
{
	int c = s->le->getc(s->le->arg);

	if (c != '[' && c != 'O') {
		*cp = c;
		return (c == KEY_ESC ? LE_NONE : le_classify(s, cp));
	}
	while ((c = s->le->getc(s->le->arg)) >= 0x20 && c < 0x40)
		;			/* parameter and intermediate bytes */
	if (c < 0)
		return (LE_EOF);
	return (c == 'A' ? LE_UP : c == 'B' ? LE_DOWN : LE_NONE);
}

/* What the byte *cp means (reading more for an escape sequence). */
static enum le_key
le_classify(const struct le_state *s, int *cp)
{
	int c = *cp;

	if (c < 0)
		return (LE_EOF);
	switch (c) {
	case '\r': case '\n':	return (LE_ENTER);
	case '\b': case KEY_DEL: return (LE_ERASE);
	case CTRL('U'):		return (LE_KILL);
	case CTRL('C'):		return (LE_INTR);
	case CTRL('D'):
		return (s->len == 0 && (s->le->flags & LINEEDIT_CTRL_D) ?
		    LE_EOF : LE_NONE);
	case CTRL('P'):		return (LE_UP);
	case CTRL('N'):		return (LE_DOWN);
	case KEY_ESC:		return (le_escape(s, cp));
	default:
		return (c >= ' ' && c < KEY_DEL ? LE_CHAR : LE_NONE);
	}
}

static enum le_key
le_next_key(const struct le_state *s, int *cp)
{
	*cp = s->le->getc(s->le->arg);
	return (le_classify(s, cp));
}

/* Replaces the line on screen and in the buffer with history line `back`. */
static void
le_recall(struct le_state *s, int back)
{
	const struct lineedit_history *h = s->le->hist;
	const char *line = "";
	size_t n;

	if (back > 0)
		line = h->buf + (size_t)((h->next - back + h->slots) % h->slots) * h->size;
	le_erase(s, s->len);
	n = strlen(line);
	if (n > s->size - 1)
		n = s->size - 1;
	memcpy(s->buf, line, n);
	s->buf[n] = '\0';
	s->len = n;
	s->back = back;
	le_puts(s, s->buf);
}

int
lineedit_read(const struct lineedit *le, char *buf, size_t size)
{
	struct le_state s = { le, buf, size, 0, 0 };
	int c;

	if (size == 0)
		return (LINEEDIT_EOF);
	buf[0] = '\0';
	for (;;) {
		switch (le_next_key(&s, &c)) {
		case LE_ENTER:
			le_put(&s, '\n');
			buf[s.len] = '\0';
			return ((int)s.len);
		case LE_EOF:
			buf[0] = '\0';
			return (LINEEDIT_EOF);
		case LE_INTR:
			le_puts(&s, "^C\n");
			buf[0] = '\0';
			return (LINEEDIT_INTR);
		case LE_ERASE:
			if (s.len > 0) {
				s.len--;
				le_erase(&s, 1);
			}
			break;
		case LE_KILL:
			le_erase(&s, s.len);
			s.len = 0;
			break;
		case LE_UP:
			if (le->hist != NULL && s.back < le->hist->count)
				le_recall(&s, s.back + 1);
			break;
		case LE_DOWN:
			if (le->hist != NULL && s.back > 0)
				le_recall(&s, s.back - 1);
			break;
		case LE_CHAR:
			if (s.len + 1 < size) {
				buf[s.len++] = (char)c;
				le_put(&s, c);
			}
			break;
		case LE_NONE:
			break;
		}
		buf[s.len] = '\0';
	}
}

void
lineedit_history_add(struct lineedit_history *h, const char *line)
{
	char *slot;
	size_t n;

	if (line[0] == '\0' || h->slots <= 0 || h->size == 0)
		return;
	slot = h->buf + (size_t)h->next * h->size;
	n = strlen(line);
	if (n > h->size - 1)
		n = h->size - 1;
	memcpy(slot, line, n);
	slot[n] = '\0';
	h->next = (h->next + 1) % h->slots;
	if (h->count < h->slots)
		h->count++;
}
