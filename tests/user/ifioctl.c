/*
 * Linux's interface and route ioctls as busybox's ifconfig and route issue
 * them (struct ifreq, ifconf, rtentry), run from the shell by
 * tests/boot/test_net_programs.py on a guest whose vtnet0 has
 * 10.0.2.15/24.  Interface ioctls work on any socket (the socket layer's
 * ifioctl fallback): an AF_INET datagram socket as busybox opens, else the
 * routing socket.  Prints one line per call: what it returned and got.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <net/route.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define PF_ROUTE_SANPO	254	/* <sanpo/route.h>; its RTF_* clash with Linux's <net/route.h> */

static int s;

static const char *
res(int rc)
{
	static char buf[64];

	if (rc == 0)
		return ("ok");
	snprintf(buf, sizeof(buf), "%s", strerror(errno));
	return (buf);
}

static void
name(struct ifreq *ifr, const char *n)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, n, sizeof(ifr->ifr_name) - 1);
}

static const char *
sa(const struct sockaddr *a)
{
	static char buf[INET_ADDRSTRLEN];

	return (inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, buf,
	    sizeof(buf)));
}

static void
set_sin(struct sockaddr *a, const char *addr)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)a;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, addr, &sin->sin_addr);
}

static void
get_addrs(const char *n)
{
	struct ifreq ifr;
	int rc;

	name(&ifr, n);
	rc = ioctl(s, SIOCGIFADDR, &ifr);
	printf("SIOCGIFADDR %s: %s %s\n", n, res(rc), rc == 0 ? sa(&ifr.ifr_addr) : "");
	name(&ifr, n);
	rc = ioctl(s, SIOCGIFNETMASK, &ifr);
	printf("SIOCGIFNETMASK %s: %s %s\n", n, res(rc), rc == 0 ? sa(&ifr.ifr_netmask) : "");
	name(&ifr, n);
	rc = ioctl(s, SIOCGIFBRDADDR, &ifr);
	printf("SIOCGIFBRDADDR %s: %s %s\n", n, res(rc), rc == 0 ? sa(&ifr.ifr_broadaddr) : "");
}

static int
route(unsigned long cmd, const char *dst, const char *mask, const char *gw,
    unsigned short flags, char *dev)
{
	struct rtentry rt;

	memset(&rt, 0, sizeof(rt));
	set_sin(&rt.rt_dst, dst);
	if (mask != NULL)
		set_sin(&rt.rt_genmask, mask);
	if (gw != NULL)
		set_sin(&rt.rt_gateway, gw);
	rt.rt_flags = flags;
	rt.rt_dev = dev;
	return (ioctl(s, cmd, &rt));
}

int
main(void)
{
	struct ifreq ifr, list[8];
	struct ifconf ifc;
	int rc, i;

	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0 &&
	    (s = socket(PF_ROUTE_SANPO, SOCK_RAW, 0)) < 0) {
		perror("socket");
		return (1);
	}
	memset(&ifc, 0, sizeof(ifc));
	rc = ioctl(s, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF NULL: %s len %d\n", res(rc), ifc.ifc_len);
	ifc.ifc_len = sizeof(list);
	ifc.ifc_req = list;
	rc = ioctl(s, SIOCGIFCONF, &ifc);
	printf("SIOCGIFCONF: %s len %d", res(rc), ifc.ifc_len);
	for (i = 0; rc == 0 && i < ifc.ifc_len / (int)sizeof(struct ifreq); i++)
		printf(" %s=%s", list[i].ifr_name, sa(&list[i].ifr_addr));
	printf("\n");

	name(&ifr, "vtnet0");
	rc = ioctl(s, SIOCGIFFLAGS, &ifr);
	printf("SIOCGIFFLAGS: %s 0x%x\n", res(rc), (unsigned short)ifr.ifr_flags);
	name(&ifr, "vtnet0");
	rc = ioctl(s, SIOCGIFHWADDR, &ifr);
	printf("SIOCGIFHWADDR: %s family %d %02x:%02x:%02x:%02x:%02x:%02x\n", res(rc),
	    ifr.ifr_hwaddr.sa_family, (unsigned char)ifr.ifr_hwaddr.sa_data[0],
	    (unsigned char)ifr.ifr_hwaddr.sa_data[1], (unsigned char)ifr.ifr_hwaddr.sa_data[2],
	    (unsigned char)ifr.ifr_hwaddr.sa_data[3], (unsigned char)ifr.ifr_hwaddr.sa_data[4],
	    (unsigned char)ifr.ifr_hwaddr.sa_data[5]);
	name(&ifr, "vtnet0");
	rc = ioctl(s, SIOCGIFMTU, &ifr);
	printf("SIOCGIFMTU: %s %d\n", res(rc), ifr.ifr_mtu);
	name(&ifr, "vtnet0");
	rc = ioctl(s, SIOCGIFINDEX, &ifr);
	printf("SIOCGIFINDEX: %s %d\n", res(rc), ifr.ifr_ifindex);
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_ifindex = 1;
	rc = ioctl(s, SIOCGIFNAME, &ifr);
	printf("SIOCGIFNAME 1: %s %s\n", res(rc), ifr.ifr_name);
	ifr.ifr_ifindex = 99;
	printf("SIOCGIFNAME 99: %s\n", res(ioctl(s, SIOCGIFNAME, &ifr)));
	name(&ifr, "nope0");
	printf("SIOCGIFFLAGS nope0: %s\n", res(ioctl(s, SIOCGIFFLAGS, &ifr)));
	get_addrs("vtnet0");

	/* busybox ifconfig vtnet0 10.0.2.30 netmask 255.255.255.0: SIOCSIFADDR then the mask. */
	name(&ifr, "vtnet0");
	set_sin(&ifr.ifr_addr, "10.0.2.30");
	printf("SIOCSIFADDR 10.0.2.30: %s\n", res(ioctl(s, SIOCSIFADDR, &ifr)));
	get_addrs("vtnet0");
	name(&ifr, "vtnet0");
	set_sin(&ifr.ifr_netmask, "255.255.255.0");
	printf("SIOCSIFNETMASK 255.255.255.0: %s\n", res(ioctl(s, SIOCSIFNETMASK, &ifr)));
	name(&ifr, "vtnet0");
	set_sin(&ifr.ifr_netmask, "255.0.255.0");
	printf("SIOCSIFNETMASK 255.0.255.0: %s\n", res(ioctl(s, SIOCSIFNETMASK, &ifr)));
	get_addrs("vtnet0");
	name(&ifr, "vtnet0");
	ifr.ifr_mtu = 100000;
	printf("SIOCSIFMTU 100000: %s\n", res(ioctl(s, SIOCSIFMTU, &ifr)));

	/* busybox route add -net 10.88.0.0 netmask 255.255.0.0 gw 10.0.2.2 */
	printf("SIOCADDRT 10.88.0.0/16: %s\n",
	    res(route(SIOCADDRT, "10.88.0.0", "255.255.0.0", "10.0.2.2", RTF_UP | RTF_GATEWAY, NULL)));
	printf("SIOCADDRT again: %s\n",
	    res(route(SIOCADDRT, "10.88.0.0", "255.255.0.0", "10.0.2.2", RTF_UP | RTF_GATEWAY, NULL)));
	printf("SIOCADDRT host bits: %s\n",
	    res(route(SIOCADDRT, "10.88.0.1", "255.255.0.0", "10.0.2.2", RTF_UP | RTF_GATEWAY, NULL)));
	printf("SIOCADDRT dev nope0: %s\n",
	    res(route(SIOCADDRT, "10.89.0.0", "255.255.0.0", NULL, RTF_UP, "nope0")));
	printf("SIOCADDRT -host dev vtnet0: %s\n",
	    res(route(SIOCADDRT, "10.0.2.77", NULL, NULL, RTF_UP | RTF_HOST, "vtnet0")));
	printf("SIOCDELRT 10.88.0.0/16: %s\n",
	    res(route(SIOCDELRT, "10.88.0.0", "255.255.0.0", NULL, RTF_UP, NULL)));
	printf("SIOCDELRT again: %s\n",
	    res(route(SIOCDELRT, "10.88.0.0", "255.255.0.0", NULL, RTF_UP, NULL)));
	printf("SIOCDELRT -host: %s\n",
	    res(route(SIOCDELRT, "10.0.2.77", NULL, NULL, RTF_UP | RTF_HOST, NULL)));
	printf("unknown ioctl: %s\n", res(ioctl(s, 0x89ff, &ifr)));

	/* Back to what rc set. */
	name(&ifr, "vtnet0");
	set_sin(&ifr.ifr_addr, "10.0.2.15");
	rc = ioctl(s, SIOCSIFADDR, &ifr);
	name(&ifr, "vtnet0");
	set_sin(&ifr.ifr_netmask, "255.255.255.0");
	printf("restore: %s %s\n", res(rc), res(ioctl(s, SIOCSIFNETMASK, &ifr)));
	return (0);
}
