/*
 * Sanpo libc: atan atan2 asin acos, in double-double.
 *
 * atan(a), 0 <= a <= 1: three argument halvings a -> a/(1+sqrt(1+a^2))
 * bring a below 0.0985, then the odd Taylor series; larger arguments use
 * pi/2 - atan(1/a).  asin and acos go through atan2 of (x, sqrt(1-x^2))
 * with 1-x^2 formed exactly.  Rounded once: < 1 ulp.
 */
#include "libc_internal.h"
#include "include/math.h"
#include "math_dd.h"
#include "math_consts.h"

/* atan of a dd 0 <= a <= 1 */
static dd atan_small(dd a)
{
	for (int i = 0; i < 3; i++) {
		dd q = dd_add_d(dd_mul(a, a), 1.0);
		a = dd_div(a, dd_add_d(dd_sqrt(q), 1.0));
	}
	dd a2 = dd_mul(a, a);
	dd s = dd_div_d(dd_make(1.0, 0.0), 37.0);
	for (int j = 17; j >= 0; j--) {
		dd c = dd_div_d(dd_make(1.0, 0.0), (double)(2 * j + 1));
		s = dd_sub(c, dd_mul(a2, s));
	}
	dd r = dd_mul(a, s);
	return dd_make(8.0 * r.hi, 8.0 * r.lo);
}

/* atan2 for y, x >= 0 (dd, not both 0, ratio within 2^+-61) */
static dd atan2_pos(dd y, dd x)
{
	if (y.hi <= x.hi)
		return atan_small(dd_div(y, x));
	return dd_sub(DD_PIO2, atan_small(dd_div(x, y)));
}

double LIBC(atan2)(double y, double x)
{
	if (x != x || y != y)
		return x + y;
	int sy = __builtin_signbit(y), sx = __builtin_signbit(x);
	double ay = LIBC(fabs)(y), ax = LIBC(fabs)(x);
	double inf = __builtin_inf();
	dd r;

	if (ay == 0) {
		/* atan2(+-0, +x or +0) = +-0; atan2(+-0, -x or -0) = +-pi */
		if (!sx)
			return y;
		r = DD_PI;
	} else if (ax == 0) {
		r = DD_PIO2;
		sx = 0;
	} else if (ax == inf) {
		if (ay == inf)
			r = sx ? dd_make(2.356194490192345, 9.184850993605148e-17)
			       : dd_make(0.7853981633974483, 3.061616997868383e-17);
		else
			r = sx ? DD_PI : dd_make(0.0, 0.0);
		sx = 0;
	} else if (ay == inf) {
		r = DD_PIO2;
		sx = 0;
	} else {
		int ey, ex;
		(void)LIBC(frexp)(ay, &ey);
		(void)LIBC(frexp)(ax, &ex);
		if (ey - ex > 60) {
			r = DD_PIO2;		/* atan(huge) */
			if (!sx)
				r = dd_sub(r, dd_make(ax / ay, 0.0));
		} else if (ex - ey > 60) {
			if (!sx) {
				/* atan(tiny) = tiny, correctly rounded quotient */
				double q = ay / ax;
				if (q < 0x1p-1022)
					LIBC(errno) = ERANGE;
				return sy ? -q : q;
			}
			r = dd_make(0.0, 0.0);
			r = dd_sub(DD_PI, dd_make(ay / ax, 0.0));
			sx = 0;
		} else {
			/* same scaling for both keeps the ratio exact */
			int sc = -(ex > ey ? ex : ey);
			double y2 = LIBC(scalbn)(ay, sc), x2 = LIBC(scalbn)(ax, sc);
			r = atan2_pos(dd_make(y2, 0.0), dd_make(x2, 0.0));
		}
		if (sx)
			r = dd_sub(DD_PI, r);
		sx = 0;
	}
	(void)sx;
	double v = r.hi + r.lo;
	return sy ? -v : v;
}

double LIBC(atan)(double x)
{
	if (x != x)
		return x + x;
	if (LIBC(fabs)(x) < 0x1p-27)
		return x;
	return LIBC(atan2)(x, 1.0);
}

/* sqrt(1 - x^2) in dd for |x| < 1 */
static dd sqrt_1mx2(double ax)
{
	dd t;

	if (ax >= 0.5)
		t = dd_mul(dd_make(1.0 - ax, 0.0), two_sum(1.0, ax));
	else
		t = dd_sub(dd_make(1.0, 0.0), two_prod(ax, ax));
	return dd_sqrt(t);
}

double LIBC(asin)(double x)
{
	double ax = LIBC(fabs)(x);

	if (x != x)
		return x + x;
	if (ax > 1.0) {
		LIBC(errno) = EDOM;
		return __builtin_nan("");	/* +nan, as glibc */
	}
	if (ax < 0x1p-27)
		return x;
	dd r;
	if (ax == 1.0)
		r = DD_PIO2;
	else
		r = atan2_pos(dd_make(ax, 0.0), sqrt_1mx2(ax));
	double v = r.hi + r.lo;
	return x < 0 ? -v : v;
}

double LIBC(acos)(double x)
{
	double ax = LIBC(fabs)(x);

	if (x != x)
		return x + x;
	if (ax > 1.0) {
		LIBC(errno) = EDOM;
		return __builtin_nan("");	/* +nan, as glibc */
	}
	if (x == 1.0)
		return 0.0;
	if (x == -1.0)
		return DD_PI.hi + DD_PI.lo;
	if (ax < 0x1p-60)
		return DD_PIO2.hi + DD_PIO2.lo;
	dd r = atan2_pos(sqrt_1mx2(ax), dd_make(ax, 0.0));
	if (x < 0)
		r = dd_sub(DD_PI, r);
	return r.hi + r.lo;
}
