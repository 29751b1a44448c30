/*
 * IPsec input: ESP and AH from the protocol switch, the re-injection of
 * what they decapsulate, and the inbound and forward policy checks.
 *
 * A protected packet is found its SA by (destination, protocol, SPI) and
 * handed to the transform; the transform's callback comes back to
 * ipsec_input_done(), which tags the packet with what protected it and
 * gives it to ip_input again: in transport mode the header now names the
 * inner protocol, in tunnel mode it is the inner packet.  Before ip_input
 * delivers anything to a protocol (and before ip_forward sends a packet
 * on), the policy check asks the SPD whether it had to be protected and,
 * if so, whether the tags show it was -- through an SA the policy allows:
 * the right protocol and mode, and the right peer (key_request_allows).
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/mbuf.h"
#include "net/in.h"
#include "net/ip.h"
#include "net/ip_var.h"
#include "net/ipsec/esp.h"
#include "net/ipsec/ah.h"
#include "net/ipsec/key.h"
#include "net/ipsec/ipsec_var.h"

/* ipsec_input_hook: protocols 50 and 51.  Consumes m. */
int
ipsec4_input(struct mbuf *m, int off, int proto)
{
	struct xformstat *st = proto == IPPROTO_ESP ? &espstat : &ahstat;
	union sockaddr_union dst;
	const struct xformsw *xf;
	struct secasvar *sav;
	struct ip ip;
	uint32_t spi;

	if (proto != IPPROTO_ESP && proto != IPPROTO_AH) {
		m_freem(m);
		return (EINVAL);
	}
	if (m->m_pkthdr.len < off + (proto == IPPROTO_ESP ? ESP_HDR_LEN : AH_HDR_LEN)) {
		st->hdrops++;
		m_freem(m);
		return (EINVAL);
	}
	m_copydata(m, 0, sizeof(ip), &ip);
	m_copydata(m, off + (proto == IPPROTO_ESP ? 0 : 4), 4, &spi);
	memset(&dst, 0, sizeof(dst));
	dst.sin.sin_len = sizeof(struct sockaddr_in);
	dst.sin.sin_family = AF_INET;
	dst.sin.sin_addr = ip.ip_dst;
	if ((sav = key_allocsa(&dst, (uint8_t)proto, spi)) == NULL) {
		st->notdb++;
		m_freem(m);
		return (ENOENT);
	}
	xf = sav->tdb_xform;
	if (xf == NULL || xf->xf_input == NULL || xf->xf_proto != proto) {
		st->noxform++;
		key_freesav(&sav);
		m_freem(m);
		return (EINVAL);
	}
	/* The transform takes over m and the reference. */
	return (xf->xf_input(m, sav, off, 9 /* offsetof(struct ip, ip_p) */));
}

/*
 * After the transform verified and decrypted m = [IP (skip)][... (to off)]
 * [payload (datalen)][trailer...]: strips ESP/AH, counts, and re-injects.
 * Transport mode keeps the IP header (now naming nxt); tunnel mode keeps
 * only the inner packet.  Consumes m and the reference on sav.
 */
void
ipsec_input_finish(struct mbuf *m, struct secasvar *sav, struct xformstat *st,
    int skip, int off, int datalen, uint8_t nxt, int tunnel)
{
	uint8_t *buf = mtod(m, uint8_t *);
	struct ip *ip = (struct ip *)buf;

	if (tunnel) {
		memmove(buf, buf + off, (size_t)datalen);
		m->m_len = m->m_pkthdr.len = datalen;
	} else {
		memmove(buf + skip, buf + off, (size_t)datalen);
		m->m_len = m->m_pkthdr.len = skip + datalen;
		ip->ip_p = nxt;
		ip->ip_len = htons((uint16_t)(skip + datalen));
		ip_fill_cksum(m);
	}
	st->input++;
	st->ibytes += (uint64_t)datalen;
	sav->stats.ipackets++;
	sav->stats.ibytes += (uint64_t)datalen;
	key_sa_recordxfer(sav, (uint64_t)datalen);
	ipsec_input_done(m, sav, tunnel);
}

void
ipsec_input_done(struct mbuf *m, struct secasvar *sav, int tunnel)
{
	struct ipsec_in_tag *it;
	struct m_tag *t;

	t = m_tag_get(PACKET_TAG_IPSEC_IN_DONE, sizeof(*it), M_NOWAIT);
	if (t == NULL) {
		ipsecstat.ips_nomem++;
		m_freem(m);
		key_freesav(&sav);
		return;
	}
	it = (struct ipsec_in_tag *)(t + 1);
	memset(it, 0, sizeof(*it));
	it->saidx = sav->saidx;
	it->saidx.mode = tunnel ? IPSEC_MODE_TUNNEL : IPSEC_MODE_TRANSPORT;
	it->spi = sav->spi;
	m_tag_prepend(m, t);
	key_freesav(&sav);
	ip_input(m);		/* validates the (inner) header like any packet */
}

/*
 * Did IPsec processing leave a tag of an SA that request isr allows for
 * this packet (RFC 4301 5.2)?  Protocol and mode are not enough: in tunnel
 * mode the SA must join the request's ends, in transport mode the SA's
 * addresses must be the packet's -- else a peer holding SAs of its own
 * could speak for another peer's hosts or claim its address.
 */
static int
ipsec_tag_satisfies(struct mbuf *m, const struct ipsecrequest *isr,
    const struct ipsec_selector *sel)
{
	const struct ipsec_in_tag *it;
	struct m_tag *t = NULL;

	while ((t = m_tag_find(m, PACKET_TAG_IPSEC_IN_DONE, t)) != NULL) {
		it = (const struct ipsec_in_tag *)(t + 1);
		if (key_request_allows(isr, &sel->src, &sel->dst, &it->saidx))
			return (1);
	}
	return (0);
}

/* 0 when the packet may pass in direction dir, else EACCES (counted by the caller). */
static int
ipsec_check_policy(struct mbuf *m, int dir, uint64_t *discard)
{
	struct ipsec_selector sel;
	struct secpolicy *sp;
	int i, error = 0;

	ipsec_selector_of(m, &sel);
	if ((sp = key_allocsp(dir, &sel)) == NULL)
		return (0);
	if (sp->policy == IPSEC_POLICY_DISCARD) {
		(*discard)++;
		error = EACCES;
	} else if (sp->policy == IPSEC_POLICY_IPSEC)
		for (i = 0; i < sp->nreq && error == 0; i++)
			if ((sp->req[i].level == IPSEC_LEVEL_REQUIRE ||
			    sp->req[i].level == IPSEC_LEVEL_UNIQUE) &&
			    !ipsec_tag_satisfies(m, &sp->req[i], &sel))
				error = EACCES;
	key_freesp(&sp);
	return (error);
}

/* ipsec_input_policy_hook: a packet for us, about to go to its protocol. */
int
ipsec4_in_reject(struct mbuf *m, int proto)
{
	uint64_t discard = 0;
	int error;

	(void)proto;
	error = ipsec_check_policy(m, IPSEC_DIR_INBOUND, &discard);
	if (error != 0) {
		if (discard)
			ipsecstat.ips_in_discard++;
		else
			ipsecstat.ips_in_polvio++;
	}
	return (error);
}

/* ipsec_forward_hook: a packet about to be forwarded. */
int
ipsec4_forward_reject(struct mbuf *m)
{
	uint64_t discard = 0;
	int error = ipsec_check_policy(m, IPSEC_DIR_FORWARD, &discard);

	if (error != 0)
		ipsecstat.ips_fwd_polvio++;
	return (error);
}
