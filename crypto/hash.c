/*
 * hash.c - descriptors for the SHA family (see hash.h).
 */
#include <string.h>

#include "crypto/hash.h"

static void h_sha1_init(crypto_hash_ctx *c) { sha1_init(&c->sha1); }
static void h_sha1_update(crypto_hash_ctx *c, const void *d, size_t n)
{ sha1_update(&c->sha1, d, n); }
static void h_sha1_final(crypto_hash_ctx *c, uint8_t *o) { sha1_final(&c->sha1, o); }

static void h_sha224_init(crypto_hash_ctx *c) { sha224_init(&c->sha256); }
static void h_sha256_init(crypto_hash_ctx *c) { sha256_init(&c->sha256); }
static void h_sha256_update(crypto_hash_ctx *c, const void *d, size_t n)
{ sha256_update(&c->sha256, d, n); }
static void h_sha224_final(crypto_hash_ctx *c, uint8_t *o) { sha224_final(&c->sha256, o); }
static void h_sha256_final(crypto_hash_ctx *c, uint8_t *o) { sha256_final(&c->sha256, o); }

static void h_sha384_init(crypto_hash_ctx *c) { sha384_init(&c->sha512); }
static void h_sha512_init(crypto_hash_ctx *c) { sha512_init(&c->sha512); }
static void h_sha512_update(crypto_hash_ctx *c, const void *d, size_t n)
{ sha512_update(&c->sha512, d, n); }
static void h_sha512_224_init(crypto_hash_ctx *c) { sha512_224_init(&c->sha512); }
static void h_sha512_256_init(crypto_hash_ctx *c) { sha512_256_init(&c->sha512); }
static void h_sha512_224_final(crypto_hash_ctx *c, uint8_t *o)
{ sha512_224_final(&c->sha512, o); }
static void h_sha512_256_final(crypto_hash_ctx *c, uint8_t *o)
{ sha512_256_final(&c->sha512, o); }
static void h_sha384_final(crypto_hash_ctx *c, uint8_t *o) { sha384_final(&c->sha512, o); }
static void h_sha512_final(crypto_hash_ctx *c, uint8_t *o) { sha512_final(&c->sha512, o); }

const crypto_hash_desc crypto_hash_sha1 = { "sha1", SHA1_DIGEST_SIZE,
	SHA1_BLOCK_SIZE, h_sha1_init, h_sha1_update, h_sha1_final };
const crypto_hash_desc crypto_hash_sha224 = { "sha224", SHA224_DIGEST_SIZE,
	SHA256_BLOCK_SIZE, h_sha224_init, h_sha256_update, h_sha224_final };
const crypto_hash_desc crypto_hash_sha256 = { "sha256", SHA256_DIGEST_SIZE,
	SHA256_BLOCK_SIZE, h_sha256_init, h_sha256_update, h_sha256_final };
const crypto_hash_desc crypto_hash_sha384 = { "sha384", SHA384_DIGEST_SIZE,
	SHA512_BLOCK_SIZE, h_sha384_init, h_sha512_update, h_sha384_final };
const crypto_hash_desc crypto_hash_sha512 = { "sha512", SHA512_DIGEST_SIZE,
	SHA512_BLOCK_SIZE, h_sha512_init, h_sha512_update, h_sha512_final };
const crypto_hash_desc crypto_hash_sha512_224 = { "sha512_224",
	SHA512_224_DIGEST_SIZE, SHA512_BLOCK_SIZE, h_sha512_224_init,
	h_sha512_update, h_sha512_224_final };
const crypto_hash_desc crypto_hash_sha512_256 = { "sha512_256",
	SHA512_256_DIGEST_SIZE, SHA512_BLOCK_SIZE, h_sha512_256_init,
	h_sha512_update, h_sha512_256_final };

const crypto_hash_desc *
crypto_hash_lookup(const char *name)
{
	static const crypto_hash_desc *const all[] = { &crypto_hash_sha1,
		&crypto_hash_sha224, &crypto_hash_sha256, &crypto_hash_sha384,
		&crypto_hash_sha512, &crypto_hash_sha512_224,
		&crypto_hash_sha512_256 };
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *a = all[i]->name, *b = name;
		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (*a == *b)
			return all[i];
	}
	return NULL;
}
