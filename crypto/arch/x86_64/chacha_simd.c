/*
 * chacha_simd.c - ChaCha20 on SSSE3 (4 blocks), AVX2 (8) and AVX-512 (16),
 * see chacha_simd.h.
 *
 * Layout: vector x[i] holds state word i of N consecutive blocks (lane k
 * = block counter s[12] + k), so one quarter round on the vectors is N
 * quarter rounds, with no shuffling between column and diagonal rounds.
 * Rotations by 16 and 8 are byte shuffles (PSHUFB) and by 12 and 7 shifts,
 * except on AVX-512, which rotates in one instruction.  At the end each
 * group of four words is transposed back to block order (4x4 transposes
 * of 32-bit lanes, then of 128-bit lanes) and XORed with the input.  A
 * tail shorter than a step runs the narrowest step that covers it over a
 * zero-padded copy.  Only functions marked TGT_* use the instructions.
 */
#include <string.h>

#include <immintrin.h>

#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/arch/x86_64/poly1305_simd.h"
#include "crypto/arch/x86_64/x86_caps.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"

#define TGT_SSSE3 __attribute__((target("ssse3")))
#define TGT_AVX2 __attribute__((target("avx2")))
#define TGT_AVX512 __attribute__((target("avx512f,avx512vl,avx2")))

/*
 * Unroll the loops over state words and output groups completely: rolled,
 * GCC keeps the vector array in memory and every step goes through the
 * stack (measured: a fifth of the AVX-512 time).
 */
#define UNROLL _Pragma("GCC unroll 16")

#define LD128(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define ST128(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define LD256(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define ST256(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

static int level_cap = CHACHA_SIMD_AVX512;	/* chacha_simd_set_level() */

int
chacha_simd_level(void)
{
	unsigned caps = x86_caps();
	int l = CHACHA_SIMD_NONE;

	if (caps & X86_CAP_AVX512)
		l = CHACHA_SIMD_AVX512;
	else if (caps & X86_CAP_AVX2)
		l = CHACHA_SIMD_AVX2;
	else if (caps & X86_CAP_SSSE3)
		l = CHACHA_SIMD_SSSE3;
	return l < level_cap ? l : level_cap;
}

void
chacha_simd_set_level(int level)
{
	level_cap = level;
}

/*
 * The double round over vectors of any width, written once: QR is the
 * quarter round of that width.  Columns, then diagonals.
 */
#define DOUBLE_ROUND(x) do {						\
	QR(x[0], x[4], x[8], x[12]);					\
	QR(x[1], x[5], x[9], x[13]);					\
	QR(x[2], x[6], x[10], x[14]);					\
	QR(x[3], x[7], x[11], x[15]);					\
	QR(x[0], x[5], x[10], x[15]);					\
	QR(x[1], x[6], x[11], x[12]);					\
	QR(x[2], x[7], x[8], x[13]);					\
	QR(x[3], x[4], x[9], x[14]);					\
} while (0)

/* ---- SSSE3: 4 blocks ---- */

#define QR(a, b, c, d) do {						\
	a = _mm_add_epi32(a, b); d = _mm_shuffle_epi8(_mm_xor_si128(d, a), r16); \
	c = _mm_add_epi32(c, d); b = _mm_xor_si128(b, c);		\
	b = _mm_or_si128(_mm_slli_epi32(b, 12), _mm_srli_epi32(b, 20));	\
	a = _mm_add_epi32(a, b); d = _mm_shuffle_epi8(_mm_xor_si128(d, a), r8); \
	c = _mm_add_epi32(c, d); b = _mm_xor_si128(b, c);		\
	b = _mm_or_si128(_mm_slli_epi32(b, 7), _mm_srli_epi32(b, 25));	\
} while (0)

/* words a..d (4 lanes = 4 blocks) to 16 bytes at offset off of each block */
TGT_SSSE3 static inline void
xor_group4(__m128i a, __m128i b, __m128i c, __m128i d, const uint8_t *in,
    uint8_t *out, size_t off)
{
	__m128i t0 = _mm_unpacklo_epi32(a, b), t1 = _mm_unpacklo_epi32(c, d);
	__m128i t2 = _mm_unpackhi_epi32(a, b), t3 = _mm_unpackhi_epi32(c, d);

	ST128(out + off, _mm_xor_si128(LD128(in + off), _mm_unpacklo_epi64(t0, t1)));
	ST128(out + off + 64, _mm_xor_si128(LD128(in + off + 64), _mm_unpackhi_epi64(t0, t1)));
	ST128(out + off + 128, _mm_xor_si128(LD128(in + off + 128), _mm_unpacklo_epi64(t2, t3)));
	ST128(out + off + 192, _mm_xor_si128(LD128(in + off + 192), _mm_unpackhi_epi64(t2, t3)));
}

/*
 * n groups of 4 whole blocks from counter s[12], which advances.  The
 * input state is re-read from s (memory) at the end of each group rather
 * than kept in registers: 16 state vectors already fill the register file.
 */
TGT_SSSE3 static void
blocks4(uint32_t s[16], const uint8_t *in, uint8_t *out, size_t n)
{
	const __m128i r16 = _mm_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4,
	    7, 6, 1, 0, 3, 2);
	const __m128i r8 = _mm_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5,
	    4, 7, 2, 1, 0, 3);
	const __m128i lane = _mm_set_epi32(3, 2, 1, 0);
	__m128i x[16];
	int i;

	for (; n > 0; n--, in += 256, out += 256, s[12] += 4) {
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm_set1_epi32((int)s[i]);
		x[12] = _mm_add_epi32(x[12], lane);
		for (i = 0; i < 10; i++)
			DOUBLE_ROUND(x);
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm_add_epi32(x[i], _mm_set1_epi32((int)s[i]));
		x[12] = _mm_add_epi32(x[12], lane);
		UNROLL for (i = 0; i < 4; i++)
			xor_group4(x[4 * i], x[4 * i + 1], x[4 * i + 2],
			    x[4 * i + 3], in, out, (size_t)16 * i);
	}
}

#undef QR

/* ---- AVX2: 8 blocks ---- */

#define QR(a, b, c, d) do {						\
	a = _mm256_add_epi32(a, b);					\
	d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), r16);		\
	c = _mm256_add_epi32(c, d); b = _mm256_xor_si256(b, c);		\
	b = _mm256_or_si256(_mm256_slli_epi32(b, 12), _mm256_srli_epi32(b, 20)); \
	a = _mm256_add_epi32(a, b);					\
	d = _mm256_shuffle_epi8(_mm256_xor_si256(d, a), r8);		\
	c = _mm256_add_epi32(c, d); b = _mm256_xor_si256(b, c);		\
	b = _mm256_or_si256(_mm256_slli_epi32(b, 7), _mm256_srli_epi32(b, 25)); \
} while (0)

/*
 * 4x4 transpose inside each 128-bit half: afterwards v[k] holds words
 * 4g..4g+3 of block k (low half) and of block k+4 (high half).
 */
TGT_AVX2 static inline void
transpose8(__m256i a, __m256i b, __m256i c, __m256i d, __m256i v[4])
{
	__m256i t0 = _mm256_unpacklo_epi32(a, b), t1 = _mm256_unpacklo_epi32(c, d);
	__m256i t2 = _mm256_unpackhi_epi32(a, b), t3 = _mm256_unpackhi_epi32(c, d);

	v[0] = _mm256_unpacklo_epi64(t0, t1);
	v[1] = _mm256_unpackhi_epi64(t0, t1);
	v[2] = _mm256_unpacklo_epi64(t2, t3);
	v[3] = _mm256_unpackhi_epi64(t2, t3);
}

/*
 * Two quarter rounds side by side, their c words kept in memory (cm[]):
 * 8 blocks x 16 words need all 16 YMM registers, so something lives in
 * memory anyway; keeping row c there (two loads and two stores per pair,
 * as OpenSSL's ChaCha20_8x does) instead of letting the compiler pick
 * spills halves the memory traffic of a double round.  The empty asm
 * pins cm[] to memory.
 */
#define QR2(a0, b0, i0, d0, a1, b1, i1, d1) do {			\
	__m256i c0_, c1_;						\
	__asm__("" : "+m"(cm[i0]), "+m"(cm[i1]));			\
	c0_ = cm[i0]; c1_ = cm[i1];					\
	a0 = _mm256_add_epi32(a0, b0); a1 = _mm256_add_epi32(a1, b1);	\
	d0 = _mm256_shuffle_epi8(_mm256_xor_si256(d0, a0), r16);	\
	d1 = _mm256_shuffle_epi8(_mm256_xor_si256(d1, a1), r16);	\
	c0_ = _mm256_add_epi32(c0_, d0); c1_ = _mm256_add_epi32(c1_, d1); \
	b0 = _mm256_xor_si256(b0, c0_); b1 = _mm256_xor_si256(b1, c1_);	\
	b0 = _mm256_or_si256(_mm256_slli_epi32(b0, 12), _mm256_srli_epi32(b0, 20)); \
	b1 = _mm256_or_si256(_mm256_slli_epi32(b1, 12), _mm256_srli_epi32(b1, 20)); \
	a0 = _mm256_add_epi32(a0, b0); a1 = _mm256_add_epi32(a1, b1);	\
	d0 = _mm256_shuffle_epi8(_mm256_xor_si256(d0, a0), r8);		\
	d1 = _mm256_shuffle_epi8(_mm256_xor_si256(d1, a1), r8);		\
	c0_ = _mm256_add_epi32(c0_, d0); c1_ = _mm256_add_epi32(c1_, d1); \
	b0 = _mm256_xor_si256(b0, c0_); b1 = _mm256_xor_si256(b1, c1_);	\
	b0 = _mm256_or_si256(_mm256_slli_epi32(b0, 7), _mm256_srli_epi32(b0, 25)); \
	b1 = _mm256_or_si256(_mm256_slli_epi32(b1, 7), _mm256_srli_epi32(b1, 25)); \
	cm[i0] = c0_; cm[i1] = c1_;					\
	__asm__("" : "+m"(cm[i0]), "+m"(cm[i1]));			\
} while (0)

/* n groups of 8 whole blocks from counter s[12], which advances */
TGT_AVX2 static void
blocks8(uint32_t s[16], const uint8_t *in, uint8_t *out, size_t n)
{
	const __m256i r16 = _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5,
	    4, 7, 6, 1, 0, 3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1,
	    0, 3, 2);
	const __m256i r8 = _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5,
	    4, 7, 2, 1, 0, 3, 14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1,
	    0, 3);
	const __m256i lane = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
	__m256i x[16], cm[4];
	int i, k;

	for (; n > 0; n--, in += 512, out += 512, s[12] += 8) {
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm256_set1_epi32((int)s[i]);
		x[12] = _mm256_add_epi32(x[12], lane);
		UNROLL for (i = 0; i < 4; i++)
			cm[i] = x[8 + i];
		for (i = 0; i < 10; i++) {
			QR2(x[0], x[4], 0, x[12], x[1], x[5], 1, x[13]);
			QR2(x[2], x[6], 2, x[14], x[3], x[7], 3, x[15]);
			QR2(x[0], x[5], 2, x[15], x[1], x[6], 3, x[12]);
			QR2(x[2], x[7], 0, x[13], x[3], x[4], 1, x[14]);
		}
		UNROLL for (i = 0; i < 4; i++)
			x[8 + i] = cm[i];
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm256_add_epi32(x[i], _mm256_set1_epi32((int)s[i]));
		x[12] = _mm256_add_epi32(x[12], lane);
		/* bytes 0-31 of each block from word groups 0, 1; 32-63 from 2, 3 */
		UNROLL for (i = 0; i < 2; i++) {
			__m256i ga[4], gb[4];

			transpose8(x[8 * i], x[8 * i + 1], x[8 * i + 2],
			    x[8 * i + 3], ga);
			transpose8(x[8 * i + 4], x[8 * i + 5], x[8 * i + 6],
			    x[8 * i + 7], gb);
			UNROLL for (k = 0; k < 4; k++) {
				size_t lo = (size_t)64 * k + 32 * i, hi = lo + 256;

				ST256(out + lo, _mm256_xor_si256(LD256(in + lo),
				    _mm256_permute2x128_si256(ga[k], gb[k], 0x20)));
				ST256(out + hi, _mm256_xor_si256(LD256(in + hi),
				    _mm256_permute2x128_si256(ga[k], gb[k], 0x31)));
			}
		}
	}
}

#undef QR

/* ---- AVX-512: 16 blocks, rotations in one instruction (VPROLD) ---- */

#define QR(a, b, c, d) do {						\
	a = _mm512_add_epi32(a, b);					\
	d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 16);		\
	c = _mm512_add_epi32(c, d);					\
	b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 12);		\
	a = _mm512_add_epi32(a, b);					\
	d = _mm512_rol_epi32(_mm512_xor_si512(d, a), 8);		\
	c = _mm512_add_epi32(c, d);					\
	b = _mm512_rol_epi32(_mm512_xor_si512(b, c), 7);		\
} while (0)

/*
 * Words 4g..4g+3 of all 16 blocks (a..d) XORed into the 16 bytes at 16g
 * of each block: a 4x4 transpose of 32-bit words inside each 128-bit lane
 * (v[j], lane L: block 4L+j), then a 4x4 transpose of 128-bit lanes
 * across the four groups' v[j] (done by the caller for all groups).
 */
TGT_AVX512 static inline void
transpose16(__m512i a, __m512i b, __m512i c, __m512i d, __m512i v[4])
{
	__m512i t0 = _mm512_unpacklo_epi32(a, b), t1 = _mm512_unpacklo_epi32(c, d);
	__m512i t2 = _mm512_unpackhi_epi32(a, b), t3 = _mm512_unpackhi_epi32(c, d);

	v[0] = _mm512_unpacklo_epi64(t0, t1);
	v[1] = _mm512_unpackhi_epi64(t0, t1);
	v[2] = _mm512_unpacklo_epi64(t2, t3);
	v[3] = _mm512_unpackhi_epi64(t2, t3);
}

#define LD512(p) _mm512_loadu_si512((const void *)(p))
#define ST512(p, v) _mm512_storeu_si512((void *)(p), (v))

/* n groups of 16 whole blocks from counter s[12], which advances */
TGT_AVX512 static void
blocks16(uint32_t s[16], const uint8_t *in, uint8_t *out, size_t n)
{
	const __m512i lane = _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8,
	    7, 6, 5, 4, 3, 2, 1, 0);
	__m512i x[16], g[4][4];
	int i, j;

	for (; n > 0; n--, in += 1024, out += 1024, s[12] += 16) {
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm512_set1_epi32((int)s[i]);
		x[12] = _mm512_add_epi32(x[12], lane);
		for (i = 0; i < 10; i++)
			DOUBLE_ROUND(x);
		UNROLL for (i = 0; i < 16; i++)
			x[i] = _mm512_add_epi32(x[i], _mm512_set1_epi32((int)s[i]));
		x[12] = _mm512_add_epi32(x[12], lane);
		UNROLL for (i = 0; i < 4; i++)
			transpose16(x[4 * i], x[4 * i + 1], x[4 * i + 2],
			    x[4 * i + 3], g[i]);
		/* g[grp][j] lane L = words 4grp.. of block 4L+j */
		UNROLL for (j = 0; j < 4; j++) {
			__m512i t0 = _mm512_shuffle_i32x4(g[0][j], g[1][j], 0x44);
			__m512i t1 = _mm512_shuffle_i32x4(g[0][j], g[1][j], 0xee);
			__m512i t2 = _mm512_shuffle_i32x4(g[2][j], g[3][j], 0x44);
			__m512i t3 = _mm512_shuffle_i32x4(g[2][j], g[3][j], 0xee);
			size_t b0 = (size_t)64 * j;

			ST512(out + b0, _mm512_xor_si512(LD512(in + b0),
			    _mm512_shuffle_i32x4(t0, t2, 0x88)));
			ST512(out + b0 + 256, _mm512_xor_si512(LD512(in + b0 + 256),
			    _mm512_shuffle_i32x4(t0, t2, 0xdd)));
			ST512(out + b0 + 512, _mm512_xor_si512(LD512(in + b0 + 512),
			    _mm512_shuffle_i32x4(t1, t3, 0x88)));
			ST512(out + b0 + 768, _mm512_xor_si512(LD512(in + b0 + 768),
			    _mm512_shuffle_i32x4(t1, t3, 0xdd)));
		}
	}
}

#undef QR

/* ---- the chacha20_xor() replacement ---- */

/* blocks per step at each level */
static const unsigned step_blocks[] = { 1, 4, 8, 16 };

static void
run_blocks(int level, uint32_t s[16], const uint8_t *in, uint8_t *out,
    size_t n)
{
	if (level >= CHACHA_SIMD_AVX512)
		blocks16(s, in, out, n);
	else if (level == CHACHA_SIMD_AVX2)
		blocks8(s, in, out, n);
	else
		blocks4(s, in, out, n);
}

/*
 * Fewer bytes than one step of `level`: the smallest step that covers
 * them, over a zero-padded copy; the last block's keystream beyond len
 * stays in c->ks for the next call, as chacha20_xor() leaves it.
 */
static void
tail(chacha20_ctx *c, int level, const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t buf[1024];
	size_t nb = (len + 63) / 64, used, size;

	while (level > CHACHA_SIMD_SSSE3 && nb <= step_blocks[level - 1])
		level--;
	size = 64 * step_blocks[level];
	memcpy(buf, in, len);
	memset(buf + len, 0, size - len);
	run_blocks(level, c->s, buf, buf, 1);
	memcpy(out, buf, len);
	/* the counter moved by a whole step; the portable code moves by nb */
	c->s[12] -= step_blocks[level] - (uint32_t)nb;
	used = len - 64 * (nb - 1);
	if (used < 64) {
		memcpy(c->ks, buf + 64 * (nb - 1), 64);	/* ks ^ 0 past len */
		c->used = (unsigned)used;
	} else
		c->used = 64;
	crypto_wipe(buf, size);
}

int
chacha20_simd_xor(chacha20_ctx *c, const uint8_t *in, uint8_t *out,
    size_t len)
{
	int level = chacha_simd_level();
	size_t n, step;

	if (c == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	if (level == CHACHA_SIMD_NONE)
		return chacha20_xor(c, in, out, len);
	/* leftover keystream of a previous call first */
	n = c->used < 64 ? 64 - c->used : 0;
	if (n > len)
		n = len;
	if (n) {
		chacha20_xor(c, in, out, n);
		in += n; out += n; len -= n;
	}
	step = 64 * step_blocks[level];
	if (len >= step) {
		n = len / step;
		run_blocks(level, c->s, in, out, n);
		in += n * step; out += n * step; len -= n * step;
	}
	/*
	 * Three blocks or more left: one SIMD step over a padded copy; one or
	 * two: the portable code, cheaper than a 4-block step (measured).
	 */
	if (len > 128)
		tail(c, level, in, out, len);
	else if (len > 0)
		chacha20_xor(c, in, out, len);
	return 0;
}

const chacha20_poly1305_impl *
chacha20_poly1305_simd_impl(void)
{
	static const chacha20_poly1305_impl at[] = {
		{ chacha20_xor, poly1305_blocks },
		{ chacha20_simd_xor, poly1305_blocks },
		{ chacha20_simd_xor, poly1305_blocks_avx2 },
		{ chacha20_simd_xor, poly1305_blocks_avx512 },
	};

	return &at[chacha_simd_level()];
}

int
chacha20_poly1305_simd_encrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen)
{
	return chacha20_poly1305_encrypt_with(chacha20_poly1305_simd_impl(), key, keylen,
	    nonce, noncelen, aad, aadlen, in, len, out, tag, taglen);
}

int
chacha20_poly1305_simd_decrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	return chacha20_poly1305_decrypt_with(chacha20_poly1305_simd_impl(), key, keylen,
	    nonce, noncelen, aad, aadlen, in, len, tag, taglen, out);
}
