/* Host test: sanpo snprintf vs glibc snprintf, byte for byte.
 * usage: test_printf N   (N random doubles, plus integer cases) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <math.h>
#include <limits.h>
#include "sanpo_libc.h"

static long checked, bad;

static void report(const char *fmt, const char *what, const char *g, int gn,
		   const char *m, int mn)
{
	if (bad++ < 30)
		printf("MISMATCH fmt=\"%s\" arg=%s\n  glibc[%s] (%d)\n  sanpo[%s] (%d)\n",
		       fmt, what, g, gn, m, mn);
}

#define BUFSZ 2048

static void check_d(const char *fmt, double v)
{
	char g[BUFSZ], m[BUFSZ];
	int gn = snprintf(g, sizeof g, fmt, v);
	int mn = sanpo_snprintf(m, sizeof m, fmt, v);

	checked++;
	if (gn != mn || strcmp(g, m) != 0) {
		char what[64];
		snprintf(what, sizeof what, "%a", v);
		report(fmt, what, g, gn, m, mn);
	}
}

static void check_dp(const char *fmt, int w, int p, double v)
{
	char g[BUFSZ], m[BUFSZ];
	int gn = snprintf(g, sizeof g, fmt, w, p, v);
	int mn = sanpo_snprintf(m, sizeof m, fmt, w, p, v);

	checked++;
	if (gn != mn || strcmp(g, m) != 0) {
		char what[96];
		snprintf(what, sizeof what, "%a w=%d p=%d", v, w, p);
		report(fmt, what, g, gn, m, mn);
	}
}

static void check_ll(const char *fmt, int w, int p, long long v)
{
	char g[256], m[256];
	int gn = snprintf(g, sizeof g, fmt, w, p, v);
	int mn = sanpo_snprintf(m, sizeof m, fmt, w, p, v);

	checked++;
	if (gn != mn || strcmp(g, m) != 0) {
		char what[96];
		snprintf(what, sizeof what, "%lld w=%d p=%d", v, w, p);
		report(fmt, what, g, gn, m, mn);
	}
}

/* a random double of one of several kinds */
static double random_double(void)
{
	switch (rnd(8)) {
	case 0: case 1: case 2:
		return bits2d(rnd64());				/* any pattern */
	case 3:
		return bits2d(rnd64() & 0x800fffffffffffffULL);	/* subnormal */
	case 4: {						/* k / 10^j */
		char s[64];
		snprintf(s, sizeof s, "%" PRIu64 "e%d", rnd64() % 100000000,
			 (int)rnd(40) - 30);
		return strtod(s, NULL);
	}
	case 5:							/* ties n + 1/2^j */
		return ((double)(int64_t)rnd(2000000) - 1000000) +
		       ldexp(1.0, -(int)rnd(12));
	case 6:							/* integers */
		return (double)(int64_t)(rnd64() >> rnd(64));
	default: {						/* short decimals */
		char s[64];
		snprintf(s, sizeof s, "%d.%de%d", (int)rnd(1000), (int)rnd(100000),
			 (int)rnd(600) - 300);
		return strtod(s, NULL);
	}
	}
}

static const char *dfmts[] = {
	"%.14g", "%g", "%e", "%f", "%a", "%.17g", "%.0f", "%.0e", "%.1e",
	"%.3f", "%#g", "%#.0f", "%#.0e", "%.3a", "%.0a", "%#a", "%.10a", "%A",
	"%G", "%E", "%F", "%+e", "% g", "%-+25.15e", "%025.10f", "%+030.20a",
	"%.30g", "%.40e", "%#.3g", "%#.2g", "%#.1g", "%.20f", "%12.4G",
};

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	long nvals = 0;

	/* special values */
	static const double specials[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e21, 1e22,
		9.5, 10.5, 0.05, 0.15, 0.25, 0.35, 99.5, 999999.5, 9999995.0,
		0x1p-1074, 0x1p-1022, 0x1.fffffffffffffp+1023, 0x1.fffffffffffffp-1023,
		1e-300, 1e300, 123456789.0, 0.1, 1.0 / 3, 2.0 / 3, 9.999999999999999e22,
		HUGE_VAL, -HUGE_VAL, NAN, -NAN, 5e-324, 1e-5, 1e-4, 9.9999e-5, 0.0001,
		123456.0, 1234567.0, 0.000123456, 1e15, 1e16, 1e17, 4.35, 0.95,
	};
	for (size_t i = 0; i < sizeof specials / sizeof *specials; i++) {
		nvals++;
		for (size_t f = 0; f < sizeof dfmts / sizeof *dfmts; f++)
			if (strstr(dfmts[f], "not") == NULL)
				check_d(dfmts[f], specials[i]);
		for (int p = 0; p < 25; p++) {
			check_dp("%*.*e", 0, p, specials[i]);
			check_dp("%*.*f", 0, p, specials[i]);
			check_dp("%*.*g", 0, p, specials[i]);
			check_dp("%*.*a", 0, p, specials[i]);
		}
		check_dp("%*.*f", 0, 400, specials[i]);
		check_dp("%*.*e", 0, 800, specials[i]);
	}
	for (long i = 0; i < n; i++) {
		double v = random_double();
		nvals++;
		for (size_t f = 0; f < sizeof dfmts / sizeof *dfmts; f++)
			if (strstr(dfmts[f], "not") == NULL)
				check_d(dfmts[f], v);
		/* random width/precision/flags */
		static const char *conv = "eEfFgGaA";
		char fmt[32];
		int k = 0;
		fmt[k++] = '%';
		if (rnd(4) == 0) fmt[k++] = '-';
		if (rnd(4) == 0) fmt[k++] = '+';
		if (rnd(4) == 0) fmt[k++] = ' ';
		if (rnd(4) == 0) fmt[k++] = '#';
		if (rnd(4) == 0) fmt[k++] = '0';
		fmt[k++] = '*';
		fmt[k++] = '.';
		fmt[k++] = '*';
		fmt[k++] = conv[rnd(8)];
		fmt[k] = 0;
		check_dp(fmt, (int)rnd(40) - 5, (int)rnd(30) - 2, v);
	}

	/* integers: every conversion, flags, width, precision, length */
	static const char *iconv[] = { "lld", "lli", "llu", "llo", "llx", "llX" };
	static const long long ispecial[] = {
		0, 1, -1, 7, 8, 255, 256, -128, 65535, INT_MAX, INT_MIN, UINT_MAX,
		LLONG_MAX, LLONG_MIN, 0x123456789abcdefLL,
	};
	long nint = n / 2 + 1000;
	for (long i = 0; i < nint; i++) {
		long long v = i < 15 ? ispecial[i] : (long long)(rnd64() >> rnd(64));
		if (rnd(2) && v != LLONG_MIN)
			v = -v;
		char fmt[32];
		int k = 0;
		fmt[k++] = '%';
		if (rnd(3) == 0) fmt[k++] = '-';
		if (rnd(3) == 0) fmt[k++] = '+';
		if (rnd(3) == 0) fmt[k++] = ' ';
		if (rnd(3) == 0) fmt[k++] = '#';
		if (rnd(3) == 0) fmt[k++] = '0';
		fmt[k++] = '*';
		int hasprec = (int)rnd(2);
		if (hasprec) {
			fmt[k++] = '.';
			fmt[k++] = '*';
		}
		strcpy(fmt + k, iconv[rnd(6)]);
		if (hasprec)
			check_ll(fmt, (int)rnd(30) - 5, (int)rnd(25) - 2, v);
		else {
			char g[256], m[256];
			int w = (int)rnd(30) - 5;
			int gn = snprintf(g, sizeof g, fmt, w, v);
			int mn = sanpo_snprintf(m, sizeof m, fmt, w, v);
			checked++;
			if (gn != mn || strcmp(g, m))
				report(fmt, "int", g, gn, m, mn);
		}
	}

	/* fixed cases: lengths, %c %s %p %% %n, truncation */
	{
		char g[128], m[128];
		int gn, mn;
#define FIX(...) do { \
		gn = snprintf(g, sizeof g, __VA_ARGS__); \
		mn = sanpo_snprintf(m, sizeof m, __VA_ARGS__); \
		checked++; \
		if (gn != mn || strcmp(g, m)) report(#__VA_ARGS__, "fixed", g, gn, m, mn); \
	} while (0)
		FIX("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
		FIX("%hhx %hx %lx %zx %jd %td", -1, -1, -1L, (size_t)-1, (intmax_t)-5, (ptrdiff_t)-7);
		FIX("%zu %zd %ju", (size_t)123, (ssize_t)-9, (uintmax_t)77);
		FIX("[%c][%5c][%-5c]", 'a', 'b', 'c');
		FIX("[%s][%10s][%-10s][%.2s][%10.3s]", "hello", "hi", "left", "trunc", "abcdef");
		FIX("[%p][%20p][%-20p]", (void *)0x1234, (void *)0xdeadbeef, (void *)0xffffffffffffULL);
		FIX("[%p][%10p]", (void *)0, (void *)0);
		FIX("100%% [%%]");
		FIX("%#o %#o %#x %#X %#.0o %.0d %.0x|", 0, 8, 0, 255, 0, 0, 0);
		FIX("%+d % d %05d %-5d %5.3d %-8.3x|", 5, 5, -42, -42, 7, 255);
		FIX("%s", "");
		FIX("%lld %llu %lli", LLONG_MIN, ULLONG_MAX, LLONG_MAX);
		FIX("%.14g|%.14g|%.14g|%.14g", 100.0, 1e15, 0.1, 123456789012345678.0);
		FIX("%5.1f|%-8.2e|%08.3f|%+.0f", 3.14159, 2.71828, -1.5, 2.5);
		FIX("%Lf %Le %Lg", (long double)1.5, (long double)0.1, (long double)1e10);
		int gcount = 0, mcount = 0;
		gn = snprintf(g, sizeof g, "abc%n def", &gcount);
		mn = sanpo_snprintf(m, sizeof m, "abc%n def", &mcount);
		checked++;
		if (gcount != mcount || gn != mn || strcmp(g, m))
			report("%n", "n", g, gcount, m, mcount);
		/* truncation and return value */
		char small[8];
		memset(small, 'x', sizeof small);
		mn = sanpo_snprintf(small, 5, "%d-%s", 123456, "abc");
		checked++;
		if (mn != 10 || strcmp(small, "1234") || small[5] != 'x')
			report("trunc", "5", "1234", 10, small, mn);
		mn = sanpo_snprintf(NULL, 0, "%.3f", 2.0);
		checked++;
		if (mn != 5)
			report("size0", "", "", 5, "", mn);
		char big[64];
		mn = sanpo_sprintf(big, "%s=%d", "x", 42);
		checked++;
		if (mn != 4 || strcmp(big, "x=42"))
			report("sprintf", "", "x=42", 4, big, mn);
	}

	printf("printf: %ld values, %ld comparisons, %ld mismatches\n", nvals, checked, bad);
	return bad != 0;
}
