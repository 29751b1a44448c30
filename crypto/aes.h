/*
 * aes.h - AES block cipher (FIPS 197), 128/192/256-bit keys.
 *
 * Key schedule plus single-block encrypt/decrypt; the modes (CBC, CTR, GCM)
 * live in aes_modes.h and gcm.h and take an aes_ctx.
 *
 * Constant time: NO lookup tables at all; fully bitsliced.  Up to 4
 * blocks (64 bytes) are transposed once into 8 bit-planes in uint64_t
 * words (plane j = bit j of all 64 state bytes) and every round works on
 * the planes with AND/XOR/NOT and fixed shifts only: SubBytes computes
 * the GF(2^8) inverse in the isomorphic tower field GF((2^4)^2) (basis
 * changes folded with the affine map into fixed XOR networks), ShiftRows
 * and MixColumns are masked shifts inside each block's 16-bit lane, and
 * AddRoundKey uses round keys pre-converted to planes.  Nothing is indexed
 * by key or data and no branch depends on them, so timing and cache
 * behaviour are independent of secrets.  Throughput is best when 4 blocks
 * go together (aes_encrypt_blocks: CTR, GCM, CBC decryption); the AES-NI
 * path (crypto/arch/x86_64/aesni.h) is much faster still.
 */
#ifndef SANPO_CRYPTO_AES_H
#define SANPO_CRYPTO_AES_H

#include <stddef.h>
#include <stdint.h>

#define AES_BLOCK_SIZE	16
#define AES_MAX_ROUNDS	14

/* about 2.2 KiB: keep it in a session/SA structure rather than on a
 * small kernel stack */
typedef struct aes_ctx {
	uint32_t ek[4 * (AES_MAX_ROUNDS + 1)];	/* encryption round keys */
	uint32_t dk[4 * (AES_MAX_ROUNDS + 1)];	/* decryption (equivalent inverse cipher) */
	/* the same round keys as bit-planes for the bitsliced core */
	uint64_t bsek[AES_MAX_ROUNDS + 1][8];
	uint64_t bsdk[AES_MAX_ROUNDS + 1][8];
	unsigned rounds;			/* 10, 12 or 14 */
} aes_ctx;

/* keylen in bytes: 16, 24 or 32.  Returns 0 or CRYPTO_EINVAL. */
int aes_setkey(aes_ctx *ctx, const uint8_t *key, size_t keylen);
void aes_encrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16]);
void aes_decrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16]);
/* nblocks consecutive 16-byte blocks (ECB), 4 at a time; in == out ok */
void aes_encrypt_blocks(const aes_ctx *ctx, const uint8_t *in, uint8_t *out,
    size_t nblocks);
void aes_decrypt_blocks(const aes_ctx *ctx, const uint8_t *in, uint8_t *out,
    size_t nblocks);
void aes_wipe(aes_ctx *ctx);

#endif
