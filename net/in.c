/*
 * IPv4 addresses on interfaces, and address parsing/formatting.
 *
 * Adding an address brings the interface up, installs the connected route
 * of its prefix and sends a gratuitous ARP; deleting it removes the route
 * once no other address of the interface needs it.  See net/in_var.h.
 */
#include <stdint.h>
#include <string.h>
#include <sanpo/kvprintf.h>
#include <sanpo/parse.h>

#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/route.h"
#include "net/rtsock.h"

char *
inet_ntoa_r(struct in_addr a, char *buf)
{
	uint32_t h = ntohl(a.s_addr);

	ksnprintf(buf, INET_ADDRSTRLEN, "%u.%u.%u.%u", (unsigned)(h >> 24),
	    (unsigned)((h >> 16) & 0xff), (unsigned)((h >> 8) & 0xff),
	    (unsigned)(h & 0xff));
	return (buf);
}

int
inet_aton_net(const char *s, struct in_addr *a)
{
	uint32_t h;

	if (parse_ipv4(&s, &h) != 0 || *s != '\0')
		return (EINVAL);
	a->s_addr = htonl(h);
	return (0);
}

int
inet_parse_prefix(const char *s, struct in_addr *a, int *plen)
{
	uint64_t len = 32;
	uint32_t h;

	if (parse_ipv4(&s, &h) != 0)
		return (EINVAL);
	if (*s != '\0' && (*s != '/' || parse_uint(s + 1, 10, 32, &len) != 0))
		return (EINVAL);
	a->s_addr = htonl(h);
	*plen = (int)len;
	return (0);
}

struct in_ifaddr *
in_ifaddr_first(const struct ifnet *ifp)
{
	return (ifp->if_inet);
}

struct in_ifaddr *
in_ifaddr_lookup(struct in_addr a)
{
	struct ifnet *ifp;
	struct in_ifaddr *ia;

	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		for (ia = ifp->if_inet; ia != NULL; ia = ia->ia_next)
			if (ia->ia_addr.s_addr == a.s_addr)
				return (ia);
	return (NULL);
}

int
in_broadcast(struct in_addr a, const struct ifnet *ifp)
{
	struct in_ifaddr *ia;

	if (a.s_addr == htonl(INADDR_BROADCAST) || a.s_addr == INADDR_ANY)
		return (1);
	if (ifp == NULL || !(ifp->if_flags & IFF_BROADCAST))
		return (0);	/* lo0's 127.255.255.255 is nobody's broadcast */
	for (ia = ifp->if_inet; ia != NULL; ia = ia->ia_next)
		if (ia->ia_plen < 31 && (a.s_addr == ia->ia_broadaddr.s_addr ||
		    a.s_addr == ia->ia_subnet.s_addr))
			return (1);
	return (0);
}

int
in_broadcast_any(struct in_addr a)
{
	struct ifnet *ifp;

	if (in_broadcast(a, NULL))
		return (1);
	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		if (in_broadcast(a, ifp))
			return (1);
	return (0);
}

int
in_onlink(struct in_addr a, const struct ifnet *ifp)
{
	struct in_ifaddr *ia;

	if (in_broadcast(a, ifp) || IN_MULTICAST(ntohl(a.s_addr)))
		return (0);
	for (ia = ifp->if_inet; ia != NULL; ia = ia->ia_next)
		if ((a.s_addr & ia->ia_netmask.s_addr) == ia->ia_subnet.s_addr &&
		    a.s_addr != ia->ia_addr.s_addr)
			return (1);
	return (0);
}

int
in_ifaddr_source(const struct ifnet *ifp, struct in_addr dst,
    struct in_addr *src)
{
	struct in_ifaddr *ia;

	for (ia = ifp->if_inet; ia != NULL; ia = ia->ia_next) {
		if ((dst.s_addr & ia->ia_netmask.s_addr) == ia->ia_subnet.s_addr) {
			*src = ia->ia_addr;
			return (0);
		}
	}
	if (ifp->if_inet == NULL)
		return (EADDRNOTAVAIL);
	*src = ((struct in_ifaddr *)ifp->if_inet)->ia_addr;
	return (0);
}

/* Whether addr can be an interface address (unicast, not 0). */
static int
in_addr_usable(struct in_addr addr)
{
	uint32_t h = ntohl(addr.s_addr);

	return (h != INADDR_ANY && h != INADDR_BROADCAST && !IN_MULTICAST(h));
}

static struct in_ifaddr *
in_ifaddr_make(struct ifnet *ifp, struct in_addr addr, int plen)
{
	struct in_ifaddr *ia = net_malloc(sizeof(*ia));

	if (ia == NULL)
		return (NULL);
	ia->ia_ifp = ifp;
	ia->ia_addr = addr;
	ia->ia_plen = plen;
	ia->ia_netmask.s_addr = in_prefix_mask(plen);
	ia->ia_subnet.s_addr = addr.s_addr & ia->ia_netmask.s_addr;
	ia->ia_broadaddr.s_addr = plen >= 31 ? htonl(INADDR_BROADCAST) :
	    (ia->ia_subnet.s_addr | ~ia->ia_netmask.s_addr);
	if (!(ifp->if_flags & IFF_BROADCAST))
		ia->ia_broadaddr.s_addr = INADDR_ANY;	/* lo0: none, as Linux's lo */
	return (ia);
}

/*
 * The route an address installs: its connected prefix, or on a loopback
 * interface a host route to the address alone (FreeBSD's `127.0.0.1
 * link#2 UH lo0`; Linux too keeps 127/8 out of its main table).  Either
 * way 127/8 itself is this host without a route (ip_output).
 */
static void
in_ifaddr_route(const struct in_ifaddr *ia, struct in_addr *dst, int *plen)
{
	if (ia->ia_ifp->if_flags & IFF_LOOPBACK) {
		*dst = ia->ia_addr;
		*plen = 32;
	} else {
		*dst = ia->ia_subnet;
		*plen = ia->ia_plen;
	}
}

int
in_addr_add(struct ifnet *ifp, struct in_addr addr, int plen)
{
	struct in_ifaddr *ia, **pp;
	struct in_addr rdst;
	int error, rplen;

	if (plen < 0 || plen > 32 || !in_addr_usable(addr))
		return (EINVAL);
	net_lock();
	if (in_ifaddr_lookup(addr) != NULL) {
		net_unlock();
		return (EEXIST);
	}
	if ((ia = in_ifaddr_make(ifp, addr, plen)) == NULL) {
		net_unlock();
		return (ENOMEM);
	}
	for (pp = (struct in_ifaddr **)&ifp->if_inet; *pp != NULL;
	    pp = &(*pp)->ia_next)
		;
	*pp = ia;
	rt_addrmsg(RTM_NEWADDR, ia);
	if (!(ifp->if_flags & IFF_UP)) {
		ifp->if_flags |= IFF_UP;
		rt_ifmsg(ifp);
	}
	in_ifaddr_route(ia, &rdst, &rplen);
	error = rt_add_locked(rdst, rplen, (struct in_addr){ 0 }, ifp,
	    RTF_CONNECTED);
	if (error == EEXIST)
		error = 0;	/* another address of the prefix installed it */
	arp_ifinit(ifp, addr);
	net_unlock();
	return (error);
}

/* Whether another address of ifp than `ia` covers the same prefix. */
static int
in_prefix_shared(const struct ifnet *ifp, const struct in_ifaddr *ia)
{
	struct in_ifaddr *o;

	for (o = ifp->if_inet; o != NULL; o = o->ia_next)
		if (o != ia && o->ia_plen == ia->ia_plen &&
		    o->ia_subnet.s_addr == ia->ia_subnet.s_addr)
			return (1);
	return (0);
}

/* Unlink *pp from its interface, its connected route with it. */
static void
in_ifaddr_remove(struct ifnet *ifp, struct in_ifaddr **pp)
{
	struct in_ifaddr *ia = *pp;
	struct in_addr rdst;
	int rplen;

	in_ifaddr_route(ia, &rdst, &rplen);
	if ((ifp->if_flags & IFF_LOOPBACK) || !in_prefix_shared(ifp, ia))
		rt_delete_connected(ifp, rdst, rplen);
	*pp = ia->ia_next;
	rt_addrmsg(RTM_DELADDR, ia);
	net_free(ia);
}

int
in_addr_delete(struct ifnet *ifp, struct in_addr addr)
{
	struct in_ifaddr **pp;
	int error = ESRCH;

	net_lock();
	for (pp = (struct in_ifaddr **)&ifp->if_inet; *pp != NULL;
	    pp = &(*pp)->ia_next) {
		if ((*pp)->ia_addr.s_addr == addr.s_addr) {
			in_ifaddr_remove(ifp, pp);
			error = 0;
			break;
		}
	}
	net_unlock();
	return (error);
}

void
in_flush_locked(struct ifnet *ifp)
{
	while (ifp->if_inet != NULL)
		in_ifaddr_remove(ifp, (struct in_ifaddr **)&ifp->if_inet);
}

void
in_addr_flush(struct ifnet *ifp)
{
	net_lock();
	in_flush_locked(ifp);
	net_unlock();
}
