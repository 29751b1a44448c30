/*
 * The network shell tools, in the shape of their FreeBSD namesakes:
 * `ifconfig`, `arp`, `route` and `netstat`.  They read the stack through
 * its accessors and printers (net/netstat.h, arp_print_all...) and change
 * it through the configuration entry points (in_addr_add, route_add...),
 * which take the net lock themselves.  `ping` is in net_ping.c, `dhclient`
 * in net_dhcp.c.
 */
#include <sys/systm.h>
#include <sys/shell.h>
#include <sanpo/getopt.h>

#include "net/dhcp_client.h"
#include "net/ether_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/route.h"
#include "net/ipsec/ipsec_var.h"
#include <net/net_kern.h>

/* BSD interface flag names, by bit. */
static const struct {
	uint32_t	 bit;		/* IFF_* value */
	const char	*name;		/* as ifconfig prints it */
} if_flag_names[] = {
	{ 0x1, "UP" }, { 0x2, "BROADCAST" }, { 0x4, "DEBUG" }, { 0x8, "LOOPBACK" },
	{ 0x10, "POINTOPOINT" }, { 0x40, "RUNNING" }, { 0x80, "NOARP" },
	{ 0x100, "PROMISC" }, { 0x200, "ALLMULTI" }, { 0x400, "OACTIVE" },
	{ 0x800, "SIMPLEX" }, { 0x8000, "MULTICAST" },
};

static void
print_flags(uint32_t flags)
{
	const char *sep = "";
	unsigned i;

	printf("flags=%x<", flags);
	for (i = 0; i < nitems(if_flag_names); i++)
		if (flags & if_flag_names[i].bit) {
			printf("%s%s", sep, if_flag_names[i].name);
			sep = ",";
		}
	printf(">");
}

/* The "inet" lines of ifp (takes the lock: addresses may change). */
static void
print_inet(struct ifnet *ifp)
{
	struct in_ifaddr *ia;
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	net_lock();
	for (ia = in_ifaddr_first(ifp); ia != NULL; ia = ia->ia_next)
		printf("\tinet %s netmask 0x%08x broadcast %s\n",
		    inet_ntoa_r(ia->ia_addr, a), ntohl(ia->ia_netmask.s_addr),
		    inet_ntoa_r(ia->ia_broadaddr, b));
	net_unlock();
}

static void
ifconfig_print(struct ifnet *ifp)
{
	struct dhcp_client *dc;
	char mac[18];

	printf("%s: ", ifp->if_xname);
	print_flags(ifp->if_flags);
	printf(" metric 0 mtu %u\n", ifp->if_mtu);
	printf("\tether %s\n", ether_sprintf_r(ifp->if_lladdr, mac));
	print_inet(ifp);
	if (ifp->if_driver_desc != NULL)
		printf("\tdriver: %s\n", ifp->if_driver_desc);
	printf("\tmedia: Ethernet autoselect\n");
	printf("\tstatus: %s\n", ifp->if_link_state == LINK_STATE_UP ? "active" :
	    ifp->if_link_state == LINK_STATE_DOWN ? "no carrier" : "unknown");
	printf("\tinput: %llu packets %llu bytes %llu errors %llu drops %llu mcasts\n",
	    (unsigned long long)ifp->if_ipackets, (unsigned long long)ifp->if_ibytes,
	    (unsigned long long)ifp->if_ierrors, (unsigned long long)ifp->if_iqdrops,
	    (unsigned long long)ifp->if_imcasts);
	printf("\toutput: %llu packets %llu bytes %llu errors %llu drops %llu mcasts\n",
	    (unsigned long long)ifp->if_opackets, (unsigned long long)ifp->if_obytes,
	    (unsigned long long)ifp->if_oerrors, (unsigned long long)ifp->if_oqdrops,
	    (unsigned long long)ifp->if_omcasts);
	if ((dc = dhcp_client_find(ifp)) != NULL)
		dhcp_client_print(dc);
	if (ifp->if_shell_info != NULL)
		ifp->if_shell_info(ifp);
}

static int
cmd_ifconfig(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	struct ifnet *ifp;
	int ch, all = 0;

	while ((ch = getopt_r(&g, argc, argv, "a")) != -1) {
		if (ch != 'a')
			return (shell_usage(argv[0], g.err));
		all = 1;
	}
	argc -= g.ind;
	argv += g.ind;
	if (argc == 0) {
		if (if_first() == NULL)
			printf("ifconfig: no interfaces\n");
		for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
			ifconfig_print(ifp);
		return (0);
	}
	if (all)
		return (shell_usage("ifconfig", "-a takes no interface"));
	if ((ifp = ifunit(argv[0])) == NULL) {
		printf("ifconfig: interface %s does not exist\n", argv[0]);
		return (1);
	}
	if (argc == 1) {
		ifconfig_print(ifp);
		return (0);
	}
	return (net_ifconfig_words(ifp, argc - 1, argv + 1, 0));
}
SHELL_COMMAND(ifconfig, cmd_ifconfig,
    "ifconfig [-a | ifname [inet A[/len] [netmask M]] [up|down] [DHCP]]",
    "show or configure network interfaces");

static int
cmd_arp(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	struct in_addr a;
	int ch, all = 0, del = 0;
	const char *host;

	while ((ch = getopt_r(&g, argc, argv, "adn")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'd':
			del = 1;
			break;
		case 'n':
			break;		/* numeric: names are never looked up */
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (all && !del && g.ind == argc) {
		arp_print_all();
		return (0);
	}
	if (!del || all || g.ind != argc - 1)
		return (shell_usage(argv[0], NULL));
	host = argv[g.ind];
	if (inet_aton_net(host, &a) != 0) {
		printf("arp: %s: bad address\n", host);
		return (1);
	}
	if (arp_delete(a) != 0) {
		printf("arp: %s: not in the cache\n", host);
		return (1);
	}
	printf("%s deleted\n", host);
	return (0);
}
SHELL_COMMAND(arp, cmd_arp, "arp -a [-n] | arp -d address", "show or edit the ARP cache");

static const char *
route_errstr(int error)
{
	switch (error) {
	case EEXIST:		return ("File exists");
	case ESRCH:		return ("not in table");
	case ENETUNREACH:	return ("Network is unreachable");
	case EINVAL:		return ("Invalid argument");
	case ENOMEM:		return ("Cannot allocate memory");
	default:		return ("error");
	}
}

/* "dest[/len]" with -net/-host/default into dst/plen; 0 or -1. */
static int
route_parse_dest(const char *s, int host, struct in_addr *dst, int *plen)
{
	if (strcmp(s, "default") == 0) {
		dst->s_addr = 0;
		*plen = 0;
		return (0);
	}
	if (inet_parse_prefix(s, dst, plen) != 0)
		return (-1);
	if (strchr(s, '/') == NULL && !host) {
		/* BSD: a -net without a length is classful. */
		uint32_t h = ntohl(dst->s_addr);

		*plen = h == 0 ? 0 : h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24;
		while (*plen < 32 && (h & ~ntohl(in_prefix_mask(*plen))) != 0)
			*plen += 8;	/* keep the bits the user wrote */
	}
	return (0);
}

int
net_route_words(int argc, char **argv)
{
	struct in_addr dst, gw = { 0 };
	int i = 1, host = 0, plen, add, error;
	char d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN], what[64];

	if (argc < 2 || (strcmp(argv[0], "add") != 0 && strcmp(argv[0], "delete") != 0))
		goto usage;
	add = strcmp(argv[0], "add") == 0;
	if (strcmp(argv[i], "-net") == 0 || strcmp(argv[i], "-host") == 0)
		host = strcmp(argv[i++], "-host") == 0;
	if (i >= argc || route_parse_dest(argv[i], host, &dst, &plen) != 0) {
		printf("route: bad destination '%s'\n", i < argc ? argv[i] : "");
		return (1);
	}
	i++;
	if (add && (i >= argc || inet_aton_net(argv[i], &gw) != 0)) {
		printf("route: %s: bad or missing gateway\n", i < argc ? argv[i] : "");
		return (1);
	}
	if (plen == 0)
		snprintf(what, sizeof(what), "net default");
	else if (plen == 32)
		snprintf(what, sizeof(what), "host %s", inet_ntoa_r(dst, d));
	else
		snprintf(what, sizeof(what), "net %s/%d", inet_ntoa_r(dst, d), plen);
	if (add)
		error = route_add(dst, plen, gw, NULL, RTF_GATEWAY | RTF_STATIC);
	else
		error = route_delete(dst, plen);
	if (error != 0) {
		if (add)
			printf("route: add %s: gateway %s: %s\n", what,
			    inet_ntoa_r(gw, g), route_errstr(error));
		else
			printf("route: delete %s: %s\n", what, route_errstr(error));
		return (1);
	}
	if (add)
		printf("add %s: gateway %s\n", what, inet_ntoa_r(gw, g));
	else
		printf("delete %s\n", what);
	return (0);
usage:
	return (shell_usage("route", NULL));
}

static int
cmd_route(int argc, char **argv)
{
	if (argc == 2 && (strcmp(argv[1], "show") == 0 || strcmp(argv[1], "print") == 0)) {
		netstat_print_routes();
		return (0);
	}
	if (argc < 2)
		return (shell_usage(argv[0], NULL));
	return (net_route_words(argc - 1, argv + 1));
}
SHELL_COMMAND(route, cmd_route, "route add|delete [-net|-host] dest[/len] gw | route show",
    "edit or show the routing table");

static int
netstat_proto(const char *p)
{
	if (strcmp(p, "ether") == 0)
		netstat_print_ether();
	else if (strcmp(p, "arp") == 0)
		netstat_print_arp();
	else if (strcmp(p, "ip") == 0)
		netstat_print_ip();
	else if (strcmp(p, "icmp") == 0)
		netstat_print_icmp();
	else if (strcmp(p, "udp") == 0)
		netstat_print_udp();
	else if (strcmp(p, "esp") == 0 || strcmp(p, "ah") == 0 || strcmp(p, "ipsec") == 0) {
		net_lock();
		ipsec_print_stats(p);
		net_unlock();
	} else {
		printf("netstat: %s: unknown protocol (ether, arp, ip, icmp, udp, esp, ah, ipsec)\n", p);
		return (1);
	}
	return (0);
}

/* netstat's tables, one per mode flag. */
static int
netstat_mode(int mode, const char *proto)
{
	switch (mode) {
	case 'm':
		netstat_print_mbufs();
		return (0);
	case 'r':
		netstat_print_routes();
		return (0);
	case 's':
		if (proto != NULL)
			return (netstat_proto(proto));
		netstat_print_stats();
		net_lock();
		ipsec_print_stats(NULL);
		net_unlock();
		return (0);
	default:
		netstat_print_interfaces();
		return (0);
	}
}

static int
cmd_netstat(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *proto = NULL;
	int ch, mode = 0;

	while ((ch = getopt_r(&g, argc, argv, "imnp:rs")) != -1) {
		switch (ch) {
		case 'i': case 'm': case 'r': case 's':
			if (mode != 0 && mode != ch)
				return (shell_usage(argv[0], "-i, -m, -r and -s go alone"));
			mode = ch;
			break;
		case 'n':
			break;		/* numeric: names are never looked up */
		case 'p':
			proto = g.arg;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind != argc)
		return (shell_usage(argv[0], NULL));
	if (proto != NULL && mode != 's')
		return (shell_usage(argv[0], "-p goes with -s"));
	return (netstat_mode(mode, proto));
}
SHELL_COMMAND(netstat, cmd_netstat,
    "netstat [-i | -r | -m | -s [-p ether|arp|ip|icmp|udp|esp|ah|ipsec]] [-n]",
    "network statistics, routes, mbufs, interfaces");
