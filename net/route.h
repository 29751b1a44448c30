/*
 * The IPv4 routing table: connected, static and default routes, looked up
 * by longest-prefix match.
 *
 * The table is a list kept sorted by prefix length (longest first), so the
 * first match is the best; Sanpo's tables are tens of routes, not
 * thousands.  Connected routes come and go with interface addresses
 * (net/in.c); static and default routes come from `route add` and
 * rc.conf's defaultrouter.  Implementation: net/route.c.
 *
 * route_* functions take the net lock themselves (configuration and shell
 * entry points); rt_* functions expect it held.  Errors are errno values.
 */
#ifndef NET_ROUTE_H
#define NET_ROUTE_H

#include <stdint.h>

#include "net/in.h"

struct ifnet;

/* rt_flags: RTF_UP, RTF_GATEWAY, RTF_HOST, RTF_STATIC, RTF_CONNECTED (BSD values, what routing messages carry). */
#include <sanpo/route.h>

struct rtentry {
	struct rtentry	*rt_next;	/* next route, longer prefixes first */
	struct in_addr	 rt_dst;	/* destination network (masked) */
	struct in_addr	 rt_mask;	/* its netmask */
	int		 rt_plen;	/* prefix length 0..32 */
	struct in_addr	 rt_gateway;	/* next hop when RTF_GATEWAY */
	struct ifnet	*rt_ifp;	/* outgoing interface */
	uint32_t	 rt_flags;	/* RTF_* */
	uint64_t	 rt_use;	/* packets that used this route */
};

/* Route statistics (netstat -s "routing:"). */
struct rtstat {
	uint64_t rts_unreach;	/* lookups that found no route */
	uint64_t rts_added;	/* routes added */
	uint64_t rts_deleted;	/* routes deleted */
};
extern struct rtstat rtstat;

/*
 * Adds dst/plen.  With RTF_GATEWAY, gw is the next hop and ifp may be NULL
 * (the interface whose connected prefix holds gw is used; ENETUNREACH if
 * none).  Without it the route is on-link through ifp (EINVAL if NULL).
 * EINVAL: plen out of range or dst has bits outside the mask; EEXIST: a
 * route with the same dst/plen exists; ENOMEM.  Takes the lock.
 */
int	 route_add(struct in_addr dst, int plen, struct in_addr gw,
	    struct ifnet *ifp, uint32_t flags);
/* Deletes dst/plen; ESRCH if there is no such route.  Takes the lock. */
int	 route_delete(struct in_addr dst, int plen);
/*
 * Looks up dst: 0 with the outgoing interface and next hop (dst itself
 * when on-link), or EHOSTUNREACH.  Takes the lock.
 */
int	 route_lookup(struct in_addr dst, struct ifnet **ifpp,
	    struct in_addr *nexthop);
/*
 * Calls fn for each route, longest prefix first, with the lock held (taken
 * by route_foreach): fn may print but not call into the stack.
 */
void	 route_foreach(void (*fn)(const struct rtentry *, void *), void *arg);

/* Lock held. */
int	 rt_add_locked(struct in_addr dst, int plen, struct in_addr gw,
	    struct ifnet *ifp, uint32_t flags);
int	 rt_delete_locked(struct in_addr dst, int plen);
/* Longest-prefix match, or NULL (counted in rts_unreach).  Counts rt_use. */
struct rtentry *rt_lookup(struct in_addr dst);
/* The head of the table (walk rt_next). */
struct rtentry *rt_first(void);
/* A new next hop for rt (not a connected route); EINVAL, ENETUNREACH. */
int	 rt_change_gateway_locked(struct rtentry *rt, struct in_addr gw);
/* Removes every route through ifp. */
void	 rt_flush_ifp(struct ifnet *ifp);
/* Number of routes. */
int	 rt_count(void);

#endif /* NET_ROUTE_H */
