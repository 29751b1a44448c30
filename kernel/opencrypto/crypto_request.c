/*
 * One request, the same in every driver: the checks of its regions and
 * operation against its session, and the process() frame a driver runs
 * its primitives in (struct crypto_methods, cryptodrv.h).  Portable
 * (crypto_platform.h): the kernel's drivers and the host framework of the
 * IPsec tests run this very code.
 */
#include <string.h>
#include <sys/errno.h>
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"
#include <opencrypto/cryptodrv.h>

static int
range_ok(size_t start, size_t len, size_t buflen)
{
	return (start <= buflen && len <= buflen - start);
}

int
crypto_check_request(const struct crypto_session_params *csp, const struct crypto_xform *cx,
    const struct cryptop *crp)
{
	size_t buflen = crypto_buffer_len(&crp->crp_buf);
	int ops = crp->crp_op;

	if (!range_ok(crp->crp_aad_start, crp->crp_aad_length, buflen) ||
	    !range_ok(crp->crp_payload_start, crp->crp_payload_length, buflen))
		return (EINVAL);
	if (csp->csp_mode != CSP_MODE_CIPHER &&
	    !range_ok(crp->crp_digest_start, (size_t)csp->csp_auth_mlen, buflen))
		return (EINVAL);
	if (csp->csp_ivlen > 0 && !(crp->crp_flags & CRYPTO_F_IV_SEPARATE) &&
	    !range_ok(crp->crp_iv_start, (size_t)csp->csp_ivlen, buflen))
		return (EINVAL);
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
	case CSP_MODE_ETA:
		if (ops != CRYPTO_OP_ENCRYPT && ops != CRYPTO_OP_DECRYPT)
			return (EINVAL);
		/* Block ciphers need whole blocks, and at least one. */
		if (cx->block_size > 1 && (crp->crp_payload_length == 0 ||
		    crp->crp_payload_length % cx->block_size != 0))
			return (EINVAL);
		break;
	case CSP_MODE_AEAD:
		if (ops != CRYPTO_OP_ENCRYPT && ops != CRYPTO_OP_DECRYPT)
			return (EINVAL);
		break;
	case CSP_MODE_DIGEST:
		if (ops != CRYPTO_OP_COMPUTE_DIGEST && ops != CRYPTO_OP_VERIFY_DIGEST)
			return (EINVAL);
		break;
	}
	return (0);
}

void
crypto_digest_request(const hmac_ctx *hmac, const crypto_hash_desc *hash,
    const struct cryptop *crp, const struct crypto_region *aad,
    const struct crypto_region *pay, uint8_t *out)
{
	size_t esnlen = (crp->crp_flags & CRYPTO_F_ESN) ? sizeof(crp->crp_esn) : 0;

	if (hmac != NULL) {
		hmac_ctx h = *hmac;	/* the keyed template; copies are cheap */

		hmac_update(&h, aad->p, aad->len);
		hmac_update(&h, pay->p, pay->len);
		hmac_update(&h, crp->crp_esn, esnlen);
		hmac_final(&h, out);	/* wipes h */
	} else {
		crypto_hash_ctx h;

		hash->init(&h);
		hash->update(&h, aad->p, aad->len);
		hash->update(&h, pay->p, pay->len);
		hash->update(&h, crp->crp_esn, esnlen);
		hash->final(&h, out);
	}
}

/* Computes the ICV into icv, or (check) compares it with the one icv holds. */
static int
digest_op(const struct crypto_methods *m, const void *sess,
    const struct crypto_session_params *csp, const struct cryptop *crp, int check,
    const struct crypto_region *aad, const struct crypto_region *pay, uint8_t *icv)
{
	uint8_t full[CRYPTO_HASH_MAX_DIGEST];
	int rc = 0;

	m->digest(sess, crp, aad, pay, full);
	if (check)
		rc = timingsafe_bcmp(full, icv, (size_t)csp->csp_auth_mlen) ? CRYPTO_EBADMSG : 0;
	else
		memcpy(icv, full, (size_t)csp->csp_auth_mlen);
	memset(full, 0, sizeof(full));
	return (rc);
}

/* The mode's steps; *written: the payload changed and goes back. */
static int
run(const struct crypto_methods *m, const void *sess, const struct crypto_session_params *csp,
    const struct cryptop *crp, const uint8_t *iv, struct crypto_region *aad,
    struct crypto_region *pay, uint8_t *icv, int *written)
{
	int enc = crp->crp_op == CRYPTO_OP_ENCRYPT, rc;

	*written = 0;
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		*written = 1;
		return (m->cipher(sess, enc, iv, pay));
	case CSP_MODE_AEAD:
		rc = m->aead(sess, csp, enc, iv, aad, pay, icv);
		*written = rc == 0;
		return (rc);
	case CSP_MODE_DIGEST:
		return (digest_op(m, sess, csp, crp, crp->crp_op == CRYPTO_OP_VERIFY_DIGEST,
		    aad, pay, icv));
	case CSP_MODE_ETA:
		if (enc) {
			if ((rc = m->cipher(sess, 1, iv, pay)) != 0)
				return (rc);
			*written = 1;
			return (digest_op(m, sess, csp, crp, 0, aad, pay, icv));	/* ciphertext */
		}
		if ((rc = digest_op(m, sess, csp, crp, 1, aad, pay, icv)) != 0)
			return (rc);			/* nothing decrypted */
		*written = 1;
		return (m->cipher(sess, 0, iv, pay));
	}
	return (CRYPTO_EINVAL);
}

int
crypto_process(const struct crypto_methods *m, const void *sess, const struct crypto_xform *cx,
    const struct crypto_session_params *csp, struct cryptop *crp)
{
	struct crypto_region aad, pay;
	uint8_t iv[CRYPTO_MAX_IV], icv[CRYPTO_MAX_ICV];
	int error, rc, written, icv_in, icv_out;

	if ((error = crypto_check_request(csp, cx, crp)) != 0)
		return (error);
	if (csp->csp_ivlen > 0)
		crypto_read_iv(crp, iv, (size_t)csp->csp_ivlen);
	if ((error = crypto_region_get(crp, crp->crp_aad_start, crp->crp_aad_length, &aad)) != 0)
		return (error);
	if ((error = crypto_region_get(crp, crp->crp_payload_start, crp->crp_payload_length,
	    &pay)) != 0) {
		crypto_region_put(crp, 0, &aad, 0);
		return (error);
	}
	icv_in = csp->csp_mode != CSP_MODE_CIPHER && (crp->crp_op == CRYPTO_OP_DECRYPT ||
	    crp->crp_op == CRYPTO_OP_VERIFY_DIGEST);
	icv_out = csp->csp_mode != CSP_MODE_CIPHER && (crp->crp_op == CRYPTO_OP_ENCRYPT ||
	    crp->crp_op == CRYPTO_OP_COMPUTE_DIGEST);
	if (icv_in)
		crypto_copydata(&crp->crp_buf, crp->crp_digest_start, (size_t)csp->csp_auth_mlen, icv);
	if (m->enter != NULL)
		m->enter();
	rc = run(m, sess, csp, crp, iv, &aad, &pay, icv, &written);
	if (m->leave != NULL)
		m->leave();
	/* The payload goes back before the ICV: the digest covers it. */
	crypto_region_put(crp, crp->crp_payload_start, &pay, written && rc == 0);
	crypto_region_put(crp, 0, &aad, 0);
	if (rc == 0 && icv_out)
		crypto_copyback(&crp->crp_buf, crp->crp_digest_start, (size_t)csp->csp_auth_mlen, icv);
	memset(iv, 0, sizeof(iv));
	memset(icv, 0, sizeof(icv));
	crp->crp_etype = rc == 0 ? 0 : rc == CRYPTO_EBADMSG ? EBADMSG : EINVAL;
	crypto_done(crp);
	return (0);
}
