/*
 * ifconfig(8), FreeBSD's syntax and output: shows interfaces from the
 * routing socket's interface list (FreeBSD's getifaddrs source) and
 * changes them with ioctls on a datagram socket: Sanpo's SIOCAIFADDR and
 * SIOCDIFADDR (FreeBSD's alias ioctls, <sanpo/route.h>) for addresses,
 * Linux's SIOCSIFFLAGS and SIOCSIFMTU for the rest.
 *
 *	ifconfig [-a] | ifconfig ifname
 *	ifconfig ifname [inet] addr[/len] [netmask M] [broadcast B] [alias | -alias | delete]
 *	ifconfig ifname [up | down] [mtu N]
 *
 * An address without `alias` replaces the interface's first one, as in
 * FreeBSD; `-alias` or `delete` removes the address named (the first
 * when none is).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "../../lib/rtsock/rtsock_user.h"

/* BSD interface flag names, by bit (the routing socket's ifm_flags). */
static const struct {
	unsigned	 bit;
	const char	*name;
} flag_names[] = {
	{ 0x1, "UP" }, { 0x2, "BROADCAST" }, { 0x4, "DEBUG" }, { 0x8, "LOOPBACK" },
	{ 0x10, "POINTOPOINT" }, { 0x40, "RUNNING" }, { 0x80, "NOARP" },
	{ 0x100, "PROMISC" }, { 0x200, "ALLMULTI" }, { 0x400, "OACTIVE" },
	{ 0x800, "SIMPLEX" }, { 0x8000, "MULTICAST" },
};

struct show {
	const char	*only;		/* the interface asked for, or NULL */
	int		 found;
	int		 printing;	/* the current interface is shown */
};

static void
print_flags(unsigned flags)
{
	const char *sep = "";
	size_t i;

	printf("flags=%x<", flags);
	for (i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (flags & flag_names[i].bit) {
			printf("%s%s", sep, flag_names[i].name);
			sep = ",";
		}
	printf(">");
}

/* The lines after an interface's addresses. */
static void
print_tail(int link_state)
{
	printf("\tmedia: Ethernet autoselect\n");
	printf("\tstatus: %s\n", link_state == LINK_STATE_UP ? "active" :
	    link_state == LINK_STATE_DOWN ? "no carrier" : "unknown");
}

static int pending_state = -1;	/* link state of the interface being printed */
static unsigned cur_flags;	/* its flags: IFF_BROADCAST decides the inet line */

static void
show_one(const struct rt_msghdr *rtm, void *arg)
{
	struct show *sh = arg;
	const void *sa[RTAX_MAX];
	char name[IFNAMSIZ], mac[18], a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];

	if (rtm->rtm_type == RTM_IFINFO) {
		const struct if_msghdr *ifm = (const void *)rtm;
		struct sockaddr_dl sdl;

		rts_addrs(ifm, sizeof(*ifm), ifm->ifm_msglen, ifm->ifm_addrs, sa);
		rts_dl_name(sa[4], name);
		if (sh->printing && pending_state >= 0)
			print_tail(pending_state);
		sh->printing = sh->only == NULL || strcmp(sh->only, name) == 0;
		pending_state = -1;
		if (!sh->printing)
			return;
		sh->found = 1;
		printf("%s: ", name);
		print_flags((unsigned)ifm->ifm_flags);
		printf(" metric 0 mtu %u\n", ifm->ifm_data.ifi_mtu);
		if (sa[4] != NULL) {
			memcpy(&sdl, sa[4], sizeof(sdl));
			if (sdl.sdl_alen == 6)
				printf("\tether %s\n", rts_mac(LLADDR(&sdl), mac));
		}
		/* lo0 has no media: FreeBSD prints neither media nor status. */
		cur_flags = (unsigned)ifm->ifm_flags;
		if (ifm->ifm_data.ifi_type != IFT_LOOP)
			pending_state = ifm->ifm_data.ifi_link_state;
	} else if (rtm->rtm_type == RTM_NEWADDR && sh->printing) {
		const struct ifa_msghdr *ifam = (const void *)rtm;
		struct in_addr ia, mask, brd;

		rts_addrs(ifam, sizeof(*ifam), ifam->ifam_msglen, ifam->ifam_addrs, sa);
		ia = rts_sin(sa[5]);
		mask = rts_sin(sa[2]);
		brd = rts_sin(sa[7]);
		inet_ntop(AF_INET, &ia, a, sizeof(a));
		inet_ntop(AF_INET, &brd, b, sizeof(b));
		printf("\tinet %s netmask 0x%08x", a, ntohl(mask.s_addr));
		if (cur_flags & IFF_BROADCAST)
			printf(" broadcast %s", b);
		printf("\n");
	}
}

static int
show(const char *only)
{
	struct show sh = { only, 0, 0 };
	int s = rts_open("ifconfig");

	pending_state = -1;
	if (rts_dump(s, RTM_SANPO_IFLIST, 0, show_one, &sh) < 0)
		err(1, "routing socket");
	if (sh.printing && pending_state >= 0)
		print_tail(pending_state);
	close(s);
	if (only != NULL && !sh.found)
		errx(1, "interface %s does not exist", only);
	return (0);
}

static void
name_one(const struct rt_msghdr *rtm, void *arg)
{
	const struct if_msghdr *ifm = (const void *)rtm;
	const void *sa[RTAX_MAX];
	char name[IFNAMSIZ];
	int *n = arg;

	if (rtm->rtm_type != RTM_IFINFO)
		return;
	rts_addrs(ifm, sizeof(*ifm), ifm->ifm_msglen, ifm->ifm_addrs, sa);
	printf("%s%s", (*n)++ ? " " : "", rts_dl_name(sa[4], name));
}

/* -l: the interface names on one line. */
static int
list_names(void)
{
	int s = rts_open("ifconfig"), n = 0;

	if (rts_dump(s, RTM_SANPO_IFLIST, 0, name_one, &n) < 0)
		err(1, "routing socket");
	printf("\n");
	close(s);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ifconfig [-a] | ifconfig -l | ifconfig interface\n"
	    "       ifconfig interface [inet] address[/len] [netmask mask] [broadcast addr]\n"
	    "                [alias | -alias | delete] [up | down] [mtu n]\n");
	exit(1);
}

/* A dotted quad or 0xffffff00 mask. */
static int
parse_mask(const char *s, struct in_addr *m)
{
	char *end;
	unsigned long v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		v = strtoul(s, &end, 16);
		if (*end != '\0' || v > 0xffffffffUL)
			return (-1);
		m->s_addr = htonl((uint32_t)v);
	} else if (inet_pton(AF_INET, s, m) != 1) {
		return (-1);
	}
	return (rts_plen(*m) < 0 ? -1 : 0);
}

/* "a.b.c.d[/len]"; *plen -1 without a length. */
static int
parse_addr(const char *s, struct in_addr *a, int *plen)
{
	char buf[INET_ADDRSTRLEN + 4], *slash, *end;
	long n;

	if (strlen(s) >= sizeof(buf))
		return (-1);
	strcpy(buf, s);
	*plen = -1;
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		n = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || n < 0 || n > 32)
			return (-1);
		*plen = (int)n;
	}
	return (inet_pton(AF_INET, buf, a) == 1 ? 0 : -1);
}

static void
sin_fill(struct rt_sockaddr_in *sin, struct in_addr a)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr = a.s_addr;
}

/* FreeBSD's classful default when neither /len nor netmask is given. */
static int
classful(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24);
}

static int
set_flag_up(int s, const char *ifname, int up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		err(1, "SIOCGIFFLAGS");
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		err(1, "SIOCSIFFLAGS");
	return (0);
}

static int
configure(const char *ifname, int argc, char **argv)
{
	struct in_addr addr = { 0 }, mask = { 0 }, brd = { 0 };
	int have_addr = 0, plen = -1, alias = 0, del = 0, up = -1, mtu = -1;
	int have_mask = 0, i, s;

	for (i = 0; i < argc; i++) {
		const char *w = argv[i];

		if (strcmp(w, "inet") == 0) {
			continue;
		} else if (strcmp(w, "up") == 0) {
			up = 1;
		} else if (strcmp(w, "down") == 0) {
			up = 0;
		} else if (strcmp(w, "alias") == 0 || strcmp(w, "add") == 0) {
			alias = 1;
		} else if (strcmp(w, "-alias") == 0 || strcmp(w, "delete") == 0 ||
		    strcmp(w, "remove") == 0) {
			del = 1;
		} else if (strcmp(w, "netmask") == 0) {
			if (++i >= argc || parse_mask(argv[i], &mask) != 0)
				errx(1, "%s: bad value", i < argc ? argv[i] : "netmask");
			have_mask = 1;
		} else if (strcmp(w, "broadcast") == 0) {
			if (++i >= argc || inet_pton(AF_INET, argv[i], &brd) != 1)
				errx(1, "%s: bad value", i < argc ? argv[i] : "broadcast");
		} else if (strcmp(w, "mtu") == 0) {
			char *end;
			long v;

			if (++i >= argc)
				errx(1, "mtu: missing argument");
			v = strtol(argv[i], &end, 10);
			if (*argv[i] == '\0' || *end != '\0' || v < 0 || v > 65535)
				errx(1, "%s: bad value", argv[i]);
			mtu = (int)v;
		} else if (!have_addr && parse_addr(w, &addr, &plen) == 0) {
			have_addr = 1;
		} else {
			errx(1, "%s: bad value", w);
		}
	}
	/*
	 * Interface ioctls work on any socket (the socket layer's ifioctl):
	 * an AF_INET one as FreeBSD's ifconfig opens, else the routing socket.
	 */
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0 &&
	    (s = socket(PF_ROUTE_SANPO, SOCK_RAW, 0)) < 0)
		err(1, "socket");
	{
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
		if (ioctl(s, SIOCGIFINDEX, &ifr) < 0)
			errx(1, "interface %s does not exist", ifname);
	}
	if (del) {
		struct ifreq ifr;
		struct rt_sockaddr_in sin;

		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
		sin_fill(&sin, addr);	/* 0.0.0.0: the first address */
		memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
		if (ioctl(s, SIOCDIFADDR_SANPO, &ifr) < 0)
			err(1, "ioctl (SIOCDIFADDR)");
	} else if (have_addr) {
		struct in_aliasreq ifra;
		struct ifreq ifr;
		struct rt_sockaddr_in sin;

		if (!alias) {
			/* Replace: the first address goes (none is fine). */
			memset(&ifr, 0, sizeof(ifr));
			strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
			sin_fill(&sin, (struct in_addr){ 0 });
			memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
			if (ioctl(s, SIOCDIFADDR_SANPO, &ifr) < 0 && errno != EADDRNOTAVAIL)
				err(1, "ioctl (SIOCDIFADDR)");
		}
		if (!have_mask)
			mask = rts_mask(plen >= 0 ? plen : classful(addr));
		memset(&ifra, 0, sizeof(ifra));
		strncpy(ifra.ifra_name, ifname, sizeof(ifra.ifra_name) - 1);
		sin_fill(&ifra.ifra_addr, addr);
		sin_fill(&ifra.ifra_mask, mask);
		if (brd.s_addr != 0)
			sin_fill(&ifra.ifra_broadaddr, brd);
		if (ioctl(s, SIOCAIFADDR_SANPO, &ifra) < 0)
			err(1, "ioctl (SIOCAIFADDR)");
	} else if (have_mask || brd.s_addr != 0 || alias) {
		errx(1, "no address given");
	}
	if (mtu >= 0) {
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
		ifr.ifr_mtu = mtu;
		if (ioctl(s, SIOCSIFMTU, &ifr) < 0)
			err(1, "ioctl SIOCSIFMTU (set mtu)");
	}
	if (up >= 0)
		set_flag_up(s, ifname, up);
	close(s);
	return (0);
}

int
main(int argc, char **argv)
{
	int ch;

	int list = 0;

	while ((ch = bsd_getopt(argc, argv, "al")) != -1) {
		if (ch == 'l')
			list = 1;
		else if (ch != 'a')
			usage();
	}
	argc -= optind;
	argv += optind;
	if (list) {
		if (argc != 0)
			usage();
		return (list_names());
	}
	if (argc == 0)
		return (show(NULL));
	if (argc == 1)
		return (show(argv[0]));
	return (configure(argv[0], argc - 1, argv + 1));
}
