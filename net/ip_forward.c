/*
 * IPv4 forwarding: a packet that is not for us, when ip_forwarding is on.
 *
 * The TTL is checked (ICMP time exceeded when it runs out), the route
 * looked up (ICMP unreachable when there is none), the IPsec forward hook
 * consulted, and the packet sent with ip_output(IP_FORWARDING), which
 * keeps the header (ip_sum is redone after the TTL decrement).  A copy of
 * the header and 8 bytes is kept to quote in an ICMP error if output
 * fails (need-frag when DF is set and the packet is too big).
 */
#include <stdint.h>

#include "net/icmp_var.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/ip_icmp.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/route.h"

/* ICMP for an ip_output error on the forward path, quoting mcopy. */
static void
ip_forward_error(struct mbuf *mcopy, int error, uint32_t mtu)
{
	switch (error) {
	case EMSGSIZE:
		icmp_error(mcopy, ICMP_UNREACH, ICMP_UNREACH_NEEDFRAG, mtu);
		break;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
		icmp_error(mcopy, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
		break;
	default:
		m_freem(mcopy);	/* ENOBUFS and the like: no source quench */
		break;
	}
}

void
ip_forward(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);
	struct rtentry *rt;
	struct mbuf *mcopy;
	uint32_t mtu;
	int error, hlen = IP_VHL_HL(ip->ip_vhl) << 2;

	net_assert_locked();
	if (in_broadcast(ip->ip_dst, NULL) || ip->ip_src.s_addr == INADDR_ANY) {
		ipstat.ips_cantforward++;
		m_freem(m);
		return;
	}
	if (ip->ip_ttl <= 1) {
		ipstat.ips_timeexceed++;
		icmp_error(m, ICMP_TIMXCEED, ICMP_TIMXCEED_INTRANS, 0);
		return;
	}
	if ((rt = rt_lookup(ip->ip_dst)) == NULL) {
		ipstat.ips_noroute++;
		ipstat.ips_cantforward++;
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_HOST, 0);
		return;
	}
	mtu = rt->rt_ifp->if_mtu;
	if (in_broadcast(ip->ip_dst, rt->rt_ifp)) {
		ipstat.ips_cantforward++;	/* no directed broadcasts */
		m_freem(m);
		return;
	}
	if (ipsec_forward_hook != NULL && ipsec_forward_hook(m) != 0) {
		ipstat.ips_policydrop++;
		m_freem(m);
		return;
	}
	mcopy = m_copym(m, 0, hlen + 8 < ntohs(ip->ip_len) ? hlen + 8 :
	    ntohs(ip->ip_len), M_NOWAIT);
	if (mcopy != NULL)
		mcopy = m_pullup(mcopy, hlen);
	ip->ip_ttl--;
	error = ip_output(m, IP_FORWARDING, NULL);
	if (error == 0) {
		ipstat.ips_forward++;
		m_freem(mcopy);
		return;
	}
	ipstat.ips_cantforward++;
	if (mcopy != NULL)
		ip_forward_error(mcopy, error, mtu);
}
