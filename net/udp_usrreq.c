/*
 * UDP: input demultiplexing to sockets, output, the in-kernel socket-like
 * API, and the echo service (port 7).
 *
 * Sockets live in one list (a handful exist).  A received datagram is
 * checked (length, checksum), matched to a socket (an exact local address
 * beats a wildcard), and queued with its source in front of the payload
 * (struct udp_meta), or passed to the socket's upcall.  No socket: ICMP
 * port unreachable, unless it was broadcast.  The echo service is an
 * upcall that answers from the input path, so it needs no thread.
 */
#include <stddef.h>
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
#include "net/route.h"
#include "net/udp_var.h"

struct udpstat udpstat;
int udp_recvqlen = 256;
int udp_recvspace = 256 * 1024;

#define UDP_MAXDATA	(IP_MAXPACKET - IP_MINHLEN - (int)sizeof(struct udphdr))
#define UDP_EPHEMERAL_FIRST	49152
#define UDP_ECHO_PORT		7

/* A UDP socket (FreeBSD's inpcb + socket, reduced to what we need). */
struct udpcb {
	struct udpcb	*u_next;	/* all sockets */
	struct in_addr	 u_laddr;	/* bound address, or INADDR_ANY */
	uint16_t	 u_lport;	/* bound port, host order; 0 = unbound */
	struct ifnet	*u_ifp;		/* udp_bindif interface, or NULL */
	struct mbuf	*u_q;		/* received datagrams (m_nextpkt) */
	struct mbuf	*u_qtail;	/* last of u_q */
	int		 u_qlen;	/* datagrams in u_q */
	int		 u_qbytes;	/* payload bytes in u_q */
	udp_upcall_t	 u_upcall;	/* receive upcall, or NULL */
	void		*u_uparg;	/* its argument */
};

/* Where a queued datagram came from: stored in front of its payload. */
struct udp_meta {
	struct in_addr	src;		/* source address */
	uint16_t	sport;		/* source port, host order */
	uint16_t	pad;		/* keeps the struct 8 bytes */
};

static struct udpcb *udp_sockets;	/* every socket */
static uint16_t udp_nextport = UDP_EPHEMERAL_FIRST;	/* next ephemeral */
static int	udp_port_ready;		/* udp_nextport drawn yet */
static struct udpcb *udp_echo_so;	/* the echo service's socket */

void
udp_init(void)
{
	udp_port_ready = 0;	/* drawn at first use (see ip_newid) */
}

/* The socket for dst:dport arriving on ifp (exact address first). */
static struct udpcb *
udp_lookup(struct in_addr dst, uint16_t dport, const struct ifnet *ifp)
{
	struct udpcb *so, *wild = NULL;

	for (so = udp_sockets; so != NULL; so = so->u_next) {
		if (so->u_lport != dport ||
		    (so->u_ifp != NULL && so->u_ifp != ifp))
			continue;
		if (so->u_laddr.s_addr == dst.s_addr)
			return (so);
		if (so->u_laddr.s_addr == INADDR_ANY && wild == NULL)
			wild = so;
	}
	return (wild);
}

/* Whether addr:port is taken by another bound socket. */
static int
udp_inuse(struct in_addr addr, uint16_t port)
{
	struct udpcb *so;

	for (so = udp_sockets; so != NULL; so = so->u_next)
		if (so->u_lport == port &&
		    (so->u_laddr.s_addr == INADDR_ANY ||
		    addr.s_addr == INADDR_ANY ||
		    so->u_laddr.s_addr == addr.s_addr))
			return (1);
	return (0);
}

/* Queue the payload m (from src:sport) on so, or drop it if full. */
static void
udp_enqueue(struct udpcb *so, struct mbuf *m, struct in_addr src,
    uint16_t sport)
{
	struct udp_meta meta = { .src = src, .sport = sport };
	int len = m->m_pkthdr.len;

	if (so->u_qlen >= udp_recvqlen || so->u_qbytes + len > udp_recvspace) {
		udpstat.udps_fullsock++;
		m_freem(m);
		return;
	}
	M_PREPEND(m, (int)sizeof(meta), M_NOWAIT);
	if (m == NULL) {
		udpstat.udps_fullsock++;
		return;
	}
	memcpy(mtod(m, void *), &meta, sizeof(meta));
	m->m_nextpkt = NULL;
	if (so->u_qtail != NULL)
		so->u_qtail->m_nextpkt = m;
	else
		so->u_q = m;
	so->u_qtail = m;
	so->u_qlen++;
	so->u_qbytes += len;
	udpstat.udps_delivered++;
	net_wakeup(so);
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

int
udp_input(struct mbuf *m, int off, int proto)
{
	struct ip *ip = mtod(m, struct ip *);
	struct in_addr src, dst;
	struct udphdr *uh;
	struct udpcb *so;
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
	src = ip->ip_src;
	dst = ip->ip_dst;
	sport = ntohs(uh->uh_sport);
	dport = ntohs(uh->uh_dport);
	so = udp_lookup(dst, dport, m->m_pkthdr.rcvif);
	if (so == NULL) {
		if ((m->m_flags & (M_BCAST | M_MCAST)) ||
		    in_broadcast(dst, m->m_pkthdr.rcvif)) {
			udpstat.udps_noportbcast++;
			goto drop;
		}
		udpstat.udps_noport++;
		icmp_error(m, ICMP_UNREACH, ICMP_UNREACH_PORT, 0);
		return (0);
	}
	/* Keep only the payload: the IP and UDP headers go, so does excess. */
	m_adj(m, off + (int)sizeof(*uh));
	m_adj(m, -(m->m_pkthdr.len - (ulen - (int)sizeof(*uh))));
	if (so->u_upcall != NULL) {
		udpstat.udps_delivered++;
		so->u_upcall(so, m, src, sport, dst, so->u_uparg);
		return (0);
	}
	udp_enqueue(so, m, src, sport);
	return (0);
drop:
	m_freem(m);
	return (0);
}

/* The source address for a datagram from so to dst; 0 or errno. */
static int
udp_source(struct udpcb *so, struct in_addr dst, struct in_addr *src,
    struct ifnet **oifp)
{
	struct rtentry *rt;

	*oifp = NULL;
	if (so->u_ifp != NULL && in_broadcast(dst, so->u_ifp)) {
		*oifp = so->u_ifp;	/* DHCP: out of this interface */
		if (src->s_addr == INADDR_ANY)
			(void)in_ifaddr_source(so->u_ifp, dst, src);
		return (0);
	}
	if (src->s_addr != INADDR_ANY)
		return (0);
	if (in_ifaddr_lookup(dst) != NULL) {
		*src = dst;	/* to ourselves */
		return (0);
	}
	if ((rt = rt_lookup(dst)) == NULL)
		return (EHOSTUNREACH);
	(void)in_ifaddr_source(rt->rt_ifp, dst, src);
	return (0);
}

int
udp_output(struct udpcb *so, struct mbuf *m, struct in_addr src,
    struct in_addr dst, uint16_t dport)
{
	int len = m->m_pkthdr.len, error;
	struct ifnet *oifp;
	struct udphdr *uh;
	struct ip *ip;

	net_assert_locked();
	if (len > UDP_MAXDATA) {
		m_freem(m);
		return (EMSGSIZE);
	}
	if (src.s_addr == INADDR_ANY)
		src = so->u_laddr;
	if ((error = udp_source(so, dst, &src, &oifp)) != 0) {
		m_freem(m);
		udpstat.udps_odropped++;
		return (error);
	}
	M_PREPEND(m, IP_MINHLEN + (int)sizeof(*uh), M_NOWAIT);
	if (m == NULL || (m = m_pullup(m, IP_MINHLEN + sizeof(*uh))) == NULL) {
		udpstat.udps_odropped++;
		return (ENOBUFS);
	}
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN);
	uh = (struct udphdr *)(ip + 1);
	uh->uh_sport = htons(so->u_lport);
	uh->uh_dport = htons(dport);
	uh->uh_ulen = htons((uint16_t)(sizeof(*uh) + (size_t)len));
	uh->uh_sum = 0;
	uh->uh_sum = in_cksum_pseudo(m, IP_MINHLEN, (int)sizeof(*uh) + len,
	    src, dst, IPPROTO_UDP);
	if (uh->uh_sum == 0)
		uh->uh_sum = 0xffff;	/* 0 would mean "no checksum" */
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + sizeof(*uh) + (size_t)len));
	ip->ip_p = IPPROTO_UDP;
	ip->ip_src = src;
	ip->ip_dst = dst;
	error = ip_output(m, IP_ALLOWBROADCAST, oifp);
	if (error == 0)
		udpstat.udps_opackets++;
	else
		udpstat.udps_odropped++;
	return (error);
}

struct udpcb *
udp_socket(void)
{
	return (net_malloc(sizeof(struct udpcb)));
}

/* Bind with the lock held. */
static int
udp_bind_locked(struct udpcb *so, struct in_addr addr, uint16_t port)
{
	int tries;

	if (so->u_lport != 0)
		return (EINVAL);
	if (addr.s_addr != INADDR_ANY && in_ifaddr_lookup(addr) == NULL)
		return (EADDRNOTAVAIL);
	if (port == 0 && !udp_port_ready) {
		udp_nextport = (uint16_t)(UDP_EPHEMERAL_FIRST + net_random() % 16384);
		udp_port_ready = 1;
	}
	if (port == 0) {
		for (tries = 0; tries < 16384; tries++) {
			port = udp_nextport;
			udp_nextport = udp_nextport == 65535 ?
			    UDP_EPHEMERAL_FIRST : (uint16_t)(udp_nextport + 1);
			if (!udp_inuse(addr, port))
				break;
		}
		if (tries == 16384)
			return (EADDRINUSE);
	} else if (udp_inuse(addr, port)) {
		return (EADDRINUSE);
	}
	so->u_laddr = addr;
	so->u_lport = port;
	so->u_next = udp_sockets;
	udp_sockets = so;
	return (0);
}

int
udp_bind(struct udpcb *so, struct in_addr addr, uint16_t port)
{
	int error;

	net_lock();
	error = udp_bind_locked(so, addr, port);
	net_unlock();
	return (error);
}

uint16_t
udp_localport(const struct udpcb *so)
{
	return (so->u_lport);
}

void
udp_bindif(struct udpcb *so, struct ifnet *ifp)
{
	net_lock();
	so->u_ifp = ifp;
	net_unlock();
}

int
udp_sendto(struct udpcb *so, const void *buf, size_t len, struct in_addr dst,
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
	error = so->u_lport == 0 ?
	    udp_bind_locked(so, (struct in_addr){ INADDR_ANY }, 0) : 0;
	if (error == 0)
		error = udp_output(so, m, (struct in_addr){ INADDR_ANY }, dst,
		    dport);
	else
		m_freem(m);
	net_unlock();
	return (error != 0 ? -error : (int)len);
}

/* Take the first queued datagram of so (lock held). */
static struct mbuf *
udp_dequeue(struct udpcb *so)
{
	struct mbuf *m = so->u_q;

	so->u_q = m->m_nextpkt;
	if (so->u_q == NULL)
		so->u_qtail = NULL;
	m->m_nextpkt = NULL;
	so->u_qlen--;
	so->u_qbytes -= m->m_pkthdr.len - (int)sizeof(struct udp_meta);
	return (m);
}

int
udp_recvfrom(struct udpcb *so, void *buf, size_t len, struct in_addr *src,
    uint16_t *sport, uint32_t timeout_ms)
{
	uint64_t deadline = net_uptime_ms() + timeout_ms;
	struct udp_meta meta;
	struct mbuf *m;
	int dlen, left;

	net_lock();
	if (so->u_lport == 0) {
		net_unlock();
		return (-ENOTCONN);
	}
	while (so->u_q == NULL) {
		int64_t remain = net_ms_diff(deadline, net_uptime_ms());

		if (timeout_ms != 0 && remain <= 0) {
			net_unlock();
			return (-ETIMEDOUT);
		}
		(void)net_sleep(so, timeout_ms == 0 ? 0 : (uint32_t)remain);
	}
	m = udp_dequeue(so);
	net_unlock();
	m_copydata(m, 0, sizeof(meta), &meta);
	dlen = m->m_pkthdr.len - (int)sizeof(meta);
	left = (size_t)dlen < len ? dlen : (int)len;
	m_copydata(m, sizeof(meta), left, buf);
	m_freem(m);
	if (src != NULL)
		*src = meta.src;
	if (sport != NULL)
		*sport = meta.sport;
	return (dlen);
}

int
udp_pending(struct udpcb *so)
{
	int n;

	net_lock();
	n = so->u_qlen;
	net_unlock();
	return (n);
}

void
udp_set_upcall(struct udpcb *so, udp_upcall_t fn, void *arg)
{
	net_lock();
	so->u_upcall = fn;
	so->u_uparg = arg;
	net_unlock();
}

void
udp_close(struct udpcb *so)
{
	struct udpcb **pp;

	net_lock();
	for (pp = &udp_sockets; *pp != NULL; pp = &(*pp)->u_next) {
		if (*pp == so) {
			*pp = so->u_next;
			break;
		}
	}
	while (so->u_q != NULL)
		m_freem(udp_dequeue(so));
	if (so == udp_echo_so)
		udp_echo_so = NULL;
	net_unlock();
	net_free(so);
}

/*
 * The echo upcall: send the payload back to where it came from, from the
 * address it was sent to (unless that was a broadcast).  Datagrams from
 * port 7 are not answered, so two echo servers cannot ping-pong, nor from
 * a source that is a broadcast (or 0.0.0.0), so we are no reflector.
 */
static void
udp_echo_input(struct udpcb *so, struct mbuf *m, struct in_addr src,
    uint16_t sport, struct in_addr dst, void *arg)
{
	struct in_addr from = dst;

	(void)arg;
	if (sport == UDP_ECHO_PORT || sport == 0) {
		m_freem(m);
		return;
	}
	/* Never answer a service request with a broadcast (RFC 1122 3.2.1.3). */
	if (in_broadcast(src, m->m_pkthdr.rcvif) || IN_MULTICAST(ntohl(src.s_addr))) {
		udpstat.udps_echorefused++;
		m_freem(m);
		return;
	}
	if (in_ifaddr_lookup(dst) == NULL)
		from.s_addr = INADDR_ANY;
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	m->m_pkthdr.rcvif = NULL;
	if (udp_output(so, m, from, src, sport) == 0)
		udpstat.udps_echoed++;
}

int
udp_echo_start(void)
{
	struct udpcb *so;
	int error;

	if ((so = udp_socket()) == NULL)
		return (ENOMEM);
	so->u_upcall = udp_echo_input;
	net_lock();
	error = udp_echo_so != NULL ? EADDRINUSE :
	    udp_bind_locked(so, (struct in_addr){ INADDR_ANY }, UDP_ECHO_PORT);
	if (error == 0)
		udp_echo_so = so;
	net_unlock();
	if (error != 0)
		net_free(so);
	return (error);
}

void
udp_echo_stop(void)
{
	struct udpcb *so;

	net_lock();
	so = udp_echo_so;
	net_unlock();
	if (so != NULL)
		udp_close(so);
}
