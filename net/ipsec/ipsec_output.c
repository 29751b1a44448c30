/*
 * IPsec output: the ipsec_output_hook ip_output calls for every packet,
 * and the continuation the transforms' callbacks return to.
 *
 * For a packet the SPD's outbound policies match:
 *   discard          dropped (ips_out_polvio);
 *   none / bypass    sent in clear;
 *   ipsec            each request in order: the SA for it (or, with none,
 *                    an ACQUIRE to the key managers and a drop for
 *                    "require", clear text for "use"), tunnel encapsulation
 *                    when the SA is a tunnel-mode one, then the transform.
 * The transform's callback comes back to ipsec_output_done(), which applies
 * the next request or sends the result with ip_output(IP_RAWOUTPUT |
 * IP_NOIPSEC): a packet is never processed twice.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/mbuf.h"
#include "net/in.h"
#include "net/ip.h"
#include "net/ip_var.h"
#include "net/ipsec/key.h"
#include "net/ipsec/ipsec_var.h"

struct ipsecstat ipsecstat;

static void
sin_set(union sockaddr_union *su, struct in_addr a, uint16_t port)
{
	memset(su, 0, sizeof(*su));
	su->sin.sin_len = sizeof(struct sockaddr_in);
	su->sin.sin_family = AF_INET;
	su->sin.sin_addr = a;
	su->sin.sin_port = port;
}

/* The SPD selector of the packet at m (addresses, protocol, ports). */
void
ipsec_selector_of(struct mbuf *m, struct ipsec_selector *sel)
{
	struct ip ip;
	uint16_t ports[2] = { 0, 0 };
	int hlen;

	m_copydata(m, 0, sizeof(ip), &ip);
	hlen = IP_VHL_HL(ip.ip_vhl) << 2;
	if ((ip.ip_p == IPPROTO_UDP || ip.ip_p == IPPROTO_TCP) &&
	    (ntohs(ip.ip_off) & IP_OFFMASK) == 0 && m->m_pkthdr.len >= hlen + 4)
		m_copydata(m, hlen, 4, ports);
	memset(sel, 0, sizeof(*sel));
	sin_set(&sel->src, ip.ip_src, ports[0]);
	sin_set(&sel->dst, ip.ip_dst, ports[1]);
	sel->ul_proto = ip.ip_p;
}

/* Puts a new outer header for sav's tunnel in front of m. */
static struct mbuf *
ipsec_encap(struct mbuf *m, const struct secasvar *sav)
{
	struct ip inner, *ip;
	int len = m->m_pkthdr.len + (int)sizeof(struct ip);

	if (sav->saidx.src.sa.sa_family != AF_INET || sav->saidx.dst.sa.sa_family != AF_INET ||
	    len > IP_MAXPACKET) {
		m_freem(m);
		return (NULL);
	}
	m_copydata(m, 0, sizeof(inner), &inner);
	M_PREPEND(m, (int)sizeof(struct ip), M_NOWAIT);
	if (m == NULL || (m = m_pullup(m, (int)sizeof(struct ip))) == NULL) {
		ipsecstat.ips_nomem++;
		return (NULL);
	}
	ip = mtod(m, struct ip *);
	memset(ip, 0, sizeof(*ip));
	ip->ip_vhl = IP_VHL_BORING;
	ip->ip_tos = inner.ip_tos;		/* RFC 4301 5.1.2.1: copy DSCP/ECN */
	ip->ip_len = htons((uint16_t)len);
	ip->ip_id = ip_newid();
	ip->ip_off = 0;				/* the outer packet may be fragmented */
	ip->ip_ttl = (uint8_t)ip_defttl;
	ip->ip_p = IPPROTO_IPV4;
	ip->ip_src = sav->saidx.src.sin.sin_addr;
	ip->ip_dst = sav->saidx.dst.sin.sin_addr;
	ip_fill_cksum(m);
	return (m);
}

/*
 * Applies request `isr` of ctx->sp to m.  Consumes m and, when it fails,
 * the policy reference.  0 when the packet went on (to the crypto
 * framework, or out in clear), else the errno it was dropped with.
 */
static int
ipsec_apply(struct mbuf *m, struct ipsec_outctx *ctx, int isr)
{
	union sockaddr_union src, dst;
	struct secasvar *sav = NULL;
	const struct xformsw *xf;
	struct ip ip;
	int error;

	m_copydata(m, 0, sizeof(ip), &ip);
	sin_set(&src, ip.ip_src, 0);
	sin_set(&dst, ip.ip_dst, 0);
	error = ipsec_getsa_for_request(ctx->sp, isr, &src, &dst, &sav);
	if (error != 0) {
		ipsecstat.ips_out_nosa++;	/* an ACQUIRE went to the key managers */
		m_freem(m);
		key_freesp(&ctx->sp);
		return (error);
	}
	ctx->isr = isr;
	if (sav == NULL) {			/* level "use" and no SA: go on in clear */
		ipsecstat.ips_out_clear++;
		ipsec_output_done(m, NULL, ctx);
		return (0);
	}
	xf = sav->tdb_xform;
	if (xf == NULL || xf->xf_output == NULL) {
		ipsecstat.ips_out_inval++;
		m_freem(m);
		ipsec_output_done(NULL, sav, ctx);
		return (EINVAL);
	}
	if (sav->saidx.mode == IPSEC_MODE_TUNNEL && (m = ipsec_encap(m, sav)) == NULL) {
		ipsecstat.ips_out_inval++;
		ipsec_output_done(NULL, sav, ctx);
		return (ENOBUFS);
	}
	m_copydata(m, 0, sizeof(ip), &ip);
	/* The transform takes over m, sav's reference and ctx's policy. */
	return (xf->xf_output(m, sav, ctx, IP_VHL_HL(ip.ip_vhl) << 2));
}

void
ipsec_output_done(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx)
{
	struct m_tag *t;

	key_freesav(&sav);
	if (m == NULL) {
		key_freesp(&ctx->sp);
		return;
	}
	if (ctx->isr + 1 < ctx->sp->nreq) {
		ipsecstat.ips_out_bundlesa++;
		(void)ipsec_apply(m, ctx, ctx->isr + 1);
		return;
	}
	key_freesp(&ctx->sp);
	/*
	 * Marked done twice over: the tag stays with the packet wherever it
	 * goes next (a later ip_output without the flag skips it too).
	 */
	if ((t = m_tag_get(PACKET_TAG_IPSEC_OUT_DONE, 0, M_NOWAIT)) == NULL) {
		ipsecstat.ips_nomem++;
		m_freem(m);
		return;
	}
	m_tag_prepend(m, t);
	(void)ip_output(m, IP_RAWOUTPUT | IP_NOIPSEC, NULL);
}

/* ipsec_output_hook (net/ip_var.h). */
static int
ipsec4_output(struct mbuf **mp, struct ifnet **ifpp, struct in_addr *nexthop, int flags)
{
	struct ipsec_selector sel;
	struct ipsec_outctx ctx;
	struct secpolicy *sp;
	int error;

	(void)ifpp;
	(void)nexthop;
	(void)flags;
	if (m_tag_find(*mp, PACKET_TAG_IPSEC_OUT_DONE, NULL) != NULL)
		return (0);		/* already protected: never twice */
	ipsec_selector_of(*mp, &sel);
	if ((sp = key_allocsp(IPSEC_DIR_OUTBOUND, &sel)) == NULL)
		return (0);
	switch (sp->policy) {
	case IPSEC_POLICY_DISCARD:
		ipsecstat.ips_out_polvio++;
		key_freesp(&sp);
		m_freem(*mp);
		*mp = NULL;
		return (EACCES);
	case IPSEC_POLICY_IPSEC:
		if (sp->nreq > 0)
			break;
		/* FALLTHROUGH */
	default:			/* none, bypass, entrust */
		key_freesp(&sp);
		return (0);
	}
	ctx.sp = sp;
	ctx.isr = -1;
	error = ipsec_apply(*mp, &ctx, 0);
	*mp = NULL;
	return (error == 0 ? EJUSTRETURN : error);
}

void
ipsec_attach(void)
{
	net_assert_locked();
	xform_attach_datapath(IPPROTO_ESP, esp_input, esp_output, esp_zeroize_session);
	xform_attach_datapath(IPPROTO_AH, ah_input, ah_output, ah_zeroize_session);
	ipsec_output_hook = ipsec4_output;
	ipsec_input_hook = ipsec4_input;
	ipsec_input_policy_hook = ipsec4_in_reject;
	ipsec_forward_hook = ipsec4_forward_reject;
}

void
ipsec_detach(void)
{
	net_assert_locked();
	ipsec_output_hook = NULL;
	ipsec_input_hook = NULL;
	ipsec_input_policy_hook = NULL;
	ipsec_forward_hook = NULL;
}
