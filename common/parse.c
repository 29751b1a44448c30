/*
 * The parsers of sanpo/parse.h.  Overflow is checked before every
 * multiply-add, so no input, however long, wraps around into a valid value.
 */
#include <sanpo/parse.h>

int
parse_hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

int
parse_uint(const char *s, int base, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	int d;

	if (s == NULL || (base != 0 && base != 10 && base != 16))
		return (-1);
	if (base != 10 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (base == 0)
		base = 10;
	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		d = base == 16 ? parse_hexdigit(*s) : *s >= '0' && *s <= '9' ?
		    *s - '0' : -1;
		if (d < 0 || x > (max - (uint64_t)d) / (uint64_t)base ||
		    (uint64_t)d > max)
			return (-1);
		x = x * (uint64_t)base + (uint64_t)d;
	}
	*v = x;
	return (0);
}

int
parse_fixed(const char *s, int frac_digits, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;
	int d, frac = -1, any = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9')
			return (-1);
		any = 1;
		if (frac >= 0 && frac++ >= frac_digits)
			continue;	/* past the precision kept */
		d = *s - '0';
		if (x > (max - (uint64_t)d) / 10 || (uint64_t)d > max)
			return (-1);
		x = x * 10 + (uint64_t)d;
	}
	if (!any)
		return (-1);
	for (frac = frac < 0 ? 0 : frac > frac_digits ? frac_digits : frac;
	    frac < frac_digits; frac++) {
		if (x > max / 10)
			return (-1);
		x *= 10;
	}
	*v = x;
	return (0);
}

int
parse_hex(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = 0;
	int hi, lo;

	for (; s[0] != '\0'; s += 2) {
		hi = parse_hexdigit(s[0]);
		lo = parse_hexdigit(s[1]);	/* s[1] == '\0' gives -1 */
		if (hi < 0 || lo < 0 || n == max)
			return (-1);
		out[n++] = (uint8_t)(hi << 4 | lo);
	}
	*len = n;
	return (0);
}

int
parse_ipv4(const char **sp, uint32_t *addr)
{
	const char *s = *sp;
	uint32_t a = 0, part;
	int i, digits;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return (-1);
		for (part = 0, digits = 0; *s >= '0' && *s <= '9'; s++) {
			part = part * 10 + (uint32_t)(*s - '0');
			if (++digits > 3 || part > 255)
				return (-1);
		}
		if (digits == 0)
			return (-1);
		a = a << 8 | part;
	}
	*addr = a;
	*sp = s;
	return (0);
}
