/*
 * xform.c - the algorithm descriptor table (see xform.h).
 */
#include <string.h>

#include "crypto/aes_modes.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"
#include "crypto/null_cipher.h"
#include "crypto/xform.h"

/* ---- NULL ---- */
static int
null_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	(void)ctx; (void)key; (void)keylen;
	return 0;
}

static int
null_crypt(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *in,
    uint8_t *out, size_t len)
{
	(void)ctx; (void)iv;
	return null_cipher_xor(in, out, len);
}

/* ---- AES-CBC ---- */
static int
cbc_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	return aes_setkey(&ctx->aes, key, keylen);
}

static int
cbc_enc(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *in,
    uint8_t *out, size_t len)
{
	uint8_t v[16];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(v, iv, 16);
	return aes_cbc_encrypt(&ctx->aes, v, in, out, len);
}

static int
cbc_dec(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *in,
    uint8_t *out, size_t len)
{
	uint8_t v[16];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(v, iv, 16);
	return aes_cbc_decrypt(&ctx->aes, v, in, out, len);
}

/* ---- AES-CTR (RFC 3686) ---- */
static int
ctr_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	int e = aes_setkey(&ctx->ctr.aes, key, keylen - 4);
	if (e == 0)
		memcpy(ctx->ctr.nonce, key + keylen - 4, 4);
	return e;
}

static int
ctr_crypt(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *in,
    uint8_t *out, size_t len)
{
	aes_ctr_ctx c;
	int e;

	if ((e = aes_ctr_init_rfc3686(&c, &ctx->ctr.aes, ctx->ctr.nonce, iv)) != 0)
		return e;
	e = aes_ctr_xor(&c, in, out, len);
	crypto_wipe(&c, sizeof(c));
	return e;
}

/* ---- AES-ICM: the IV is the whole counter block, 128-bit increment ---- */
static int
icm_crypt(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *in,
    uint8_t *out, size_t len)
{
	aes_ctr_ctx c;
	int e;

	if ((e = aes_ctr_init(&c, &ctx->aes, iv, 128)) != 0)
		return e;
	e = aes_ctr_xor(&c, in, out, len);
	crypto_wipe(&c, sizeof(c));
	return e;
}

/* ---- AES-GCM raw and RFC 4106 ---- */
static int
gcm_raw_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	return gcm_setkey(&ctx->gcm.gcm, key, keylen);
}

static int
gcm_raw_enc(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *icv)
{
	return gcm_encrypt(&ctx->gcm.gcm, iv, 12, aad, aadlen, in, len, out,
	    icv, 16);
}

static int
gcm_raw_dec(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *icv,
    uint8_t *out)
{
	return gcm_decrypt(&ctx->gcm.gcm, iv, 12, aad, aadlen, in, len, icv, 16,
	    out);
}

static int
gcm_esp_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	int e = gcm_setkey(&ctx->gcm.gcm, key, keylen - 4);
	if (e == 0)
		memcpy(ctx->gcm.salt, key + keylen - 4, 4);
	return e;
}

static int
gcm_esp_enc(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *icv)
{
	uint8_t n[12];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(n, ctx->gcm.salt, 4);
	memcpy(n + 4, iv, 8);
	return gcm_encrypt(&ctx->gcm.gcm, n, 12, aad, aadlen, in, len, out,
	    icv, 16);
}

static int
gcm_esp_dec(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *icv,
    uint8_t *out)
{
	uint8_t n[12];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(n, ctx->gcm.salt, 4);
	memcpy(n + 4, iv, 8);
	return gcm_decrypt(&ctx->gcm.gcm, n, 12, aad, aadlen, in, len, icv, 16,
	    out);
}

/* ---- ChaCha20-Poly1305 raw and RFC 7634 ---- */
static int
ccp_setkey(crypto_xform_ctx *ctx, const uint8_t *key, size_t keylen)
{
	memcpy(ctx->chacha.key, key, 32);
	if (keylen == 36)
		memcpy(ctx->chacha.salt, key + 32, 4);
	return 0;
}

static int
ccp_raw_enc(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *icv)
{
	return chacha20_poly1305_encrypt(ctx->chacha.key, 32, iv, 12, aad,
	    aadlen, in, len, out, icv, 16);
}

static int
ccp_raw_dec(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *icv,
    uint8_t *out)
{
	return chacha20_poly1305_decrypt(ctx->chacha.key, 32, iv, 12, aad,
	    aadlen, in, len, icv, 16, out);
}

static int
ccp_esp_enc(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *icv)
{
	uint8_t n[12];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(n, ctx->chacha.salt, 4);
	memcpy(n + 4, iv, 8);
	return chacha20_poly1305_encrypt(ctx->chacha.key, 32, n, 12, aad,
	    aadlen, in, len, out, icv, 16);
}

static int
ccp_esp_dec(const crypto_xform_ctx *ctx, const uint8_t *iv, const uint8_t *aad,
    size_t aadlen, const uint8_t *in, size_t len, const uint8_t *icv,
    uint8_t *out)
{
	uint8_t n[12];

	if (iv == NULL)
		return CRYPTO_EINVAL;
	memcpy(n, ctx->chacha.salt, 4);
	memcpy(n + 4, iv, 8);
	return chacha20_poly1305_decrypt(ctx->chacha.key, 32, n, 12, aad,
	    aadlen, in, len, icv, 16, out);
}

/* ---- HMAC and plain hashes ---- */
static int hmac_setkey_sha1(crypto_xform_ctx *c, const uint8_t *k, size_t n)
{ return hmac_init(&c->hmac, &crypto_hash_sha1, k, n); }
static int hmac_setkey_sha256(crypto_xform_ctx *c, const uint8_t *k, size_t n)
{ return hmac_init(&c->hmac, &crypto_hash_sha256, k, n); }
static int hmac_setkey_sha384(crypto_xform_ctx *c, const uint8_t *k, size_t n)
{ return hmac_init(&c->hmac, &crypto_hash_sha384, k, n); }
static int hmac_setkey_sha512(crypto_xform_ctx *c, const uint8_t *k, size_t n)
{ return hmac_init(&c->hmac, &crypto_hash_sha512, k, n); }

static int
mac_hmac(const crypto_xform_ctx *ctx, const uint8_t *data, size_t len,
    uint8_t *icv)
{
	hmac_ctx h;
	uint8_t full[CRYPTO_HASH_MAX_DIGEST];
	size_t icvlen;

	if (ctx == NULL || icv == NULL || !CRYPTO_BUF_OK(data, len) ||
	    ctx->hmac.hash == NULL)
		return CRYPTO_EINVAL;
	h = ctx->hmac;		/* copy of the keyed template */
	icvlen = h.hash->digest_size == 20 ? 12 : h.hash->digest_size / 2;
	hmac_update(&h, data, len);
	hmac_final(&h, full);
	memcpy(icv, full, icvlen);
	crypto_wipe(full, sizeof(full));
	return 0;
}

static int
hash_any(const crypto_hash_desc *hd, const uint8_t *data, size_t len,
    uint8_t *out)
{
	crypto_hash_ctx c;

	if (out == NULL || !CRYPTO_BUF_OK(data, len))
		return CRYPTO_EINVAL;
	hd->init(&c);
	hd->update(&c, data, len);
	hd->final(&c, out);
	return 0;
}

static int h_sha1(const crypto_xform_ctx *x, const uint8_t *d, size_t n, uint8_t *o)
{ (void)x; return hash_any(&crypto_hash_sha1, d, n, o); }
static int h_sha256(const crypto_xform_ctx *x, const uint8_t *d, size_t n, uint8_t *o)
{ (void)x; return hash_any(&crypto_hash_sha256, d, n, o); }
static int h_sha384(const crypto_xform_ctx *x, const uint8_t *d, size_t n, uint8_t *o)
{ (void)x; return hash_any(&crypto_hash_sha384, d, n, o); }
static int h_sha512(const crypto_xform_ctx *x, const uint8_t *d, size_t n, uint8_t *o)
{ (void)x; return hash_any(&crypto_hash_sha512, d, n, o); }

#define HMAC_KEYMAX 1024

static const crypto_xform xforms[] = {
	{ CRYPTO_ALG_NULL, "null", CRYPTO_KIND_CIPHER, 0, 256, 1, 1, 0, 0, NULL,
	  null_setkey, null_crypt, null_crypt, NULL, NULL, NULL },
	{ CRYPTO_ALG_AES_CBC, "aes-cbc", CRYPTO_KIND_CIPHER, 16, 32, 8, 16, 16, 0,
	  NULL, cbc_setkey, cbc_enc, cbc_dec, NULL, NULL, NULL },
	{ CRYPTO_ALG_AES_CTR, "aes-ctr", CRYPTO_KIND_CIPHER, 20, 36, 8, 1, 8, 0,
	  NULL, ctr_setkey, ctr_crypt, ctr_crypt, NULL, NULL, NULL },
	{ CRYPTO_ALG_AES_GCM, "aes-gcm", CRYPTO_KIND_AEAD, 16, 32, 8, 1, 12, 16,
	  NULL, gcm_raw_setkey, NULL, NULL, gcm_raw_enc, gcm_raw_dec, NULL },
	{ CRYPTO_ALG_AES_GCM_16, "aes-gcm-16", CRYPTO_KIND_AEAD, 20, 36, 8, 1, 8,
	  16, NULL, gcm_esp_setkey, NULL, NULL, gcm_esp_enc, gcm_esp_dec, NULL },
	{ CRYPTO_ALG_CHACHA20_POLY1305, "chacha20-poly1305", CRYPTO_KIND_AEAD,
	  32, 32, 1, 1, 12, 16, NULL, ccp_setkey, NULL, NULL, ccp_raw_enc,
	  ccp_raw_dec, NULL },
	{ CRYPTO_ALG_CHACHA20_POLY1305_ESP, "chacha20-poly1305-esp",
	  CRYPTO_KIND_AEAD, 36, 36, 1, 1, 8, 16, NULL, ccp_setkey, NULL, NULL,
	  ccp_esp_enc, ccp_esp_dec, NULL },
	{ CRYPTO_ALG_HMAC_SHA1, "hmac-sha1", CRYPTO_KIND_MAC, 0, HMAC_KEYMAX, 1,
	  64, 0, 12, &crypto_hash_sha1, hmac_setkey_sha1, NULL, NULL, NULL, NULL,
	  mac_hmac },
	{ CRYPTO_ALG_HMAC_SHA256, "hmac-sha256", CRYPTO_KIND_MAC, 0, HMAC_KEYMAX,
	  1, 64, 0, 16, &crypto_hash_sha256, hmac_setkey_sha256, NULL, NULL, NULL,
	  NULL, mac_hmac },
	{ CRYPTO_ALG_HMAC_SHA384, "hmac-sha384", CRYPTO_KIND_MAC, 0, HMAC_KEYMAX,
	  1, 128, 0, 24, &crypto_hash_sha384, hmac_setkey_sha384, NULL, NULL, NULL,
	  NULL, mac_hmac },
	{ CRYPTO_ALG_HMAC_SHA512, "hmac-sha512", CRYPTO_KIND_MAC, 0, HMAC_KEYMAX,
	  1, 128, 0, 32, &crypto_hash_sha512, hmac_setkey_sha512, NULL, NULL, NULL,
	  NULL, mac_hmac },
	{ CRYPTO_ALG_SHA1, "sha1", CRYPTO_KIND_HASH, 0, 0, 1, 64, 0, 20,
	  &crypto_hash_sha1, NULL, NULL, NULL, NULL, NULL, h_sha1 },
	{ CRYPTO_ALG_SHA256, "sha256", CRYPTO_KIND_HASH, 0, 0, 1, 64, 0, 32,
	  &crypto_hash_sha256, NULL, NULL, NULL, NULL, NULL, h_sha256 },
	{ CRYPTO_ALG_SHA384, "sha384", CRYPTO_KIND_HASH, 0, 0, 1, 128, 0, 48,
	  &crypto_hash_sha384, NULL, NULL, NULL, NULL, NULL, h_sha384 },
	{ CRYPTO_ALG_SHA512, "sha512", CRYPTO_KIND_HASH, 0, 0, 1, 128, 0, 64,
	  &crypto_hash_sha512, NULL, NULL, NULL, NULL, NULL, h_sha512 },
	{ CRYPTO_ALG_AES_ICM, "aes-icm", CRYPTO_KIND_CIPHER, 16, 32, 8, 1, 16, 0,
	  NULL, cbc_setkey, icm_crypt, icm_crypt, NULL, NULL, NULL },
};

#define NXFORMS (sizeof(xforms) / sizeof(xforms[0]))

const crypto_xform *
crypto_xform_lookup(int id)
{
	size_t i;

	for (i = 0; i < NXFORMS; i++)
		if ((int)xforms[i].id == id)
			return &xforms[i];
	return NULL;
}

const crypto_xform *
crypto_xform_lookup_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < NXFORMS; i++) {
		const char *a = xforms[i].name, *b = name;
		while (*a && *a == *b) {
			a++;
			b++;
		}
		if (*a == *b)
			return &xforms[i];
	}
	return NULL;
}

int
crypto_xform_keylen_ok(const crypto_xform *x, size_t keylen)
{
	if (x == NULL || keylen < x->key_min || keylen > x->key_max)
		return 0;
	return (keylen - x->key_min) % x->key_step == 0;
}

int
crypto_xform_setkey(const crypto_xform *x, crypto_xform_ctx *ctx,
    const uint8_t *key, size_t keylen)
{
	if (x == NULL || ctx == NULL || x->setkey == NULL ||
	    !crypto_xform_keylen_ok(x, keylen) || !CRYPTO_BUF_OK(key, keylen))
		return CRYPTO_EINVAL;
	return x->setkey(ctx, key, keylen);
}

void
crypto_xform_wipe(crypto_xform_ctx *ctx)
{
	if (ctx != NULL)
		crypto_wipe(ctx, sizeof(*ctx));
}
