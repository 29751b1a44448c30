/*
 * cryptosoft: the portable software driver, over crypto/'s algorithm table
 * (crypto/xform.h).  It serves every session the framework accepts, at low
 * priority, so an accelerated driver wins where it can.
 *
 * Regions that are not contiguous in the request buffer are bounced through
 * a temporary copy.  For AEAD and encrypt-then-authenticate decryption the
 * ICV is verified (constant time) before any plaintext is written.
 *
 * Test hook: debug.crypto.soft_busy_every="N" makes every Nth request
 * answer busy, to exercise the framework's requeueing.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"
#include <opencrypto/cryptodrv.h>

MALLOC_DECLARE(M_CRYPTO);

struct swcr_session {
	const struct crypto_xform	*cx;	/* cipher or AEAD, or NULL */
	const struct crypto_xform	*ax;	/* hash or HMAC, or NULL */
	crypto_xform_ctx		 cctx;	/* keyed cipher state */
	crypto_xform_ctx		 actx;	/* keyed HMAC template */
};

static uint64_t	busy_every, busy_count;

static int
swcr_probesession(const struct crypto_session_params *csp)
{
	(void)csp;
	return (CRYPTODEV_PROBE_SOFTWARE);
}

static int
swcr_newsession(void *softc, const struct crypto_session_params *csp)
{
	struct swcr_session *s = softc;

	s->cx = csp->csp_cipher_alg ? crypto_xform_lookup(csp->csp_cipher_alg) : NULL;
	s->ax = csp->csp_auth_alg ? crypto_xform_lookup(csp->csp_auth_alg) : NULL;
	if (s->cx != NULL && crypto_xform_setkey(s->cx, &s->cctx, csp->csp_cipher_key,
	    (size_t)csp->csp_cipher_klen) != 0)
		return (EINVAL);
	if (s->ax != NULL && s->ax->kind == CRYPTO_KIND_MAC &&
	    crypto_xform_setkey(s->ax, &s->actx, csp->csp_auth_key,
	    (size_t)csp->csp_auth_klen) != 0)
		return (EINVAL);
	return (0);
}

static void
swcr_freesession(void *softc)
{
	struct swcr_session *s = softc;

	crypto_xform_wipe(&s->cctx);
	crypto_xform_wipe(&s->actx);
}

/* MAC or hash over AAD, payload (and crp_esn), truncated to mlen. */
static void
swcr_digest(const struct swcr_session *s, const struct cryptop *crp,
    const struct crypto_region *aad, const struct crypto_region *pay, uint8_t *out, int mlen)
{
	size_t esnlen = (crp->crp_flags & CRYPTO_F_ESN) ? sizeof(crp->crp_esn) : 0;

	uint8_t full[CRYPTO_HASH_MAX_DIGEST];

	if (s->ax->kind == CRYPTO_KIND_MAC) {
		hmac_ctx h = s->actx.hmac;	/* the keyed template; copies are cheap */

		hmac_update(&h, aad->p, aad->len);
		hmac_update(&h, pay->p, pay->len);
		hmac_update(&h, crp->crp_esn, esnlen);
		hmac_final(&h, full);
		memset(&h, 0, sizeof(h));
	} else {
		crypto_hash_ctx h;

		s->ax->hash->init(&h);
		s->ax->hash->update(&h, aad->p, aad->len);
		s->ax->hash->update(&h, pay->p, pay->len);
		s->ax->hash->update(&h, crp->crp_esn, esnlen);
		s->ax->hash->final(&h, full);
	}
	memcpy(out, full, (size_t)mlen);
	memset(full, 0, sizeof(full));
}

static int
swcr_process(void *softc, const struct crypto_session_params *csp, struct cryptop *crp)
{
	struct swcr_session *s = softc;
	struct crypto_region aad, pay;
	uint8_t iv[CRYPTO_MAX_IV], icv[CRYPTO_MAX_ICV], want[CRYPTO_MAX_ICV];
	int error, enc = crp->crp_op == CRYPTO_OP_ENCRYPT, written = 0, rc = 0;

	if (busy_every != 0 && __atomic_add_fetch(&busy_count, 1, __ATOMIC_RELAXED) %
	    busy_every == 0)
		return (ERESTART);
	if ((error = crypto_check_request(csp, s->cx, s->ax, crp)) != 0)
		return (error);
	if (csp->csp_ivlen > 0)
		crypto_read_iv(crp, iv, (size_t)csp->csp_ivlen);
	if ((error = crypto_region_get(crp, crp->crp_aad_start, crp->crp_aad_length, &aad)) != 0)
		return (error);
	if ((error = crypto_region_get(crp, crp->crp_payload_start, crp->crp_payload_length, &pay)) != 0) {
		crypto_region_put(crp, 0, &aad, 0);
		return (error);
	}
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		rc = enc ? s->cx->encrypt(&s->cctx, iv, pay.p, pay.p, pay.len) :
		    s->cx->decrypt(&s->cctx, iv, pay.p, pay.p, pay.len);
		written = 1;
		break;
	case CSP_MODE_AEAD:
		if (enc) {
			rc = s->cx->aead_encrypt(&s->cctx, iv, aad.p, aad.len, pay.p, pay.len,
			    pay.p, icv);
			if (rc == 0)
				crypto_copyback(&crp->crp_buf, crp->crp_digest_start,
				    (size_t)csp->csp_auth_mlen, icv);
			written = 1;
		} else {
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start,
			    (size_t)csp->csp_auth_mlen, icv);
			rc = s->cx->aead_decrypt(&s->cctx, iv, aad.p, aad.len, pay.p, pay.len,
			    icv, pay.p);
			written = rc == 0;
		}
		break;
	case CSP_MODE_DIGEST:
		swcr_digest(s, crp, &aad, &pay, icv, csp->csp_auth_mlen);
		if (crp->crp_op == CRYPTO_OP_COMPUTE_DIGEST)
			crypto_copyback(&crp->crp_buf, crp->crp_digest_start,
			    (size_t)csp->csp_auth_mlen, icv);
		else {
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start,
			    (size_t)csp->csp_auth_mlen, want);
			if (timingsafe_bcmp(icv, want, (size_t)csp->csp_auth_mlen) != 0)
				rc = CRYPTO_EBADMSG;
		}
		break;
	case CSP_MODE_ETA:
		if (enc) {
			rc = s->cx->encrypt(&s->cctx, iv, pay.p, pay.p, pay.len);
			written = 1;
			if (rc == 0) {
				swcr_digest(s, crp, &aad, &pay, icv, csp->csp_auth_mlen);
				/* The digest covers the ciphertext, so the payload goes back first. */
				crypto_region_put(crp, crp->crp_payload_start, &pay, 1);
				written = 0;
				pay.bounced = 0;
				crypto_copyback(&crp->crp_buf, crp->crp_digest_start,
				    (size_t)csp->csp_auth_mlen, icv);
			}
		} else {
			swcr_digest(s, crp, &aad, &pay, icv, csp->csp_auth_mlen);
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start,
			    (size_t)csp->csp_auth_mlen, want);
			if (timingsafe_bcmp(icv, want, (size_t)csp->csp_auth_mlen) != 0)
				rc = CRYPTO_EBADMSG;	/* nothing decrypted */
			else {
				rc = s->cx->decrypt(&s->cctx, iv, pay.p, pay.p, pay.len);
				written = 1;
			}
		}
		break;
	}
	crypto_region_put(crp, crp->crp_payload_start, &pay, written && rc == 0);
	crypto_region_put(crp, 0, &aad, 0);
	memset(iv, 0, sizeof(iv));
	memset(icv, 0, sizeof(icv));
	crp->crp_etype = rc == 0 ? 0 : rc == CRYPTO_EBADMSG ? EBADMSG : EINVAL;
	crypto_done(crp);
	return (0);
}

static const struct crypto_driver cryptosoft = {
	.name = "cryptosoft",
	.flags = CRYPTOCAP_F_SOFTWARE,
	.session_size = sizeof(struct swcr_session),
	.probesession = swcr_probesession,
	.newsession = swcr_newsession,
	.freesession = swcr_freesession,
	.process = swcr_process,
};

static void
cryptosoft_attach(const void *dummy __unused)
{
	getenv_quad("debug.crypto.soft_busy_every", &busy_every);
	crypto_register_driver(&cryptosoft);
}
SYSINIT(cryptosoft, SI_SUB_DRIVERS, SI_ORDER_SECOND, cryptosoft_attach, NULL);
