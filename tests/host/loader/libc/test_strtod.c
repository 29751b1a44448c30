/* Host test: sanpo strtod / strtol family vs glibc (value bits, endptr,
 * errno).  usage: test_strtod N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <limits.h>
#include "sanpo_libc.h"

static long checked, bad;

static void cmp_strtod(const char *s)
{
	char *ge, *me;

	errno = 0;
	double g = strtod(s, &ge);
	int gerr = errno;
	sanpo_errno = 0;
	double m = sanpo_strtod(s, &me);
	int merr = sanpo_errno;
	checked++;
	int same = (isnan(g) && isnan(m) && !signbit(g) == !signbit(m)) ||
		   d2bits(g) == d2bits(m);
	if (!same || ge != me || gerr != merr) {
		if (bad++ < 30)
			printf("MISMATCH strtod(\"%.120s\")\n  glibc %a end+%ld errno %d\n"
			       "  sanpo %a end+%ld errno %d\n", s, g, (long)(ge - s),
			       gerr, m, (long)(me - s), merr);
	}
}

static void roundtrip(const char *fmt, double v, int use_sanpo_fmt)
{
	char buf[64];

	if (use_sanpo_fmt)
		sanpo_snprintf(buf, sizeof buf, fmt, v);
	else
		snprintf(buf, sizeof buf, fmt, v);
	char *end;
	double r = sanpo_strtod(buf, &end);
	checked++;
	if ((d2bits(r) != d2bits(v) && !(isnan(r) && isnan(v))) || *end) {
		if (bad++ < 30)
			printf("ROUNDTRIP %s of %a: \"%s\" -> %a\n", fmt, v, buf, r);
	}
}

static double random_double(void)
{
	switch (rnd(4)) {
	case 0: case 1:
		return bits2d(rnd64());
	case 2:
		return bits2d(rnd64() & 0x800fffffffffffffULL);
	default:
		return (double)(int64_t)rnd64() / (double)(1 + rnd(1000000));
	}
}

/* random decimal string */
static void random_decimal(char *s, size_t cap)
{
	size_t k = 0;
	int ndig = rnd(8) == 0 ? 1 + (int)rnd(900) : 1 + (int)rnd(40);
	int point = (int)rnd((uint64_t)ndig + 2) - 1;

	if (rnd(8) == 0)
		s[k++] = ' ';
	if (rnd(3) == 0)
		s[k++] = rnd(2) ? '-' : '+';
	if (rnd(4) == 0)
		for (int z = (int)rnd(5); z > 0; z--)
			s[k++] = '0';
	for (int i = 0; i < ndig && k < cap - 20; i++) {
		if (i == point)
			s[k++] = '.';
		s[k++] = (char)('0' + (rnd(6) == 0 ? 9 : rnd(10)));
	}
	if (rnd(4))
		k += (size_t)snprintf(s + k, cap - k, "%c%d", rnd(2) ? 'e' : 'E',
				      (int)rnd(700) - 360 - (ndig > 300 ? 400 : 0));
	if (rnd(10) == 0)
		s[k++] = "xe.+-"[rnd(5)];
	s[k] = 0;
}

static void cmp_strtol(const char *s, int base)
{
	char *ge, *me;
	long gl, ml;
	unsigned long gul, mul;
	long long gll, mll;
	unsigned long long gull, mull;
	int gerr, merr;
	/* glibc leaves endptr untouched for an invalid base: only compare it
	 * for valid ones (sanpo sets it to s, as C requires for "no conversion") */
	int valid = base == 0 || (base >= 2 && base <= 36);

#define ONE(fn, g, m) do { \
		errno = 0; g = fn(s, &ge, base); gerr = errno; \
		sanpo_errno = 0; m = sanpo_##fn(s, &me, base); merr = sanpo_errno; \
		checked++; \
		if (g != m || (ge != me && valid) || gerr != merr) { \
			if (bad++ < 30) \
				printf("MISMATCH %s(\"%s\", %d): glibc %llx end+%ld errno %d, sanpo %llx end+%ld errno %d\n", \
				       #fn, s, base, (unsigned long long)g, (long)(ge - s), gerr, \
				       (unsigned long long)m, (long)(me - s), merr); \
		} \
	} while (0)
	ONE(strtol, gl, ml);
	ONE(strtoul, gul, mul);
	ONE(strtoll, gll, mll);
	ONE(strtoull, gull, mull);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;

	static const char *tricky[] = {
		"0", "-0", "+0", "0.0", "1", "-1", "1.5", ".5", "5.", ".", "-.", "+",
		"", " ", "  \t\n+.5e1x", "1e", "1e+", "1e-", "1e+x", "1.e5", ".e5",
		"e5", "1e400", "-1e400", "1e-400", "-1e-400", "1e-320", "4e-324",
		"2e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
		"2.2250738585072011e-308", "2.2250738585072012e-308",
		"2.2250738585072014e-308", "1.7976931348623157e308",
		"1.7976931348623158e308", "1.7976931348623159e308",
		"179769313486231580793728971405301e276",
		"0x1p-1074", "0x1p-1075", "0x1.0000000000001p-1075", "0x1.8p-1074",
		"0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "0x1p1024",
		"0x1.fffffffffffff8p-1023", "0x1.fffffffffffffp-1023", "0x.8p-1021",
		"0x", "0x.", "0x.p1", "0xg", "0X1P+3", "0x1.8p3", "-0x1.8p3", "0x1p",
		"0x1p-", "0xabcdef.123456789abcdefp-10", "0x1.00000000000008p0",
		"0x1.000000000000080000000000001p0", "0x1.00000000000018p0",
		"0x10000000000000000000000000001p-100",
		"inf", "-inf", "INF", "infinity", "-Infinity", "infinit", "infx",
		"nan", "-nan", "NaN", "nan()", "nan(123)", "nan(abc_1)", "nan(12",
		"nan(1 2)", "nanx", "in", "na",
		"9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
		"9007199254740994.5", "9007199254740995",
		"123456789012345678901234567890e-50", "1e23", "8.98846567431158e307",
		"0.1", "0.2", "0.3", "3.14159265358979323846264338327950288",
		"2.718281828459045235360287471352662497757",
		"100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e-100",
		"0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001e100",
		"1.00000000000000011102230246251565404236316680908203125",
		"1.00000000000000011102230246251565404236316680908203124",
		"1.00000000000000011102230246251565404236316680908203126",
		"1.0000000000000002220446049250313080847263336181640625",
		"1e99999999999", "1e-99999999999", "0e99999", "0.0000e-99999",
		"4.9406564584124654e-324", "4.9406564584124655e-324",
		"7.4109846876186982e-324", "7.4109846876186981e-324",
		"1.5e-323", "2.5e-323",
	};
	for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++)
		cmp_strtod(tricky[i]);
	long ntricky = (long)(sizeof tricky / sizeof *tricky);

	/* round trips: glibc and sanpo formatting, %.17g and %a */
	for (long i = 0; i < n; i++) {
		double v = random_double();
		roundtrip("%.17g", v, 0);
		roundtrip("%a", v, 0);
		roundtrip("%.17g", v, 1);
		roundtrip("%.16e", v, 1);
		char buf[64];
		snprintf(buf, sizeof buf, "%.17g", v);
		cmp_strtod(buf);
	}

	/* halfway points between neighbours, exactly and nudged */
	long nhalf = n / 10 + 100;
	for (long i = 0; i < nhalf; i++) {
		double v = fabs(random_double());
		if (isnan(v) || isinf(v) || v == 0x1.fffffffffffffp1023)
			continue;
		long double mid = ((long double)v + (long double)nextafter(v, INFINITY)) / 2;
		static char buf[1200];
		snprintf(buf, sizeof buf, "%.800Le", mid);
		/* strip trailing zeros of the mantissa */
		char *e = strchr(buf, 'e');
		char *z = e;
		while (z[-1] == '0')
			z--;
		char exp[16];
		strcpy(exp, e);
		strcpy(z, exp);
		cmp_strtod(buf);
		/* nudge: one more nonzero digit after the last one */
		size_t len = (size_t)(z - buf);
		memmove(buf + len + 1, buf + len, strlen(buf + len) + 1);
		buf[len] = '1';
		cmp_strtod(buf);
		/* and one below: decrement the last digit */
		memmove(buf + len, buf + len + 1, strlen(buf + len + 1) + 1);
		for (char *p = buf + len - 1; p >= buf; p--) {
			if (*p == '.')
				continue;
			if (*p > '0') {
				(*p)--;
				break;
			}
			*p = '9';
		}
		cmp_strtod(buf);
	}

	/* random decimal strings */
	for (long i = 0; i < n; i++) {
		char s[1024];
		random_decimal(s, sizeof s);
		cmp_strtod(s);
	}

	/* strtol family */
	static const char *istr[] = {
		"0", "1", "-1", "+1", "  42", "\t\n -42xyz", "0x", "0x1g", "0X1F",
		"-0x1f", "0x-1", "010", "08", "0b101", "z", "Z", "zz", "-", "+", "",
		" ", "  +", "9223372036854775807", "9223372036854775808",
		"-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616",
		"-18446744073709551615", "-18446744073709551616",
		"99999999999999999999999999", "-99999999999999999999999999",
		"0xffffffffffffffff", "0x10000000000000000", "-0x8000000000000000",
		"777777777777777777777", "1777777777777777777777",
		"11111111111111111111111111111111111111111111111111111111111111111",
		"1y", "3w5e11264sgsf", "3w5e11264sgsg", "-3w5e11264sgsg", "0x0x1",
		"00000000000000000000000000000000000000012",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37, -1, 3, 35 };
	for (size_t i = 0; i < sizeof istr / sizeof *istr; i++)
		for (size_t b = 0; b < sizeof bases / sizeof *bases; b++)
			cmp_strtol(istr[i], bases[b]);
	for (long i = 0; i < n / 4; i++) {
		char s[48];
		int k = 0, len = (int)rnd(30);
		static const char cs[] = "0123456789abcdefxyzXZ+- \t";
		for (int j = 0; j < len; j++)
			s[k++] = cs[rnd(sizeof cs - 1)];
		s[k] = 0;
		cmp_strtol(s, (int)bases[rnd(6)]);
	}

	printf("strtod/strtol: %ld tricky strings, %ld random values, %ld comparisons, %ld mismatches\n",
	       ntricky, n, checked, bad);
	return bad != 0;
}
