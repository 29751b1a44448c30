/*
 * The IPv4 routing table: a list sorted by prefix length, longest first,
 * so the first entry that matches is the longest-prefix match.  Tens of
 * routes are expected; a radix tree would be the next step beyond that.
 */
#include <stdint.h>
#include <string.h>
#include <sanpo/kvprintf.h>

#include <sanpo/kvprintf.h>
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/route.h"
#include "net/rtsock.h"

struct rtstat rtstat;

static struct rtentry *rt_table;	/* longest prefix first */
static int rt_nentries;			/* routes in rt_table */

struct rtentry *
rt_first(void)
{
	return (rt_table);
}

int
rt_count(void)
{
	return (rt_nentries);
}

/* The interface whose connected prefix holds gw, or NULL. */
static struct ifnet *
rt_ifp_for_gateway(struct in_addr gw)
{
	struct rtentry *rt;

	for (rt = rt_table; rt != NULL; rt = rt->rt_next)
		if ((rt->rt_flags & RTF_CONNECTED) &&
		    (gw.s_addr & rt->rt_mask.s_addr) == rt->rt_dst.s_addr)
			return (rt->rt_ifp);
	return (NULL);
}

static struct rtentry **
rt_find(struct in_addr dst, int plen)
{
	struct rtentry **pp;

	for (pp = &rt_table; *pp != NULL; pp = &(*pp)->rt_next)
		if ((*pp)->rt_plen == plen && (*pp)->rt_dst.s_addr == dst.s_addr)
			return (pp);
	return (NULL);
}

int
rt_add_locked(struct in_addr dst, int plen, struct in_addr gw,
    struct ifnet *ifp, uint32_t flags)
{
	struct rtentry *rt, **pp;

	if (plen < 0 || plen > 32 || (dst.s_addr & ~in_prefix_mask(plen)) != 0)
		return (EINVAL);
	if (flags & RTF_GATEWAY) {
		if (gw.s_addr == 0)
			return (EINVAL);
		if (ifp == NULL && (ifp = rt_ifp_for_gateway(gw)) == NULL)
			return (ENETUNREACH);
	} else if (ifp == NULL) {
		return (EINVAL);
	}
	if (rt_find(dst, plen) != NULL)
		return (EEXIST);
	if ((rt = net_malloc(sizeof(*rt))) == NULL)
		return (ENOMEM);
	rt->rt_dst = dst;
	rt->rt_plen = plen;
	rt->rt_mask.s_addr = in_prefix_mask(plen);
	rt->rt_gateway = (flags & RTF_GATEWAY) ? gw : (struct in_addr){ 0 };
	rt->rt_ifp = ifp;
	rt->rt_flags = flags | RTF_UP | (plen == 32 ? RTF_HOST : 0);
	/* Insert after every route with a longer or equal prefix. */
	for (pp = &rt_table; *pp != NULL && (*pp)->rt_plen >= plen;
	    pp = &(*pp)->rt_next)
		;
	rt->rt_next = *pp;
	*pp = rt;
	rt_nentries++;
	rtstat.rts_added++;
	rt_routemsg(RTM_ADD, rt);
	return (0);
}

static void
rt_unlink(struct rtentry **pp)
{
	struct rtentry *rt = *pp;

	*pp = rt->rt_next;
	rt_routemsg(RTM_DELETE, rt);
	net_free(rt);
	rt_nentries--;
	rtstat.rts_deleted++;
}

int
rt_delete_locked(struct in_addr dst, int plen)
{
	struct rtentry **pp;

	if (plen < 0 || plen > 32)
		return (EINVAL);
	if ((pp = rt_find(dst, plen)) == NULL)
		return (ESRCH);
	rt_unlink(pp);
	return (0);
}

int
rt_change_gateway_locked(struct rtentry *rt, struct in_addr gw)
{
	struct ifnet *ifp;

	if (gw.s_addr == 0 || (rt->rt_flags & RTF_CONNECTED))
		return (EINVAL);
	if ((ifp = rt_ifp_for_gateway(gw)) == NULL)
		return (ENETUNREACH);
	rt->rt_gateway = gw;
	rt->rt_ifp = ifp;
	rt->rt_flags |= RTF_GATEWAY;
	rt_routemsg(RTM_CHANGE, rt);
	return (0);
}

void
rt_delete_connected(struct ifnet *ifp, struct in_addr dst, int plen)
{
	struct rtentry **pp = rt_find(dst, plen);

	if (pp != NULL && ((*pp)->rt_flags & RTF_CONNECTED) &&
	    (*pp)->rt_ifp == ifp)
		rt_unlink(pp);
}

void
rt_flush_ifp(struct ifnet *ifp)
{
	struct rtentry **pp = &rt_table;

	while (*pp != NULL) {
		if ((*pp)->rt_ifp == ifp)
			rt_unlink(pp);
		else
			pp = &(*pp)->rt_next;
	}
}

struct rtentry *
rt_lookup(struct in_addr dst)
{
	struct rtentry *rt;

	for (rt = rt_table; rt != NULL; rt = rt->rt_next) {
		if ((dst.s_addr & rt->rt_mask.s_addr) == rt->rt_dst.s_addr) {
			rt->rt_use++;
			return (rt);
		}
	}
	rtstat.rts_unreach++;
	return (NULL);
}

int
route_add(struct in_addr dst, int plen, struct in_addr gw, struct ifnet *ifp,
    uint32_t flags)
{
	int error;

	net_lock();
	error = rt_add_locked(dst, plen, gw, ifp, flags | RTF_STATIC);
	net_unlock();
	return (error);
}

int
route_delete(struct in_addr dst, int plen)
{
	int error;

	net_lock();
	error = rt_delete_locked(dst, plen);
	net_unlock();
	return (error);
}

int
route_lookup(struct in_addr dst, struct ifnet **ifpp, struct in_addr *nexthop)
{
	struct rtentry *rt;
	int error = EHOSTUNREACH;

	net_lock();
	rt = rt_lookup(dst);
	if (rt != NULL) {
		if (ifpp != NULL)
			*ifpp = rt->rt_ifp;
		if (nexthop != NULL)
			*nexthop = (rt->rt_flags & RTF_GATEWAY) ?
			    rt->rt_gateway : dst;
		error = 0;
	}
	net_unlock();
	return (error);
}

void
route_foreach(void (*fn)(const struct rtentry *, void *), void *arg)
{
	struct rtentry *rt;

	net_lock();
	for (rt = rt_table; rt != NULL; rt = rt->rt_next)
		fn(rt, arg);
	net_unlock();
}

