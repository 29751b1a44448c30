/*
 * chacha20.c - ChaCha20 (RFC 8439 section 2).
 */
#include <string.h>

#include "crypto/chacha20.h"
#include "crypto/cryptodefs.h"

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d) do {					\
	a += b; d ^= a; d = ROTL(d, 16);			\
	c += d; b ^= c; b = ROTL(b, 12);			\
	a += b; d ^= a; d = ROTL(d, 8);				\
	c += d; b ^= c; b = ROTL(b, 7);				\
} while (0)

static void
core(const uint32_t in[16], uint8_t out[64])
{
	uint32_t x[16];
	int i;

	memcpy(x, in, sizeof(x));
	for (i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (i = 0; i < 16; i++)
		crypto_store_le32(out + 4 * i, x[i] + in[i]);
	crypto_wipe(x, sizeof(x));
}

static void
setup(uint32_t s[16], const uint8_t *key, const uint8_t *nonce, uint32_t ctr)
{
	int i;

	s[0] = 0x61707865; s[1] = 0x3320646e;
	s[2] = 0x79622d32; s[3] = 0x6b206574;
	for (i = 0; i < 8; i++)
		s[4 + i] = crypto_load_le32(key + 4 * i);
	s[12] = ctr;
	for (i = 0; i < 3; i++)
		s[13 + i] = crypto_load_le32(nonce + 4 * i);
}

int
chacha20_init(chacha20_ctx *c, const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, uint32_t counter)
{
	if (c == NULL || key == NULL || nonce == NULL ||
	    keylen != CHACHA20_KEY_SIZE || noncelen != CHACHA20_NONCE_SIZE)
		return CRYPTO_EINVAL;
	setup(c->s, key, nonce, counter);
	c->used = 64;
	return 0;
}

void
chacha20_block(const uint8_t key[32], const uint8_t nonce[12],
    uint32_t counter, uint8_t out[64])
{
	uint32_t s[16];

	setup(s, key, nonce, counter);
	core(s, out);
	crypto_wipe(s, sizeof(s));
}

int
chacha20_xor(chacha20_ctx *c, const uint8_t *in, uint8_t *out, size_t len)
{
	size_t i;

	if (c == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	i = 0;
	while (i < len) {
		if (c->used == 64) {
			core(c->s, c->ks);
			c->s[12]++;
			c->used = 0;
			/* whole blocks straight through */
			while (len - i >= 64) {
				unsigned j;
				for (j = 0; j < 64; j++)
					out[i + j] = in[i + j] ^ c->ks[j];
				i += 64;
				core(c->s, c->ks);
				c->s[12]++;
			}
			if (i == len)
				break;
		}
		out[i] = in[i] ^ c->ks[c->used++];
		i++;
	}
	return 0;
}

void
chacha20_wipe(chacha20_ctx *c)
{
	if (c != NULL)
		crypto_wipe(c, sizeof(*c));
}
