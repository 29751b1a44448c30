/*
 * sha512.h - SHA-512, SHA-384, SHA-512/224 and SHA-512/256 (FIPS 180-4),
 * incremental.  The variants share the context and update function and
 * differ in initial value and output length.
 */
#ifndef SANPO_CRYPTO_SHA512_H
#define SANPO_CRYPTO_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define SHA512_DIGEST_SIZE	64
#define SHA384_DIGEST_SIZE	48
#define SHA512_224_DIGEST_SIZE	28
#define SHA512_256_DIGEST_SIZE	32
#define SHA512_BLOCK_SIZE	128

typedef struct sha512_ctx {
	uint64_t h[8];
	uint64_t len;		/* bytes (messages < 2^61 bytes) */
	uint8_t buf[128];
} sha512_ctx;

void sha512_init(sha512_ctx *c);
void sha384_init(sha512_ctx *c);
void sha512_224_init(sha512_ctx *c);
void sha512_256_init(sha512_ctx *c);
void sha512_update(sha512_ctx *c, const void *data, size_t len);
/* NULL data (or len 0) is a no-op */
void sha512_final(sha512_ctx *c, uint8_t out[SHA512_DIGEST_SIZE]);
void sha384_final(sha512_ctx *c, uint8_t out[SHA384_DIGEST_SIZE]);
void sha512_224_final(sha512_ctx *c, uint8_t out[SHA512_224_DIGEST_SIZE]);
void sha512_256_final(sha512_ctx *c, uint8_t out[SHA512_256_DIGEST_SIZE]);
void sha512(const void *data, size_t len, uint8_t out[SHA512_DIGEST_SIZE]);
void sha384(const void *data, size_t len, uint8_t out[SHA384_DIGEST_SIZE]);

#endif
