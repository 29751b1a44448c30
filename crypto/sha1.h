/*
 * sha1.h - SHA-1 (FIPS 180-4), incremental.  Kept for HMAC-SHA1 (IPsec
 * legacy); not for new signatures.
 */
#ifndef SANPO_CRYPTO_SHA1_H
#define SANPO_CRYPTO_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_SIZE	20
#define SHA1_BLOCK_SIZE		64

typedef struct sha1_ctx {
	uint32_t h[5];		/* chaining state */
	uint64_t len;		/* bytes hashed so far */
	uint8_t buf[64];	/* partial block (len % 64 bytes used) */
} sha1_ctx;

void sha1_init(sha1_ctx *c);
void sha1_update(sha1_ctx *c, const void *data, size_t len);
/* NULL data (or len 0) is a no-op */
void sha1_final(sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE]);	/* wipes c */
void sha1(const void *data, size_t len, uint8_t out[SHA1_DIGEST_SIZE]);

/* The compression function over nblk 64-byte blocks, pluggable as in
 * sha256.h (portable: sha1_blocks; SHA-NI: arch/x86_64/shani.h). */
typedef void sha1_blocks_fn(uint32_t h[5], const uint8_t *p, size_t nblk);
void sha1_blocks(uint32_t h[5], const uint8_t *p, size_t nblk);
void sha1_update_with(sha1_ctx *c, const void *data, size_t len,
    sha1_blocks_fn *blocks);
void sha1_final_with(sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE],
    sha1_blocks_fn *blocks);	/* wipes c */

#endif
