/* Sanpo libc: private helpers shared by the implementation files. */
#ifndef SANPO_LIBC_INTERNAL_H
#define SANPO_LIBC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "include/libc_name.h"
#include "include/errno.h"
#include "include/limits.h"

/* Keep gcc from turning the byte loops of memset/memcpy into calls to
 * memset/memcpy (which would recurse). */
#define LIBC_NOLIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* gnu-efi's libefi.a (init.o, pulled in by InitializeLib) also defines
 * memcpy and memset: ours are weak in the loader build so that the link
 * does not fail with duplicate symbols. */
#ifdef SANPO_LIBC_HOSTTEST
#define LIBC_WEAK
#else
#define LIBC_WEAK __attribute__((weak))
#endif

static inline uint64_t libc_dbits(double d)
{
	union { double d; uint64_t u; } v = { .d = d };
	return v.u;
}

static inline double libc_bitsd(uint64_t u)
{
	union { double d; uint64_t u; } v = { .u = u };
	return v.d;
}

/* The NaN of an invalid operation as the hardware makes it (on x86 the
 * "default NaN" has the sign bit set, and glibc returns that one, which
 * prints as "-nan"). */
static inline double libc_invalid(void)
{
	volatile double z = 0.0;
	return z / z;
}

/* Arbitrary-precision unsigned integers (bigint.c), used by the exact
 * decimal <-> binary conversions of strtod and the printf core. */
#define BIG_LIMBS 200		/* 6400 bits */
struct big {
	int n;			/* limbs used; 0 means the value 0 */
	uint32_t w[BIG_LIMBS];	/* little-endian 32-bit limbs */
};
void libc_big_set_u64(struct big *b, uint64_t v);
void libc_big_mul_small(struct big *b, uint32_t m);
void libc_big_add_small(struct big *b, uint32_t a);
void libc_big_mul_pow10(struct big *b, int k);
void libc_big_mul_pow5(struct big *b, int k);
void libc_big_shl(struct big *b, int k);
uint32_t libc_big_divmod_small(struct big *b, uint32_t d);	/* b /= d, returns b % d */
int libc_big_cmp(const struct big *a, const struct big *b);
int libc_big_bitlen(const struct big *b);
int libc_big_is_zero(const struct big *b);

#endif
