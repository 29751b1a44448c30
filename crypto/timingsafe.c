/*
 * timingsafe.c - constant-time comparisons (see timingsafe.h).
 * Accumulate differences with OR / masks only; no early exit, no branch on
 * data.
 */
#include <stdint.h>

#include "crypto/timingsafe.h"

int
timingsafe_bcmp(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *p = a, *q = b;
	uint32_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (uint32_t)(p[i] ^ q[i]);
	/* d in 0..255 -> 0 or 1 without a branch */
	return (int)((d + 0xffu) >> 8);
}

int
timingsafe_memcmp(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *p = a, *q = b;
	int32_t res = 0, done = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int32_t x = p[i], y = q[i];
		/* lt = -1 if x < y, gt = -1 if x > y (sign of the difference) */
		int32_t lt = (x - y) >> 31;
		int32_t gt = (y - x) >> 31;
		int32_t cmp = gt - lt;		/* 1, 0 or -1 ... as gt/lt are 0/-1: */
		cmp = -cmp;			/* x>y -> +1, x<y -> -1 */
		res |= cmp & ~done;
		done |= lt | gt;
	}
	return res;
}
