/*
 * UDP: input demultiplexing to sockets, output, the in-kernel socket-like
 * API, and the echo service (port 7).
 *
 * Sockets are PCBs in udbinfo (net/in_pcb.h).  A received datagram is
 * checked (length, checksum), matched to a PCB (the most specific: exact
 * local address, connected peer), and queued with a struct inp_meta in
 * front of the payload, or passed to the PCB's upcall.  No PCB: ICMP port
 * unreachable, unless it was broadcast; that error, coming back, becomes
 * ECONNREFUSED on a connected socket (udp_ctlinput).  The echo service
 * is an upcall that answers from the input path, so it needs no thread.
 */
#include <stddef.h>
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
#include "net/route.h"
#include "net/udp_var.h"

struct udpstat udpstat;
int udp_recvqlen = 256;
int udp_recvspace = 256 * 1024;
struct inpcbinfo udbinfo = { .ipi_ports = 1 };

#define UDP_MAXDATA	(IP_MAXPACKET - IP_MINHLEN - (int)sizeof(struct udphdr))
#define UDP_ECHO_PORT		7

static struct inpcb *udp_echo_so;	/* the echo service's socket */

void
udp_init(void)
{
	udbinfo.ipi_port_ready = 0;	/* drawn at first use (see ip_newid) */
}

/* Length and checksum checks; 0 with *ulenp, or -1 (counted). */
static int
udp_check(struct mbuf *m, int off, int *ulenp)
{
	struct ip *ip = mtod(m, struct ip *);
	struct udphdr *uh = (struct udphdr *)((char *)ip + off);
	int iplen = ntohs(ip->ip_len) - off, ulen = ntohs(uh->uh_ulen);

	if (ulen < (int)sizeof(*uh) || ulen > iplen) {
		udpstat.udps_badlen++;
		return (-1);
	}
	if (uh->uh_sum == 0) {
		udpstat.udps_nosum++;
	} else if (in_cksum_pseudo(m, off, ulen, ip->ip_src, ip->ip_dst,
	    IPPROTO_UDP) != 0) {
		udpstat.udps_badsum++;
		return (-1);
	}
	*ulenp = ulen;
	return (0);
}

/* What a socket learns about a datagram besides its data. */
static void
udp_meta(const struct mbuf *m, const struct ip *ip, uint16_t sport,
    struct inp_meta *meta)
{
	const struct ifnet *ifp = m->m_pkthdr.rcvif;

	memset(meta, 0, sizeof(*meta));
	meta->im_src = ip->ip_src;
	meta->im_dst = ip->ip_dst;
	meta->im_sport = sport;
	meta->im_ttl = ip->ip_ttl;
	meta->im_tos = ip->ip_tos;
	meta->im_ifindex = ifp != NULL ? ifp->if_index : 0;
}

int
udp_input(struct mbuf *m, int off, int proto)
{
	struct ip *ip = mtod(m, struct ip *);
	struct inp_meta meta;
	struct udphdr *uh;
	struct inpcb *inp;
	uint16_t sport, dport;
	int ulen;

	(void)proto;
	udpstat.udps_ipackets++;
	if (ntohs(ip->ip_len) - off < (int)sizeof(*uh)) {
		udpstat.udps_hdrops++;
		goto drop;
	}
	if ((m = m_pullup(m, off + (int)sizeof(*uh))) == NULL) {
		udpstat.udps_hdrops++;
		return (ENOBUFS);
	}
	if (udp_check(m, off, &ulen) != 0)
		goto drop;
	ip = mtod(m, struct ip *);
	uh = (struct udphdr *)((char *)ip + off);
	sport = ntohs(uh->uh_sport);
	dport = ntohs(uh->uh_dport);
	inp = in_pcblookup(&udbinfo, ip->ip_src, sport, ip->ip_dst, dport,
	    m->m_pkthdr.rcvif);
	if (inp == NULL) {
		if ((m->m_flags & (M_BCAST | M_MCAST)) ||
		    in_broadcast(ip->ip_dst, m->m_pkthdr.rcvif)) {
			udpstat.udps_noportbcast++;
			goto drop;
		}
		udpstat.udps_noport++;
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_PORT, 0);
		return (0);
	}
	udp_meta(m, ip, sport, &meta);
	/* Keep only the payload: the IP and UDP headers go, so does excess. */
	m_adj(m, off + (int)sizeof(*uh));
	m_adj(m, -(m->m_pkthdr.len - (ulen - (int)sizeof(*uh))));
	if (in_pcbdeliver(inp, m, &meta) != 0)
		udpstat.udps_fullsock++;
	else
		udpstat.udps_delivered++;
	return (0);
drop:
	m_freem(m);
	return (0);
}

/* The error a connected socket reports for an ICMP unreachable code. */
static int
udp_unreach_error(int code)
{
	switch (code) {
	case ICMP_UNREACH_PORT:
		return (ECONNREFUSED);
	case ICMP_UNREACH_PROTOCOL:
		return (ENOPROTOOPT);
	default:
		return (0);	/* not fatal: Linux tells a socket only these */
	}
}

void
udp_ctlinput(int type, int code, const struct ip *oip,
    const struct udphdr *ouh)
{
	int error;

	if (type != ICMP_UNREACH || (error = udp_unreach_error(code)) == 0)
		return;
	in_pcbnotify(&udbinfo, oip->ip_src, ntohs(ouh->uh_sport), oip->ip_dst,
	    ntohs(ouh->uh_dport), error);
}

int
udp_output(struct inpcb *inp, struct mbuf *m, struct in_addr dst,
    uint16_t dport, const struct inp_sendopts *o)
{
	int len = m->m_pkthdr.len, error;
	struct in_addr chosen, src = { INADDR_ANY };
	struct ifnet *oifp;
	struct udphdr *uh;
	struct ip *ip;

	net_assert_locked();
	if (len > UDP_MAXDATA) {
		m_freem(m);
		return (EMSGSIZE);
	}
	if ((error = in_pcbsource(inp, dst, &chosen, &oifp)) != 0) {
		m_freem(m);
		udpstat.udps_odropped++;
		return (error);
	}
	if (o != NULL)
		src = o->iso_src;
	if (src.s_addr == INADDR_ANY)
		src = chosen;
	M_PREPEND(m, IP_MINHLEN + (int)sizeof(*uh), M_NOWAIT);
	if (m == NULL || (m = m_pullup(m, IP_MINHLEN + sizeof(*uh))) == NULL) {
		udpstat.udps_odropped++;
		return (ENOBUFS);
	}
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN);
	uh = (struct udphdr *)(ip + 1);
	uh->uh_sport = htons(inp->inp_lport);
	uh->uh_dport = htons(dport);
	uh->uh_ulen = htons((uint16_t)(sizeof(*uh) + (size_t)len));
	uh->uh_sum = 0;
	uh->uh_sum = in_cksum_pseudo(m, IP_MINHLEN, (int)sizeof(*uh) + len,
	    src, dst, IPPROTO_UDP);
	if (uh->uh_sum == 0)
		uh->uh_sum = 0xffff;	/* 0 would mean "no checksum" */
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + sizeof(*uh) + (size_t)len));
	ip->ip_p = IPPROTO_UDP;
	ip->ip_tos = o != NULL && o->iso_tos >= 0 ? (uint8_t)o->iso_tos : inp->inp_tos;
	ip->ip_ttl = (uint8_t)(o != NULL && o->iso_ttl != 0 ? o->iso_ttl : inp->inp_ttl);
	ip->ip_src = src;
	ip->ip_dst = dst;
	error = ip_output(m, (inp->inp_flags & INP_BROADCAST) ?
	    IP_ALLOWBROADCAST : 0, oifp);
	if (error == 0)
		udpstat.udps_opackets++;
	else
		udpstat.udps_odropped++;
	return (error);
}

struct inpcb *
udp_attach(void)
{
	return (in_pcballoc(&udbinfo, IPPROTO_UDP, udp_recvqlen, udp_recvspace));
}

int
udp_send(struct inpcb *inp, struct mbuf *m, const struct in_addr *dst,
    uint16_t dport, const struct inp_sendopts *o)
{
	int error;

	net_assert_locked();
	if (o != NULL && !in_pcblocaladdr(o->iso_src)) {
		m_freem(m);	/* Linux: no route from an address not ours */
		return (ENETUNREACH);
	}
	if ((error = in_pcbtakeerror(inp)) != 0) {
		m_freem(m);	/* Linux reports a pending error first */
		return (error);
	}
	if (dst == NULL) {
		if (inp->inp_faddr.s_addr == INADDR_ANY) {
			m_freem(m);
			return (EDESTADDRREQ);
		}
		return (udp_output(inp, m, inp->inp_faddr, inp->inp_fport, o));
	}
	if (m->m_pkthdr.len > UDP_MAXDATA) {
		m_freem(m);
		return (EMSGSIZE);
	}
	if (in_pcbbroadcast(*dst) && !(inp->inp_flags & INP_BROADCAST)) {
		m_freem(m);	/* before the route: EACCES even with none */
		return (EACCES);
	}
	if (inp->inp_lport == 0 &&
	    (error = in_pcbbind(inp, (struct in_addr){ INADDR_ANY }, 0)) != 0) {
		m_freem(m);
		return (error);
	}
	return (udp_output(inp, m, *dst, dport, o));
}

/* In-kernel sockets may broadcast (DHCP); user sockets need SO_BROADCAST. */
struct inpcb *
udp_socket(void)
{
	struct inpcb *inp;

	net_lock();
	if ((inp = udp_attach()) != NULL)
		inp->inp_flags |= INP_BROADCAST;
	net_unlock();
	return (inp);
}

int
udp_bind(struct inpcb *inp, struct in_addr addr, uint16_t port)
{
	int error;

	net_lock();
	error = in_pcbbind(inp, addr, port);
	net_unlock();
	return (error);
}

uint16_t
udp_localport(const struct inpcb *inp)
{
	return (inp->inp_lport);
}

void
udp_bindif(struct inpcb *inp, struct ifnet *ifp)
{
	net_lock();
	inp->inp_ifp = ifp;
	net_unlock();
}

int
udp_sendto(struct inpcb *inp, const void *buf, size_t len, struct in_addr dst,
    uint16_t dport)
{
	struct mbuf *m;
	int error;

	if (len > UDP_MAXDATA)
		return (-EMSGSIZE);
	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		return (-ENOBUFS);
	m->m_data += 64;	/* room for the UDP, IP and Ethernet headers */
	if (!m_append(m, (int)len, buf)) {
		m_freem(m);
		return (-ENOBUFS);
	}
	net_lock();
	error = udp_send(inp, m, &dst, dport, NULL);
	net_unlock();
	return (error != 0 ? -error : (int)len);
}

int
udp_recvfrom(struct inpcb *inp, void *buf, size_t len, struct in_addr *src,
    uint16_t *sport, uint32_t timeout_ms)
{
	uint64_t deadline = net_uptime_ms() + timeout_ms;
	struct inp_meta meta;
	struct mbuf *m;
	int dlen, left;

	net_lock();
	if (inp->inp_lport == 0) {
		net_unlock();
		return (-ENOTCONN);
	}
	while (inp->inp_q == NULL) {
		int64_t remain = net_ms_diff(deadline, net_uptime_ms());

		if (timeout_ms != 0 && remain <= 0) {
			net_unlock();
			return (-ETIMEDOUT);
		}
		(void)net_sleep(inp, timeout_ms == 0 ? 0 : (uint32_t)remain);
	}
	m = in_pcbdequeue(inp, 0);
	net_unlock();
	m_copydata(m, 0, sizeof(meta), &meta);
	dlen = m->m_pkthdr.len - (int)sizeof(meta);
	left = (size_t)dlen < len ? dlen : (int)len;
	m_copydata(m, sizeof(meta), left, buf);
	m_freem(m);
	if (src != NULL)
		*src = meta.im_src;
	if (sport != NULL)
		*sport = meta.im_sport;
	return (dlen);
}

int
udp_pending(struct inpcb *inp)
{
	int n;

	net_lock();
	n = inp->inp_qlen;
	net_unlock();
	return (n);
}

void
udp_set_upcall(struct inpcb *inp, inp_upcall_t fn, void *arg)
{
	net_lock();
	inp->inp_upcall = fn;
	inp->inp_uparg = arg;
	net_unlock();
}

void
udp_close(struct inpcb *inp)
{
	net_lock();
	if (inp == udp_echo_so)
		udp_echo_so = NULL;
	in_pcbfree(inp);
	net_unlock();
}

/*
 * The echo upcall: send the payload back to where it came from, from the
 * address it was sent to (unless that was a broadcast).  Datagrams from
 * port 7 are not answered, so two echo servers cannot ping-pong, nor from
 * a source that is a broadcast (or 0.0.0.0), so we are no reflector.
 */
static int
udp_echo_input(struct inpcb *so, struct mbuf *m, const struct inp_meta *meta,
    void *arg)
{
	struct in_addr from = meta->im_dst, src = meta->im_src;
	uint16_t sport = meta->im_sport;

	(void)arg;
	if (sport == UDP_ECHO_PORT || sport == 0) {
		m_freem(m);
		return (0);
	}
	/* Never answer a service request with a broadcast (RFC 1122 3.2.1.3). */
	if (in_broadcast(src, m->m_pkthdr.rcvif) || IN_MULTICAST(ntohl(src.s_addr))) {
		udpstat.udps_echorefused++;
		m_freem(m);
		return (0);
	}
	if (in_ifaddr_lookup(from) == NULL && !in_loopback(from))
		from.s_addr = INADDR_ANY;
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	m->m_pkthdr.rcvif = NULL;
	if (udp_output(so, m, src, sport, &(struct inp_sendopts){ .iso_src = from,
	    .iso_tos = -1 }) == 0)
		udpstat.udps_echoed++;
	return (0);
}

int
udp_echo_start(void)
{
	struct inpcb *so;
	int error;

	net_lock();
	if (udp_echo_so != NULL) {
		net_unlock();
		return (EADDRINUSE);
	}
	if ((so = udp_attach()) == NULL) {
		net_unlock();
		return (ENOMEM);
	}
	so->inp_upcall = udp_echo_input;
	error = in_pcbbind(so, (struct in_addr){ INADDR_ANY }, UDP_ECHO_PORT);
	if (error == 0)
		udp_echo_so = so;
	else
		in_pcbfree(so);
	net_unlock();
	return (error);
}

void
udp_echo_stop(void)
{
	struct inpcb *so;

	net_lock();
	so = udp_echo_so;
	net_unlock();
	if (so != NULL)
		udp_close(so);
}
