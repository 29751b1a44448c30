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
	uint32_t h[8];		/* chaining state */
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];	/* partial block (len % 64 bytes used) */
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha224_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t len);
/* NULL data (or len 0) is a no-op */
void sha256_final(sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void sha224_final(sha256_ctx *c, uint8_t out[SHA224_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

/*
 * The compression function over nblk consecutive 64-byte blocks.  The
 * portable one is sha256_blocks(); an accelerated one with the same effect
 * (arch/x86_64/shani.h) plugs into the same buffering and padding through
 * the _with variants (outlen: 32 for SHA-256, 28 for SHA-224).
 */
typedef void sha256_blocks_fn(uint32_t h[8], const uint8_t *p, size_t nblk);
void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t nblk);
void sha256_update_with(sha256_ctx *c, const void *data, size_t len,
    sha256_blocks_fn *blocks);
void sha256_final_with(sha256_ctx *c, uint8_t *out, size_t outlen,
    sha256_blocks_fn *blocks);	/* wipes c */

#endif
