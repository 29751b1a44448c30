/*
 * A routing socket that never reads while routes change: its receive
 * buffer fills, the messages beyond are dropped and counted
 * (net.route.rtsock_drops), the changes themselves go on, and the socket
 * still works afterwards.  Run as root by tests/boot/test_net_programs.py
 * on a guest with 10.0.2.0/24 on vtnet0.  Prints counts only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <sanpo/route.h>

#define N	100	/* routes added and deleted: 2N announcements */

static unsigned long long
drops(void)
{
	char buf[32] = "";
	int fd = open("/proc/sys/net/route/rtsock_drops", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0) {
		perror("rtsock_drops");
		exit(1);
	}
	close(fd);
	return (strtoull(buf, NULL, 10));
}

static int
change(int s, int type, int i)
{
	struct {
		struct rt_msghdr	rtm;
		struct rt_sockaddr_in	dst, gw;
	} r;

	memset(&r, 0, sizeof(r));
	r.rtm.rtm_msglen = sizeof(r);
	r.rtm.rtm_version = RTM_VERSION;
	r.rtm.rtm_type = (uint8_t)type;
	r.rtm.rtm_flags = RTF_HOST | RTF_GATEWAY | RTF_STATIC;
	r.rtm.rtm_addrs = RTA_DST | RTA_GATEWAY;
	r.rtm.rtm_seq = i;
	r.dst.sin_family = r.gw.sin_family = 2;
	r.dst.sin_addr = (uint32_t)(10 | 99 << 8 | (i / 250) << 16 | (i % 250 + 1) << 24);
	r.gw.sin_addr = (uint32_t)(10 | 0 << 8 | 2 << 16 | 2 << 24);
	return (write(s, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : -1);
}

int
main(void)
{
	int quiet, writer, small = 1, big = 1 << 20, i, got = 0, failed = 0;
	unsigned long long before, after;
	char buf[2048];

	quiet = socket(PF_ROUTE_SANPO, SOCK_RAW, 0);
	writer = socket(PF_ROUTE_SANPO, SOCK_RAW, 0);
	if (quiet < 0 || writer < 0) {
		perror("socket");
		return (1);
	}
	setsockopt(quiet, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	setsockopt(writer, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	before = drops();
	for (i = 0; i < N; i++)
		failed += change(writer, RTM_ADD, i) != 0;
	for (i = 0; i < N; i++)
		failed += change(writer, RTM_DELETE, i) != 0;
	after = drops();
	while (recv(quiet, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		got++;
	printf("changes failed: %d\n", failed);
	printf("quiet socket: got %s, lost %s, got + lost = %llu\n",
	    got > 0 && got < 2 * N ? "some" : "all or none",
	    after - before > 0 ? "some" : "none", (unsigned long long)got + (after - before));
	/* Room again: the next change arrives. */
	change(writer, RTM_ADD, 0);
	change(writer, RTM_DELETE, 0);
	got = 0;
	while (recv(quiet, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		got++;
	printf("after reading: got %d\n", got);
	return (0);
}
