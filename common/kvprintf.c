/*
 * The one printf engine (see sanpo/kvprintf.h).  It parses a directive,
 * fetches its argument with the right type and writes a padded field
 * through the caller's callback; floating conversions go to
 * kvprintf_float.c where the program has them (-DKVPRINTF_FLOAT).
 * glibc is the reference for every corner (`(nil)`, `(null)`, `%#o` of 0,
 * `0` ignored with a precision or `-`): the host tests compare the two on
 * millions of formats.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/kvprintf_internal.h"

#define KV_WIDTH_MAX	100000000	/* width/precision digits stop growing here */

/* Length modifiers, as read before the conversion letter. */
enum kv_len { L_INT, L_HH, L_H, L_L, L_LL, L_Z, L_J, L_T, L_LD };

/* One parsed directive. */
struct kvspec {
	int		flags;		/* KV_* */
	int		width;		/* minimum field width, 0 if none */
	int		prec;		/* precision, -1 if none */
	enum kv_len	len;		/* length modifier */
	int		conv;		/* the conversion letter */
};

static void
kv_put(struct kvsink *k, int c)
{
	k->out(c, k->arg);
	k->count++;
}

static void
kv_put_n(struct kvsink *k, int c, int n)
{
	while (n-- > 0)
		kv_put(k, c);
}

static void
kv_put_s(struct kvsink *k, const char *s, int n)
{
	while (n-- > 0)
		kv_put(k, (unsigned char)*s++);
}

void
kv_field(struct kvsink *k, int flags, int width, const char *pre, int zeros,
    const char *body, int blen, int tzeros, const char *tail)
{
	int plen = (int)strlen(pre), tlen = (int)strlen(tail);
	int len = plen + zeros + blen + tzeros + tlen;
	int pad = width > len ? width - len : 0;

	if (!(flags & KV_MINUS) && !(flags & KV_ZERO))
		kv_put_n(k, ' ', pad);
	kv_put_s(k, pre, plen);
	if (!(flags & KV_MINUS) && (flags & KV_ZERO))
		kv_put_n(k, '0', pad);
	kv_put_n(k, '0', zeros);
	kv_put_s(k, body, blen);
	kv_put_n(k, '0', tzeros);
	kv_put_s(k, tail, tlen);
	if (flags & KV_MINUS)
		kv_put_n(k, ' ', pad);
}

/* An integer conversion of v (its magnitude; neg: it was negative). */
static void
kv_int(struct kvsink *k, const struct kvspec *sp, unsigned long long v, int neg)
{
	const char *digs = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned base = sp->conv == 'o' ? 8 : sp->conv == 'x' || sp->conv == 'X' ||
	    sp->conv == 'p' ? 16 : 10;
	int flags = sp->flags, prec = sp->prec, n = 0, zeros, plen = 0;
	char buf[72], pre[4];
	const char *body;

	while (v != 0) {
		buf[sizeof(buf) - 1 - n++] = digs[v % base];
		v /= base;
	}
	body = buf + sizeof(buf) - n;
	if (prec >= 0)
		flags &= ~KV_ZERO;
	else
		prec = 1;
	zeros = prec > n ? prec - n : 0;
	if (sp->conv == 'o' && (flags & KV_HASH) && zeros == 0 &&
	    (n == 0 || body[0] != '0'))
		zeros = 1;
	/* A sign for d and i, and (as glibc does) for p. */
	if (neg)
		pre[plen++] = '-';
	else if (flags & KV_PLUS)
		pre[plen++] = '+';
	else if (flags & KV_SPACE)
		pre[plen++] = ' ';
	if (base == 16 && (flags & KV_HASH) && n != 0) {
		pre[plen++] = '0';
		pre[plen++] = sp->conv == 'X' ? 'X' : 'x';
	}
	pre[plen] = '\0';
	kv_field(k, flags, sp->width, pre, zeros, body, n, 0, "");
}

static long long
kv_arg_signed(va_list *ap, enum kv_len len)
{
	switch (len) {
	case L_HH:	return ((signed char)va_arg(*ap, int));
	case L_H:	return ((short)va_arg(*ap, int));
	case L_L:	return (va_arg(*ap, long));
	case L_LL:
	case L_LD:	return (va_arg(*ap, long long));
	case L_Z:	return ((long long)va_arg(*ap, size_t));
	case L_J:	return ((long long)va_arg(*ap, intmax_t));
	case L_T:	return (va_arg(*ap, ptrdiff_t));
	default:	return (va_arg(*ap, int));
	}
}

static unsigned long long
kv_arg_unsigned(va_list *ap, enum kv_len len)
{
	switch (len) {
	case L_HH:	return ((unsigned char)va_arg(*ap, unsigned));
	case L_H:	return ((unsigned short)va_arg(*ap, unsigned));
	case L_L:	return (va_arg(*ap, unsigned long));
	case L_LL:
	case L_LD:	return (va_arg(*ap, unsigned long long));
	case L_Z:	return (va_arg(*ap, size_t));
	case L_J:	return (va_arg(*ap, uintmax_t));
	case L_T:	return ((unsigned long long)va_arg(*ap, ptrdiff_t));
	default:	return (va_arg(*ap, unsigned));
	}
}

/* %n: the count so far, stored with the directive's width. */
static void
kv_store_count(va_list *ap, enum kv_len len, int count)
{
	void *p = va_arg(*ap, void *);

	switch (len) {
	case L_HH:	*(signed char *)p = (signed char)count; break;
	case L_H:	*(short *)p = (short)count; break;
	case L_L:	*(long *)p = count; break;
	case L_LL:
	case L_LD:	*(long long *)p = count; break;
	case L_Z:	*(size_t *)p = (size_t)count; break;
	case L_J:	*(intmax_t *)p = count; break;
	case L_T:	*(ptrdiff_t *)p = count; break;
	default:	*(int *)p = count; break;
	}
}

/* A decimal field of the directive; stops growing at KV_WIDTH_MAX. */
static int
kv_digits(const char **fp)
{
	const char *f = *fp;
	int v = 0;

	while (*f >= '0' && *f <= '9') {
		if (v < KV_WIDTH_MAX)
			v = v * 10 + (*f - '0');
		f++;
	}
	*fp = f;
	return (v);
}

/* Parses the directive after '%' into *sp; returns where its letter ended. */
static const char *
kv_parse(const char *f, struct kvspec *sp, va_list *ap)
{
	*sp = (struct kvspec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') sp->flags |= KV_MINUS;
		else if (*f == '+') sp->flags |= KV_PLUS;
		else if (*f == ' ') sp->flags |= KV_SPACE;
		else if (*f == '#') sp->flags |= KV_HASH;
		else if (*f == '0') sp->flags |= KV_ZERO;
		else break;
	}
	if (*f == '*') {
		f++;
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->flags |= KV_MINUS;
			sp->width = sp->width == -__INT_MAX__ - 1 ? __INT_MAX__ : -sp->width;
		}
	} else
		sp->width = kv_digits(&f);
	if (*f == '.') {
		f++;
		if (*f == '*') {
			f++;
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
		} else
			sp->prec = kv_digits(&f);
	}
	if (sp->flags & KV_MINUS)
		sp->flags &= ~KV_ZERO;
	if (sp->flags & KV_PLUS)
		sp->flags &= ~KV_SPACE;
	switch (*f) {
	case 'h':
		sp->len = f[1] == 'h' ? L_HH : L_H;
		f += f[1] == 'h' ? 2 : 1;
		break;
	case 'l':
		sp->len = f[1] == 'l' ? L_LL : L_L;
		f += f[1] == 'l' ? 2 : 1;
		break;
	case 'q': sp->len = L_LL; f++; break;
	case 'z': sp->len = L_Z; f++; break;
	case 'j': sp->len = L_J; f++; break;
	case 't': sp->len = L_T; f++; break;
	case 'L': sp->len = L_LD; f++; break;
	}
	sp->conv = *f;
	return (*f != '\0' ? f + 1 : f);
}

static void
kv_string(struct kvsink *k, const struct kvspec *sp, const char *s)
{
	int n = 0;

	if (s == NULL)
		s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
	while ((sp->prec < 0 || n < sp->prec) && s[n] != '\0')
		n++;
	kv_field(k, sp->flags & ~KV_ZERO, sp->width, "", 0, s, n, 0, "");
}

/*
 * One conversion; returns 0, or -1 for a directive cut off by the end of
 * the format (printed as written, then formatting stops).
 */
static int
kv_convert(struct kvsink *k, struct kvspec *sp, va_list *ap)
{
	long long v;
	void *p;
	char c;

	switch (sp->conv) {
	case 'd': case 'i':
		v = kv_arg_signed(ap, sp->len);
		kv_int(k, sp, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v,
		    v < 0);
		return (0);
	case 'u': case 'o': case 'x': case 'X':
		sp->flags &= ~(KV_PLUS | KV_SPACE);
		kv_int(k, sp, kv_arg_unsigned(ap, sp->len), 0);
		return (0);
	case 'p':
		p = va_arg(*ap, void *);
		if (p == NULL) {
			kv_field(k, sp->flags & ~KV_ZERO, sp->width, "", 0, "(nil)", 5,
			    0, "");
			return (0);
		}
		sp->flags |= KV_HASH;
		kv_int(k, sp, (uintptr_t)p, 0);
		return (0);
	case 'c':
		c = (char)va_arg(*ap, int);
		kv_field(k, sp->flags & ~KV_ZERO, sp->width, "", 0, &c, 1, 0, "");
		return (0);
	case 's':
		kv_string(k, sp, va_arg(*ap, const char *));
		return (0);
	case 'n':
		kv_store_count(ap, sp->len, k->count);
		return (0);
	case '%':
		kv_put(k, '%');
		return (0);
	case 'e': case 'E': case 'f': case 'F':
	case 'g': case 'G': case 'a': case 'A':
#ifdef KVPRINTF_FLOAT
		kv_float(k, sp->flags, sp->width, sp->prec, sp->len == L_LD ?
		    (double)va_arg(*ap, long double) : va_arg(*ap, double), sp->conv);
#else
		kv_put(k, '?');
#endif
		return (0);
	default:
		return (sp->conv == '\0' ? -1 : 1);
	}
}

int
kvprintf(kvprintf_out_t *out, void *arg, const char *fmt, va_list ap0)
{
	struct kvsink k = { out, arg, 0 };
	struct kvspec sp;
	const char *start;
	va_list ap;
	int r;

	va_copy(ap, ap0);
	while (*fmt != '\0') {
		if (*fmt != '%') {
			kv_put(&k, (unsigned char)*fmt++);
			continue;
		}
		start = fmt;
		fmt = kv_parse(fmt + 1, &sp, &ap);
		if ((r = kv_convert(&k, &sp, &ap)) != 0) {
			/* Unknown or cut off: print the directive as it is. */
			kv_put_s(&k, start, (int)(fmt - start));
			if (r < 0)
				break;
		}
	}
	va_end(ap);
	return (k.count);
}

struct kvbuf {
	char	*buf;		/* the caller's buffer */
	size_t	 len;		/* its size */
	size_t	 pos;		/* characters produced (may pass len) */
};

static void
kvbuf_out(int c, void *arg)
{
	struct kvbuf *b = arg;

	if (b->pos + 1 < b->len)
		b->buf[b->pos] = (char)c;
	b->pos++;
}

int
kvsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct kvbuf b = { buf, len, 0 };
	int n = kvprintf(kvbuf_out, &b, fmt, ap);

	if (len > 0)
		buf[b.pos < len ? b.pos : len - 1] = '\0';
	return (n);
}

int
ksnprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return (n);
}
