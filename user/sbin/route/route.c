/*
 * route(8), FreeBSD's syntax and output, over the routing socket
 * (<sanpo/route.h>):
 *
 *	route [-n] add|delete|change [-net|-host] dest [gateway] [-netmask mask]
 *	route [-n] get dest
 *	route [-n] show			the table, as netstat -r prints it
 *	route [-n] monitor		every routing message, until interrupted
 *
 * dest is `default`, an address, or address/len; -net without a length is
 * classful, as in FreeBSD.  Names are never looked up (-n is implied).
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "../../lib/rtsock/rtsock_user.h"

static const char *const msgtypes[] = {
	[RTM_ADD] = "RTM_ADD: Add Route",
	[RTM_DELETE] = "RTM_DELETE: Delete Route",
	[RTM_CHANGE] = "RTM_CHANGE: Change Metrics or flags",
	[RTM_GET] = "RTM_GET: Report Metrics",
	[RTM_NEWADDR] = "RTM_NEWADDR: address being added to iface",
	[RTM_DELADDR] = "RTM_DELADDR: address being removed from iface",
	[RTM_IFINFO] = "RTM_IFINFO: iface status change",
};

/* FreeBSD's route flag names, in its bit order. */
static const struct {
	int		 bit;
	const char	*name;
} rtf_names[] = {
	{ RTF_UP, "UP" }, { RTF_GATEWAY, "GATEWAY" }, { RTF_HOST, "HOST" },
	{ RTF_DONE, "DONE" }, { RTF_LLINFO, "LLINFO" }, { RTF_STATIC, "STATIC" },
	{ RTF_CONNECTED, "CONNECTED" },
};

static const struct {
	int		 bit;
	const char	*name;
} iff_names[] = {
	{ 0x1, "UP" }, { 0x2, "BROADCAST" }, { 0x8, "LOOPBACK" }, { 0x40, "RUNNING" },
	{ 0x100, "PROMISC" }, { 0x800, "SIMPLEX" }, { 0x8000, "MULTICAST" },
};

static const char *const rta_names[] = {
	"DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD",
};

static void
usage(void)
{
	fprintf(stderr,
	    "usage: route [-n] add|delete|change [-net|-host] destination [gateway] [-netmask mask]\n"
	    "       route [-n] get destination\n"
	    "       route [-n] show | monitor\n");
	exit(1);
}

static void
bits(int v, int route)
{
	const char *sep = "";
	size_t i, n = route ? sizeof(rtf_names) / sizeof(rtf_names[0]) :
	    sizeof(iff_names) / sizeof(iff_names[0]);

	printf("<");
	for (i = 0; i < n; i++) {
		int bit = route ? rtf_names[i].bit : iff_names[i].bit;

		if (v & bit) {
			printf("%s%s", sep, route ? rtf_names[i].name : iff_names[i].name);
			sep = ",";
		}
	}
	printf(">");
}

/* One sockaddr as FreeBSD's route prints it in messages. */
static void
print_sa(const void *sa)
{
	char buf[INET_ADDRSTRLEN], name[IFNAMSIZ];
	uint16_t fam;

	memcpy(&fam, sa, 2);
	if (fam == AF_LINK_SANPO) {
		struct sockaddr_dl sdl;

		memcpy(&sdl, sa, sizeof(sdl));
		rts_dl_name(sa, name);
		if (sdl.sdl_alen == 6) {
			/* FreeBSD's link_ntoa(): "vtnet0:52.54.0.12.34.56". */
			const uint8_t *a = LLADDR(&sdl);

			printf(" %s:%x.%x.%x.%x.%x.%x", name, a[0], a[1], a[2], a[3], a[4], a[5]);
		} else if (name[0] != '\0')
			printf(" %s", name);
		else
			printf(" link#%u", sdl.sdl_index);
	} else {
		struct in_addr a = rts_sin(sa);

		printf(" %s", inet_ntop(AF_INET, &a, buf, sizeof(buf)));
	}
}

static void
print_addrs(const void *msg, size_t hdrlen, size_t msglen, int addrs)
{
	const void *sa[RTAX_MAX];
	const char *sep = "";
	int i;

	printf("sockaddrs: <");
	for (i = 0; i < RTAX_MAX; i++)
		if (addrs & (1 << i)) {
			printf("%s%s", sep, rta_names[i]);
			sep = ",";
		}
	printf(">\n");
	rts_addrs(msg, hdrlen, msglen, addrs, sa);
	for (i = 0; i < RTAX_MAX; i++)
		if (sa[i] != NULL)
			print_sa(sa[i]);
	printf("\n");
}

/* A message as `route monitor` prints it (FreeBSD's print_rtmsg). */
static void
print_rtmsg(const struct rt_msghdr *rtm, size_t n)
{
	time_t now = time(NULL);
	char when[64];

	strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", localtime(&now));
	printf("\ngot message of size %zu on %s\n", n, when);
	if (rtm->rtm_version != RTM_VERSION) {
		printf("routing message version %d not understood\n", rtm->rtm_version);
		return;
	}
	if (rtm->rtm_type < sizeof(msgtypes) / sizeof(msgtypes[0]) &&
	    msgtypes[rtm->rtm_type] != NULL)
		printf("%s: ", msgtypes[rtm->rtm_type]);
	else
		printf("type %d: ", rtm->rtm_type);
	printf("len %d, ", rtm->rtm_msglen);
	switch (rtm->rtm_type) {
	case RTM_IFINFO: {
		const struct if_msghdr *ifm = (const void *)rtm;

		printf("if# %d, link: %s, flags:", ifm->ifm_index,
		    ifm->ifm_data.ifi_link_state == LINK_STATE_UP ? "up" :
		    ifm->ifm_data.ifi_link_state == LINK_STATE_DOWN ? "down" : "unknown");
		bits(ifm->ifm_flags, 0);
		printf("\n");
		print_addrs(ifm, sizeof(*ifm), ifm->ifm_msglen, ifm->ifm_addrs);
		break;
	}
	case RTM_NEWADDR:
	case RTM_DELADDR: {
		const struct ifa_msghdr *ifam = (const void *)rtm;

		printf("metric %d, flags:", ifam->ifam_metric);
		bits(ifam->ifam_flags, 1);
		printf("\n");
		print_addrs(ifam, sizeof(*ifam), ifam->ifam_msglen, ifam->ifam_addrs);
		break;
	}
	default:
		printf("pid: %ld, seq %d, errno %d, flags:", (long)rtm->rtm_pid,
		    rtm->rtm_seq, rtm->rtm_errno);
		bits(rtm->rtm_flags, 1);
		printf("\nlocks:  inits: \n");
		print_addrs(rtm, sizeof(*rtm), rtm->rtm_msglen, rtm->rtm_addrs);
		break;
	}
	fflush(stdout);
}

static int
monitor(void)
{
	union {
		struct rt_msghdr rtm;
		uint8_t b[2048];
	} m;
	int s = rts_open("route");
	ssize_t n;

	for (;;) {
		if ((n = read(s, &m, sizeof(m))) < 0) {
			if (errno == EINTR)
				continue;
			err(1, "read from routing socket");
		}
		if ((size_t)n >= sizeof(uint16_t) * 2)
			print_rtmsg(&m.rtm, (size_t)n);
	}
}

/* The table in netstat -rn's FreeBSD format. */
static void
show_one(const struct rt_msghdr *rtm, void *arg)
{
	const void *sa[RTAX_MAX];
	char dst[INET_ADDRSTRLEN + 4], gw[24], a[INET_ADDRSTRLEN], name[IFNAMSIZ];
	char flags[8];
	struct in_addr d, mask;
	int n = 0, plen;

	(void)arg;
	rts_addrs(rtm, sizeof(*rtm), rtm->rtm_msglen, rtm->rtm_addrs, sa);
	d = rts_sin(sa[0]);
	mask = sa[2] != NULL ? rts_sin(sa[2]) : rts_mask(32);
	plen = rts_plen(mask);
	inet_ntop(AF_INET, &d, a, sizeof(a));
	if (plen == 0)
		snprintf(dst, sizeof(dst), "default");
	else if (plen == 32)
		snprintf(dst, sizeof(dst), "%s", a);
	else
		snprintf(dst, sizeof(dst), "%s/%d", a, plen);
	if (rtm->rtm_flags & RTF_GATEWAY) {
		struct in_addr g = rts_sin(sa[1]);

		inet_ntop(AF_INET, &g, gw, sizeof(gw));
	} else {
		snprintf(gw, sizeof(gw), "link#%u", rtm->rtm_index);
	}
	flags[n++] = 'U';
	if (rtm->rtm_flags & RTF_GATEWAY)
		flags[n++] = 'G';
	if (rtm->rtm_flags & RTF_HOST)
		flags[n++] = 'H';
	if (rtm->rtm_flags & RTF_STATIC)
		flags[n++] = 'S';
	flags[n] = '\0';
	printf("%-18s %-18s %-9s %6s\n", dst, gw, flags, rts_dl_name(sa[4], name));
}

static int
show(void)
{
	int s = rts_open("route");

	printf("Routing tables\n\nInternet:\n");
	printf("%-18s %-18s %-9s %6s %s\n", "Destination", "Gateway", "Flags", "Netif",
	    "Expire");
	if (rts_dump(s, RTM_SANPO_DUMP, 0, show_one, NULL) < 0)
		err(1, "routing socket");
	close(s);
	return (0);
}

struct req {
	struct rt_msghdr rtm;
	uint8_t		 sa[RTAX_MAX * 64];
};

static size_t
put_sin(struct req *r, size_t off, int rta, struct in_addr a)
{
	struct rt_sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr = a.s_addr;
	memcpy(r->sa + off, &sin, sizeof(sin));
	r->rtm.rtm_addrs |= rta;
	return (off + RT_SA_SIZE(AF_INET));
}

static const char *
errmsg(int e)
{
	switch (e) {
	case ESRCH:	return ("not in table");
	case EBUSY:	return ("entry in use");
	case ENOBUFS:	return ("not enough memory");
	case EEXIST:	return ("route already in table");
	default:	return (strerror(e));
	}
}

/* "default", a.b.c.d or a.b.c.d/len; -1 for a bad one. */
static int
parse_dest(const char *s, int host, struct in_addr *d, int *plen)
{
	char buf[INET_ADDRSTRLEN + 4], *slash, *end;
	uint32_t h;

	if (strcmp(s, "default") == 0) {
		d->s_addr = 0;
		*plen = 0;
		return (0);
	}
	if (strlen(s) >= sizeof(buf))
		return (-1);
	strcpy(buf, s);
	*plen = -1;
	if ((slash = strchr(buf, '/')) != NULL) {
		long n;

		*slash++ = '\0';
		n = strtol(slash, &end, 10);
		if (*slash == '\0' || *end != '\0' || n < 0 || n > 32)
			return (-1);
		*plen = (int)n;
	}
	if (inet_pton(AF_INET, buf, d) != 1)
		return (-1);
	if (*plen < 0) {
		h = ntohl(d->s_addr);
		if (host)
			*plen = 32;
		else {
			/* FreeBSD: a -net without a length is classful, keeping the bits given. */
			*plen = h == 0 ? 0 : h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24;
			while (*plen < 32 && (h & ~ntohl(rts_mask(*plen).s_addr)) != 0)
				*plen += 8;
		}
	}
	return (0);
}

/* add, delete, change, get. */
static int
newroute(int argc, char **argv)
{
	const char *cmd = argv[0], *dest = NULL, *gateway = NULL;
	struct in_addr d = { 0 }, g = { 0 }, mask = { 0 };
	int type, host = -1, plen = -1, have_mask = 0, s, i;
	struct req r;
	size_t off = 0;
	pid_t pid = getpid();
	ssize_t n;

	if (strcmp(cmd, "add") == 0)
		type = RTM_ADD;
	else if (strcmp(cmd, "delete") == 0 || strcmp(cmd, "del") == 0)
		type = RTM_DELETE, cmd = "delete";
	else if (strcmp(cmd, "change") == 0)
		type = RTM_CHANGE;
	else if (strcmp(cmd, "get") == 0)
		type = RTM_GET;
	else
		usage();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-net") == 0)
			host = 0;
		else if (strcmp(argv[i], "-host") == 0)
			host = 1;
		else if (strcmp(argv[i], "-netmask") == 0) {
			if (++i >= argc || inet_pton(AF_INET, argv[i], &mask) != 1 ||
			    rts_plen(mask) < 0)
				errx(1, "%s: bad value", i < argc ? argv[i] : "-netmask");
			have_mask = 1;
		} else if (strcmp(argv[i], "-interface") == 0 || strcmp(argv[i], "-iface") == 0) {
			errx(1, "%s: not supported", argv[i]);
		} else if (dest == NULL) {
			dest = argv[i];
		} else if (gateway == NULL) {
			gateway = argv[i];
		} else {
			usage();
		}
	}
	if (dest == NULL)
		usage();
	if (parse_dest(dest, host == 1, &d, &plen) != 0)
		errx(1, "%s: bad address", dest);
	if (have_mask)
		plen = rts_plen(mask);
	if (gateway != NULL && inet_pton(AF_INET, gateway, &g) != 1)
		errx(1, "%s: bad address", gateway);
	if ((type == RTM_ADD || type == RTM_CHANGE) && gateway == NULL)
		errx(1, "%s %s: gateway required", cmd, dest);
	mask = rts_mask(plen);
	d.s_addr &= mask.s_addr;
	memset(&r, 0, sizeof(r));
	off = put_sin(&r, off, RTA_DST, d);
	if (gateway != NULL && type != RTM_GET)
		off = put_sin(&r, off, RTA_GATEWAY, g);
	if (type == RTM_GET && host == -1 && strchr(dest, '/') == NULL &&
	    strcmp(dest, "default") != 0)
		;	/* get an address: the longest match, no mask */
	else if (plen == 32)
		r.rtm.rtm_flags |= RTF_HOST;
	else
		off = put_sin(&r, off, RTA_NETMASK, mask);
	r.rtm.rtm_msglen = (uint16_t)(sizeof(r.rtm) + off);
	r.rtm.rtm_version = RTM_VERSION;
	r.rtm.rtm_type = (uint8_t)type;
	r.rtm.rtm_flags |= RTF_UP | RTF_STATIC | (gateway != NULL ? RTF_GATEWAY : 0);
	r.rtm.rtm_pid = pid;
	r.rtm.rtm_seq = 1;
	s = rts_open("route");
	/* FreeBSD's rtmsg(): a failed write is said first (EPERM ends it there). */
	if (write(s, &r, r.rtm.rtm_msglen) < 0) {
		int e = errno;

		if (type == RTM_GET && e == ESRCH)
			errx(1, "route has not been found");
		if (e == EPERM || type == RTM_GET)
			err(1, "writing to routing socket");
		warn("writing to routing socket");
		fflush(stderr);
		printf("%s %s %s", cmd, plen == 32 ? "host" : "net", dest);
		if (gateway != NULL)
			printf(": gateway %s", gateway);
		printf(": %s\n", errmsg(e));
		return (1);
	}
	if (type != RTM_GET) {
		printf("%s %s %s", cmd, plen == 32 ? "host" : "net", dest);
		if (gateway != NULL)
			printf(": gateway %s", gateway);
		printf("\n");
		return (0);
	}
	/* get: the answer (skipping others' messages). */
	for (;;) {
		union {
			struct rt_msghdr rtm;
			uint8_t b[2048];
		} m;
		const void *sa[RTAX_MAX];
		char a[INET_ADDRSTRLEN], name[IFNAMSIZ];
		struct in_addr x;

		if ((n = read(s, &m, sizeof(m))) < 0)
			err(1, "read from routing socket");
		if (m.rtm.rtm_pid != pid || m.rtm.rtm_seq != 1)
			continue;
		if (m.rtm.rtm_errno != 0)
			errx(1, "route has not been found");
		rts_addrs(&m, sizeof(m.rtm), m.rtm.rtm_msglen, m.rtm.rtm_addrs, sa);
		printf("   route to: %s\n", dest);
		x = rts_sin(sa[0]);
		printf("destination: %s\n", x.s_addr == 0 && sa[2] != NULL &&
		    rts_sin(sa[2]).s_addr == 0 ? "default" : inet_ntop(AF_INET, &x, a, sizeof(a)));
		if (sa[2] != NULL) {
			x = rts_sin(sa[2]);
			printf("       mask: %s\n", inet_ntop(AF_INET, &x, a, sizeof(a)));
		}
		if (m.rtm.rtm_flags & RTF_GATEWAY) {
			x = rts_sin(sa[1]);
			printf("    gateway: %s\n", inet_ntop(AF_INET, &x, a, sizeof(a)));
		}
		printf("        fib: 0\n");
		printf("  interface: %s\n", rts_dl_name(sa[4], name));
		printf("      flags: ");
		bits(m.rtm.rtm_flags, 1);
		printf("\n");
		printf(" recvpipe  sendpipe  ssthresh  rtt,msec    mtu        weight    expire\n");
		printf("%8lu  %8lu  %8lu  %8lu  %8lu  %8lu  %8lu \n", 0UL, 0UL, 0UL, 0UL,
		    (unsigned long)m.rtm.rtm_rmx.rmx_mtu, 1UL, 0UL);
		return (0);
	}
}

int
main(int argc, char **argv)
{
	int ch;

	while ((ch = bsd_getopt(argc, argv, "nqv")) != -1) {
		if (ch != 'n' && ch != 'q' && ch != 'v')
			usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		usage();
	if (strcmp(argv[0], "monitor") == 0)
		return (monitor());
	if (strcmp(argv[0], "show") == 0 || strcmp(argv[0], "print") == 0)
		return (show());
	return (newroute(argc, argv));
}
