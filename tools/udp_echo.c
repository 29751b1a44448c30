/*
 * udp_echo.c - the Linux guest's UDP echo service for `make bench-datapath`
 * (tools/bench_datapath.py), the peer of Sanpo's in-kernel port-7 echo.
 *
 * Built static (no libraries in the benchmark's initramfs beyond what
 * `ip` needs) by mk/bench-datapath.mk.  Usage: udp_echo PORT NPROC.  NPROC
 * processes bind the port with SO_REUSEPORT, so the kernel spreads the
 * client's flows over them (and over the CPUs) by flow hash, as a
 * production echo or DNS server would be run; each answers every
 * datagram to its sender, a batch at a time (recvmmsg/sendmmsg), so the
 * figures measure the stack and not this program's system calls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define BATCH	32
#define MAXDG	2048

static int
open_socket(int port)
{
	struct sockaddr_in sin;
	int s, one = 1;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) < 0) {
		perror("udp_echo: socket");
		exit(1);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("udp_echo: bind");
		exit(1);
	}
	return s;
}

static void
serve(int s)
{
	static char buf[BATCH][MAXDG];
	struct sockaddr_in from[BATCH];
	struct iovec iov[BATCH];
	struct mmsghdr m[BATCH];
	int i, n;

	for (;;) {
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = MAXDG;
			memset(&m[i], 0, sizeof(m[i]));
			m[i].msg_hdr.msg_iov = &iov[i];
			m[i].msg_hdr.msg_iovlen = 1;
			m[i].msg_hdr.msg_name = &from[i];
			m[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		/* block for the first datagram, then take what else is queued */
		n = recvmmsg(s, m, BATCH, MSG_WAITFORONE, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("udp_echo: recvmmsg");
			exit(1);
		}
		for (i = 0; i < n; i++)
			iov[i].iov_len = m[i].msg_len;
		if (sendmmsg(s, m, (unsigned)n, 0) < 0 && errno != EINTR)
			perror("udp_echo: sendmmsg");
	}
}

int
main(int argc, char **argv)
{
	int port, nproc, i;

	if (argc != 3 || (port = atoi(argv[1])) <= 0 || port > 65535 ||
	    (nproc = atoi(argv[2])) <= 0 || nproc > 64) {
		fprintf(stderr, "usage: udp_echo PORT NPROC\n");
		return 2;
	}
	for (i = 1; i < nproc; i++)
		if (fork() == 0)
			break;
	serve(open_socket(port));
	return 0;
}
