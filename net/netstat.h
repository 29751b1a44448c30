/*
 * The stack's entry points for its host: initialisation, the slow timer,
 * the netstat printers and the snapshots they print.  Implementation:
 * net/net_init.c, net/netstat.c (printers, also linked into the netstat
 * program) and net/net_stats.c (snapshots).
 */
#ifndef NET_NETSTAT_H
#define NET_NETSTAT_H

#include <stddef.h>

struct arpstat;
struct etherstat;
struct icmpstat;
struct ipsecstat;
struct ipstat;
struct mbstat;
struct sysctl_ifentry;
struct sysctl_rtentry;
struct udpstat;
struct xformstat;

/*
 * Initialise the stack (protocol switch, pools, echo state).  Call once
 * before any interface attaches; takes the net lock itself.
 */
void	 net_init(void);
/*
 * The slow timer: the platform calls it every NET_SLOWTIMO_MS WITH the net
 * lock held.  Drives ARP retries/expiry and reassembly timeouts.
 */
void	 net_slowtimo(void);

/*
 * Printers of snapshots (through net_log), net/netstat.c.  With
 * netstat_freebsd set (the netstat program), FreeBSD's wording and
 * plurals; else (the host tests' drivers) the fixed labels they read.
 */
extern int netstat_freebsd;
void	 netstat_show_ether(const struct etherstat *s);
void	 netstat_show_arp(const struct arpstat *s);
void	 netstat_show_ip(const struct ipstat *s);	/* every drop reason */
void	 netstat_show_icmp(const struct icmpstat *s);	/* with histograms */
void	 netstat_show_udp(const struct udpstat *s);
void	 netstat_show_mbufs(const struct mbstat *s);	/* `netstat -m` */
void	 netstat_show_routes(const struct sysctl_rtentry *rts, size_t n);	/* -r */
void	 netstat_show_interfaces(const struct sysctl_ifentry *ifs, size_t n);	/* -i */
/* which: "esp", "ah", "ipsec", or NULL for all three. */
void	 netstat_show_ipsec(const char *which, const struct xformstat *esp,
	    const struct xformstat *ah, const struct ipsecstat *ips);

/*
 * Snapshots (net/net_stats.c): a copy of a counter struct taken under the
 * net lock, and the interface list and route table in <sanpo/sysctl.h>'s
 * layouts (at most max entries into out; the number there is returned,
 * so out NULL and max 0 ask for the count).  Each takes the lock itself.
 */
void	 net_snapshot(void *dst, const void *src, size_t size);
size_t	 if_snapshot(struct sysctl_ifentry *out, size_t max);
size_t	 route_snapshot(struct sysctl_rtentry *out, size_t max);

/* Snapshot and print: the host tests' netstat (net/netstat_print.c). */
void	 netstat_print_ether(void);
void	 netstat_print_arp(void);
void	 netstat_print_ip(void);
void	 netstat_print_icmp(void);
void	 netstat_print_udp(void);
void	 netstat_print_stats(void);	/* `netstat -s`: all of the above */
void	 netstat_print_mbufs(void);	/* `netstat -m` */
void	 netstat_print_routes(void);	/* `netstat -r` / `route show` */
void	 netstat_print_interfaces(void);	/* `netstat -i` */

#endif /* NET_NETSTAT_H */
