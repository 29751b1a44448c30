/*
 * AF_INET sockets under hostile use, as root (init): for a number of
 * operations, random calls on a few UDP and raw sockets -- raw packets
 * with made-up IP headers (IP_HDRINCL) and random ICMP messages to
 * 127.0.0.1, random binds, connects, sends with random flags, lengths and
 * control messages, random IPPROTO_IP/SOL_RAW/SOL_SOCKET options, reads
 * and closes -- then a plain UDP exchange over 127.0.0.1 that must still
 * work.  Whatever the kernel refuses is fine; it must answer every call
 * and stay up (tests/boot/test_inet_fuzz.py then checks that no socket
 * memory is left and witness saw no lock-order reversal).
 *
 *   inet_fuzz [ops] [seed] [trace]     (inside Sanpo: it sends garbage, broadcasts too)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "initconsole.h"
#include "say.h"
#include "xorshift.h"

#define NSOCK	8

static uint64_t rng;	/* xorshift state */
static int trace;	/* say each operation before it runs */

static uint32_t
rnd(void)
{
	return ((uint32_t)(xorshift64(&rng) >> 11));
}

/* A random address that leads nowhere: in 127/8 or 10.255/16. */
static uint32_t
some_other(void)
{
	return (htonl(rnd() % 2 ? 0x7f000000u | (rnd() & 0xffffff) :
	    0x0aff0000u | (rnd() & 0xffff)));
}

/* An address a fuzzer would try: ours, loopback, broadcast, any, random. */
static struct sockaddr_in
some_addr(void)
{
	static const char *const pick[] = { "127.0.0.1", "127.0.0.2", "0.0.0.0",
	    "255.255.255.255", "10.0.2.15", "10.0.2.255", "224.0.0.1", "10.255.9.9" };
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = rnd() % 8 ? AF_INET : (sa_family_t)(rnd() % 20);
	a.sin_port = htons(rnd() % 4 ? (uint16_t)(40000 + rnd() % 8) : (uint16_t)rnd());
	if (rnd() % 4)
		inet_aton(pick[rnd() % 8], &a.sin_addr);
	else
		a.sin_addr.s_addr = some_other();
	return (a);
}

static int
new_socket(void)
{
	static const int raw[] = { IPPROTO_ICMP, IPPROTO_UDP, IPPROTO_RAW, 253, 50, 4 };

	switch (rnd() % 4) {
	case 0:
		return (socket(AF_INET, SOCK_RAW, raw[rnd() % 6]));
	case 1:
		return (socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP));	/* EACCES */
	default:
		return (socket(AF_INET, SOCK_DGRAM | (rnd() % 2 ? SOCK_NONBLOCK : 0), 0));
	}
}

/* A packet with a made-up IPv4 header (mostly plausible) and payload. */
static size_t
made_up_packet(uint8_t *buf, size_t room)
{
	size_t len = rnd() % 8 ? rnd() % 200 : rnd() % room, i;
	struct ip *ip = (struct ip *)buf;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)rnd();
	if (len >= sizeof(*ip) && rnd() % 4) {
		ip->ip_v = rnd() % 8 ? 4 : rnd() % 16;
		ip->ip_hl = rnd() % 4 ? 5 : rnd() % 16;
		ip->ip_len = rnd() % 2 ? htons((uint16_t)len) : (uint16_t)rnd();
		ip->ip_off = rnd() % 2 ? 0 : (uint16_t)rnd();
		ip->ip_p = rnd() % 2 ? (uint8_t)(rnd() % 2 ? IPPROTO_UDP : IPPROTO_ICMP) :
		    (uint8_t)rnd();
		ip->ip_src.s_addr = rnd() % 2 ? 0 : htonl(INADDR_LOOPBACK);
		ip->ip_dst.s_addr = rnd() % 4 ? htonl(INADDR_LOOPBACK) : some_other();
	}
	return (len);
}

static void
fuzz_send(int s, uint8_t *buf, size_t room)
{
	struct sockaddr_in to = some_addr();
	char cbuf[64];
	struct iovec iov = { buf, made_up_packet(buf, room) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm = (struct cmsghdr *)cbuf;

	if (rnd() % 4) {
		mh.msg_name = &to;
		mh.msg_namelen = rnd() % 8 ? sizeof(to) : rnd() % 20;
	}
	if (rnd() % 4 == 0) {
		memset(cbuf, 0, sizeof(cbuf));
		cm->cmsg_level = rnd() % 4 ? IPPROTO_IP : (int)(rnd() % 300);
		cm->cmsg_type = (int)(rnd() % 20);
		cm->cmsg_len = CMSG_LEN(rnd() % 16);
		*(int *)CMSG_DATA(cm) = (int)(rnd() % 300) - 10;
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(16);
	}
	if (trace) {
		int type = -1, proto = -1;
		socklen_t l = sizeof(int);

		getsockopt(s, SOL_SOCKET, SO_TYPE, &type, &l);
		getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &proto, &l);
		say("send type %d proto %d len %zu to %s:%u namelen %u ctl %zu", type, proto,
		    iov.iov_len, inet_ntoa(to.sin_addr), ntohs(to.sin_port),
		    (unsigned)mh.msg_namelen, (size_t)mh.msg_controllen);
	}
	(void)sendmsg(s, &mh, (int)(rnd() % 2 ? MSG_DONTWAIT :
	    (rnd() & (MSG_OOB | MSG_DONTWAIT | MSG_NOSIGNAL | MSG_MORE))) | MSG_DONTWAIT);
}

static void
fuzz_option(int s)
{
	static const int levels[] = { IPPROTO_IP, IPPROTO_IP, SOL_RAW, SOL_SOCKET };
	int level = levels[rnd() % 4], name = (int)(rnd() % 50), val = (int)rnd() % 600 - 100;
	socklen_t len = rnd() % 4 ? sizeof(int) : rnd() % 9;
	uint8_t big[16];

	if (rnd() % 2) {
		(void)setsockopt(s, level, name, &val, len);
	} else {
		len = sizeof(big);
		(void)getsockopt(s, level, name, big, &len);
	}
}

static void
fuzz_one(int *socks, uint8_t *buf, size_t room)
{
	int i = (int)(rnd() % NSOCK), s = socks[i];
	struct sockaddr_in a = some_addr();
	socklen_t len = sizeof(a);

	int op;

	if (s < 0) {
		socks[i] = new_socket();
		return;
	}
	op = (int)(rnd() % 10);
	if (trace)
		say("op %d on socket %d", op, i);
	switch (op) {
	case 0:
		(void)bind(s, (struct sockaddr *)&a, rnd() % 8 ? sizeof(a) : rnd() % 20);
		break;
	case 1:
		(void)connect(s, (struct sockaddr *)&a, rnd() % 8 ? sizeof(a) : rnd() % 20);
		break;
	case 2:
	case 3:
	case 4:
		fuzz_send(s, buf, room);
		break;
	case 5:
	case 6:
		(void)recvfrom(s, buf, rnd() % 2 ? room : rnd() % 64,
		    MSG_DONTWAIT | (rnd() % 2 ? MSG_PEEK : 0) | (rnd() % 2 ? MSG_TRUNC : 0),
		    (struct sockaddr *)&a, &len);
		break;
	case 7:
		fuzz_option(s);
		break;
	case 8:
		(void)getsockname(s, (struct sockaddr *)&a, &len);
		(void)getpeername(s, (struct sockaddr *)&a, &len);
		(void)shutdown(s, (int)(rnd() % 4));
		break;
	default:
		close(s);
		socks[i] = -1;
		break;
	}
}

/* Still a working stack: one datagram over 127.0.0.1. */
static int
still_works(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int s = socket(AF_INET, SOCK_DGRAM, 0), t = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[8] = "";

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || t < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) < 0 ||
	    sendto(t, "alive", 5, 0, (struct sockaddr *)&a, sizeof(a)) != 5 ||
	    recv(s, buf, sizeof(buf), 0) != 5)
		return (0);
	close(s);
	close(t);
	return (memcmp(buf, "alive", 5) == 0);
}

int
main(int argc, char **argv)
{
	static uint8_t buf[70000];
	long ops = argc > 1 ? atol(argv[1]) : 200000, n;
	int socks[NSOCK], i;

	init_console();
	rng = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed5a4b0ull;
	trace = argc > 3;
	say("inet_fuzz: begin, %ld operations, seed %#llx", ops, (unsigned long long)rng);
	for (i = 0; i < NSOCK; i++)
		socks[i] = -1;
	for (n = 0; n < ops; n++) {
		if (trace)
			say("%ld", n);
		fuzz_one(socks, buf, sizeof(buf));
	}
	for (i = 0; i < NSOCK; i++)
		if (socks[i] >= 0)
			close(socks[i]);
	say("inet_fuzz: end, the stack %s", still_works() ? "still works" : "BROKEN");
	return (0);
}
