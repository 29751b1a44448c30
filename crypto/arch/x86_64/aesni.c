/*
 * aesni.c - AES-NI / PCLMULQDQ bulk paths (see aesni.h).  Only functions
 * marked with TGT use the instructions; callers must check
 * aesni_available() first.
 */
#include <string.h>

#include <immintrin.h>
#include <wmmintrin.h>

#include "crypto/aes_modes.h"
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/arch/x86_64/x86_caps.h"
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"

#define TGT __attribute__((target("aes,pclmul,sse4.1,ssse3")))

int
aesni_available(void)
{
	return x86_caps_have(X86_CAP_AESNI | X86_CAP_PCLMUL | X86_CAP_SSE41 |
	    X86_CAP_SSSE3);
}

TGT static inline __m128i
rk(const uint32_t *w, unsigned i)
{
	return _mm_loadu_si128((const __m128i *)(const void *)(w + 4 * i));
}

TGT static inline __m128i
enc1(const aes_ctx *ctx, __m128i x)
{
	unsigned r;

	x = _mm_xor_si128(x, rk(ctx->ek, 0));
	for (r = 1; r < ctx->rounds; r++)
		x = _mm_aesenc_si128(x, rk(ctx->ek, r));
	return _mm_aesenclast_si128(x, rk(ctx->ek, ctx->rounds));
}

TGT static inline __m128i
dec1(const aes_ctx *ctx, __m128i x)
{
	unsigned r;

	x = _mm_xor_si128(x, rk(ctx->dk, 0));
	for (r = 1; r < ctx->rounds; r++)
		x = _mm_aesdec_si128(x, rk(ctx->dk, r));
	return _mm_aesdeclast_si128(x, rk(ctx->dk, ctx->rounds));
}

/* four independent blocks through the rounds together (pipelining) */
TGT static inline void
enc4(const aes_ctx *ctx, __m128i *a, __m128i *b, __m128i *c, __m128i *d)
{
	__m128i k = rk(ctx->ek, 0);
	unsigned r;

	*a = _mm_xor_si128(*a, k); *b = _mm_xor_si128(*b, k);
	*c = _mm_xor_si128(*c, k); *d = _mm_xor_si128(*d, k);
	for (r = 1; r < ctx->rounds; r++) {
		k = rk(ctx->ek, r);
		*a = _mm_aesenc_si128(*a, k); *b = _mm_aesenc_si128(*b, k);
		*c = _mm_aesenc_si128(*c, k); *d = _mm_aesenc_si128(*d, k);
	}
	k = rk(ctx->ek, ctx->rounds);
	*a = _mm_aesenclast_si128(*a, k); *b = _mm_aesenclast_si128(*b, k);
	*c = _mm_aesenclast_si128(*c, k); *d = _mm_aesenclast_si128(*d, k);
}

TGT static inline void
dec4(const aes_ctx *ctx, __m128i *a, __m128i *b, __m128i *c, __m128i *d)
{
	__m128i k = rk(ctx->dk, 0);
	unsigned r;

	*a = _mm_xor_si128(*a, k); *b = _mm_xor_si128(*b, k);
	*c = _mm_xor_si128(*c, k); *d = _mm_xor_si128(*d, k);
	for (r = 1; r < ctx->rounds; r++) {
		k = rk(ctx->dk, r);
		*a = _mm_aesdec_si128(*a, k); *b = _mm_aesdec_si128(*b, k);
		*c = _mm_aesdec_si128(*c, k); *d = _mm_aesdec_si128(*d, k);
	}
	k = rk(ctx->dk, ctx->rounds);
	*a = _mm_aesdeclast_si128(*a, k); *b = _mm_aesdeclast_si128(*b, k);
	*c = _mm_aesdeclast_si128(*c, k); *d = _mm_aesdeclast_si128(*d, k);
}

#define LD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define ST(p, v) _mm_storeu_si128((__m128i *)(void *)(p), (v))

TGT void
aesni_encrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
	ST(out, enc1(ctx, LD(in)));
}

TGT void
aesni_decrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16])
{
	ST(out, dec1(ctx, LD(in)));
}

TGT int
aesni_cbc_encrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	__m128i v;
	size_t off;

	if (aes == NULL || iv == NULL || len % 16 != 0 ||
	    !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	v = LD(iv);
	for (off = 0; off < len; off += 16) {
		v = enc1(aes, _mm_xor_si128(v, LD(in + off)));
		ST(out + off, v);
	}
	ST(iv, v);
	return 0;
}

TGT int
aesni_cbc_decrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	__m128i v, c0, c1, c2, c3, p0, p1, p2, p3;
	size_t off = 0;

	if (aes == NULL || iv == NULL || len % 16 != 0 ||
	    !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	v = LD(iv);
	for (; off + 64 <= len; off += 64) {
		c0 = LD(in + off); c1 = LD(in + off + 16);
		c2 = LD(in + off + 32); c3 = LD(in + off + 48);
		p0 = c0; p1 = c1; p2 = c2; p3 = c3;
		dec4(aes, &p0, &p1, &p2, &p3);
		ST(out + off, _mm_xor_si128(p0, v));
		ST(out + off + 16, _mm_xor_si128(p1, c0));
		ST(out + off + 32, _mm_xor_si128(p2, c1));
		ST(out + off + 48, _mm_xor_si128(p3, c2));
		v = c3;
	}
	for (; off < len; off += 16) {
		c0 = LD(in + off);
		ST(out + off, _mm_xor_si128(dec1(aes, c0), v));
		v = c0;
	}
	ST(iv, v);
	return 0;
}

TGT static inline __m128i
ctrblk(__m128i base, uint32_t c)
{
	return _mm_insert_epi32(base, (int)__builtin_bswap32(c), 3);
}

/*
 * Eight counter blocks n..n+7 through the rounds together, XORed into
 * 128 bytes: eight independent AESENCs per round keep the AES unit busy
 * (its latency is several cycles, its throughput one or two a cycle).
 */
TGT static inline void
ctr8_xor(const aes_ctx *aes, __m128i base, uint32_t n, const uint8_t *in,
    uint8_t *out)
{
	__m128i b0, b1, b2, b3, b4, b5, b6, b7, k = rk(aes->ek, 0);
	unsigned r;

	b0 = _mm_xor_si128(ctrblk(base, n), k);
	b1 = _mm_xor_si128(ctrblk(base, n + 1), k);
	b2 = _mm_xor_si128(ctrblk(base, n + 2), k);
	b3 = _mm_xor_si128(ctrblk(base, n + 3), k);
	b4 = _mm_xor_si128(ctrblk(base, n + 4), k);
	b5 = _mm_xor_si128(ctrblk(base, n + 5), k);
	b6 = _mm_xor_si128(ctrblk(base, n + 6), k);
	b7 = _mm_xor_si128(ctrblk(base, n + 7), k);
	for (r = 1; r < aes->rounds; r++) {
		k = rk(aes->ek, r);
		b0 = _mm_aesenc_si128(b0, k); b1 = _mm_aesenc_si128(b1, k);
		b2 = _mm_aesenc_si128(b2, k); b3 = _mm_aesenc_si128(b3, k);
		b4 = _mm_aesenc_si128(b4, k); b5 = _mm_aesenc_si128(b5, k);
		b6 = _mm_aesenc_si128(b6, k); b7 = _mm_aesenc_si128(b7, k);
	}
	k = rk(aes->ek, aes->rounds);
	ST(out, _mm_xor_si128(_mm_aesenclast_si128(b0, k), LD(in)));
	ST(out + 16, _mm_xor_si128(_mm_aesenclast_si128(b1, k), LD(in + 16)));
	ST(out + 32, _mm_xor_si128(_mm_aesenclast_si128(b2, k), LD(in + 32)));
	ST(out + 48, _mm_xor_si128(_mm_aesenclast_si128(b3, k), LD(in + 48)));
	ST(out + 64, _mm_xor_si128(_mm_aesenclast_si128(b4, k), LD(in + 64)));
	ST(out + 80, _mm_xor_si128(_mm_aesenclast_si128(b5, k), LD(in + 80)));
	ST(out + 96, _mm_xor_si128(_mm_aesenclast_si128(b6, k), LD(in + 96)));
	ST(out + 112, _mm_xor_si128(_mm_aesenclast_si128(b7, k), LD(in + 112)));
}

TGT int
aesni_ctr32_xor(const aes_ctx *aes, uint8_t ctr[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	__m128i base, a, b, c, d;
	uint32_t n;
	size_t off = 0;

	if (aes == NULL || ctr == NULL || !CRYPTO_BUF_OK(in, len) ||
	    !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	base = LD(ctr);
	n = crypto_load_be32(ctr + 12);
	for (; off + 128 <= len; off += 128, n += 8)
		ctr8_xor(aes, base, n, in + off, out + off);
	for (; off + 64 <= len; off += 64, n += 4) {
		a = ctrblk(base, n); b = ctrblk(base, n + 1);
		c = ctrblk(base, n + 2); d = ctrblk(base, n + 3);
		enc4(aes, &a, &b, &c, &d);
		ST(out + off, _mm_xor_si128(a, LD(in + off)));
		ST(out + off + 16, _mm_xor_si128(b, LD(in + off + 16)));
		ST(out + off + 32, _mm_xor_si128(c, LD(in + off + 32)));
		ST(out + off + 48, _mm_xor_si128(d, LD(in + off + 48)));
	}
	for (; off < len; off += 16, n++) {
		uint8_t ks[16];
		size_t i, m = len - off < 16 ? len - off : 16;
		ST(ks, enc1(aes, ctrblk(base, n)));
		for (i = 0; i < m; i++)
			out[off + i] = in[off + i] ^ ks[i];
	}
	crypto_store_be32(ctr + 12, n);
	return 0;
}

/*
 * The 32-bit loop above, run up to each wrap of the counter's low word,
 * with the carry taken into the upper 96 bits in between.
 */
int
aesni_ctr128_xor(const aes_ctx *aes, uint8_t ctr[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	uint64_t left;
	size_t off = 0, chunk;
	int e, i;

	if (ctr == NULL)
		return CRYPTO_EINVAL;
	do {
		left = ((uint64_t)1 << 32) - crypto_load_be32(ctr + 12);  /* blocks to the wrap */
		chunk = len - off;
		if (chunk / 16 >= left)
			chunk = (size_t)(left * 16);
		if ((e = aesni_ctr32_xor(aes, ctr, in + off, out + off, chunk)) != 0)
			return e;
		off += chunk;
		if (chunk == left * 16)		/* the low word wrapped: carry */
			for (i = 11; i >= 0 && ++ctr[i] == 0; i--)
				;
	} while (off < len);
	return 0;
}

/* ---- GHASH with PCLMULQDQ ---- */

/*
 * GCM block <-> register: reverse the byte order, so that the register
 * holds the field element bit-reflected (bit 127 = coefficient of x^0).
 * Products of reflected operands are reflected products shifted right by
 * one bit, which gf_reduce() corrects (Gueron & Kounavis, "Intel
 * Carry-Less Multiplication Instruction and its Usage for Computing the
 * GCM Mode", algorithms 1-5).  One PSHUFB, where reversing the bits of
 * every byte (the straightforward polynomial order) took six operations.
 */
TGT static inline __m128i
reflect(__m128i x)
{
	const __m128i bswap = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
	    11, 12, 13, 14, 15);

	return _mm_shuffle_epi8(x, bswap);
}

/* accumulate the unreduced 256-bit product a * b into (hi:mid:lo) */
TGT static inline void
clmul_acc(__m128i a, __m128i b, __m128i *lo, __m128i *mid, __m128i *hi)
{
	*lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(a, b, 0x00));
	*hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(a, b, 0x11));
	*mid = _mm_xor_si128(*mid, _mm_xor_si128(_mm_clmulepi64_si128(a, b, 0x01),
	    _mm_clmulepi64_si128(a, b, 0x10)));
}

/*
 * Reduce the 256-bit reflected product (hi:mid:lo) modulo
 * x^128 + x^7 + x^2 + x + 1: shift it left one bit (the reflected
 * product's offset), then fold the low half in two phases of shifts
 * (whitepaper algorithm 5).  Linear, so one reduction serves a sum of
 * products (the aggregated GHASH).
 */
TGT static inline __m128i
gf_reduce(__m128i lo, __m128i mid, __m128i hi)
{
	__m128i t2, t4, t5, t7, t8, t9;

	lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
	hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
	/* (hi:lo) <<= 1 */
	t7 = _mm_srli_epi32(lo, 31);
	t8 = _mm_srli_epi32(hi, 31);
	lo = _mm_slli_epi32(lo, 1);
	hi = _mm_slli_epi32(hi, 1);
	t9 = _mm_srli_si128(t7, 12);
	t8 = _mm_slli_si128(t8, 4);
	t7 = _mm_slli_si128(t7, 4);
	lo = _mm_or_si128(lo, t7);
	hi = _mm_or_si128(_mm_or_si128(hi, t8), t9);
	/* first phase */
	t7 = _mm_xor_si128(_mm_xor_si128(_mm_slli_epi32(lo, 31),
	    _mm_slli_epi32(lo, 30)), _mm_slli_epi32(lo, 25));
	t8 = _mm_srli_si128(t7, 4);
	lo = _mm_xor_si128(lo, _mm_slli_si128(t7, 12));
	/* second phase */
	t2 = _mm_srli_epi32(lo, 1);
	t4 = _mm_srli_epi32(lo, 2);
	t5 = _mm_srli_epi32(lo, 7);
	t2 = _mm_xor_si128(_mm_xor_si128(t2, t4), _mm_xor_si128(t5, t8));
	lo = _mm_xor_si128(lo, t2);
	return _mm_xor_si128(hi, lo);
}

TGT static inline __m128i
gfmul(__m128i a, __m128i b)
{
	__m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;

	clmul_acc(a, b, &lo, &mid, &hi);
	return gf_reduce(lo, mid, hi);
}

/* hp[i] = H^(i+1), reflected; n = 4 or 8 powers (gcm_setkey made them) */
TGT static void
hpowers(const gcm_ctx *g, __m128i hp[8], int n)
{
	int i;

	for (i = 0; i < n; i++)
		hp[i] = reflect(LD(g->hpow[i]));
}

/*
 * Y' = (Y + X1) H^8 + X2 H^7 + ... + X8 H for 8 blocks at p: eight
 * products accumulated unreduced, one reduction (aggregated GHASH).
 */
TGT static inline __m128i
ghash8(__m128i y, const __m128i *hp, const uint8_t *p)
{
	__m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
	int j;

	clmul_acc(_mm_xor_si128(y, reflect(LD(p))), hp[7], &lo, &mid, &hi);
	for (j = 1; j < 8; j++)
		clmul_acc(reflect(LD(p + 16 * j)), hp[7 - j], &lo, &mid, &hi);
	return gf_reduce(lo, mid, hi);
}

/*
 * GHASH over len bytes (a partial last block zero-padded): 8 blocks per
 * reduction when hp holds 8 powers (n8), then 4, then one at a time.
 */
TGT static __m128i
ghash_ni_n(__m128i y, const __m128i *hp, int n8, const uint8_t *p, size_t len)
{
	for (; n8 && len >= 128; p += 128, len -= 128)
		y = ghash8(y, hp, p);
	while (len >= 64) {
		__m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
		clmul_acc(_mm_xor_si128(y, reflect(LD(p))), hp[3], &lo, &mid, &hi);
		clmul_acc(reflect(LD(p + 16)), hp[2], &lo, &mid, &hi);
		clmul_acc(reflect(LD(p + 32)), hp[1], &lo, &mid, &hi);
		clmul_acc(reflect(LD(p + 48)), hp[0], &lo, &mid, &hi);
		y = gf_reduce(lo, mid, hi);
		p += 64;
		len -= 64;
	}
	while (len >= 16) {
		y = gfmul(_mm_xor_si128(y, reflect(LD(p))), hp[0]);
		p += 16;
		len -= 16;
	}
	if (len) {
		uint8_t b[16] = { 0 };
		memcpy(b, p, len);
		y = gfmul(_mm_xor_si128(y, reflect(LD(b))), hp[0]);
	}
	return y;
}

TGT static __m128i
ghash_ni(__m128i y, const __m128i hp[4], const uint8_t *p, size_t len)
{
	return ghash_ni_n(y, hp, 0, p, len);
}

/*
 * GCM encryption of nchunks 128-byte chunks, CTR stitched with GHASH:
 * while the eight AES blocks of chunk c go through rounds 1-8, the eight
 * ciphertext blocks of chunk c-1 are multiplied in, one per round, so
 * the AES and carry-less multiply units work at the same time instead of
 * in two passes.  The last chunk is hashed after.  Returns the new GHASH
 * state; *np (the 32-bit counter) advances by 8 per chunk.
 */
#define AESENC8(k) do {							\
	b0 = _mm_aesenc_si128(b0, k); b1 = _mm_aesenc_si128(b1, k);	\
	b2 = _mm_aesenc_si128(b2, k); b3 = _mm_aesenc_si128(b3, k);	\
	b4 = _mm_aesenc_si128(b4, k); b5 = _mm_aesenc_si128(b5, k);	\
	b6 = _mm_aesenc_si128(b6, k); b7 = _mm_aesenc_si128(b7, k);	\
} while (0)
/* round r (1..8) with ciphertext block r-1 of the previous chunk */
#define ROUND_GH(r) do {						\
	AESENC8(rk(aes->ek, r));					\
	clmul_acc(reflect(LD(prev + 16 * ((r) - 1))), hp[8 - (r)],	\
	    &lo, &mid, &hi);						\
} while (0)

TGT static __m128i
gcm_enc_stitched(const aes_ctx *aes, const __m128i *hp, __m128i y,
    __m128i base, uint32_t *np, const uint8_t *in, uint8_t *out,
    size_t nchunks)
{
	uint32_t n = *np;
	size_t c;

	ctr8_xor(aes, base, n, in, out);
	n += 8;
	for (c = 1; c < nchunks; c++, n += 8) {
		const uint8_t *prev = out + 128 * (c - 1), *src = in + 128 * c;
		uint8_t *dst = out + 128 * c;
		__m128i b0, b1, b2, b3, b4, b5, b6, b7, k = rk(aes->ek, 0);
		__m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
		unsigned r;

		b0 = _mm_xor_si128(ctrblk(base, n), k);
		b1 = _mm_xor_si128(ctrblk(base, n + 1), k);
		b2 = _mm_xor_si128(ctrblk(base, n + 2), k);
		b3 = _mm_xor_si128(ctrblk(base, n + 3), k);
		b4 = _mm_xor_si128(ctrblk(base, n + 4), k);
		b5 = _mm_xor_si128(ctrblk(base, n + 5), k);
		b6 = _mm_xor_si128(ctrblk(base, n + 6), k);
		b7 = _mm_xor_si128(ctrblk(base, n + 7), k);
		AESENC8(rk(aes->ek, 1));
		clmul_acc(_mm_xor_si128(y, reflect(LD(prev))), hp[7], &lo, &mid, &hi);
		ROUND_GH(2); ROUND_GH(3); ROUND_GH(4); ROUND_GH(5);
		ROUND_GH(6); ROUND_GH(7); ROUND_GH(8);
		for (r = 9; r < aes->rounds; r++)	/* 10, 12 or 14 rounds */
			AESENC8(rk(aes->ek, r));
		y = gf_reduce(lo, mid, hi);
		k = rk(aes->ek, aes->rounds);
		ST(dst, _mm_xor_si128(_mm_aesenclast_si128(b0, k), LD(src)));
		ST(dst + 16, _mm_xor_si128(_mm_aesenclast_si128(b1, k), LD(src + 16)));
		ST(dst + 32, _mm_xor_si128(_mm_aesenclast_si128(b2, k), LD(src + 32)));
		ST(dst + 48, _mm_xor_si128(_mm_aesenclast_si128(b3, k), LD(src + 48)));
		ST(dst + 64, _mm_xor_si128(_mm_aesenclast_si128(b4, k), LD(src + 64)));
		ST(dst + 80, _mm_xor_si128(_mm_aesenclast_si128(b5, k), LD(src + 80)));
		ST(dst + 96, _mm_xor_si128(_mm_aesenclast_si128(b6, k), LD(src + 96)));
		ST(dst + 112, _mm_xor_si128(_mm_aesenclast_si128(b7, k), LD(src + 112)));
	}
	*np = n;
	return ghash8(y, hp, out + 128 * (nchunks - 1));
}
#undef ROUND_GH
#undef AESENC8

TGT static __m128i
ghash_lens(__m128i y, const __m128i *h, uint64_t a, uint64_t c)
{
	uint8_t l[16];

	crypto_store_be64(l, a * 8);
	crypto_store_be64(l + 8, c * 8);
	return ghash_ni(y, h, l, 16);
}

TGT static void
gcm_j0_ni(const __m128i *h, const uint8_t *iv, size_t ivlen, uint8_t j0[16])
{
	if (ivlen == 12) {
		memcpy(j0, iv, 12);
		j0[12] = 0; j0[13] = 0; j0[14] = 0; j0[15] = 1;
	} else {
		__m128i y = ghash_ni(_mm_setzero_si128(), h, iv, ivlen);
		y = ghash_lens(y, h, 0, ivlen);
		ST(j0, reflect(y));
	}
}

TGT static void
gcm_tag_ni(const gcm_ctx *g, const __m128i *h, int n8, const uint8_t j0[16],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t len,
    uint8_t tag[16])
{
	__m128i y = ghash_ni_n(_mm_setzero_si128(), h, n8, aad, aadlen);

	y = ghash_ni_n(y, h, n8, ct, len);
	y = ghash_lens(y, h, aadlen, len);
	ST(tag, _mm_xor_si128(reflect(y), enc1(&g->aes, LD(j0))));
}

static int
args_ok(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *out, const uint8_t *tag, size_t taglen)
{
	return g != NULL && iv != NULL && ivlen > 0 &&
	    (uint64_t)ivlen < ((uint64_t)1 << 61) &&
	    CRYPTO_BUF_OK(aad, aadlen) && (uint64_t)aadlen < ((uint64_t)1 << 61) &&
	    CRYPTO_BUF_OK(in, len) && CRYPTO_BUF_OK(out, len) &&
	    (uint64_t)len <= ((uint64_t)1 << 36) - 32 && tag != NULL &&
	    (taglen == 4 || taglen == 8 || (taglen >= 12 && taglen <= 16));
}

TGT int
aesni_gcm_encrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen)
{
	uint8_t j0[16], ctr[16], full[16];
	__m128i h[8], y;
	int n8 = len + aadlen >= 128;	/* 8 powers pay off only on long input */
	size_t done = len / 128 * 128;	/* whole chunks, for the stitched loop */
	uint32_t n;

	if (!args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	hpowers(g, h, n8 ? 8 : 4);
	gcm_j0_ni(h, iv, ivlen, j0);
	memcpy(ctr, j0, 16);
	n = crypto_load_be32(j0 + 12) + 1;
	y = ghash_ni_n(_mm_setzero_si128(), h, n8, aad, aadlen);
	if (done > 0)
		y = gcm_enc_stitched(&g->aes, h, y, LD(ctr), &n, in, out, done / 128);
	crypto_store_be32(ctr + 12, n);
	aesni_ctr32_xor(&g->aes, ctr, in + done, out + done, len - done);
	y = ghash_ni_n(y, h, n8, out + done, len - done);
	y = ghash_lens(y, h, aadlen, len);
	ST(full, _mm_xor_si128(reflect(y), enc1(&g->aes, LD(j0))));
	memcpy(tag, full, taglen);
	crypto_wipe(full, sizeof(full));
	return 0;
}

TGT int
aesni_gcm_decrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out)
{
	uint8_t j0[16], ctr[16], full[16];
	__m128i h[8];
	int bad, n8 = len + aadlen >= 128;

	if (!args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	hpowers(g, h, n8 ? 8 : 4);
	gcm_j0_ni(h, iv, ivlen, j0);
	gcm_tag_ni(g, h, n8, j0, aad, aadlen, in, len, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	if (bad)
		return CRYPTO_EBADMSG;
	memcpy(ctr, j0, 16);
	crypto_store_be32(ctr + 12, crypto_load_be32(j0 + 12) + 1);
	aesni_ctr32_xor(&g->aes, ctr, in, out, len);
	return 0;
}
