/*
 * IPv4 addresses of interfaces (FreeBSD's struct in_ifaddr).
 *
 * Each interface has a list of addresses (ifp->if_inet points at the first
 * struct in_ifaddr).  Adding an address brings the interface up, installs
 * the connected route for its prefix and announces it with a gratuitous
 * ARP; deleting it removes that route.  Implementation: net/in.c.
 *
 * in_addr_add/in_addr_delete/in_addr_flush take the net lock themselves
 * (configuration entry points); every other function expects it held.
 */
#ifndef NET_IN_VAR_H
#define NET_IN_VAR_H

#include <stdint.h>

#include "net/in.h"

struct ifnet;

struct in_ifaddr {
	struct in_ifaddr *ia_next;	/* next address of the same interface */
	struct ifnet	*ia_ifp;	/* the interface */
	struct in_addr	 ia_addr;	/* the address */
	struct in_addr	 ia_netmask;	/* mask for ia_plen */
	struct in_addr	 ia_subnet;	/* ia_addr & ia_netmask */
	struct in_addr	 ia_broadaddr;	/* subnet-directed broadcast */
	int		 ia_plen;	/* prefix length 0..32 */
};

/*
 * Adds addr/plen to ifp (broadcast = host bits all ones).  Errors: EINVAL
 * (plen out of range, address 0, multicast or broadcast), EEXIST (already
 * on some interface), ENOMEM.  Takes the lock.
 */
int	 in_addr_add(struct ifnet *ifp, struct in_addr addr, int plen);
/* Removes addr from ifp with its connected route; ESRCH if absent. */
int	 in_addr_delete(struct ifnet *ifp, struct in_addr addr);
/* Removes every address of ifp (DHCP restarting, detach). */
void	 in_addr_flush(struct ifnet *ifp);

/* Lock held from here on. */
/* First address of ifp, or NULL (walk ia_next). */
struct in_ifaddr *in_ifaddr_first(const struct ifnet *ifp);
/* The in_ifaddr holding local address a on any interface, or NULL. */
struct in_ifaddr *in_ifaddr_lookup(struct in_addr a);
/* Whether a is a broadcast address for ifp (limited, subnet or 0). */
int	 in_broadcast(struct in_addr a, const struct ifnet *ifp);
/*
 * Whether a is a broadcast address on any of our interfaces (limited, 0, or
 * some subnet's broadcast or network address): what no datagram may come
 * from, whichever interface it arrives on (ip_validate).
 */
int	 in_broadcast_any(struct in_addr a);
/*
 * Whether a is a host address on one of ifp's subnets (not the subnet's
 * network or broadcast address, not one of ours): a neighbour we could
 * send to directly.
 */
int	 in_onlink(struct in_addr a, const struct ifnet *ifp);
/* Source address to use on ifp towards dst (same subnet preferred). */
int	 in_ifaddr_source(const struct ifnet *ifp, struct in_addr dst,
	    struct in_addr *src);

#endif /* NET_IN_VAR_H */
