/*
 * aesni: the accelerated driver -- AES-CBC, AES-CTR (RFC 3686 and the full
 * 128-bit counter block) and AES-GCM
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
 *
 * It is a module, aesni.ko (kernel/opencrypto/files.mk), as on FreeBSD:
 * aesni_load="YES" in loader.conf (the default image has it) or `kldload
 * aesni`.  Loaded, it takes new sessions by its higher priority; open
 * sessions stay where they are.  It refuses to be unloaded (MOD_QUIESCE:
 * EBUSY) while sessions are open on it; without it, new sessions go to
 * cryptosoft.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/module.h>
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
	return (has_aes && (alg == CRYPTO_ALG_AES_CBC || alg == CRYPTO_ALG_AES_CTR ||
	    alg == CRYPTO_ALG_AES_ICM));
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

/* AES-CBC, AES-CTR or AES-ICM over the payload in place */
static int
aesni_cipher(const void *sess, int enc, const uint8_t *iv, struct crypto_region *pay)
{
	const struct aesni_session *s = sess;
	uint8_t block[16];

	if (s->cx->id == CRYPTO_ALG_AES_CBC) {
		memcpy(block, iv, 16);
		return (enc ? aesni_cbc_encrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len) :
		    aesni_cbc_decrypt(&s->ctx.aes, block, pay->p, pay->p, pay->len));
	}
	if (s->cx->id == CRYPTO_ALG_AES_ICM) {	/* the IV is the counter block */
		memcpy(block, iv, 16);
		return (aesni_ctr128_xor(&s->ctx.aes, block, pay->p, pay->p, pay->len));
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
aesni_aead(const void *sess, const struct crypto_session_params *csp, int enc,
    const uint8_t *iv, struct crypto_region *aad, struct crypto_region *pay, uint8_t *icv)
{
	const struct aesni_session *s = sess;
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
aesni_digest(const void *sess, const struct cryptop *crp, const struct crypto_region *aad,
    const struct crypto_region *pay, uint8_t *out)
{
	const struct aesni_session *s = sess;

	/* The template's hash, or the session's (SHA-NI when there is one). */
	crypto_digest_request(s->ax->kind == CRYPTO_KIND_MAC ? &s->hmac : NULL, s->hash,
	    crp, aad, pay, out);
}

/* The SIMD code runs inside the FPU section the frame opens around the work. */
static const struct crypto_methods aesni_methods = {
	.cipher = aesni_cipher,
	.aead = aesni_aead,
	.digest = aesni_digest,
	.enter = fpu_kern_enter,
	.leave = fpu_kern_leave,
};

static int
aesni_process(void *softc, const struct crypto_session_params *csp, struct cryptop *crp)
{
	const struct aesni_session *s = softc;

	return (crypto_process(&aesni_methods, s, s->cx, csp, crp));
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

static int aesni_id = -1;		/* our driver id, -1 while not registered */

static int
aesni_attach(void)
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
		printf("aesni: no usable instructions (AES-NI, SHA-NI, SSSE3)\n");
		return (ENXIO);
	}
	if ((aesni_id = crypto_register_driver(&aesni_driver)) < 0)
		return (ENOSPC);
	return (0);
}

static int
aesni_modevent(module_t mod __unused, int what, void *arg __unused)
{
	int error;

	switch (what) {
	case MOD_LOAD:
		return (aesni_attach());
	case MOD_QUIESCE:	/* open sessions run our code: they must end first */
		return (crypto_driver_sessions(aesni_id) != 0 ? EBUSY : 0);
	case MOD_UNLOAD:
		if ((error = crypto_unregister_driver(aesni_id)) == 0)
			aesni_id = -1;
		return (error);
	case MOD_SHUTDOWN:
		return (0);
	default:
		return (EOPNOTSUPP);
	}
}

/* After the framework (SI_ORDER_FIRST) and cryptosoft (SECOND), as before. */
static moduledata_t aesni_mod = { "aesni", aesni_modevent, NULL };
DECLARE_MODULE(aesni, aesni_mod, SI_SUB_DRIVERS, SI_ORDER_THIRD);
MODULE_VERSION(aesni, 1);
MODULE_DEPEND(aesni, crypto, 1, 1, 1);
