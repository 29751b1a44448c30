/*
 * The session-parameter rules of the crypto framework: everything about a
 * crypto_session_params that does not depend on a driver (mode, algorithm
 * kinds, key, IV and ICV lengths), and the session's own copy of them.  Portable, so the kernel's framework
 * (crypto.c) and the host implementation the IPsec host tests use
 * (tests/host/lib/crypto_host.c) refuse exactly the same sessions.
 */
#include <stddef.h>
#include <string.h>
#include <sys/errno.h>

#include <opencrypto/cryptodev.h>

static int
kind_ok(int alg, enum crypto_xform_kind kind, const struct crypto_xform **out)
{
	const struct crypto_xform *x = crypto_xform_lookup(alg);

	*out = x;
	return (x != NULL && x->kind == kind);
}

int
crypto_check_params(const struct crypto_session_params *csp,
    const struct crypto_xform **cxp, const struct crypto_xform **axp)
{
	const struct crypto_xform *cx = NULL, *ax = NULL;
	size_t max;

	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		if (!kind_ok(csp->csp_cipher_alg, CRYPTO_KIND_CIPHER, &cx) || csp->csp_auth_alg)
			return (EINVAL);
		break;
	case CSP_MODE_AEAD:
		if (!kind_ok(csp->csp_cipher_alg, CRYPTO_KIND_AEAD, &cx) || csp->csp_auth_alg)
			return (EINVAL);
		if (csp->csp_auth_mlen != 0 && csp->csp_auth_mlen != cx->icv_size)
			return (EINVAL);
		break;
	case CSP_MODE_DIGEST:
		ax = crypto_xform_lookup(csp->csp_auth_alg);
		if (ax == NULL || (ax->kind != CRYPTO_KIND_MAC && ax->kind != CRYPTO_KIND_HASH) ||
		    csp->csp_cipher_alg)
			return (EINVAL);
		break;
	case CSP_MODE_ETA:
		if (!kind_ok(csp->csp_cipher_alg, CRYPTO_KIND_CIPHER, &cx) ||
		    !kind_ok(csp->csp_auth_alg, CRYPTO_KIND_MAC, &ax))
			return (EINVAL);
		break;
	default:
		return (EINVAL);
	}
	if (cx != NULL && (csp->csp_cipher_klen < 0 ||
	    csp->csp_cipher_klen > CRYPTO_MAX_CIPHER_KEY ||
	    !crypto_xform_keylen_ok(cx, (size_t)csp->csp_cipher_klen) ||
	    (csp->csp_cipher_klen > 0 && csp->csp_cipher_key == NULL) ||
	    csp->csp_ivlen != cx->iv_size))
		return (EINVAL);
	if (ax != NULL) {
		if (ax->kind == CRYPTO_KIND_HASH && csp->csp_auth_klen != 0)
			return (EINVAL);
		if (ax->kind == CRYPTO_KIND_MAC && (csp->csp_auth_klen <= 0 ||
		    csp->csp_auth_klen > CRYPTO_MAX_AUTH_KEY || csp->csp_auth_key == NULL))
			return (EINVAL);
		/* Default ICV: the algorithm's (IPsec-truncated for HMAC); up to the full digest. */
		max = ax->hash != NULL ? ax->hash->digest_size : ax->icv_size;
		if (csp->csp_auth_mlen < 0 || (size_t)csp->csp_auth_mlen > max ||
		    (csp->csp_auth_mlen != 0 && csp->csp_auth_mlen < 4))
			return (EINVAL);
	}
	if (cxp != NULL)
		*cxp = cx;
	if (axp != NULL)
		*axp = ax;
	return (0);
}

void
crypto_session_params_copy(struct crypto_session_params *dst,
    const struct crypto_session_params *src, const struct crypto_xform *cx,
    const struct crypto_xform *ax, uint8_t ckey[CRYPTO_MAX_CIPHER_KEY],
    uint8_t akey[CRYPTO_MAX_AUTH_KEY])
{
	*dst = *src;
	if (src->csp_cipher_klen > 0) {
		memcpy(ckey, src->csp_cipher_key, (size_t)src->csp_cipher_klen);
		dst->csp_cipher_key = ckey;
	}
	if (src->csp_auth_klen > 0) {
		memcpy(akey, src->csp_auth_key, (size_t)src->csp_auth_klen);
		dst->csp_auth_key = akey;
	}
	if (dst->csp_auth_mlen == 0 && src->csp_mode != CSP_MODE_CIPHER)
		dst->csp_auth_mlen = src->csp_mode == CSP_MODE_AEAD ? cx->icv_size : ax->icv_size;
}
