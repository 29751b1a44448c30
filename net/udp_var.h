/*
 * UDP software state: statistics and an in-kernel socket-like API.
 * Wire format: net/udp.h.  Implementation: net/udp_usrreq.c.
 *
 * A socket (struct inpcb) is bound to a local address/port; datagrams for
 * it are queued (at most udp_recvqlen datagrams and udp_recvspace bytes;
 * beyond that they are dropped and counted in udps_fullsock) until
 * udp_recvfrom() takes them, or handed to an upcall set with
 * udp_set_upcall().  Datagrams for no socket get ICMP port unreachable
 * (unless broadcast).  Checksums are checked (0 = none sent) and always
 * generated.
 *
 * The udp_* API functions take the net lock themselves and may sleep
 * (udp_recvfrom); they must not be called with it held.  udp_input and
 * upcalls run with the lock held.
 *
 * UDP echo (RFC 862): udp_echo_start() binds port 7 with an upcall that
 * sends every datagram back from the input path (no thread needed).
 */
#ifndef NET_UDP_VAR_H
#define NET_UDP_VAR_H

#include <stddef.h>
#include <stdint.h>

#include "net/in.h"
#include "net/in_pcb.h"
#include "net/ip.h"
#include "net/udp.h"

struct ifnet;
struct mbuf;

/* UDP counters (netstat -s "udp:"), FreeBSD's names. */
struct udpstat {
	uint64_t udps_ipackets;		/* datagrams received */
	uint64_t udps_hdrops;		/* shorter than a UDP header */
	uint64_t udps_badsum;		/* checksum wrong */
	uint64_t udps_nosum;		/* received without checksum */
	uint64_t udps_badlen;		/* uh_ulen beyond the IP payload or < 8 */
	uint64_t udps_noport;		/* no socket (unicast): port unreachable */
	uint64_t udps_noportbcast;	/* no socket (broadcast): dropped quietly */
	uint64_t udps_fullsock;		/* socket receive queue full */
	uint64_t udps_delivered;	/* queued to a socket or its upcall */
	uint64_t udps_opackets;		/* datagrams sent */
	uint64_t udps_odropped;		/* send failed (no buffers, no route...) */
	uint64_t udps_echoed;		/* echo service replies */
	uint64_t udps_echorefused;	/* echo requests not answered: broadcast or unspecified source */
};
extern struct udpstat udpstat;

extern int udp_recvqlen;	/* datagrams a socket may queue (256) */
extern int udp_recvspace;	/* bytes a socket may queue (256 KiB) */
extern struct inpcbinfo udbinfo;	/* every UDP PCB */

/* Protocol input (registered for IPPROTO_UDP by net_init). */
int	 udp_input(struct mbuf *m, int off, int proto);
/*
 * An ICMP error of type/code quoting our datagram (oip: its IP header,
 * ouh: its UDP header): fatal ones (port or protocol unreachable) become
 * the pending error of the socket connected to that peer.  Lock held.
 */
void	 udp_ctlinput(int type, int code, const struct ip *oip,
	    const struct udphdr *ouh);

/*
 * The socket layer's entry points (lock held).  udp_attach: a new
 * unbound PCB (user sockets: no broadcast until SO_BROADCAST); NULL when
 * out of memory; in_pcbfree() releases it.  udp_send: send the data m
 * (consumed) to *dst:dport, or to the connected peer when dst is NULL
 * (EDESTADDRREQ if none), binding an ephemeral port first.  A pending
 * asynchronous error (ECONNREFUSED...) is returned, and cleared, first,
 * as Linux does; then EMSGSIZE
 * over 65507 bytes, EACCES to a broadcast address without
 * INP_BROADCAST, ENETUNREACH, or ip_output's errors.  o, when not NULL,
 * overrides the source (ENETUNREACH if not a local address, as Linux
 * finds no route from it), TTL and TOS.
 */
struct inpcb *udp_attach(void);
int	 udp_send(struct inpcb *inp, struct mbuf *m, const struct in_addr *dst,
	    uint16_t dport, const struct inp_sendopts *o);

/*
 * The in-kernel API below takes the lock itself.  A new unbound socket
 * that may send to broadcast addresses; NULL when out of memory.
 */
struct inpcb *udp_socket(void);
/*
 * Bind to addr (INADDR_ANY or one of ours) and port (host order; 0 picks
 * a free ephemeral port).  EADDRINUSE, EADDRNOTAVAIL, EINVAL (bound
 * already).
 */
int	 udp_bind(struct inpcb *so, struct in_addr addr, uint16_t port);
/* Local port (host order) after bind, 0 before. */
uint16_t udp_localport(const struct inpcb *so);
/*
 * Tie the socket to ifp (SO_BINDTODEVICE-like): it receives only from ifp,
 * and sends to broadcast addresses out of ifp with no route (DHCP).
 */
void	 udp_bindif(struct inpcb *so, struct ifnet *ifp);
/*
 * Send len bytes to dst:dport (host-order port).  Binds an ephemeral port
 * first if unbound.  Broadcast destinations are allowed.  Returns len, or
 * a negative errno (-EMSGSIZE over 65507 bytes, -EHOSTUNREACH...).
 */
int	 udp_sendto(struct inpcb *so, const void *buf, size_t len,
	    struct in_addr dst, uint16_t dport);
/*
 * Take the next datagram, waiting up to timeout_ms (0 = forever): returns
 * its full length (only min(len, that) bytes copied to buf; the rest of
 * the datagram is discarded) with *src and *sport (host order) set when
 * non-NULL, or -ETIMEDOUT, or -ENOTCONN when the socket is not bound.
 */
int	 udp_recvfrom(struct inpcb *so, void *buf, size_t len,
	    struct in_addr *src, uint16_t *sport, uint32_t timeout_ms);
/* Datagrams queued. */
int	 udp_pending(struct inpcb *so);
/*
 * Upcall: instead of queueing, hand each datagram to fn with the lock
 * held: m is the payload only (the UDP header trimmed), fn consumes it.
 */
void	 udp_set_upcall(struct inpcb *so, inp_upcall_t fn, void *arg);
/* Unbind and free, dropping queued datagrams.  No thread may be waiting. */
void	 udp_close(struct inpcb *so);

/*
 * Lock held: send the payload m (consumed) from the socket to dst:dport,
 * with o's source, TTL and TOS where set (o may be NULL).
 */
int	 udp_output(struct inpcb *so, struct mbuf *m, struct in_addr dst,
	    uint16_t dport, const struct inp_sendopts *o);

/* Start the echo service on port 7; 0 or errno (EADDRINUSE if running). */
int	 udp_echo_start(void);
/* Stop it (close its socket); nothing if it is not running. */
void	 udp_echo_stop(void);

#endif /* NET_UDP_VAR_H */
