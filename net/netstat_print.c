/*
 * The host tests' netstat: a snapshot of the stack's own counters and
 * tables (net/net_stats.c) handed straight to the printers
 * (net/netstat.c).  Not in the kernel, whose counters reach the netstat
 * program through sysctl.
 */
#include <stddef.h>
#include <stdint.h>

#include <sanpo/sysctl.h>

#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/udp_var.h"

#define SNAP_PRINT(name, type, var)					\
void									\
netstat_print_##name(void)						\
{									\
	struct type s;							\
									\
	net_snapshot(&s, &var, sizeof(s));				\
	netstat_show_##name(&s);					\
}
SNAP_PRINT(ether, etherstat, etherstat)
SNAP_PRINT(arp, arpstat, arpstat)
SNAP_PRINT(ip, ipstat, ipstat)
SNAP_PRINT(icmp, icmpstat, icmpstat)
SNAP_PRINT(udp, udpstat, udpstat)
SNAP_PRINT(mbufs, mbstat, mbstat)

void
netstat_print_stats(void)
{
	netstat_print_ether();
	netstat_print_arp();
	netstat_print_ip();
	netstat_print_icmp();
	netstat_print_udp();
}

/* The table may change between counting and copying: what fits is shown. */
#define SNAP_TABLE(name, type, snap, show)				\
void									\
netstat_print_##name(void)						\
{									\
	size_t n = snap(NULL, 0);					\
	struct type *t = net_malloc((n + 1) * sizeof(*t));		\
									\
	if (t == NULL) {						\
		net_log("netstat: no memory\n");			\
		return;							\
	}								\
	n = snap(t, n);							\
	show(t, n);							\
	net_free(t);							\
}
SNAP_TABLE(routes, sysctl_rtentry, route_snapshot, netstat_show_routes)
SNAP_TABLE(interfaces, sysctl_ifentry, if_snapshot, netstat_show_interfaces)
