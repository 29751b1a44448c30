/*
 * netstat(1): the network's counters and tables, as FreeBSD's, read from
 * the kernel with sysctl and printed by net/'s printers (net/netstat.c,
 * shared with the host tests, linked in through prog.mk):
 *
 *   netstat [-n] [-i]             interfaces (net.link.iflist)
 *   netstat -r [-n]               routing table (net.route.table)
 *   netstat -m                    mbufs (kern.ipc.mbstat)
 *   netstat -s [-p protocol]      statistics: ether, arp, ip, icmp, udp,
 *                                 esp, ah, ipsec (net.inet.ip.stats...)
 *
 * The counters are worded as FreeBSD's netstat words them, plurals
 * included ("1 packet forwarded", "0 possible replay packets detected").
 * Names are never looked up (-n is the only way).  The structures are
 * the kernel's (net/ip_var.h...): a size that differs means this program
 * and the kernel come from different trees, and it says so.
 */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/sysctlsys.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/udp_var.h"
#include "net/ipsec/ipsec_var.h"

/* The printers' output (net/net_platform.h): standard output here. */
void
net_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n%s\n",
	    "usage: netstat [-n] [-i]",
	    "       netstat -r [-n]",
	    "       netstat -m",
	    "       netstat -s [-p ether|arp|ip|icmp|udp|esp|ah|ipsec]");
	exit(1);
}

/* A table oid: a malloc'ed copy and its size in *lenp. */
static void *
fetch_table(const char *name, size_t *lenp)
{
	size_t len = 0;
	void *buf;

	for (;;) {
		if (sysctlbyname(name, NULL, &len, NULL, 0) < 0)
			err(1, "sysctl: %s", name);
		len += len / 2 + 1;	/* room for an entry added meanwhile */
		if ((buf = malloc(len)) == NULL)
			err(1, "malloc");
		if (sysctlbyname(name, buf, &len, NULL, 0) == 0)
			break;
		if (errno != ENOMEM)
			err(1, "sysctl: %s", name);
		free(buf);
	}
	*lenp = len;
	return (buf);
}

/* A counter struct oid into s (size bytes, which it must have). */
static void
fetch_struct(const char *name, void *s, size_t size)
{
	size_t len = size;

	if (sysctlbyname(name, s, &len, NULL, 0) < 0) {
		if (errno == ENOMEM)
			errx(1, "%s: larger than this netstat's structure (%zu bytes): "
			    "netstat and the kernel come from different trees", name, size);
		err(1, "sysctl: %s", name);
	}
	if (len != size)
		errx(1, "%s: %zu bytes, this netstat's structure has %zu: "
		    "netstat and the kernel come from different trees", name, len, size);
}

static void
show_ether(void)
{
	struct etherstat s;

	fetch_struct("net.link.ether.stats", &s, sizeof(s));
	netstat_show_ether(&s);
}

static void
show_arp(void)
{
	struct arpstat s;

	fetch_struct("net.link.ether.arp.stats", &s, sizeof(s));
	netstat_show_arp(&s);
}

static void
show_ip(void)
{
	struct ipstat s;

	fetch_struct("net.inet.ip.stats", &s, sizeof(s));
	netstat_show_ip(&s);
}

static void
show_icmp(void)
{
	struct icmpstat s;

	fetch_struct("net.inet.icmp.stats", &s, sizeof(s));
	netstat_show_icmp(&s);
}

static void
show_udp(void)
{
	struct udpstat s;

	fetch_struct("net.inet.udp.stats", &s, sizeof(s));
	netstat_show_udp(&s);
}

static void
show_ipsec(const char *which)
{
	struct xformstat esp, ah;
	struct ipsecstat ips;

	fetch_struct("net.inet.esp.stats", &esp, sizeof(esp));
	fetch_struct("net.inet.ah.stats", &ah, sizeof(ah));
	fetch_struct("net.inet.ipsec.ipsecstats", &ips, sizeof(ips));
	netstat_show_ipsec(which, &esp, &ah, &ips);
}

static const struct {
	const char	*name;
	void		(*show)(void);
} protos[] = {
	{ "ether", show_ether }, { "arp", show_arp }, { "ip", show_ip },
	{ "icmp", show_icmp }, { "udp", show_udp },
};

static int
show_stats(const char *proto)
{
	size_t i;

	for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (proto == NULL || strcmp(proto, protos[i].name) == 0) {
			protos[i].show();
			if (proto != NULL)
				return (0);
		}
	if (proto == NULL || strcmp(proto, "esp") == 0 || strcmp(proto, "ah") == 0 ||
	    strcmp(proto, "ipsec") == 0) {
		show_ipsec(proto);
		return (0);
	}
	warnx("%s: unknown or uninstrumented protocol", proto);
	return (1);
}

int
main(int argc, char **argv)
{
	const char *proto = NULL;
	struct mbstat mb;
	void *t;
	size_t len;
	int ch, mode = 0;

	netstat_freebsd = 1;	/* FreeBSD's wording and plurals (net/netstat.h) */
	while ((ch = bsd_getopt(argc, argv, "imnp:rs")) != -1) {
		switch (ch) {
		case 'i':
		case 'm':
		case 'r':
		case 's':
			if (mode != 0 && mode != ch)
				usage();
			mode = ch;
			break;
		case 'n':
			break;		/* numeric: names are never looked up */
		case 'p':
			proto = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (proto != NULL && mode != 's'))
		usage();
	switch (mode) {
	case 'm':
		fetch_struct("kern.ipc.mbstat", &mb, sizeof(mb));
		netstat_show_mbufs(&mb);
		return (0);
	case 'r':
		t = fetch_table("net.route.table", &len);
		netstat_show_routes(t, len / sizeof(struct sysctl_rtentry));
		free(t);
		return (0);
	case 's':
		return (show_stats(proto));
	default:
		t = fetch_table("net.link.iflist", &len);
		netstat_show_interfaces(t, len / sizeof(struct sysctl_ifentry));
		free(t);
		return (0);
	}
}
