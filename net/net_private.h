/*
 * Declarations shared between net/ source files only (not an API for the
 * rest of the kernel; the name says private, as efi/efi_private.h does,
 * since a FreeBSD-style _var.h is a subsystem's public state).  Every
 * function here expects the net lock held.
 */
#ifndef NET_NET_PRIVATE_H
#define NET_NET_PRIVATE_H

#include <stdint.h>

#include "net/in.h"

struct ifnet;
struct mbuf;

/* net/if.c */
void	 if_attach_locked(struct ifnet *ifp);
void	 if_detach_locked(struct ifnet *ifp);

/* net/in.c */
void	 in_flush_locked(struct ifnet *ifp);

/* net/route.c: delete dst/plen only if it is ifp's connected route. */
void	 rt_delete_connected(struct ifnet *ifp, struct in_addr dst, int plen);

/* net/ip_icmp.c: rate limiter and ping identifiers. */
void	 icmp_init(void);
/* net/udp_usrreq.c */
void	 udp_init(void);
/* net/ip_input.c: default protocol switch entries. */
void	 ip_init(void);

/* "a - b" for uptime values in ms, signed (negative: a is earlier). */
static inline int64_t
net_ms_diff(uint64_t a, uint64_t b)
{
	return ((int64_t)(a - b));
}

#endif /* NET_NET_PRIVATE_H */
