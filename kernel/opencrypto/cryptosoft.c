/*
 * cryptosoft: the portable software driver, over crypto/'s algorithm table
 * (crypto/xform.h).  It serves every session the framework accepts, at low
 * priority, so an accelerated driver wins where it can; its primitives run
 * in the common process() frame (crypto_request.c), which bounces regions
 * that are not contiguous and verifies an ICV (in constant time) before
 * any plaintext is written.  Portable (crypto_platform.h): the kernel
 * registers it (crypto.c), and the host framework of the IPsec tests runs
 * every request through it (tests/host/lib/crypto_host.c).
 *
 * Test hook: cryptosoft_busy_every (kernel: debug.crypto.soft_busy_every)
 * makes every Nth request answer busy, to exercise the requeueing.
 */
#include <string.h>
#include <sys/errno.h>
#include "crypto/cryptodefs.h"
#include <opencrypto/cryptodrv.h>

struct swcr_session {
	const struct crypto_xform	*cx;	/* cipher or AEAD, or NULL */
	const struct crypto_xform	*ax;	/* hash or HMAC, or NULL */
	crypto_xform_ctx		 cctx;	/* keyed cipher state */
	crypto_xform_ctx		 actx;	/* keyed HMAC template */
};

uint64_t cryptosoft_busy_every;
static uint64_t busy_count;

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

static int
swcr_cipher(const void *sess, int enc, const uint8_t *iv, struct crypto_region *pay)
{
	const struct swcr_session *s = sess;

	return (enc ? s->cx->encrypt(&s->cctx, iv, pay->p, pay->p, pay->len) :
	    s->cx->decrypt(&s->cctx, iv, pay->p, pay->p, pay->len));
}

static int
swcr_aead(const void *sess, const struct crypto_session_params *csp, int enc,
    const uint8_t *iv, struct crypto_region *aad, struct crypto_region *pay, uint8_t *icv)
{
	const struct swcr_session *s = sess;

	(void)csp;
	return (enc ? s->cx->aead_encrypt(&s->cctx, iv, aad->p, aad->len, pay->p, pay->len,
	    pay->p, icv) : s->cx->aead_decrypt(&s->cctx, iv, aad->p, aad->len, pay->p,
	    pay->len, icv, pay->p));
}

static void
swcr_digest(const void *sess, const struct cryptop *crp, const struct crypto_region *aad,
    const struct crypto_region *pay, uint8_t *out)
{
	const struct swcr_session *s = sess;

	crypto_digest_request(s->ax->kind == CRYPTO_KIND_MAC ? &s->actx.hmac : NULL,
	    s->ax->hash, crp, aad, pay, out);
}

static const struct crypto_methods swcr_methods = {
	.cipher = swcr_cipher,
	.aead = swcr_aead,
	.digest = swcr_digest,
};

static int
swcr_process(void *softc, const struct crypto_session_params *csp, struct cryptop *crp)
{
	const struct swcr_session *s = softc;

	if (cryptosoft_busy_every != 0 && __atomic_add_fetch(&busy_count, 1,
	    __ATOMIC_RELAXED) % cryptosoft_busy_every == 0)
		return (ERESTART);
	return (crypto_process(&swcr_methods, s, s->cx, csp, crp));
}

const struct crypto_driver cryptosoft_driver = {
	.name = "cryptosoft",
	.flags = CRYPTOCAP_F_SOFTWARE,
	.session_size = sizeof(struct swcr_session),
	.probesession = swcr_probesession,
	.newsession = swcr_newsession,
	.freesession = swcr_freesession,
	.process = swcr_process,
};
