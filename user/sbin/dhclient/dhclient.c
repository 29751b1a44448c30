/*
 * dhclient(8): a DHCP client (RFC 2131) for one interface, with FreeBSD's
 * messages.  It broadcasts from 0.0.0.0 on a UDP socket tied to the
 * interface (SO_BINDTODEVICE), adds the lease's address with SIOCAIFADDR
 * (another address of the interface stays) and the router as the default
 * route over the routing socket, then goes to the
 * background and renews at T1 (REQUEST to the server), rebinds at T2
 * (broadcast), and gives the address up when the lease runs out.
 *
 *	dhclient [-d] ifname		-d: stay in the foreground
 */
#include <err.h>
#include <signal.h>
#include <stddef.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "../../lib/rtsock/rtsock_user.h"

#define BOOTREQUEST	1
#define DHCPDISCOVER	1
#define DHCPOFFER	2
#define DHCPREQUEST	3
#define DHCPACK		5
#define DHCPNAK		6
#define DHCP_COOKIE	0x63825363u
#define TRIES		4	/* DISCOVERs (1, 2, 4, 8 s apart) before giving up */

struct dhcp_msg {
	uint8_t	 op, htype, hlen, hops;
	uint32_t xid;
	uint16_t secs, flags;
	uint32_t ciaddr, yiaddr, siaddr, giaddr;
	uint8_t	 chaddr[16];
	uint8_t	 sname[64], file[128];
	uint32_t cookie;
	uint8_t	 options[1500 - 240];	/* a reply may be longer than the minimum 548 */
} __attribute__((packed));

struct lease {
	struct in_addr	addr, mask, router, server;
	uint32_t	lease_s, t1_s, t2_s;
};

static const char *ifname;
static uint8_t mac[6];
static uint32_t xid;
static int sock;

/*
 * /var/run/dhclient.<if>.pid, as FreeBSD's dhclient keeps one: a second
 * dhclient for an interface whose client still runs refuses to start
 * (two clients would fight over the lease).
 */
static char pidpath[64];

static void
check_running(void)
{
	FILE *f;
	int pid;

	snprintf(pidpath, sizeof(pidpath), "/var/run/dhclient.%s.pid", ifname);
	if ((f = fopen(pidpath, "r")) == NULL)
		return;
	if (fscanf(f, "%d", &pid) == 1 && pid > 0 && pid != getpid() &&
	    (kill(pid, 0) == 0 || errno == EPERM))
		errx(1, "dhclient already running, pid: %d.", pid);
	fclose(f);
}

static void
write_pidfile(void)
{
	FILE *f = fopen(pidpath, "w");

	if (f == NULL)
		return;		/* no /var/run: nothing to guard with */
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
}

static void
usage(void)
{
	fprintf(stderr, "usage: dhclient [-d] interface\n");
	exit(1);
}

static size_t
build(struct dhcp_msg *m, int type, struct in_addr ciaddr, const struct lease *l)
{
	uint8_t *o = m->options;

	memset(m, 0, sizeof(*m));
	m->op = BOOTREQUEST;
	m->htype = 1;
	m->hlen = 6;
	m->xid = xid;
	m->ciaddr = ciaddr.s_addr;
	if (ciaddr.s_addr == 0)
		m->flags = htons(0x8000);	/* answer by broadcast: we have no address */
	memcpy(m->chaddr, mac, 6);
	m->cookie = htonl(DHCP_COOKIE);
	*o++ = 53, *o++ = 1, *o++ = (uint8_t)type;
	*o++ = 61, *o++ = 7, *o++ = 1;			/* client id: the MAC */
	memcpy(o, mac, 6), o += 6;
	if (type == DHCPREQUEST && ciaddr.s_addr == 0) {
		*o++ = 50, *o++ = 4;			/* requested address */
		memcpy(o, &l->addr, 4), o += 4;
		*o++ = 54, *o++ = 4;			/* the server chosen */
		memcpy(o, &l->server, 4), o += 4;
	}
	*o++ = 55, *o++ = 5, *o++ = 1, *o++ = 3, *o++ = 51, *o++ = 58, *o++ = 59;
	*o++ = 255;
	return ((size_t)(o - (uint8_t *)m));
}

/* A reply for us: its type and lease, or 0. */
static int
parse(const struct dhcp_msg *m, size_t len, struct lease *l)
{
	const uint8_t *o = m->options, *end = (const uint8_t *)m + len;
	int type = 0;

	if (len < offsetof(struct dhcp_msg, options) || m->op != 2 || m->xid != xid ||
	    memcmp(m->chaddr, mac, 6) != 0 || m->cookie != htonl(DHCP_COOKIE))
		return (0);
	memset(l, 0, sizeof(*l));
	l->addr.s_addr = m->yiaddr;
	while (o < end && *o != 255) {
		uint8_t code = *o++, n;

		if (code == 0)
			continue;
		if (o >= end || o + 1 + *o > end)
			return (0);
		n = *o++;
		if (code == 53 && n == 1)
			type = o[0];
		else if (code == 1 && n == 4)
			memcpy(&l->mask, o, 4);
		else if (code == 3 && n >= 4)
			memcpy(&l->router, o, 4);
		else if (code == 54 && n == 4)
			memcpy(&l->server, o, 4);
		else if ((code == 51 || code == 58 || code == 59) && n == 4) {
			uint32_t v;

			memcpy(&v, o, 4);
			v = ntohl(v);
			if (code == 51)
				l->lease_s = v;
			else if (code == 58)
				l->t1_s = v;
			else
				l->t2_s = v;
		}
		o += n;
	}
	if (l->lease_s == 0)
		l->lease_s = 3600;
	if (l->t1_s == 0 || l->t1_s > l->lease_s)
		l->t1_s = l->lease_s / 2;
	if (l->t2_s == 0 || l->t2_s > l->lease_s || l->t2_s < l->t1_s)
		l->t2_s = l->lease_s / 8 * 7;
	if (l->mask.s_addr == 0 || rts_plen(l->mask) < 0)
		l->mask = rts_mask(24);
	return (type);
}

static void
send_msg(int type, struct in_addr ciaddr, struct in_addr to, const struct lease *l)
{
	struct dhcp_msg m;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(67) };
	char a[INET_ADDRSTRLEN];
	size_t len = build(&m, type, ciaddr, l);

	sin.sin_addr = to;
	printf("%s on %s to %s port 67\n", type == DHCPDISCOVER ? "DHCPDISCOVER" : "DHCPREQUEST",
	    ifname, inet_ntop(AF_INET, &to, a, sizeof(a)));
	fflush(stdout);
	if (sendto(sock, &m, len, 0, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		warn("sendto");
}

/* The next reply of one of the types wanted within ms, or 0. */
static int
wait_reply(int ms, int want1, int want2, struct lease *l)
{
	struct dhcp_msg m;
	struct pollfd pfd = { .fd = sock, .events = POLLIN };
	struct timespec t0, t;
	int left = ms, type;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (left > 0 && poll(&pfd, 1, left) > 0) {
		if ((n = recv(sock, &m, sizeof(m), 0)) > 0) {
			type = parse(&m, (size_t)n, l);
			if (type != 0 && (type == want1 || type == want2))
				return (type);
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = ms - (int)((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
	}
	return (0);
}

static void
rtmsg_default(int type, struct in_addr gw)
{
	struct {
		struct rt_msghdr	rtm;
		struct rt_sockaddr_in	dst, gw, mask;
	} r;
	int s = rts_open("dhclient");

	memset(&r, 0, sizeof(r));
	r.rtm.rtm_msglen = sizeof(r);
	r.rtm.rtm_version = RTM_VERSION;
	r.rtm.rtm_type = (uint8_t)type;
	r.rtm.rtm_flags = RTF_UP | RTF_GATEWAY | RTF_STATIC;
	r.rtm.rtm_addrs = RTA_DST | RTA_GATEWAY | RTA_NETMASK;
	r.dst.sin_family = r.gw.sin_family = r.mask.sin_family = AF_INET;
	r.gw.sin_addr = gw.s_addr;
	if (write(s, &r, sizeof(r)) < 0 && type == RTM_ADD && errno == EEXIST) {
		r.rtm.rtm_type = RTM_CHANGE;
		(void)write(s, &r, sizeof(r));
	}
	close(s);
}

static void
addr_ioctl(unsigned long cmd, struct in_addr a, struct in_addr mask)
{
	struct in_aliasreq ifra;

	memset(&ifra, 0, sizeof(ifra));
	strncpy(ifra.ifra_name, ifname, sizeof(ifra.ifra_name) - 1);
	ifra.ifra_addr.sin_family = AF_INET;
	ifra.ifra_addr.sin_addr = a.s_addr;
	ifra.ifra_mask.sin_family = AF_INET;
	ifra.ifra_mask.sin_addr = mask.s_addr;
	/* SIOCDIFADDR takes an ifreq: its name and address are in the same place. */
	if (ioctl(sock, cmd, &ifra) < 0 && !(cmd == SIOCDIFADDR_SANPO && errno == EADDRNOTAVAIL))
		warn("%s", cmd == SIOCAIFADDR_SANPO ? "ioctl (SIOCAIFADDR)" : "ioctl (SIOCDIFADDR)");
}

static void
bind_lease(const struct lease *l, const struct lease *old)
{
	char a[INET_ADDRSTRLEN];

	/*
	 * Only the lease's own address is touched (FreeBSD's dhclient-script):
	 * a static alias of the interface stays.  SIOCAIFADDR with the same
	 * address again just sets the mask.
	 */
	if (old != NULL && old->addr.s_addr != l->addr.s_addr)
		addr_ioctl(SIOCDIFADDR_SANPO, old->addr, old->mask);
	if (old == NULL || old->addr.s_addr != l->addr.s_addr ||
	    old->mask.s_addr != l->mask.s_addr)
		addr_ioctl(SIOCAIFADDR_SANPO, l->addr, l->mask);
	if (l->router.s_addr != 0)
		rtmsg_default(RTM_ADD, l->router);
	printf("bound to %s -- renewal in %u seconds.\n",
	    inet_ntop(AF_INET, &l->addr, a, sizeof(a)), l->t1_s);
	fflush(stdout);
}

/* INIT to BOUND: 0, or -1 when no server answered. */
static int
acquire(struct lease *l)
{
	char a[INET_ADDRSTRLEN];
	struct in_addr any = { 0 }, bcast = { INADDR_BROADCAST };
	int i, type;

	for (i = 0; i < TRIES; i++) {
		send_msg(DHCPDISCOVER, any, bcast, l);
		if (wait_reply(1000 << (i < 3 ? i : 3), DHCPOFFER, 0, l) != DHCPOFFER)
			continue;
		printf("DHCPOFFER from %s\n", inet_ntop(AF_INET, &l->server, a, sizeof(a)));
		send_msg(DHCPREQUEST, any, bcast, l);
		type = wait_reply(3000, DHCPACK, DHCPNAK, l);
		if (type == DHCPACK) {
			printf("DHCPACK from %s\n", inet_ntop(AF_INET, &l->server, a, sizeof(a)));
			return (0);
		}
		if (type == DHCPNAK)
			printf("DHCPNAK from %s\n", inet_ntop(AF_INET, &l->server, a, sizeof(a)));
		xid = (uint32_t)random();
	}
	return (-1);
}

/* The lease is gone (NAK, expiry): its address and its default route go. */
static void
unbind(const struct lease *l)
{
	addr_ioctl(SIOCDIFADDR_SANPO, l->addr, l->mask);
	if (l->router.s_addr != 0)
		rtmsg_default(RTM_DELETE, l->router);
}

/* BOUND until the lease ends: renew at T1 (unicast), rebind at T2. */
static void
keep(struct lease *l)
{
	struct lease got;
	time_t bound = time(NULL);
	char a[INET_ADDRSTRLEN];

	for (;;) {
		time_t now = time(NULL), since = now - bound;
		struct in_addr to = since < (time_t)l->t2_s ? l->server :
		    (struct in_addr){ INADDR_BROADCAST };
		unsigned wait;

		if (since >= (time_t)l->lease_s) {
			printf("%s: lease of %s expired\n", ifname,
			    inet_ntop(AF_INET, &l->addr, a, sizeof(a)));
			unbind(l);
			return;
		}
		if (since < (time_t)l->t1_s) {
			sleep((unsigned)(l->t1_s - since));
			continue;
		}
		xid = (uint32_t)random();
		send_msg(DHCPREQUEST, l->addr, to, l);
		wait = (unsigned)(l->lease_s - since) / 2 * 1000;
		if (wait > 60000)
			wait = 60000;
		switch (wait_reply(wait < 1000 ? 1000 : (int)wait, DHCPACK, DHCPNAK, &got)) {
		case DHCPACK:
			if (got.addr.s_addr != l->addr.s_addr)
				break;
			printf("DHCPACK from %s\n", inet_ntop(AF_INET, &got.server, a, sizeof(a)));
			bind_lease(&got, l);
			*l = got;
			bound = time(NULL);
			break;
		case DHCPNAK:
			printf("DHCPNAK from %s\n", inet_ntop(AF_INET, &got.server, a, sizeof(a)));
			unbind(l);
			return;
		}
	}
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(68) };
	struct ifreq ifr;
	struct lease l;
	int ch, fg = 0, on = 1;

	while ((ch = bsd_getopt(argc, argv, "d")) != -1) {
		if (ch != 'd')
			usage();
		fg = 1;
	}
	if (optind != argc - 1)
		usage();
	ifname = argv[optind];
	check_running();
	if ((sock = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		err(1, "socket");
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
	if (ioctl(sock, SIOCGIFHWADDR, &ifr) < 0)
		errx(1, "interface %s does not exist", ifname);
	/* DHCP needs a hardware address (RFC 2131's chaddr): lo0 has none. */
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER)
		errx(1, "%s: not an Ethernet interface", ifname);
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
			err(1, "SIOCSIFFLAGS");
	}
	if (setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
	    setsockopt(sock, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0)
		err(1, "setsockopt");
	if (setsockopt(sock, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname) + 1) < 0)
		err(1, "setsockopt SO_BINDTODEVICE");
	if (bind(sock, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err(1, "bind port 68");
	write_pidfile();
	srandom((unsigned)time(NULL) ^ (unsigned)getpid() ^ ((unsigned)mac[5] << 16));
	xid = (uint32_t)random();
	memset(&l, 0, sizeof(l));
	for (;;) {
		if (acquire(&l) != 0) {
			printf("No DHCPOFFERS received.\n");
			if (!fg)
				return (1);
			sleep(10);
			continue;
		}
		bind_lease(&l, NULL);
		if (!fg) {
			/* FreeBSD's dhclient goes to the background once bound. */
			pid_t pid = fork();

			if (pid < 0)
				err(1, "fork");
			if (pid > 0)
				return (0);
			setsid();
			write_pidfile();
			fg = 1;
		}
		keep(&l);
	}
}
