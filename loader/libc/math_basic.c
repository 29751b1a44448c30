/* Sanpo libc: the exact math functions: fabs floor ceil trunc round fmod
 * sqrt frexp ldexp scalbn modf (bit manipulation / integer arithmetic). */
#include "libc_internal.h"
#include "include/math.h"
#include "math_dd.h"

#define EXP_MASK 0x7ff0000000000000ULL
#define MANT_MASK 0x000fffffffffffffULL
#define SIGN_BIT 0x8000000000000000ULL

double LIBC(fabs)(double x)
{
	return libc_bitsd(libc_dbits(x) & ~SIGN_BIT);
}

double LIBC(trunc)(double x)
{
	uint64_t u = libc_dbits(x);
	int e = (int)((u >> 52) & 0x7ff) - 1023;

	if (e >= 52)
		return x;		/* integral, inf or nan */
	if (e < 0)
		return libc_bitsd(u & SIGN_BIT);
	return libc_bitsd(u & ~(MANT_MASK >> e));
}

double LIBC(floor)(double x)
{
	double t = LIBC(trunc)(x);

	if (t != x && x < 0)
		return t - 1.0;
	return t;
}

double LIBC(ceil)(double x)
{
	double t = LIBC(trunc)(x);

	if (t != x && x > 0)
		return t + 1.0;
	if (t == 0 && x < 0)
		return -0.0;
	return t;
}

double LIBC(round)(double x)
{
	double t = LIBC(trunc)(x);
	double d = x - t;	/* exact */

	if (d >= 0.5)
		return t + 1.0;
	if (d <= -0.5)
		return t - 1.0;
	return t;
}

double LIBC(modf)(double x, double *ip)
{
	double t = LIBC(trunc)(x);

	*ip = t;
	if (x != x)
		return x;
	if (t == x)
		return libc_bitsd(libc_dbits(x) & SIGN_BIT);	/* +-0, also for inf */
	return x - t;
}

double LIBC(sqrt)(double x)
{
	if (x < 0)
		LIBC(errno) = EDOM;
	return libc_sqrt_raw(x);
}

double LIBC(frexp)(double x, int *e)
{
	uint64_t u = libc_dbits(x);
	int be = (int)((u >> 52) & 0x7ff);

	*e = 0;
	if (be == 0x7ff || x == 0)
		return x;
	if (be == 0) {
		/* subnormal: normalize */
		x *= 0x1p64;
		u = libc_dbits(x);
		be = (int)((u >> 52) & 0x7ff);
		*e = -64;
	}
	*e += be - 1022;
	return libc_bitsd((u & ~EXP_MASK) | (1022ULL << 52));
}

/* x * 2^n, correctly rounded (only subnormal results round). */
double LIBC(scalbn)(double x, int n)
{
	uint64_t u = libc_dbits(x);
	uint64_t sign = u & SIGN_BIT;
	int be = (int)((u >> 52) & 0x7ff);
	uint64_t m = u & MANT_MASK;

	if (be == 0x7ff || x == 0 || n == 0)
		return x;
	if (be == 0) {
		int lz = __builtin_clzll(m) - 11;	/* bring top bit to 52 */
		m <<= lz;
		be = 1 - lz;
	} else {
		m |= 1ULL << 52;
	}
	/* value = m * 2^(be - 1075), m in [2^52, 2^53) */
	long ne = (long)be + n;
	if (ne >= 0x7ff) {
		LIBC(errno) = ERANGE;
		return libc_bitsd(sign | EXP_MASK);
	}
	if (ne >= 1)
		return libc_bitsd(sign | ((uint64_t)ne << 52) | (m & MANT_MASK));
	/* subnormal: shift right by 1 - ne with round-half-even */
	long sh = 1 - ne;
	if (sh > 53) {
		LIBC(errno) = ERANGE;
		return libc_bitsd(sign);
	}
	uint64_t q = m >> sh, r = m & ((1ULL << sh) - 1), half = 1ULL << (sh - 1);
	if (r > half || (r == half && (q & 1)))
		q++;
	if (r)
		LIBC(errno) = ERANGE;
	return libc_bitsd(sign | q);	/* q == 2^52 gives DBL_MIN: right */
}

double LIBC(ldexp)(double x, int n)
{
	return LIBC(scalbn)(x, n);
}

double LIBC(fmod)(double x, double y)
{
	uint64_t ux = libc_dbits(x), uy = libc_dbits(y);
	int ex = (int)((ux >> 52) & 0x7ff), ey = (int)((uy >> 52) & 0x7ff);
	uint64_t sx = ux & SIGN_BIT;

	if (x != x || y != y)
		return x + y;
	if (ex == 0x7ff || y == 0) {
		LIBC(errno) = EDOM;
		return (x * y) / (x * y);	/* NaN */
	}
	if (ey == 0x7ff)
		return x;
	uint64_t ax = ux & ~SIGN_BIT, ay = uy & ~SIGN_BIT;
	if (ax < ay)
		return x;
	if (ax == ay)
		return libc_bitsd(sx);
	uint64_t mx = ux & MANT_MASK, my = uy & MANT_MASK;
	/* exponents of the lsb: subnormals have be 0 but scale like 1 */
	if (ex)
		mx |= 1ULL << 52;
	else
		ex = 1;
	if (ey)
		my |= 1ULL << 52;
	else
		ey = 1;
	/* x = mx * 2^ex', y = my * 2^ey' (same bias); ex >= ey here */
	int d = ex - ey;
	mx %= my;
	while (d > 0 && mx) {
		int s = d < 11 ? d : 11;
		mx = (mx << s) % my;
		d -= s;
	}
	if (mx == 0)
		return libc_bitsd(sx);
	/* result = mx * 2^(ey - 1075) */
	int lz = __builtin_clzll(mx) - 11;
	int be = ey;
	if (be - lz >= 1) {
		mx <<= lz;
		be -= lz;
		return libc_bitsd(sx | ((uint64_t)be << 52) | (mx & MANT_MASK));
	}
	/* subnormal: value = mx * 2^(ey-1075); subnormal lsb is 2^-1074 */
	mx <<= (be - 1);
	return libc_bitsd(sx | mx);
}
