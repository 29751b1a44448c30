/*
 * The algorithm tables of PF_KEY: what SADB_REGISTER advertises and what
 * ADD and UPDATE accept -- exactly the algorithms the crypto framework
 * (crypto/xform.h, kernel/opencrypto) implements, with PF_KEY's key sizes
 * (for AES-GCM, AES-CTR and ChaCha20-Poly1305 the key includes the 4-byte
 * salt or nonce, as RFC 4106/3686/7634 and ipsec-tools count it; HMAC keys
 * are the hash's output size, as FreeBSD requires).  Names are FreeBSD
 * setkey's, with ipsec-tools' as aliases.
 *
 * Only tables and lookups, no crypto code: setkey (the program,
 * user/sbin/setkey, and the host tests' driver) links this file to name algorithms
 * and check key sizes before it sends anything.
 */
#include <string.h>

#include "net/ipsec/key.h"
#include "crypto/xform.h"

static const struct ipsec_alg ipsec_authalgs[] = {
	{ SADB_AALG_SHA1HMAC, CRYPTO_ALG_HMAC_SHA1, "hmac-sha1", NULL,
	  160, 160, 8, 0, 12, 0 },
	{ SADB_X_AALG_SHA2_256, CRYPTO_ALG_HMAC_SHA256, "hmac-sha2-256", "hmac-sha256",
	  256, 256, 8, 0, 16, 0 },
	{ SADB_X_AALG_SHA2_384, CRYPTO_ALG_HMAC_SHA384, "hmac-sha2-384", "hmac-sha384",
	  384, 384, 8, 0, 24, 0 },
	{ SADB_X_AALG_SHA2_512, CRYPTO_ALG_HMAC_SHA512, "hmac-sha2-512", "hmac-sha512",
	  512, 512, 8, 0, 32, 0 },
};

static const struct ipsec_alg ipsec_encalgs[] = {
	{ SADB_EALG_NULL, CRYPTO_ALG_NULL, "null", NULL, 0, 0, 8, 0, 0, 0 },
	{ SADB_X_EALG_AESCBC, CRYPTO_ALG_AES_CBC, "aes-cbc", "rijndael-cbc",
	  128, 256, 64, 16, 0, 0 },
	{ SADB_X_EALG_AESCTR, CRYPTO_ALG_AES_CTR, "aes-ctr", NULL,
	  160, 288, 64, 8, 0, 0 },
	{ SADB_X_EALG_AESGCM16, CRYPTO_ALG_AES_GCM_16, "aes-gcm-16", NULL,
	  160, 288, 64, 8, 16, 1 },
	{ SADB_X_EALG_CHACHA20POLY1305, CRYPTO_ALG_CHACHA20_POLY1305_ESP,
	  "chacha20-poly1305", NULL, 288, 288, 8, 8, 16, 1 },
};

#define NITEMS(a)	(int)(sizeof(a) / sizeof((a)[0]))

static const struct ipsec_alg *
alg_find(const struct ipsec_alg *tab, int n, uint8_t id)
{
	int i;

	for (i = 0; i < n; i++)
		if (tab[i].sadb_id == id)
			return (&tab[i]);
	return (NULL);
}

const struct ipsec_alg *
ipsec_authalg(uint8_t sadb_id)
{
	return (alg_find(ipsec_authalgs, NITEMS(ipsec_authalgs), sadb_id));
}

const struct ipsec_alg *
ipsec_encalg(uint8_t sadb_id)
{
	return (alg_find(ipsec_encalgs, NITEMS(ipsec_encalgs), sadb_id));
}

const struct ipsec_alg *
ipsec_alg_index(int enc, int i)
{
	if (i < 0)
		return (NULL);
	if (enc)
		return (i < NITEMS(ipsec_encalgs) ? &ipsec_encalgs[i] : NULL);
	return (i < NITEMS(ipsec_authalgs) ? &ipsec_authalgs[i] : NULL);
}

const struct ipsec_alg *
ipsec_alg_byname(int enc, const char *name)
{
	const struct ipsec_alg *a;
	int i;

	for (i = 0; (a = ipsec_alg_index(enc, i)) != NULL; i++)
		if (strcmp(a->name, name) == 0 ||
		    (a->alias != NULL && strcmp(a->alias, name) == 0))
			return (a);
	return (NULL);
}
