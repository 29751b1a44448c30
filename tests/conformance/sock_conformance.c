/*
 * Socket calls and AF_UNIX, one line per case: what Linux answers is what
 * Sanpo must answer.  Built once (static, musl), run on the Linux host and
 * in Sanpo as root, the two outputs compared line for line
 * (tests/boot/test_sock_conformance.py).  Errors print as errno names.
 *
 * Nothing printed depends on the host: no inode numbers, pids or times
 * (a pid is printed as "self" when it is ours); buffer sizes only where
 * Linux's rule gives a fixed figure (a value set, doubled), never the
 * defaults, which are sysctls.  Paths live under a fresh directory in /tmp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conformance.h"

static void
show(const char *name, long r)
{
	if (r < 0)
		say("%s: %s", name, ename(errno));
	else
		say("%s: %ld", name, r);
}

#define T(name, expr)	do { errno = 0; show(name, (long)(expr)); } while (0)
#define RAW(...)	syscall(__VA_ARGS__)
#define BADPTR		((void *)16)	/* never mapped */

static char dir[64];
static volatile int sigpipes;

static void
on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* A path address under dir; its length as bind takes it (family + path + NUL). */
static socklen_t
pathaddr(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path, sizeof(sun->sun_path), "%s/%s", dir, name);
	return ((socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(sun->sun_path) + 1));
}

/* An abstract address: NUL then name, its length exactly that. */
static socklen_t
absaddr(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "sanpo-%08d-%s", (int)getpid(), name);
	return ((socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(sun->sun_path + 1)));
}

/* What an address says, without the host's pid or directory. */
static void
show_addr(const char *name, int r, const struct sockaddr_un *sun, socklen_t len)
{
	const char *p;

	if (r < 0) {
		say("%s: %s", name, ename(errno));
		return;
	}
	if (len <= offsetof(struct sockaddr_un, sun_path)) {
		say("%s: len=%u family=%d", name, (unsigned)len, len >= 2 ? sun->sun_family : -1);
		return;
	}
	if (sun->sun_path[0] == '\0') {
		say("%s: len=%u abstract", name, (unsigned)len);
		return;
	}
	p = strncmp(sun->sun_path, dir, strlen(dir)) == 0 ? sun->sun_path + strlen(dir) : sun->sun_path;
	say("%s: len=%u path=%s", name, (unsigned)len, p);
}

static void
getname(const char *name, int fd, int peer)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);
	int r;

	memset(&sun, 0, sizeof(sun));
	r = peer ? getpeername(fd, (struct sockaddr *)&sun, &len) :
	    getsockname(fd, (struct sockaddr *)&sun, &len);
	show_addr(name, r, &sun, len);
}

static int
getint(int fd, int level, int opt)
{
	int v = -12345;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, opt, &v, &len) < 0)
		return (-errno);
	return (v);
}

static void
showopt(const char *name, int fd, int level, int opt)
{
	int v = getint(fd, level, opt);

	if (v < 0 && v != -12345 && -v < 200)
		say("%s: %s", name, ename(-v));
	else
		say("%s: %d", name, v);
}

static void
showpoll(const char *name, int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	int r = poll(&p, 1, 0);

	if (r < 0)
		say("%s: %s", name, ename(errno));
	else
		say("%s: %d revents=%#x", name, r, (unsigned)p.revents);
}

static void
showpeercred(const char *name, int fd)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);

	memset(&uc, 0x55, sizeof(uc));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) < 0) {
		say("%s: %s", name, ename(errno));
		return;
	}
	say("%s: len=%u pid=%s uid=%d gid=%d", name, (unsigned)len,
	    uc.pid == getpid() ? "self" : uc.pid == 0 ? "0" : "other", (int)uc.uid, (int)uc.gid);
}

/* recv and print what came: the count, then the bytes. */
static void
showrecv(const char *name, int fd, size_t len, int flags)
{
	char buf[256];
	ssize_t r;

	if (len > sizeof(buf) - 1)
		len = sizeof(buf) - 1;
	errno = 0;
	r = recv(fd, buf, len, flags);
	if (r < 0)
		say("%s: %s", name, ename(errno));
	else {
		buf[r > (ssize_t)len ? (ssize_t)len : r] = '\0';
		say("%s: %zd \"%s\"", name, r, buf);
	}
}

static void
creating(void)
{
	int fd, v;

	T("socket family -1", socket(-1, SOCK_STREAM, 0));
	T("socket family AF_MAX", socket(46, SOCK_STREAM, 0));
	T("socket family 1000", socket(1000, SOCK_STREAM, 0));
	T("socket type 99", socket(AF_UNIX, 11, 0));
	T("socket type -1", socket(AF_UNIX, -1, 0));
	T("socket bad flag", socket(AF_UNIX, SOCK_STREAM | 0x100, 0));
	T("socket unix proto 2", socket(AF_UNIX, SOCK_STREAM, 2));
	T("socket unix proto 2 bad type", socket(AF_UNIX, SOCK_RDM, 2));
	T("socket unix rdm", socket(AF_UNIX, SOCK_RDM, 0));
	T("socket unix packet", socket(AF_UNIX, SOCK_PACKET, 0));
	fd = socket(AF_UNIX, SOCK_STREAM, PF_UNIX);
	T("socket unix proto PF_UNIX", fd >= 0);
	showopt("  SO_PROTOCOL", fd, SOL_SOCKET, SO_PROTOCOL);
	close(fd);
	fd = socket(AF_UNIX, SOCK_RAW, 0);
	T("socket unix raw", fd >= 0);
	showopt("  raw SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	close(fd);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	T("socket nonblock cloexec", fd >= 0);
	T("  F_GETFL", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	T("  F_GETFD", fcntl(fd, F_GETFD));
	showopt("  SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	showopt("  SO_DOMAIN", fd, SOL_SOCKET, SO_DOMAIN);
	showopt("  SO_PROTOCOL", fd, SOL_SOCKET, SO_PROTOCOL);
	showopt("  SO_ACCEPTCONN", fd, SOL_SOCKET, SO_ACCEPTCONN);
	showopt("  SO_ERROR", fd, SOL_SOCKET, SO_ERROR);
	v = getint(fd, SOL_SOCKET, SO_RCVBUF);
	say("  SO_RCVBUF default > 0: %d", v > 0);
	close(fd);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	showopt("dgram SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	T("  F_GETFL", fcntl(fd, F_GETFL) & ~O_LARGEFILE);
	close(fd);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	showopt("seqpacket SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	close(fd);
}

static void
descriptors(void)
{
	char link[64], path[64];
	struct stat st;
	ssize_t n;
	int fd, p[2];

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	T("fstat", fstat(fd, &st));
	say("  S_ISSOCK=%d mode=%04o nlink=%lu size=%lld", S_ISSOCK(st.st_mode),
	    (unsigned)(st.st_mode & 07777), (unsigned long)st.st_nlink, (long long)st.st_size);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	say("/proc/self/fd link: %.8s...%c", link, n > 0 ? link[n - 1] : '?');
	T("lseek", lseek(fd, 0, SEEK_SET));
	T("ioctl unknown", ioctl(fd, 0x1234, 0));
	T("getpeername unconnected", getpeername(fd, (struct sockaddr *)link, &(socklen_t){ 16 }));
	close(fd);
	T("bind bad fd", bind(-1, (struct sockaddr *)link, 2));
	T("bind on a pipe", pipe(p) == 0 ? bind(p[0], (struct sockaddr *)link, 2) : -1);
	T("listen on a pipe", listen(p[0], 1));
	T("getsockopt on a pipe", getsockopt(p[0], SOL_SOCKET, SO_TYPE, link, &(socklen_t){ 4 }));
	T("shutdown on a pipe", shutdown(p[0], SHUT_RD));
	T("send on a pipe", send(p[1], "x", 1, 0));
	T("recv on a pipe", recv(p[0], link, 1, MSG_DONTWAIT));
	T("accept on a pipe", accept(p[0], NULL, NULL));
	/* Linux checks a buffer's range before the descriptor. */
	T("sendto bad fd, kernel buffer", RAW(SYS_sendto, -1, (void *)0xffff800000000000UL, 10, 0,
	    NULL, 0));
	T("recvfrom bad fd, kernel buffer", RAW(SYS_recvfrom, -1, (void *)0xffff800000000000UL, 10,
	    0, NULL, NULL));
	T("sendto bad fd", RAW(SYS_sendto, -1, link, 10, 0, NULL, 0));
	T("connect bad fd, bad address", RAW(SYS_connect, -1, BADPTR, 16));
	T("connect pipe, bad address", RAW(SYS_connect, p[0], BADPTR, 16));
	T("connect pipe, address length -1", RAW(SYS_connect, p[0], link, -1));
	T("bind pipe, bad address", RAW(SYS_bind, p[0], BADPTR, 16));
	close(p[0]);
	close(p[1]);
}

static void
options(void)
{
	struct timeval tv;
	struct linger l;
	socklen_t len;
	char c[8];
	int fd, v;

	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	v = 4096;
	T("SO_RCVBUF set 4096", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_RCVBUF);
	v = 1;
	T("SO_RCVBUF set 1", setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_RCVBUF);
	v = 10000;
	T("SO_SNDBUF set 10000", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_SNDBUF);
	v = 1;
	T("SO_SNDBUF set 1", setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_SNDBUF);
	v = 100000;
	T("SO_SNDBUFFORCE 100000 (root)", setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_SNDBUF);
	v = 7;
	T("SO_REUSEADDR set 7", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_REUSEADDR);
	T("SO_BROADCAST set", setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_BROADCAST);
	T("SO_KEEPALIVE set", setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_KEEPALIVE);
	showopt("SO_PASSCRED default", fd, SOL_SOCKET, SO_PASSCRED);
	showopt("SO_DONTROUTE default", fd, SOL_SOCKET, SO_DONTROUTE);
	showopt("SO_PRIORITY default", fd, SOL_SOCKET, SO_PRIORITY);
	v = 3;
	T("SO_PRIORITY set 3", setsockopt(fd, SOL_SOCKET, SO_PRIORITY, &v, sizeof(v)));
	showopt("  get", fd, SOL_SOCKET, SO_PRIORITY);
	showopt("SO_RCVLOWAT default", fd, SOL_SOCKET, SO_RCVLOWAT);
	showopt("SO_SNDLOWAT default", fd, SOL_SOCKET, SO_SNDLOWAT);
	T("SO_TYPE set", setsockopt(fd, SOL_SOCKET, SO_TYPE, &v, sizeof(v)));
	T("SO_ERROR set", setsockopt(fd, SOL_SOCKET, SO_ERROR, &v, sizeof(v)));
	T("SO_PEERCRED set", setsockopt(fd, SOL_SOCKET, SO_PEERCRED, &v, sizeof(v)));
	T("unknown option set", setsockopt(fd, SOL_SOCKET, 9999, &v, sizeof(v)));
	T("unknown option get", getsockopt(fd, SOL_SOCKET, 9999, &v, &(socklen_t){ 4 }));
	T("setsockopt optlen 2", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, 2));
	T("setsockopt optlen -1", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, -1));
	T("setsockopt bad optval", setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, BADPTR, 4));
	T("setsockopt level 999", setsockopt(fd, 999, 1, &v, sizeof(v)));
	T("getsockopt level 999", getsockopt(fd, 999, 1, &v, &(socklen_t){ 4 }));
	T("setsockopt SOL_IP on unix", setsockopt(fd, SOL_IP, 2, &v, sizeof(v)));
	len = 2;
	memset(c, 0x7f, sizeof(c));
	T("getsockopt SO_TYPE optlen 2", getsockopt(fd, SOL_SOCKET, SO_TYPE, c, &len));
	say("  len=%u bytes=%02x %02x %02x", (unsigned)len, c[0], c[1], c[2]);
	len = 100;
	T("getsockopt SO_TYPE optlen 100", getsockopt(fd, SOL_SOCKET, SO_TYPE, c, &len));
	say("  len=%u", (unsigned)len);
	len = (socklen_t)-1;
	T("getsockopt optlen -1", getsockopt(fd, SOL_SOCKET, SO_TYPE, c, &len));
	len = 4;
	T("getsockopt bad optval", getsockopt(fd, SOL_SOCKET, SO_TYPE, BADPTR, &len));
	T("getsockopt bad optlen", getsockopt(fd, SOL_SOCKET, SO_TYPE, c, BADPTR));
	len = 0;
	T("getsockopt optlen 0", getsockopt(fd, SOL_SOCKET, SO_TYPE, c, &len));
	say("  len=%u", (unsigned)len);
	tv.tv_sec = 1;
	tv.tv_usec = 500000;
	T("SO_RCVTIMEO set 1.5s", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	memset(&tv, 0, sizeof(tv));
	len = sizeof(tv);
	T("  get", getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
	say("  len=%u %ld.%06ld", (unsigned)len, (long)tv.tv_sec, (long)tv.tv_usec);
	tv.tv_usec = 1000000;
	T("SO_RCVTIMEO usec 1000000", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	T("SO_RCVTIMEO optlen 8", setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, 8));
	tv.tv_sec = 2;
	tv.tv_usec = 0;
	T("SO_SNDTIMEO set 2s", setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	memset(&tv, 0, sizeof(tv));
	len = sizeof(tv);
	T("  get", getsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, &len));
	say("  %ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	l.l_onoff = 1;
	l.l_linger = 5;
	T("SO_LINGER set", setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	memset(&l, 0, sizeof(l));
	len = sizeof(l);
	T("  get", getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len));
	say("  len=%u onoff=%d linger=%d", (unsigned)len, l.l_onoff, l.l_linger);
	T("SO_LINGER optlen 4", setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, 4));
	showpeercred("SO_PEERCRED unconnected", fd);
	close(fd);
}

static void
stream_pair(void)
{
	struct iovec iov[2];
	char buf[64];
	int sv[2], n, flags;

	T("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	getname("  getsockname", sv[0], 0);
	getname("  getpeername", sv[0], 1);
	showpeercred("  SO_PEERCRED", sv[0]);
	showpoll("  poll fresh", sv[0], POLLIN | POLLOUT);
	T("write abc", write(sv[0], "abc", 3));
	T("write def", write(sv[0], "def", 3));
	n = -1;
	T("FIONREAD", ioctl(sv[1], FIONREAD, &n));
	say("  n=%d", n);
	showpoll("  poll peer", sv[1], POLLIN | POLLOUT | POLLRDHUP);
	showrecv("recv peek 4", sv[1], 4, MSG_PEEK);
	showrecv("recv 2", sv[1], 2, 0);
	showrecv("recv 10 joins writes", sv[1], 10, 0);
	showrecv("recv dontwait empty", sv[1], 10, MSG_DONTWAIT);
	T("writev", writev(sv[1], iov, (iov[0] = (struct iovec){ "12", 2 },
	    iov[1] = (struct iovec){ "345", 3 }, 2)));
	showrecv("recv waitall 5", sv[0], 5, MSG_WAITALL);
	T("send MSG_TRUNC flag", send(sv[0], "xyz", 3, 0));
	showrecv("recv MSG_TRUNC stream", sv[1], 2, MSG_TRUNC);
	showrecv("recv rest", sv[1], 10, 0);
	T("recv bad pointer empty", recv(sv[1], BADPTR, 10, MSG_DONTWAIT));
	T("send", send(sv[0], "q", 1, 0));
	T("recv bad pointer", recv(sv[1], BADPTR, 10, 0));
	T("send bad pointer", send(sv[0], BADPTR, 10, 0));
	T("sendto with address", sendto(sv[0], "a", 1, 0, (struct sockaddr *)buf,
	    (memset(buf, 0, sizeof(buf)), buf[0] = AF_UNIX, 4)));
	flags = fcntl(sv[1], F_GETFL);
	T("F_SETFL O_NONBLOCK", fcntl(sv[1], F_SETFL, flags | O_NONBLOCK));
	T("read nonblock empty", read(sv[1], buf, 10));
	n = 0;
	T("FIONBIO off", ioctl(sv[1], FIONBIO, &n));
	T("  F_GETFL", fcntl(sv[1], F_GETFL) & ~O_LARGEFILE);
	T("shutdown bad how", shutdown(sv[0], 3));
	T("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
	showpoll("  poll writer", sv[0], POLLIN | POLLOUT | POLLRDHUP);
	showpoll("  poll reader", sv[1], POLLIN | POLLOUT | POLLRDHUP);
	T("  read at EOF", read(sv[1], buf, 10));
	sigpipes = 0;
	T("  write after SHUT_WR", write(sv[0], "z", 1));
	say("  SIGPIPEs: %d", sigpipes);
	T("  send MSG_NOSIGNAL", send(sv[0], "z", 1, MSG_NOSIGNAL));
	say("  SIGPIPEs: %d", sigpipes);
	T("  peer writes back", write(sv[1], "back", 4));
	showrecv("  recv after own SHUT_WR", sv[0], 10, 0);
	T("shutdown SHUT_RD", shutdown(sv[1], SHUT_RD));
	showpoll("  poll", sv[1], POLLIN | POLLOUT | POLLRDHUP);
	close(sv[0]);
	close(sv[1]);

	T("socketpair for close", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	T("write", write(sv[0], "left", 4));
	close(sv[0]);
	showpoll("  poll after peer close", sv[1], POLLIN | POLLOUT | POLLRDHUP);
	showrecv("  recv data left", sv[1], 10, 0);
	showrecv("  recv EOF", sv[1], 10, 0);
	sigpipes = 0;
	T("  write to closed peer", write(sv[1], "x", 1));
	say("  SIGPIPEs: %d", sigpipes);
	showopt("  SO_ERROR", sv[1], SOL_SOCKET, SO_ERROR);
	getname("  getpeername after peer close", sv[1], 1);
	close(sv[1]);

	T("socketpair close unread", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	T("write", write(sv[0], "unread", 6));
	close(sv[1]);
	showpoll("  poll", sv[0], POLLIN | POLLOUT | POLLRDHUP);
	showopt("  SO_ERROR", sv[0], SOL_SOCKET, SO_ERROR);
	showrecv("  recv", sv[0], 10, MSG_DONTWAIT);
	close(sv[0]);

	T("socketpair bad pointer", RAW(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, BADPTR));
	T("socketpair bad type", socketpair(AF_UNIX, 12, 0, sv));
	T("socketpair nonblock", socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
	T("  F_GETFL", fcntl(sv[1], F_GETFL) & ~O_LARGEFILE);
	T("  accept on socketpair", accept(sv[0], NULL, NULL));
	T("  listen on socketpair", listen(sv[0], 1));
	close(sv[0]);
	close(sv[1]);
}

static void
dgram_pair(void)
{
	struct mmsghdr mm[4];
	struct iovec iov[4];
	struct msghdr mh;
	char buf[64], bufs[4][16];
	int sv[2], i, n, v;

	T("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	showpeercred("  SO_PEERCRED", sv[0]);
	getname("  getpeername", sv[0], 1);
	T("send hello", send(sv[0], "hello", 5, 0));
	T("send world!", send(sv[0], "world!", 6, 0));
	T("send empty", send(sv[0], "", 0, 0));
	n = -1;
	T("FIONREAD first", ioctl(sv[1], FIONREAD, &n));
	say("  n=%d", n);
	showpoll("  poll", sv[1], POLLIN | POLLOUT);
	memset(&mh, 0, sizeof(mh));
	iov[0].iov_base = buf;
	iov[0].iov_len = 3;
	mh.msg_iov = iov;
	mh.msg_iovlen = 1;
	T("recvmsg peek 3", recvmsg(sv[1], &mh, MSG_PEEK));
	say("  flags=%#x \"%.3s\"", (unsigned)mh.msg_flags, buf);
	mh.msg_flags = 0;
	T("recvmsg 3 truncates", recvmsg(sv[1], &mh, 0));
	say("  flags=%#x \"%.3s\"", (unsigned)mh.msg_flags, buf);
	showrecv("recv MSG_TRUNC 2", sv[1], 2, MSG_TRUNC);
	showrecv("recv empty datagram", sv[1], 10, 0);
	showrecv("recv dontwait", sv[1], 10, MSG_DONTWAIT);
	v = 4096;
	T("SO_SNDBUF 4096", setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v)));
	{
		static char big[9000];

		T("send 8160", send(sv[0], big, 8160, 0));
		T("send 8161", send(sv[0], big, 8161, 0));
		showrecv("recv big (cut)", sv[1], 8, 0);
	}
	for (i = 0; i < 3; i++) {
		iov[i].iov_base = (void *)"abc";
		iov[i].iov_len = (size_t)i + 1;
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	T("sendmmsg 3", sendmmsg(sv[0], mm, 3, 0));
	say("  lens %u %u %u", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
	for (i = 0; i < 4; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		memset(&mm[i], 0, sizeof(mm[i]));
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	T("recvmmsg 4 waitforone", recvmmsg(sv[1], mm, 4, MSG_WAITFORONE, NULL));
	say("  lens %u %u %u", mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
	T("shutdown SHUT_RD", shutdown(sv[1], SHUT_RD));
	T("  send to shut reader", send(sv[0], "x", 1, MSG_DONTWAIT));
	showrecv("  recv after SHUT_RD", sv[1], 10, 0);
	showrecv("  recv MSG_DONTWAIT after SHUT_RD", sv[1], 10, MSG_DONTWAIT);
	close(sv[1]);
	T("send to closed peer", send(sv[0], "x", 1, 0));
	T("send again", send(sv[0], "x", 1, 0));
	close(sv[0]);

	T("socketpair seqpacket", socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
	T("send one", send(sv[0], "one", 3, 0));
	T("send three", send(sv[0], "three", 5, 0));
	showrecv("recv 2 of one", sv[1], 2, 0);
	showrecv("recv three", sv[1], 10, 0);
	T("shutdown SHUT_WR", shutdown(sv[0], SHUT_WR));
	showrecv("recv EOF", sv[1], 10, 0);
	T("send after SHUT_WR", send(sv[0], "x", 1, MSG_NOSIGNAL));
	close(sv[0]);
	close(sv[1]);
	n = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	showrecv("seqpacket recv unconnected", n, 10, MSG_DONTWAIT);
	T("seqpacket send unconnected", send(n, "x", 1, MSG_NOSIGNAL));
	close(n);
	n = socket(AF_UNIX, SOCK_STREAM, 0);
	showrecv("stream recv unconnected", n, 10, MSG_DONTWAIT);
	T("stream send unconnected", send(n, "x", 1, MSG_NOSIGNAL));
	showpoll("stream poll unconnected", n, POLLIN | POLLOUT);
	close(n);
	n = socket(AF_UNIX, SOCK_DGRAM, 0);
	T("dgram send unconnected", send(n, "x", 1, 0));
	showrecv("dgram recv unconnected", n, 10, MSG_DONTWAIT);
	showpoll("dgram poll unconnected", n, POLLIN | POLLOUT);
	close(n);
}

static void
paths(void)
{
	struct sockaddr_un sun, sun2, peer;
	socklen_t len, plen;
	struct stat st;
	char buf[64];
	int s, c, c2, a, d, fd;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = pathaddr(&sun, "srv");
	T("bind len 1", bind(s, (struct sockaddr *)&sun, 1));
	T("bind len 0", bind(s, (struct sockaddr *)&sun, 0));
	T("bind len -1", bind(s, (struct sockaddr *)&sun, (socklen_t)-1));
	T("bind len 111", bind(s, (struct sockaddr *)&sun, 111));
	T("bind bad pointer", bind(s, BADPTR, len));
	sun.sun_family = AF_INET;
	T("bind family AF_INET", bind(s, (struct sockaddr *)&sun, len));
	sun.sun_family = AF_UNIX;
	T("listen unbound", listen(s, 5));
	T("bind path", bind(s, (struct sockaddr *)&sun, len));
	T("  bind again", bind(s, (struct sockaddr *)&sun, len));
	T("  stat", stat(sun.sun_path, &st));
	say("  S_ISSOCK=%d mode=%04o", S_ISSOCK(st.st_mode), (unsigned)(st.st_mode & 07777));
	T("  open the socket file", open(sun.sun_path, O_RDWR));
	getname("  getsockname", s, 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("second bind same path", bind(c, (struct sockaddr *)&sun, len));
	T("connect before listen", connect(c, (struct sockaddr *)&sun, len));
	T("accept before listen", accept(s, NULL, NULL));
	T("listen", listen(s, 0));
	showopt("  SO_ACCEPTCONN", s, SOL_SOCKET, SO_ACCEPTCONN);
	showpeercred("  SO_PEERCRED listener", s);
	showpoll("  poll listener", s, POLLIN | POLLOUT);
	T("  recv on listener", recv(s, buf, 1, MSG_DONTWAIT));
	T("  listen again", listen(s, 1));
	T("connect", connect(c, (struct sockaddr *)&sun, len));
	showpoll("  poll listener", s, POLLIN | POLLOUT);
	T("  connect again", connect(c, (struct sockaddr *)&sun, len));
	getname("  client getsockname", c, 0);
	getname("  client getpeername", c, 1);
	showpeercred("  client SO_PEERCRED", c);
	T("  send before accept", send(c, "early", 5, 0));
	memset(&peer, 0x55, sizeof(peer));
	plen = sizeof(peer);
	a = accept4(s, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	T("accept4", a >= 0);
	show_addr("  peer", 0, &peer, plen);
	T("  F_GETFD", fcntl(a, F_GETFD));
	getname("  accepted getsockname", a, 0);
	getname("  accepted getpeername", a, 1);
	showpeercred("  accepted SO_PEERCRED", a);
	showrecv("  recv early", a, 10, 0);
	T("  send back", send(a, "reply", 5, 0));
	showrecv("  client recv", c, 10, 0);
	T("accept4 bad flags", RAW(SYS_accept4, s, NULL, NULL, 0x1234));
	fd = fcntl(s, F_GETFL);
	fcntl(s, F_SETFL, fd | O_NONBLOCK);
	T("accept nonblock empty", accept(s, NULL, NULL));
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	T("backlog 0: first connect", connect(c2, (struct sockaddr *)&sun, len));
	d = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	T("backlog 0: second connect", connect(d, (struct sockaddr *)&sun, len));
	close(d);
	plen = 3;
	T("accept addrlen 3", accept(s, (struct sockaddr *)&peer, &plen));
	say("  plen=%u", (unsigned)plen);
	close(c2);
	close(a);
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("connect", connect(c, (struct sockaddr *)&sun, len));
	T("accept bad addr", accept(s, BADPTR, &(socklen_t){ sizeof(sun) }));
	showrecv("  client sees the lost connection", c, 10, MSG_DONTWAIT);
	close(c);

	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("connect then listener closes", connect(c, (struct sockaddr *)&sun, len));
	close(s);
	getname("  getpeername", c, 1);
	showpoll("  poll", c, POLLIN | POLLOUT | POLLRDHUP);
	showopt("  SO_ERROR", c, SOL_SOCKET, SO_ERROR);
	close(c);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("connect to closed socket's file", connect(c, (struct sockaddr *)&sun, len));
	T("unlink", unlink(sun.sun_path));
	T("connect after unlink", connect(c, (struct sockaddr *)&sun, len));
	len = pathaddr(&sun2, "plain");
	close(open(sun2.sun_path, O_CREAT | O_WRONLY, 0600));
	T("connect to a plain file", connect(c, (struct sockaddr *)&sun2, len));
	len = pathaddr(&sun2, "nodir/x");
	T("bind in a missing directory", bind(c, (struct sockaddr *)&sun2, len));
	close(c);

	/* A path that fills sun_path with no NUL: Linux stores it and adds one. */
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	memset(&sun2, 0, sizeof(sun2));
	sun2.sun_family = AF_UNIX;
	memset(sun2.sun_path, 'x', sizeof(sun2.sun_path));
	memcpy(sun2.sun_path, dir, strlen(dir));
	sun2.sun_path[strlen(dir)] = '/';
	T("bind 108-byte path", bind(s, (struct sockaddr *)&sun2, sizeof(sun2)));
	len = sizeof(peer);
	T("  getsockname", getsockname(s, (struct sockaddr *)&peer, &len));
	say("  len=%u", (unsigned)len);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("connect stream to dgram", connect(c, (struct sockaddr *)&sun2, sizeof(sun2)));
	close(c);
	close(s);
	unlink(sun2.sun_path);

	/* The umask shapes the socket file's mode. */
	umask(027);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = pathaddr(&sun, "masked");
	T("bind under umask 027", bind(s, (struct sockaddr *)&sun, len));
	T("  stat", stat(sun.sun_path, &st));
	say("  mode=%04o", (unsigned)(st.st_mode & 07777));
	umask(022);
	close(s);
	unlink(sun.sun_path);
}

static void
abstract(void)
{
	struct sockaddr_un sun, got;
	socklen_t len, glen;
	int s, c, a;

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = absaddr(&sun, "abs");
	T("bind abstract", bind(s, (struct sockaddr *)&sun, len));
	glen = sizeof(got);
	T("  getsockname", getsockname(s, (struct sockaddr *)&got, &glen));
	say("  same=%d", glen == len && memcmp(&got, &sun, len) == 0);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("bind same abstract", bind(c, (struct sockaddr *)&sun, len));
	T("connect before listen", connect(c, (struct sockaddr *)&sun, len));
	T("listen", listen(s, 4));
	T("connect shorter name", connect(c, (struct sockaddr *)&sun, len - 1));
	T("connect", connect(c, (struct sockaddr *)&sun, len));
	a = accept(s, NULL, NULL);
	T("accept", a >= 0);
	getname("  accepted getsockname", a, 0);
	T("  send", send(c, "abs", 3, 0));
	showrecv("  recv", a, 10, 0);
	close(a);
	close(c);
	close(s);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	T("connect after close", connect(c, (struct sockaddr *)&sun, len));
	close(c);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	sun.sun_family = AF_UNIX;
	T("autobind (family only)", bind(s, (struct sockaddr *)&sun, 2));
	glen = sizeof(got);
	memset(&got, 0x55, sizeof(got));
	T("  getsockname", getsockname(s, (struct sockaddr *)&got, &glen));
	say("  len=%u first=%d", (unsigned)glen, got.sun_path[0]);
	T("  autobind again", bind(s, (struct sockaddr *)&sun, 2));
	len = absaddr(&sun, "late");
	T("  bind after autobind", bind(s, (struct sockaddr *)&sun, len));
	close(s);
}

static void
datagrams(void)
{
	struct sockaddr_un srv, cli, from;
	socklen_t slen, clen, flen;
	char buf[64];
	int s, c, o;

	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	slen = pathaddr(&srv, "dgram");
	T("bind dgram", bind(s, (struct sockaddr *)&srv, slen));
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	T("sendto unbound client", sendto(c, "anon", 4, 0, (struct sockaddr *)&srv, slen));
	flen = sizeof(from);
	memset(&from, 0x55, sizeof(from));
	errno = 0;
	show("recvfrom", recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen));
	say("  flen=%u", (unsigned)flen);
	clen = pathaddr(&cli, "client");
	T("bind client", bind(c, (struct sockaddr *)&cli, clen));
	T("sendto bound client", sendto(c, "named", 5, 0, (struct sockaddr *)&srv, slen));
	flen = sizeof(from);
	errno = 0;
	o = (int)recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	show_addr("recvfrom", o, &from, flen);
	T("sendto bad address len", sendto(c, "x", 1, 0, (struct sockaddr *)&srv, 1));
	T("sendto bad address pointer", sendto(c, "x", 1, 0, BADPTR, slen));
	T("send unconnected", send(c, "x", 1, 0));
	T("connect", connect(c, (struct sockaddr *)&srv, slen));
	getname("  getpeername", c, 1);
	T("send connected", send(c, "conn", 4, 0));
	showrecv("recv", s, 10, 0);
	T("connect AF_UNSPEC", connect(c, (struct sockaddr *)&(struct sockaddr){ AF_UNSPEC, {0} },
	    sizeof(struct sockaddr)));
	T("  send", send(c, "x", 1, 0));
	getname("  getpeername", c, 1);
	T("connect len 1", connect(c, (struct sockaddr *)&srv, 1));
	o = socket(AF_UNIX, SOCK_DGRAM, 0);
	T("third connects to client", connect(o, (struct sockaddr *)&cli, clen));
	T("client connects to server", connect(c, (struct sockaddr *)&srv, slen));
	T("third sends to client (connected elsewhere)", send(o, "x", 1, 0));
	T("server sends to client (its peer)", sendto(s, "ok", 2, 0, (struct sockaddr *)&cli, clen));
	showrecv("  client recv", c, 10, MSG_DONTWAIT);
	close(o);
	close(s);
	T("send to closed server", send(c, "x", 1, 0));
	T("send again", send(c, "x", 1, 0));
	T("sendto closed server's file", sendto(c, "x", 1, 0, (struct sockaddr *)&srv, slen));
	close(c);
	unlink(srv.sun_path);
	unlink(cli.sun_path);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	T("sendto missing path", sendto(c, "x", 1, 0, (struct sockaddr *)&srv, slen));
	close(c);
}

/* Send fds over s with one message (n descriptors), the data one byte. */
static int
sendfds(int s, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)];
	struct msghdr mh;
	struct iovec iov = { (void *)"F", 1 };
	struct cmsghdr *cm;

	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
	memcpy(CMSG_DATA(cm), fds, sizeof(int) * (size_t)n);
	return ((int)sendmsg(s, &mh, 0));
}

/* Receive with room for `room` bytes of control; print what came, return the first fd. */
static int
recvfds(const char *name, int s, size_t room, int flags)
{
	char cbuf[256], data[8];
	struct msghdr mh;
	struct iovec iov = { data, sizeof(data) };
	struct cmsghdr *cm;
	int fd = -1, nfd = 0;
	ssize_t r;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = room > 0 ? cbuf : NULL;
	mh.msg_controllen = room;
	r = recvmsg(s, &mh, flags);
	if (r < 0) {
		say("%s: %s", name, ename(errno));
		return (-1);
	}
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			nfd = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
		}
	}
	say("%s: %zd flags=%#x controllen=%zu nfd=%d", name, r, (unsigned)mh.msg_flags,
	    (size_t)mh.msg_controllen, nfd);
	return (fd);
}

static void
rights(void)
{
	char cbuf[64], buf[16];
	struct msghdr mh;
	struct iovec iov = { (void *)"F", 1 };
	struct cmsghdr *cm;
	int sv[2], p[2], fds[2], fd, fd2;

	T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	T("pipe", pipe(p));
	T("send a pipe's read end", sendfds(sv[0], &p[0], 1));
	fd = recvfds("recvmsg", sv[1], 64, 0);
	T("  write the pipe", write(p[1], "via", 3));
	errno = 0;
	show("  read the passed fd", fd >= 0 ? read(fd, buf, sizeof(buf)) : -1);
	T("  passed fd FD_CLOEXEC", fcntl(fd, F_GETFD));
	close(fd);
	T("send with MSG_CMSG_CLOEXEC at receive", sendfds(sv[0], &p[0], 1));
	fd = recvfds("recvmsg cloexec", sv[1], 64, MSG_CMSG_CLOEXEC);
	T("  F_GETFD", fcntl(fd, F_GETFD));
	close(fd);
	fds[0] = p[0];
	fds[1] = p[1];
	T("send two fds", sendfds(sv[0], fds, 2));
	fd = recvfds("recvmsg room for one", sv[1], CMSG_LEN(sizeof(int)), 0);
	close(fd);
	T("send two fds", sendfds(sv[0], fds, 2));
	fd = recvfds("recvmsg no room", sv[1], 0, 0);
	T("send fd, peeked", sendfds(sv[0], &p[0], 1));
	fd = recvfds("recvmsg peek", sv[1], 64, MSG_PEEK);
	fd2 = recvfds("recvmsg", sv[1], 64, 0);
	say("  distinct fds: %d", fd >= 0 && fd2 >= 0 && fd != fd2);
	close(fd);
	close(fd2);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	T("send a socket, peeked", sendfds(sv[0], &fd, 1));
	close(fd);
	fd = recvfds("recvmsg peek", sv[1], 64, MSG_PEEK);
	fd2 = recvfds("recvmsg", sv[1], 64, 0);
	showopt("  the socket's type", fd2, SOL_SOCKET, SO_TYPE);
	close(fd);
	close(fd2);
	T("send fd then read()", sendfds(sv[0], &p[0], 1));
	T("  read", read(sv[1], buf, sizeof(buf)));
	fd = -1;
	T("send bad fd", sendfds(sv[0], &fd, 1));
	/* A header that claims more than the buffer holds. */
	memset(&mh, 0, sizeof(mh));
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int)) + 64;
	memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
	T("sendmsg cmsg_len too long", sendmsg(sv[0], &mh, 0));
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	cm->cmsg_type = 77;
	T("sendmsg unknown SOL_SOCKET type", sendmsg(sv[0], &mh, 0));
	cm->cmsg_level = 99;
	T("sendmsg other level ignored", sendmsg(sv[0], &mh, 0));
	showrecv("  recv", sv[1], 10, 0);
	mh.msg_control = BADPTR;
	T("sendmsg bad control pointer", RAW(SYS_sendmsg, sv[0], &mh, 0));
	T("sendmsg bad msghdr", RAW(SYS_sendmsg, sv[0], BADPTR, 0));
	T("recvmsg bad msghdr", RAW(SYS_recvmsg, sv[0], BADPTR, 0));
	mh.msg_control = NULL;
	mh.msg_controllen = 0;
	mh.msg_iovlen = 1025;
	T("sendmsg iovlen 1025", RAW(SYS_sendmsg, sv[0], &mh, 0));
	/* The socket's own descriptor in flight when everything closes: no crash. */
	T("send a socket over itself", sendfds(sv[0], &sv[1], 1));
	T("send the other too", sendfds(sv[1], &sv[0], 1));
	close(sv[0]);
	close(sv[1]);
	close(p[0]);
	close(p[1]);

	T("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	T("pipe", pipe(p));
	T("send fd in a datagram", sendfds(sv[0], &p[1], 1));
	fd = recvfds("recvmsg", sv[1], 64, 0);
	T("  write through it", write(fd, "d", 1));
	T("  read", read(p[0], buf, 1));
	close(fd);
	T("datagram with fd never read", sendfds(sv[0], &p[1], 1));
	close(sv[1]);
	close(sv[0]);
	close(p[1]);
	T("pipe sees EOF (in-flight fd released)", read(p[0], buf, 1));
	close(p[0]);
}

/*
 * Sockets that hold only each other: a pair whose one end sits in its own
 * queue with a pipe's write end.  Once every descriptor is closed and
 * another AF_UNIX socket closes, the collector frees them, and the pipe's
 * reader sees end of file.
 */
static void
collector(void)
{
	struct pollfd pfd;
	char buf[4];
	int sv[2], p[2], t;

	T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	T("pipe", pipe(p));
	T("send the pipe's write end", sendfds(sv[0], &p[1], 1));
	T("send the receiver over itself", sendfds(sv[0], &sv[1], 1));
	close(sv[0]);
	close(sv[1]);
	close(p[1]);
	t = socket(AF_UNIX, SOCK_DGRAM, 0);
	close(t);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	pfd.revents = 0;
	T("poll the pipe (collected)", poll(&pfd, 1, 10000));
	say("  revents=%#x", (unsigned)pfd.revents);
	T("read", read(p[0], buf, sizeof(buf)));
	close(p[0]);

	/* A listener passed, with a pipe's write end, into its own unaccepted connection. */
	{
		struct sockaddr_un sun;
		socklen_t len;
		int l, c, fds[2];

		l = socket(AF_UNIX, SOCK_STREAM, 0);
		len = absaddr(&sun, "gc");
		T("listen", bind(l, (struct sockaddr *)&sun, len) == 0 ? listen(l, 1) : -1);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		T("connect", connect(c, (struct sockaddr *)&sun, len));
		T("pipe", pipe(p));
		fds[0] = l;
		fds[1] = p[1];
		T("send the listener to its own connection", sendfds(c, fds, 2));
		close(l);
		close(p[1]);
		close(c);
		t = socket(AF_UNIX, SOCK_DGRAM, 0);
		close(t);
		pfd.fd = p[0];
		pfd.events = POLLIN;
		pfd.revents = 0;
		T("poll the pipe (collected)", poll(&pfd, 1, 10000));
		say("  revents=%#x", (unsigned)pfd.revents);
		close(p[0]);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		T("the listener's name is free again", connect(c, (struct sockaddr *)&sun, len));
		close(c);
	}
}

static void
credentials(void)
{
	char cbuf[128], data[8];
	struct msghdr mh;
	struct iovec iov = { data, sizeof(data) };
	struct cmsghdr *cm;
	struct ucred uc;
	int sv[2], on = 1;
	ssize_t r;

	T("socketpair dgram", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	T("SO_PASSCRED", setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)));
	T("send", send(sv[0], "c", 1, 0));
	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	r = recvmsg(sv[1], &mh, 0);
	T("recvmsg", r);
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		memcpy(&uc, CMSG_DATA(cm), sizeof(uc));
		say("  cmsg level=%d type=%d len=%zu pid=%s uid=%d gid=%d", cm->cmsg_level,
		    cm->cmsg_type, (size_t)cm->cmsg_len, uc.pid == getpid() ? "self" : "other",
		    (int)uc.uid, (int)uc.gid);
	}
	say("  controllen=%zu", (size_t)mh.msg_controllen);
	/* Claiming our own credentials explicitly. */
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(uc));
	iov.iov_len = 1;
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(uc));
	uc.pid = getpid();
	uc.uid = getuid();
	uc.gid = getgid();
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	T("sendmsg SCM_CREDENTIALS own", sendmsg(sv[0], &mh, 0));
	cm->cmsg_len = CMSG_LEN(sizeof(uc) - 1);
	T("sendmsg SCM_CREDENTIALS short", sendmsg(sv[0], &mh, 0));
	mh.msg_controllen = 0;
	mh.msg_control = NULL;
	iov.iov_len = sizeof(data);
	mh.msg_control = cbuf;
	mh.msg_controllen = 20;
	r = recvmsg(sv[1], &mh, 0);
	T("recvmsg room 20", r);
	say("  flags=%#x controllen=%zu", (unsigned)mh.msg_flags, (size_t)mh.msg_controllen);
	close(sv[0]);
	close(sv[1]);
}

static void
on_alarm(int sig)
{
	(void)sig;
}

/* Arm SIGALRM in ms milliseconds, its handler restarting calls or not. */
static void
alarm_in(int ms, int restart)
{
	struct itimerval it;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

/* Two processes: a stream's flow control, a blocking accept, interrupted waits. */
static void
blocking(void)
{
	static char chunk[3000];
	struct sockaddr_un sun;
	struct timeval tv;
	unsigned sum = 0, i;
	size_t total = 0;
	ssize_t n, w;
	char buf[4096];
	socklen_t len;
	int sv[2], s, c, a, st;
	pid_t pid;

	T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = fork();
	if (pid == 0) {
		close(sv[1]);
		for (i = 0; i < sizeof(chunk); i++)
			chunk[i] = (char)(i * 7);
		for (i = 0; i < 350; i++)
			for (w = 0; w < (ssize_t)sizeof(chunk); w += n)
				if ((n = write(sv[0], chunk + w, sizeof(chunk) - (size_t)w)) <= 0)
					_exit(1);
		_exit(0);
	}
	close(sv[0]);
	while ((n = read(sv[1], buf, sizeof(buf))) > 0) {
		for (i = 0; i < (unsigned)n; i++)
			sum = sum * 31 + (unsigned char)buf[i];
		total += (size_t)n;
	}
	waitpid(pid, &st, 0);
	say("bulk through a stream: %zu bytes sum=%08x child=%d", total, sum, st);
	close(sv[1]);

	s = socket(AF_UNIX, SOCK_STREAM, 0);
	len = absaddr(&sun, "late");
	T("listen", bind(s, (struct sockaddr *)&sun, len) == 0 ? listen(s, 1) : -1);
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&sun, len) < 0 || write(c, "late", 4) != 4)
			_exit(1);
		_exit(0);
	}
	a = accept(s, NULL, NULL);
	T("blocking accept", a >= 0);
	showrecv("  recv", a, 10, MSG_WAITALL);
	waitpid(pid, &st, 0);
	close(a);
	close(s);

	T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	alarm_in(100, 0);
	T("recv interrupted (no SA_RESTART)", recv(sv[0], buf, 10, 0));
	tv.tv_sec = 0;
	tv.tv_usec = 500000;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	alarm_in(100, 1);
	T("recv interrupted (SA_RESTART, SO_RCVTIMEO)", recv(sv[0], buf, 10, 0));
	tv.tv_usec = 0;
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	pid = fork();
	if (pid == 0) {
		usleep(300000);
		_exit(write(sv[1], "rest", 4) == 4 ? 0 : 1);
	}
	alarm_in(100, 1);
	showrecv("recv restarted (SA_RESTART)", sv[0], 10, 0);
	waitpid(pid, &st, 0);
	close(sv[0]);
	close(sv[1]);
	signal(SIGALRM, SIG_DFL);
}

static void
readiness(void)
{
	struct epoll_event ev, got;
	struct timeval tv;
	fd_set rfds;
	char buf[8];
	int sv[2], ep;

	T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = sv[1];
	T("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
	T("epoll_wait empty", epoll_wait(ep, &got, 1, 0));
	T("write", write(sv[0], "e", 1));
	T("epoll_wait", epoll_wait(ep, &got, 1, 1000));
	say("  events=%#x", got.events);
	FD_ZERO(&rfds);
	FD_SET(sv[1], &rfds);
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	T("select", select(sv[1] + 1, &rfds, NULL, NULL, &tv));
	T("read", read(sv[1], buf, sizeof(buf)));
	tv.tv_sec = 0;
	tv.tv_usec = 100000;
	T("SO_RCVTIMEO 0.1s", setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	T("recv times out", recv(sv[1], buf, sizeof(buf), 0));
	close(ep);
	close(sv[0]);
	close(sv[1]);

	/* A writer whose peer reads nothing: full, then SO_SNDTIMEO's EAGAIN. */
	{
		static char chunk[1000];
		ssize_t n;
		int v = 4096, calls = 0;

		T("socketpair", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
		setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
		tv.tv_sec = 0;
		tv.tv_usec = 200000;
		T("SO_SNDTIMEO 0.2s", setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
		showpoll("  poll before", sv[0], POLLOUT);
		errno = 0;
		while ((n = write(sv[0], chunk, sizeof(chunk))) > 0 && calls < 100000)
			calls++;
		say("  writes until full: some=%d then %s", calls > 0, n < 0 ? ename(errno) : "0");
		showpoll("  poll when full", sv[0], POLLOUT);
		T("  send MSG_DONTWAIT when full", send(sv[0], chunk, 10, MSG_DONTWAIT));
		T("  reader drains some", read(sv[1], chunk, sizeof(chunk)) > 0);
		close(sv[0]);
		close(sv[1]);
	}
}

int
main(void)
{
	struct sigaction sa;

	setvbuf(stdout, NULL, _IONBF, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	umask(022);
	snprintf(dir, sizeof(dir), "/tmp/sockconf.%08d", (int)getpid());	/* one length everywhere */
	if (mkdir(dir, 0755) < 0) {
		say("mkdir %s: %s", dir, ename(errno));
		return (1);
	}
	creating();
	descriptors();
	options();
	stream_pair();
	dgram_pair();
	paths();
	abstract();
	datagrams();
	rights();
	collector();
	credentials();
	readiness();
	blocking();
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/plain", dir);
		unlink(path);
		if (rmdir(dir) < 0)
			say("rmdir: %s", ename(errno));
	}
	say("done");
	return (0);
}
