/* Sanpo libc: strtol strtoul strtoll strtoull. */
#include "libc_internal.h"
#include "include/stdlib.h"
#include "include/ctype.h"

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 32;
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

/*
 * The common parser: magnitude (clamped to `limit` for a positive result,
 * `limit_neg` for a negative one) with range error reporting.  For the
 * unsigned functions limit_neg == limit and the negation is done by the
 * caller in unsigned arithmetic, as C requires.
 */
static unsigned long long parse(const char *s, char **end, int base,
				unsigned long long limit,
				unsigned long long limit_neg, int *neg_out, int *over_out)
{
	const char *p = s;
	int neg = 0, any = 0, over = 0;
	unsigned long long acc = 0;

	*neg_out = 0;
	*over_out = 0;
	if (base < 0 || base == 1 || base > 36) {
		LIBC(errno) = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (LIBC(isspace)((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
	    digit_value((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	unsigned long long lim = neg ? limit_neg : limit;
	for (;; p++) {
		int d = digit_value((unsigned char)*p);
		if (d >= base)
			break;
		any = 1;
		if (over)
			continue;
		if (acc > (lim - (unsigned)d) / (unsigned)base)
			over = 1;
		else
			acc = acc * (unsigned)base + (unsigned)d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (over) {
		LIBC(errno) = ERANGE;
		acc = lim;
	}
	*neg_out = neg;
	*over_out = over;
	return acc;
}

long long LIBC(strtoll)(const char *restrict s, char **restrict end, int base)
{
	int neg, over;
	unsigned long long m = parse(s, end, base, LLONG_MAX,
				     (unsigned long long)LLONG_MAX + 1, &neg, &over);
	return neg ? (long long)(0 - m) : (long long)m;
}

long LIBC(strtol)(const char *restrict s, char **restrict end, int base)
{
	int neg, over;
	unsigned long long m = parse(s, end, base, LONG_MAX,
				     (unsigned long long)LONG_MAX + 1, &neg, &over);
	return neg ? (long)(0 - m) : (long)m;
}

unsigned long long LIBC(strtoull)(const char *restrict s, char **restrict end, int base)
{
	int neg, over;
	unsigned long long m = parse(s, end, base, ULLONG_MAX, ULLONG_MAX, &neg, &over);
	return neg && !over ? 0 - m : m;
}

unsigned long LIBC(strtoul)(const char *restrict s, char **restrict end, int base)
{
	int neg, over;
	unsigned long long m = parse(s, end, base, ULONG_MAX, ULONG_MAX, &neg, &over);
	return neg && !over ? (unsigned long)(0 - m) : (unsigned long)m;
}
