/*
 * String and memory functions for the kernel.  The compiler may emit calls
 * to memcpy/memset/memmove/memcmp for structure copies, so these must exist
 * with their standard names and semantics.
 */
#include <sys/systm.h>

/*
 * Copies and fills move eight bytes per step (rep movsq/stosq) and only the
 * last few bytes one at a time.  On hardware with fast strings rep movsb
 * would do as well, but under QEMU's TCG -- where Sanpo is mostly run --
 * every iteration of a string instruction is emulated on its own, so the
 * byte-wise form cost eight times as many steps (measured with kprof: the
 * network path's copies and cluster zeroing were a tenth of its time).
 */
void *
memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n >> 3, r = n & 7;

	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) :: "memory");
	__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(r) :: "memory");
	return (ret);
}

void *
memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t q = n >> 3, r = n & 7;

	if (d == s || n == 0)
		return (dst);
	if (d < s || d >= s + n)	/* forward is safe: no byte is overwritten before it is read */
		return (memcpy(dst, src, n));
	/*
	 * Backward (d overlaps the end of s): the odd tail bytes from the top,
	 * then the words from the top down with the direction flag set (each
	 * movsq reads its eight bytes before writing them).
	 */
	while (r-- > 0)
		d[q * 8 + r] = s[q * 8 + r];
	if (q > 0) {
		const void *sq = s + (q - 1) * 8;
		void *dq = d + (q - 1) * 8;

		__asm__ volatile("std; rep movsq; cld" : "+D"(dq), "+S"(sq), "+c"(q) ::
		    "memory");
	}
	return (dst);
}

void *
memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
	size_t q = n >> 3, r = n & 7;

	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(q) : "a"(v) : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(r) : "a"(v) : "memory");
	return (ret);
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return (*x - *y);
	return (0);
}

size_t
strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return (n);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return (n);
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return ((unsigned char)*a - (unsigned char)*b);
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return ((unsigned char)*a - (unsigned char)*b);
		if (*a == '\0')
			return (0);
	}
	return (0);
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return ((char *)s);
		if (*s == '\0')
			return (NULL);
	}
}

size_t
strlcpy(char *dst, const char *src, size_t len)
{
	size_t n = strlen(src);

	if (len > 0) {
		size_t c = n < len - 1 ? n : len - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return (n);
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return ((char *)last);
	}
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return ((void *)p);
	return (NULL);
}
