/*
 * Raw IP sockets: copies of received packets to the PCBs of their
 * protocol, and output with or without the sender's own IP header.
 * See net/raw_ip_var.h.
 *
 * Copies are deep (m_dup): the protocol that handles the packet after us
 * may rewrite it in place (ICMP turns an echo request into its reply).
 */
#include <stdint.h>
#include <string.h>

#include "net/if_var.h"
#include "net/in_pcb.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/raw_ip_var.h"

struct ripstat ripstat;
struct inpcbinfo ripcbinfo = { .ipi_ports = 0 };
int rip_recvspace = 212992;

#define RIP_RECVQLEN	1024	/* datagrams: the byte bound is what matters */

struct inpcb *
rip_attach(int proto)
{
	if (proto <= 0 || proto >= IPPROTO_MAX)
		return (NULL);
	return (in_pcballoc(&ripcbinfo, proto, RIP_RECVQLEN, rip_recvspace));
}

/* Whether an ICMP socket's filter (Linux's ICMP_FILTER) keeps m out. */
static int
rip_icmpfiltered(const struct inpcb *inp, struct mbuf *m, int off)
{
	uint8_t type;

	if (inp->inp_icmpfilter == 0 || m->m_pkthdr.len <= off)
		return (0);
	m_copydata(m, off, 1, &type);
	return (type < 32 && (inp->inp_icmpfilter >> type) & 1);
}

/* Whether inp wants the packet m (header ip, length off) arriving on ifp. */
static int
rip_match(const struct inpcb *inp, struct mbuf *m, const struct ip *ip,
    int off, int proto, const struct ifnet *ifp)
{
	if (inp->inp_proto != proto)
		return (0);
	if (proto == IPPROTO_ICMP && rip_icmpfiltered(inp, m, off))
		return (0);
	if (inp->inp_laddr.s_addr != INADDR_ANY &&
	    inp->inp_laddr.s_addr != ip->ip_dst.s_addr)
		return (0);
	if (inp->inp_faddr.s_addr != INADDR_ANY &&
	    inp->inp_faddr.s_addr != ip->ip_src.s_addr)
		return (0);
	return (inp->inp_ifp == NULL || inp->inp_ifp == ifp);
}

int
rip_input(struct mbuf *m, int off, int proto)
{
	const struct ip *ip = mtod(m, const struct ip *);
	const struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct inp_meta meta;
	struct inpcb *inp;
	struct mbuf *n;
	int copies = 0;

	memset(&meta, 0, sizeof(meta));
	meta.im_src = ip->ip_src;
	meta.im_dst = ip->ip_dst;
	meta.im_ttl = ip->ip_ttl;
	meta.im_tos = ip->ip_tos;
	meta.im_ifindex = ifp != NULL ? ifp->if_index : 0;
	for (inp = ripcbinfo.ipi_list; inp != NULL; inp = inp->inp_next) {
		if (!rip_match(inp, m, ip, off, proto, ifp))
			continue;
		copies++;
		if ((n = m_dup(m, M_NOWAIT)) == NULL) {
			ripstat.rips_nobufs++;
			continue;
		}
		if (in_pcbdeliver(inp, n, &meta) != 0)
			ripstat.rips_fullsock++;
		else
			ripstat.rips_delivered++;
	}
	return (copies);
}

/*
 * Check and complete a header the sender wrote: returns m (header
 * contiguous) or NULL with m freed and *errorp set.
 */
static struct mbuf *
rip_hdrincl(struct inpcb *inp, struct mbuf *m, int *errorp)
{
	int len = m->m_pkthdr.len, hlen;
	struct in_addr src;
	struct ifnet *oifp;
	struct ip *ip;

	*errorp = EINVAL;
	if (len < IP_MINHLEN || (m = m_pullup(m, IP_MINHLEN)) == NULL)
		goto bad;
	ip = mtod(m, struct ip *);
	hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	if (hlen < IP_MINHLEN || hlen > len)
		goto bad;
	if ((m = m_pullup(m, hlen)) == NULL) {
		ripstat.rips_badhdrincl++;
		*errorp = ENOBUFS;
		return (NULL);
	}
	ip = mtod(m, struct ip *);
	ip->ip_len = htons((uint16_t)len);	/* Linux fills it, whatever was there */
	if (ip->ip_id == 0)
		ip->ip_id = htons(ip_newid());
	if (ip->ip_src.s_addr == INADDR_ANY) {
		if ((*errorp = in_pcbsource(inp, ip->ip_dst, &src, &oifp)) != 0)
			goto bad;
		ip->ip_src = src;
	}
	return (m);
bad:
	ripstat.rips_badhdrincl++;
	m_freem(m);
	return (NULL);
}

/* Put an IP header for inp in front of the payload m; NULL, m freed. */
static struct mbuf *
rip_header(struct inpcb *inp, struct mbuf *m, struct in_addr dst)
{
	int len = m->m_pkthdr.len;
	struct ip *ip;

	M_PREPEND(m, IP_MINHLEN, M_NOWAIT);
	if (m == NULL || (m = m_pullup(m, IP_MINHLEN)) == NULL)
		return (NULL);
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN);
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + len));
	ip->ip_tos = inp->inp_tos;
	ip->ip_ttl = (uint8_t)inp->inp_ttl;
	ip->ip_p = (uint8_t)inp->inp_proto;
	ip->ip_src = inp->inp_laddr;
	ip->ip_dst = dst;
	return (m);
}

int
rip_output(struct inpcb *inp, struct mbuf *m, const struct in_addr *dst)
{
	int flags = (inp->inp_flags & INP_BROADCAST) ? IP_ALLOWBROADCAST : 0;
	int error, max = IP_MAXPACKET;
	struct in_addr to;

	if (dst == NULL && inp->inp_faddr.s_addr == INADDR_ANY) {
		m_freem(m);
		return (EDESTADDRREQ);
	}
	to = dst != NULL ? *dst : inp->inp_faddr;
	if (!(inp->inp_flags & INP_HDRINCL))
		max -= IP_MINHLEN;
	if (m->m_pkthdr.len > max) {
		m_freem(m);
		return (EMSGSIZE);
	}
	if (inp->inp_flags & INP_HDRINCL) {
		if ((m = rip_hdrincl(inp, m, &error)) == NULL)
			return (error);
		flags |= IP_RAWOUTPUT;
		to = mtod(m, struct ip *)->ip_dst;
	} else if ((m = rip_header(inp, m, to)) == NULL) {
		return (ENOBUFS);
	}
	if (in_broadcast_any(to) && to.s_addr != INADDR_ANY &&
	    !(flags & IP_ALLOWBROADCAST)) {
		m_freem(m);
		return (EACCES);
	}
	if ((error = ip_output(m, flags, NULL)) == 0)
		ripstat.rips_opackets++;
	return (error);
}
