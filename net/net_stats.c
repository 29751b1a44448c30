/*
 * Snapshots of the stack's counters and tables for the netstat printers
 * (net/netstat.c): the kernel's sysctl oids (kernel/net/net_sysctl.c)
 * hand them to the netstat program, and the host tests' drivers print
 * them directly (net/netstat_print.c).  Copies are taken under the net
 * lock and printed after releasing it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sanpo/sysctl.h>

#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/route.h"
#include "net/udp_var.h"

/* An interface name into a zeroed field of size bytes, NUL-terminated. */
static void
copy_name(char *dst, const char *src, size_t size)
{
	size_t l = strlen(src);

	memcpy(dst, src, l < size ? l : size - 1);
}

void
net_snapshot(void *dst, const void *src, size_t size)
{
	net_lock();
	memcpy(dst, src, size);
	net_unlock();
}

size_t
if_snapshot(struct sysctl_ifentry *out, size_t max)
{
	struct ifnet *ifp;
	struct in_ifaddr *ia;
	struct sysctl_ifentry *e;
	size_t n = 0;

	net_lock();
	for (ifp = if_first(); ifp != NULL && n < max; ifp = ifp->if_next, n++) {
		e = &out[n];
		memset(e, 0, sizeof(*e));
		copy_name(e->ife_name, ifp->if_xname, sizeof(e->ife_name));
		e->ife_index = ifp->if_index;
		e->ife_mtu = ifp->if_mtu;
		e->ife_flags = ifp->if_flags;
		memcpy(e->ife_lladdr, ifp->if_lladdr, sizeof(e->ife_lladdr));
		e->ife_addrlen = ifp->if_addrlen;
		e->ife_ipackets = ifp->if_ipackets;
		e->ife_ierrors = ifp->if_ierrors;
		e->ife_iqdrops = ifp->if_iqdrops;
		e->ife_ibytes = ifp->if_ibytes;
		e->ife_opackets = ifp->if_opackets;
		e->ife_oerrors = ifp->if_oerrors;
		e->ife_oqdrops = ifp->if_oqdrops;
		e->ife_obytes = ifp->if_obytes;
		for (ia = in_ifaddr_first(ifp); ia != NULL; ia = ia->ia_next, e->ife_naddrs++) {
			if (e->ife_naddrs >= SYSCTL_IF_MAXADDRS)
				continue;
			e->ife_addrs[e->ife_naddrs].addr = ia->ia_addr.s_addr;
			e->ife_addrs[e->ife_naddrs].subnet = ia->ia_subnet.s_addr;
			e->ife_addrs[e->ife_naddrs].plen = ia->ia_plen;
		}
	}
	if (max == 0)
		for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
			n++;
	net_unlock();
	return (n);
}

struct route_fill {
	struct sysctl_rtentry	*out;
	size_t			 max, n;
};

static void
route_fill_one(const struct rtentry *rt, void *arg)
{
	struct route_fill *f = arg;
	struct sysctl_rtentry *e;

	if (f->n < f->max) {
		e = &f->out[f->n];
		memset(e, 0, sizeof(*e));
		e->rte_dst = rt->rt_dst.s_addr;
		e->rte_mask = rt->rt_mask.s_addr;
		e->rte_gateway = rt->rt_gateway.s_addr;
		e->rte_plen = (uint32_t)rt->rt_plen;
		e->rte_flags = rt->rt_flags;
		e->rte_ifindex = rt->rt_ifp->if_index;
		copy_name(e->rte_ifname, rt->rt_ifp->if_xname, sizeof(e->rte_ifname));
		e->rte_use = rt->rt_use;
		f->n++;
	} else if (f->max == 0)
		f->n++;		/* counting */
}

size_t
route_snapshot(struct sysctl_rtentry *out, size_t max)
{
	struct route_fill f = { out, max, 0 };

	route_foreach(route_fill_one, &f);
	return (f.n);
}

