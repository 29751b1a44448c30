/*
 * sha1.c - SHA-1 compression and padding (FIPS 180-4 section 6.1).  As in
 * sha256.c, buffering and padding take the compression function as a
 * parameter so the SHA-NI one (arch/x86_64/shani.c) reuses them.
 */
#include <string.h>

#include "crypto/cryptodefs.h"
#include "crypto/sha1.h"

#define ROL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static void
compress1(uint32_t h[5], const uint8_t *p)
{
	uint32_t w[80], a, b, c, d, e, t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = crypto_load_be32(p + 4 * i);
	for (i = 16; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4];
	for (i = 0; i < 80; i++) {
		uint32_t f, k;
		if (i < 20) {
			f = (b & c) | (~b & d); k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d; k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d; k = 0xca62c1d6;
		}
		t = ROL(a, 5) + f + e + k + w[i];
		e = d; d = c; c = ROL(b, 30); b = a; a = t;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
}

void
sha1_blocks(uint32_t h[5], const uint8_t *p, size_t nblk)
{
	for (; nblk > 0; nblk--, p += 64)
		compress1(h, p);
}

void
sha1_init(sha1_ctx *c)
{
	c->h[0] = 0x67452301; c->h[1] = 0xefcdab89; c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476; c->h[4] = 0xc3d2e1f0;
	c->len = 0;
}

void
sha1_update_with(sha1_ctx *c, const void *data, size_t len,
    sha1_blocks_fn *blocks)
{
	const uint8_t *p = data;
	size_t have = (size_t)(c->len % 64);

	if (data == NULL || len == 0)
		return;
	c->len += len;
	if (have) {
		size_t n = 64 - have < len ? 64 - have : len;
		memcpy(c->buf + have, p, n);
		p += n; len -= n;
		if (have + n < 64)
			return;
		blocks(c->h, c->buf, 1);
	}
	if (len >= 64) {
		blocks(c->h, p, len / 64);
		p += len & ~(size_t)63;
		len &= 63;
	}
	if (len)
		memcpy(c->buf, p, len);
}

void
sha1_update(sha1_ctx *c, const void *data, size_t len)
{
	sha1_update_with(c, data, len, sha1_blocks);
}

void
sha1_final_with(sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE],
    sha1_blocks_fn *blocks)
{
	size_t have = (size_t)(c->len % 64);
	int i;

	c->buf[have++] = 0x80;
	if (have > 56) {
		memset(c->buf + have, 0, 64 - have);
		blocks(c->h, c->buf, 1);
		have = 0;
	}
	memset(c->buf + have, 0, 56 - have);
	crypto_store_be64(c->buf + 56, c->len * 8);
	blocks(c->h, c->buf, 1);
	for (i = 0; i < 5; i++)
		crypto_store_be32(out + 4 * i, c->h[i]);
	crypto_wipe(c, sizeof(*c));
}

void
sha1_final(sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE])
{
	sha1_final_with(c, out, sha1_blocks);
}

void
sha1(const void *data, size_t len, uint8_t out[SHA1_DIGEST_SIZE])
{
	sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}
