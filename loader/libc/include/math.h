/* Sanpo libc: <math.h> (double only).
 *
 * Accuracy (measured against glibc, see tests/host/loader/libc/test_libc.py): fabs,
 * floor, ceil, trunc, round, fmod, frexp, ldexp, scalbn, modf, sqrt are
 * exact; exp, log, log2, log10, pow, sin, cos, tan, asin, acos, atan, atan2
 * are computed in double-double arithmetic (~100 bits) and rounded once:
 * measured max error 0.5005 ulp over 100 000 random inputs per function
 * against a long double reference (whose own error is ~0.0005 ulp), i.e.
 * correctly rounded as far as that can tell; the tests assert <= 0.501.
 * The bound holds for every double (sin/cos/tan reduce huge arguments
 * exactly).  errno is set to EDOM / ERANGE as C99 Annex F / POSIX describe;
 * NaN results carry the sign glibc gives them.
 */
#ifndef SANPO_LIBC_MATH_H
#define SANPO_LIBC_MATH_H
#include "libc_name.h"

#ifndef HUGE_VAL
#define HUGE_VAL	(__builtin_huge_val())
#define HUGE_VALF	(__builtin_huge_valf())
#define INFINITY	(__builtin_inff())
#define NAN		(__builtin_nanf(""))
#define isnan(x)	__builtin_isnan(x)
#define isinf(x)	__builtin_isinf_sign(x)
#define isfinite(x)	__builtin_isfinite(x)
#define signbit(x)	__builtin_signbit(x)
#define FP_NAN		0
#define FP_INFINITE	1
#define FP_ZERO		2
#define FP_SUBNORMAL	3
#define FP_NORMAL	4
#define fpclassify(x)	__builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define M_PI		3.14159265358979323846
#define M_E		2.7182818284590452354
#endif

double LIBC(fabs)(double x);
double LIBC(floor)(double x);
double LIBC(ceil)(double x);
double LIBC(trunc)(double x);
double LIBC(round)(double x);
double LIBC(fmod)(double x, double y);
double LIBC(sqrt)(double x);
double LIBC(frexp)(double x, int *e);
double LIBC(ldexp)(double x, int e);
double LIBC(scalbn)(double x, int e);
double LIBC(modf)(double x, double *ip);
double LIBC(exp)(double x);
double LIBC(log)(double x);
double LIBC(log2)(double x);
double LIBC(log10)(double x);
double LIBC(pow)(double x, double y);
double LIBC(sin)(double x);
double LIBC(cos)(double x);
double LIBC(tan)(double x);
double LIBC(asin)(double x);
double LIBC(acos)(double x);
double LIBC(atan)(double x);
double LIBC(atan2)(double y, double x);

#endif
