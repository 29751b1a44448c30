/*
 * AF_UNIX under stress, in Sanpo only (tests/boot/test_sock_stress.py):
 * four processes for a few seconds each run random socket operations --
 * pairs of every type, listeners and connections on shared abstract names,
 * sends and receives that never wait, descriptors passed in SCM_RIGHTS
 * (sockets over themselves and over their listeners included), closes,
 * shutdowns, polls, bad pointers -- then exit.  The kernel must survive,
 * and once one more local socket closes (the collector runs) no socket and
 * no descriptor in flight may be left: the last lines print both counters.
 * Usage: sock_stress [seconds [seed]] (the seed is printed; the time by default).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "say.h"

#define WORKERS	4
#define NFD	48
#define NAMES	4

static int fds[NFD];
static uint64_t rnd_state;

static unsigned
rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return ((unsigned)(rnd_state >> 33) % n);
}

static int
anyfd(void)
{
	return (fds[rnd(NFD)]);
}

static void
keep(int fd)
{
	int i = (int)rnd(NFD);

	if (fd < 0)
		return;
	if (fds[i] >= 0)
		close(fds[i]);
	fds[i] = fd;
}

static socklen_t
name(struct sockaddr_un *sun)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	snprintf(sun->sun_path + 1, sizeof(sun->sun_path) - 1, "sanpo-stress-%u", rnd(NAMES));
	return ((socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(sun->sun_path + 1)));
}

static void
send_rights(int s)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 3)];
	struct iovec iov = { (void *)"r", 1 };
	struct msghdr mh;
	struct cmsghdr *cm;
	int n = 1 + (int)rnd(3), i, f[3];

	for (i = 0; i < n; i++)
		f[i] = rnd(4) == 0 ? s : anyfd();
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
	memcpy(CMSG_DATA(cm), f, sizeof(int) * (size_t)n);
	(void)sendmsg(s, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void
recv_rights(int s, int flags)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 8)], data[64];
	struct iovec iov = { data, sizeof(data) };
	struct msghdr mh;
	struct cmsghdr *cm;
	int i, n, f;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = rnd(3) == 0 ? CMSG_LEN(sizeof(int)) : sizeof(cbuf);
	if (recvmsg(s, &mh, flags | MSG_DONTWAIT) < 0)
		return;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		n = (int)((cm->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		for (i = 0; i < n; i++) {
			memcpy(&f, CMSG_DATA(cm) + sizeof(int) * (size_t)i, sizeof(int));
			if (rnd(2))
				keep(f);
			else
				close(f);
		}
	}
}

static void
one_op(void)
{
	static const int types[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET };
	struct sockaddr_un sun;
	struct pollfd pfd[4];
	static char buf[512];
	socklen_t len;
	int sv[2], s, i, v;

	switch (rnd(16)) {
	case 0:
		if (socketpair(AF_UNIX, types[rnd(3)] | SOCK_NONBLOCK, 0, sv) == 0) {
			keep(sv[0]);
			keep(sv[1]);
		}
		break;
	case 1:
		s = socket(AF_UNIX, types[rnd(3)] | SOCK_NONBLOCK, 0);
		len = name(&sun);
		if (bind(s, (struct sockaddr *)&sun, len) == 0)
			(void)listen(s, (int)rnd(4));
		keep(s);
		break;
	case 2:
		s = socket(AF_UNIX, types[rnd(3)] | SOCK_NONBLOCK, 0);
		len = name(&sun);
		(void)connect(s, (struct sockaddr *)&sun, len);
		keep(s);
		break;
	case 3:
		keep(accept4(anyfd(), NULL, NULL, SOCK_NONBLOCK));
		break;
	case 4:
		(void)send(anyfd(), buf, rnd(sizeof(buf)), MSG_DONTWAIT | MSG_NOSIGNAL);
		break;
	case 5:
		(void)recv(anyfd(), buf, rnd(sizeof(buf)), MSG_DONTWAIT | (rnd(2) ? MSG_PEEK : 0));
		break;
	case 6:
		send_rights(anyfd());
		break;
	case 7:
		recv_rights(anyfd(), rnd(4) == 0 ? MSG_PEEK : 0);
		break;
	case 8:
		i = (int)rnd(NFD);
		if (fds[i] >= 0)
			close(fds[i]);
		fds[i] = -1;
		break;
	case 9:
		(void)shutdown(anyfd(), (int)rnd(3));
		break;
	case 10:
		for (i = 0; i < 4; i++) {
			pfd[i].fd = anyfd();
			pfd[i].events = POLLIN | POLLOUT | POLLRDHUP;
		}
		(void)poll(pfd, 4, 0);
		break;
	case 11:
		keep(fcntl(anyfd(), F_DUPFD_CLOEXEC, 0));
		break;
	case 12:
		v = (int)rnd(100000);
		(void)setsockopt(anyfd(), SOL_SOCKET, rnd(2) ? SO_RCVBUF : SO_SNDBUF, &v, sizeof(v));
		v = 1;
		(void)setsockopt(anyfd(), SOL_SOCKET, SO_PASSCRED, &v, sizeof(v));
		break;
	case 13:
		len = name(&sun);
		(void)sendto(anyfd(), buf, rnd(64), MSG_DONTWAIT | MSG_NOSIGNAL,
		    (struct sockaddr *)&sun, len);
		break;
	case 14:
		/* Bad pointers: EFAULT, never a fault. */
		(void)send(anyfd(), (void *)(uintptr_t)(16 + rnd(4096)), 64,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		(void)recv(anyfd(), (void *)(uintptr_t)(16 + rnd(4096)), 64, MSG_DONTWAIT);
		len = 16;
		(void)getsockname(anyfd(), (void *)(uintptr_t)(16 + rnd(4096)), &len);
		break;
	default:
		s = anyfd();
		len = sizeof(sun);
		(void)getpeername(s, (struct sockaddr *)&sun, &len);
		(void)connect(s, (struct sockaddr *)&sun, len);
		break;
	}
}

static int
worker(int id, int secs, unsigned long seed, int report)
{
	struct timespec t0, t;
	long ops = 0;
	int i;

	rnd_state = (seed + (uint64_t)id) * 0x9e3779b97f4a7c15ULL + 1;
	for (i = 0; i < NFD; i++)
		fds[i] = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (i = 0; i < 200; i++, ops++)
			one_op();
		if (rnd(20) == 0)
			for (i = 0; i < NFD; i++)
				if (fds[i] >= 0 && rnd(2)) {
					close(fds[i]);
					fds[i] = -1;
				}
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < secs);
	/* The count goes to the parent: one console line in all, never interleaved. */
	return (write(report, &ops, sizeof(ops)) == sizeof(ops) ? 0 : 1);
}

static long
counter(const char *path)
{
	char buf[32];
	long v = -1;
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n > 0) {
			buf[n] = '\0';
			v = strtol(buf, NULL, 10);
		}
		close(fd);
	}
	return (v);
}

int
main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 5, i, st, ok = 0, rep[2];
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : (unsigned long)time(NULL);
	long ops, total = 0;
	pid_t pids[WORKERS];

	say("sock_stress: seed %lu (sock_stress %d %lu repeats the operations)", seed, secs, seed);
	if (pipe(rep) < 0)
		return (1);
	for (i = 0; i < WORKERS; i++)
		if ((pids[i] = fork()) == 0) {
			close(rep[0]);
			_exit(worker(i, secs, seed, rep[1]));
		}
	close(rep[1]);
	for (i = 0; i < WORKERS; i++)
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	while (read(rep[0], &ops, sizeof(ops)) == sizeof(ops))
		total += ops;
	close(rep[0]);
	say("sock_stress: %ld operations", total);
	/* One more local socket closing runs the collector over what the workers left. */
	close(socket(AF_UNIX, SOCK_DGRAM, 0));
	say("sock_stress: %d of %d workers ok; sockets left %ld, in flight %ld", ok, WORKERS,
	    counter("/proc/sys/kern/ipc/numopensockets"), counter("/proc/sys/net/local/inflight"));
	return (ok == WORKERS ? 0 : 1);
}
