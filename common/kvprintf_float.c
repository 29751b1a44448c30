/*
 * printf's floating-point conversions (e E f F g G a A) for the engine in
 * kvprintf.c, in programs that have doubles (-DKVPRINTF_FLOAT: the loader,
 * the host tests).
 *
 * Exact: the decimal digits come from the exact binary value (big-integer
 * expansion, bigint.c) and are rounded half-to-even on that exact value,
 * which is what glibc does in the default rounding mode, so the output is
 * byte-for-byte glibc's (the host tests compare 100 000 doubles in 35
 * formats).  `L` reads a long double but formats it as the nearest double.
 */
#include <stdint.h>
#include <sanpo/bigint.h>

#include "common/kvprintf_internal.h"

static inline uint64_t
kv_dbits(double d)
{
	union { double d; uint64_t u; } v = { .d = d };

	return (v.u);
}


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
	uint64_t bits = kv_dbits(x);
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
		big_set_u64(&ip, m);
		big_shl(&ip, e2);
		big_set_u64(&d->frac, 0);
	} else if (e2 > -64) {
		big_set_u64(&ip, m >> -e2);
		big_set_u64(&d->frac, m & ((1ULL << -e2) - 1));
		d->s = -e2;
	} else {
		big_set_u64(&ip, 0);
		big_set_u64(&d->frac, m);
		d->s = -e2;
	}
	/* integer digits, 9 at a time from the bottom */
	char tmp[INT_DIGITS_MAX];
	int n = 0;
	while (!big_is_zero(&ip)) {
		uint32_t r = big_divmod_small(&ip, 1000000000u);
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

	if (!big_is_zero(f)) {
		big_mul_small(f, 1000000000u);
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
	return big_is_zero(&d->frac);
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

void
kv_float(struct kvsink *k, int flags, int width, int prec, double x, int conv)
{
	int upper = conv >= 'A' && conv <= 'Z';
	int lc = conv | 32;
	char pre[4] = "";
	uint64_t bits = kv_dbits(x);
	int neg = (int)(bits >> 63);

	if (neg)
		pre[0] = '-';
	else if (flags & KV_PLUS)
		pre[0] = '+';
	else if (flags & KV_SPACE)
		pre[0] = ' ';
	if (neg)
		x = -x;
	if (x != x || x == __builtin_inf()) {
		const char *s = x != x ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
		kv_field(k, flags & ~KV_ZERO, width, pre, 0, s, 3, 0, "");
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
		if (prec > 0 || (flags & KV_HASH))
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
		kv_field(k, flags, width, pre2, 0, body, n, tz, tail);
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
		strip = !(flags & KV_HASH);
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
		if (nd > 1 || zp > 0 || (flags & KV_HASH))
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
			if (fr > 0 || (zp > 0) || (flags & KV_HASH))
				body[bn++] = '.';
			for (; i < nd; i++)
				body[bn++] = dig[i];
			tz = zp;
		} else {
			body[bn++] = '0';
			if (nd > 0 || zp > 0 || (flags & KV_HASH))
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
		if (nf > 0 || tz > 0 || (flags & KV_HASH))
			body[bn++] = '.';
		for (int i = 0; i < nf; i++)
			body[bn++] = dig[ni + i];
	}
	kv_field(k, flags, width, pre, 0, body, bn, tz, tail);
}
