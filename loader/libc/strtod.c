/*
 * Sanpo libc: strtod, correctly rounded (round to nearest, ties to even)
 * for every input.
 *
 * Decimal input: an approximation from the first 19 digits is corrected
 * with exact big-integer comparisons of the input against the halfway
 * points between neighbouring doubles (bigint.c).  Only the first 800
 * significant digits are kept, the rest is folded into a sticky digit:
 * halfway points between doubles have at most 767 significant digits, so
 * this cannot change the result.
 *
 * Hex input ("0x1.8p3") is rounded with integer arithmetic.
 *
 * errno = ERANGE on overflow (returns +-HUGE_VAL) and on underflow
 * (a nonzero result that is inexact and tiny, tininess detected after
 * rounding, like glibc; also when the result is 0).  NaN payloads in
 * "nan(...)" are accepted but ignored.
 */
#include "libc_internal.h"
#include "include/stdlib.h"
#include "include/ctype.h"

#define KEEP_DIGITS 800

static int lower(int c)
{
	return c | 32;
}

static int match_ci(const char *s, const char *word)
{
	int n = 0;

	while (word[n]) {
		if (lower((unsigned char)s[n]) != word[n])
			return 0;
		n++;
	}
	return n;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Make a double from m * 2^e rounded to nearest even; `sticky` means
 * "nonzero bits below m".  *range: 1 overflow, -1 underflow (tiny after
 * rounding and inexact, or rounded to zero), else 0. */
static double make_double(uint64_t m, int e, int sticky, int *range)
{
	*range = 0;
	if (m == 0)
		return 0.0;
	int lz = __builtin_clzll(m);
	m <<= lz;
	e -= lz;
	int top = e + 63;		/* exponent of m's top bit */

	/* tininess after rounding to 53 bits with unbounded exponent */
	uint64_t q53 = m >> 11, r11 = m & 0x7ff;
	int up53 = r11 > 0x400 || (r11 == 0x400 && (sticky || (q53 & 1)));
	int ttop = top + (up53 && q53 + 1 == (1ULL << 53));
	if (ttop > 1023) {
		*range = 1;
		return __builtin_inf();
	}
	int tiny = ttop < -1022;

	int drop = 11;
	if (top < -1022)
		drop += -1022 - top;
	uint64_t q;
	int inexact;
	if (drop > 64) {
		*range = -1;
		return 0.0;
	} else if (drop == 64) {
		q = (m > (1ULL << 63) || (m == (1ULL << 63) && sticky)) ? 1 : 0;
		inexact = 1;
	} else {
		uint64_t r = m & ((1ULL << drop) - 1), half = 1ULL << (drop - 1);
		q = m >> drop;
		inexact = r != 0 || sticky;
		if (r > half || (r == half && (sticky || (q & 1))))
			q++;
	}
	if (tiny && inexact)
		*range = -1;
	int expo = top - 63 + drop;	/* exponent of q's lsb */
	if (q == (1ULL << 53)) {
		q >>= 1;
		expo++;
	}
	if (q == 0)
		return 0.0;
	if (q < (1ULL << 52))
		return libc_bitsd(q);	/* subnormal (or DBL_MIN reached below) */
	int be = expo + 1075;
	if (be >= 2047) {
		*range = 1;
		return __builtin_inf();
	}
	return libc_bitsd(((uint64_t)be << 52) | (q & ((1ULL << 52) - 1)));
}

/* ---- decimal: exact comparison against halfway points ---- */

struct dec {
	char dig[KEEP_DIGITS + 2];
	int n;		/* digits kept (first is nonzero) */
	int dexp;	/* value = digits * 10^dexp */
};

/* Compare V = D * 10^dexp with H = h * 2^he.  Returns -1, 0, 1. */
static int cmp_dec(const struct dec *d, uint64_t h, int he)
{
	struct big L, R;

	big_set_u64(&L, 0);
	for (int i = 0; i < d->n; i += 9) {
		uint32_t chunk = 0, mul = 1;
		for (int j = i; j < d->n && j < i + 9; j++) {
			chunk = chunk * 10 + (uint32_t)(d->dig[j] - '0');
			mul *= 10;
		}
		big_mul_small(&L, mul);
		big_add_small(&L, chunk);
	}
	big_set_u64(&R, h);
	if (d->dexp >= 0)
		big_mul_pow5(&L, d->dexp);
	else
		big_mul_pow5(&R, -d->dexp);
	int t = d->dexp - he;
	if (t >= 0)
		big_shl(&L, t);
	else
		big_shl(&R, -t);
	return big_cmp(&L, &R);
}

static double pow10_pos(int k)
{
	static const double small[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	double r = 1;

	while (k > 22) {
		r *= 1e22;
		k -= 22;
	}
	return r * small[k];
}

static double decimal_to_double(struct dec *d, int *range)
{
	*range = 0;
	if (d->n == 0)
		return 0.0;
	int L = d->n + d->dexp;		/* V in [10^(L-1), 10^L) */
	if (L > 310) {
		*range = 1;
		return __builtin_inf();
	}
	if (L < -330) {
		*range = -1;
		return 0.0;
	}
	/* approximation from the first 19 digits */
	uint64_t a = 0;
	int na = d->n < 19 ? d->n : 19;
	for (int i = 0; i < na; i++)
		a = a * 10 + (uint64_t)(d->dig[i] - '0');
	int e = d->dexp + (d->n - na);
	double x = (double)a;
	if (e >= 0) {
		x *= pow10_pos(e);
		if (x > 1.7976931348623157e308)
			x = 1.7976931348623157e308;
	} else if (e >= -300) {
		x /= pow10_pos(-e);
	} else {
		x /= 1e300;
		x /= pow10_pos(-e - 300);
	}
	/* exact: exact integer conversion, and one correctly rounded op */
	if (na == d->n && a < (1ULL << 53) && e >= -22 && e <= 22)
		return x;

	uint64_t bits = libc_dbits(x);
	for (;;) {
		int be = (int)(bits >> 52);
		uint64_t m = bits & ((1ULL << 52) - 1);
		int ex;
		if (be == 0)
			ex = -1074;
		else
			m |= 1ULL << 52, ex = be - 1075;
		/* upper halfway point (2m+1) * 2^(ex-1) */
		int c = cmp_dec(d, 2 * m + 1, ex - 1);
		if (c > 0 || (c == 0 && (m & 1))) {
			bits++;
			if (bits >= 0x7ff0000000000000ULL) {
				*range = 1;
				return __builtin_inf();
			}
			if (c == 0)
				break;
			continue;
		}
		if (c == 0 || bits == 0)
			break;
		/* lower halfway point */
		if (m == (1ULL << 52) && be > 1)
			c = cmp_dec(d, 4 * m - 1, ex - 2);
		else
			c = cmp_dec(d, 2 * m - 1, ex - 1);
		if (c < 0 || (c == 0 && (m & 1))) {
			bits--;
			if (c == 0)
				break;
			continue;
		}
		break;
	}
	/* underflow: tiny (after rounding) and inexact */
	if (bits < 0x0010000000000000ULL) {
		if (bits == 0 || cmp_dec(d, bits, -1074) != 0)
			*range = -1;
	} else if (bits == 0x0010000000000000ULL) {
		/* below DBL_MIN - 2^-1076 rounds to DBL_MIN only as a subnormal */
		if (cmp_dec(d, (1ULL << 54) - 1, -1076) < 0)
			*range = -1;
	}
	return libc_bitsd(bits);
}

double LIBC(strtod)(const char *restrict s, char **restrict end)
{
	const char *p = s;
	int neg = 0, range = 0;
	double r;

	while (LIBC(isspace)((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';

	int n;
	if ((n = match_ci(p, "inf"))) {
		p += n;
		if ((n = match_ci(p, "inity")))
			p += n;
		r = __builtin_inf();
		goto done;
	}
	if ((n = match_ci(p, "nan"))) {
		p += n;
		if (*p == '(') {
			const char *q = p + 1;
			while (LIBC(isalnum)((unsigned char)*q) || *q == '_')
				q++;
			if (*q == ')')
				p = q + 1;
		}
		r = __builtin_nan("");
		goto done;
	}

	if (p[0] == '0' && lower((unsigned char)p[1]) == 'x' &&
	    (hexval((unsigned char)p[2]) >= 0 ||
	     (p[2] == '.' && hexval((unsigned char)p[3]) >= 0))) {
		/* hexadecimal */
		uint64_t m = 0;
		int e = 0, sticky = 0, seen_point = 0;
		p += 2;
		for (;; p++) {
			int v;
			if (*p == '.' && !seen_point) {
				seen_point = 1;
				continue;
			}
			if ((v = hexval((unsigned char)*p)) < 0)
				break;
			if (m >> 60) {
				/* no room: the digit only counts as sticky */
				sticky |= v != 0;
				if (!seen_point)
					e += 4;
			} else {
				m = m * 16 + (uint64_t)v;
				if (seen_point)
					e -= 4;
			}
		}
		if (lower((unsigned char)*p) == 'p') {
			const char *q = p + 1;
			int eneg = 0;
			long ev = 0;
			if (*q == '+' || *q == '-')
				eneg = *q++ == '-';
			if (*q >= '0' && *q <= '9') {
				while (*q >= '0' && *q <= '9') {
					if (ev < 100000)
						ev = ev * 10 + (*q - '0');
					q++;
				}
				e += (int)(eneg ? -ev : ev);
				p = q;
			}
		}
		r = make_double(m, e, sticky, &range);
		goto done;
	}

	/* decimal */
	{
		struct dec d;
		int any = 0, seen_point = 0, sticky = 0;
		d.n = 0;
		d.dexp = 0;
		for (;; p++) {
			if (*p == '.' && !seen_point) {
				seen_point = 1;
				continue;
			}
			if (*p < '0' || *p > '9')
				break;
			any = 1;
			if (d.n == 0 && *p == '0') {
				if (seen_point)
					d.dexp--;
				continue;
			}
			if (d.n < KEEP_DIGITS) {
				d.dig[d.n++] = *p;
				if (seen_point)
					d.dexp--;
			} else {
				sticky |= *p != '0';
				if (!seen_point)
					d.dexp++;
			}
		}
		if (!any) {
			if (end)
				*end = (char *)s;
			return 0.0;
		}
		if (lower((unsigned char)*p) == 'e') {
			const char *q = p + 1;
			int eneg = 0;
			long ev = 0;
			if (*q == '+' || *q == '-')
				eneg = *q++ == '-';
			if (*q >= '0' && *q <= '9') {
				while (*q >= '0' && *q <= '9') {
					if (ev < 100000)
						ev = ev * 10 + (*q - '0');
					q++;
				}
				d.dexp += (int)(eneg ? -ev : ev);
				p = q;
			}
		}
		if (sticky) {
			d.dig[d.n++] = '1';
			d.dexp--;
		}
		/* drop trailing zeros (smaller big integers) */
		while (d.n > 0 && d.dig[d.n - 1] == '0') {
			d.n--;
			d.dexp++;
		}
		if (d.n == 0)
			d.dexp = 0;
		r = decimal_to_double(&d, &range);
	}
done:
	if (range)
		LIBC(errno) = ERANGE;
	if (end)
		*end = (char *)p;
	return neg ? -r : r;
}
