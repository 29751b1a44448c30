/*
 * shani.c - SHA-1 and SHA-256 block functions on the SHA extensions (see
 * shani.h), and hash descriptors that use them.
 *
 * SHA-256 keeps the state as two registers, ABEF and CDGH, the operand
 * order sha256rnds2 wants; each sha256rnds2 does two rounds, so a group
 * of four message words (W + K) takes two of them, the second on the
 * upper half moved down.  The schedule for group i >= 4 is
 *   W_i = msg2(msg1(W_i-4, W_i-3) + alignr(W_i-1, W_i-2, 4 bytes), W_i-1)
 * (msg1 adds sigma0, the alignr supplies W[t-7], msg2 adds sigma1).
 * SHA-1 keeps ABCD in one register and E in the top lane of another;
 * sha1rnds4 does four rounds with the function/constant its immediate
 * selects (0..3 for rounds 0-19, 20-39, 40-59, 60-79), sha1nexte derives
 * the next E from the previous A, and the schedule is
 *   W_j = msg2(msg1(W_j-4, W_j-3) ^ W_j-2, W_j-1).
 * Only functions marked TGT use the instructions.
 */
#include <string.h>

#include <immintrin.h>

#include "crypto/arch/x86_64/shani.h"
#include "crypto/arch/x86_64/x86_caps.h"
#include "crypto/cryptodefs.h"

#define TGT __attribute__((target("sha,sse4.1,ssse3")))

#define LD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define ST(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))

int
shani_available(void)
{
	return x86_caps_have(X86_CAP_SHA | X86_CAP_SSSE3 | X86_CAP_SSE41);
}

/* ---- SHA-256 ---- */

static const uint32_t K256[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* four rounds with message group w (words 4i..4i+3) */
#define R256(w, i) do {							\
	__m128i m_ = _mm_add_epi32((w), LD(&K256[4 * (i)]));		\
	s1 = _mm_sha256rnds2_epu32(s1, s0, m_);				\
	s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(m_, 0x0e)); \
} while (0)

/* next message group from the four before it (a oldest, d newest) */
#define SCHED256(a, b, c, d) \
	_mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((a), (b)), \
	    _mm_alignr_epi8((d), (c), 4)), (d))

TGT void
sha256_shani_blocks(uint32_t h[8], const uint8_t *p, size_t nblk)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
	    0x0405060700010203ULL);
	__m128i s0, s1, t, w0, w1, w2, w3;

	/* h[0..3] = DCBA, h[4..7] = HGFE (lane 0 lowest) -> ABEF, CDGH */
	t = _mm_shuffle_epi32(LD(&h[0]), 0xb1);		/* CDAB */
	s1 = _mm_shuffle_epi32(LD(&h[4]), 0x1b);	/* EFGH */
	s0 = _mm_alignr_epi8(t, s1, 8);			/* ABEF */
	s1 = _mm_blend_epi16(s1, t, 0xf0);		/* CDGH */
	for (; nblk > 0; nblk--, p += 64) {
		__m128i abef = s0, cdgh = s1;

		w0 = _mm_shuffle_epi8(LD(p), bswap);
		w1 = _mm_shuffle_epi8(LD(p + 16), bswap);
		w2 = _mm_shuffle_epi8(LD(p + 32), bswap);
		w3 = _mm_shuffle_epi8(LD(p + 48), bswap);
		R256(w0, 0); R256(w1, 1); R256(w2, 2); R256(w3, 3);
		w0 = SCHED256(w0, w1, w2, w3); R256(w0, 4);
		w1 = SCHED256(w1, w2, w3, w0); R256(w1, 5);
		w2 = SCHED256(w2, w3, w0, w1); R256(w2, 6);
		w3 = SCHED256(w3, w0, w1, w2); R256(w3, 7);
		w0 = SCHED256(w0, w1, w2, w3); R256(w0, 8);
		w1 = SCHED256(w1, w2, w3, w0); R256(w1, 9);
		w2 = SCHED256(w2, w3, w0, w1); R256(w2, 10);
		w3 = SCHED256(w3, w0, w1, w2); R256(w3, 11);
		w0 = SCHED256(w0, w1, w2, w3); R256(w0, 12);
		w1 = SCHED256(w1, w2, w3, w0); R256(w1, 13);
		w2 = SCHED256(w2, w3, w0, w1); R256(w2, 14);
		w3 = SCHED256(w3, w0, w1, w2); R256(w3, 15);
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	t = _mm_shuffle_epi32(s0, 0x1b);		/* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xb1);		/* DCHG */
	ST(&h[0], _mm_blend_epi16(t, s1, 0xf0));	/* DCBA */
	ST(&h[4], _mm_alignr_epi8(s1, t, 8));		/* HGFE */
}

/* ---- SHA-1 ---- */

/* four rounds of function f with message group w; e_prev: A four rounds ago */
#define R1(w, f) do {							\
	__m128i e_ = _mm_sha1nexte_epu32(eprev, (w));			\
	eprev = abcd;							\
	abcd = _mm_sha1rnds4_epu32(abcd, e_, (f));			\
} while (0)

#define SCHED1(a, b, c, d) \
	_mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32((a), (b)), (c)), (d))

TGT void
sha1_shani_blocks(uint32_t h[5], const uint8_t *p, size_t nblk)
{
	const __m128i bswap = _mm_set_epi64x(0x0001020304050607ULL,
	    0x08090a0b0c0d0e0fULL);
	__m128i abcd, e0, eprev, w0, w1, w2, w3;

	abcd = _mm_shuffle_epi32(LD(h), 0x1b);		/* A in the top lane */
	e0 = _mm_set_epi32((int)h[4], 0, 0, 0);
	for (; nblk > 0; nblk--, p += 64) {
		__m128i abcd_save = abcd, e_save = e0;

		w0 = _mm_shuffle_epi8(LD(p), bswap);
		w1 = _mm_shuffle_epi8(LD(p + 16), bswap);
		w2 = _mm_shuffle_epi8(LD(p + 32), bswap);
		w3 = _mm_shuffle_epi8(LD(p + 48), bswap);
		/* rounds 0-3: E comes from the state, not from sha1nexte */
		eprev = abcd;
		abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e0, w0), 0);
		R1(w1, 0); R1(w2, 0); R1(w3, 0);
		w0 = SCHED1(w0, w1, w2, w3); R1(w0, 0);		/* 16-19 */
		w1 = SCHED1(w1, w2, w3, w0); R1(w1, 1);
		w2 = SCHED1(w2, w3, w0, w1); R1(w2, 1);
		w3 = SCHED1(w3, w0, w1, w2); R1(w3, 1);
		w0 = SCHED1(w0, w1, w2, w3); R1(w0, 1);
		w1 = SCHED1(w1, w2, w3, w0); R1(w1, 1);		/* 36-39 */
		w2 = SCHED1(w2, w3, w0, w1); R1(w2, 2);
		w3 = SCHED1(w3, w0, w1, w2); R1(w3, 2);
		w0 = SCHED1(w0, w1, w2, w3); R1(w0, 2);
		w1 = SCHED1(w1, w2, w3, w0); R1(w1, 2);
		w2 = SCHED1(w2, w3, w0, w1); R1(w2, 2);		/* 56-59 */
		w3 = SCHED1(w3, w0, w1, w2); R1(w3, 3);
		w0 = SCHED1(w0, w1, w2, w3); R1(w0, 3);
		w1 = SCHED1(w1, w2, w3, w0); R1(w1, 3);
		w2 = SCHED1(w2, w3, w0, w1); R1(w2, 3);
		w3 = SCHED1(w3, w0, w1, w2); R1(w3, 3);		/* 76-79 */
		e0 = _mm_sha1nexte_epu32(eprev, e_save);
		abcd = _mm_add_epi32(abcd, abcd_save);
	}
	ST(h, _mm_shuffle_epi32(abcd, 0x1b));
	h[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

/* ---- hash descriptors over the portable buffering ---- */

static void s1_init(crypto_hash_ctx *c) { sha1_init(&c->sha1); }
static void s1_update(crypto_hash_ctx *c, const void *d, size_t n)
{ sha1_update_with(&c->sha1, d, n, sha1_shani_blocks); }
static void s1_final(crypto_hash_ctx *c, uint8_t *o)
{ sha1_final_with(&c->sha1, o, sha1_shani_blocks); }

static void s224_init(crypto_hash_ctx *c) { sha224_init(&c->sha256); }
static void s256_init(crypto_hash_ctx *c) { sha256_init(&c->sha256); }
static void s256_update(crypto_hash_ctx *c, const void *d, size_t n)
{ sha256_update_with(&c->sha256, d, n, sha256_shani_blocks); }
static void s224_final(crypto_hash_ctx *c, uint8_t *o)
{ sha256_final_with(&c->sha256, o, SHA224_DIGEST_SIZE, sha256_shani_blocks); }
static void s256_final(crypto_hash_ctx *c, uint8_t *o)
{ sha256_final_with(&c->sha256, o, SHA256_DIGEST_SIZE, sha256_shani_blocks); }

const crypto_hash_desc crypto_hash_sha1_shani = { "sha1", SHA1_DIGEST_SIZE,
	SHA1_BLOCK_SIZE, s1_init, s1_update, s1_final };
const crypto_hash_desc crypto_hash_sha224_shani = { "sha224",
	SHA224_DIGEST_SIZE, SHA256_BLOCK_SIZE, s224_init, s256_update,
	s224_final };
const crypto_hash_desc crypto_hash_sha256_shani = { "sha256",
	SHA256_DIGEST_SIZE, SHA256_BLOCK_SIZE, s256_init, s256_update,
	s256_final };

const crypto_hash_desc *
crypto_hash_shani_lookup(const crypto_hash_desc *portable)
{
	if (portable == &crypto_hash_sha1)
		return &crypto_hash_sha1_shani;
	if (portable == &crypto_hash_sha224)
		return &crypto_hash_sha224_shani;
	if (portable == &crypto_hash_sha256)
		return &crypto_hash_sha256_shani;
	return NULL;
}
