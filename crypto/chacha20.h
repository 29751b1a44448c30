/*
 * chacha20.h - ChaCha20 stream cipher (RFC 8439: 256-bit key, 96-bit
 * nonce, 32-bit block counter).
 *
 * Incremental: chacha20_xor() may be called with any split of the data.
 * Pure add/rotate/xor, so constant time by construction.
 * chacha20_block() exposes the raw block function (RFC 8439 2.3).
 * The 32-bit block counter wraps after 2^32 blocks (256 GiB) per nonce;
 * callers (the AEAD) bound the message length so that never happens.
 */
#ifndef SANPO_CRYPTO_CHACHA20_H
#define SANPO_CRYPTO_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_SIZE	32
#define CHACHA20_NONCE_SIZE	12

typedef struct chacha20_ctx {
	uint32_t s[16];		/* input state; s[12] = next block counter */
	uint8_t ks[64];
	unsigned used;		/* bytes of ks consumed (64 = none) */
} chacha20_ctx;

int chacha20_init(chacha20_ctx *c, const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, uint32_t counter);
int chacha20_xor(chacha20_ctx *c, const uint8_t *in, uint8_t *out, size_t len);
/* one 64-byte block for key/nonce/counter */
void chacha20_block(const uint8_t key[32], const uint8_t nonce[12],
    uint32_t counter, uint8_t out[64]);
void chacha20_wipe(chacha20_ctx *c);

#endif
