/*
 * hmac.c - HMAC over a hash descriptor (see hmac.h).
 */
#include <string.h>

#include "crypto/cryptodefs.h"
#include "crypto/hmac.h"
#include "crypto/timingsafe.h"

int
hmac_init(hmac_ctx *h, const crypto_hash_desc *hash, const uint8_t *key,
    size_t keylen)
{
	uint8_t k[CRYPTO_HASH_MAX_BLOCK];
	size_t i;

	if (h == NULL || hash == NULL || !CRYPTO_BUF_OK(key, keylen) ||
	    hash->block_size > CRYPTO_HASH_MAX_BLOCK ||
	    hash->digest_size > hash->block_size)
		return CRYPTO_EINVAL;
	memset(k, 0, sizeof(k));
	if (keylen > hash->block_size) {
		hash->init(&h->inner);
		hash->update(&h->inner, key, keylen);
		hash->final(&h->inner, k);
	} else if (keylen) {
		memcpy(k, key, keylen);
	}
	for (i = 0; i < hash->block_size; i++)
		k[i] ^= 0x36;
	hash->init(&h->inner);
	hash->update(&h->inner, k, hash->block_size);
	for (i = 0; i < hash->block_size; i++)
		k[i] ^= 0x36 ^ 0x5c;
	hash->init(&h->outer);
	hash->update(&h->outer, k, hash->block_size);
	crypto_wipe(k, sizeof(k));
	h->hash = hash;
	return 0;
}

void
hmac_update(hmac_ctx *h, const void *data, size_t len)
{
	h->hash->update(&h->inner, data, len);
}

void
hmac_final(hmac_ctx *h, uint8_t *out)
{
	uint8_t d[CRYPTO_HASH_MAX_DIGEST];
	const crypto_hash_desc *hash = h->hash;

	hash->final(&h->inner, d);
	hash->update(&h->outer, d, hash->digest_size);
	hash->final(&h->outer, out);
	crypto_wipe(d, sizeof(d));
	crypto_wipe(h, sizeof(*h));
}

int
hmac(const crypto_hash_desc *hash, const uint8_t *key, size_t keylen,
    const void *data, size_t len, uint8_t *out)
{
	hmac_ctx h;
	int e;

	if (out == NULL || !CRYPTO_BUF_OK(data, len))
		return CRYPTO_EINVAL;
	if ((e = hmac_init(&h, hash, key, keylen)) != 0)
		return e;
	hmac_update(&h, data, len);
	hmac_final(&h, out);
	return 0;
}

int
hmac_verify(hmac_ctx *h, const uint8_t *mac, size_t maclen)
{
	uint8_t d[CRYPTO_HASH_MAX_DIGEST];
	size_t dsz = h->hash->digest_size;
	int bad;

	hmac_final(h, d);
	if (mac == NULL || maclen == 0 || maclen > dsz) {
		crypto_wipe(d, sizeof(d));
		return CRYPTO_EINVAL;
	}
	bad = timingsafe_bcmp(d, mac, maclen);
	crypto_wipe(d, sizeof(d));
	return bad ? CRYPTO_EBADMSG : 0;
}
