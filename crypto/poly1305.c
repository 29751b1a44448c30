/*
 * poly1305.c - Poly1305, 26-bit limb arithmetic (see poly1305.h).
 */
#include <string.h>

#include "crypto/cryptodefs.h"
#include "crypto/poly1305.h"

#define M26 0x3ffffffu

int
poly1305_init(poly1305_ctx *p, const uint8_t *key, size_t keylen)
{
	if (p == NULL || key == NULL || keylen != POLY1305_KEY_SIZE)
		return CRYPTO_EINVAL;
	/* r clamped (RFC 8439 2.5.1) and split into 26-bit limbs */
	p->r[0] = crypto_load_le32(key + 0) & 0x3ffffff;
	p->r[1] = (crypto_load_le32(key + 3) >> 2) & 0x3ffff03;
	p->r[2] = (crypto_load_le32(key + 6) >> 4) & 0x3ffc0ff;
	p->r[3] = (crypto_load_le32(key + 9) >> 6) & 0x3f03fff;
	p->r[4] = (crypto_load_le32(key + 12) >> 8) & 0x00fffff;
	memset(p->h, 0, sizeof(p->h));
	p->pad[0] = crypto_load_le32(key + 16);
	p->pad[1] = crypto_load_le32(key + 20);
	p->pad[2] = crypto_load_le32(key + 24);
	p->pad[3] = crypto_load_le32(key + 28);
	p->nbuf = 0;
	return 0;
}

/* h = (h + block + hibit*2^128) * r mod 2^130-5 */
static void
blocks(poly1305_ctx *p, const uint8_t *m, size_t nblk, uint32_t hibit)
{
	uint32_t r0 = p->r[0], r1 = p->r[1], r2 = p->r[2], r3 = p->r[3],
	    r4 = p->r[4];
	uint32_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
	uint32_t h0 = p->h[0], h1 = p->h[1], h2 = p->h[2], h3 = p->h[3],
	    h4 = p->h[4];

	while (nblk--) {
		uint64_t d0, d1, d2, d3, d4;
		uint32_t c;

		h0 += crypto_load_le32(m + 0) & M26;
		h1 += (crypto_load_le32(m + 3) >> 2) & M26;
		h2 += (crypto_load_le32(m + 6) >> 4) & M26;
		h3 += (crypto_load_le32(m + 9) >> 6) & M26;
		h4 += (crypto_load_le32(m + 12) >> 8) | (hibit << 24);

		/* limb i*j >= 5 wraps with factor 5 (2^130 = 5) */
		d0 = (uint64_t)h0 * r0 + (uint64_t)h1 * s4 + (uint64_t)h2 * s3 +
		    (uint64_t)h3 * s2 + (uint64_t)h4 * s1;
		d1 = (uint64_t)h0 * r1 + (uint64_t)h1 * r0 + (uint64_t)h2 * s4 +
		    (uint64_t)h3 * s3 + (uint64_t)h4 * s2;
		d2 = (uint64_t)h0 * r2 + (uint64_t)h1 * r1 + (uint64_t)h2 * r0 +
		    (uint64_t)h3 * s4 + (uint64_t)h4 * s3;
		d3 = (uint64_t)h0 * r3 + (uint64_t)h1 * r2 + (uint64_t)h2 * r1 +
		    (uint64_t)h3 * r0 + (uint64_t)h4 * s4;
		d4 = (uint64_t)h0 * r4 + (uint64_t)h1 * r3 + (uint64_t)h2 * r2 +
		    (uint64_t)h3 * r1 + (uint64_t)h4 * r0;

		/* partial carry propagation */
		d1 += d0 >> 26; h0 = (uint32_t)d0 & M26;
		d2 += d1 >> 26; h1 = (uint32_t)d1 & M26;
		d3 += d2 >> 26; h2 = (uint32_t)d2 & M26;
		d4 += d3 >> 26; h3 = (uint32_t)d3 & M26;
		c = (uint32_t)(d4 >> 26); h4 = (uint32_t)d4 & M26;
		h0 += c * 5;
		c = h0 >> 26; h0 &= M26;
		h1 += c;
		m += 16;
	}
	p->h[0] = h0; p->h[1] = h1; p->h[2] = h2; p->h[3] = h3; p->h[4] = h4;
}

void
poly1305_update(poly1305_ctx *p, const uint8_t *m, size_t len)
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
		blocks(p, p->buf, 1, 1);
		p->nbuf = 0;
	}
	if (len >= 16) {
		size_t n = len / 16;
		blocks(p, m, n, 1);
		m += n * 16;
		len -= n * 16;
	}
	if (len) {
		memcpy(p->buf, m, len);
		p->nbuf = (unsigned)len;
	}
}

void
poly1305_final(poly1305_ctx *p, uint8_t tag[16])
{
	uint32_t h0, h1, h2, h3, h4, c, g0, g1, g2, g3, g4, mask;
	uint64_t f;

	if (p->nbuf) {
		/* last partial block: append 1 byte, zero pad, no 2^128 bit */
		p->buf[p->nbuf] = 1;
		memset(p->buf + p->nbuf + 1, 0, 15 - p->nbuf);
		blocks(p, p->buf, 1, 0);
	}
	h0 = p->h[0]; h1 = p->h[1]; h2 = p->h[2]; h3 = p->h[3]; h4 = p->h[4];
	/* full carry */
	c = h1 >> 26; h1 &= M26; h2 += c;
	c = h2 >> 26; h2 &= M26; h3 += c;
	c = h3 >> 26; h3 &= M26; h4 += c;
	c = h4 >> 26; h4 &= M26; h0 += c * 5;
	c = h0 >> 26; h0 &= M26; h1 += c;

	/* g = h + 5 - 2^130; use g if it does not borrow (h >= p) */
	g0 = h0 + 5; c = g0 >> 26; g0 &= M26;
	g1 = h1 + c; c = g1 >> 26; g1 &= M26;
	g2 = h2 + c; c = g2 >> 26; g2 &= M26;
	g3 = h3 + c; c = g3 >> 26; g3 &= M26;
	g4 = h4 + c - (1u << 26);
	mask = (g4 >> 31) - 1;		/* all ones if g4 >= 0 (no borrow) */
	h0 = (h0 & ~mask) | (g0 & mask);
	h1 = (h1 & ~mask) | (g1 & mask);
	h2 = (h2 & ~mask) | (g2 & mask);
	h3 = (h3 & ~mask) | (g3 & mask);
	h4 = (h4 & ~mask) | (g4 & mask);

	/* to 4 x 32 bits, add s mod 2^128 */
	h0 = h0 | (h1 << 26);
	h1 = (h1 >> 6) | (h2 << 20);
	h2 = (h2 >> 12) | (h3 << 14);
	h3 = (h3 >> 18) | (h4 << 8);
	f = (uint64_t)h0 + p->pad[0];
	crypto_store_le32(tag + 0, (uint32_t)f);
	f = (uint64_t)h1 + p->pad[1] + (f >> 32);
	crypto_store_le32(tag + 4, (uint32_t)f);
	f = (uint64_t)h2 + p->pad[2] + (f >> 32);
	crypto_store_le32(tag + 8, (uint32_t)f);
	f = (uint64_t)h3 + p->pad[3] + (f >> 32);
	crypto_store_le32(tag + 12, (uint32_t)f);
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
