/*
 * aes_modes.c - AES-CBC and AES-CTR on top of aes.c (see aes_modes.h).
 */
#include <string.h>

#include "crypto/aes_modes.h"
#include "crypto/cryptodefs.h"

int
aes_cbc_encrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	uint8_t blk[16];
	size_t off;
	int i;

	if (aes == NULL || iv == NULL || len % 16 != 0 ||
	    !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	for (off = 0; off < len; off += 16) {
		for (i = 0; i < 16; i++)
			blk[i] = in[off + i] ^ iv[i];
		aes_encrypt_block(aes, blk, iv);
		memcpy(out + off, iv, 16);
	}
	return 0;
}

int
aes_cbc_decrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len)
{
	uint8_t blk[64], save[64];
	size_t off, n, i;

	if (aes == NULL || iv == NULL || len % 16 != 0 ||
	    !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	/* 4 blocks per call into the bitsliced core */
	for (off = 0; off < len; off += n) {
		n = len - off < 64 ? len - off : 64;
		memcpy(save, in + off, n);	/* in may equal out */
		aes_decrypt_blocks(aes, save, blk, n / 16);
		for (i = 0; i < 16; i++)
			out[off + i] = blk[i] ^ iv[i];
		for (i = 16; i < n; i++)
			out[off + i] = blk[i] ^ save[i - 16];
		memcpy(iv, save + n - 16, 16);
	}
	crypto_wipe(blk, sizeof(blk));
	return 0;
}

int
aes_ctr_init(aes_ctr_ctx *c, const aes_ctx *aes, const uint8_t ctrblk[16],
    unsigned ctr_bits)
{
	if (c == NULL || aes == NULL || ctrblk == NULL ||
	    (ctr_bits != 32 && ctr_bits != 128))
		return CRYPTO_EINVAL;
	c->aes = aes;
	memcpy(c->ctr, ctrblk, 16);
	c->used = 64;
	c->ctr_bits = ctr_bits;
	return 0;
}

int
aes_ctr_init_rfc3686(aes_ctr_ctx *c, const aes_ctx *aes,
    const uint8_t nonce[4], const uint8_t iv[8])
{
	uint8_t blk[16];

	if (nonce == NULL || iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(blk, nonce, 4);
	memcpy(blk + 4, iv, 8);
	blk[12] = 0; blk[13] = 0; blk[14] = 0; blk[15] = 1;
	return aes_ctr_init(c, aes, blk, 32);
}

/* big-endian increment of the counter field, constant time */
static void
ctr_inc(uint8_t ctr[16], unsigned ctr_bits)
{
	unsigned i, stop = ctr_bits == 32 ? 12 : 0;
	unsigned carry = 1;

	for (i = 16; i-- > stop;) {
		carry += ctr[i];
		ctr[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

/* next 4 keystream blocks */
static void
ctr_next(aes_ctr_ctx *c)
{
	uint8_t blocks[64];
	int b;

	for (b = 0; b < 4; b++) {
		memcpy(blocks + 16 * b, c->ctr, 16);
		ctr_inc(c->ctr, c->ctr_bits);
	}
	aes_encrypt_blocks(c->aes, blocks, c->ks, 4);
	c->used = 0;
}

int
aes_ctr_xor(aes_ctr_ctx *c, const uint8_t *in, uint8_t *out, size_t len)
{
	size_t i;

	if (c == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	for (i = 0; i < len; i++) {
		if (c->used == 64)
			ctr_next(c);
		out[i] = in[i] ^ c->ks[c->used++];
	}
	return 0;
}
