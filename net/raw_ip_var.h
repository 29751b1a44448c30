/*
 * Raw IP sockets (FreeBSD's raw_ip.c, Linux's SOCK_RAW semantics): a PCB
 * for one IP protocol receives a copy of every packet of that protocol
 * for this host, IP header included, before the protocol itself sees it;
 * it sends its data as that protocol's payload, or with INP_HDRINCL a
 * whole IP packet whose header the sender wrote.  Implementation:
 * net/raw_ip.c.  Lock held for everything here.
 */
#ifndef NET_RAW_IP_VAR_H
#define NET_RAW_IP_VAR_H

#include <stdint.h>

#include "net/in.h"
#include "net/in_pcb.h"

struct mbuf;

/* Raw IP counters. */
struct ripstat {
	uint64_t rips_delivered;	/* copies queued to sockets */
	uint64_t rips_fullsock;		/* copies dropped: socket queue full */
	uint64_t rips_nobufs;		/* copies not made: no buffers */
	uint64_t rips_opackets;		/* packets sent */
	uint64_t rips_badhdrincl;	/* IP_HDRINCL packets refused (header bad) */
};
extern struct ripstat ripstat;

extern struct inpcbinfo ripcbinfo;	/* every raw PCB */
extern int rip_recvspace;	/* bytes a raw socket may queue (208 KiB, Linux's rmem_default) */

/* A new raw PCB for proto (1..255); NULL when out of memory. */
struct inpcb *rip_attach(int proto);
/*
 * A packet for this host (m starts at its IP header, header length off)
 * of protocol proto: a copy to every raw PCB of proto whose local and
 * connected addresses match (and, for ICMP, whose inp_icmpfilter lets
 * the type through).  m is not consumed.  Returns the copies made.
 */
int	 rip_input(struct mbuf *m, int off, int proto);
/*
 * Send m (consumed): the payload, or with INP_HDRINCL the whole packet
 * (ip_len and ip_sum are filled in, ip_id when 0, ip_src when 0), to
 * *dst or the connected address when dst is NULL (EDESTADDRREQ if none).
 * EMSGSIZE beyond 65535 bytes, EINVAL for a header that does not fit,
 * EACCES to a broadcast address without INP_BROADCAST, ip_output's errors.
 */
int	 rip_output(struct inpcb *inp, struct mbuf *m, const struct in_addr *dst);

#endif /* NET_RAW_IP_VAR_H */
