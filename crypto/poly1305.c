/*
 * poly1305.c - Poly1305 in radix 2^64 (see poly1305.h).
 *
 * The accumulator h is h0 + h1*2^64 + h2*2^128 (h2 a few bits), r is
 * r0 + r1*2^64.  One block costs four 64x64->128 multiplies and one
 * small one: since the clamped r1 is a multiple of 4, the wrap-around
 * factor 2^128 = 5/4 (mod p, 2^130 = 5) is exact: s1 = r1 + r1/4 and
 * h1*r1*2^128 = h1*s1.  After each block h is reduced partially (the
 * bits above 2^130 folded back times 5), the final step fully.  Same
 * arithmetic as OpenSSL's poly1305.c base 2^64 path and poly1305-donna-64,
 * four times fewer multiplies than the 26-bit limb code it replaces.
 * Carries are computed without branches, so timing does not depend on
 * the data.
 */
#include <string.h>

#include "crypto/cryptodefs.h"
#include "crypto/poly1305.h"

#ifndef __SIZEOF_INT128__
#error "poly1305.c needs a compiler with unsigned __int128 (64-bit targets)"
#endif

typedef unsigned __int128 u128;

int
poly1305_init(poly1305_ctx *p, const uint8_t *key, size_t keylen)
{
	if (p == NULL || key == NULL || keylen != POLY1305_KEY_SIZE)
		return CRYPTO_EINVAL;
	/* r clamped (RFC 8439 2.5.1) */
	p->r[0] = crypto_load_le64(key + 0) & 0x0ffffffc0fffffffULL;
	p->r[1] = crypto_load_le64(key + 8) & 0x0ffffffc0ffffffcULL;
	p->h[0] = p->h[1] = p->h[2] = 0;
	p->pad[0] = crypto_load_le64(key + 16);
	p->pad[1] = crypto_load_le64(key + 24);
	p->nbuf = 0;
	return 0;
}

/* h *= r, partially reduced mod 2^130-5; the 2^128 terms wrap with s1 = 5/4 r1 */
static inline void
mul_r(uint64_t *h0p, uint64_t *h1p, uint64_t *h2p, uint64_t r0, uint64_t r1,
    uint64_t s1)
{
	uint64_t h0 = *h0p, h1 = *h1p, h2 = *h2p, c;
	u128 d0, d1;

	d0 = (u128)h0 * r0 + (u128)h1 * s1;
	d1 = (u128)h0 * r1 + (u128)h1 * r0 + (u128)h2 * s1;
	h2 = h2 * r0;
	h0 = (uint64_t)d0;
	d1 += (uint64_t)(d0 >> 64);
	h1 = (uint64_t)d1;
	h2 += (uint64_t)(d1 >> 64);

	/* fold bits >= 2^130 back: (h2 >> 2) * 5 = (h2 & ~3) + (h2 >> 2) */
	c = (h2 >> 2) + (h2 & ~(uint64_t)3);
	h2 &= 3;
	d0 = (u128)h0 + c;
	*h0p = (uint64_t)d0;
	d1 = (u128)h1 + (uint64_t)(d0 >> 64);
	*h1p = (uint64_t)d1;
	*h2p = h2 + (uint64_t)(d1 >> 64);
}

/* h = (h + block + hibit*2^128) * r, partially reduced mod 2^130-5 */
static void
blocks_hibit(poly1305_ctx *p, const uint8_t *m, size_t nblk, uint64_t hibit)
{
	const uint64_t r0 = p->r[0], r1 = p->r[1], s1 = r1 + (r1 >> 2);
	uint64_t h0 = p->h[0], h1 = p->h[1], h2 = p->h[2];
	u128 d0, d1;

	while (nblk--) {
		/* h += m */
		d0 = (u128)h0 + crypto_load_le64(m);
		h0 = (uint64_t)d0;
		d1 = (u128)h1 + (uint64_t)(d0 >> 64) + crypto_load_le64(m + 8);
		h1 = (uint64_t)d1;
		h2 += (uint64_t)(d1 >> 64) + hibit;
		mul_r(&h0, &h1, &h2, r0, r1, s1);
		m += 16;
	}
	p->h[0] = h0; p->h[1] = h1; p->h[2] = h2;
}

void
poly1305_mul_r(const poly1305_ctx *p, uint64_t h[3])
{
	mul_r(&h[0], &h[1], &h[2], p->r[0], p->r[1], p->r[1] + (p->r[1] >> 2));
}

void
poly1305_blocks(poly1305_ctx *p, const uint8_t *m, size_t nblk)
{
	blocks_hibit(p, m, nblk, 1);
}

void
poly1305_update_with(poly1305_ctx *p, const uint8_t *m, size_t len,
    poly1305_blocks_fn *blocks)
{
	if (m == NULL)
		return;
	if (p->nbuf) {
		while (len && p->nbuf < 16) {
			p->buf[p->nbuf++] = *m++;
			len--;
		}
		if (p->nbuf < 16)
			return;
		poly1305_blocks(p, p->buf, 1);
		p->nbuf = 0;
	}
	if (len >= 16) {
		size_t n = len / 16;
		blocks(p, m, n);
		m += n * 16;
		len -= n * 16;
	}
	if (len) {
		memcpy(p->buf, m, len);
		p->nbuf = (unsigned)len;
	}
}

void
poly1305_update(poly1305_ctx *p, const uint8_t *m, size_t len)
{
	poly1305_update_with(p, m, len, poly1305_blocks);
}

void
poly1305_final(poly1305_ctx *p, uint8_t tag[16])
{
	uint64_t h0, h1, h2, g0, g1, g2, mask;
	u128 t;

	if (p->nbuf) {
		/* last partial block: append 1 byte, zero pad, no 2^128 bit */
		p->buf[p->nbuf] = 1;
		memset(p->buf + p->nbuf + 1, 0, 15 - p->nbuf);
		blocks_hibit(p, p->buf, 1, 0);
	}
	h0 = p->h[0]; h1 = p->h[1]; h2 = p->h[2];

	/* g = h + 5; if g reaches 2^130, h >= p and the result is g - 2^130 */
	t = (u128)h0 + 5;
	g0 = (uint64_t)t;
	t = (u128)h1 + (uint64_t)(t >> 64);
	g1 = (uint64_t)t;
	g2 = h2 + (uint64_t)(t >> 64);
	mask = 0 - (g2 >> 2);		/* all ones if g >= 2^130 */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);

	/* tag = (h + s) mod 2^128 */
	t = (u128)h0 + p->pad[0];
	crypto_store_le64(tag, (uint64_t)t);
	t = (u128)h1 + p->pad[1] + (uint64_t)(t >> 64);
	crypto_store_le64(tag + 8, (uint64_t)t);
	crypto_wipe(p, sizeof(*p));
}

int
poly1305(const uint8_t key[32], const uint8_t *m, size_t len, uint8_t tag[16])
{
	poly1305_ctx p;

	if (key == NULL || tag == NULL || !CRYPTO_BUF_OK(m, len))
		return CRYPTO_EINVAL;
	poly1305_init(&p, key, 32);
	poly1305_update(&p, m, len);
	poly1305_final(&p, tag);
	return 0;
}
