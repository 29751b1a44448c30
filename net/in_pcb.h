/*
 * Internet protocol control blocks (FreeBSD's inpcb): the state of one
 * UDP or raw IP socket as the stack sees it, and the tables they live in.
 * Implementation: net/in_pcb.c.
 *
 * A PCB belongs to one table (struct inpcbinfo: UDP's in net/udp_usrreq.c,
 * raw IP's in net/raw_ip.c) from creation to in_pcbfree.  It carries the
 * local and foreign address/port (bind, connect), the per-socket IP
 * options (TTL, TOS, broadcast, header included...), a pending
 * asynchronous error (ICMP, read once as SO_ERROR or by the next call),
 * and the receive queue: datagrams with a struct inp_meta in front of
 * their data, bounded in datagrams and bytes -- a datagram beyond the
 * bound is dropped and counted by the protocol, never waited for.
 *
 * Every function here expects the net lock held.  Ports are host order,
 * addresses network order; errors are net/net_errno.h values.
 */
#ifndef NET_IN_PCB_H
#define NET_IN_PCB_H

#include <stdint.h>

#include "net/in.h"

struct ifnet;
struct inpcb;
struct mbuf;

/* inp_flags */
#define INP_HDRINCL	0x0001	/* raw: the sender supplies the IP header (IP_HDRINCL) */
#define INP_BROADCAST	0x0002	/* may send to broadcast addresses (SO_BROADCAST) */
#define INP_REUSEADDR	0x0004	/* may share a bound port (SO_REUSEADDR) */
#define INP_RECVTTL	0x0008	/* pass the received TTL (IP_RECVTTL) */
#define INP_PKTINFO	0x0010	/* pass destination and interface (IP_PKTINFO) */
#define INP_RECVTOS	0x0020	/* pass the received TOS (IP_RECVTOS) */
#define INP_BOUNDADDR	0x0100	/* laddr set by bind, kept by disconnect */
#define INP_BOUNDPORT	0x0200	/* lport named by bind, kept by disconnect */

/* Where a received datagram came from: in front of its queued data. */
struct inp_meta {
	struct in_addr	im_src;		/* source address */
	struct in_addr	im_dst;		/* destination address (IP_PKTINFO) */
	uint32_t	im_ifindex;	/* receiving interface (lo0's for 127/8), 0 = none */
	uint16_t	im_sport;	/* source port (UDP), host order */
	uint8_t		im_ttl;		/* TTL of its IP header */
	uint8_t		im_tos;		/* TOS of its IP header */
};

/*
 * One datagram's own options, overriding the PCB's (sendmsg's control
 * messages IP_PKTINFO, IP_TTL, IP_TOS).
 */
struct inp_sendopts {
	struct in_addr	iso_src;	/* source address (a local one), INADDR_ANY = the PCB's */
	int		iso_ttl;	/* 1..255, 0 = the PCB's */
	int		iso_tos;	/* 0..255, -1 = the PCB's */
};

/*
 * Called with the lock held when a datagram was queued or an error set,
 * so the socket layer can wake readers and pollers; must not sleep.
 */
typedef void (*inp_notify_t)(struct inpcb *inp, void *arg);
/*
 * Consumers instead of the queue (the socket layer's receive buffer, UDP
 * echo, tests): m is the datagram's data, consumed by the function; lock
 * held, must not sleep.  Returns 0, or ENOBUFS when it dropped m for want
 * of room (the protocol counts it).
 */
typedef int (*inp_upcall_t)(struct inpcb *inp, struct mbuf *m,
    const struct inp_meta *meta, void *arg);

struct inpcb {
	struct inpcb	*inp_next;	/* the table's list */
	struct inpcbinfo *inp_info;	/* the table */
	int		 inp_proto;	/* raw: IP protocol; UDP: IPPROTO_UDP */
	struct in_addr	 inp_laddr;	/* local address, INADDR_ANY = any */
	struct in_addr	 inp_faddr;	/* connected peer, INADDR_ANY = none */
	uint16_t	 inp_lport;	/* local port, 0 = unbound (UDP) */
	uint16_t	 inp_fport;	/* connected peer's port (UDP) */
	struct ifnet	*inp_ifp;	/* tied to this interface, or NULL */
	uint32_t	 inp_flags;	/* INP_* */
	int		 inp_ttl;	/* TTL of sent datagrams, 0 = ip_defttl */
	uint8_t		 inp_tos;	/* TOS of sent datagrams */
	uint32_t	 inp_icmpfilter;	/* raw ICMP: bit t set = type t (< 32) not delivered */
	int		 inp_error;	/* pending asynchronous error, 0 = none */
	struct mbuf	*inp_q;		/* received datagrams (m_nextpkt) */
	struct mbuf	*inp_qtail;	/* last of inp_q */
	int		 inp_qlen;	/* datagrams in inp_q */
	int		 inp_qbytes;	/* data bytes in inp_q */
	int		 inp_rcvspace;	/* most data bytes inp_q may hold */
	int		 inp_rcvqlen;	/* most datagrams inp_q may hold */
	inp_notify_t	 inp_notify;	/* socket layer's wakeup, or NULL */
	void		*inp_notify_arg;	/* its argument */
	inp_upcall_t	 inp_upcall;	/* in-kernel consumer, or NULL */
	void		*inp_uparg;	/* its argument */
};

/* One protocol's PCBs. */
struct inpcbinfo {
	struct inpcb	*ipi_list;	/* every PCB of the protocol */
	int		 ipi_ports;	/* 1: PCBs have ports (UDP) */
	uint16_t	 ipi_nextport;	/* next ephemeral port to try */
	int		 ipi_port_ready;	/* ipi_nextport drawn yet */
};

#define INP_EPHEMERAL_FIRST	32768	/* Linux's ip_local_port_range */
#define INP_EPHEMERAL_LAST	60999

/* Whether a is in 127.0.0.0/8, which is this host (RFC 1122 3.2.1.3). */
static inline int
in_loopback(struct in_addr a)
{
	return ((ntohl(a.s_addr) >> 24) == IN_LOOPBACKNET);
}

/*
 * A new PCB in info for proto, queue bounds rcvqlen datagrams and
 * rcvspace bytes; NULL when out of memory.
 */
struct inpcb *in_pcballoc(struct inpcbinfo *info, int proto, int rcvqlen,
	    int rcvspace);
/* Unlink and free it, dropping queued datagrams. */
void	 in_pcbfree(struct inpcb *inp);
/*
 * Bind to addr (INADDR_ANY, one of ours, 127/8 or a broadcast address
 * of ours) and, with ports, port (0 picks a free ephemeral one).  EINVAL
 * (a port bound already; a raw PCB may be bound again), EADDRNOTAVAIL, EADDRINUSE (taken, unless both PCBs
 * have INP_REUSEADDR).
 */
int	 in_pcbbind(struct inpcb *inp, struct in_addr addr, uint16_t port);
/* Whether addr may be a local address: INADDR_ANY, one of ours, or 127/8. */
int	 in_pcblocaladdr(struct in_addr addr);
/*
 * Connect to faddr:fport: the local address is chosen by route if unset,
 * an ephemeral port bound if none.  ENETUNREACH (no route), EACCES
 * (broadcast without INP_BROADCAST), EADDRINUSE (no free port).
 */
int	 in_pcbconnect(struct inpcb *inp, struct in_addr faddr, uint16_t fport);
/*
 * Forget the peer (connect to AF_UNSPEC); as on Linux, an address or a
 * port that bind did not name goes with it.
 */
void	 in_pcbdisconnect(struct inpcb *inp);
/*
 * The source address for a datagram from inp to dst: laddr, else the
 * address of the interface towards dst.  *oifp is the interface to send
 * out of without a route (a tied socket's broadcast), else NULL.
 * ENETUNREACH when there is no route.
 */
int	 in_pcbsource(const struct inpcb *inp, struct in_addr dst,
	    struct in_addr *src, struct ifnet **oifp);
/*
 * The PCB for a datagram src:sport -> dst:dport arriving on ifp: the most
 * specific match (exact local address, then connected peer), or NULL.
 */
struct inpcb *in_pcblookup(struct inpcbinfo *info, struct in_addr src,
	    uint16_t sport, struct in_addr dst, uint16_t dport,
	    const struct ifnet *ifp);
/*
 * Queue the datagram m (its data only) with meta: 0, or ENOBUFS when the
 * queue is full (m freed; the caller counts).  Upcall PCBs get m instead.
 */
int	 in_pcbdeliver(struct inpcb *inp, struct mbuf *m,
	    const struct inp_meta *meta);
/*
 * The first queued datagram (meta in front of its data), unlinked, or
 * NULL; with peek a read-only copy is returned and the queue kept.
 */
struct mbuf *in_pcbdequeue(struct inpcb *inp, int peek);
/* Bytes of data of the first queued datagram, -1 if none. */
int	 in_pcbnextlen(const struct inpcb *inp);
/*
 * An ICMP error about a datagram laddr:lport -> faddr:fport: every PCB
 * connected to exactly that gets `error` as its pending error.
 */
void	 in_pcbnotify(struct inpcbinfo *info, struct in_addr laddr,
	    uint16_t lport, struct in_addr faddr, uint16_t fport, int error);
/*
 * Whether dst is a broadcast address: the limited one, or a subnet
 * broadcast of the interface the route to it leaves by.
 */
int	 in_pcbbroadcast(struct in_addr dst);
/* Take the pending error (0 if none), clearing it. */
int	 in_pcbtakeerror(struct inpcb *inp);

#endif /* NET_IN_PCB_H */
