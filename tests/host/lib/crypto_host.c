/*
 * The crypto framework's consumer API (kernel/opencrypto/cryptodev.h) for
 * host programs: sessions and requests over the portable algorithms in
 * crypto/ (crypto/xform.h), so the IPsec datapath (net/ipsec/xform_esp.c,
 * xform_ah.c) runs unchanged in host unit tests and fuzzers.
 *
 * It follows kernel/opencrypto/crypto.c (session parameter checks, request
 * region checks) and cryptosoft.c (what each mode computes):
 *   CIPHER  payload encrypted/decrypted in place with the IV;
 *   AEAD    aad and payload through the AEAD, ICV at crp_digest_start;
 *           decryption verifies first and writes nothing on failure;
 *   DIGEST  hash/HMAC of aad ‖ payload (‖ crp_esn with CRYPTO_F_ESN),
 *           written at crp_digest_start (COMPUTE) or compared in constant
 *           time (VERIFY);
 *   ETA     encrypt then HMAC of aad ‖ ciphertext (‖ crp_esn); decryption
 *           verifies the HMAC before decrypting anything.
 * A failed verification is EBADMSG, anything else EINVAL.
 *
 * Requests are queued by crypto_dispatch() and run, callbacks included, by
 * crypto_host_drain(), which the test calls without the net lock: the
 * datapath dispatches with the lock held and its callbacks take it, and
 * the host net lock (tests/host/lib/net_host.c) aborts on recursion.  So
 * every request here is "queued" in the framework's sense.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/net_errno.h"
#include "crypto/cryptodefs.h"
#include "crypto/timingsafe.h"
#include "opencrypto/cryptodev.h"
#include "tests/host/lib/crypto_host.h"

#ifndef EBADMSG
#define EBADMSG		89	/* as net/ipsec/ipsec_var.h: "ICV did not verify" */
#endif

struct crypto_session {
	struct crypto_session_params csp;	/* copy; keys point into ckey/akey */
	const struct crypto_xform *cx;		/* cipher or AEAD, or NULL */
	const struct crypto_xform *ax;		/* hash or HMAC, or NULL */
	crypto_xform_ctx cctx;			/* keyed cipher state */
	crypto_xform_ctx actx;			/* keyed HMAC template */
	uint8_t		 ckey[64];		/* the session's own key copies */
	uint8_t		 akey[128];
};

static struct cryptop *q_head, *q_tail;	/* requests waiting for a drain */
static struct crypto_host_stats cstats;

const struct crypto_host_stats *
crypto_host_stats(void)
{
	return (&cstats);
}

int
crypto_newsession(crypto_session_t *sidp, const struct crypto_session_params *csp, int crid)
{
	const struct crypto_xform *cx, *ax;
	struct crypto_session *s;
	int error;

	*sidp = NULL;
	if ((crid & (CRYPTOCAP_F_SOFTWARE | CRYPTOCAP_F_HARDWARE)) == 0)
		return (EOPNOTSUPP);
	if ((error = crypto_check_params(csp, &cx, &ax)) != 0)
		return (error);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return (ENOMEM);
	s->csp = *csp;
	s->cx = cx;
	s->ax = ax;
	if (cx != NULL && csp->csp_cipher_klen > 0)
		memcpy(s->ckey, csp->csp_cipher_key, (size_t)csp->csp_cipher_klen);
	if (ax != NULL && csp->csp_auth_klen > 0)
		memcpy(s->akey, csp->csp_auth_key, (size_t)csp->csp_auth_klen);
	s->csp.csp_cipher_key = s->ckey;
	s->csp.csp_auth_key = s->akey;
	if (s->csp.csp_auth_mlen == 0 && csp->csp_mode != CSP_MODE_CIPHER)
		s->csp.csp_auth_mlen = csp->csp_mode == CSP_MODE_AEAD ? cx->icv_size : ax->icv_size;
	if ((cx != NULL && crypto_xform_setkey(cx, &s->cctx, s->ckey,
	    (size_t)csp->csp_cipher_klen) != 0) ||
	    (ax != NULL && ax->kind == CRYPTO_KIND_MAC && crypto_xform_setkey(ax, &s->actx,
	    s->akey, (size_t)csp->csp_auth_klen) != 0)) {
		memset(s, 0, sizeof(*s));
		free(s);
		return (EINVAL);
	}
	cstats.sessions++;
	*sidp = s;
	return (0);
}

void
crypto_freesession(crypto_session_t s)
{
	if (s == NULL)
		return;
	crypto_xform_wipe(&s->cctx);
	crypto_xform_wipe(&s->actx);
	memset(s, 0, sizeof(*s));
	free(s);
	cstats.sessions--;
}

const char *
crypto_session_driver(crypto_session_t sid)
{
	(void)sid;
	return ("cryptohost");
}

int
crypto_find_driver(const char *name)
{
	return (strcmp(name, "cryptohost") == 0 ? 0x100 : -1);
}

/* --- buffers ------------------------------------------------------------ */

size_t
crypto_buffer_len(const struct crypto_buffer *cb)
{
	const struct crypto_seg *s;
	size_t n = 0;

	if (cb->cb_type == CRYPTO_BUF_CONTIG)
		return (cb->cb_contig.len);
	for (s = cb->cb_chain; s != NULL; s = s->next)
		n += s->len;
	return (n);
}

/* Copies [off, off+len) of cb out to p (out != 0) or in from p. */
static void
buf_copy(const struct crypto_buffer *cb, size_t off, size_t len, uint8_t *p, int out)
{
	const struct crypto_seg *s;
	size_t n;

	if (off > crypto_buffer_len(cb) || len > crypto_buffer_len(cb) - off)
		abort();	/* requests are checked first: a shim bug */
	if (cb->cb_type == CRYPTO_BUF_CONTIG) {
		if (out)
			memcpy(p, cb->cb_contig.buf + off, len);
		else
			memcpy(cb->cb_contig.buf + off, p, len);
		return;
	}
	for (s = cb->cb_chain; s != NULL && len > 0; s = s->next) {
		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		n = s->len - off < len ? s->len - off : len;
		if (out)
			memcpy(p, s->data + off, n);
		else
			memcpy(s->data + off, p, n);
		p += n;
		len -= n;
		off = 0;
	}
}

void
crypto_copydata(const struct crypto_buffer *cb, size_t off, size_t len, void *out)
{
	buf_copy(cb, off, len, out, 1);
}

void
crypto_copyback(const struct crypto_buffer *cb, size_t off, size_t len, const void *in)
{
	buf_copy(cb, off, len, (uint8_t *)(uintptr_t)in, 0);
}

uint8_t *
crypto_contiguous(const struct crypto_buffer *cb, size_t off, size_t len)
{
	const struct crypto_seg *s;

	if (off > crypto_buffer_len(cb) || len > crypto_buffer_len(cb) - off)
		return (NULL);
	if (cb->cb_type == CRYPTO_BUF_CONTIG)
		return (cb->cb_contig.buf + off);
	for (s = cb->cb_chain; s != NULL; s = s->next) {
		if (off < s->len)
			return (len <= s->len - off ? s->data + off : NULL);
		off -= s->len;
	}
	return (NULL);
}

/* --- requests ----------------------------------------------------------- */

static int
range_ok(size_t start, size_t len, size_t buflen)
{
	return (start <= buflen && len <= buflen - start);
}

/* The region and operation rules of crypto.c's crypto_check_request. */
static int
check_request(const struct crypto_session *s, const struct cryptop *crp)
{
	const struct crypto_session_params *csp = &s->csp;
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
		if (s->cx->block_size > 1 && (crp->crp_payload_length == 0 ||
		    crp->crp_payload_length % s->cx->block_size != 0))
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

int
crypto_dispatch(struct cryptop *crp)
{
	int error;

	if (crp == NULL || crp->crp_session == NULL || crp->crp_callback == NULL)
		return (EINVAL);
	if ((error = check_request(crp->crp_session, crp)) != 0) {
		cstats.refused++;
		return (error);
	}
	crp->crp_flags &= ~CRYPTO_F_DONE;
	crp->crp_next = NULL;
	if (q_tail != NULL)
		q_tail->crp_next = crp;
	else
		q_head = crp;
	q_tail = crp;
	cstats.pending++;
	cstats.dispatched++;
	return (0);
}

void
crypto_done(struct cryptop *crp)
{
	crp->crp_flags |= CRYPTO_F_DONE;
	cstats.done++;
	crp->crp_callback(crp);
}

/* HMAC or hash of a ‖ b (‖ crp_esn), truncated to mlen bytes. */
static void
digest(const struct crypto_session *s, const struct cryptop *crp, const uint8_t *a,
    size_t alen, const uint8_t *b, size_t blen, uint8_t *out)
{
	size_t esnlen = (crp->crp_flags & CRYPTO_F_ESN) ? sizeof(crp->crp_esn) : 0;
	uint8_t full[CRYPTO_HASH_MAX_DIGEST];

	if (s->ax->kind == CRYPTO_KIND_MAC) {
		hmac_ctx h = s->actx.hmac;

		hmac_update(&h, a, alen);
		hmac_update(&h, b, blen);
		hmac_update(&h, crp->crp_esn, esnlen);
		hmac_final(&h, full);
		memset(&h, 0, sizeof(h));
	} else {
		crypto_hash_ctx h;

		s->ax->hash->init(&h);
		s->ax->hash->update(&h, a, alen);
		s->ax->hash->update(&h, b, blen);
		s->ax->hash->update(&h, crp->crp_esn, esnlen);
		s->ax->hash->final(&h, full);
	}
	memcpy(out, full, (size_t)s->csp.csp_auth_mlen);
	memset(full, 0, sizeof(full));
}

/*
 * Runs one request over flat copies of its AAD and payload (so chains and
 * flat buffers take the same path) and writes back only what the mode
 * produces.  Returns 0, CRYPTO_EBADMSG or CRYPTO_EINVAL.
 */
static int
process(const struct crypto_session *s, struct cryptop *crp)
{
	const struct crypto_session_params *csp = &s->csp;
	size_t alen = crp->crp_aad_length, plen = crp->crp_payload_length;
	uint8_t iv[CRYPTO_MAX_IV], icv[CRYPTO_MAX_ICV], want[CRYPTO_MAX_ICV];
	uint8_t *aad = malloc(alen + 1), *pay = malloc(plen + 1);
	int enc = crp->crp_op == CRYPTO_OP_ENCRYPT, rc = 0, written = 0, mlen = csp->csp_auth_mlen;

	if (aad == NULL || pay == NULL)
		abort();
	if (csp->csp_ivlen > 0) {
		if (crp->crp_flags & CRYPTO_F_IV_SEPARATE)
			memcpy(iv, crp->crp_iv, (size_t)csp->csp_ivlen);
		else
			crypto_copydata(&crp->crp_buf, crp->crp_iv_start, (size_t)csp->csp_ivlen, iv);
	}
	crypto_copydata(&crp->crp_buf, crp->crp_aad_start, alen, aad);
	crypto_copydata(&crp->crp_buf, crp->crp_payload_start, plen, pay);
	switch (csp->csp_mode) {
	case CSP_MODE_CIPHER:
		rc = enc ? s->cx->encrypt(&s->cctx, iv, pay, pay, plen) :
		    s->cx->decrypt(&s->cctx, iv, pay, pay, plen);
		written = 1;
		break;
	case CSP_MODE_AEAD:
		if (enc) {
			rc = s->cx->aead_encrypt(&s->cctx, iv, aad, alen, pay, plen, pay, icv);
			if (rc == 0)
				crypto_copyback(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, icv);
			written = 1;
		} else {
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, icv);
			rc = s->cx->aead_decrypt(&s->cctx, iv, aad, alen, pay, plen, icv, pay);
			written = 1;
		}
		break;
	case CSP_MODE_DIGEST:
		digest(s, crp, aad, alen, pay, plen, icv);
		if (crp->crp_op == CRYPTO_OP_COMPUTE_DIGEST)
			crypto_copyback(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, icv);
		else {
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, want);
			if (timingsafe_bcmp(icv, want, (size_t)mlen) != 0)
				rc = CRYPTO_EBADMSG;
		}
		break;
	case CSP_MODE_ETA:
		if (enc) {
			rc = s->cx->encrypt(&s->cctx, iv, pay, pay, plen);
			if (rc == 0) {
				digest(s, crp, aad, alen, pay, plen, icv);	/* over the ciphertext */
				crypto_copyback(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, icv);
			}
			written = 1;
		} else {
			digest(s, crp, aad, alen, pay, plen, icv);
			crypto_copydata(&crp->crp_buf, crp->crp_digest_start, (size_t)mlen, want);
			if (timingsafe_bcmp(icv, want, (size_t)mlen) != 0)
				rc = CRYPTO_EBADMSG;		/* nothing decrypted */
			else {
				rc = s->cx->decrypt(&s->cctx, iv, pay, pay, plen);
				written = 1;
			}
		}
		break;
	}
	if (written && rc == 0)
		crypto_copyback(&crp->crp_buf, crp->crp_payload_start, plen, pay);
	memset(aad, 0, alen);
	memset(pay, 0, plen);
	free(aad);
	free(pay);
	memset(iv, 0, sizeof(iv));
	memset(icv, 0, sizeof(icv));
	return (rc);
}

int
crypto_host_drain(void)
{
	struct cryptop *crp;
	int rc, n = 0;

	while ((crp = q_head) != NULL) {
		q_head = crp->crp_next;
		if (q_head == NULL)
			q_tail = NULL;
		crp->crp_next = NULL;
		cstats.pending--;
		rc = process(crp->crp_session, crp);
		if (rc == CRYPTO_EBADMSG)
			cstats.badmsg++;
		crp->crp_etype = rc == 0 ? 0 : rc == CRYPTO_EBADMSG ? EBADMSG : EINVAL;
		crypto_done(crp);		/* may queue more (echo replies) */
		n++;
	}
	return (n);
}
