/*
 * poly1305_simd.c - Poly1305 over 4 (AVX2) or 8 (AVX-512) blocks at a
 * time in 26-bit limbs (see poly1305_simd.h).
 *
 * Bounds: limbs are below 2^26 after each carry pass (limbs 1 and 4 a
 * little above), a message limb adds at most 2^26, so the multiplicand is
 * below 2^27; the multiplier limbs (powers of r, partially reduced) are
 * below 2^27 and the wrapped ones 5 r_i below 2^30, so each of the five
 * products of a column is below 2^57 and a column below 2^60: no 64-bit
 * lane overflows.  The carry pass is OpenSSL's: two chains in parallel
 * (0->1, 3->4, 1->2, 4->0 times 5, 2->3, 0->1, 3->4), leaving every limb
 * within 32 bits for the next VPMULUDQ.  Only functions marked TGT_* use
 * the instructions.
 */
#include <string.h>

#include <immintrin.h>

#include "crypto/arch/x86_64/poly1305_simd.h"
#include "crypto/cryptodefs.h"
#include "crypto/poly1305.h"

#define TGT_AVX2 __attribute__((target("avx2")))
#define TGT_AVX512 __attribute__((target("avx512f,avx512vl,avx2")))

#define MASK26 0x3ffffffULL

/* fewer blocks than this: the narrower function (the powers of r and the
 * lane set-up cost more than they save; measured break-even points) */
#define MIN_BLOCKS_AVX2		32
#define MIN_BLOCKS_AVX512	24

/*
 * T[i][k] = limb i of r^(k+1) for k < n, from the portable arithmetic.
 * The powers are only partially reduced (limb 4 below 2^27), which the
 * bounds above allow for: no carry pass needed.
 */
static void
power_table(const poly1305_ctx *p, uint64_t T[5][8], int n)
{
	uint64_t h[3] = { p->r[0], p->r[1], 0 };
	int k;

	for (k = 0; k < n; k++) {
		if (k > 0)
			poly1305_mul_r(p, h);
		T[0][k] = h[0] & MASK26;
		T[1][k] = (h[0] >> 26) & MASK26;
		T[2][k] = ((h[0] >> 52) | (h[1] << 12)) & MASK26;
		T[3][k] = (h[1] >> 14) & MASK26;
		T[4][k] = (h[1] >> 40) | (h[2] << 24);
	}
}

/* the portable accumulator as five limbs (limb 4 below 2^27) */
static void
acc_limbs(const poly1305_ctx *p, uint64_t l[5])
{
	l[0] = p->h[0] & MASK26;
	l[1] = (p->h[0] >> 26) & MASK26;
	l[2] = ((p->h[0] >> 52) | (p->h[1] << 12)) & MASK26;
	l[3] = (p->h[1] >> 14) & MASK26;
	l[4] = (p->h[1] >> 40) | (p->h[2] << 24);
}

/*
 * Five limbs (each below 2^40) back into the portable accumulator:
 * carried below 2^26 (limb 4's excess folded back times 5), then packed
 * into radix 2^64; the result is partially reduced, as the portable
 * code keeps it.
 */
static void
limbs_to_acc(uint64_t l[5], poly1305_ctx *p)
{
	typedef unsigned __int128 u128;
	u128 t0, t1;
	int pass, i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < 4; i++) {
			l[i + 1] += l[i] >> 26;
			l[i] &= MASK26;
		}
		l[0] += (l[4] >> 26) * 5;
		l[4] &= MASK26;
	}
	t0 = (u128)l[0] + ((u128)l[1] << 26) + ((u128)(l[2] & 0xfff) << 52);
	p->h[0] = (uint64_t)t0;
	t1 = (t0 >> 64) + (l[2] >> 12) + ((u128)l[3] << 14) + ((u128)l[4] << 40);
	p->h[1] = (uint64_t)t1;
	p->h[2] = (uint64_t)(t1 >> 64);
}

/*
 * The multiply and carry, written once over the vector width: V is the
 * vector type, and MUL/ADD/SRL/SLL/AND/OR the lane-wise 64-bit operations
 * of that width (MUL multiplies the low 32 bits of each lane).
 * d_i = sum h_j * r_(i-j), with r_(i-j) for j > i wrapped as 5 r_(5+i-j).
 */
#define POLY_MUL(h, r, s) do {						\
	V d0, d1, d2, d3, d4;						\
	/* column by column, each product added at once: few live	\
	 * temporaries (the AVX2 registers are all taken otherwise) */	\
	d0 = MUL(h[0], r[0]); d1 = MUL(h[0], r[1]); d2 = MUL(h[0], r[2]); \
	d3 = MUL(h[0], r[3]); d4 = MUL(h[0], r[4]);			\
	d0 = ADD(d0, MUL(h[1], s[4])); d1 = ADD(d1, MUL(h[1], r[0]));	\
	d2 = ADD(d2, MUL(h[1], r[1])); d3 = ADD(d3, MUL(h[1], r[2]));	\
	d4 = ADD(d4, MUL(h[1], r[3]));					\
	d0 = ADD(d0, MUL(h[2], s[3])); d1 = ADD(d1, MUL(h[2], s[4]));	\
	d2 = ADD(d2, MUL(h[2], r[0])); d3 = ADD(d3, MUL(h[2], r[1]));	\
	d4 = ADD(d4, MUL(h[2], r[2]));					\
	d0 = ADD(d0, MUL(h[3], s[2])); d1 = ADD(d1, MUL(h[3], s[3]));	\
	d2 = ADD(d2, MUL(h[3], s[4])); d3 = ADD(d3, MUL(h[3], r[0]));	\
	d4 = ADD(d4, MUL(h[3], r[1]));					\
	d0 = ADD(d0, MUL(h[4], s[1])); d1 = ADD(d1, MUL(h[4], s[2]));	\
	d2 = ADD(d2, MUL(h[4], s[3])); d3 = ADD(d3, MUL(h[4], s[4]));	\
	d4 = ADD(d4, MUL(h[4], r[0]));					\
	/* carries: two chains at once */				\
	d1 = ADD(d1, SRL(d0, 26)); d0 = AND(d0, mask);			\
	d4 = ADD(d4, SRL(d3, 26)); d3 = AND(d3, mask);			\
	d2 = ADD(d2, SRL(d1, 26)); d1 = AND(d1, mask);			\
	{ V c_ = SRL(d4, 26); d4 = AND(d4, mask);			\
	  d0 = ADD(d0, ADD(c_, SLL(c_, 2))); }				\
	d3 = ADD(d3, SRL(d2, 26)); d2 = AND(d2, mask);			\
	d1 = ADD(d1, SRL(d0, 26)); d0 = AND(d0, mask);			\
	d4 = ADD(d4, SRL(d3, 26)); d3 = AND(d3, mask);			\
	h[0] = d0; h[1] = d1; h[2] = d2; h[3] = d3; h[4] = d4;		\
} while (0)

/* message limbs from the low and high 64-bit halves of n blocks; h += m */
#define POLY_ADD_MSG(h, lo, hi) do {					\
	h[0] = ADD(h[0], AND(lo, mask));				\
	h[1] = ADD(h[1], AND(SRL(lo, 26), mask));			\
	h[2] = ADD(h[2], AND(OR(SRL(lo, 52), SLL(hi, 12)), mask));	\
	h[3] = ADD(h[3], AND(SRL(hi, 14), mask));			\
	h[4] = ADD(h[4], OR(SRL(hi, 40), hibit));			\
} while (0)

/* ---- AVX2: 4 lanes; unpacking puts blocks 0,2,1,3 in lanes 0-3 ---- */

#define V __m256i
#define MUL _mm256_mul_epu32
#define ADD _mm256_add_epi64
#define SRL _mm256_srli_epi64
#define SLL _mm256_slli_epi64
#define AND _mm256_and_si256
#define OR _mm256_or_si256

/* h += the four blocks at p */
#define LOAD4(p) do {							\
	V a_ = _mm256_loadu_si256((const V *)(const void *)(p));	\
	V b_ = _mm256_loadu_si256((const V *)(const void *)((p) + 32));	\
	POLY_ADD_MSG(h, _mm256_unpacklo_epi64(a_, b_),			\
	    _mm256_unpackhi_epi64(a_, b_));				\
} while (0)

TGT_AVX2 static void
blocks4x(poly1305_ctx *p, const uint8_t *m, size_t ngroups)
{
	const V mask = _mm256_set1_epi64x((long long)MASK26);
	const V hibit = _mm256_set1_epi64x(1LL << 24);
	uint64_t T[5][8], l[5], lane[4];
	V h[5], rs[10], rl[5], sl[5];
	const V *r = rs, *s = rs + 5;
	int i, k;

	power_table(p, T, 4);
	acc_limbs(p, l);
	for (i = 0; i < 5; i++) {
		/* all lanes r^4; the last group: lanes (blocks 0,2,1,3) r^4,r^2,r^3,r */
		rs[i] = _mm256_set1_epi64x((long long)T[i][3]);
		rs[5 + i] = ADD(rs[i], SLL(rs[i], 2));
		rl[i] = _mm256_permute4x64_epi64(_mm256_loadu_si256(
		    (const V *)(const void *)T[i]), 3 | 1 << 2 | 2 << 4 | 0 << 6);
		sl[i] = ADD(rl[i], SLL(rl[i], 2));
		h[i] = _mm256_set_epi64x(0, 0, 0, (long long)l[i]);
	}
	for (; ngroups > 1; ngroups--, m += 64) {
		/*
		 * r and s opaque pointers: the powers are read from memory as
		 * VPMULUDQ operands.  Held in registers (h, r, s, mask, hibit:
		 * all 16 YMM) they left none for the products, and GCC spilled
		 * and reloaded those instead, twice the memory traffic.
		 */
		__asm__("" : "+r"(r), "+r"(s));
		LOAD4(m);
		POLY_MUL(h, r, s);
	}
	LOAD4(m);
	POLY_MUL(h, rl, sl);
	for (i = 0; i < 5; i++) {
		_mm256_storeu_si256((V *)(void *)lane, h[i]);
		for (l[i] = 0, k = 0; k < 4; k++)
			l[i] += lane[k];
	}
	limbs_to_acc(l, p);
	crypto_wipe(T, sizeof(T));
}

void
poly1305_blocks_avx2(poly1305_ctx *p, const uint8_t *m, size_t nblk)
{
	size_t n4 = nblk / 4;

	if (nblk < MIN_BLOCKS_AVX2) {
		poly1305_blocks(p, m, nblk);
		return;
	}
	blocks4x(p, m, n4);
	poly1305_blocks(p, m + 64 * n4, nblk - 4 * n4);
}

#undef V
#undef MUL
#undef ADD
#undef SRL
#undef SLL
#undef AND
#undef OR

/* ---- AVX-512: 8 lanes; unpacking puts blocks 0,4,1,5,2,6,3,7 in lanes ---- */

#define V __m512i
#define MUL _mm512_mul_epu32
#define ADD _mm512_add_epi64
#define SRL _mm512_srli_epi64
#define SLL _mm512_slli_epi64
#define AND _mm512_and_si512
#define OR _mm512_or_si512

/* h += the eight blocks at p */
#define LOAD8(p) do {							\
	V a_ = _mm512_loadu_si512((const void *)(p));			\
	V b_ = _mm512_loadu_si512((const void *)((p) + 64));		\
	POLY_ADD_MSG(h, _mm512_unpacklo_epi64(a_, b_),			\
	    _mm512_unpackhi_epi64(a_, b_));				\
} while (0)

TGT_AVX512 static void
blocks8x(poly1305_ctx *p, const uint8_t *m, size_t ngroups)
{
	/* lane k holds block b = 0,4,1,5,2,6,3,7 of a group: its power r^(8-b) */
	const V last = _mm512_set_epi64(0, 4, 1, 5, 2, 6, 3, 7);
	const V all = _mm512_set1_epi64(7);
	const V mask = _mm512_set1_epi64((long long)MASK26);
	const V hibit = _mm512_set1_epi64(1LL << 24);
	uint64_t T[5][8], l[5];
	V h[5], r[5], s[5], rl[5], sl[5];
	int i;

	power_table(p, T, 8);
	acc_limbs(p, l);
	for (i = 0; i < 5; i++) {
		V t = _mm512_loadu_si512((const void *)T[i]);

		r[i] = _mm512_permutexvar_epi64(all, t);
		s[i] = ADD(r[i], SLL(r[i], 2));
		rl[i] = _mm512_permutexvar_epi64(last, t);
		sl[i] = ADD(rl[i], SLL(rl[i], 2));
		h[i] = _mm512_set_epi64(0, 0, 0, 0, 0, 0, 0, (long long)l[i]);
	}
	for (; ngroups > 1; ngroups--, m += 128) {
		LOAD8(m);
		POLY_MUL(h, r, s);
	}
	LOAD8(m);
	POLY_MUL(h, rl, sl);
	for (i = 0; i < 5; i++)
		l[i] = (uint64_t)_mm512_reduce_add_epi64(h[i]);
	limbs_to_acc(l, p);
	crypto_wipe(T, sizeof(T));
}

void
poly1305_blocks_avx512(poly1305_ctx *p, const uint8_t *m, size_t nblk)
{
	size_t n8 = nblk / 8;

	if (nblk < MIN_BLOCKS_AVX512) {
		poly1305_blocks_avx2(p, m, nblk);
		return;
	}
	blocks8x(p, m, n8);
	poly1305_blocks(p, m + 128 * n8, nblk - 8 * n8);
}

#undef V
#undef MUL
#undef ADD
#undef SRL
#undef SLL
#undef AND
#undef OR
