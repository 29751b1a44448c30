/*
 * IPv4 output: header completion, route lookup, the IPsec output hook,
 * fragmentation, and hand-off to Ethernet.
 *
 * Packets to one of our own addresses, or to 127.0.0.0/8 (this host,
 * through lo0 once the platform attached it), loop back into ip_input
 * directly.
 * Fragments copy the whole header (options included) and share the
 * original's clusters through m_copym.  See ip_output() in net/ip_var.h
 * for the contract.
 */
#include <stdint.h>
#include <string.h>

#include "net/ether_var.h"
#include "net/if_var.h"
#include "net/in_pcb.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/route.h"

/* Leading room for the link header in fragments we build. */
#define IP_LINKHDR_ROOM	16

/* Fill in what a locally generated header leaves to ip_output. */
static void
ip_complete_header(struct ip *ip)
{
	ip->ip_vhl = IP_VHL_BORING;
	ip->ip_id = htons(ip_newid());
	ip->ip_off &= htons(IP_DF);
	if (ip->ip_ttl == 0)
		ip->ip_ttl = (uint8_t)ip_defttl;
}

/*
 * Build one fragment: the header of m, then `len` bytes of its payload
 * from payload offset `off`.  NULL when out of buffers.
 */
static struct mbuf *
ip_make_frag(struct mbuf *m, int hlen, int off, int len, int last)
{
	struct ip *oip = mtod(m, struct ip *), *ip;
	uint16_t ooff = ntohs(oip->ip_off);
	struct mbuf *f;

	if ((f = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		return (NULL);
	f->m_data += IP_LINKHDR_ROOM;
	f->m_len = hlen;
	memcpy(f->m_data, oip, (size_t)hlen);
	f->m_next = m_copym(m, hlen + off, len, M_NOWAIT);
	if (f->m_next == NULL || !m_tag_copy_chain(f, m, M_NOWAIT)) {
		m_freem(f);
		return (NULL);
	}
	f->m_pkthdr.len = hlen + len;
	ip = mtod(f, struct ip *);
	ip->ip_len = htons((uint16_t)(hlen + len));
	/* Offsets add to the original's (it may itself be a fragment). */
	ip->ip_off = htons((uint16_t)(((ooff & IP_OFFMASK) + (off >> 3)) |
	    (ooff & IP_DF) | ((!last || (ooff & IP_MF)) ? IP_MF : 0)));
	ip_fill_cksum(f);
	return (f);
}

/* Fragment m for mtu and send the pieces; consumes m. */
static int
ip_fragment_send(struct mbuf *m, struct ifnet *ifp, struct in_addr nexthop,
    int mflags, int mtu)
{
	struct ip *ip = mtod(m, struct ip *);
	int hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	int total = ntohs(ip->ip_len) - hlen, chunk, off, error = 0;
	struct mbuf *frags = NULL, **tail = &frags, *f;

	chunk = (mtu - hlen) & ~7;
	if (chunk < 8) {
		m_freem(m);
		return (EMSGSIZE);
	}
	for (off = 0; off < total; off += chunk) {
		int len = total - off < chunk ? total - off : chunk;

		f = ip_make_frag(m, hlen, off, len, off + len >= total);
		if (f == NULL) {
			ipstat.ips_odropped++;
			m_freem(m);
			while ((f = frags) != NULL) {
				frags = f->m_nextpkt;
				m_freem(f);
			}
			return (ENOBUFS);
		}
		*tail = f;
		tail = &f->m_nextpkt;
	}
	m_freem(m);
	ipstat.ips_fragmented++;
	while ((f = frags) != NULL) {
		frags = f->m_nextpkt;
		f->m_nextpkt = NULL;
		ipstat.ips_ofragments++;
		int e = ether_output(ifp, f, nexthop, mflags);
		if (e != 0 && error == 0)
			error = e;
	}
	return (error);
}

/*
 * Deliver a packet addressed to ourselves (the loopback path): received
 * on the interface owning the address, or on lo0 for 127/8 (none in a
 * stack without lo0).  A loopback interface counts what goes through it
 * both ways, as FreeBSD's if_simloop does: lo0's only traffic is this.
 * M_LOOP tells ip_input it never crossed a wire (a loopback source is
 * fine).  Nothing is fragmented here, whatever lo0's MTU says: a datagram
 * up to IP's 65535 bytes arrives whole, as over Linux's lo (MTU 65536).
 */
static int
ip_output_local(struct mbuf *m, struct ifnet *ifp)
{
	if (ifp != NULL && (ifp->if_flags & IFF_LOOPBACK)) {
		ifp->if_opackets++;
		ifp->if_obytes += (uint64_t)m->m_pkthdr.len;
		ifp->if_ipackets++;
		ifp->if_ibytes += (uint64_t)m->m_pkthdr.len;
	}
	m->m_pkthdr.rcvif = ifp;
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	m->m_flags |= M_LOOP;
	ip_input(m);
	return (0);
}

/*
 * Choose the interface and next hop: *ifpp, *nexthop.  0, or
 * EHOSTUNREACH with ips_noroute counted.
 */
static int
ip_route(struct ip *ip, struct ifnet *oifp, struct ifnet **ifpp,
    struct in_addr *nexthop)
{
	struct rtentry *rt;

	if (oifp != NULL) {
		*ifpp = oifp;
		*nexthop = ip->ip_dst;
		return (0);
	}
	if ((rt = rt_lookup(ip->ip_dst)) == NULL) {
		ipstat.ips_noroute++;
		return (EHOSTUNREACH);
	}
	*ifpp = rt->rt_ifp;
	*nexthop = (rt->rt_flags & RTF_GATEWAY) ? rt->rt_gateway : ip->ip_dst;
	return (0);
}

/*
 * Make the header contiguous and complete it (unless forwarded or raw);
 * NULL, the packet freed, when it is malformed (ip_len must match).
 */
static struct mbuf *
ip_output_header(struct mbuf *m, int flags)
{
	struct ip *ip;
	int hlen;

	if (m->m_pkthdr.len < IP_MINHLEN) {
		m_freem(m);
		return (NULL);
	}
	if ((m = m_pullup(m, IP_MINHLEN)) == NULL)
		return (NULL);
	ip = mtod(m, struct ip *);
	if (flags & IP_RAWOUTPUT)
		ipstat.ips_rawout++;
	else if (!(flags & IP_FORWARDING)) {
		ip_complete_header(ip);
		ipstat.ips_localout++;
	}
	hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	if (hlen < IP_MINHLEN || ntohs(ip->ip_len) != m->m_pkthdr.len) {
		m_freem(m);
		return (NULL);
	}
	return (m_pullup(m, hlen));
}

/*
 * The IPsec output hook.  Returns what ip_output should return; *mp is
 * the packet to go on with (header re-made contiguous, checksum redone),
 * or NULL when the hook consumed it or it was malformed.
 */
static int
ip_output_ipsec(struct mbuf **mp, struct ifnet **ifpp,
    struct in_addr *nexthop, int flags)
{
	int error = ipsec_output_hook(mp, ifpp, nexthop, flags);

	if (error != 0) {
		*mp = NULL;	/* consumed, whatever the hook left there */
		return (error == EJUSTRETURN ? 0 : error);
	}
	*mp = ip_output_header(*mp, IP_FORWARDING);
	if (*mp == NULL)
		return (EINVAL);
	ip_fill_cksum(*mp);
	return (0);
}

/* Send the finished packet: whole, or fragmented for the MTU. */
static int
ip_output_send(struct mbuf *m, struct ifnet *ifp, struct in_addr nexthop)
{
	struct ip *ip = mtod(m, struct ip *);
	int mflags;

	mflags = in_broadcast(nexthop, ifp) || in_broadcast(ip->ip_dst, ifp) ?
	    M_BCAST : 0;
	if (ntohs(ip->ip_len) <= (int)ifp->if_mtu)
		return (ether_output(ifp, m, nexthop, mflags));
	if (ntohs(ip->ip_off) & IP_DF) {
		ipstat.ips_cantfrag++;
		m_freem(m);
		return (EMSGSIZE);
	}
	return (ip_fragment_send(m, ifp, nexthop, mflags, (int)ifp->if_mtu));
}

int
ip_output(struct mbuf *m, int flags, struct ifnet *oifp)
{
	struct ifnet *ifp = NULL;
	struct in_addr nexthop, src;
	struct in_ifaddr *ia;
	struct ip *ip;
	int error;

	net_assert_locked();
	if ((m = ip_output_header(m, flags)) == NULL)
		return (EINVAL);
	ip = mtod(m, struct ip *);
	if (oifp == NULL && in_loopback(ip->ip_dst)) {
		if ((error = if_loop_reachable()) != 0) {
			ipstat.ips_noroute++;	/* what Linux's missing route is */
			m_freem(m);
			return (error);
		}
		if (ip->ip_src.s_addr == INADDR_ANY)
			ip->ip_src.s_addr = htonl(INADDR_LOOPBACK);
		ip_fill_cksum(m);
		return (ip_output_local(m, loif));
	}
	if (oifp == NULL && (ia = in_ifaddr_lookup(ip->ip_dst)) != NULL) {
		if (ip->ip_src.s_addr == INADDR_ANY)
			ip->ip_src = ip->ip_dst;
		ip_fill_cksum(m);
		return (ip_output_local(m, ia->ia_ifp));
	}
	if ((error = ip_route(ip, oifp, &ifp, &nexthop)) != 0) {
		m_freem(m);
		return (error);
	}
	if (in_broadcast(ip->ip_dst, ifp) && !(flags & IP_ALLOWBROADCAST)) {
		m_freem(m);
		return (EACCES);
	}
	if (ip->ip_src.s_addr == INADDR_ANY && !(flags & IP_FORWARDING)) {
		src.s_addr = INADDR_ANY;
		(void)in_ifaddr_source(ifp, ip->ip_dst, &src);
		ip->ip_src = src;
	}
	ip_fill_cksum(m);
	if (ipsec_output_hook != NULL && !(flags & IP_NOIPSEC)) {
		error = ip_output_ipsec(&m, &ifp, &nexthop, flags);
		if (m == NULL)
			return (error);	/* taken over or dropped by IPsec */
	}
	return (ip_output_send(m, ifp, nexthop));
}
