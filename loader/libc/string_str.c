/* Sanpo libc: the str* functions of <string.h> (C locale). */
#include "libc_internal.h"
#include "include/string.h"

LIBC_NOLIBCALL
size_t LIBC(strlen)(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int LIBC(strcmp)(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y)
		x++, y++;
	return (*x > *y) - (*x < *y);
}

int LIBC(strncmp)(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return (*x > *y) - (*x < *y);
		if (!*x)
			break;
	}
	return 0;
}

/* Only the C locale: collation is byte order. */
int LIBC(strcoll)(const char *a, const char *b)
{
	return LIBC(strcmp)(a, b);
}

char *LIBC(strchr)(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *LIBC(strrchr)(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *LIBC(strstr)(const char *h, const char *n)
{
	size_t nl = LIBC(strlen)(n);

	if (nl == 0)
		return (char *)h;
	for (; *h; h++)
		if (*h == *n && LIBC(strncmp)(h, n, nl) == 0)
			return (char *)h;
	return NULL;
}

/* Set membership for strspn/strcspn/strpbrk: a 256-bit map. */
static void byteset(uint64_t set[4], const char *chars)
{
	set[0] = set[1] = set[2] = set[3] = 0;
	for (const unsigned char *p = (const unsigned char *)chars; *p; p++)
		set[*p >> 6] |= 1ULL << (*p & 63);
}

static int inset(const uint64_t set[4], unsigned char c)
{
	return (set[c >> 6] >> (c & 63)) & 1;
}

size_t LIBC(strspn)(const char *s, const char *accept)
{
	uint64_t set[4];
	size_t i = 0;

	byteset(set, accept);
	while (s[i] && inset(set, (unsigned char)s[i]))
		i++;
	return i;
}

size_t LIBC(strcspn)(const char *s, const char *reject)
{
	uint64_t set[4];
	size_t i = 0;

	byteset(set, reject);
	while (s[i] && !inset(set, (unsigned char)s[i]))
		i++;
	return i;
}

char *LIBC(strpbrk)(const char *s, const char *accept)
{
	s += LIBC(strcspn)(s, accept);
	return *s ? (char *)s : NULL;
}

LIBC_NOLIBCALL
char *LIBC(strcpy)(char *restrict d, const char *restrict s)
{
	char *r = d;

	while ((*d++ = *s++))
		;
	return r;
}

LIBC_NOLIBCALL
char *LIBC(strncpy)(char *restrict d, const char *restrict s, size_t n)
{
	size_t i = 0;

	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

size_t LIBC(strlcpy)(char *restrict d, const char *restrict s, size_t n)
{
	size_t len = LIBC(strlen)(s);

	if (n > 0) {
		size_t k = len < n - 1 ? len : n - 1;

		LIBC(memcpy)(d, s, k);
		d[k] = 0;
	}
	return len;
}

char *LIBC(strcat)(char *restrict d, const char *restrict s)
{
	LIBC(strcpy)(d + LIBC(strlen)(d), s);
	return d;
}
