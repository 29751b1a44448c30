/*
 * xform.h - algorithm descriptor table for the future opencrypto-style
 * framework and IPsec.
 *
 * Each algorithm has a crypto_xform: id, name, kind, the allowed key sizes
 * (min..max in steps of key_step bytes), block size, IV size, ICV (tag)
 * size and uniform entry points working on a caller-provided
 * crypto_xform_ctx.  Lookup by id (crypto_xform_lookup) or by name
 * (crypto_xform_lookup_name).  crypto_xform_setkey() rejects a key length
 * not allowed by the descriptor with CRYPTO_EINVAL before touching the
 * context.  All int returns follow cryptodefs.h: 0, CRYPTO_EINVAL,
 * CRYPTO_EBADMSG.
 *
 * IV conventions (iv_size bytes are passed):
 *   AES-CBC      16-byte IV (RFC 3602)
 *   AES-CTR      RFC 3686: key = AES key || 4-byte nonce; 8-byte IV;
 *                counter block nonce || IV || 00000001 (ESP's layout)
 *   AES-ICM      SP 800-38A counter mode (FreeBSD's name; OpenSSL's
 *                aes-*-ctr): 16-byte IV = the initial counter block,
 *                incremented over all 128 bits
 *   AES-GCM      raw: 12-byte IV
 *   AES-GCM-16   RFC 4106: key = AES key || 4-byte salt; 8-byte IV;
 *                nonce = salt || IV; 16-byte ICV
 *   ChaCha20-Poly1305      raw RFC 8439: 12-byte nonce
 *   ChaCha20-Poly1305-ESP  RFC 7634: key = 32 || 4-byte salt, 8-byte IV
 *   HMAC-*       ICV is the IPsec truncation (SHA1-96, SHA2-N/2), the mac
 *                entry writes icv_size bytes; hmac_final gives the full one
 *   hashes       no key; the hash entry writes icv_size (= digest) bytes
 */
#ifndef SANPO_CRYPTO_XFORM_H
#define SANPO_CRYPTO_XFORM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aes.h"
#include "crypto/gcm.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"

enum crypto_alg_id {
	CRYPTO_ALG_NULL = 1,
	CRYPTO_ALG_AES_CBC,
	CRYPTO_ALG_AES_CTR,		/* RFC 3686 */
	CRYPTO_ALG_AES_GCM,		/* raw, 12-byte IV */
	CRYPTO_ALG_AES_GCM_16,		/* RFC 4106 */
	CRYPTO_ALG_CHACHA20_POLY1305,	/* RFC 8439 */
	CRYPTO_ALG_CHACHA20_POLY1305_ESP, /* RFC 7634 */
	CRYPTO_ALG_HMAC_SHA1,
	CRYPTO_ALG_HMAC_SHA256,
	CRYPTO_ALG_HMAC_SHA384,
	CRYPTO_ALG_HMAC_SHA512,
	CRYPTO_ALG_SHA1,
	CRYPTO_ALG_SHA256,
	CRYPTO_ALG_SHA384,
	CRYPTO_ALG_SHA512,
	CRYPTO_ALG_AES_ICM,		/* SP 800-38A, full 128-bit counter block */
	CRYPTO_ALG_MAX
};

enum crypto_xform_kind {
	CRYPTO_KIND_CIPHER,	/* encrypt/decrypt */
	CRYPTO_KIND_AEAD,	/* aead_encrypt/aead_decrypt */
	CRYPTO_KIND_MAC,	/* mac */
	CRYPTO_KIND_HASH,	/* hash */
};

typedef union crypto_xform_ctx {
	aes_ctx aes;
	struct { aes_ctx aes; uint8_t nonce[4]; } ctr;
	struct { gcm_ctx gcm; uint8_t salt[4]; } gcm;
	struct { uint8_t key[32]; uint8_t salt[4]; } chacha;
	hmac_ctx hmac;		/* keyed template (inner/outer states) */
} crypto_xform_ctx;

typedef struct crypto_xform {
	enum crypto_alg_id id;
	const char *name;
	enum crypto_xform_kind kind;
	uint16_t key_min, key_max, key_step;	/* allowed key sizes, bytes */
	uint16_t block_size;
	uint16_t iv_size;
	uint16_t icv_size;
	const crypto_hash_desc *hash;		/* MAC/HASH only */

	int (*setkey)(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen);
	/* CIPHER: len must be a multiple of block_size; in == out allowed */
	int (*encrypt)(const crypto_xform_ctx *ctx, const uint8_t *iv,
	    const uint8_t *in, uint8_t *out, size_t len);
	int (*decrypt)(const crypto_xform_ctx *ctx, const uint8_t *iv,
	    const uint8_t *in, uint8_t *out, size_t len);
	/* AEAD: icv is icv_size bytes; decrypt writes nothing on failure */
	int (*aead_encrypt)(const crypto_xform_ctx *ctx, const uint8_t *iv,
	    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
	    uint8_t *out, uint8_t *icv);
	int (*aead_decrypt)(const crypto_xform_ctx *ctx, const uint8_t *iv,
	    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
	    const uint8_t *icv, uint8_t *out);
	/* MAC (keyed) / HASH (ctx unused, may be NULL): icv_size bytes out */
	int (*mac)(const crypto_xform_ctx *ctx, const uint8_t *data, size_t len,
	    uint8_t *icv);
} crypto_xform;

/* NULL if id is unknown */
const crypto_xform *crypto_xform_lookup(int id);
const crypto_xform *crypto_xform_lookup_name(const char *name);
/* 1 if keylen is allowed for x */
int crypto_xform_keylen_ok(const crypto_xform *x, size_t keylen);
/* checks x, ctx, key and keylen, then keys ctx */
int crypto_xform_setkey(const crypto_xform *x, crypto_xform_ctx *ctx,
    const uint8_t *key, size_t keylen);
void crypto_xform_wipe(crypto_xform_ctx *ctx);

#endif
