/*
 * ESP (RFC 4303) over the crypto framework: request halves esp_output /
 * esp_input and callback halves esp_output_cb / esp_input_cb, as in
 * FreeBSD's xform_esp.c.
 *
 * Algorithms (the SA's, checked by ipsec_xform.c when it was added):
 *   AES-GCM-16 (RFC 4106) and ChaCha20-Poly1305 (RFC 7634): AEAD; 8-byte
 *     IV = the 64-bit sequence number (unique per SA, as both RFCs allow);
 *     AAD = SPI | sequence (| high sequence bits first with ESN);
 *   AES-CBC (RFC 3602) with HMAC-SHA-2 (RFC 4868): encrypt-then-MAC; a
 *     random IV; the ICV covers SPI | sequence | IV | ciphertext;
 *   NULL (RFC 2410) with HMAC: authentication only.
 * With ESN the high 32 bits of the sequence number are authenticated but
 * never sent: in the AEAD's AAD (RFC 4106 5, RFC 7634 2.1), or hashed after
 * the trailer by the HMAC (RFC 4303 2.2.1; the framework's CRYPTO_F_ESN).
 *
 * The crypto session is made on first use and freed with the SA's last
 * reference (esp_zeroize_session), so requests in flight keep it valid.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/mbuf.h"
#include "net/ip.h"
#include "net/ip_var.h"
#include "net/ipsec/esp.h"
#include "net/ipsec/key.h"
#include "net/ipsec/ipsec_var.h"
#include <opencrypto/cryptodev.h>

#define IPPROTO_NONE	59	/* no next header */

struct xformstat espstat;

/* The SA's crypto set-up, in sav->tdb_priv. */
struct esp_priv {
	crypto_session_t cses;		/* the crypto session */
	enum csp_mode	 mode;		/* AEAD, ETA, DIGEST or CIPHER */
	int		 ivlen;		/* IV bytes in each packet */
	int		 icvlen;	/* ICV bytes at the end */
	int		 blk;		/* payload+trailer alignment */
	int		 aead;		/* AEAD algorithm */
};

/* One packet in flight. */
struct esp_req {
	struct cryptop	 crp;		/* first: the callback gets &crp */
	struct mbuf	*m;		/* the packet, linearized */
	struct secasvar	*sav;		/* referenced */
	struct ipsec_outctx ctx;	/* output: where the policy stands */
	int		 skip;		/* IP header length */
	int		 plen;		/* input: payload+padding+trailer bytes */
	uint64_t	 seq;		/* full sequence number */
	int		 esn_aad;	/* AAD was rearranged for ESN */
	uint8_t		 saved[4];	/* bytes the ESN AAD borrowed */
};

static void
esp_req_free(struct esp_req *r)
{
	if (r->m != NULL)
		m_freem(r->m);
	key_freesav(&r->sav);
	net_free(r);
}

void
esp_zeroize_session(struct secasvar *sav)
{
	struct esp_priv *ep = sav->tdb_priv;

	/* Unlinked but still referenced by requests in flight: keep it. */
	if (ep == NULL || sav->refcnt > 1)
		return;
	crypto_freesession(ep->cses);
	memset(ep, 0, sizeof(*ep));
	net_free(ep);
	sav->tdb_priv = NULL;
}

static struct esp_priv *
esp_priv(struct secasvar *sav)
{
	const struct ipsec_alg *enc = sav->tdb_encalg, *auth = sav->tdb_authalg;
	struct crypto_session_params csp;
	struct esp_priv *ep;

	if (sav->tdb_priv != NULL)
		return (sav->tdb_priv);
	if (enc == NULL || (enc->crypto_id == CRYPTO_ALG_NULL && auth == NULL))
		return (NULL);
	if ((ep = net_malloc(sizeof(*ep))) == NULL)
		return (NULL);
	memset(&csp, 0, sizeof(csp));
	ep->aead = enc->aead;
	ep->ivlen = enc->ivlen;
	ep->blk = enc->crypto_id == CRYPTO_ALG_AES_CBC ? 16 : 4;
	if (enc->aead) {
		csp.csp_mode = CSP_MODE_AEAD;
		ep->icvlen = enc->icvlen;
	} else if (enc->crypto_id == CRYPTO_ALG_NULL)
		csp.csp_mode = CSP_MODE_DIGEST;
	else
		csp.csp_mode = auth != NULL ? CSP_MODE_ETA : CSP_MODE_CIPHER;
	if (csp.csp_mode != CSP_MODE_DIGEST) {
		csp.csp_cipher_alg = enc->crypto_id;
		csp.csp_cipher_key = sav->key_enc.data;
		csp.csp_cipher_klen = sav->key_enc.len;
		csp.csp_ivlen = ep->ivlen;
	}
	if (!enc->aead && auth != NULL) {
		csp.csp_auth_alg = auth->crypto_id;
		csp.csp_auth_key = sav->key_auth.data;
		csp.csp_auth_klen = sav->key_auth.len;
		csp.csp_auth_mlen = auth->icvlen;
		ep->icvlen = auth->icvlen;
	} else if (enc->aead)
		csp.csp_auth_mlen = ep->icvlen;
	ep->mode = csp.csp_mode;
	if (crypto_newsession(&ep->cses, &csp, CRYPTOCAP_F_HARDWARE | CRYPTOCAP_F_SOFTWARE) != 0) {
		net_free(ep);
		return (NULL);
	}
	sav->tdb_priv = ep;
	return (ep);
}



/*
 * Fills in the request's regions over buf = [IP][SPI][seq][IV][data][ICV].
 * With ESN and AEAD the AAD must read SPI | seq_hi | seq_lo: the SPI is
 * copied into the four bytes before the ESP header (the end of the IP
 * header, saved and restored by the callback) and seq_hi put where the
 * SPI was, so the AAD is one contiguous run.
 */
static void
esp_setup_regions(struct esp_req *r, const struct esp_priv *ep, uint8_t *buf,
    int datalen, int total)
{
	struct cryptop *crp = &r->crp;
	int skip = r->skip;

	crp->crp_buf.cb_type = CRYPTO_BUF_CONTIG;
	crp->crp_buf.cb_contig.buf = buf;
	crp->crp_buf.cb_contig.len = (size_t)total;
	crp->crp_aad_start = (size_t)skip;
	crp->crp_aad_length = ESP_HDR_LEN;
	if (ep->mode == CSP_MODE_ETA || ep->mode == CSP_MODE_DIGEST)
		crp->crp_aad_length += (size_t)ep->ivlen;	/* the ICV covers the IV */
	crp->crp_iv_start = (size_t)(skip + ESP_HDR_LEN);
	crp->crp_payload_start = (size_t)(skip + ESP_HDR_LEN + ep->ivlen);
	crp->crp_payload_length = (size_t)datalen;
	crp->crp_digest_start = crp->crp_payload_start + (size_t)datalen;
	if (!ep->aead && r->sav->replay.esn) {	/* the HMAC covers seq_hi last */
		crp->crp_flags |= CRYPTO_F_ESN;
		ipsec_put32(crp->crp_esn, (uint32_t)(r->seq >> 32));
	}
	if (ep->aead && r->sav->replay.esn) {
		memcpy(r->saved, buf + skip - 4, 4);
		memcpy(buf + skip - 4, buf + skip, 4);		/* SPI */
		ipsec_put32(buf + skip, (uint32_t)(r->seq >> 32));	/* seq_hi */
		crp->crp_aad_start = (size_t)(skip - 4);
		crp->crp_aad_length = 12;
		r->esn_aad = 1;
	}
}

static void
esp_restore_aad(struct esp_req *r, uint8_t *buf)
{
	if (!r->esn_aad)
		return;
	memcpy(buf + r->skip, buf + r->skip - 4, 4);	/* SPI back */
	memcpy(buf + r->skip - 4, r->saved, 4);
	r->esn_aad = 0;
}

/* --- output ------------------------------------------------------------- */

static int
esp_output_cb(struct cryptop *crp)
{
	struct esp_req *r = (struct esp_req *)crp;
	struct ipsec_outctx ctx = r->ctx;
	struct secasvar *sav = r->sav;
	struct mbuf *m = r->m;
	int etype = crp->crp_etype;	/* crp lives in r, freed below */
	int locked = ipsec_cb_begin();

	esp_restore_aad(r, mtod(m, uint8_t *));
	r->m = NULL;
	r->sav = NULL;
	net_free(r);
	if (etype != 0) {
		espstat.crypto++;
		m_freem(m);
		m = NULL;
	} else {
		espstat.output++;
		sav->stats.opackets++;
	}
	ipsec_output_done(m, sav, &ctx);	/* sends or applies the next request */
	ipsec_cb_end(locked);
	return (0);
}

/*
 * Protects m = [IP header (skip bytes)][payload]: builds
 * [IP][ESP][IV][payload][pad][trailer][ICV] and submits it.  Consumes m,
 * the reference on sav and ctx's policy reference in every case.
 * Returns 0 when submitted, else an errno (dropped, counted).
 */
int
esp_output(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx, int skip)
{
	struct mbuf *n;
	struct esp_priv *ep = esp_priv(sav);
	struct esp_req *r = NULL;
	int plen, padded, padlen, total, i, error;
	uint8_t *buf, nxt;
	struct ip *ip;
	uint64_t seq;

	if (ep == NULL) {
		espstat.noxform++;
		error = EINVAL;
		goto drop;
	}
	plen = m->m_pkthdr.len - skip;
	padded = (plen + ESP_TRAILER_LEN + ep->blk - 1) / ep->blk * ep->blk;
	padlen = padded - plen - ESP_TRAILER_LEN;
	total = skip + ESP_HDR_LEN + ep->ivlen + padded + ep->icvlen;
	if (total > IP_MAXPACKET || total > MJUM9BYTES) {
		espstat.toobig++;
		error = EMSGSIZE;
		goto drop;
	}
	if (ipsec_nextseq(sav, &seq) != 0) {
		espstat.wrap++;
		error = EOVERFLOW;
		goto drop;
	}
	if ((r = net_malloc(sizeof(*r))) == NULL) {
		ipsecstat.ips_nomem++;
		error = ENOBUFS;
		goto drop;
	}
	/* Room for the ESP header, IV, padding, trailer and ICV. */
	if ((n = ipsec_linearize(m, total - skip - plen)) == NULL) {
		m = NULL;
		error = ENOBUFS;
		goto drop;
	}
	m = n;
	buf = mtod(m, uint8_t *);
	memmove(buf + skip + ESP_HDR_LEN + ep->ivlen, buf + skip, (size_t)plen);
	ip = (struct ip *)buf;
	nxt = ip->ip_p;
	ip->ip_p = IPPROTO_ESP;
	ip->ip_len = htons((uint16_t)total);
	memcpy(buf + skip, &sav->spi, 4);
	ipsec_put32(buf + skip + 4, (uint32_t)seq);
	if (ep->aead || ep->ivlen == 8) {	/* counter modes: the sequence number */
		ipsec_put32(buf + skip + ESP_HDR_LEN, (uint32_t)(seq >> 32));
		ipsec_put32(buf + skip + ESP_HDR_LEN + 4, (uint32_t)seq);
	} else
		for (i = 0; i < ep->ivlen; i += 4) {
			uint32_t v = net_random();

			memcpy(buf + skip + ESP_HDR_LEN + i, &v, 4);
		}
	for (i = 0; i < padlen; i++)		/* RFC 4303 2.4: 1, 2, 3, ... */
		buf[skip + ESP_HDR_LEN + ep->ivlen + plen + i] = (uint8_t)(i + 1);
	buf[skip + ESP_HDR_LEN + ep->ivlen + plen + padlen] = (uint8_t)padlen;
	buf[skip + ESP_HDR_LEN + ep->ivlen + plen + padlen + 1] = nxt;
	m->m_len = m->m_pkthdr.len = total;
	sav->stats.obytes += (uint64_t)plen;
	espstat.obytes += (uint64_t)plen;
	key_sa_recordxfer(sav, (uint64_t)plen);

	r->m = m;
	r->sav = sav;
	r->ctx = *ctx;
	r->skip = skip;
	r->seq = seq;
	r->crp.crp_session = ep->cses;
	r->crp.crp_op = ep->mode == CSP_MODE_DIGEST ? CRYPTO_OP_COMPUTE_DIGEST :
	    CRYPTO_OP_ENCRYPT;
	r->crp.crp_callback = esp_output_cb;
	esp_setup_regions(r, ep, buf, padded, total);
	if (ep->mode == CSP_MODE_DIGEST) {	/* NULL cipher: the data is authenticated only */
		r->crp.crp_aad_length += (size_t)padded;
		r->crp.crp_payload_start = r->crp.crp_digest_start;
		r->crp.crp_payload_length = 0;
	}
	if ((error = ipsec_crypto_dispatch(&r->crp)) != 0) {
		espstat.crypto++;
		esp_restore_aad(r, buf);
		r->sav = NULL;		/* the caller's reference goes below */
		r->m = NULL;
		net_free(r);
		r = NULL;
		goto drop;
	}
	return (0);

drop:
	if (r != NULL)
		net_free(r);
	if (m != NULL)
		m_freem(m);
	ipsec_output_done(NULL, sav, ctx);
	return (error);
}

/* --- input -------------------------------------------------------------- */

static int
esp_input_cb(struct cryptop *crp)
{
	struct esp_req *r = (struct esp_req *)crp;
	struct secasvar *sav = r->sav;
	const struct esp_priv *ep;
	struct mbuf *m = r->m;
	uint8_t *buf = mtod(m, uint8_t *), padlen, nxt;
	int skip = r->skip, datalen, i, tunnel;
	int locked = ipsec_cb_begin();

	esp_restore_aad(r, buf);
	ep = sav->tdb_priv;
	if (crp->crp_etype == EBADMSG) {
		espstat.badauth++;
		sav->stats.authfail++;
		goto drop;
	}
	if (crp->crp_etype != 0 || ep == NULL) {
		espstat.crypto++;
		goto drop;
	}
	/* Only now that the ICV verified may the window move (RFC 4303 3.4.3). */
	if (ipsec_updatereplay(sav, r->seq) != 0) {
		espstat.replay++;
		sav->stats.replay++;
		goto drop;
	}
	padlen = buf[skip + ESP_HDR_LEN + ep->ivlen + r->plen - 2];
	nxt = buf[skip + ESP_HDR_LEN + ep->ivlen + r->plen - 1];
	if (padlen + ESP_TRAILER_LEN > r->plen) {
		espstat.badpad++;
		goto drop;
	}
	datalen = r->plen - ESP_TRAILER_LEN - padlen;
	for (i = 0; i < padlen; i++)
		if (buf[skip + ESP_HDR_LEN + ep->ivlen + datalen + i] != (uint8_t)(i + 1)) {
			espstat.badpad++;
			goto drop;
		}
	tunnel = sav->saidx.mode == IPSEC_MODE_TUNNEL;
	if (nxt == IPPROTO_NONE) {	/* a dummy packet (RFC 4303 2.6): discard */
		espstat.input++;
		goto drop;
	}
	if (tunnel != (nxt == IPPROTO_IPV4)) {
		espstat.badnxt++;
		goto drop;
	}
	r->m = NULL;
	r->sav = NULL;
	net_free(r);
	/* Consumes m and the reference. */
	ipsec_input_finish(m, sav, &espstat, skip, skip + ESP_HDR_LEN + ep->ivlen,
	    datalen, nxt, tunnel);
	ipsec_cb_end(locked);
	return (0);

drop:
	esp_req_free(r);
	ipsec_cb_end(locked);
	return (0);
}

/*
 * A received ESP packet for sav: m = [IP header (skip)][ESP...].
 * Consumes m and the reference on sav.
 */
int
esp_input(struct mbuf *m, struct secasvar *sav, int skip, int protoff)
{
	struct esp_priv *ep = esp_priv(sav);
	struct esp_req *r = NULL;
	int total = m->m_pkthdr.len, plen, error;
	uint8_t *buf;
	uint64_t seq;

	(void)protoff;
	if (ep == NULL) {
		espstat.noxform++;
		error = EINVAL;
		goto drop;
	}
	plen = total - skip - ESP_HDR_LEN - ep->ivlen - ep->icvlen;
	if (plen < ESP_TRAILER_LEN || plen % ep->blk != 0) {
		espstat.badilen++;		/* truncated, or not whole blocks */
		error = EINVAL;
		goto drop;
	}
	if ((m = ipsec_linearize(m, 0)) == NULL) {
		error = ENOBUFS;
		goto drop;
	}
	buf = mtod(m, uint8_t *);
	if (ipsec_chkreplay(sav, ipsec_get32(buf + skip + 4), &seq) != 0) {
		espstat.replay++;
		sav->stats.replay++;
		error = EACCES;
		goto drop;
	}
	if ((r = net_malloc(sizeof(*r))) == NULL) {
		ipsecstat.ips_nomem++;
		error = ENOBUFS;
		goto drop;
	}
	r->m = m;
	r->sav = sav;
	r->skip = skip;
	r->plen = plen;
	r->seq = seq;
	r->crp.crp_session = ep->cses;
	r->crp.crp_op = ep->mode == CSP_MODE_DIGEST ? CRYPTO_OP_VERIFY_DIGEST :
	    CRYPTO_OP_DECRYPT;
	r->crp.crp_callback = esp_input_cb;
	esp_setup_regions(r, ep, buf, plen, total);
	if (ep->mode == CSP_MODE_DIGEST) {
		r->crp.crp_aad_length += (size_t)plen;
		r->crp.crp_payload_start = r->crp.crp_digest_start;
		r->crp.crp_payload_length = 0;
	}
	if ((error = ipsec_crypto_dispatch(&r->crp)) != 0) {
		espstat.crypto++;
		esp_restore_aad(r, buf);
		net_free(r);
		goto drop;
	}
	return (0);

drop:
	if (m != NULL)
		m_freem(m);
	key_freesav(&sav);
	return (error);
}
