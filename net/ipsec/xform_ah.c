/*
 * AH (RFC 4302) with HMAC over the crypto framework: ah_output / ah_input
 * submit, ah_output_cb / ah_input_cb finish, as in FreeBSD's xform_ah.c.
 *
 * The ICV covers the whole IP packet with the fields that routers may
 * change on the way (TOS, flags and fragment offset, TTL, header checksum)
 * and the ICV itself taken as zero.  Those fields are zeroed in the buffer
 * while the digest is computed and put back by the callback.  The digest is
 * written into scratch space past the end of the packet (not into the ICV
 * field, which must read as zero while it is computed); output copies it
 * in, input compares it in constant time.  IPv4 options would need their
 * own mutable/immutable treatment (RFC 4302 Appendix A): packets with
 * options are refused and counted.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/mbuf.h"
#include "net/in.h"
#include "net/ip.h"
#include "net/ip_var.h"
#include "net/ipsec/ah.h"
#include "net/ipsec/key.h"
#include "net/ipsec/ipsec_var.h"
#include "crypto/timingsafe.h"
#include <opencrypto/cryptodev.h>

struct xformstat ahstat;

/* The SA's crypto set-up, in sav->tdb_priv. */
struct ah_priv {
	crypto_session_t cses;		/* HMAC session */
	int		 icvlen;	/* truncated ICV bytes */
};

/* One packet in flight. */
struct ah_req {
	struct cryptop	 crp;		/* first: the callback gets &crp */
	struct mbuf	*m;		/* the packet, linearized, scratch after it */
	struct secasvar	*sav;		/* referenced */
	struct ipsec_outctx ctx;	/* output: where the policy stands */
	int		 len;		/* packet bytes (scratch follows) */
	uint64_t	 seq;		/* full sequence number */
	uint8_t		 tos;		/* mutable fields, to restore */
	uint16_t	 off;
	uint8_t		 ttl;
	uint8_t		 icv[CRYPTO_MAX_ICV];	/* input: the ICV received */
};

void
ah_zeroize_session(struct secasvar *sav)
{
	struct ah_priv *ap = sav->tdb_priv;

	if (ap == NULL || sav->refcnt > 1)	/* requests in flight keep it */
		return;
	crypto_freesession(ap->cses);
	memset(ap, 0, sizeof(*ap));
	net_free(ap);
	sav->tdb_priv = NULL;
}

static struct ah_priv *
ah_priv(struct secasvar *sav)
{
	const struct ipsec_alg *auth = sav->tdb_authalg;
	struct crypto_session_params csp;
	struct ah_priv *ap;

	if (sav->tdb_priv != NULL)
		return (sav->tdb_priv);
	if (auth == NULL || (ap = net_malloc(sizeof(*ap))) == NULL)
		return (NULL);
	memset(&csp, 0, sizeof(csp));
	csp.csp_mode = CSP_MODE_DIGEST;
	csp.csp_auth_alg = auth->crypto_id;
	csp.csp_auth_key = sav->key_auth.data;
	csp.csp_auth_klen = sav->key_auth.len;
	csp.csp_auth_mlen = auth->icvlen;
	ap->icvlen = auth->icvlen;
	if (crypto_newsession(&ap->cses, &csp, CRYPTOCAP_F_HARDWARE | CRYPTOCAP_F_SOFTWARE) != 0) {
		net_free(ap);
		return (NULL);
	}
	sav->tdb_priv = ap;
	return (ap);
}


/* Zeroes the mutable header fields (saved in r) for the ICV computation. */
static void
ah_mute(struct ah_req *r, struct ip *ip)
{
	r->tos = ip->ip_tos;
	r->off = ip->ip_off;
	r->ttl = ip->ip_ttl;
	ip->ip_tos = 0;
	ip->ip_off = 0;
	ip->ip_ttl = 0;
	ip->ip_sum = 0;
}

static void
ah_unmute(const struct ah_req *r, struct ip *ip)
{
	ip->ip_tos = r->tos;
	ip->ip_off = r->off;
	ip->ip_ttl = r->ttl;
}

/*
 * Digest of buf[0, len) into buf[len, len + icvlen).  With ESN the ICV also
 * covers the high 32 bits of the sequence number, never sent, after the
 * packet (RFC 4302 2.5.1 and 3.3.3.1): the framework's CRYPTO_F_ESN.
 */
static int
ah_submit(struct ah_req *r, const struct ah_priv *ap, int (*cb)(struct cryptop *))
{
	struct cryptop *crp = &r->crp;

	crp->crp_session = ap->cses;
	crp->crp_op = CRYPTO_OP_COMPUTE_DIGEST;
	crp->crp_callback = cb;
	crp->crp_buf.cb_type = CRYPTO_BUF_CONTIG;
	crp->crp_buf.cb_contig.buf = mtod(r->m, uint8_t *);
	crp->crp_buf.cb_contig.len = (size_t)(r->len + ap->icvlen);
	crp->crp_aad_start = 0;
	crp->crp_aad_length = (size_t)r->len;
	crp->crp_payload_start = (size_t)r->len;
	crp->crp_payload_length = 0;
	crp->crp_digest_start = (size_t)r->len;
	if (r->sav->replay.esn) {
		crp->crp_flags |= CRYPTO_F_ESN;
		ipsec_put32(crp->crp_esn, (uint32_t)(r->seq >> 32));
	}
	return (ipsec_crypto_dispatch(crp));
}

/* --- output ------------------------------------------------------------- */

static int
ah_output_cb(struct cryptop *crp)
{
	struct ah_req *r = (struct ah_req *)crp;
	struct ipsec_outctx ctx = r->ctx;
	struct secasvar *sav = r->sav;
	struct mbuf *m = r->m;
	uint8_t *buf;
	struct ip *ip;
	int hlen, icvlen, etype;
	int locked = ipsec_cb_begin();

	buf = mtod(m, uint8_t *);
	ip = (struct ip *)buf;
	hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	icvlen = (int)crp->crp_buf.cb_contig.len - r->len;
	ah_unmute(r, ip);
	memcpy(buf + hlen + AH_HDR_LEN, buf + r->len, (size_t)icvlen);
	etype = crp->crp_etype;		/* crp lives in r */
	net_free(r);
	if (etype != 0) {
		ahstat.crypto++;
		m_freem(m);
		m = NULL;
	} else {
		ahstat.output++;
		sav->stats.opackets++;
		ip_fill_cksum(m);
	}
	ipsec_output_done(m, sav, &ctx);
	ipsec_cb_end(locked);
	return (0);
}

int
ah_output(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx, int skip)
{
	struct ah_priv *ap = ah_priv(sav);
	struct ah_req *r = NULL;
	int plen, ahlen, total, error;
	struct newah *ah;
	struct mbuf *n;
	struct ip *ip;
	uint8_t *buf;
	uint64_t seq;

	if (ap == NULL) {
		ahstat.noxform++;
		error = EINVAL;
		goto drop;
	}
	if (skip != (int)sizeof(struct ip)) {
		ahstat.hdrops++;		/* options: see the file comment */
		error = EINVAL;
		goto drop;
	}
	plen = m->m_pkthdr.len - skip;
	ahlen = AH_HDR_LEN + ap->icvlen;
	total = skip + ahlen + plen;
	if (total > IP_MAXPACKET || total + ap->icvlen > MJUM9BYTES) {
		ahstat.toobig++;
		error = EMSGSIZE;
		goto drop;
	}
	if (ipsec_nextseq(sav, &seq) != 0) {
		ahstat.wrap++;
		error = EOVERFLOW;
		goto drop;
	}
	if ((r = net_malloc(sizeof(*r))) == NULL) {
		ipsecstat.ips_nomem++;
		error = ENOBUFS;
		goto drop;
	}
	if ((n = ipsec_linearize(m, ahlen + ap->icvlen)) == NULL) {
		m = NULL;
		error = ENOBUFS;
		goto drop;
	}
	m = n;
	buf = mtod(m, uint8_t *);
	memmove(buf + skip + ahlen, buf + skip, (size_t)plen);
	ip = (struct ip *)buf;
	ah = (struct newah *)(buf + skip);
	memset(ah, 0, (size_t)ahlen);		/* the ICV reads as zero */
	ah->ah_nxt = ip->ip_p;
	ah->ah_len = (uint8_t)(ahlen / 4 - 2);
	memcpy(&ah->ah_spi, &sav->spi, 4);
	ipsec_put32((uint8_t *)&ah->ah_seq, (uint32_t)seq);
	ip->ip_p = IPPROTO_AH;
	ip->ip_len = htons((uint16_t)total);
	m->m_len = m->m_pkthdr.len = total;
	sav->stats.obytes += (uint64_t)plen;
	ahstat.obytes += (uint64_t)plen;
	key_sa_recordxfer(sav, (uint64_t)plen);
	r->m = m;
	r->sav = sav;
	r->ctx = *ctx;
	r->len = total;
	r->seq = seq;
	ah_mute(r, ip);
	if ((error = ah_submit(r, ap, ah_output_cb)) != 0) {
		ahstat.crypto++;
		ah_unmute(r, ip);
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
ah_input_cb(struct cryptop *crp)
{
	struct ah_req *r = (struct ah_req *)crp;
	struct secasvar *sav = r->sav;
	struct mbuf *m = r->m;
	uint8_t *buf = mtod(m, uint8_t *), nxt;
	int icvlen = (int)crp->crp_buf.cb_contig.len - r->len;
	int skip, ahlen, datalen, tunnel;
	struct ip *ip = (struct ip *)buf;
	int locked = ipsec_cb_begin();

	skip = IP_VHL_HL(ip->ip_vhl) << 2;
	ahlen = AH_HDR_LEN + icvlen;
	if (crp->crp_etype != 0) {
		ahstat.crypto++;
		goto drop;
	}
	if (timingsafe_bcmp(buf + r->len, r->icv, (size_t)icvlen) != 0) {
		ahstat.badauth++;
		sav->stats.authfail++;
		goto drop;
	}
	if (ipsec_updatereplay(sav, r->seq) != 0) {
		ahstat.replay++;
		sav->stats.replay++;
		goto drop;
	}
	nxt = ((struct newah *)(buf + skip))->ah_nxt;
	tunnel = sav->saidx.mode == IPSEC_MODE_TUNNEL;
	if (tunnel != (nxt == IPPROTO_IPV4)) {
		ahstat.badnxt++;
		goto drop;
	}
	datalen = r->len - skip - ahlen;
	if (!tunnel)
		ah_unmute(r, ip);	/* the header stays: its real TOS, flags, TTL */
	r->m = NULL;
	net_free(r);
	ipsec_input_finish(m, sav, &ahstat, skip, skip + ahlen, datalen, nxt, tunnel);
	ipsec_cb_end(locked);
	return (0);

drop:
	m_freem(m);
	key_freesav(&sav);
	net_free(r);
	ipsec_cb_end(locked);
	return (0);
}

int
ah_input(struct mbuf *m, struct secasvar *sav, int skip, int protoff)
{
	struct ah_priv *ap = ah_priv(sav);
	struct ah_req *r = NULL;
	int total = m->m_pkthdr.len, error;
	struct newah *ah;
	uint8_t *buf;
	uint64_t seq;

	(void)protoff;
	if (ap == NULL) {
		ahstat.noxform++;
		error = EINVAL;
		goto drop;
	}
	if (skip != (int)sizeof(struct ip)) {
		ahstat.hdrops++;
		error = EINVAL;
		goto drop;
	}
	if (total < skip + AH_HDR_LEN + ap->icvlen) {
		ahstat.hdrops++;
		error = EINVAL;
		goto drop;
	}
	if ((m = ipsec_linearize(m, ap->icvlen)) == NULL) {
		error = ENOBUFS;
		goto drop;
	}
	buf = mtod(m, uint8_t *);
	ah = (struct newah *)(buf + skip);
	if ((ah->ah_len + 2) * 4 != AH_HDR_LEN + ap->icvlen) {
		ahstat.badilen++;		/* ICV length not the algorithm's */
		error = EINVAL;
		goto drop;
	}
	if (ipsec_chkreplay(sav, ntohl(ah->ah_seq), &seq) != 0) {
		ahstat.replay++;
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
	r->len = total;
	r->seq = seq;
	memcpy(r->icv, buf + skip + AH_HDR_LEN, (size_t)ap->icvlen);
	memset(buf + skip + AH_HDR_LEN, 0, (size_t)ap->icvlen);
	ah_mute(r, (struct ip *)buf);
	m->m_len = m->m_pkthdr.len = total + ap->icvlen;	/* scratch in the buffer */
	if ((error = ah_submit(r, ap, ah_input_cb)) != 0) {
		ahstat.crypto++;
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
