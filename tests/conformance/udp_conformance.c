/*
 * AF_INET datagram sockets, Sanpo against Linux: UDP over 127.0.0.1 --
 * bind (ephemeral ports, EADDRINUSE, SO_REUSEADDR, EADDRNOTAVAIL, EINVAL),
 * sendto/recvfrom and the peer's address, EDESTADDRREQ, EMSGSIZE beyond
 * 65507 bytes, EACCES to a broadcast address without SO_BROADCAST,
 * ENOTCONN, ECONNREFUSED on a connected socket after a port unreachable,
 * MSG_PEEK, MSG_TRUNC, a full receive buffer dropping, IP_TTL, IP_TOS, IP_RECVTTL, IP_PKTINFO, connect
 * to AF_UNSPEC -- then raw ICMP sockets (copies of the echo request and
 * the reply, IP header included) and ICMP "ping" sockets (refused: the
 * ping_group_range "1 0" of both).  Run as root on both; one line per
 * case, never a port number or a time, so Linux's output is the
 * reference (tests/boot/test_udp_conformance.py compares the two).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conformance.h"
#include "../user/initconsole.h"

static char bigbuf[70000];	/* the largest datagrams */

/* errno e by name: the network ones here, the rest from conformance.h. */
static const char *
nename(int e)
{
	switch (e) {
#define E(x) case x: return #x
	E(EADDRINUSE); E(EADDRNOTAVAIL); E(EDESTADDRREQ); E(EMSGSIZE);
	E(ENOTCONN); E(EISCONN); E(ECONNREFUSED); E(EAFNOSUPPORT);
	E(EPROTONOSUPPORT); E(ENOPROTOOPT); E(ENETUNREACH); E(EHOSTUNREACH);
	E(ESOCKTNOSUPPORT); E(EPROTOTYPE); E(ENOTSOCK);
#undef E
	}
	return (ename(e));
}

/* "ok" (or the count) for a call's result, else the errno's name. */
static const char *
res(long r)
{
	static char buf[32];

	if (r < 0)
		return (nename(errno));
	snprintf(buf, sizeof(buf), "%ld", r);
	return (buf);
}

static struct sockaddr_in
sa4(const char *addr, int port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	inet_aton(addr, &a.sin_addr);
	return (a);
}

static int
udp(void)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	if (s < 0) {
		say("socket: %s", nename(errno));
		exit(1);
	}
	return (s);
}

/* A socket bound to 127.0.0.1 and an ephemeral port; *a gets its name. */
static int
bound(struct sockaddr_in *a)
{
	struct sockaddr_in b = sa4("127.0.0.1", 0);
	socklen_t len = sizeof(*a);
	int s = udp();

	if (bind(s, (struct sockaddr *)&b, sizeof(b)) < 0 ||
	    getsockname(s, (struct sockaddr *)a, &len) < 0) {
		say("bound: %s", nename(errno));
		exit(1);
	}
	return (s);
}

/* An address as "a.b.c.d" and whether its port is set, never the port. */
static const char *
name(const struct sockaddr_in *a)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "family=%d %s port%s", a->sin_family,
	    inet_ntoa(a->sin_addr), a->sin_port ? "!=0" : "=0");
	return (buf);
}

static void
case_bind(void)
{
	struct sockaddr_in a, b, got;
	socklen_t len = sizeof(got);
	int s = udp(), t, u, on = 1;

	getsockname(s, (struct sockaddr *)&got, &len);
	say("unbound getsockname: %s len=%d", name(&got), (int)len);
	a = sa4("127.0.0.1", 0);
	say("bind 127.0.0.1:0: %s", res(bind(s, (struct sockaddr *)&a, sizeof(a))));
	len = sizeof(got);
	getsockname(s, (struct sockaddr *)&got, &len);
	say("bound getsockname: %s ephemeral=%d", name(&got),
	    ntohs(got.sin_port) >= 32768 && ntohs(got.sin_port) <= 60999);
	say("bind again: %s", res(bind(s, (struct sockaddr *)&a, sizeof(a))));
	t = udp();
	say("bind same port: %s", res(bind(t, (struct sockaddr *)&got, sizeof(got))));
	b = sa4("0.0.0.0", ntohs(got.sin_port));
	say("bind any, same port: %s", res(bind(t, (struct sockaddr *)&b, sizeof(b))));
	close(t);
	/* SO_REUSEADDR on both sides shares the port. */
	t = udp();
	u = udp();
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	setsockopt(u, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	a = sa4("127.0.0.1", 0);
	bind(t, (struct sockaddr *)&a, sizeof(a));
	len = sizeof(got);
	getsockname(t, (struct sockaddr *)&got, &len);
	say("reuseaddr both: %s", res(bind(u, (struct sockaddr *)&got, sizeof(got))));
	close(t);
	close(u);
	t = udp();
	a = sa4("10.255.255.254", 0);
	say("bind not ours: %s", res(bind(t, (struct sockaddr *)&a, sizeof(a))));
	a = sa4("127.0.0.1", 0);
	say("bind short: %s", res(bind(t, (struct sockaddr *)&a, sizeof(a) - 4)));
	a.sin_family = AF_INET6;
	say("bind family 10: %s", res(bind(t, (struct sockaddr *)&a, sizeof(a))));
	a = sa4("10.255.255.254", 80);
	say("bind not ours, port 80: %s", res(bind(t, (struct sockaddr *)&a, sizeof(a))));
	close(t);
	close(s);
}

static void
case_sendrecv(void)
{
	struct sockaddr_in a, b, from;
	socklen_t len = sizeof(from);
	char buf[64];
	int s = bound(&a), t = bound(&b);
	long n;

	say("sendto: %s", res(sendto(t, "hello", 5, 0, (struct sockaddr *)&a, sizeof(a))));
	memset(buf, 0, sizeof(buf));
	n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
	say("recvfrom: %s data=%s", res(n), buf);
	say("from: %s is-sender=%d len=%d", name(&from), from.sin_port == b.sin_port,
	    (int)len);
	say("send unconnected: %s", res(send(t, "x", 1, 0)));
	say("send MSG_OOB: %s", res(sendto(t, "x", 1, MSG_OOB, (struct sockaddr *)&a,
	    sizeof(a))));
	say("sendto port 0: %s", res(sendto(t, "x", 1, 0,
	    (struct sockaddr *)&(struct sockaddr_in){ .sin_family = AF_INET,
	    .sin_addr = a.sin_addr }, sizeof(a))));
	say("sendto 65508: %s", res(sendto(t, bigbuf, 65508, 0, (struct sockaddr *)&a,
	    sizeof(a))));
	say("sendto 65507: %s", res(sendto(t, bigbuf, 65507, 0, (struct sockaddr *)&a,
	    sizeof(a))));
	say("recv 65507: %s", res(recv(s, bigbuf, sizeof(bigbuf), 0)));
	say("recv empty nonblocking: %s", res(recv(s, buf, sizeof(buf), MSG_DONTWAIT)));
	/* FIONREAD (SIOCINQ) is the first datagram's payload, not the queue's. */
	sendto(t, "abcdef", 6, 0, (struct sockaddr *)&a, sizeof(a));
	sendto(t, "xy", 2, 0, (struct sockaddr *)&a, sizeof(a));
	for (int i = 0; i < 3; i++) {
		int q = -1;
		long r = ioctl(s, FIONREAD, &q);

		say("FIONREAD: %s n=%d", res(r), q);
		if (i < 2)
			say("  recv: %s", res(recv(s, buf, sizeof(buf), 0)));
	}
	sendto(t, "abcdef", 6, 0, (struct sockaddr *)&a, sizeof(a));
	say("peek: %s", res(recv(s, buf, sizeof(buf), MSG_PEEK)));
	say("trunc flag: %s", res(recv(s, buf, 2, MSG_TRUNC | MSG_PEEK)));
	{
		struct iovec iov = { buf, 3 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

		long n = recvmsg(s, &mh, 0);

		say("recvmsg short: %s flags-trunc=%d", res(n),
		    (mh.msg_flags & MSG_TRUNC) != 0);
	}
	say("zero-length sendto: %s", res(sendto(t, "", 0, 0, (struct sockaddr *)&a,
	    sizeof(a))));
	say("zero-length recv: %s", res(recv(s, buf, sizeof(buf), 0)));
	close(s);
	close(t);
}

/*
 * More sockets made and closed than there are ephemeral ports: each close
 * gives its port back (a PCB that outlived its socket would hold one).
 */
static void
case_recycle(void)
{
	struct sockaddr_in a = sa4("127.0.0.1", 0);
	int i, s, ok = 0;

	for (i = 0; i < 30000; i++) {
		if ((s = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
			break;
		ok += bind(s, (struct sockaddr *)&a, sizeof(a)) == 0;
		close(s);
	}
	say("30000 sockets bound and closed: %d", ok);
}

/* A receiver that does not read: the excess is dropped, never waited for. */
static void
case_full(void)
{
	struct sockaddr_in a, b;
	int s = bound(&a), t = bound(&b), small = 1, i, sent = 0, got = 0;
	char buf[1000];

	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	memset(buf, 'f', sizeof(buf));
	for (i = 0; i < 200; i++)
		sent += sendto(t, buf, sizeof(buf), 0, (struct sockaddr *)&a,
		    sizeof(a)) == (long)sizeof(buf);
	while (recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		got++;
	say("flood: all sent=%d some received=%d some dropped=%d", sent == 200, got > 0,
	    got < 200);
	sendto(t, "after", 5, 0, (struct sockaddr *)&a, sizeof(a));
	say("after the flood: %s", res(recv(s, buf, sizeof(buf), MSG_DONTWAIT)));
	close(s);
	close(t);
}

static void
case_broadcast(void)
{
	struct sockaddr_in a = sa4("255.255.255.255", 9);
	socklen_t len = sizeof(int);
	int s = udp(), v = -1, on = 1;

	say("sendto broadcast: %s", res(sendto(s, "x", 1, 0, (struct sockaddr *)&a, sizeof(a))));
	say("connect broadcast: %s", res(connect(s, (struct sockaddr *)&a, sizeof(a))));
	getsockopt(s, SOL_SOCKET, SO_BROADCAST, &v, &len);
	say("SO_BROADCAST default: %d", v);
	setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on));
	getsockopt(s, SOL_SOCKET, SO_BROADCAST, &v, &len);
	say("SO_BROADCAST set: %d", v);
	close(s);
}

static void
case_connected(void)
{
	struct sockaddr_in a, b, peer, un;
	socklen_t len = sizeof(peer);
	char buf[16];
	int s = bound(&a), t = bound(&b), c, err = -1;

	say("getpeername unconnected: %s", res(getpeername(s, (struct sockaddr *)&peer, &len)));
	say("connect: %s", res(connect(s, (struct sockaddr *)&b, sizeof(b))));
	len = sizeof(peer);
	err = getpeername(s, (struct sockaddr *)&peer, &len);
	say("getpeername: %s %s", res(err), name(&peer));
	say("send connected: %s", res(send(s, "abc", 3, 0)));
	say("peer got: %s", res(recv(t, buf, sizeof(buf), 0)));
	/* Datagrams from anyone but the peer no longer reach s. */
	c = udp();
	sendto(c, "z", 1, 0, (struct sockaddr *)&a, sizeof(a));
	say("stranger filtered: %s", res(recv(s, buf, sizeof(buf), MSG_DONTWAIT)));
	close(t);	/* the peer's port is closed: port unreachable comes back */
	say("send to closed: %s", res(send(s, "abc", 3, 0)));
	say("recv after unreachable: %s", res(recv(s, buf, sizeof(buf), MSG_DONTWAIT)));
	say("recv again: %s", res(recv(s, buf, sizeof(buf), MSG_DONTWAIT)));
	send(s, "abc", 3, 0);
	len = sizeof(err);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	say("SO_ERROR: %s", err ? nename(err) : "0");
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	say("SO_ERROR again: %s", err ? nename(err) : "0");
	send(s, "abc", 3, 0);
	say("send after unreachable: %s", res(send(s, "abc", 3, 0)));
	memset(&un, 0, sizeof(un));
	un.sin_family = AF_UNSPEC;
	say("connect AF_UNSPEC: %s", res(connect(s, (struct sockaddr *)&un, sizeof(un))));
	len = sizeof(peer);
	say("getpeername after: %s", res(getpeername(s, (struct sockaddr *)&peer, &len)));
	len = sizeof(peer);
	getsockname(s, (struct sockaddr *)&peer, &len);
	say("getsockname after: %s", name(&peer));
	say("shutdown unconnected: %s", res(shutdown(s, SHUT_RDWR)));
	close(s);
	close(c);
	/* After shutdown(SHUT_WR) a send is EPIPE, with no SIGPIPE. */
	s = udp();
	connect(s, (struct sockaddr *)&a, sizeof(a));
	say("shutdown connected: %s", res(shutdown(s, SHUT_WR)));
	say("send after SHUT_WR: %s", res(send(s, "x", 1, 0)));
	say("sendto after SHUT_WR: %s", res(sendto(s, "x", 1, 0, (struct sockaddr *)&a,
	    sizeof(a))));
	/* After SHUT_RD an empty queue is end of file, but only to a reader who would wait. */
	say("shutdown SHUT_RD: %s", res(shutdown(s, SHUT_RD)));
	{
		char b[8];

		say("recv MSG_DONTWAIT after SHUT_RD: %s", res(recv(s, b, sizeof(b), MSG_DONTWAIT)));
		say("recv after SHUT_RD: %s", res(recv(s, b, sizeof(b), 0)));
	}
	close(s);
	/* connect picks the local address and a port. */
	s = udp();
	say("connect unbound: %s", res(connect(s, (struct sockaddr *)&a, sizeof(a))));
	len = sizeof(peer);
	getsockname(s, (struct sockaddr *)&peer, &len);
	say("chosen: %s", name(&peer));
	close(s);
}

/* sendmsg with one control message at SOL_IP of type, data len bytes. */
static long
send_with(int s, const struct sockaddr_in *to, int type, const void *data, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct iovec iov = { "cmsg", 4 };
	struct msghdr mh = { .msg_name = (void *)to, .msg_namelen = sizeof(*to),
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
	    .msg_controllen = CMSG_SPACE(len) };
	struct cmsghdr *cm = (struct cmsghdr *)cbuf;

	memset(cbuf, 0, sizeof(cbuf));
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(len);
	memcpy(CMSG_DATA(cm), data, len);
	return (sendmsg(s, &mh, 0));
}

/* What t received: the sender's address, and TTL and TOS if t asked. */
static void
received(int t, const char *what)
{
	char buf[16], cbuf[256], from[32] = "?";
	struct sockaddr_in a;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &iov,
	    .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int ttl = -1, tos = -1;
	long n = recvmsg(t, &mh, MSG_DONTWAIT);

	if (n >= 0)
		snprintf(from, sizeof(from), "%s", inet_ntoa(a.sin_addr));
	for (cm = CMSG_FIRSTHDR(&mh); n >= 0 && cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_type == IP_TTL)
			ttl = *(int *)CMSG_DATA(cm);
		else if (cm->cmsg_type == IP_TOS)
			tos = *(uint8_t *)CMSG_DATA(cm);
	}
	say("%s: %s from=%s ttl=%d tos=%#x", what, res(n), from, ttl, tos);
}

/* The loopback interface's index: lo0 in Sanpo (FreeBSD's name), lo in Linux. */
static unsigned
loopback_index(void)
{
	unsigned i = if_nametoindex("lo0");

	return (i != 0 ? i : if_nametoindex("lo"));
}

static void
sendmsg_cases(int s, int t, const struct sockaddr_in *b)
{
	struct in_pktinfo pi;
	int v = 1;
	uint8_t tos = 0x20;

	setsockopt(t, IPPROTO_IP, IP_RECVTOS, &v, sizeof(v));
	setsockopt(t, IPPROTO_IP, IP_PKTINFO, &(int){ 0 }, sizeof(int));
	v = 7;
	say("sendmsg IP_TTL 7: %s", res(send_with(s, b, IP_TTL, &v, sizeof(v))));
	received(t, "got");
	say("sendmsg IP_TOS byte: %s", res(send_with(s, b, IP_TOS, &tos, 1)));
	received(t, "got");
	v = 0;
	say("sendmsg IP_TTL 0: %s", res(send_with(s, b, IP_TTL, &v, sizeof(v))));
	say("sendmsg IP_TTL short: %s", res(send_with(s, b, IP_TTL, &v, 2)));
	say("sendmsg type 99: %s", res(send_with(s, b, 99, &v, sizeof(v))));
	{
		/* An IP_TTL, then a header whose length is 0: Linux's CMSG_OK fails. */
		char cbuf[CMSG_SPACE(sizeof(int)) + sizeof(struct cmsghdr)];
		struct iovec iov = { "z", 1 };
		struct msghdr mh = { .msg_name = (void *)b, .msg_namelen = sizeof(*b),
		    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
		    .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm = (struct cmsghdr *)cbuf;

		memset(cbuf, 0, sizeof(cbuf));
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_TTL;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		*(int *)CMSG_DATA(cm) = 5;
		say("sendmsg zero-length cmsg: %s", res(sendmsg(s, &mh, 0)));
	}
	memset(&pi, 0, sizeof(pi));
	inet_aton("127.0.0.2", &pi.ipi_spec_dst);
	say("sendmsg IP_PKTINFO 127.0.0.2: %s", res(send_with(s, b, IP_PKTINFO, &pi,
	    sizeof(pi))));
	received(t, "got");
	inet_aton("10.255.255.254", &pi.ipi_spec_dst);
	say("sendmsg IP_PKTINFO not ours: %s", res(send_with(s, b, IP_PKTINFO, &pi,
	    sizeof(pi))));
	received(t, "nothing");
}

static void
case_options(void)
{
	struct sockaddr_in a, b;
	socklen_t len = sizeof(int);
	int s = bound(&a), t = bound(&b), v, bad[] = { 0, 256, -2 }, i;
	char buf[16], cbuf[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;

	getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len);
	say("IP_TTL default: %d", v);
	v = 5;
	say("IP_TTL 5: %s", res(setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof(v))));
	getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len);
	say("IP_TTL now: %d", v);
	for (i = 0; i < 3; i++)
		say("IP_TTL %d: %s", bad[i], res(setsockopt(s, IPPROTO_IP, IP_TTL,
		    &bad[i], sizeof(int))));
	v = -1;
	setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof(v));
	getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len);
	say("IP_TTL after -1: %d", v);
	v = 0x10;
	setsockopt(s, IPPROTO_IP, IP_TOS, &v, sizeof(v));
	getsockopt(s, IPPROTO_IP, IP_TOS, &v, &len);
	say("IP_TOS: %#x", v);
	v = 1;
	say("IP_RECVTTL: %s", res(setsockopt(t, IPPROTO_IP, IP_RECVTTL, &v, sizeof(v))));
	say("IP_PKTINFO: %s", res(setsockopt(t, IPPROTO_IP, IP_PKTINFO, &v, sizeof(v))));
	v = 9;
	setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof(v));
	sendto(s, "ttl", 3, 0, (struct sockaddr *)&b, sizeof(b));
	say("recvmsg: %s", res(recvmsg(t, &mh, 0)));
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL)
			say("cmsg IP_TTL len=%d ttl=%d", (int)cm->cmsg_len,
			    *(int *)CMSG_DATA(cm));
		else if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			/* Received on the loopback interface: Linux's lo, Sanpo's lo0. */
			say("cmsg IP_PKTINFO len=%d addr=%s ifindex is the loopback's: %d",
			    (int)cm->cmsg_len, inet_ntoa(pi.ipi_addr),
			    pi.ipi_ifindex != 0 && (unsigned)pi.ipi_ifindex == loopback_index());
		} else
			say("cmsg level=%d type=%d", cm->cmsg_level, cm->cmsg_type);
	}
	sendmsg_cases(s, t, &b);
	v = 1;
	say("IP_HDRINCL on udp: %s", res(setsockopt(s, IPPROTO_IP, IP_HDRINCL, &v, sizeof(v))));
	say("unknown IP option: %s", res(setsockopt(s, IPPROTO_IP, 9999, &v, sizeof(v))));
	close(s);
	close(t);
}

static uint16_t
cksum(const void *p, int len)
{
	const uint8_t *b = p;
	uint32_t sum = 0;

	for (; len > 1; len -= 2, b += 2)
		sum += (uint32_t)(b[0] << 8 | b[1]);
	if (len)
		sum += (uint32_t)(b[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

static void
case_raw(void)
{
	struct sockaddr_in lo = sa4("127.0.0.1", 0), from;
	socklen_t len = sizeof(int);
	uint8_t pkt[64], buf[256];
	struct icmp *icp = (struct icmp *)pkt;
	int s, v = -1, i;

	say("raw proto 0: %s", res(socket(AF_INET, SOCK_RAW, 0)));
	say("dgram tcp: %s", res(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP)));
	say("ping socket: %s", res(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)));
	s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	say("raw icmp: %s", s < 0 ? nename(errno) : "ok");
	if (s < 0)
		return;
	getsockopt(s, IPPROTO_IP, IP_HDRINCL, &v, &len);
	say("IP_HDRINCL icmp default: %d", v);
	{
		struct sockaddr_in any = sa4("0.0.0.0", 0);

		say("raw bind: %s", res(bind(s, (struct sockaddr *)&lo, sizeof(lo))));
		say("raw bind again: %s", res(bind(s, (struct sockaddr *)&any, sizeof(any))));
	}
	{
		socklen_t fl = sizeof(from);

		getsockname(s, (struct sockaddr *)&from, &fl);
		say("raw getsockname: %s port=%d", inet_ntoa(from.sin_addr),
		    ntohs(from.sin_port));
		fl = sizeof(from);
		say("raw getpeername: %s", res(getpeername(s, (struct sockaddr *)&from, &fl)));
	}
	memset(pkt, 0, sizeof(pkt));
	icp->icmp_type = ICMP_ECHO;
	icp->icmp_id = htons(0x5a5a);
	icp->icmp_seq = htons(1);
	memcpy(pkt + 8, "sanpo!", 6);
	icp->icmp_cksum = cksum(pkt, 14);
	say("raw sendto: %s", res(sendto(s, pkt, 14, 0, (struct sockaddr *)&lo, sizeof(lo))));
	for (i = 0; i < 2; i++) {
		socklen_t fl = sizeof(from);
		long n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		struct ip *ip = (struct ip *)buf;

		if (n < 0) {
			say("raw recv: %s", nename(errno));
			break;
		}
		say("raw recv %ld: v=%d hl=%d len=%d p=%d src=%s type=%d from=%s", n,
		    ip->ip_v, ip->ip_hl, ntohs(ip->ip_len), ip->ip_p,
		    inet_ntoa(ip->ip_src), buf[ip->ip_hl * 4], inet_ntoa(from.sin_addr));
	}
	/* ICMP_FILTER: echo requests (type 8) filtered, only the reply comes. */
	{
		uint32_t filt = 1u << ICMP_ECHO, got = 0;
		socklen_t fl = sizeof(got) + 4;
		uint8_t wide[8] = { 0 };

		say("ICMP_FILTER: %s", res(setsockopt(s, SOL_RAW, 1, &filt, sizeof(filt))));
		getsockopt(s, SOL_RAW, 1, wide, &fl);
		memcpy(&got, wide, sizeof(got));
		say("ICMP_FILTER read back: %#x len=%d", got, (int)fl);
		icp->icmp_seq = htons(2);
		icp->icmp_cksum = 0;
		icp->icmp_cksum = cksum(pkt, 14);
		sendto(s, pkt, 14, 0, (struct sockaddr *)&lo, sizeof(lo));
		for (i = 0; i < 2; i++) {
			long n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);

			say("filtered recv: %s type=%d", res(n), n > 20 ? buf[20] : -1);
		}
	}
	close(s);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
	{
		uint32_t filt = 0;

		say("ICMP_FILTER on raw udp: %s", res(setsockopt(s, SOL_RAW, 1, &filt,
		    sizeof(filt))));
		close(s);
		s = udp();
		say("ICMP_FILTER on udp: %s", res(setsockopt(s, SOL_RAW, 1, &filt,
		    sizeof(filt))));
		close(s);
	}
	s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	v = -1;
	getsockopt(s, IPPROTO_IP, IP_HDRINCL, &v, &len);
	say("IP_HDRINCL raw default: %d", v);
	close(s);
}

int
main(int argc, char **argv)
{
	(void)argc, (void)argv;
	init_console();
	say("=== udp conformance begin ===");
	case_bind();
	case_sendrecv();
	case_full();
	case_recycle();
	case_broadcast();
	case_connected();
	case_options();
	case_raw();
	say("=== udp conformance end ===");
	return (0);
}
