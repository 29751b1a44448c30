/*
 * Sanpo libc: the printf formatting core, libc_vformat().
 *
 * Supports flags - + space # 0, width and precision (both also as *),
 * length modifiers hh h l ll z j t L (q as ll), and conversions
 * d i u o x X c s p n % e E f F g G a A.
 *
 * Floating point is exact: the decimal digits come from the exact binary
 * value (big-integer expansion, bigint.c) and are rounded half-to-even on
 * that exact value, which is what glibc does in the default rounding mode,
 * so the output is byte-for-byte the same as glibc's.  `L` reads a long
 * double but formats it as the nearest double.
 *
 * With -DLIBC_NO_FLOAT (kernel, -mno-sse) the floating conversions print
 * "?" and do not touch the argument.
 */
#include "libc_internal.h"
#include "include/stdio.h"

/* local strlen: the kernel (-DLIBC_NO_FLOAT) can take this file alone */
static int slen(const char *s)
{
	int n = 0;

	while (s[n])
		n++;
	return n;
}

struct sink {
	void (*out)(int c, void *arg);
	void *arg;
	int count;
};

static void put(struct sink *k, int c)
{
	k->out(c, k->arg);
	k->count++;
}

static void put_n(struct sink *k, int c, int n)
{
	while (n-- > 0)
		put(k, c);
}

static void put_s(struct sink *k, const char *s, int n)
{
	while (n-- > 0)
		put(k, (unsigned char)*s++);
}

enum {
	F_MINUS = 1, F_PLUS = 2, F_SPACE = 4, F_HASH = 8, F_ZERO = 16,
};

/*
 * Emit one field: `pre` (sign / 0x prefix), `zeros` leading zeros, then
 * `body` of `blen` chars, then `tzeros` trailing zeros and `tail`, padded
 * to `width`.
 */
static void field(struct sink *k, int flags, int width, const char *pre,
		  int zeros, const char *body, int blen, int tzeros,
		  const char *tail)
{
	int plen = slen(pre), tlen = slen(tail);
	int len = plen + zeros + blen + tzeros + tlen;
	int pad = width > len ? width - len : 0;

	if (!(flags & F_MINUS) && !(flags & F_ZERO))
		put_n(k, ' ', pad);
	put_s(k, pre, plen);
	if (!(flags & F_MINUS) && (flags & F_ZERO))
		put_n(k, '0', pad);
	put_n(k, '0', zeros);
	put_s(k, body, blen);
	put_n(k, '0', tzeros);
	put_s(k, tail, tlen);
	if (flags & F_MINUS)
		put_n(k, ' ', pad);
}

static void fmt_int(struct sink *k, int flags, int width, int prec,
		    unsigned long long v, int neg, int base, int upper,
		    int conv)
{
	char buf[72];
	const char *digs = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	char pre[4] = "";

	while (v) {
		buf[sizeof buf - 1 - n++] = digs[v % (unsigned)base];
		v /= (unsigned)base;
	}
	const char *body = buf + sizeof buf - n;
	if (prec >= 0)
		flags &= ~F_ZERO;
	else
		prec = 1;
	int zeros = prec > n ? prec - n : 0;
	if (conv == 'o' && (flags & F_HASH) && zeros == 0 &&
	    (n == 0 || body[0] != '0'))
		zeros = 1;
	if ((conv == 'x' || conv == 'X' || conv == 'p') && (flags & F_HASH) && n)
		pre[0] = '0', pre[1] = (char)(conv == 'X' ? 'X' : 'x'), pre[2] = 0;
	if (conv == 'd' || conv == 'i') {
		if (neg)
			pre[0] = '-', pre[1] = 0;
		else if (flags & F_PLUS)
			pre[0] = '+', pre[1] = 0;
		else if (flags & F_SPACE)
			pre[0] = ' ', pre[1] = 0;
	}
	field(k, flags, width, pre, zeros, body, n, 0, "");
}

#ifndef LIBC_NO_FLOAT

/* ---- exact decimal expansion of a finite positive double ---- */

#define INT_DIGITS_MAX 320

struct dstream {
	char intd[INT_DIGITS_MAX];	/* integer part digits, no leading 0 */
	int nint, ipos;
	struct big frac;		/* fraction = frac / 2^s */
	int s;
	char chunk[9];
	int cpos, clen;
};

static void ds_init(struct dstream *d, double x)
{
	uint64_t bits = libc_dbits(x);
	int be = (int)((bits >> 52) & 0x7ff);
	uint64_t m = bits & ((1ULL << 52) - 1);
	int e2;

	if (be == 0)
		e2 = -1074;
	else
		m |= 1ULL << 52, e2 = be - 1075;
	/* x = m * 2^e2 */
	d->nint = d->ipos = d->cpos = d->clen = 0;
	d->s = 0;
	struct big ip;
	if (e2 >= 0) {
		libc_big_set_u64(&ip, m);
		libc_big_shl(&ip, e2);
		libc_big_set_u64(&d->frac, 0);
	} else if (e2 > -64) {
		libc_big_set_u64(&ip, m >> -e2);
		libc_big_set_u64(&d->frac, m & ((1ULL << -e2) - 1));
		d->s = -e2;
	} else {
		libc_big_set_u64(&ip, 0);
		libc_big_set_u64(&d->frac, m);
		d->s = -e2;
	}
	/* integer digits, 9 at a time from the bottom */
	char tmp[INT_DIGITS_MAX];
	int n = 0;
	while (!libc_big_is_zero(&ip)) {
		uint32_t r = libc_big_divmod_small(&ip, 1000000000u);
		for (int i = 0; i < 9; i++) {
			tmp[n++] = (char)('0' + r % 10);
			r /= 10;
		}
	}
	while (n > 0 && tmp[n - 1] == '0')
		n--;
	for (int i = 0; i < n; i++)
		d->intd[i] = tmp[n - 1 - i];
	d->nint = n;
}

/* Next 9 fraction digits into d->chunk. */
static void ds_refill(struct dstream *d)
{
	struct big *f = &d->frac;
	uint32_t c = 0;

	if (!libc_big_is_zero(f)) {
		libc_big_mul_small(f, 1000000000u);
		/* chunk = f >> s (< 10^9 < 2^30), then f &= 2^s - 1 */
		int li = d->s / 32, bi = d->s % 32;
		uint64_t w = 0;
		if (li < f->n)
			w = f->w[li];
		if (li + 1 < f->n)
			w |= (uint64_t)f->w[li + 1] << 32;
		c = (uint32_t)(w >> bi);
		if (li < f->n) {
			f->w[li] &= (uint32_t)((1ULL << bi) - 1);
			f->n = li + 1;
			while (f->n > 0 && f->w[f->n - 1] == 0)
				f->n--;
		}
	}
	for (int i = 8; i >= 0; i--) {
		d->chunk[i] = (char)('0' + c % 10);
		c /= 10;
	}
	d->cpos = 0;
	d->clen = 9;
}

static int ds_in_int(const struct dstream *d)
{
	return d->ipos < d->nint;
}

static int ds_next(struct dstream *d)
{
	if (d->ipos < d->nint)
		return d->intd[d->ipos++];
	if (d->cpos == d->clen)
		ds_refill(d);
	return d->chunk[d->cpos++];
}

/* Are all digits not yet consumed zero? */
static int ds_rest_zero(const struct dstream *d)
{
	for (int i = d->ipos; i < d->nint; i++)
		if (d->intd[i] != '0')
			return 0;
	for (int i = d->cpos; i < d->clen; i++)
		if (d->chunk[i] != '0')
			return 0;
	return libc_big_is_zero(&d->frac);
}

/* Round digit string dig[0..n-1] given the next digit and stickiness;
 * returns 1 if a carry came out of dig[0] (all digits became '0'). */
static int round_digits(char *dig, int n, int next, int sticky)
{
	int up;

	if (next > '5')
		up = 1;
	else if (next < '5')
		up = 0;
	else
		up = sticky || (n > 0 && ((dig[n - 1] - '0') & 1));
	if (!up)
		return 0;
	for (int i = n - 1; i >= 0; i--) {
		if (dig[i] != '9') {
			dig[i]++;
			return 0;
		}
		dig[i] = '0';
	}
	return 1;
}

#define SIG_MAX 800	/* a double has at most 767 significant digits */
#define FRAC_MAX 1100	/* and at most 1074 fraction digits */

/*
 * Scientific digits: nsig significant digits of x (> 0 or 0) rounded,
 * into dig (at most SIG_MAX generated; the rest are zeros, *zpad says how
 * many), and the decimal exponent.
 */
static int sci_digits(double x, int nsig, char *dig, int *ngen, int *zpad,
		      int *dexp)
{
	int gen = nsig < SIG_MAX ? nsig : SIG_MAX;

	*ngen = gen;
	*zpad = nsig - gen;
	if (x == 0) {
		for (int i = 0; i < gen; i++)
			dig[i] = '0';
		*dexp = 0;
		return 0;
	}
	struct dstream d;
	ds_init(&d, x);
	int e;
	int c;
	if (d.nint > 0) {
		e = d.nint - 1;
		c = ds_next(&d);
	} else {
		e = -1;
		while ((c = ds_next(&d)) == '0')
			e--;
	}
	dig[0] = (char)c;
	for (int i = 1; i < gen; i++)
		dig[i] = (char)ds_next(&d);
	int next = ds_next(&d);
	int sticky = !ds_rest_zero(&d);
	int carried = round_digits(dig, gen, next, sticky);
	if (carried) {
		dig[0] = '1';
		e++;
	}
	*dexp = e;
	return carried;
}

static int put_exp(char *buf, int e, char ec, int mindig)
{
	int n = 0;
	char t[8];
	int tn = 0;
	unsigned ue = (unsigned)(e < 0 ? -e : e);

	buf[n++] = ec;
	buf[n++] = e < 0 ? '-' : '+';
	do {
		t[tn++] = (char)('0' + ue % 10);
		ue /= 10;
	} while (ue);
	while (tn < mindig)
		t[tn++] = '0';
	while (tn)
		buf[n++] = t[--tn];
	buf[n] = 0;
	return n;
}

static void fmt_float(struct sink *k, int flags, int width, int prec,
		      double x, int conv)
{
	int upper = conv >= 'A' && conv <= 'Z';
	int lc = conv | 32;
	char pre[4] = "";
	uint64_t bits = libc_dbits(x);
	int neg = (int)(bits >> 63);

	if (neg)
		pre[0] = '-';
	else if (flags & F_PLUS)
		pre[0] = '+';
	else if (flags & F_SPACE)
		pre[0] = ' ';
	if (neg)
		x = -x;
	if (x != x || x == __builtin_inf()) {
		const char *s = x != x ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
		field(k, flags & ~F_ZERO, width, pre, 0, s, 3, 0, "");
		return;
	}

	if (lc == 'a') {
		int be = (int)((bits >> 52) & 0x7ff);
		uint64_t frac = bits & ((1ULL << 52) - 1);
		int lead = be ? 1 : 0, e = be ? be - 1023 : (frac ? -1022 : 0);
		const char *hx = upper ? "0123456789ABCDEF" : "0123456789abcdef";
		char body[40];
		int n = 0;
		if (prec < 0) {
			prec = 13;
			while (prec > 0 && ((frac >> (52 - 4 * prec)) & 0xf) == 0)
				prec--;
		} else if (prec < 13) {
			int drop = 52 - 4 * prec;
			uint64_t rem = frac & ((1ULL << drop) - 1);
			uint64_t half = 1ULL << (drop - 1);
			frac >>= drop;
			if (rem > half || (rem == half && ((prec ? frac : (uint64_t)lead) & 1)))
				frac++;
			if (prec == 0 ? frac > 0 : (frac >> (4 * prec)) != 0) {
				lead++;
				frac &= prec ? (1ULL << (4 * prec)) - 1 : 0;
			}
			frac <<= drop;
		}
		body[n++] = hx[lead];
		if (prec > 0 || (flags & F_HASH))
			body[n++] = '.';
		int tz = 0;
		for (int i = 0; i < prec; i++) {
			if (i < 13)
				body[n++] = hx[(frac >> (48 - 4 * i)) & 0xf];
			else
				tz++;
		}
		char tail[12];
		put_exp(tail, e, upper ? 'P' : 'p', 1);
		char pre2[6];
		int pl = 0;
		if (pre[0])
			pre2[pl++] = pre[0];
		pre2[pl++] = '0';
		pre2[pl++] = upper ? 'X' : 'x';
		pre2[pl] = 0;
		field(k, flags, width, pre2, 0, body, n, tz, tail);
		return;
	}

	if (prec < 0)
		prec = 6;
	int style = lc;		/* 'e' or 'f' */
	int strip = 0;
	char dig[SIG_MAX + INT_DIGITS_MAX + FRAC_MAX + 8];
	int ngen, zpad, dexp, carried = 0;

	if (lc == 'g') {
		int P = prec == 0 ? 1 : prec;
		carried = sci_digits(x, P, dig, &ngen, &zpad, &dexp);
		strip = !(flags & F_HASH);
		if (P > dexp && dexp >= -4) {
			style = 'f';
			prec = P - 1 - dexp;
		} else {
			style = 'e';
			prec = P - 1;
		}
		/* dig[] already holds the P significant digits for either style */
	} else if (lc == 'e') {
		sci_digits(x, prec + 1, dig, &ngen, &zpad, &dexp);
	}

	char body[SIG_MAX + INT_DIGITS_MAX + FRAC_MAX + 16];
	int bn = 0, tz = 0;
	char tail[12] = "";

	if (style == 'e') {
		/* d.ddd with ngen generated digits and zpad zeros */
		int nd = ngen;
		int zp = zpad;
		/* glibc quirk, kept for identical output: when %g rounding
		 * carries the exponent from P-1 up to P, glibc switches to the
		 * e style but keeps the fixed style's 0 fraction digits
		 * (visible with '#': "%#g" of 999999.5 is "1.e+06"). */
		if (lc == 'g' && carried && dexp == ngen + zpad) {
			nd = 1;
			zp = 0;
		}
		if (strip) {
			if (zp == 0)
				while (nd > 1 && dig[nd - 1] == '0')
					nd--;
			zp = 0;
		}
		body[bn++] = dig[0];
		if (nd > 1 || zp > 0 || (flags & F_HASH))
			body[bn++] = '.';
		for (int i = 1; i < nd; i++)
			body[bn++] = dig[i];
		tz = zp;
		put_exp(tail, dexp, upper ? 'E' : 'e', 2);
	} else if (lc == 'g') {
		/* fixed layout of the P = ngen + zpad digits with exponent dexp */
		int P = ngen + zpad;
		int nd = ngen, zp = zpad;
		if (strip) {
			if (zp == 0)
				while (nd > 0 && nd > dexp + 1 && dig[nd - 1] == '0')
					nd--;
			zp = 0;
		}
		(void)P;
		if (dexp >= 0) {
			int i;
			for (i = 0; i <= dexp; i++)
				body[bn++] = i < nd ? dig[i] : '0';
			int fr = nd - (dexp + 1);
			if (fr > 0 || (zp > 0) || (flags & F_HASH))
				body[bn++] = '.';
			for (; i < nd; i++)
				body[bn++] = dig[i];
			tz = zp;
		} else {
			body[bn++] = '0';
			if (nd > 0 || zp > 0 || (flags & F_HASH))
				body[bn++] = '.';
			for (int i = 0; i < -dexp - 1; i++)
				body[bn++] = '0';
			for (int i = 0; i < nd; i++)
				body[bn++] = dig[i];
			tz = zp;
		}
	} else {
		/* %f: all integer digits, prec fraction digits, rounded.
		 * dig[0] is a guard '0' that takes a carry out of the top. */
		int ni = 0, nf = prec < FRAC_MAX ? prec : FRAC_MAX;
		tz = prec - nf;
		dig[0] = '0';
		if (x == 0) {
			for (int i = 0; i < nf; i++)
				dig[1 + i] = '0';
		} else {
			struct dstream d;
			ds_init(&d, x);
			while (ds_in_int(&d))
				dig[1 + ni++] = (char)ds_next(&d);
			for (int i = 0; i < nf; i++)
				dig[1 + ni + i] = (char)ds_next(&d);
			int next = ds_next(&d);
			int sticky = !ds_rest_zero(&d);
			round_digits(dig, 1 + ni + nf, next, sticky);
		}
		ni++;		/* the guard is part of the integer digits */
		int st = 0;
		while (st < ni - 1 && dig[st] == '0')
			st++;
		for (int i = st; i < ni; i++)
			body[bn++] = dig[i];
		if (nf > 0 || tz > 0 || (flags & F_HASH))
			body[bn++] = '.';
		for (int i = 0; i < nf; i++)
			body[bn++] = dig[ni + i];
	}
	field(k, flags, width, pre, 0, body, bn, tz, tail);
}

#endif /* LIBC_NO_FLOAT */

int LIBC(libc_vformat)(void (*out)(int c, void *arg), void *arg,
		       const char *fmt, va_list ap)
{
	struct sink k = { out, arg, 0 };
	va_list a;

	va_copy(a, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&k, (unsigned char)*fmt++);
			continue;
		}
		const char *start = fmt++;
		int flags = 0, width = 0, prec = -1;
		for (;; fmt++) {
			if (*fmt == '-') flags |= F_MINUS;
			else if (*fmt == '+') flags |= F_PLUS;
			else if (*fmt == ' ') flags |= F_SPACE;
			else if (*fmt == '#') flags |= F_HASH;
			else if (*fmt == '0') flags |= F_ZERO;
			else break;
		}
		if (*fmt == '*') {
			width = va_arg(a, int);
			if (width < 0) {
				flags |= F_MINUS;
				width = width == INT_MIN ? INT_MAX : -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9') {
				if (width < 100000000)
					width = width * 10 + (*fmt - '0');
				fmt++;
			}
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(a, int);
				if (prec < 0)
					prec = -1;
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9') {
					if (prec < 100000000)
						prec = prec * 10 + (*fmt - '0');
					fmt++;
				}
			}
		}
		if (flags & F_MINUS)
			flags &= ~F_ZERO;
		if (flags & F_PLUS)
			flags &= ~F_SPACE;
		/* length: 0 int, 1 hh, 2 h, 3 l, 4 ll, 5 z, 6 j, 7 t, 8 L */
		int len = 0;
		switch (*fmt) {
		case 'h':
			len = 2;
			if (*++fmt == 'h')
				len = 1, fmt++;
			break;
		case 'l':
			len = 3;
			if (*++fmt == 'l')
				len = 4, fmt++;
			break;
		case 'q': len = 4; fmt++; break;
		case 'z': len = 5; fmt++; break;
		case 'j': len = 6; fmt++; break;
		case 't': len = 7; fmt++; break;
		case 'L': len = 8; fmt++; break;
		}
		int conv = *fmt++;
		switch (conv) {
		case 'd':
		case 'i': {
			long long v;
			switch (len) {
			case 1: v = (signed char)va_arg(a, int); break;
			case 2: v = (short)va_arg(a, int); break;
			case 3: v = va_arg(a, long); break;
			case 4: case 8: v = va_arg(a, long long); break;
			case 5: v = (long long)va_arg(a, size_t); break;
			case 6: v = (long long)va_arg(a, intmax_t); break;
			case 7: v = va_arg(a, ptrdiff_t); break;
			default: v = va_arg(a, int); break;
			}
			unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
			fmt_int(&k, flags, width, prec, u, v < 0, 10, 0, conv);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X': {
			unsigned long long v;
			switch (len) {
			case 1: v = (unsigned char)va_arg(a, unsigned); break;
			case 2: v = (unsigned short)va_arg(a, unsigned); break;
			case 3: v = va_arg(a, unsigned long); break;
			case 4: case 8: v = va_arg(a, unsigned long long); break;
			case 5: v = va_arg(a, size_t); break;
			case 6: v = va_arg(a, uintmax_t); break;
			case 7: v = (unsigned long long)va_arg(a, ptrdiff_t); break;
			default: v = va_arg(a, unsigned); break;
			}
			fmt_int(&k, flags & ~(F_PLUS | F_SPACE), width, prec, v, 0,
				conv == 'u' ? 10 : conv == 'o' ? 8 : 16, conv == 'X', conv);
			break;
		}
		case 'p': {
			void *p = va_arg(a, void *);
			if (p == NULL)
				field(&k, flags & ~F_ZERO, width, "", 0, "(nil)", 5, 0, "");
			else
				fmt_int(&k, (flags | F_HASH) & ~(F_PLUS | F_SPACE), width, prec,
					(uintptr_t)p, 0, 16, 0, 'p');
			break;
		}
		case 'c': {
			char c = (char)va_arg(a, int);
			field(&k, flags & ~F_ZERO, width, "", 0, &c, 1, 0, "");
			break;
		}
		case 's': {
			const char *s = va_arg(a, const char *);
			if (s == NULL)
				s = (prec < 0 || prec >= 6) ? "(null)" : "";
			int n = 0;
			while ((prec < 0 || n < prec) && s[n])
				n++;
			field(&k, flags & ~F_ZERO, width, "", 0, s, n, 0, "");
			break;
		}
		case 'n': {
			void *p = va_arg(a, void *);
			switch (len) {
			case 1: *(signed char *)p = (signed char)k.count; break;
			case 2: *(short *)p = (short)k.count; break;
			case 3: *(long *)p = k.count; break;
			case 4: case 8: *(long long *)p = k.count; break;
			case 5: *(size_t *)p = (size_t)k.count; break;
			case 6: *(intmax_t *)p = k.count; break;
			case 7: *(ptrdiff_t *)p = k.count; break;
			default: *(int *)p = k.count; break;
			}
			break;
		}
		case '%':
			put(&k, '%');
			break;
		case 'e': case 'E': case 'f': case 'F':
		case 'g': case 'G': case 'a': case 'A':
#ifndef LIBC_NO_FLOAT
		{
			double v = len == 8 ? (double)va_arg(a, long double) : va_arg(a, double);
			fmt_float(&k, flags, width, prec, v, conv);
			break;
		}
#else
			put(&k, '?');
			break;
#endif
		default:
			/* unknown conversion: print the directive as it is */
			while (start < fmt && *start)
				put(&k, (unsigned char)*start++);
			if (conv == 0) {
				va_end(a);
				return k.count;
			}
			break;
		}
	}
	va_end(a);
	return k.count;
}
