/*
 * One UDP datagram to a 127/8 address and back, for tests/boot/test_lo0.py:
 * a socket bound to 0.0.0.0 with IP_PKTINFO receives what another sends
 * to addr, and says whether it came in on lo0 (ipi_ifindex ==
 * if_nametoindex("lo0"), as Linux's equals lo's) and to which address.
 * A failed send says its error and nothing is awaited.
 * Usage: lo_udp addr payload
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "say.h"

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	char buf[256], cbuf[128], addr[INET_ADDRSTRLEN];
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct pollfd pfd;
	struct cmsghdr *cm;
	int r, s, on = 1;
	ssize_t n;

	if (argc != 3) {
		say("usage: lo_udp addr payload");
		return (2);
	}
	if ((r = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    (s = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    setsockopt(r, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0) {
		say("socket: %s", strerror(errno));
		return (1);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	if (bind(r, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(r, (struct sockaddr *)&sin, &len) < 0) {
		say("bind: %s", strerror(errno));
		return (1);
	}
	if (inet_pton(AF_INET, argv[1], &sin.sin_addr) != 1) {
		say("lo_udp: %s: not an address", argv[1]);
		return (2);
	}
	if (sendto(s, argv[2], strlen(argv[2]), 0, (struct sockaddr *)&sin,
	    sizeof(sin)) < 0) {
		say("sendto: %s", strerror(errno));
		return (1);
	}
	pfd.fd = r;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 5000) != 1) {
		say("nothing received");
		return (1);
	}
	if ((n = recvmsg(r, &mh, 0)) < 0) {
		say("recvmsg: %s", strerror(errno));
		return (1);
	}
	buf[n] = '\0';
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		struct in_pktinfo pi;

		if (cm->cmsg_level != IPPROTO_IP || cm->cmsg_type != IP_PKTINFO)
			continue;
		memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
		say("received %s to %s, ifindex is lo0's: %d", buf,
		    inet_ntop(AF_INET, &pi.ipi_addr, addr, sizeof(addr)),
		    pi.ipi_ifindex != 0 &&
		    (unsigned)pi.ipi_ifindex == if_nametoindex("lo0"));
		return (0);
	}
	say("received %s without IP_PKTINFO", buf);
	return (1);
}
