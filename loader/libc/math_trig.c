/*
 * Sanpo libc: sin cos tan.
 *
 * Argument reduction x = n pi/2 + r is exact enough for every double:
 * Payne-Hanek style, multiplying the 53-bit significand by a 288-bit
 * window of the binary expansion of 2/pi (math_consts.h) and keeping 192
 * fraction bits, so even the worst cancellation (about 2^-61 for doubles)
 * leaves > 120 good bits.  The kernels are Taylor series in double-double
 * on |r| <= pi/4, rounded once at the end (< 1 ulp, almost always
 * correctly rounded).
 */
#include "libc_internal.h"
#include "include/math.h"
#include "math_dd.h"
#include "math_consts.h"

/* 32 bits of the little-endian limb array p starting at bit `pos` */
static uint32_t bits32(const uint32_t *p, int n, int pos)
{
	int w = pos / 32, b = pos % 32;
	uint64_t v = 0;

	if (w < n)
		v = p[w];
	if (w + 1 < n)
		v |= (uint64_t)p[w + 1] << 32;
	return (uint32_t)(v >> b);
}

/* |x| > pi/4, finite: returns n mod 4 and r = |x| - n pi/2 (dd) */
static int rem_pio2(double ax, dd *r)
{
	uint64_t u = libc_dbits(ax);
	int be = (int)(u >> 52);
	uint64_t M = (u & 0x000fffffffffffffULL) | (1ULL << 52);
	int E = be - 1075;			/* ax = M * 2^E */
	int j0 = E - 1 > 1 ? E - 1 : 1;		/* first useful bit of 2/pi */
	int w0 = (j0 - 1) / 32;

	/* W = 9 words of 2/pi from word w0, as a little-endian integer */
	uint32_t W[9];
	for (int i = 0; i < 9; i++)
		W[i] = TWO_OVER_PI[w0 + 8 - i];
	/* P = M * W, 11 limbs */
	uint32_t P[11];
	uint32_t m0 = (uint32_t)M, m1 = (uint32_t)(M >> 32);
	for (int i = 0; i < 11; i++)
		P[i] = 0;
	for (int i = 0; i < 9; i++) {
		uint64_t c = 0;
		uint64_t t = (uint64_t)W[i] * m0 + P[i] + c;
		P[i] = (uint32_t)t;
		c = t >> 32;
		t = (uint64_t)W[i] * m1 + P[i + 1] + c;
		P[i + 1] = (uint32_t)t;
		c = t >> 32;
		for (int k = i + 2; c && k < 11; k++) {
			t = (uint64_t)P[k] + c;
			P[k] = (uint32_t)t;
			c = t >> 32;
		}
	}
	/* ax * 2/pi = P * 2^-S (mod 4) */
	int S = 32 * w0 + 288 - E;
	int n = (int)(bits32(P, 11, S) & 3);
	uint32_t g[6];				/* fraction bits [S-192, S) */
	for (int i = 0; i < 6; i++)
		g[i] = bits32(P, 11, S - 192 + 32 * i);
	int neg = 0;
	if (g[5] >> 31) {
		/* fraction >= 1/2: use fraction - 1, n + 1 */
		n = (n + 1) & 3;
		neg = 1;
		uint64_t c = 1;
		for (int i = 0; i < 6; i++) {
			uint64_t t = (uint64_t)(uint32_t)~g[i] + c;
			g[i] = (uint32_t)t;
			c = t >> 32;
		}
	}
	dd f = dd_make(0.0, 0.0);
	double sc = 0x1p-32;
	for (int i = 5; i >= 0; i--) {
		f = dd_add_d(f, (double)g[i] * sc);
		sc *= 0x1p-32;
	}
	f = dd_mul(f, DD_PIO2);
	*r = neg ? dd_neg(f) : f;
	return n;
}

/* reduce any finite x: n mod 4 and r */
static int reduce(double x, dd *r)
{
	double ax = LIBC(fabs)(x);

	if (ax <= 0.78539816339744828) {
		*r = dd_make(x, 0.0);
		return 0;
	}
	int n = rem_pio2(ax, r);
	if (x < 0) {
		*r = dd_neg(*r);
		n = (4 - n) & 3;
	}
	return n;
}

static dd sin_kernel(dd r)
{
	dd r2 = dd_mul(r, r);
	dd p = dd_make(1.0, 0.0);

	/* sin r = r (1 - r^2/(2*3) (1 - r^2/(4*5) (...))) */
	for (int j = 14; j >= 1; j--)
		p = dd_sub(dd_make(1.0, 0.0),
			   dd_div_d(dd_mul(r2, p), (double)((2 * j) * (2 * j + 1))));
	return dd_mul(r, p);
}

static dd cos_kernel(dd r)
{
	dd r2 = dd_mul(r, r);
	dd p = dd_make(1.0, 0.0);

	/* cos r = 1 - r^2/(1*2) (1 - r^2/(3*4) (...)) */
	for (int j = 14; j >= 1; j--)
		p = dd_sub(dd_make(1.0, 0.0),
			   dd_div_d(dd_mul(r2, p), (double)((2 * j - 1) * (2 * j))));
	return p;
}

double LIBC(sin)(double x)
{
	if (x != x)
		return x + x;
	if (x == __builtin_inf() || x == -__builtin_inf()) {
		LIBC(errno) = EDOM;
		return x - x;
	}
	if (LIBC(fabs)(x) < 0x1p-27)
		return x;
	dd r, v;
	int n = reduce(x, &r);
	switch (n) {
	case 0: v = sin_kernel(r); break;
	case 1: v = cos_kernel(r); break;
	case 2: v = dd_neg(sin_kernel(r)); break;
	default: v = dd_neg(cos_kernel(r)); break;
	}
	return v.hi + v.lo;
}

double LIBC(cos)(double x)
{
	if (x != x)
		return x + x;
	if (x == __builtin_inf() || x == -__builtin_inf()) {
		LIBC(errno) = EDOM;
		return x - x;
	}
	if (LIBC(fabs)(x) < 0x1p-27)
		return 1.0;
	dd r, v;
	int n = reduce(x, &r);
	switch (n) {
	case 0: v = cos_kernel(r); break;
	case 1: v = dd_neg(sin_kernel(r)); break;
	case 2: v = dd_neg(cos_kernel(r)); break;
	default: v = sin_kernel(r); break;
	}
	return v.hi + v.lo;
}

double LIBC(tan)(double x)
{
	if (x != x)
		return x + x;
	if (x == __builtin_inf() || x == -__builtin_inf()) {
		LIBC(errno) = EDOM;
		return x - x;
	}
	if (LIBC(fabs)(x) < 0x1p-27)
		return x;
	dd r, v;
	int n = reduce(x, &r);
	dd s = sin_kernel(r), c = cos_kernel(r);
	if (n & 1)
		v = dd_neg(dd_div(c, s));
	else
		v = dd_div(s, c);
	return v.hi + v.lo;
}
