/*
 * aesni: the accelerated driver -- AES-CBC, AES-CTR (RFC 3686) and AES-GCM
 * (raw and RFC 4106) on AES-NI with PCLMULQDQ; SHA-1 and SHA-256 digests
 * and HMACs on the SHA extensions (SHA-NI); ChaCha20-Poly1305 (raw and RFC
 * 7634) on SSSE3; and encrypt-then-authenticate (AES-CBC/CTR + HMAC) over
 * these, each part where CPUID has it.  Like FreeBSD's aesni(4), one
 * driver for the x86 crypto instructions.  It keys sessions with the
 * portable key schedules (the contexts are shared with crypto/) and runs
 * the SIMD code inside fpu_kern_enter/leave.  It probes above cryptosoft,
 * so the framework prefers it; what it cannot accelerate (SHA-384/512
 * alone, AES on a CPU without AES-NI) it declines and cryptosoft serves.
 * In ETA sessions an HMAC without SHA-NI (SHA-384/512) is the portable
 * one, since the cipher half still gains.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/sysctl.h>
#include <machine/fpu.h>
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/arch/x86_64/shani.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"
#include <opencrypto/cryptodrv.h>

struct aesni_session {
	const struct crypto_xform	*cx;	/* cipher or AEAD, or NULL (digest) */
	const struct crypto_xform	*ax;	/* hash or HMAC, or NULL */
	const crypto_hash_desc		*hash;	/* ax's hash, the SHA-NI one if any */
	crypto_xform_ctx		 ctx;	/* keyed cipher: .aes, .ctr, .gcm or .chacha */
	hmac_ctx			 hmac;	/* keyed HMAC template (MAC only) */
};

static int has_aes, has_sha, has_simd;	/* what CPUID reported at attach */
static int simd_level;			/* enum chacha_simd_level in use */

SYSCTL_INT("kern.crypto.aesni.aes", &has_aes, "AES-NI + PCLMULQDQ used (1) or absent (0)");
SYSCTL_INT("kern.crypto.aesni.sha", &has_sha, "SHA-NI used for SHA-1/SHA-256 (1) or absent (0)");
SYSCTL_INT("kern.crypto.aesni.chacha_simd", &simd_level,
    "ChaCha20 SIMD: 0 none, 1 SSSE3, 2 AVX2 (needs XSAVE enabled by the kernel)");

static int
cipher_ok(int alg)
{
	return (has_aes && (alg == CRYPTO_ALG_AES_CBC || alg == CRYPTO_ALG_AES_CTR));
}

/* a digest we accelerate: SHA-1/SHA-256, plain or HMAC */
static int
sha_ok(int alg)
{
	return (has_sha && (alg == CRYPTO_ALG_SHA1 || alg == CRYPTO_ALG_SHA256 ||
	    alg == CRYPTO_ALG_HMAC_SHA1 || alg == CRYPTO_ALG_HMAC_SHA256));
}

static int
aesni_probesession(const struct crypto_session_params *csp)
{
	int c = csp->csp_cipher_alg;

	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		if (cipher_ok(c))
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	case CSP_MODE_AEAD:
		if (has_aes && (c == CRYPTO_ALG_AES_GCM || c == CRYPTO_ALG_AES_GCM_16))
			return (CRYPTODEV_PROBE_HARDWARE);
		if (has_simd && (c == CRYPTO_ALG_CHACHA20_POLY1305 ||
		    c == CRYPTO_ALG_CHACHA20_POLY1305_ESP))
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	case CSP_MODE_DIGEST:
		if (sha_ok(csp->csp_auth_alg))
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	case CSP_MODE_ETA:
		if (cipher_ok(c))	/* the framework checked auth is an HMAC */
			return (CRYPTODEV_PROBE_HARDWARE);
		break;
	}
	return (-EOPNOTSUPP);
}

static int
aesni_newsession(void *softc, const struct crypto_session_params *csp)
{
	struct aesni_session *s = softc;
	int error = 0;

	s->cx = csp->csp_cipher_alg ? crypto_xform_lookup(csp->csp_cipher_alg) : NULL;
	s->ax = csp->csp_auth_alg ? crypto_xform_lookup(csp->csp_auth_alg) : NULL;
	if (s->cx != NULL && crypto_xform_setkey(s->cx, &s->ctx, csp->csp_cipher_key,
	    (size_t)csp->csp_cipher_klen) != 0)
		return (EINVAL);
	if (s->ax == NULL)
		return (0);
	s->hash = has_sha ? crypto_hash_shani_lookup(s->ax->hash) : NULL;
	if (s->hash == NULL)
		s->hash = s->ax->hash;
	if (s->ax->kind == CRYPTO_KIND_MAC) {
		/* the key pads are hashed with the session's (SHA-NI) hash */
		fpu_kern_enter();
		error = hmac_init(&s->hmac, s->hash, csp->csp_auth_key,
		    (size_t)csp->csp_auth_klen);
		fpu_kern_leave();
	}
	return (error != 0 ? EINVAL : 0);
}

static void
aesni_freesession(void *softc)
{
	struct aesni_session *s = softc;

	crypto_xform_wipe(&s->ctx);
	memset(&s->hmac, 0, sizeof(s->hmac));
}

/* AES-CBC or AES-CTR over the payload in place */
static int
cipher(const struct aesni_session *s, int enc, const uint8_t *iv,
    struct crypto_region *pay)
{
	uint8_t block[16];

	if (s->cx->id == CRYPTO_ALG_AES_CBC) {
		memcpy(block, iv, 16);
		return (enc ? aesni_cbc_encrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len) :
		    aesni_cbc_decrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len));
	}
	/* RFC 3686 counter block: nonce (from the key) | IV | 1 */
	memcpy(block, s->ctx.ctr.nonce, 4);
	memcpy(block + 4, iv, 8);
	block[12] = block[13] = block[14] = 0;
	block[15] = 1;
	return (aesni_ctr32_xor(&s->ctx.ctr.aes, block, pay->p, pay->p, pay->len));
}

/* AES-GCM or ChaCha20-Poly1305 in place; icv in (decrypt) or out */
static int
aead(const struct aesni_session *s, const struct crypto_session_params *csp, int enc,
    const uint8_t *iv, struct crypto_region *aad, struct crypto_region *pay, uint8_t *icv)
{
	const uint8_t *salt = NULL;
	uint8_t nonce[12];
	size_t mlen = (size_t)csp->csp_auth_mlen;
	int id = s->cx->id;

	if (id == CRYPTO_ALG_AES_GCM_16)
		salt = s->ctx.gcm.salt;
	else if (id == CRYPTO_ALG_CHACHA20_POLY1305_ESP)
		salt = s->ctx.chacha.salt;
	if (salt != NULL) {			/* RFC 4106/7634: salt | IV */
		memcpy(nonce, salt, 4);
		memcpy(nonce + 4, iv, 8);
	} else
		memcpy(nonce, iv, 12);
	if (id == CRYPTO_ALG_AES_GCM || id == CRYPTO_ALG_AES_GCM_16)
		return (enc ? aesni_gcm_encrypt(&s->ctx.gcm.gcm, nonce, 12, aad->p, aad->len,
		    pay->p, pay->len, pay->p, icv, mlen) :
		    aesni_gcm_decrypt(&s->ctx.gcm.gcm, nonce, 12, aad->p, aad->len,
		    pay->p, pay->len, icv, mlen, pay->p));
	return (enc ? chacha20_poly1305_simd_encrypt(s->ctx.chacha.key, 32, nonce, 12,
	    aad->p, aad->len, pay->p, pay->len, pay->p, icv, mlen) :
	    chacha20_poly1305_simd_decrypt(s->ctx.chacha.key, 32, nonce, 12,
	    aad->p, aad->len, pay->p, pay->len, icv, mlen, pay->p));
}

/* hash or HMAC over AAD, payload (and crp_esn): the full digest into out */
static void
digest(const struct aesni_session *s, const struct cryptop *crp,
    const struct crypto_region *aad, const struct crypto_region *pay, uint8_t *out)
{
	size_t esnlen = (crp->crp_flags & CRYPTO_F_ESN) ? sizeof(crp->crp_esn) : 0;

	if (s->ax->kind == CRYPTO_KIND_MAC) {
		hmac_ctx h = s->hmac;		/* the keyed template */

		hmac_update(&h, aad->p, aad->len);
		hmac_update(&h, pay->p, pay->len);
		hmac_update(&h, crp->crp_esn, esnlen);
		hmac_final(&h, out);		/* wipes h */
	} else {
		crypto_hash_ctx h;

		s->hash->init(&h);
		s->hash->update(&h, aad->p, aad->len);
		s->hash->update(&h, pay->p, pay->len);
		s->hash->update(&h, crp->crp_esn, esnlen);
		s->hash->final(&h, out);
	}
}

/* compute (encrypt/compute) or check (decrypt/verify: icv holds the wanted one) */
static int
digest_op(const struct aesni_session *s, const struct crypto_session_params *csp,
    const struct cryptop *crp, int check, const struct crypto_region *aad,
    const struct crypto_region *pay, uint8_t *icv)
{
	uint8_t full[CRYPTO_HASH_MAX_DIGEST];
	int rc = 0;

	digest(s, crp, aad, pay, full);
	if (check)
		rc = timingsafe_bcmp(full, icv, (size_t)csp->csp_auth_mlen) ? CRYPTO_EBADMSG : 0;
	else
		memcpy(icv, full, (size_t)csp->csp_auth_mlen);
	memset(full, 0, sizeof(full));
	return (rc);
}

/* The request's work, inside the FPU section; *written: payload changed. */
static int
run(const struct aesni_session *s, const struct crypto_session_params *csp,
    const struct cryptop *crp, const uint8_t *iv, struct crypto_region *aad,
    struct crypto_region *pay, uint8_t *icv, int *written)
{
	int enc = crp->crp_op == CRYPTO_OP_ENCRYPT, rc;

	*written = 0;
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		*written = 1;
		return (cipher(s, enc, iv, pay));
	case CSP_MODE_AEAD:
		rc = aead(s, csp, enc, iv, aad, pay, icv);
		*written = rc == 0;
		return (rc);
	case CSP_MODE_DIGEST:
		return (digest_op(s, csp, crp, crp->crp_op == CRYPTO_OP_VERIFY_DIGEST, aad, pay, icv));
	case CSP_MODE_ETA:
		if (enc) {
			if ((rc = cipher(s, 1, iv, pay)) != 0)
				return (rc);
			*written = 1;
			return (digest_op(s, csp, crp, 0, aad, pay, icv));	/* over the ciphertext */
		}
		if ((rc = digest_op(s, csp, crp, 1, aad, pay, icv)) != 0)
			return (rc);			/* nothing decrypted */
		*written = 1;
		return (cipher(s, 0, iv, pay));
	}
	return (CRYPTO_EINVAL);
}

static int
aesni_process(void *softc, const struct crypto_session_params *csp, struct cryptop *crp)
{
	struct aesni_session *s = softc;
	struct crypto_region aad, pay;
	uint8_t iv[CRYPTO_MAX_IV], icv[CRYPTO_MAX_ICV];
	int error, rc, written, icv_in, icv_out;

	if ((error = crypto_check_request(csp, s->cx, s->ax, crp)) != 0)
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
	fpu_kern_enter();
	rc = run(s, csp, crp, iv, &aad, &pay, icv, &written);
	fpu_kern_leave();
	/* the payload goes back before the ICV: the digest covers it */
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
	has_aes = aesni_available();
	has_sha = shani_available();
	simd_level = chacha_simd_level();
	has_simd = simd_level >= CHACHA_SIMD_SSSE3;
	if (bootverbose)
		printf("aesni: AES-NI/PCLMULQDQ %s, SHA-NI %s, ChaCha20 SIMD %s\n",
		    has_aes ? "yes" : "no", has_sha ? "yes" : "no",
		    simd_level == CHACHA_SIMD_AVX2 ? "AVX2" : has_simd ? "SSSE3" : "no");
	if (!has_aes && !has_sha && !has_simd) {
		if (bootverbose)
			printf("aesni: no usable instructions; not attached\n");
		return;
	}
	crypto_register_driver(&aesni_driver);
}
SYSINIT(aesni, SI_SUB_DRIVERS, SI_ORDER_THIRD, aesni_attach, NULL);
