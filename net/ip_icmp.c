/*
 * ICMP: echo replies and error generation (rate limited).
 *
 * Input validates length and checksum (counted in icmpstat), answers echo
 * requests by reflecting the packet, and tells UDP of errors about its
 * datagrams.  Echo replies and errors about echo requests are for the
 * programs that sent them (ping), which read them on raw ICMP sockets:
 * ip_input gives those a copy of every ICMP packet (net/raw_ip.c).
 * icmp_error() never answers an ICMP error, a non-first fragment, or a
 * broadcast/multicast packet (RFC 1122 3.2.2), and sends at most icmplim
 * errors per second.
 */
#include <stdint.h>
#include <string.h>

#include "net/icmp_var.h"
#include "net/if_var.h"
#include "net/in_cksum.h"
#include "net/in_var.h"
#include "net/ip_icmp.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/udp_var.h"

struct icmpstat icmpstat;
int icmplim = 200;

static uint64_t icmp_rl_second;	/* the second icmp_rl_count counts for */
static int icmp_rl_count;	/* errors sent in that second */

void
icmp_init(void)
{
	icmp_rl_second = 0;
	icmp_rl_count = 0;
}

/* 1 if it is time to send another error this second (else counted). */
static int
icmp_ratecheck(void)
{
	uint64_t sec = net_uptime_ms() / 1000;

	if (sec != icmp_rl_second) {
		icmp_rl_second = sec;
		icmp_rl_count = 0;
	}
	if (icmplim > 0 && icmp_rl_count >= icmplim) {
		icmpstat.icps_ratelimited++;
		return (0);
	}
	icmp_rl_count++;
	return (1);
}

/* Whether the ICMP type is an error (not a query or reply). */
static int
icmp_is_error(int type)
{
	return (type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH ||
	    type == ICMP_REDIRECT || type == ICMP_TIMXCEED ||
	    type == ICMP_PARAMPROB || type > ICMP_MAXTYPE);
}

/* Reasons not to answer the packet n with an error; 0 if none (counted). */
static int
icmp_error_refused(struct mbuf *n, const struct ip *oip, int hlen)
{
	uint8_t itype;

	if (ntohs(oip->ip_off) & IP_OFFMASK) {
		icmpstat.icps_bmcast++;
		return (1);
	}
	if ((n->m_flags & (M_BCAST | M_MCAST)) ||
	    in_broadcast(oip->ip_dst, n->m_pkthdr.rcvif) ||
	    IN_MULTICAST(ntohl(oip->ip_dst.s_addr)) ||
	    in_broadcast(oip->ip_src, n->m_pkthdr.rcvif) ||
	    IN_MULTICAST(ntohl(oip->ip_src.s_addr))) {
		icmpstat.icps_bmcast++;
		return (1);
	}
	if (oip->ip_p == IPPROTO_ICMP) {
		if (n->m_pkthdr.len < hlen + 1) {
			icmpstat.icps_oldshort++;
			return (1);
		}
		m_copydata(n, hlen, 1, &itype);
		if (icmp_is_error(itype)) {
			icmpstat.icps_oldicmp++;
			return (1);
		}
	}
	return (0);
}

/* The source for an error about oip: the address it was sent to if ours. */
static struct in_addr
icmp_error_source(const struct mbuf *n, const struct ip *oip)
{
	struct in_addr src = { 0 };

	if (in_ifaddr_lookup(oip->ip_dst) != NULL)
		return (oip->ip_dst);
	if (n->m_pkthdr.rcvif != NULL)
		(void)in_ifaddr_source(n->m_pkthdr.rcvif, oip->ip_src, &src);
	return (src);
}

void
icmp_error(struct mbuf *n, int type, int code, uint32_t mtu)
{
	struct ip *oip, *ip;
	struct icmp *icp;
	struct mbuf *m;
	int hlen, quote, total;

	net_assert_locked();
	icmpstat.icps_error++;
	if (n->m_pkthdr.len < IP_MINHLEN || (n = m_pullup(n, IP_MINHLEN)) == NULL) {
		icmpstat.icps_oldshort++;
		goto free;
	}
	oip = mtod(n, struct ip *);
	hlen = IP_VHL_HL(oip->ip_vhl) << 2;
	if (hlen < IP_MINHLEN || n->m_pkthdr.len < hlen) {
		icmpstat.icps_oldshort++;
		goto free;
	}
	if (icmp_error_refused(n, oip, hlen) || !icmp_ratecheck())
		goto free;
	quote = n->m_pkthdr.len < hlen + 8 ? n->m_pkthdr.len : hlen + 8;
	total = IP_MINHLEN + ICMP_MINLEN + quote;
	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		goto free;
	/* At the end of the mbuf, room in front for Ethernet, 4-aligned. */
	m->m_data = m->m_dat + ((MHLEN - total) & ~3);
	m->m_len = m->m_pkthdr.len = total;
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN + ICMP_MINLEN);
	icp = (struct icmp *)(ip + 1);
	icp->icmp_type = (uint8_t)type;
	icp->icmp_code = (uint8_t)code;
	if (type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG)
		icp->icmp_nextmtu = htons((uint16_t)mtu);
	m_copydata(n, 0, quote, icp + 1);
	icp->icmp_cksum = in_cksum_buf(icp, (size_t)(ICMP_MINLEN + quote));
	ip->ip_len = htons((uint16_t)total);
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_src = icmp_error_source(n, oip);
	ip->ip_dst = oip->ip_src;
	if (type <= ICMP_MAXTYPE)
		icmpstat.icps_outhist[type]++;
	(void)ip_output(m, 0, NULL);
free:
	m_freem(n);
}

/* Answer an echo request in place: m becomes the reply. */
static void
icmp_reflect(struct mbuf *m, int off)
{
	struct ip *ip = mtod(m, struct ip *), hdr;
	struct icmp *icp;
	struct in_addr from = ip->ip_src;
	int icmplen = ntohs(ip->ip_len) - off;

	/* Drop any options: the reply has a plain 20-byte header. */
	memcpy(&hdr, ip, sizeof(hdr));
	if (off > IP_MINHLEN) {
		m_adj(m, off - IP_MINHLEN);
		ip = mtod(m, struct ip *);
		memcpy(ip, &hdr, sizeof(hdr));
	}
	icp = (struct icmp *)(ip + 1);
	icp->icmp_type = ICMP_ECHOREPLY;
	icp->icmp_cksum = 0;
	icp->icmp_cksum = in_cksum_skip(m, icmplen, IP_MINHLEN);
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + icmplen));
	ip->ip_src = hdr.ip_dst;
	ip->ip_dst = from;
	ip->ip_off = 0;
	ip->ip_ttl = 0;
	ip->ip_tos = hdr.ip_tos;
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	icmpstat.icps_reflect++;
	icmpstat.icps_outhist[ICMP_ECHOREPLY]++;
	(void)ip_output(m, 0, NULL);
}

/*
 * An error: if it quotes one of our UDP datagrams, tell UDP (a connected
 * socket learns ECONNREFUSED).
 */
static void
icmp_error_input(struct mbuf *m, int off, int icmplen)
{
	struct ip *ip = mtod(m, struct ip *), oip;
	struct icmp *icp = (struct icmp *)((char *)ip + off);
	int ohlen;

	if (icmplen < ICMP_ADVLENMIN) {
		icmpstat.icps_badlen++;
		return;
	}
	m_copydata(m, off + ICMP_MINLEN, IP_MINHLEN, &oip);
	ohlen = IP_VHL_HL(oip.ip_vhl) << 2;
	if (ohlen < IP_MINHLEN || icmplen < ICMP_MINLEN + ohlen + ICMP_MINLEN) {
		icmpstat.icps_badlen++;
		return;
	}
	if (oip.ip_p == IPPROTO_UDP) {
		struct udphdr ouh;

		m_copydata(m, off + ICMP_MINLEN + ohlen, sizeof(ouh), &ouh);
		udp_ctlinput(icp->icmp_type, icp->icmp_code, &oip, &ouh);
	}
}

/* Whether the code is valid for the error type (else counted). */
static int
icmp_code_ok(int type, int code)
{
	int max = type == ICMP_UNREACH ? 15 : type == ICMP_TIMXCEED ? 1 :
	    type == ICMP_PARAMPROB ? 2 : 0;

	if (code > max) {
		icmpstat.icps_badcode++;
		return (0);
	}
	return (1);
}

int
icmp_input(struct mbuf *m, int off, int proto)
{
	struct ip *ip = mtod(m, struct ip *);
	struct icmp *icp;
	int icmplen = ntohs(ip->ip_len) - off, type;

	(void)proto;
	if (icmplen < ICMP_MINLEN) {
		icmpstat.icps_tooshort++;
		goto free;
	}
	if (in_cksum_skip(m, icmplen, off) != 0) {
		icmpstat.icps_checksum++;
		goto free;
	}
	if ((m = m_pullup(m, off + ICMP_MINLEN)) == NULL)
		return (ENOBUFS);
	ip = mtod(m, struct ip *);
	icp = (struct icmp *)((char *)ip + off);
	type = icp->icmp_type;
	if (type > ICMP_MAXTYPE)
		goto free;
	icmpstat.icps_inhist[type]++;
	switch (type) {
	case ICMP_ECHO:
		/* Not to a broadcast, nor from one: the answer would be one. */
		if ((m->m_flags & (M_BCAST | M_MCAST)) ||
		    in_broadcast(ip->ip_dst, m->m_pkthdr.rcvif) ||
		    in_broadcast(ip->ip_src, m->m_pkthdr.rcvif)) {
			icmpstat.icps_bmcastecho++;
			goto free;
		}
		icmp_reflect(m, off);
		return (0);
	case ICMP_UNREACH:
	case ICMP_TIMXCEED:
	case ICMP_PARAMPROB:
	case ICMP_SOURCEQUENCH:
		if (icmp_code_ok(type, icp->icmp_code))
			icmp_error_input(m, off, icmplen);
		break;
	default:
		break;
	}
free:
	m_freem(m);
	return (0);
}
