/*
 * rc.conf-style network configuration from the loader environment for
 * boots into the kernel shell (kern.kshell: the boot tests of kernel
 * services and the benchmarks that look at the kernel from its debugger
 * console), once the drivers have attached their interfaces and the
 * protocols are up, as FreeBSD's /etc/rc.d/netif and routing do:
 *
 *   ifconfig_vtnet0="inet 10.0.2.15/24"     (or "inet A netmask M")
 *   defaultrouter="10.0.2.2"                the default route
 *   gateway_enable="YES"                    net.inet.ip.forwarding=1
 *   static_routes="a b"  route_a="-net 10.9.0.0/16 10.0.2.3"
 *
 * When init starts, /etc/rc does all of it with the ifconfig, dhclient,
 * route and sysctl programs from the same variables, and this does
 * nothing.  "DHCP" is the dhclient program's: the kernel has no client.
 *
 * Each action prints one line; a bad value prints why and the rest of
 * the configuration still applies.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sanpo/cmdline.h>
#include <sanpo/parse.h>

#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/route.h"
#include "net/udp_var.h"
#include <net/net_kern.h>

#define RC_WORDS	16	/* words in one rc.conf value */
#define RC_VALUE_MAX	256	/* bytes of one rc.conf value */

/* ASCII case-insensitive equality (rc.conf values are "DHCP" or "dhcp"). */
static int
word_is(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		char x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		char y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;

		if (x != y)
			return (0);
	}
	return (*a == *b);
}

/*
 * The words of rc.conf variable `var` (split as sh splits them) into
 * argv, at most max + 1 slots; the count, or -1 (not set, or a bad value:
 * said) when there is nothing to do.
 */
static int
rc_words(const char *var, char *val, size_t size, char **argv, int max)
{
	const char *v = kern_getenv(var);
	char *p = val;
	int n;

	if (v == NULL)
		return (-1);
	if (strlcpy(val, v, size) >= size) {
		printf("%s: value longer than %zu bytes: ignored\n", var, size - 1);
		return (-1);
	}
	if ((n = cmdline_split(&p, argv, max)) < 0 || p != NULL) {
		printf("%s: %s: ignored\n", var, n < 0 ? cmdline_strerror(n) :
		    "one command only");
		return (-1);
	}
	return (n);
}

/* Netmask as dotted quad or 0xffffff00 into a prefix length, or -1. */
static int
parse_netmask(const char *s, int *plen)
{
	struct in_addr m;
	uint64_t v;
	uint32_t h;
	int n;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (parse_uint(s, 16, 0xffffffffu, &v) != 0)
			return (-1);
		h = (uint32_t)v;
	} else {
		if (inet_aton_net(s, &m) != 0)
			return (-1);
		h = ntohl(m.s_addr);
	}
	for (n = 0; n < 32 && (h & (0x80000000u >> n)) != 0; n++)
		;
	if (n < 32 && (h << n) != 0)
		return (-1);		/* not contiguous */
	*plen = n;
	return (0);
}

static const char *
errstr(int error)
{
	switch (error) {
	case EINVAL:		return ("invalid argument");
	case EEXIST:		return ("address already in use");
	case ENOMEM:		return ("out of memory");
	case ESRCH:		return ("not found");
	case ENETUNREACH:	return ("network is unreachable");
	default:		return ("error");
	}
}

/* "inet A[/len] [netmask M]" starting at argv[i]; returns words used or -1. */
static int
ifconfig_inet(struct ifnet *ifp, int argc, char **argv, int i, int verbose)
{
	struct in_addr a;
	int plen, used = 1, error;
	char buf[INET_ADDRSTRLEN];

	if (i >= argc || inet_parse_prefix(argv[i], &a, &plen) != 0) {
		printf("ifconfig: %s: bad address '%s'\n", ifp->if_xname,
		    i < argc ? argv[i] : "");
		return (-1);
	}
	if (strchr(argv[i], '/') == NULL) {
		/* No length: a netmask word, or the classful default. */
		uint32_t h = ntohl(a.s_addr);

		plen = h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24;
		if (i + 1 < argc && strcmp(argv[i + 1], "netmask") == 0) {
			if (i + 2 >= argc || parse_netmask(argv[i + 2], &plen) != 0) {
				printf("ifconfig: %s: bad netmask '%s'\n", ifp->if_xname,
				    i + 2 < argc ? argv[i + 2] : "");
				return (-1);
			}
			used = 3;
		}
	}
	if ((error = in_addr_add(ifp, a, plen)) != 0) {
		printf("ifconfig: %s: inet %s/%d: %s\n", ifp->if_xname,
		    inet_ntoa_r(a, buf), plen, errstr(error));
		return (-1);
	}
	if (verbose)
		printf("ifconfig %s inet %s/%d\n", ifp->if_xname, inet_ntoa_r(a, buf), plen);
	return (used);
}

/*
 * Apply `ifconfig` words to ifp ("inet A[/len] [netmask M]", "up",
 * "down").  Prints one line per action (when `verbose`) or a one-line
 * error; returns 0 or 1.
 */
static int
ifconfig_words(struct ifnet *ifp, int argc, char **argv, int verbose)
{
	int i = 0, n;

	while (i < argc) {
		if (strcmp(argv[i], "inet") == 0) {
			if ((n = ifconfig_inet(ifp, argc, argv, i + 1, verbose)) < 0)
				return (1);
			i += 1 + n;
		} else if (strcmp(argv[i], "up") == 0) {
			if_up(ifp);
			i++;
		} else if (strcmp(argv[i], "down") == 0) {
			if_down(ifp);
			i++;
		} else if (word_is(argv[i], "DHCP") ||
		    word_is(argv[i], "SYNCDHCP")) {
			/* DHCP is the dhclient program's, run by /etc/rc. */
			printf("ifconfig: %s: DHCP: the kernel shell has no DHCP client; "
			    "boot the user land (dhclient)\n", ifp->if_xname);
			return (1);
		} else {
			/* A bare address is BSD shorthand for "inet A". */
			struct in_addr a;
			int plen;

			if (inet_parse_prefix(argv[i], &a, &plen) != 0) {
				printf("ifconfig: %s: unknown word '%s'\n", ifp->if_xname,
				    argv[i]);
				return (1);
			}
			if ((n = ifconfig_inet(ifp, argc, argv, i, verbose)) < 0)
				return (1);
			i += n;
		}
	}
	return (0);
}

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

/*
 * `route add|delete [-net|-host] dest[/len] [gw]` and `route add default
 * gw` from rc.conf's defaultrouter and route_<name>: argv[0] is "add" or
 * "delete".  Prints the result as FreeBSD's route does; returns 0 or 1.
 */
static int
route_words(int argc, char **argv)
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
	printf("route: expected add|delete [-net|-host] dest[/len] [gw]\n");
	return (1);
}

/* ifconfig_<ifname> for every attached interface. */
static void
config_interfaces(void)
{
	struct ifnet *ifp;

	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next) {
		char name[IFNAMSIZ + 16], val[RC_VALUE_MAX], *argv[RC_WORDS + 1];
		int argc;

		snprintf(name, sizeof(name), "ifconfig_%s", ifp->if_xname);
		if ((argc = rc_words(name, val, sizeof(val), argv, RC_WORDS)) >= 0)
			(void)ifconfig_words(ifp, argc, argv, 1);
	}
}

/* static_routes="a b" with route_a="..." (the words of `route add`). */
static void
config_static_routes(void)
{
	char list[RC_VALUE_MAX], *names[RC_WORDS + 1];
	int n, i;

	n = rc_words("static_routes", list, sizeof(list), names, RC_WORDS);
	for (i = 0; i < n; i++) {
		char var[64], val[RC_VALUE_MAX], *argv[RC_WORDS + 2];
		int argc;

		snprintf(var, sizeof(var), "route_%s", names[i]);
		if (kern_getenv(var) == NULL) {
			printf("route: static route '%s': %s is not set\n", names[i], var);
			continue;
		}
		argv[0] = "add";
		if ((argc = rc_words(var, val, sizeof(val), argv + 1, RC_WORDS)) >= 0)
			(void)route_words(1 + argc, argv);
	}
}

static void
config_defaultrouter(void)
{
	const char *v = kern_getenv("defaultrouter");
	char *argv[3];

	if (v == NULL || word_is(v, "NO"))
		return;
	argv[0] = "add";
	argv[1] = "default";
	argv[2] = (char *)v;
	(void)route_words(3, argv);
}

static void
config_forwarding(void)
{
	int old;

	if (!getenv_is_true("gateway_enable"))
		return;
	net_lock();
	old = ip_forwarding;
	ip_forwarding = 1;
	net_unlock();
	printf("net.inet.ip.forwarding: %d -> 1\n", old);
}

/*
 * After the drivers (SI_SUB_DRIVERS/CONFIGURE) and the protocols
 * (SI_SUB_PROTO_DOMAIN), once interrupts and the APs run, as rc would.
 */
static void
net_config(const void *dummy __unused)
{
	int error;

	if (!net_kern_started())
		return;
	if (boothowto & RB_SINGLE) {	/* as rc: no network services */
		printf("net: single-user mode: interfaces left unconfigured\n");
		return;
	}
	error = udp_echo_start();
	if (error != 0 && error != EADDRINUSE)
		printf("net: UDP echo service failed to start (error %d)\n", error);
	if (if_count() == 0) {
		if (bootverbose)
			printf("net: no network interfaces\n");
		return;
	}
	if (!getenv_is_true("kern.kshell"))
		return;	/* user space starts: /etc/rc configures the network */
	config_forwarding();
	config_interfaces();
	config_defaultrouter();
	config_static_routes();
}
SYSINIT(net_config, SI_SUB_SMP, SI_ORDER_ANY, net_config, NULL);
