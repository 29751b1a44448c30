/*
 * Sanpo libc: double-double arithmetic for the math functions.
 *
 * A dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2, good for
 * about 106 bits.  Built on the exact two-sum and Dekker's exact
 * product (no FMA needed).  The including file must be compiled with
 * floating-point contraction off (see the pragma below): a fused
 * multiply-add would break the error-free transformations.
 */
#ifndef SANPO_LIBC_MATH_DD_H
#define SANPO_LIBC_MATH_DD_H

#pragma GCC optimize("fp-contract=off")

typedef struct {
	double hi, lo;
} dd;

static inline dd dd_make(double hi, double lo)
{
	dd r = { hi, lo };
	return r;
}

static inline dd quick_two_sum(double a, double b)
{
	double s = a + b;
	return dd_make(s, b - (s - a));
}

static inline dd two_sum(double a, double b)
{
	double s = a + b;
	double bb = s - a;
	return dd_make(s, (a - (s - bb)) + (b - bb));
}

static inline void dd_split(double a, double *hi, double *lo)
{
	double t = 134217729.0 * a;	/* 2^27 + 1 */
	*hi = t - (t - a);
	*lo = a - *hi;
}

static inline dd two_prod(double a, double b)
{
	double p = a * b, ah, al, bh, bl;

	dd_split(a, &ah, &al);
	dd_split(b, &bh, &bl);
	return dd_make(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl);
}

static inline dd dd_add(dd a, dd b)
{
	dd s = two_sum(a.hi, b.hi);
	dd t = two_sum(a.lo, b.lo);
	s.lo += t.hi;
	s = quick_two_sum(s.hi, s.lo);
	s.lo += t.lo;
	return quick_two_sum(s.hi, s.lo);
}

static inline dd dd_neg(dd a)
{
	return dd_make(-a.hi, -a.lo);
}

static inline dd dd_sub(dd a, dd b)
{
	return dd_add(a, dd_neg(b));
}

static inline dd dd_add_d(dd a, double b)
{
	dd s = two_sum(a.hi, b);
	s.lo += a.lo;
	return quick_two_sum(s.hi, s.lo);
}

static inline dd dd_mul(dd a, dd b)
{
	dd p = two_prod(a.hi, b.hi);
	p.lo += a.hi * b.lo + a.lo * b.hi;
	return quick_two_sum(p.hi, p.lo);
}

static inline dd dd_mul_d(dd a, double b)
{
	dd p = two_prod(a.hi, b);
	p.lo += a.lo * b;
	return quick_two_sum(p.hi, p.lo);
}

static inline dd dd_div(dd a, dd b)
{
	double q1 = a.hi / b.hi;
	dd r = dd_sub(a, dd_mul_d(b, q1));
	double q2 = r.hi / b.hi;
	r = dd_sub(r, dd_mul_d(b, q2));
	double q3 = r.hi / b.hi;
	dd q = quick_two_sum(q1, q2);
	return dd_add_d(q, q3);
}

static inline dd dd_div_d(dd a, double b)
{
	return dd_div(a, dd_make(b, 0.0));
}

static inline double libc_sqrt_raw(double x)
{
	double r;
	__asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
	return r;
}

/* sqrt of a dd (a > 0): one Newton step from the double root. */
static inline dd dd_sqrt(dd a)
{
	double s = libc_sqrt_raw(a.hi);
	dd e = dd_sub(a, two_prod(s, s));
	return dd_add_d(dd_make(s, 0.0), e.hi / (2.0 * s));
}

#endif
