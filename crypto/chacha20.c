/*
 * chacha20.c - ChaCha20 (RFC 8439 section 2), portable scalar C: whole
 * blocks are XORed a word at a time straight from the state (no keystream
 * buffer); the keystream buffer only serves a partial last block and the
 * next call.  arch/x86_64/chacha_simd.c does 4 or 8 blocks at once.
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

/* the 20 rounds on x (a copy of the input state) */
static inline void
rounds(uint32_t x[16])
{
	int i;

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
}

static void
core(const uint32_t in[16], uint8_t out[64])
{
	uint32_t x[16];
	int i;

	memcpy(x, in, sizeof(x));
	rounds(x);
	for (i = 0; i < 16; i++)
		crypto_store_le32(out + 4 * i, x[i] + in[i]);
	crypto_wipe(x, sizeof(x));
}

/*
 * One whole block: out = in ^ keystream(s), a word at a time.  The state
 * lives in sixteen locals (registers, mostly) rather than an array.
 */
static void
core_xor(const uint32_t s[16], const uint8_t *in, uint8_t *out)
{
	uint32_t x0 = s[0], x1 = s[1], x2 = s[2], x3 = s[3], x4 = s[4],
	    x5 = s[5], x6 = s[6], x7 = s[7], x8 = s[8], x9 = s[9], x10 = s[10],
	    x11 = s[11], x12 = s[12], x13 = s[13], x14 = s[14], x15 = s[15];
	int i;

	for (i = 0; i < 10; i++) {
		QR(x0, x4, x8, x12);
		QR(x1, x5, x9, x13);
		QR(x2, x6, x10, x14);
		QR(x3, x7, x11, x15);
		QR(x0, x5, x10, x15);
		QR(x1, x6, x11, x12);
		QR(x2, x7, x8, x13);
		QR(x3, x4, x9, x14);
	}
#define OUT(i, x) crypto_store_le32(out + 4 * (i), \
	crypto_load_le32(in + 4 * (i)) ^ ((x) + s[i]))
	OUT(0, x0); OUT(1, x1); OUT(2, x2); OUT(3, x3);
	OUT(4, x4); OUT(5, x5); OUT(6, x6); OUT(7, x7);
	OUT(8, x8); OUT(9, x9); OUT(10, x10); OUT(11, x11);
	OUT(12, x12); OUT(13, x13); OUT(14, x14); OUT(15, x15);
#undef OUT
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
	if (c == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	/* leftover keystream of the previous call */
	while (len > 0 && c->used < 64) {
		*out++ = *in++ ^ c->ks[c->used++];
		len--;
	}
	/* whole blocks straight through, no keystream buffer */
	for (; len >= 64; in += 64, out += 64, len -= 64) {
		core_xor(c->s, in, out);
		c->s[12]++;
	}
	if (len > 0) {
		core(c->s, c->ks);
		c->s[12]++;
		c->used = 0;
		while (len > 0) {
			*out++ = *in++ ^ c->ks[c->used++];
			len--;
		}
	}
	return 0;
}

void
chacha20_wipe(chacha20_ctx *c)
{
	if (c != NULL)
		crypto_wipe(c, sizeof(*c));
}
