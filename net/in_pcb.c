/*
 * Internet PCBs: binding with port allocation, connecting with source
 * selection, demultiplexing lookup, the receive queue, and ICMP error
 * notification -- the logic UDP and raw IP share.  See net/in_pcb.h.
 *
 * Port sharing follows Linux's UDP rule: a port is in use when another
 * PCB holds it on an overlapping address (either is INADDR_ANY, or both
 * the same), unless both set SO_REUSEADDR.
 */
#include <stdint.h>
#include <string.h>

#include "net/if_var.h"
#include "net/in_pcb.h"
#include "net/in_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/route.h"

struct inpcb *
in_pcballoc(struct inpcbinfo *info, int proto, int rcvqlen, int rcvspace)
{
	struct inpcb *inp = net_malloc(sizeof(*inp));

	if (inp == NULL)
		return (NULL);
	inp->inp_info = info;
	inp->inp_proto = proto;
	inp->inp_rcvqlen = rcvqlen;
	inp->inp_rcvspace = rcvspace;
	inp->inp_next = info->ipi_list;
	info->ipi_list = inp;
	return (inp);
}

void
in_pcbfree(struct inpcb *inp)
{
	struct inpcb **pp;

	for (pp = &inp->inp_info->ipi_list; *pp != NULL; pp = &(*pp)->inp_next) {
		if (*pp == inp) {
			*pp = inp->inp_next;
			break;
		}
	}
	while (inp->inp_q != NULL)
		m_freem(in_pcbdequeue(inp, 0));
	net_free(inp);
}

int
in_pcblocaladdr(struct in_addr addr)
{
	return (addr.s_addr == INADDR_ANY || in_loopback(addr) ||
	    in_ifaddr_lookup(addr) != NULL);
}

/* Whether addr:port is taken for inp by another PCB of its table. */
static int
in_pcb_inuse(const struct inpcb *inp, struct in_addr addr, uint16_t port)
{
	const struct inpcb *o;

	for (o = inp->inp_info->ipi_list; o != NULL; o = o->inp_next) {
		if (o == inp || o->inp_lport != port)
			continue;
		if (o->inp_laddr.s_addr != INADDR_ANY &&
		    addr.s_addr != INADDR_ANY &&
		    o->inp_laddr.s_addr != addr.s_addr)
			continue;
		if ((o->inp_flags & inp->inp_flags & INP_REUSEADDR) == 0)
			return (1);
	}
	return (0);
}

/* A free ephemeral port for inp on addr, or 0. */
static uint16_t
in_pcb_ephemeral(struct inpcb *inp, struct in_addr addr)
{
	struct inpcbinfo *info = inp->inp_info;
	const int span = INP_EPHEMERAL_LAST - INP_EPHEMERAL_FIRST + 1;
	uint16_t port;
	int tries;

	if (!info->ipi_port_ready) {
		/* Drawn at first use: the generator may not be seeded at init. */
		info->ipi_nextport = (uint16_t)(INP_EPHEMERAL_FIRST +
		    net_random() % span);
		info->ipi_port_ready = 1;
	}
	for (tries = 0; tries < span; tries++) {
		port = info->ipi_nextport;
		info->ipi_nextport = port == INP_EPHEMERAL_LAST ?
		    INP_EPHEMERAL_FIRST : (uint16_t)(port + 1);
		if (!in_pcb_inuse(inp, addr, port))
			return (port);
	}
	return (0);
}

int
in_pcbbind(struct inpcb *inp, struct in_addr addr, uint16_t port)
{
	int ports = inp->inp_info->ipi_ports;

	if (ports && inp->inp_lport != 0)
		return (EINVAL);	/* a raw PCB may be bound again, as on Linux */
	/* Linux also accepts a broadcast address (to receive only those). */
	if (!in_pcblocaladdr(addr) && !in_broadcast_any(addr))
		return (EADDRNOTAVAIL);
	if (ports) {
		if (port != 0 && in_pcb_inuse(inp, addr, port))
			return (EADDRINUSE);
		if (port != 0)
			inp->inp_flags |= INP_BOUNDPORT;
		else if ((port = in_pcb_ephemeral(inp, addr)) == 0)
			return (EADDRINUSE);
		inp->inp_lport = port;
	}
	inp->inp_laddr = addr;
	if (addr.s_addr != INADDR_ANY)
		inp->inp_flags |= INP_BOUNDADDR;
	else
		inp->inp_flags &= ~(uint32_t)INP_BOUNDADDR;
	return (0);
}

int
in_pcbsource(const struct inpcb *inp, struct in_addr dst, struct in_addr *src,
    struct ifnet **oifp)
{
	struct rtentry *rt;

	*oifp = NULL;
	*src = inp->inp_laddr;
	if (inp->inp_ifp != NULL && in_broadcast(dst, inp->inp_ifp)) {
		*oifp = inp->inp_ifp;	/* DHCP: out of this interface */
		if (src->s_addr == INADDR_ANY)
			(void)in_ifaddr_source(inp->inp_ifp, dst, src);
		return (0);
	}
	if (src->s_addr != INADDR_ANY)
		return (0);
	if (in_loopback(dst)) {
		src->s_addr = htonl(INADDR_LOOPBACK);
		return (if_loop_reachable());	/* connect() fails too, as Linux's */
	}
	if (in_ifaddr_lookup(dst) != NULL) {
		*src = dst;	/* to ourselves */
		return (0);
	}
	if ((rt = rt_lookup(dst)) == NULL)
		return (ENETUNREACH);
	(void)in_ifaddr_source(rt->rt_ifp, dst, src);
	return (0);
}

int
in_pcbbroadcast(struct in_addr dst)
{
	struct rtentry *rt;

	if (dst.s_addr == htonl(INADDR_BROADCAST))
		return (1);
	if (dst.s_addr == INADDR_ANY || in_loopback(dst))
		return (0);
	rt = rt_lookup(dst);
	return (rt != NULL && in_broadcast(dst, rt->rt_ifp));
}

int
in_pcbconnect(struct inpcb *inp, struct in_addr faddr, uint16_t fport)
{
	struct in_addr src;
	struct ifnet *oifp;
	int error;

	if (in_pcbbroadcast(faddr) && !(inp->inp_flags & INP_BROADCAST))
		return (EACCES);
	if ((error = in_pcbsource(inp, faddr, &src, &oifp)) != 0)
		return (error);
	if (inp->inp_info->ipi_ports && inp->inp_lport == 0) {
		uint16_t port = in_pcb_ephemeral(inp, src);

		if (port == 0)
			return (EADDRINUSE);
		inp->inp_lport = port;
	}
	inp->inp_laddr = src;
	inp->inp_faddr = faddr;
	inp->inp_fport = fport;
	return (0);
}

void
in_pcbdisconnect(struct inpcb *inp)
{
	inp->inp_faddr.s_addr = INADDR_ANY;
	inp->inp_fport = 0;
	if (!(inp->inp_flags & INP_BOUNDADDR))
		inp->inp_laddr.s_addr = INADDR_ANY;
	if (!(inp->inp_flags & INP_BOUNDPORT))
		inp->inp_lport = 0;
}

/* How well inp matches the datagram, -1 not at all (Linux's scoring). */
static int
in_pcb_score(const struct inpcb *inp, struct in_addr src, uint16_t sport,
    struct in_addr dst, const struct ifnet *ifp)
{
	int score = 0;

	if (inp->inp_ifp != NULL) {
		if (inp->inp_ifp != ifp)
			return (-1);
		score += 4;
	}
	if (inp->inp_laddr.s_addr != INADDR_ANY) {
		if (inp->inp_laddr.s_addr != dst.s_addr)
			return (-1);
		score += 4;
	}
	if (inp->inp_faddr.s_addr != INADDR_ANY) {
		if (inp->inp_faddr.s_addr != src.s_addr)
			return (-1);
		score += 4;
	}
	if (inp->inp_fport != 0) {
		if (inp->inp_fport != sport)
			return (-1);
		score += 4;
	}
	return (score);
}

struct inpcb *
in_pcblookup(struct inpcbinfo *info, struct in_addr src, uint16_t sport,
    struct in_addr dst, uint16_t dport, const struct ifnet *ifp)
{
	struct inpcb *inp, *best = NULL;
	int score, best_score = -1;

	for (inp = info->ipi_list; inp != NULL; inp = inp->inp_next) {
		if (inp->inp_lport != dport || dport == 0)
			continue;
		score = in_pcb_score(inp, src, sport, dst, ifp);
		if (score > best_score) {
			best = inp;
			best_score = score;
		}
	}
	return (best);
}

int
in_pcbdeliver(struct inpcb *inp, struct mbuf *m, const struct inp_meta *meta)
{
	int len = m->m_pkthdr.len;

	if (inp->inp_upcall != NULL)
		return (inp->inp_upcall(inp, m, meta, inp->inp_uparg));
	if (inp->inp_qlen >= inp->inp_rcvqlen ||
	    inp->inp_qbytes + len > inp->inp_rcvspace) {
		m_freem(m);
		return (ENOBUFS);
	}
	M_PREPEND(m, (int)sizeof(*meta), M_NOWAIT);
	if (m == NULL)
		return (ENOBUFS);
	memcpy(mtod(m, void *), meta, sizeof(*meta));
	m->m_nextpkt = NULL;
	if (inp->inp_qtail != NULL)
		inp->inp_qtail->m_nextpkt = m;
	else
		inp->inp_q = m;
	inp->inp_qtail = m;
	inp->inp_qlen++;
	inp->inp_qbytes += len;
	net_wakeup(inp);
	if (inp->inp_notify != NULL)
		inp->inp_notify(inp, inp->inp_notify_arg);
	return (0);
}

struct mbuf *
in_pcbdequeue(struct inpcb *inp, int peek)
{
	struct mbuf *m = inp->inp_q;

	if (m == NULL)
		return (NULL);
	if (peek)
		return (m_copym(m, 0, M_COPYALL, M_NOWAIT));
	inp->inp_q = m->m_nextpkt;
	if (inp->inp_q == NULL)
		inp->inp_qtail = NULL;
	m->m_nextpkt = NULL;
	inp->inp_qlen--;
	inp->inp_qbytes -= m->m_pkthdr.len - (int)sizeof(struct inp_meta);
	return (m);
}

int
in_pcbnextlen(const struct inpcb *inp)
{
	if (inp->inp_q == NULL)
		return (-1);
	return (inp->inp_q->m_pkthdr.len - (int)sizeof(struct inp_meta));
}

void
in_pcbnotify(struct inpcbinfo *info, struct in_addr laddr, uint16_t lport,
    struct in_addr faddr, uint16_t fport, int error)
{
	struct inpcb *inp;

	for (inp = info->ipi_list; inp != NULL; inp = inp->inp_next) {
		if (inp->inp_faddr.s_addr != faddr.s_addr ||
		    inp->inp_fport != fport || inp->inp_lport != lport ||
		    (inp->inp_laddr.s_addr != INADDR_ANY &&
		    inp->inp_laddr.s_addr != laddr.s_addr))
			continue;
		inp->inp_error = error;
		net_wakeup(inp);
		if (inp->inp_notify != NULL)
			inp->inp_notify(inp, inp->inp_notify_arg);
	}
}

int
in_pcbtakeerror(struct inpcb *inp)
{
	int error = inp->inp_error;

	inp->inp_error = 0;
	return (error);
}
