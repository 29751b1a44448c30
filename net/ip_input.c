/*
 * IPv4 input: the one place where a received IPv4 header is validated,
 * then reassembly, and delivery through the protocol switch or hand-off
 * to ip_forward.
 *
 * Validation order (each failure counted under its own ipstat reason,
 * the packet freed): runt (ips_toosmall), version (ips_badvers), header
 * length (ips_badhlen), checksum (ips_badsum), total length below the
 * header (ips_badlen), frame shorter than the total length
 * (ips_tooshort), options malformed (ips_badoptions), martian source,
 * or loopback destination from a wire (ips_badaddr).  Link padding beyond ip_len is trimmed.
 */
#include <stdint.h>
#include <string.h>

#include "net/icmp_var.h"
#include "net/if_var.h"
#include "net/in_cksum.h"
#include "net/in_pcb.h"
#include "net/in_var.h"
#include "net/ip_icmp.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/raw_ip_var.h"

struct ipstat ipstat;
int ip_forwarding = 0;
int ip_defttl = IPDEFTTL;

int (*ipsec_output_hook)(struct mbuf **, struct ifnet **, struct in_addr *,
    int);
int (*ipsec_input_hook)(struct mbuf *, int, int);
int (*ipsec_input_policy_hook)(struct mbuf *, int);
int (*ipsec_forward_hook)(struct mbuf *);

static ip_proto_input_t ip_protox[IPPROTO_MAX];	/* the protocol switch */
static uint16_t ip_id_next;			/* next ip_id */
static int		ip_id_ready;	/* ip_id_next drawn yet */

/*
 * Default ESP/AH entry: hand to IPsec.  ip_deliver only calls it when
 * ipsec_input_hook is set (otherwise the protocol counts as unknown).
 */
static int
ip_ipsec_default(struct mbuf *m, int off, int proto)
{
	return (ipsec_input_hook(m, off, proto));
}

void
ip_init(void)
{
	ip_protox[IPPROTO_ESP] = ip_ipsec_default;
	ip_protox[IPPROTO_AH] = ip_ipsec_default;
	ip_id_ready = 0;	/* drawn at first use: the kernel's generator may
				   not be seeded yet when the stack starts */
}

int
ip_proto_register(int proto, ip_proto_input_t input)
{
	if (proto <= 0 || proto >= IPPROTO_MAX || input == NULL)
		return (EINVAL);
	if (ip_protox[proto] != NULL && ip_protox[proto] != ip_ipsec_default)
		return (EEXIST);
	ip_protox[proto] = input;
	return (0);
}

int
ip_proto_unregister(int proto)
{
	if (proto <= 0 || proto >= IPPROTO_MAX)
		return (EINVAL);
	ip_protox[proto] = (proto == IPPROTO_ESP || proto == IPPROTO_AH) ?
	    ip_ipsec_default : NULL;
	return (0);
}

uint16_t
ip_newid(void)
{
	if (!ip_id_ready) {
		ip_id_next = (uint16_t)net_random();
		ip_id_ready = 1;
	}
	return (ip_id_next++);
}

void
ip_fill_cksum(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);

	ip->ip_sum = 0;
	ip->ip_sum = in_cksum_buf(ip, (size_t)IP_VHL_HL(ip->ip_vhl) << 2);
}

/* Options are only skipped, but must be well formed: 1 if they are. */
static int
ip_options_ok(const uint8_t *opt, int len)
{
	while (len > 0) {
		int olen;

		if (opt[0] == IPOPT_EOL)
			return (1);
		if (opt[0] == IPOPT_NOP) {
			opt++;
			len--;
			continue;
		}
		if (len < 2 || (olen = opt[1]) < 2 || olen > len)
			return (0);
		opt += olen;
		len -= olen;
	}
	return (1);
}

/*
 * Validate the header; returns m (header contiguous, padding trimmed) or
 * NULL after dropping and counting it.
 */
static struct mbuf *
ip_validate(struct mbuf *m)
{
	struct ip *ip;
	int hlen, len;

	if (m->m_pkthdr.len < IP_MINHLEN) {
		ipstat.ips_toosmall++;
		goto bad;
	}
	if ((m = m_pullup(m, IP_MINHLEN)) == NULL) {
		ipstat.ips_toosmall++;
		return (NULL);
	}
	ip = mtod(m, struct ip *);
	if (IP_VHL_V(ip->ip_vhl) != IPVERSION) {
		ipstat.ips_badvers++;
		goto bad;
	}
	hlen = IP_VHL_HL(ip->ip_vhl) << 2;
	if (hlen < IP_MINHLEN || hlen > m->m_pkthdr.len) {
		ipstat.ips_badhlen++;
		goto bad;
	}
	if (hlen > m->m_len) {
		if ((m = m_pullup(m, hlen)) == NULL) {
			ipstat.ips_badhlen++;
			return (NULL);
		}
		ip = mtod(m, struct ip *);
	}
	if (in_cksum_buf(ip, (size_t)hlen) != 0) {
		ipstat.ips_badsum++;
		goto bad;
	}
	len = ntohs(ip->ip_len);
	if (len < hlen) {
		ipstat.ips_badlen++;
		goto bad;
	}
	if (m->m_pkthdr.len < len) {
		ipstat.ips_tooshort++;
		goto bad;
	}
	if (m->m_pkthdr.len > len)
		m_adj(m, len - m->m_pkthdr.len);	/* link-level padding */
	if (!ip_options_ok((const uint8_t *)(ip + 1), hlen - IP_MINHLEN)) {
		ipstat.ips_badoptions++;
		goto bad;
	}
	/*
	 * RFC 1122 3.2.1.3: no broadcast, multicast or loopback source -- the
	 * broadcast and network addresses of every subnet we are on included,
	 * not only the receiving one's: an answer would go to everyone on that
	 * subnet (the UDP echo's reply to another interface's broadcast went
	 * out there as an Ethernet broadcast).  A loopback source or
	 * destination is fine only on a packet we sent ourselves (M_LOOP).
	 * 0.0.0.0 passes (a host starting up); services answer nothing to it
	 * (udp_echo_input, icmp_input).
	 */
	if (IN_MULTICAST(ntohl(ip->ip_src.s_addr)) ||
	    (ip->ip_src.s_addr != INADDR_ANY && in_broadcast_any(ip->ip_src)) ||
	    ((in_loopback(ip->ip_src) || in_loopback(ip->ip_dst)) &&
	    !(m->m_flags & M_LOOP))) {
		ipstat.ips_badaddr++;
		goto bad;
	}
	return (m);
bad:
	m_freem(m);
	return (NULL);
}

/*
 * Whether the packet is for this host: one of our addresses (any
 * interface), a broadcast of the receiving interface, or unicast UDP when
 * the interface has no address yet (a DHCP client being offered one; only
 * UDP, so nothing else is ever answered from an address we don't own).
 */
static int
ip_ours(const struct mbuf *m, const struct ip *ip)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;

	if (in_ifaddr_lookup(ip->ip_dst) != NULL)
		return (1);
	if (in_loopback(ip->ip_dst))
		return ((m->m_flags & M_LOOP) != 0);	/* never from a wire */
	if (ifp != NULL && in_broadcast(ip->ip_dst, ifp))
		return (1);
	if (ifp != NULL && in_ifaddr_first(ifp) == NULL &&
	    ip->ip_p == IPPROTO_UDP && !(m->m_flags & (M_BCAST | M_MCAST)))
		return (1);
	return (0);
}

/* Hand a complete packet for us to its protocol. */
static void
ip_deliver(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);
	int hlen = IP_VHL_HL(ip->ip_vhl) << 2, proto = ip->ip_p, raw;

	if (proto != IPPROTO_ESP && proto != IPPROTO_AH &&
	    ipsec_input_policy_hook != NULL &&
	    ipsec_input_policy_hook(m, proto) != 0) {
		ipstat.ips_policydrop++;
		m_freem(m);
		return;
	}
	/* Raw sockets see it first, as on Linux; the protocol may rewrite it. */
	raw = ripcbinfo.ipi_list != NULL ? rip_input(m, hlen, proto) : 0;
	if (ip_protox[proto] == NULL ||
	    (ip_protox[proto] == ip_ipsec_default && ipsec_input_hook == NULL)) {
		if (raw > 0) {	/* a raw socket speaks it: no unreachable */
			ipstat.ips_delivered++;
			m_freem(m);
			return;
		}
		ipstat.ips_noproto++;
		if (!(m->m_flags & (M_BCAST | M_MCAST)))
			icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_PROTOCOL, 0);
		else
			m_freem(m);
		return;
	}
	ipstat.ips_delivered++;
	(void)ip_protox[proto](m, hlen, proto);
}

void
ip_input(struct mbuf *m)
{
	struct ip *ip;

	net_assert_locked();
	ipstat.ips_total++;
	if ((m = ip_validate(m)) == NULL)
		return;
	ip = mtod(m, struct ip *);
	if (IN_MULTICAST(ntohl(ip->ip_dst.s_addr))) {
		ipstat.ips_notmember++;
		m_freem(m);
		return;
	}
	if (!ip_ours(m, ip)) {
		if (ip_forwarding && !(m->m_flags & (M_BCAST | M_MCAST))) {
			ip_forward(m);
		} else {
			ipstat.ips_cantforward++;
			m_freem(m);
		}
		return;
	}
	if (ntohs(ip->ip_off) & (IP_MF | IP_OFFMASK)) {
		ipstat.ips_fragments++;
		if ((m = ip_reass(m)) == NULL)
			return;
		ip_fill_cksum(m);
	}
	ip_deliver(m);
}
