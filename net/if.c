/*
 * The interface list: allocation, attachment, lookup by name, link and
 * administrative state.
 *
 * Interfaces are only ever appended (detach unlinks under the net lock),
 * so a walk with if_first()/if_next while holding the net lock is safe.
 */
#include <stdint.h>
#include <string.h>

#include "net/if_var.h"
#include "net/if_ether.h"
#include "net/in_var.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/route.h"
#include "net/rtsock.h"

static struct ifnet *if_list;	/* attach order */
static uint32_t if_nextindex = 1;	/* next if_index */

struct ifnet *
if_alloc(void)
{
	return (net_malloc(sizeof(struct ifnet)));
}

void
if_free(struct ifnet *ifp)
{
	net_free(ifp);
}

/* Append ifp to the list and give it an index.  Lock held. */
void
if_attach_locked(struct ifnet *ifp)
{
	struct ifnet **pp;

	ifp->if_index = if_nextindex++;
	ifp->if_next = NULL;
	for (pp = &if_list; *pp != NULL; pp = &(*pp)->if_next)
		;
	*pp = ifp;
}

/* Remove ifp from the list with its addresses, routes and ARP entries. */
void
if_detach_locked(struct ifnet *ifp)
{
	struct ifnet **pp;

	for (pp = &if_list; *pp != NULL; pp = &(*pp)->if_next) {
		if (*pp == ifp) {
			*pp = ifp->if_next;
			break;
		}
	}
	ifp->if_flags &= ~(uint32_t)IFF_UP;
	rt_flush_ifp(ifp);
	arp_ifdetach(ifp);
}

struct ifnet *
ifunit(const char *name)
{
	struct ifnet *ifp;

	net_lock();
	for (ifp = if_list; ifp != NULL; ifp = ifp->if_next)
		if (strcmp(ifp->if_xname, name) == 0)
			break;
	net_unlock();
	return (ifp);
}

struct ifnet *
if_first(void)
{
	return (if_list);
}

int
if_count(void)
{
	struct ifnet *ifp;
	int n = 0;

	for (ifp = if_list; ifp != NULL; ifp = ifp->if_next)
		n++;
	return (n);
}

void
if_link_state_change(struct ifnet *ifp, int link_state)
{
	net_lock();
	if (ifp->if_link_state != link_state) {
		ifp->if_link_state = link_state;
		rt_ifmsg(ifp);
	}
	net_unlock();
}

void
if_up(struct ifnet *ifp)
{
	net_lock();
	if (!(ifp->if_flags & IFF_UP)) {
		ifp->if_flags |= IFF_UP;
		rt_ifmsg(ifp);
	}
	net_unlock();
}

void
if_down(struct ifnet *ifp)
{
	net_lock();
	if (ifp->if_flags & IFF_UP) {
		ifp->if_flags &= ~(uint32_t)IFF_UP;
		rt_ifmsg(ifp);
	}
	arp_ifdetach(ifp);
	net_unlock();
}
