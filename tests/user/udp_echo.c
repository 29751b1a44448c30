/*
 * A UDP echo server in user space, for `make bench-ipsec`
 * (tools/bench_ipsec.py): the traffic it measures goes through a socket
 * and a process, as an application's would, rather than the kernel's own
 * echo service on port 7.  Binds 0.0.0.0:port, says "udp_echo: ready on
 * port N" once bound, then sends every datagram back to its sender (from
 * the address it came to: the only one a single-homed guest has) until
 * killed.  A failed send is counted, not fatal (a full buffer is no
 * reason to stop); on SIGTERM/SIGINT it prints what it did.
 * Usage: udp_echo port
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "say.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sin;
	struct sigaction sa;
	static char buf[65536];
	unsigned long long echoed = 0, failed = 0;
	long port;
	int s;

	if (argc != 2 || (port = strtol(argv[1], NULL, 10)) <= 0 || port > 65535) {
		fprintf(stderr, "usage: udp_echo port\n");
		return (2);
	}
	/* No SA_RESTART: the signal ends the blocking recvfrom with EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0) {
		perror("udp_echo: socket");
		return (1);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	if (bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("udp_echo: bind");
		return (1);
	}
	say("udp_echo: ready on port %ld", port);
	while (!stop) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("udp_echo: recvfrom");
			return (1);
		}
		if (sendto(s, buf, (size_t)n, 0, (struct sockaddr *)&from, fl) == n)
			echoed++;
		else
			failed++;
	}
	say("udp_echo: echoed %llu, send failed %llu", echoed, failed);
	return (0);
}
