/*
 * The printf formatting core shared by the loader and the kernel.  It never
 * allocates and writes one character at a time through a callback, so it
 * works before any memory management exists and from exception handlers.
 */
#include <stdint.h>
#include <sanpo/kvprintf.h>

struct spec {
	int	left;		/* '-' */
	int	zero;		/* '0' */
	int	plus;		/* '+' */
	int	space;		/* ' ' */
	int	alt;		/* '#' */
	int	width;		/* minimum field width, 0 if none */
	int	prec;		/* precision, -1 if none */
};

struct sink {
	kvprintf_out_t	*out;
	void		*arg;
	int		 count;
};

static void
put(struct sink *s, int c)
{
	s->out(c, s->arg);
	s->count++;
}

static void
pad(struct sink *s, int c, int n)
{
	while (n-- > 0)
		put(s, c);
}

static void
emit_str(struct sink *s, const struct spec *sp, const char *str)
{
	int len = 0;

	if (str == NULL)
		str = "(null)";
	while (str[len] != '\0' && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		pad(s, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(s, str[i]);
	if (sp->left)
		pad(s, ' ', sp->width - len);
}

static void
emit_num(struct sink *s, const struct spec *sp, uint64_t v, int neg,
    unsigned base, int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, zeros, total;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	if (v != 0 || sp->prec != 0) {
		do {
			tmp[n++] = digits[v % base];
			v /= base;
		} while (v != 0);
	}
	if (prefix != NULL)
		while (prefix[plen] != '\0')
			plen++;
	zeros = sp->prec > n ? sp->prec - n : 0;
	total = n + zeros + plen + (sign != 0);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > total) {
		zeros += sp->width - total;
		total = sp->width;
	}
	if (!sp->left)
		pad(s, ' ', sp->width - total);
	if (sign != 0)
		put(s, sign);
	for (int i = 0; i < plen; i++)
		put(s, prefix[i]);
	pad(s, '0', zeros);
	while (n > 0)
		put(s, tmp[--n]);
	if (sp->left)
		pad(s, ' ', sp->width - total);
}

/* Reads "hh", "h", "l", "ll", "z", "j", "t"; returns the size in bytes (0: int). */
static int
length_mod(const char **fmtp)
{
	const char *f = *fmtp;
	int size = 0;

	switch (*f) {
	case 'h':
		size = (f[1] == 'h') ? 1 : 2;
		f += (f[1] == 'h') ? 2 : 1;
		break;
	case 'l':
		size = 8;
		f += (f[1] == 'l') ? 2 : 1;
		break;
	case 'z': case 'j': case 't':
		size = 8;
		f++;
		break;
	}
	*fmtp = f;
	return (size);
}

static uint64_t
get_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 1: return ((unsigned char)va_arg(*ap, unsigned int));
	case 2: return ((unsigned short)va_arg(*ap, unsigned int));
	case 8: return (va_arg(*ap, uint64_t));
	default: return (va_arg(*ap, unsigned int));
	}
}

static int64_t
get_signed(va_list *ap, int size)
{
	switch (size) {
	case 1: return ((signed char)va_arg(*ap, int));
	case 2: return ((short)va_arg(*ap, int));
	case 8: return (va_arg(*ap, int64_t));
	default: return (va_arg(*ap, int));
	}
}

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') sp->left = 1;
		else if (*f == '0') sp->zero = 1;
		else if (*f == '+') sp->plus = 1;
		else if (*f == ' ') sp->space = 1;
		else if (*f == '#') sp->alt = 1;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	} else {
		while (*f >= '0' && *f <= '9')
			sp->width = sp->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		} else {
			while (*f >= '0' && *f <= '9')
				sp->prec = sp->prec * 10 + (*f++ - '0');
		}
	}
	return (f);
}

int
kvprintf(kvprintf_out_t *out, void *arg, const char *fmt, va_list ap0)
{
	struct sink s = { out, arg, 0 };
	struct spec sp;
	va_list ap;
	int size;

	va_copy(ap, ap0);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			put(&s, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		size = length_mod(&fmt);
		switch (*fmt) {
		case 'd': case 'i': {
			int64_t v = get_signed(&ap, size);
			emit_num(&s, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v,
			    v < 0, 10, 0, NULL);
			break;
		}
		case 'u':
			sp.plus = sp.space = 0;
			emit_num(&s, &sp, get_unsigned(&ap, size), 0, 10, 0, NULL);
			break;
		case 'x': case 'X': {
			uint64_t v = get_unsigned(&ap, size);
			sp.plus = sp.space = 0;
			emit_num(&s, &sp, v, 0, 16, *fmt == 'X',
			    sp.alt && v != 0 ? (*fmt == 'X' ? "0X" : "0x") : NULL);
			break;
		}
		case 'o':
			sp.plus = sp.space = 0;
			emit_num(&s, &sp, get_unsigned(&ap, size), 0, 8, 0,
			    sp.alt ? "0" : NULL);
			break;
		case 'p':
			sp.plus = sp.space = 0;
			emit_num(&s, &sp, (uintptr_t)va_arg(ap, void *), 0, 16, 0, "0x");
			break;
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), '\0' };
			sp.prec = -1;
			if (c[0] == '\0') {	/* print a NUL as itself */
				if (!sp.left) pad(&s, ' ', sp.width - 1);
				put(&s, '\0');
				if (sp.left) pad(&s, ' ', sp.width - 1);
			} else
				emit_str(&s, &sp, c);
			break;
		}
		case 's':
			emit_str(&s, &sp, va_arg(ap, const char *));
			break;
		case '%':
			put(&s, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end: stop */
			break;
		default:	/* unknown conversion: print it as written */
			put(&s, '%');
			put(&s, *fmt);
			break;
		}
	}
	va_end(ap);
	return (s.count);
}

struct bufsink {
	char	*buf;
	size_t	 len;
	size_t	 pos;
};

static void
buf_out(int c, void *arg)
{
	struct bufsink *b = arg;

	if (b->pos + 1 < b->len)
		b->buf[b->pos] = (char)c;
	b->pos++;
}

int
kvsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct bufsink b = { buf, len, 0 };
	int n = kvprintf(buf_out, &b, fmt, ap);

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
