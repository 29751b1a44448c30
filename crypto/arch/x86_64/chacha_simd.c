/*
 * chacha_simd.c - ChaCha20 on SSSE3 (4 blocks) and AVX2 (8 blocks), see
 * chacha_simd.h.
 *
 * Layout: vector x[i] holds state word i of N consecutive blocks (lane k
 * = block counter s[12] + k), so one quarter round on the vectors is N
 * quarter rounds, with no shuffling between column and diagonal rounds.
 * Rotations by 16 and 8 are byte shuffles (PSHUFB), by 12 and 7 shifts.
 * At the end each group of four words is transposed back to block order
 * (4x4 transpose of 32-bit lanes; AVX2 then pairs 128-bit halves) and
 * XORed with the input.  Only functions marked TGT_* use the
 * instructions.
 */
#include <string.h>

#include <cpuid.h>
#include <immintrin.h>

#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"

#define TGT_SSSE3 __attribute__((target("ssse3")))
#define TGT_AVX2 __attribute__((target("avx2")))

#define LD128(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define ST128(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))
#define LD256(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define ST256(p, v) _mm256_storeu_si256((__m256i *)(void *)(p), (v))

static int level_cpu = -1;	/* what the CPU/OS allow; -1 until probed */
static int level_cap = CHACHA_SIMD_AVX2;	/* chacha_simd_set_level() */

/* AVX needs the OS to save YMM state: OSXSAVE set and XCR0 bits 1-2 */
static int
os_saves_ymm(unsigned ecx1)
{
	unsigned lo, hi;

	if (!(ecx1 & bit_OSXSAVE) || !(ecx1 & bit_AVX))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	return (lo & 6) == 6;
}

static int
probe(void)
{
	unsigned a, b, c, d, c1;

	if (!__get_cpuid(1, &a, &b, &c1, &d) || !(c1 & bit_SSSE3))
		return CHACHA_SIMD_NONE;
	if (__get_cpuid_max(0, NULL) >= 7) {
		__cpuid_count(7, 0, a, b, c, d);
		if ((b & bit_AVX2) && os_saves_ymm(c1))
			return CHACHA_SIMD_AVX2;
	}
	return CHACHA_SIMD_SSSE3;
}

int
chacha_simd_level(void)
{
	int l = __atomic_load_n(&level_cpu, __ATOMIC_RELAXED);

	if (l < 0) {
		l = probe();
		__atomic_store_n(&level_cpu, l, __ATOMIC_RELAXED);
	}
	return l < level_cap ? l : level_cap;
}

void
chacha_simd_set_level(int level)
{
	level_cap = level;
}

/* ---- SSSE3: 4 blocks ---- */

#define QR4(a, b, c, d) do {						\
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

/* 4 whole blocks from counter s[12]; the caller advances the counter */
TGT_SSSE3 static void
blocks4(const uint32_t s[16], const uint8_t *in, uint8_t *out)
{
	const __m128i r16 = _mm_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4,
	    7, 6, 1, 0, 3, 2);
	const __m128i r8 = _mm_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5,
	    4, 7, 2, 1, 0, 3);
	__m128i x[16], o[16];
	int i;

	for (i = 0; i < 16; i++)
		o[i] = x[i] = _mm_set1_epi32((int)s[i]);
	o[12] = x[12] = _mm_add_epi32(x[12], _mm_set_epi32(3, 2, 1, 0));
	for (i = 0; i < 10; i++) {
		QR4(x[0], x[4], x[8], x[12]);
		QR4(x[1], x[5], x[9], x[13]);
		QR4(x[2], x[6], x[10], x[14]);
		QR4(x[3], x[7], x[11], x[15]);
		QR4(x[0], x[5], x[10], x[15]);
		QR4(x[1], x[6], x[11], x[12]);
		QR4(x[2], x[7], x[8], x[13]);
		QR4(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		x[i] = _mm_add_epi32(x[i], o[i]);
	for (i = 0; i < 4; i++)
		xor_group4(x[4 * i], x[4 * i + 1], x[4 * i + 2], x[4 * i + 3],
		    in, out, (size_t)16 * i);
}

/* ---- AVX2: 8 blocks ---- */

#define QR8(a, b, c, d) do {						\
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

/* 8 whole blocks from counter s[12]; the caller advances the counter */
TGT_AVX2 static void
blocks8(const uint32_t s[16], const uint8_t *in, uint8_t *out)
{
	const __m256i r16 = _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5,
	    4, 7, 6, 1, 0, 3, 2, 13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1,
	    0, 3, 2);
	const __m256i r8 = _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5,
	    4, 7, 2, 1, 0, 3, 14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1,
	    0, 3);
	__m256i x[16], o[16], g01[4], g23[4];
	int i, k;

	for (i = 0; i < 16; i++)
		o[i] = x[i] = _mm256_set1_epi32((int)s[i]);
	o[12] = x[12] = _mm256_add_epi32(x[12],
	    _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
	for (i = 0; i < 10; i++) {
		QR8(x[0], x[4], x[8], x[12]);
		QR8(x[1], x[5], x[9], x[13]);
		QR8(x[2], x[6], x[10], x[14]);
		QR8(x[3], x[7], x[11], x[15]);
		QR8(x[0], x[5], x[10], x[15]);
		QR8(x[1], x[6], x[11], x[12]);
		QR8(x[2], x[7], x[8], x[13]);
		QR8(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		x[i] = _mm256_add_epi32(x[i], o[i]);
	/* bytes 0-31 of each block from word groups 0 and 1, 32-63 from 2, 3 */
	for (i = 0; i < 2; i++) {
		__m256i ga[4], gb[4];

		transpose8(x[8 * i], x[8 * i + 1], x[8 * i + 2], x[8 * i + 3], ga);
		transpose8(x[8 * i + 4], x[8 * i + 5], x[8 * i + 6], x[8 * i + 7], gb);
		for (k = 0; k < 4; k++) {
			g01[k] = _mm256_permute2x128_si256(ga[k], gb[k], 0x20);
			g23[k] = _mm256_permute2x128_si256(ga[k], gb[k], 0x31);
		}
		for (k = 0; k < 4; k++) {
			size_t lo = (size_t)64 * k + 32 * i, hi = lo + 256;

			ST256(out + lo, _mm256_xor_si256(LD256(in + lo), g01[k]));
			ST256(out + hi, _mm256_xor_si256(LD256(in + hi), g23[k]));
		}
	}
}

/* ---- the chacha20_xor() replacement ---- */

int
chacha20_simd_xor(chacha20_ctx *c, const uint8_t *in, uint8_t *out,
    size_t len)
{
	int level = chacha_simd_level();
	size_t n;

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
	if (level >= CHACHA_SIMD_AVX2)
		for (; len >= 512; in += 512, out += 512, len -= 512) {
			blocks8(c->s, in, out);
			c->s[12] += 8;
		}
	for (; len >= 256; in += 256, out += 256, len -= 256) {
		blocks4(c->s, in, out);
		c->s[12] += 4;
	}
	/* fewer than 4 blocks left: the portable code (it keeps the tail) */
	return len ? chacha20_xor(c, in, out, len) : 0;
}

int
chacha20_poly1305_simd_encrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen)
{
	return chacha20_poly1305_encrypt_with(chacha20_simd_xor, key, keylen,
	    nonce, noncelen, aad, aadlen, in, len, out, tag, taglen);
}

int
chacha20_poly1305_simd_decrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	return chacha20_poly1305_decrypt_with(chacha20_simd_xor, key, keylen,
	    nonce, noncelen, aad, aadlen, in, len, tag, taglen, out);
}
