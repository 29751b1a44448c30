/*
 * hash.h - hash descriptors: a small table-free interface so generic code
 * (HMAC, the future opencrypto framework) can drive any hash through
 * function pointers.  The context is a union big enough for every hash.
 */
#ifndef SANPO_CRYPTO_HASH_H
#define SANPO_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/sha1.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"

#define CRYPTO_HASH_MAX_DIGEST	64
#define CRYPTO_HASH_MAX_BLOCK	128

typedef union crypto_hash_ctx {
	sha1_ctx sha1;
	sha256_ctx sha256;
	sha512_ctx sha512;
} crypto_hash_ctx;

typedef struct crypto_hash_desc {
	const char *name;
	size_t digest_size;
	size_t block_size;
	void (*init)(crypto_hash_ctx *ctx);
	void (*update)(crypto_hash_ctx *ctx, const void *data, size_t len);
	void (*final)(crypto_hash_ctx *ctx, uint8_t *out);	/* wipes ctx */
} crypto_hash_desc;

extern const crypto_hash_desc crypto_hash_sha1;
extern const crypto_hash_desc crypto_hash_sha224;
extern const crypto_hash_desc crypto_hash_sha256;
extern const crypto_hash_desc crypto_hash_sha384;
extern const crypto_hash_desc crypto_hash_sha512;
extern const crypto_hash_desc crypto_hash_sha512_224;
extern const crypto_hash_desc crypto_hash_sha512_256;

/* NULL if unknown; names "sha1", "sha224", "sha256", "sha384", "sha512",
 * "sha512_224", "sha512_256" */
const crypto_hash_desc *crypto_hash_lookup(const char *name);

#endif
