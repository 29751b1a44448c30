/*
 * Sanpo libc: exp log log2 log10 pow.
 *
 * Everything is evaluated in double-double (math_dd.h, ~100 bits) and
 * rounded once at the end, so results are within 0.5 ulp + 2^-90
 * relative: in practice correctly rounded, always < 1 ulp.
 *   exp: x = k ln2 + r, e^(r/256) by Taylor series, squared 8 times.
 *   log: x = 2^k m, m in [0.707, 1.414), log m = 2 atanh((m-1)/(m+1)).
 *   pow: exp(y log|x|) with both steps in double-double.
 */
#include "libc_internal.h"
#include "include/math.h"
#include "math_dd.h"
#include "math_consts.h"

static double nearest_int(double x)
{
	return LIBC(floor)(x + 0.5);
}

/* e^t for a dd t with |t| < 746; the result is 2^k * (hi + lo). */
static dd exp_core(dd t, int *kout)
{
	double k = nearest_int(t.hi * DD_INV_LN2.hi);
	dd r = dd_sub(t, dd_mul_d(DD_LN2, k));
	dd s = dd_make(r.hi * 0x1p-8, r.lo * 0x1p-8);	/* |s| < 0.0014 */
	/* e^s - 1 = s (1 + s/2 (1 + s/3 (1 + ... s/13))) */
	dd p = dd_make(1.0, 0.0);
	for (int n = 13; n >= 2; n--)
		p = dd_add_d(dd_div_d(dd_mul(s, p), (double)n), 1.0);
	dd em1 = dd_mul(s, p);
	/* (e^s - 1) -> (e^2s - 1) = em1 (em1 + 2), 8 times */
	for (int i = 0; i < 8; i++)
		em1 = dd_mul(em1, dd_add_d(em1, 2.0));
	*kout = (int)k;
	return dd_add_d(em1, 1.0);
}

/* Round hi+lo scaled by 2^k, setting errno on overflow/underflow. */
static double finish_scaled(dd v, int k)
{
	double h = v.hi + v.lo;
	double r = LIBC(scalbn)(h, k);

	if (LIBC(fabs)(r) < 0x1p-1022 && h > 0) {
		/* subnormal: scalbn rounded h alone; redo the rounding with
		 * the exact residual h - r 2^-k plus the low part, so the
		 * result is rounded once (no double rounding) */
		double lo = v.lo - (h - v.hi);		/* exact */
		double back = LIBC(scalbn)(r, -k);	/* exact */
		dd res = two_sum(h - back, lo);		/* h - back exact */
		double half = LIBC(scalbn)(0x1p-1074, -k - 1);
		uint64_t b = libc_dbits(r);
		if (res.hi > half || (res.hi == half && (res.lo > 0 || (res.lo == 0 && (b & 1)))))
			r = libc_bitsd(b + 1);
		else if (res.hi < -half ||
			 (res.hi == -half && (res.lo < 0 || (res.lo == 0 && (b & 1)))))
			r = libc_bitsd(b - 1);
	}

	if (r == __builtin_inf() || r == 0 || LIBC(fabs)(r) < 0x1p-1022)
		LIBC(errno) = ERANGE;
	return r;
}

static double exp_dd(dd t)
{
	int k;

	if (t.hi > 709.8) {
		LIBC(errno) = ERANGE;
		return __builtin_inf();
	}
	if (t.hi < -745.2) {
		LIBC(errno) = ERANGE;
		return 0.0;
	}
	dd v = exp_core(t, &k);
	return finish_scaled(v, k);
}

double LIBC(exp)(double x)
{
	if (x != x)
		return x + x;
	if (x == __builtin_inf())
		return x;
	if (x == -__builtin_inf())
		return 0.0;
	if (LIBC(fabs)(x) < 0x1p-60)
		return 1.0 + x;
	return exp_dd(dd_make(x, 0.0));
}

/*
 * log of a positive finite x: k and log(m) in dd, x = 2^k m.
 */
static dd log_parts(double x, int *kout)
{
	uint64_t u = libc_dbits(x);
	int k = 0;

	if ((u >> 52) == 0) {		/* subnormal */
		x *= 0x1p64;
		u = libc_dbits(x);
		k = -64;
	}
	k += (int)(u >> 52) - 1023;
	double m = libc_bitsd((u & 0x000fffffffffffffULL) | (1023ULL << 52));
	if (m > 1.4142135623730951) {
		m *= 0.5;
		k++;
	}
	*kout = k;
	if (m == 1.0)
		return dd_make(0.0, 0.0);
	/* s = (m-1)/(m+1); log m = 2 (s + s^3/3 + s^5/5 + ...) */
	dd num = dd_make(m - 1.0, 0.0);		/* exact */
	dd den = two_sum(m, 1.0);
	dd s = dd_div(num, den);
	dd s2 = dd_mul(s, s);
	dd sum = dd_div_d(dd_make(1.0, 0.0), 45.0);
	for (int j = 21; j >= 0; j--)
		sum = dd_add(dd_div_d(dd_make(1.0, 0.0), (double)(2 * j + 1)),
			     dd_mul(s2, sum));
	dd r = dd_mul(s, sum);
	return dd_make(2.0 * r.hi, 2.0 * r.lo);
}

/* natural log of x > 0 in dd */
static dd log_dd(double x)
{
	int k;
	dd lm = log_parts(x, &k);

	return dd_add(dd_mul_d(DD_LN2, (double)k), lm);
}

/* shared special cases; returns 1 and *r if x is not a positive finite.
 * The NaN for x < 0 has the sign glibc gives it (-nan for log and log2,
 * +nan for log10), so that printed results match. */
static int log_special(double x, double *r, int pos_nan)
{
	if (x != x) {
		*r = x + x;
		return 1;
	}
	if (x == 0) {
		LIBC(errno) = ERANGE;
		*r = -__builtin_inf();
		return 1;
	}
	if (x < 0) {
		LIBC(errno) = EDOM;
		*r = pos_nan ? __builtin_nan("") : libc_invalid();
		return 1;
	}
	if (x == __builtin_inf()) {
		*r = x;
		return 1;
	}
	return 0;
}

double LIBC(log)(double x)
{
	double r;

	if (log_special(x, &r, 0))
		return r;
	dd l = log_dd(x);
	return l.hi + l.lo;
}

double LIBC(log2)(double x)
{
	double r;
	int k;

	if (log_special(x, &r, 0))
		return r;
	dd lm = log_parts(x, &k);
	dd l = dd_add_d(dd_mul(lm, DD_INV_LN2), (double)k);
	return l.hi + l.lo;
}

double LIBC(log10)(double x)
{
	double r;

	if (log_special(x, &r, 1))
		return r;
	dd l = dd_mul(log_dd(x), DD_INV_LN10);
	return l.hi + l.lo;
}

/* 0: not an integer, 1: odd integer, 2: even integer */
static int int_kind(double y)
{
	if (LIBC(trunc)(y) != y)
		return 0;
	if (LIBC(fabs)(y) >= 0x1p53)
		return 2;
	return ((long long)y & 1) ? 1 : 2;
}

double LIBC(pow)(double x, double y)
{
	if (y == 0 || x == 1.0)
		return 1.0;
	if (x != x || y != y)
		return x + y;
	double ax = LIBC(fabs)(x), ay = LIBC(fabs)(y);
	int yk = int_kind(y);
	if (ay == __builtin_inf()) {
		if (ax == 1.0)
			return 1.0;
		if ((ax < 1.0) == (y < 0))
			return __builtin_inf();
		return 0.0;
	}
	if (x == 0) {
		int neg = yk == 1 && __builtin_signbit(x);
		if (y < 0) {
			LIBC(errno) = ERANGE;
			return neg ? -__builtin_inf() : __builtin_inf();
		}
		return neg ? -0.0 : 0.0;
	}
	if (ax == __builtin_inf()) {
		int neg = x < 0 && yk == 1;
		if (y < 0)
			return neg ? -0.0 : 0.0;
		return neg ? -__builtin_inf() : __builtin_inf();
	}
	int neg = 0;
	if (x < 0) {
		if (yk == 0) {
			LIBC(errno) = EDOM;
			return libc_invalid();
		}
		neg = yk == 1;
	}
	double r;
	if (ax == 1.0) {
		r = 1.0;			/* (-1)^integer */
	} else if (ay > 0x1p70) {
		/* |log x| >= 2^-53 when x != 1: certainly out of range */
		LIBC(errno) = ERANGE;
		r = (ax > 1.0) == (y > 0) ? __builtin_inf() : 0.0;
	} else {
		dd t = dd_mul_d(log_dd(ax), y);
		r = exp_dd(t);
	}
	return neg ? -r : r;
}
