/*
 * /proc/net/route, /proc/net/arp and /proc/net/dev in Linux's formats:
 * what busybox's route, arp and ifconfig read (net-tools' sources of
 * truth on Linux; Sanpo's own programs use the routing socket instead).
 *
 * Each file is a snapshot taken under the net lock into a kernel array,
 * formatted afterwards: the sbuf may allocate, and allocation may sleep,
 * which the net lock forbids.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/sbuf.h>
#include <fs/procfs/procfs.h>

#include "net/ether_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/net_platform.h"
#include "net/route.h"
#include <net/net_kern.h>

#define LINUX_RTF_UP		0x1
#define LINUX_RTF_GATEWAY	0x2
#define LINUX_RTF_HOST		0x4

struct route_snap {
	char		ifname[IFNAMSIZ];
	struct in_addr	dst, gw, mask;
	uint32_t	flags;
	uint64_t	use;
};

struct snap {
	void	*v;		/* array of n entries */
	int	 n, max;
	size_t	 size;		/* one entry */
};

static void
snap_route(const struct rtentry *rt, void *arg)
{
	struct snap *s = arg;
	struct route_snap *r;

	/* Linux keeps lo's routes in its local table, not in this file's main one. */
	if (s->n >= s->max || (rt->rt_ifp->if_flags & IFF_LOOPBACK))
		return;
	r = (struct route_snap *)s->v + s->n++;
	strlcpy(r->ifname, rt->rt_ifp->if_xname, sizeof(r->ifname));
	r->dst = rt->rt_dst;
	r->gw = rt->rt_gateway;
	r->mask = rt->rt_mask;
	r->flags = LINUX_RTF_UP | ((rt->rt_flags & RTF_GATEWAY) ? LINUX_RTF_GATEWAY : 0) |
	    ((rt->rt_flags & RTF_HOST) ? LINUX_RTF_HOST : 0);
	r->use = rt->rt_use;
}

/* Linux's lines are padded to 127 columns (fib_route_seq_show). */
static void
pad127(struct sbuf *sb, const char *line)
{
	sbuf_printf(sb, "%-127s\n", line);
}

int
procfs_net_route(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct snap s = { NULL, 0, 0, sizeof(struct route_snap) };
	struct route_snap *r;
	char line[160];
	int i;

	(void)pn;
	(void)id;
	(void)td;
	net_lock();
	s.max = rt_count() + 8;
	net_unlock();
	s.v = malloc(s.size * (size_t)s.max, M_NET, M_WAITOK | M_ZERO);
	route_foreach(snap_route, &s);
	pad127(sb, "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
	for (i = 0, r = s.v; i < s.n; i++, r++) {
		snprintf(line, sizeof(line), "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u",
		    r->ifname, r->dst.s_addr, r->gw.s_addr, r->flags, 0,
		    (unsigned)r->use, 0, r->mask.s_addr, 0, 0, 0);
		pad127(sb, line);
	}
	free(s.v, M_NET);
	return (0);
}

struct arp_snap {
	char		ifname[IFNAMSIZ];
	struct in_addr	addr;
	uint8_t		lladdr[ETHER_ADDR_LEN];
	int		state;
};

static void
snap_arp(const struct arp_entry_info *e, void *arg)
{
	struct snap *s = arg;
	struct arp_snap *a;

	if (s->n >= s->max)
		return;
	a = (struct arp_snap *)s->v + s->n++;
	strlcpy(a->ifname, e->ifp->if_xname, sizeof(a->ifname));
	a->addr = e->addr;
	memcpy(a->lladdr, e->lladdr, ETHER_ADDR_LEN);
	a->state = e->state;
}

static void
count_arp(const struct arp_entry_info *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
}

int
procfs_net_arp(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct snap s = { NULL, 0, 0, sizeof(struct arp_snap) };
	struct arp_snap *a;
	char ip[INET_ADDRSTRLEN], mac[18];
	int i, n = 0;

	(void)pn;
	(void)id;
	(void)td;
	arp_foreach(count_arp, &n);
	s.max = n + 8;
	s.v = malloc(s.size * (size_t)s.max, M_NET, M_WAITOK | M_ZERO);
	arp_foreach(snap_arp, &s);
	sbuf_printf(sb, "IP address       HW type     Flags       HW address            Mask     Device\n");
	for (i = 0, a = s.v; i < s.n; i++, a++) {
		static const uint8_t zero[ETHER_ADDR_LEN];
		int ok = a->state == ARP_RESOLVED;

		/* Linux's ATF_COM (0x2): a complete entry. */
		sbuf_printf(sb, "%-16s 0x%-10x0x%-10x%-17s     %-8s %s\n",
		    inet_ntoa_r(a->addr, ip), 1, ok ? 0x2 : 0x0,
		    ether_sprintf_r(ok ? a->lladdr : zero, mac), "*", a->ifname);
	}
	free(s.v, M_NET);
	return (0);
}

int
procfs_net_dev(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct ifnet *ifp;

	(void)pn;
	(void)id;
	(void)td;
	sbuf_printf(sb, "Inter-|   Receive                            "
	    "                    |  Transmit\n"
	    " face |bytes    packets errs drop fifo frame compressed multicast|"
	    "bytes    packets errs drop fifo colls carrier compressed\n");
	/* The list only grows while interfaces stay attached; counters are the driver's. */
	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		sbuf_printf(sb, "%6s: %7llu %7llu %4llu %4llu %4u %5u %10u %9llu "
		    "%8llu %7llu %4llu %4llu %4u %5u %7u %10u\n", ifp->if_xname,
		    (unsigned long long)ifp->if_ibytes, (unsigned long long)ifp->if_ipackets,
		    (unsigned long long)ifp->if_ierrors, (unsigned long long)ifp->if_iqdrops,
		    0u, 0u, 0u, (unsigned long long)ifp->if_imcasts,
		    (unsigned long long)ifp->if_obytes, (unsigned long long)ifp->if_opackets,
		    (unsigned long long)ifp->if_oerrors, (unsigned long long)ifp->if_oqdrops,
		    0u, 0u, 0u, 0u);
	return (0);
}
