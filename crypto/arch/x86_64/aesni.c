/*
 * aesni.c - AES-NI / PCLMULQDQ bulk paths (see aesni.h).  Only functions
 * marked with TGT use the instructions; callers must check
 * aesni_available() first.
 */
#include <string.h>

#include <cpuid.h>
#include <immintrin.h>
#include <wmmintrin.h>

#include "crypto/aes_modes.h"
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"

#define TGT __attribute__((target("aes,pclmul,sse4.1,ssse3")))

int
aesni_available(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	return (c & bit_AES) && (c & bit_PCLMUL) && (c & bit_SSE4_1) &&
	    (c & bit_SSSE3);
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

/* ---- GHASH with PCLMULQDQ ---- */

/* reverse the bits of every byte (GCM bit order -> polynomial order) */
TGT static inline __m128i
reflect(__m128i x)
{
	const __m128i lo_tbl = _mm_setr_epi8(0x00, 0x08, 0x04, 0x0c, 0x02, 0x0a,
	    0x06, 0x0e, 0x01, 0x09, 0x05, 0x0d, 0x03, 0x0b, 0x07, 0x0f);
	const __m128i hi_tbl = _mm_slli_epi16(lo_tbl, 4);
	const __m128i m = _mm_set1_epi8(0x0f);
	__m128i lo = _mm_and_si128(x, m);
	__m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), m);

	return _mm_or_si128(_mm_shuffle_epi8(hi_tbl, lo),
	    _mm_shuffle_epi8(lo_tbl, hi));
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

/* reduce modulo x^128 + x^7 + x^2 + x + 1 (polynomial bit order) */
TGT static inline __m128i
gf_reduce(__m128i lo, __m128i mid, __m128i hi)
{
	const __m128i poly = _mm_set_epi64x(0, 0x87);
	__m128i t;

	lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
	hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
	/* x^192 * p3 -> x^64 * (0x87 * p3) */
	t = _mm_clmulepi64_si128(hi, poly, 0x01);
	lo = _mm_xor_si128(lo, _mm_slli_si128(t, 8));
	hi = _mm_xor_si128(hi, _mm_srli_si128(t, 8));
	/* x^128 * p2 -> 0x87 * p2 */
	t = _mm_clmulepi64_si128(hi, poly, 0x00);
	return _mm_xor_si128(lo, t);
}

TGT static inline __m128i
gfmul(__m128i a, __m128i b)
{
	__m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;

	clmul_acc(a, b, &lo, &mid, &hi);
	return gf_reduce(lo, mid, hi);
}

/* hp[i] = H^(i+1), reflected */
TGT static void
hpowers(const gcm_ctx *g, __m128i hp[4])
{
	hp[0] = reflect(LD(g->h));
	hp[1] = gfmul(hp[0], hp[0]);
	hp[2] = gfmul(hp[1], hp[0]);
	hp[3] = gfmul(hp[2], hp[0]);
}

/*
 * Y' = (Y + X1) H^4 + X2 H^3 + X3 H^2 + X4 H per 4 blocks: four products
 * accumulated unreduced, one reduction (aggregated GHASH).
 */
TGT static __m128i
ghash_ni(__m128i y, const __m128i hp[4], const uint8_t *p, size_t len)
{
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
gcm_tag_ni(const gcm_ctx *g, const __m128i *h, const uint8_t j0[16],
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t len,
    uint8_t tag[16])
{
	__m128i y = ghash_ni(_mm_setzero_si128(), h, aad, aadlen);

	y = ghash_ni(y, h, ct, len);
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
	__m128i h[4];

	if (!args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	hpowers(g, h);
	gcm_j0_ni(h, iv, ivlen, j0);
	memcpy(ctr, j0, 16);
	crypto_store_be32(ctr + 12, crypto_load_be32(j0 + 12) + 1);
	aesni_ctr32_xor(&g->aes, ctr, in, out, len);
	gcm_tag_ni(g, h, j0, aad, aadlen, out, len, full);
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
	__m128i h[4];
	int bad;

	if (!args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	hpowers(g, h);
	gcm_j0_ni(h, iv, ivlen, j0);
	gcm_tag_ni(g, h, j0, aad, aadlen, in, len, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	if (bad)
		return CRYPTO_EBADMSG;
	memcpy(ctr, j0, 16);
	crypto_store_be32(ctr + 12, crypto_load_be32(j0 + 12) + 1);
	aesni_ctr32_xor(&g->aes, ctr, in, out, len);
	return 0;
}
