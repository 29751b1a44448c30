/*
 * arp(8), FreeBSD's syntax and output, over the routing socket: the
 * cache comes from Sanpo's RTM_SANPO_LLDUMP (FreeBSD reads it with
 * sysctl NET_RT_FLAGS), our own addresses from the interface list, and
 * `-d` is an RTM_DELETE with RTF_LLINFO as in FreeBSD.
 *
 *	arp -a [-n]		the whole cache
 *	arp [-n] host		one entry
 *	arp -d host		delete an entry (CAP_NET_ADMIN)
 *
 * Names are never looked up: "?" stands for the host name, as FreeBSD
 * prints an address without one.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <net/if.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "../../lib/rtsock/rtsock_user.h"

struct want {
	struct in_addr	 only;		/* 0: every entry */
	int		 found;
};

/* Our own addresses: FreeBSD lists them as permanent entries. */
static void
own_one(const struct rt_msghdr *rtm, void *arg)
{
	struct want *w = arg;
	const struct ifa_msghdr *ifam = (const void *)rtm;
	const void *sa[RTAX_MAX];
	struct sockaddr_dl sdl;
	struct in_addr a;
	char ip[INET_ADDRSTRLEN], mac[18], name[IFNAMSIZ];

	if (rtm->rtm_type != RTM_NEWADDR)
		return;
	rts_addrs(ifam, sizeof(*ifam), ifam->ifam_msglen, ifam->ifam_addrs, sa);
	a = rts_sin(sa[5]);
	if (sa[4] == NULL || (w->only.s_addr != 0 && w->only.s_addr != a.s_addr))
		return;
	memcpy(&sdl, sa[4], sizeof(sdl));
	if (sdl.sdl_alen == 0)
		return;		/* lo0: no link layer, no ARP (FreeBSD's lists none) */
	w->found = 1;
	printf("? (%s) at %s on %s permanent [ethernet]\n",
	    inet_ntop(AF_INET, &a, ip, sizeof(ip)), rts_mac(LLADDR(&sdl), mac),
	    rts_dl_name(sa[4], name));
}

static void
entry_one(const struct rt_msghdr *rtm, void *arg)
{
	struct want *w = arg;
	const void *sa[RTAX_MAX];
	struct sockaddr_dl sdl;
	struct in_addr a;
	char ip[INET_ADDRSTRLEN], mac[18], name[IFNAMSIZ];

	rts_addrs(rtm, sizeof(*rtm), rtm->rtm_msglen, rtm->rtm_addrs, sa);
	a = rts_sin(sa[0]);
	if (sa[1] == NULL || (w->only.s_addr != 0 && w->only.s_addr != a.s_addr))
		return;
	memcpy(&sdl, sa[1], sizeof(sdl));
	w->found = 1;
	inet_ntop(AF_INET, &a, ip, sizeof(ip));
	rts_dl_name(sa[1], name);
	if (sdl.sdl_alen == 6)
		printf("? (%s) at %s on %s expires in %lu seconds [ethernet]\n", ip,
		    rts_mac(LLADDR(&sdl), mac), name, (unsigned long)rtm->rtm_rmx.rmx_expire);
	else
		printf("? (%s) at (incomplete) on %s%s [ethernet]\n", ip, name,
		    rtm->rtm_errno != 0 ? " expired" : "");
}

static int
show(struct in_addr only, const char *host)
{
	struct want w = { only, 0 };
	int s = rts_open("arp");

	if (rts_dump(s, RTM_SANPO_IFLIST, 0, own_one, &w) < 0 ||
	    rts_dump(s, RTM_SANPO_LLDUMP, 0, entry_one, &w) < 0)
		err(1, "routing socket");
	close(s);
	if (host != NULL && !w.found) {
		printf("%s (%s) -- no entry\n", host, host);
		return (1);
	}
	return (0);
}

static int
delete(const char *host)
{
	struct {
		struct rt_msghdr	rtm;
		struct rt_sockaddr_in	dst;
	} r;
	struct in_addr a;
	int s;

	if (inet_pton(AF_INET, host, &a) != 1)
		errx(1, "%s: bad address", host);
	memset(&r, 0, sizeof(r));
	r.rtm.rtm_msglen = sizeof(r);
	r.rtm.rtm_version = RTM_VERSION;
	r.rtm.rtm_type = RTM_DELETE;
	r.rtm.rtm_flags = RTF_HOST | RTF_LLINFO;
	r.rtm.rtm_addrs = RTA_DST;
	r.rtm.rtm_pid = getpid();
	r.rtm.rtm_seq = 1;
	r.dst.sin_family = AF_INET;
	r.dst.sin_addr = a.s_addr;
	s = rts_open("arp");
	if (write(s, &r, sizeof(r)) < 0) {
		if (errno == ESRCH) {
			warnx("delete: cannot locate %s", host);
			return (1);
		}
		err(1, "writing to routing socket");
	}
	close(s);
	printf("%s (%s) deleted\n", host, host);
	return (0);
}

static void
usage(void)
{
	fprintf(stderr, "usage: arp [-n] hostname\n       arp -a [-n]\n       arp -d hostname\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	int ch, all = 0, del = 0;
	struct in_addr a = { 0 };

	while ((ch = bsd_getopt(argc, argv, "adn")) != -1) {
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
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (del) {
		if (argc != 1 || all)
			usage();
		return (delete(argv[0]));
	}
	if (all) {
		if (argc != 0)
			usage();
		return (show(a, NULL));
	}
	if (argc != 1)
		usage();
	if (inet_pton(AF_INET, argv[0], &a) != 1)
		errx(1, "%s: bad address", argv[0]);
	return (show(a, argv[0]));
}
