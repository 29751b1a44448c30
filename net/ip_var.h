/*
 * IPv4 software state: statistics, the protocol switch, the input, output,
 * forward and reassembly stages, and the hook points where IPsec plugs in.
 * Wire format: net/ip.h.
 *
 * Stages (each its own file):
 *   ip_input    (net/ip_input.c)   validate, reassemble, deliver or forward
 *   ip_reass    (net/ip_reass.c)   fragment queues with limits and timeout
 *   ip_forward  (net/ip_forward.c) TTL, route, ICMP errors, then ip_output
 *   ip_output   (net/ip_output.c)  route, IPsec output, fragment, ether_output
 * All of them run with the net lock held.
 *
 * IPsec hook points (function pointers, NULL when IPsec is absent; set
 * them with the net lock held):
 *   ipsec_output_hook       ip_output, after the route lookup, before
 *                           fragmentation
 *   ESP/AH input            the protocol switch: ip_proto_register(50/51),
 *                           or ipsec_input_hook which the default 50/51
 *                           entries call
 *   ipsec_input_policy_hook ip_input, before delivering to any other
 *                           protocol (ICMP, UDP, IP-in-IP...)
 *   ipsec_forward_hook      ip_forward, before the packet is sent on
 * Re-injection: ip_input() takes a decapsulated packet, ip_output() with
 * IP_RAWOUTPUT an encapsulated one (IP_NOIPSEC avoids a second pass).
 */
#ifndef NET_IP_VAR_H
#define NET_IP_VAR_H

#include <stdint.h>

#include "net/in.h"
#include "net/ip.h"

struct ifnet;
struct mbuf;

/* IPv4 counters (netstat -s "ip:"), FreeBSD's names. */
struct ipstat {
	uint64_t ips_total;		/* packets received */
	uint64_t ips_badsum;		/* header checksum wrong */
	uint64_t ips_tooshort;		/* frame shorter than ip_len */
	uint64_t ips_toosmall;		/* not even a minimal header (runt) */
	uint64_t ips_badhlen;		/* IHL < 5 or beyond the packet */
	uint64_t ips_badlen;		/* ip_len < header length */
	uint64_t ips_badvers;		/* version != 4 */
	uint64_t ips_badaddr;		/* martian source (multicast/broadcast/loopback) */
	uint64_t ips_badoptions;	/* malformed options (dropped) */
	uint64_t ips_fragments;		/* fragments received */
	uint64_t ips_fragdropped;	/* fragments dropped (limits, overlap, bad) */
	uint64_t ips_fragoverlap;	/* datagrams dropped for overlapping fragments */
	uint64_t ips_fragmixed;		/* fragments not joined: protected unlike their datagram's others */
	uint64_t ips_fragtimeout;	/* fragments dropped after IPFRAGTTL */
	uint64_t ips_reassembled;	/* datagrams reassembled */
	uint64_t ips_toolong;		/* reassembled datagram over IP_MAXPACKET */
	uint64_t ips_forward;		/* packets forwarded */
	uint64_t ips_cantforward;	/* not for us and not forwardable */
	uint64_t ips_notmember;		/* multicast (no groups joined) */
	uint64_t ips_noproto;		/* for us, unknown protocol */
	uint64_t ips_delivered;		/* passed to a protocol */
	uint64_t ips_localout;		/* packets we sent (ip_output calls) */
	uint64_t ips_odropped;		/* output dropped: no buffers */
	uint64_t ips_noroute;		/* output/forward: no route */
	uint64_t ips_fragmented;	/* datagrams fragmented on output */
	uint64_t ips_ofragments;	/* fragments sent */
	uint64_t ips_cantfrag;		/* DF set but too big (EMSGSIZE / needfrag) */
	uint64_t ips_rawout;		/* ip_output with IP_RAWOUTPUT */
	uint64_t ips_policydrop;	/* dropped by an IPsec policy hook */
	uint64_t ips_timeexceed;	/* forward: TTL ran out */
};
extern struct ipstat ipstat;

/* Tunables. */
extern int ip_forwarding;	/* net.inet.ip.forwarding: 1 = route between interfaces */
extern int ip_defttl;		/* net.inet.ip.ttl (64) */
extern int ip_maxfragpackets;	/* reassembly queues at once (64) */
extern int ip_maxfragsperpacket;	/* fragments per datagram (64) */

/* ip_output flags */
#define IP_FORWARDING		0x1	/* from ip_forward: header complete, keep it */
#define IP_RAWOUTPUT		0x2	/* header complete (reinjection): only ip_sum is redone */
#define IP_ALLOWBROADCAST	0x20	/* broadcast destination allowed */
#define IP_NOIPSEC		0x100	/* Sanpo: skip ipsec_output_hook (already processed) */

/*
 * ip_input: a received IPv4 packet (m starts at the IP header,
 * m_pkthdr.rcvif set).  Validates it (every drop counted in ipstat under
 * its reason), reassembles fragments, and delivers it to the protocol
 * switch or forwards it.  Net lock held; consumes m.
 */
void	 ip_input(struct mbuf *m);

/*
 * ip_output: send the IPv4 packet m, which starts with its IP header.
 * Normally the caller fills ip_tos, ip_len, ip_off (only IP_DF), ip_ttl
 * (0 = ip_defttl), ip_p, ip_dst and optionally ip_src (0 = chosen from
 * the outgoing interface); ip_output fills version/IHL, ip_id, ip_sum.
 * With IP_FORWARDING or IP_RAWOUTPUT the header is kept as is (ip_sum
 * redone).  oifp non-NULL sends straight out of that interface with the
 * destination as next hop, no route lookup (limited broadcast, DHCP).
 * Net lock held; consumes m in every case.  Returns 0, EHOSTUNREACH (no
 * route), EMSGSIZE (DF and larger than the MTU), EACCES (broadcast without
 * IP_ALLOWBROADCAST), ENETDOWN, ENOBUFS, EHOSTDOWN (ARP failed), EINVAL.
 */
int	 ip_output(struct mbuf *m, int flags, struct ifnet *oifp);

/*
 * ip_forward: a packet received for someone else.  Net lock held;
 * consumes m.  Sends ICMP time exceeded (TTL), unreachable (no route) or
 * need-frag (DF, too big) as appropriate.
 */
void	 ip_forward(struct mbuf *m);

/*
 * ip_reass: add a fragment (m starts at its IP header, header validated,
 * ip_len/ip_off as on the wire).  Returns the reassembled packet (header
 * updated: ip_len total, ip_off 0, checksum not recomputed) or NULL when
 * more fragments are needed or the fragment was dropped (counted).
 */
struct mbuf *ip_reass(struct mbuf *m);
/* Expire reassembly queues older than IPFRAGTTL; from net_slowtimo(). */
void	 ip_reass_slowtimo(void);
/* Number of datagrams being reassembled. */
int	 ip_reass_count(void);
/* Drop every reassembly queue (counted as fragdropped). */
void	 ip_reass_drain(void);

/* Fills ip_sum of the header at the start of m (first mbuf contiguous). */
void	 ip_fill_cksum(struct mbuf *m);
/* A fresh ip_id. */
uint16_t ip_newid(void);

/*
 * The protocol switch.  An input function receives the whole packet (m
 * starts at the IP header, which is contiguous in the first mbuf; ip_len
 * and ip_off in network order; ip_off 0 since fragments are reassembled
 * first), the header length `off` and the protocol; it consumes m and
 * returns 0 or an errno (only counted, never acted on).
 * ip_proto_register: 0, EINVAL (proto out of range), EEXIST (a handler is
 * there; the default ESP/AH entries that call ipsec_input_hook may be
 * replaced).  Lock held.
 */
typedef int (*ip_proto_input_t)(struct mbuf *m, int off, int proto);
int	 ip_proto_register(int proto, ip_proto_input_t input);
int	 ip_proto_unregister(int proto);

/*
 * IPsec hook points.  Contracts:
 *
 * ipsec_output_hook(mp, ifpp, nexthop, flags): called by ip_output for
 *   every packet not flagged IP_NOIPSEC, after the route lookup (*ifpp,
 *   *nexthop are the chosen interface and next hop) and before
 *   fragmentation, with the complete packet (header filled, ip_sum
 *   valid).  Returns 0 to let ip_output continue with *mp (which the hook
 *   may have replaced or rewritten, e.g. transport mode: ip_output then
 *   re-reads the header, recomputes ip_sum and uses *ifpp and *nexthop, which
 *   the hook may also change).  Any other return means the hook consumed
 *   the packet: EJUSTRETURN when it took it over (tunnel mode re-injecting
 *   through ip_output(IP_RAWOUTPUT|IP_NOIPSEC), or queued for crypto),
 *   ip_output then returns 0; an errno when it dropped it (ip_output
 *   returns it).
 *
 * ipsec_input_hook(m, off, proto): the default protocol-switch handler
 *   for IPPROTO_ESP and IPPROTO_AH (when no ip_proto_register'ed one).
 *   Same contract as a protocol input: consumes m.  When NULL those
 *   packets count as ips_noproto.
 *
 * ipsec_input_policy_hook(m, proto): called by ip_input before delivering
 *   a packet for us to any protocol other than ESP/AH; returns 0 to
 *   deliver, nonzero to drop (ip_input frees m and counts
 *   ips_policydrop).  It must not free or modify m.  It can tell packets
 *   already decapsulated by IPsec by the packet tags IPsec put on them.
 *
 * ipsec_forward_hook(m): called by ip_forward after the TTL check and
 *   route lookup, before ip_output; returns 0 to forward (ip_output's
 *   ipsec_output_hook still applies), nonzero to drop (ip_forward frees m,
 *   counts ips_policydrop).  Must not free or modify m.
 */
extern int (*ipsec_output_hook)(struct mbuf **mp, struct ifnet **ifpp,
    struct in_addr *nexthop, int flags);
extern int (*ipsec_input_hook)(struct mbuf *m, int off, int proto);
extern int (*ipsec_input_policy_hook)(struct mbuf *m, int proto);
extern int (*ipsec_forward_hook)(struct mbuf *m);

#endif /* NET_IP_VAR_H */
