/*
 * aesni: the accelerated driver -- AES-CBC, AES-CTR (RFC 3686) and AES-GCM
 * (raw and RFC 4106) on AES-NI with PCLMULQDQ, when CPUID has them.  It
 * keys sessions with the portable key schedule (the contexts are shared
 * with crypto/) and runs the SSE code inside fpu_kern_enter/leave.  It
 * probes above cryptosoft, so the framework prefers it.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <machine/fpu.h>
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/cryptodefs.h"
#include "cryptodrv.h"

struct aesni_session {
	const struct crypto_xform	*cx;
	crypto_xform_ctx		 ctx;	/* .aes, .ctr or .gcm, as for cryptosoft */
};

static int
aesni_probesession(const struct crypto_session_params *csp)
{
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		if (csp->csp_cipher_alg == CRYPTO_ALG_AES_CBC ||
		    csp->csp_cipher_alg == CRYPTO_ALG_AES_CTR)
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	case CSP_MODE_AEAD:
		if (csp->csp_cipher_alg == CRYPTO_ALG_AES_GCM ||
		    csp->csp_cipher_alg == CRYPTO_ALG_AES_GCM_16)
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	default:
		break;
	}
	return (-EOPNOTSUPP);
}

static int
aesni_newsession(void *softc, const struct crypto_session_params *csp)
{
	struct aesni_session *s = softc;

	s->cx = crypto_xform_lookup(csp->csp_cipher_alg);
	return (crypto_xform_setkey(s->cx, &s->ctx, csp->csp_cipher_key,
	    (size_t)csp->csp_cipher_klen) != 0 ? EINVAL : 0);
}

static void
aesni_freesession(void *softc)
{
	struct aesni_session *s = softc;

	crypto_xform_wipe(&s->ctx);
}

static int
run(const struct aesni_session *s, const struct crypto_session_params *csp,
    const struct cryptop *crp, const uint8_t *iv, struct crypto_region *aad,
    struct crypto_region *pay, uint8_t *icv)
{
	int enc = crp->crp_op == CRYPTO_OP_ENCRYPT;
	uint8_t block[16];

	switch (csp->csp_cipher_alg) {
	case CRYPTO_ALG_AES_CBC:
		memcpy(block, iv, 16);
		return (enc ? aesni_cbc_encrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len) :
		    aesni_cbc_decrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len));
	case CRYPTO_ALG_AES_CTR:
		/* RFC 3686 counter block: nonce (from the key) | IV | 1 */
		memcpy(block, s->ctx.ctr.nonce, 4);
		memcpy(block + 4, iv, 8);
		block[12] = block[13] = block[14] = 0;
		block[15] = 1;
		return (aesni_ctr32_xor(&s->ctx.ctr.aes, block, pay->p, pay->p, pay->len));
	default: {
		uint8_t nonce[12];
		size_t nlen = 12;

		if (csp->csp_cipher_alg == CRYPTO_ALG_AES_GCM_16) {
			memcpy(nonce, s->ctx.gcm.salt, 4);	/* RFC 4106: salt | IV */
			memcpy(nonce + 4, iv, 8);
		} else
			memcpy(nonce, iv, 12);
		return (enc ? aesni_gcm_encrypt(&s->ctx.gcm.gcm, nonce, nlen, aad->p, aad->len,
		    pay->p, pay->len, pay->p, icv, (size_t)csp->csp_auth_mlen) :
		    aesni_gcm_decrypt(&s->ctx.gcm.gcm, nonce, nlen, aad->p, aad->len,
		    pay->p, pay->len, icv, (size_t)csp->csp_auth_mlen, pay->p));
	}
	}
}

static int
aesni_process(void *softc, const struct crypto_session_params *csp, struct cryptop *crp)
{
	struct aesni_session *s = softc;
	struct crypto_region aad, pay;
	uint8_t iv[CRYPTO_MAX_IV], icv[CRYPTO_MAX_ICV];
	int error, rc, aead = csp->csp_mode == CSP_MODE_AEAD;

	if ((error = crypto_check_request(csp, s->cx, NULL, crp)) != 0)
		return (error);
	crypto_read_iv(crp, iv, (size_t)csp->csp_ivlen);
	if ((error = crypto_region_get(crp, crp->crp_aad_start, crp->crp_aad_length, &aad)) != 0)
		return (error);
	if ((error = crypto_region_get(crp, crp->crp_payload_start, crp->crp_payload_length,
	    &pay)) != 0) {
		crypto_region_put(crp, 0, &aad, 0);
		return (error);
	}
	if (aead && crp->crp_op == CRYPTO_OP_DECRYPT)
		crypto_copydata(&crp->crp_buf, crp->crp_digest_start, (size_t)csp->csp_auth_mlen, icv);
	fpu_kern_enter();
	rc = run(s, csp, crp, iv, &aad, &pay, icv);
	fpu_kern_leave();
	if (rc == 0 && aead && crp->crp_op == CRYPTO_OP_ENCRYPT)
		crypto_copyback(&crp->crp_buf, crp->crp_digest_start, (size_t)csp->csp_auth_mlen, icv);
	crypto_region_put(crp, crp->crp_payload_start, &pay, rc == 0);
	crypto_region_put(crp, 0, &aad, 0);
	crp->crp_etype = rc == 0 ? 0 : rc == CRYPTO_EBADMSG ? EBADMSG : EINVAL;
	crypto_done(crp);
	return (0);
}

static const struct crypto_driver aesni_driver = {
	.name = "aesni",
	.flags = CRYPTOCAP_F_HARDWARE,
	.session_size = sizeof(struct aesni_session),
	.probesession = aesni_probesession,
	.newsession = aesni_newsession,
	.freesession = aesni_freesession,
	.process = aesni_process,
};

static void
aesni_attach(const void *dummy __unused)
{
	if (!aesni_available()) {
		if (bootverbose)
			printf("aesni: CPU lacks AES-NI/PCLMULQDQ/SSE4.1; not attached\n");
		return;
	}
	crypto_register_driver(&aesni_driver);
}
SYSINIT(aesni, SI_SUB_DRIVERS, SI_ORDER_THIRD, aesni_attach, NULL);
