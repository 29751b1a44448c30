/*
 * The network stack's sysctls: FreeBSD's net.inet tree with the stack's
 * real knobs (writes change the variables the stack reads on every
 * packet), and the counters and tables netstat reads as opaque
 * structures -- FreeBSD's names where FreeBSD has the node, Sanpo's own
 * layouts (net/ip_var.h, udp_var.h, icmp_var.h, if_ether.h, ether_var.h,
 * mbuf.h, ipsec/ipsec_var.h; the interface list and route table in
 * <sanpo/sysctl.h>).  A program reading them must be built from the same
 * tree (user/usr.bin/netstat is).
 */
#include <sys/systm.h>
#include <sys/sysctl.h>
#include <sanpo/sysctl.h>

#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/udp_var.h"
#include "net/ipsec/ipsec_var.h"

SYSCTL_INT_RW("net.inet.ip.forwarding", &ip_forwarding, 0, 1,
    "Enable IP forwarding between interfaces");
SYSCTL_INT_RW("net.inet.ip.ttl", &ip_defttl, 1, 255, "Maximum TTL on IP packets");
SYSCTL_INT_RW("net.inet.ip.maxfragpackets", &ip_maxfragpackets, 0, 4096,
    "Maximum number of IPv4 fragment reassembly queue entries");
SYSCTL_INT_RW("net.inet.ip.maxfragsperpacket", &ip_maxfragsperpacket, 0, 4096,
    "Maximum number of IPv4 fragments allowed per packet");
SYSCTL_INT_RW("net.inet.icmp.icmplim", &icmplim, 0, 1000000,
    "Maximum number of ICMP responses per second");
SYSCTL_INT_RW("net.inet.udp.recvspace", &udp_recvspace, 0, 16 * 1024 * 1024,
    "Maximum space for incoming UDP datagrams");
SYSCTL_INT_RW("net.inet.udp.recvqlen", &udp_recvqlen, 1, 65536,
    "Maximum number of datagrams queued on a UDP socket");

/* A counter struct's oid: its snapshot under the net lock. */
#define NET_STATS_OID(name, fn, type, var, descr)			\
static size_t								\
fn(void *buf, size_t len)						\
{									\
	struct type s;							\
									\
	net_snapshot(&s, &var, sizeof(s));				\
	return (sysctl_opaque_copy(buf, len, &s, sizeof(s)));		\
}									\
SYSCTL_OPAQUE(name, fn, "S," #type, descr)

NET_STATS_OID("net.inet.ip.stats", ipstat_oid, ipstat, ipstat,
    "IP statistics (struct ipstat, net/ip_var.h)");
NET_STATS_OID("net.inet.icmp.stats", icmpstat_oid, icmpstat, icmpstat,
    "ICMP statistics (struct icmpstat, net/icmp_var.h)");
NET_STATS_OID("net.inet.udp.stats", udpstat_oid, udpstat, udpstat,
    "UDP statistics (struct udpstat, net/udp_var.h)");
NET_STATS_OID("net.link.ether.stats", etherstat_oid, etherstat, etherstat,
    "Ethernet statistics (struct etherstat, net/ether_var.h)");
NET_STATS_OID("net.link.ether.arp.stats", arpstat_oid, arpstat, arpstat,
    "ARP statistics (struct arpstat, net/if_ether.h)");
NET_STATS_OID("net.inet.ipsec.ipsecstats", ipsecstat_oid, ipsecstat, ipsecstat,
    "IPsec statistics (struct ipsecstat, net/ipsec/ipsec_var.h)");
NET_STATS_OID("net.inet.esp.stats", espstat_oid, xformstat, espstat,
    "ESP statistics (struct xformstat, net/ipsec/ipsec_var.h)");
NET_STATS_OID("net.inet.ah.stats", ahstat_oid, xformstat, ahstat,
    "AH statistics (struct xformstat, net/ipsec/ipsec_var.h)");
NET_STATS_OID("kern.ipc.mbstat", mbstat_oid, mbstat, mbstat,
    "Mbuf usage statistics (struct mbstat, net/mbuf.h)");

/* A table's oid: the entries into a temporary array, then what fits. */
#define NET_TABLE_OID(name, fn, type, snap, descr)			\
static size_t								\
fn(void *buf, size_t len)						\
{									\
	size_t n = snap(NULL, 0), size;					\
	struct type *t;							\
									\
	if (buf == NULL || len == 0)					\
		return (n * sizeof(*t));				\
	if ((t = net_malloc((n + 1) * sizeof(*t))) == NULL)		\
		return (0);						\
	n = snap(t, n);							\
	size = sysctl_opaque_copy(buf, len, t, n * sizeof(*t));		\
	net_free(t);							\
	return (size);							\
}									\
SYSCTL_OPAQUE(name, fn, "S," #type, descr)

NET_TABLE_OID("net.link.iflist", iflist_oid, sysctl_ifentry, if_snapshot,
    "Interfaces and their counters (struct sysctl_ifentry[], <sanpo/sysctl.h>)");
NET_TABLE_OID("net.route.table", rttable_oid, sysctl_rtentry, route_snapshot,
    "IPv4 routing table (struct sysctl_rtentry[], <sanpo/sysctl.h>)");
