/*
 * sha256.h - SHA-256 and SHA-224 (FIPS 180-4), incremental.
 * SHA-224 shares the context and update function.
 */
#ifndef SANPO_CRYPTO_SHA256_H
#define SANPO_CRYPTO_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE	32
#define SHA224_DIGEST_SIZE	28
#define SHA256_BLOCK_SIZE	64

typedef struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;		/* bytes */
	uint8_t buf[64];
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha224_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* NULL data (or len 0) is a no-op */
void sha256_final(sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void sha224_final(sha256_ctx *c, uint8_t out[SHA224_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
