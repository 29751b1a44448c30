/*
 * hmac.h - HMAC (RFC 2104, FIPS 198-1) over any crypto_hash_desc.
 *
 * hmac_init() precomputes the inner and outer padded-key states, so one
 * hmac_ctx can be copied as a template and reused per packet (IPsec AH/ESP
 * do that).  Keys longer than the block size are hashed first.  Truncated
 * MACs: take a prefix of the output; hmac_verify() compares a prefix of
 * any length 1..digest_size in constant time.
 */
#ifndef SANPO_CRYPTO_HMAC_H
#define SANPO_CRYPTO_HMAC_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

typedef struct hmac_ctx {
	const crypto_hash_desc *hash;
	crypto_hash_ctx inner;
	crypto_hash_ctx outer;
} hmac_ctx;

/* key may be NULL if keylen == 0.  Returns 0 or CRYPTO_EINVAL. */
int hmac_init(hmac_ctx *h, const crypto_hash_desc *hash, const uint8_t *key,
    size_t keylen);
void hmac_update(hmac_ctx *h, const void *data, size_t len);
/* writes hash->digest_size bytes; wipes h */
void hmac_final(hmac_ctx *h, uint8_t *out);
int hmac(const crypto_hash_desc *hash, const uint8_t *key, size_t keylen,
    const void *data, size_t len, uint8_t *out);
/* finishes h; 0 if the first maclen bytes equal mac, else CRYPTO_EBADMSG */
int hmac_verify(hmac_ctx *h, const uint8_t *mac, size_t maclen);

#endif
