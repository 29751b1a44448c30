/*
 * gcm.c - AES-GCM with constant-time GHASH (see gcm.h for the method).
 */
#include <string.h>

#include "crypto/aes_modes.h"
#include "crypto/cryptodefs.h"
#include "crypto/gcm.h"
#include "crypto/timingsafe.h"

/* carry-less 32x32 -> 64 using integer multiplies with 3-bit holes */
static inline uint64_t
clmul32(uint32_t x, uint32_t y)
{
	uint64_t x0 = x & 0x11111111u, x1 = x & 0x22222222u;
	uint64_t x2 = x & 0x44444444u, x3 = x & 0x88888888u;
	uint64_t y0 = y & 0x11111111u, y1 = y & 0x22222222u;
	uint64_t y2 = y & 0x44444444u, y3 = y & 0x88888888u;
	uint64_t z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
	uint64_t z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
	uint64_t z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
	uint64_t z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);

	return (z0 & 0x1111111111111111ULL) | (z1 & 0x2222222222222222ULL) |
	    (z2 & 0x4444444444444444ULL) | (z3 & 0x8888888888888888ULL);
}

/* 64x64 -> 128 (r[0] low), Karatsuba over clmul32 */
static inline void
clmul64(uint64_t a, uint64_t b, uint64_t r[2])
{
	uint32_t a0 = (uint32_t)a, a1 = (uint32_t)(a >> 32);
	uint32_t b0 = (uint32_t)b, b1 = (uint32_t)(b >> 32);
	uint64_t lo = clmul32(a0, b0), hi = clmul32(a1, b1);
	uint64_t mid = clmul32(a0 ^ a1, b0 ^ b1) ^ lo ^ hi;

	r[0] = lo ^ (mid << 32);
	r[1] = hi ^ (mid >> 32);
}

/* z = a * b in GF(2^128), all in bit-reflected form (bit i = x^i) */
static void
gf128_mul(const uint64_t a[2], const uint64_t b[2], uint64_t z[2])
{
	uint64_t lo[2], hi[2], mid[2];
	uint64_t p0, p1, p2, p3, o;

	clmul64(a[0], b[0], lo);
	clmul64(a[1], b[1], hi);
	clmul64(a[0] ^ a[1], b[0] ^ b[1], mid);
	mid[0] ^= lo[0] ^ hi[0];
	mid[1] ^= lo[1] ^ hi[1];
	p0 = lo[0];
	p1 = lo[1] ^ mid[0];
	p2 = hi[0] ^ mid[1];
	p3 = hi[1];
	/* x^128 = x^7 + x^2 + x + 1: fold (p3:p2) into (p1:p0) */
	o = (p3 >> 63) ^ (p3 >> 62) ^ (p3 >> 57);
	p2 ^= o;
	z[0] = p0 ^ p2 ^ (p2 << 1) ^ (p2 << 2) ^ (p2 << 7);
	z[1] = p1 ^ p3 ^ (p3 << 1) ^ (p2 >> 63) ^ (p3 << 2) ^ (p2 >> 62) ^
	    (p3 << 7) ^ (p2 >> 57);
}

static inline uint64_t
rev64(uint64_t x)
{
	x = ((x >> 1) & 0x5555555555555555ULL) | ((x & 0x5555555555555555ULL) << 1);
	x = ((x >> 2) & 0x3333333333333333ULL) | ((x & 0x3333333333333333ULL) << 2);
	x = ((x >> 4) & 0x0f0f0f0f0f0f0f0fULL) | ((x & 0x0f0f0f0f0f0f0f0fULL) << 4);
	return __builtin_bswap64(x);
}

/* GCM byte string -> reflected form */
static inline void
blk_in(const uint8_t b[16], uint64_t v[2])
{
	v[0] = rev64(crypto_load_be64(b));
	v[1] = rev64(crypto_load_be64(b + 8));
}

static inline void
blk_out(const uint64_t v[2], uint8_t b[16])
{
	crypto_store_be64(b, rev64(v[0]));
	crypto_store_be64(b + 8, rev64(v[1]));
}

void
ghash_init(ghash_ctx *g, const uint8_t h[16])
{
	blk_in(h, g->h);
	g->y[0] = g->y[1] = 0;
	g->nbuf = 0;
}

static void
ghash_block(ghash_ctx *g, const uint8_t b[16])
{
	uint64_t x[2];

	blk_in(b, x);
	x[0] ^= g->y[0];
	x[1] ^= g->y[1];
	gf128_mul(x, g->h, g->y);
}

void
ghash_update(ghash_ctx *g, const uint8_t *p, size_t len)
{
	if (p == NULL)
		return;
	if (g->nbuf) {
		while (len && g->nbuf < 16) {
			g->buf[g->nbuf++] = *p++;
			len--;
		}
		if (g->nbuf < 16)
			return;
		ghash_block(g, g->buf);
		g->nbuf = 0;
	}
	while (len >= 16) {
		ghash_block(g, p);
		p += 16;
		len -= 16;
	}
	if (len) {
		memcpy(g->buf, p, len);
		g->nbuf = (unsigned)len;
	}
}

void
ghash_pad(ghash_ctx *g)
{
	if (g->nbuf) {
		memset(g->buf + g->nbuf, 0, 16 - g->nbuf);
		ghash_block(g, g->buf);
		g->nbuf = 0;
	}
}

void
ghash_final(ghash_ctx *g, uint8_t out[16])
{
	ghash_pad(g);
	blk_out(g->y, out);
}

int
gcm_setkey(gcm_ctx *g, const uint8_t *key, size_t keylen)
{
	static const uint8_t zero[16];
	uint64_t h[2], p[2];
	int e, i;

	if (g == NULL)
		return CRYPTO_EINVAL;
	if ((e = aes_setkey(&g->aes, key, keylen)) != 0)
		return e;
	aes_encrypt_block(&g->aes, zero, g->h);
	blk_in(g->h, h);
	p[0] = h[0];
	p[1] = h[1];
	memcpy(g->hpow[0], g->h, 16);
	for (i = 1; i < 8; i++) {
		gf128_mul(p, h, p);
		blk_out(p, g->hpow[i]);
	}
	crypto_wipe(h, sizeof(h));
	crypto_wipe(p, sizeof(p));
	return 0;
}

static int
taglen_ok(size_t t)
{
	return t == 4 || t == 8 || (t >= 12 && t <= 16);
}

static void
lenblock(ghash_ctx *gh, uint64_t abytes, uint64_t cbytes)
{
	uint8_t l[16];

	crypto_store_be64(l, abytes * 8);
	crypto_store_be64(l + 8, cbytes * 8);
	ghash_update(gh, l, 16);
}

/* J0 from the IV; then the GHASH over AAD || C and the full tag S^E(J0) */
static void
gcm_j0(const gcm_ctx *g, const uint8_t *iv, size_t ivlen, uint8_t j0[16])
{
	if (ivlen == 12) {
		memcpy(j0, iv, 12);
		j0[12] = 0; j0[13] = 0; j0[14] = 0; j0[15] = 1;
	} else {
		ghash_ctx gh;
		ghash_init(&gh, g->h);
		ghash_update(&gh, iv, ivlen);
		ghash_pad(&gh);
		lenblock(&gh, 0, ivlen);
		ghash_final(&gh, j0);
		crypto_wipe(&gh, sizeof(gh));
	}
}

/* tag = GHASH(AAD, C) ^ E(J0); ekj0 is E(J0) */
static void
gcm_tag(const gcm_ctx *g, const uint8_t ekj0[16], const uint8_t *aad,
    size_t aadlen, const uint8_t *ct, size_t len, uint8_t tag[16])
{
	ghash_ctx gh;
	uint8_t s[16];
	int i;

	ghash_init(&gh, g->h);
	ghash_update(&gh, aad, aadlen);
	ghash_pad(&gh);
	ghash_update(&gh, ct, len);
	ghash_pad(&gh);
	lenblock(&gh, aadlen, len);
	ghash_final(&gh, s);
	for (i = 0; i < 16; i++)
		tag[i] = s[i] ^ ekj0[i];
	crypto_wipe(&gh, sizeof(gh));
	crypto_wipe(s, sizeof(s));
}

static int
gcm_args_ok(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *out, const uint8_t *tag, size_t taglen)
{
	return g != NULL && iv != NULL && ivlen > 0 &&
	    (uint64_t)ivlen < ((uint64_t)1 << 61) &&
	    CRYPTO_BUF_OK(aad, aadlen) && (uint64_t)aadlen < ((uint64_t)1 << 61) &&
	    CRYPTO_BUF_OK(in, len) && CRYPTO_BUF_OK(out, len) &&
	    (uint64_t)len <= ((uint64_t)1 << 36) - 32 &&
	    tag != NULL && taglen_ok(taglen);
}

/*
 * The CTR stream starts at J0: its first keystream block is E(J0) for the
 * tag, the following ones (inc32(J0), ...) encrypt the text.  Both come
 * from the same 4-block batches of the bitsliced AES.
 */
int
gcm_encrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen)
{
	static const uint8_t zero[16];
	aes_ctr_ctx ctr;
	uint8_t j0[16], ekj0[16], full[16];

	if (!gcm_args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	gcm_j0(g, iv, ivlen, j0);
	aes_ctr_init(&ctr, &g->aes, j0, 32);
	aes_ctr_xor(&ctr, zero, ekj0, 16);
	aes_ctr_xor(&ctr, in, out, len);
	gcm_tag(g, ekj0, aad, aadlen, out, len, full);
	memcpy(tag, full, taglen);
	crypto_wipe(&ctr, sizeof(ctr));
	crypto_wipe(ekj0, sizeof(ekj0));
	crypto_wipe(full, sizeof(full));
	return 0;
}

int
gcm_decrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out)
{
	static const uint8_t zero[16];
	aes_ctr_ctx ctr;
	uint8_t j0[16], ekj0[16], full[16];
	int bad;

	if (!gcm_args_ok(g, iv, ivlen, aad, aadlen, in, len, out, tag, taglen))
		return CRYPTO_EINVAL;
	gcm_j0(g, iv, ivlen, j0);
	aes_ctr_init(&ctr, &g->aes, j0, 32);
	aes_ctr_xor(&ctr, zero, ekj0, 16);
	/* verify first: nothing is written to out unless the tag matches */
	gcm_tag(g, ekj0, aad, aadlen, in, len, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	crypto_wipe(ekj0, sizeof(ekj0));
	if (!bad)
		aes_ctr_xor(&ctr, in, out, len);
	crypto_wipe(&ctr, sizeof(ctr));
	return bad ? CRYPTO_EBADMSG : 0;
}

void
gcm_wipe(gcm_ctx *g)
{
	if (g != NULL)
		crypto_wipe(g, sizeof(*g));
}

/* ---- streaming interface ---- */

enum { GS_AAD = 1, GS_ENC, GS_AUTH, GS_VERIFIED, GS_DONE };

#define GCM_MAX_TEXT (((uint64_t)1 << 36) - 32)

int
gcm_stream_init(gcm_stream *s, const gcm_ctx *g, const uint8_t *iv,
    size_t ivlen)
{
	uint8_t j0[16];

	if (s == NULL || g == NULL || iv == NULL || ivlen == 0)
		return CRYPTO_EINVAL;
	memset(s, 0, sizeof(*s));
	s->key = g;
	gcm_j0(g, iv, ivlen, j0);
	aes_encrypt_block(&g->aes, j0, s->ekj0);
	crypto_store_be32(j0 + 12, crypto_load_be32(j0 + 12) + 1);
	aes_ctr_init(&s->ctr, &g->aes, j0, 32);
	ghash_init(&s->gh, g->h);
	s->state = GS_AAD;
	return 0;
}

int
gcm_stream_aad(gcm_stream *s, const uint8_t *aad, size_t len)
{
	if (s == NULL || s->state != GS_AAD || !CRYPTO_BUF_OK(aad, len))
		return CRYPTO_EINVAL;
	ghash_update(&s->gh, aad, len);
	s->aadlen += len;
	return 0;
}

/* end of AAD: pad it and move to the text phase */
static int
stream_text(gcm_stream *s, int next, uint64_t len)
{
	if (s->state == GS_AAD) {
		ghash_pad(&s->gh);
		s->state = next;
	}
	if (s->state != next || len > GCM_MAX_TEXT - s->textlen)
		return CRYPTO_EINVAL;
	return 0;
}

static void
stream_xor(gcm_stream *s, const uint8_t *in, uint8_t *out, size_t len)
{
	aes_ctr_xor(&s->ctr, in, out, len);
}

int
gcm_stream_encrypt(gcm_stream *s, const uint8_t *in, uint8_t *out,
    size_t len)
{
	if (s == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len) ||
	    stream_text(s, GS_ENC, len) != 0)
		return CRYPTO_EINVAL;
	stream_xor(s, in, out, len);
	ghash_update(&s->gh, out, len);
	s->textlen += len;
	return 0;
}

static void
stream_tag(gcm_stream *s, uint8_t full[16])
{
	int i;

	ghash_pad(&s->gh);
	lenblock(&s->gh, s->aadlen, s->textlen);
	ghash_final(&s->gh, full);
	for (i = 0; i < 16; i++)
		full[i] ^= s->ekj0[i];
}

int
gcm_stream_final(gcm_stream *s, uint8_t *tag, size_t taglen)
{
	uint8_t full[16];

	if (s == NULL || tag == NULL || !taglen_ok(taglen) ||
	    (s->state != GS_AAD && s->state != GS_ENC))
		return CRYPTO_EINVAL;
	stream_tag(s, full);
	memcpy(tag, full, taglen);
	crypto_wipe(full, sizeof(full));
	crypto_wipe(s, sizeof(*s));
	s->state = GS_DONE;
	return 0;
}

int
gcm_stream_auth(gcm_stream *s, const uint8_t *ct, size_t len)
{
	if (s == NULL || !CRYPTO_BUF_OK(ct, len) ||
	    stream_text(s, GS_AUTH, len) != 0)
		return CRYPTO_EINVAL;
	ghash_update(&s->gh, ct, len);
	s->textlen += len;
	return 0;
}

int
gcm_stream_verify(gcm_stream *s, const uint8_t *tag, size_t taglen)
{
	uint8_t full[16];
	int bad;

	if (s == NULL || tag == NULL || !taglen_ok(taglen) ||
	    (s->state != GS_AAD && s->state != GS_AUTH))
		return CRYPTO_EINVAL;
	stream_tag(s, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	crypto_wipe(&s->gh, sizeof(s->gh));
	if (bad) {
		crypto_wipe(s, sizeof(*s));
		s->state = GS_DONE;
		return CRYPTO_EBADMSG;
	}
	s->state = GS_VERIFIED;
	return 0;
}

int
gcm_stream_decrypt(gcm_stream *s, const uint8_t *in, uint8_t *out,
    size_t len)
{
	if (s == NULL || s->state != GS_VERIFIED || !CRYPTO_BUF_OK(in, len) ||
	    !CRYPTO_BUF_OK(out, len) || len > s->textlen - s->declen)
		return CRYPTO_EINVAL;
	stream_xor(s, in, out, len);
	s->declen += len;
	return 0;
}
