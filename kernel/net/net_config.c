/*
 * rc.conf-style network configuration from the loader environment, run
 * once the drivers have attached their interfaces and the protocols are
 * up, as FreeBSD's /etc/rc.d/netif, routing and dhclient scripts do:
 *
 *   ifconfig_vtnet0="DHCP"                  start a DHCP client
 *   ifconfig_vtnet0="inet 10.0.2.15/24"     (or "inet A netmask M")
 *   defaultrouter="10.0.2.2"                the default route
 *   gateway_enable="YES"                    net.inet.ip.forwarding=1
 *   static_routes="a b"  route_a="-net 10.9.0.0/16 10.0.2.3"
 *
 * This is done here when the kernel shell is the user land (kern.kshell,
 * the boot tests of kernel services); when init starts, /etc/rc does it
 * with the ifconfig, dhclient, route and sysctl programs from the same
 * variables (gateway_enable too).
 *
 * Each action prints one line; a bad value prints why and the rest of
 * the configuration still applies.  The `ifconfig` word parser here is
 * shared with the shell command.
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

int
net_ifconfig_words(struct ifnet *ifp, int argc, char **argv, int verbose)
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
			int error = net_dhclient_start(ifp);

			if (error != 0 && error != EEXIST) {
				printf("dhclient: %s: cannot start\n", ifp->if_xname);
				return (1);
			}
			if (verbose)
				printf("Starting dhclient %s\n", ifp->if_xname);
			i++;
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
			(void)net_ifconfig_words(ifp, argc, argv, 1);
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
			(void)net_route_words(1 + argc, argv);
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
	(void)net_route_words(3, argv);
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
