/*
 * Arbitrary-precision unsigned integers of fixed capacity (common/bigint.c),
 * for exact binary <-> decimal conversion: printf's %e %f %g
 * (common/kvprintf_float.c) and the loader libc's strtod.  Values live in
 * the caller's struct big (no allocation); exceeding BIG_LIMBS traps.
 */
#ifndef SANPO_BIGINT_H
#define SANPO_BIGINT_H

#include <stdint.h>

#define BIG_LIMBS 200		/* 6400 bits */
struct big {
	int n;			/* limbs used; 0 means the value 0 */
	uint32_t w[BIG_LIMBS];	/* little-endian 32-bit limbs */
};

void big_set_u64(struct big *b, uint64_t v);
void big_mul_small(struct big *b, uint32_t m);
void big_add_small(struct big *b, uint32_t a);
void big_mul_pow10(struct big *b, int k);
void big_mul_pow5(struct big *b, int k);
void big_shl(struct big *b, int k);
uint32_t big_divmod_small(struct big *b, uint32_t d);	/* b /= d, returns b % d */
int big_cmp(const struct big *a, const struct big *b);
int big_bitlen(const struct big *b);
int big_is_zero(const struct big *b);

#endif /* SANPO_BIGINT_H */
