/*
 * The loopback interface, lo0 (FreeBSD's if_loop.c, Linux's lo): no
 * link-level address, never a wire.  ip_output's loopback path
 * (net/ip_output.c, ip_output_local) hands packets for 127.0.0.0/8 back
 * to ip_input with loif as the receiving interface and counts them on it
 * as both sent and received.  That is the only way through lo0: its
 * if_transmit and if_input refuse what anything else hands them, and ARP
 * never speaks on it (no link-level address).
 */
#include <stdint.h>
#include <string.h>

#include "net/if_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"

struct ifnet *loif;

/*
 * Nothing leaves lo0 except through ip_output_local.  What a route through
 * lo0 sends here (ether_output hands it on without ARP) is refused and
 * counted: looping it back from inside ip_output could recurse through
 * ip_forward as deep as the TTL.
 */
static int
lo_transmit(struct ifnet *ifp, struct mbuf *m)
{
	ifp->if_oerrors++;
	m_freem(m);
	return (ENETUNREACH);
}

/* Nothing arrives on lo0 from a driver either. */
static void
lo_input(struct ifnet *ifp, struct mbuf *m)
{
	net_lock();
	ifp->if_ierrors++;
	net_unlock();
	m_freem(m);
}

int
if_loop_attach(void)
{
	struct ifnet *ifp;

	if (loif != NULL)
		return (EEXIST);
	if ((ifp = if_alloc()) == NULL)
		return (ENOMEM);
	memcpy(ifp->if_xname, "lo0", sizeof("lo0"));
	ifp->if_mtu = LOMTU;
	ifp->if_addrlen = 0;
	/* FreeBSD's flags=8049; up and running from the start, as Linux's lo. */
	ifp->if_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_MULTICAST;
	ifp->if_link_state = LINK_STATE_UP;
	ifp->if_driver_desc = "loopback";
	ifp->if_transmit = lo_transmit;
	ifp->if_input = lo_input;
	net_lock();
	if_attach_locked(ifp);
	loif = ifp;
	net_unlock();
	return (0);
}

int
if_loop_reachable(void)
{
	net_assert_locked();
	if (loif != NULL && !(loif->if_flags & IFF_UP))
		return (ENETUNREACH);
	return (0);
}
