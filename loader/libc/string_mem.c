/* Sanpo libc: memcpy memmove memset memcmp memchr. */
#include "libc_internal.h"
#include "include/string.h"

typedef uint64_t __attribute__((may_alias)) u64_alias;

LIBC_WEAK LIBC_NOLIBCALL
void *LIBC(memcpy)(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	/* Word copies when both pointers are equally aligned. */
	if ((((uintptr_t)dp ^ (uintptr_t)sp) & 7) == 0) {
		while (n && ((uintptr_t)dp & 7)) {
			*dp++ = *sp++;
			n--;
		}
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(u64_alias *)(void *)dp = *(const u64_alias *)(const void *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

LIBC_NOLIBCALL
void *LIBC(memmove)(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp == sp || n == 0)
		return d;
	if (dp < sp || dp >= sp + n) {
		while (n--)
			*dp++ = *sp++;
	} else {
		dp += n;
		sp += n;
		while (n--)
			*--dp = *--sp;
	}
	return d;
}

LIBC_WEAK LIBC_NOLIBCALL
void *LIBC(memset)(void *d, int c, size_t n)
{
	unsigned char *dp = d;
	uint64_t w = (unsigned char)c * 0x0101010101010101ULL;

	while (n && ((uintptr_t)dp & 7)) {
		*dp++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, dp += 8)
		*(u64_alias *)(void *)dp = w;
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int LIBC(memcmp)(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

void *LIBC(memchr)(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}
