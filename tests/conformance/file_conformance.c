/*
 * File system calls, one line per case: what Linux answers is what Sanpo
 * must answer.  Built once (static, musl), run on the Linux host and in
 * Sanpo as root, and the two outputs compared line for line
 * (tests/boot/test_file_conformance.py).  Errors print as errno names.
 *
 * Everything happens under a fresh directory in /tmp; nothing printed
 * depends on the host (no inode numbers, devices or times, directory
 * listings sorted; /proc and /dev files show only what Linux and Sanpo
 * must share).  No fork: these are the calls of one process.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/klog.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "conformance.h"

/* One case: "name: value" or "name: ERRNAME". */
static void
show(const char *name, long r)
{
	if (r < 0)
		printf("%s: %s\n", name, ename(errno));
	else
		printf("%s: %ld\n", name, r);
}

#define T(name, expr)	do { errno = 0; show(name, (long)(expr)); } while (0)

/* A raw system call, bypassing libc's checks (bad pointers reach the kernel). */
#define RAW(...)	syscall(__VA_ARGS__)

static const char *
ftype(mode_t m)
{
	return (S_ISREG(m) ? "reg" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "lnk" : S_ISFIFO(m) ?
	    "fifo" : S_ISCHR(m) ? "chr" : "other");
}

static void
show_stat(const char *name, int r, const struct stat *st)
{
	if (r < 0)
		printf("%s: %s\n", name, ename(errno));
	else if (S_ISDIR(st->st_mode))
		printf("%s: %s %04o\n", name, ftype(st->st_mode), (unsigned)(st->st_mode & 07777));
	else
		printf("%s: %s %04o nlink=%lu size=%lld\n", name, ftype(st->st_mode),
		    (unsigned)(st->st_mode & 07777), (unsigned long)st->st_nlink,
		    (long long)st->st_size);
}

static void
opens(void)
{
	char buf[64];
	int fd, fd2;

	T("open creat", fd = open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	T("write", write(fd, "hello world", 11));
	T("lseek set", lseek(fd, 6, SEEK_SET));
	T("read after seek", read(fd, buf, sizeof(buf)));
	T("read at eof", read(fd, buf, sizeof(buf)));
	T("lseek cur", lseek(fd, -5, SEEK_CUR));
	T("lseek end", lseek(fd, 4, SEEK_END));
	T("lseek negative", lseek(fd, -100, SEEK_SET));
	T("lseek bad whence", lseek(fd, 0, 99));
	T("write past end", write(fd, "!", 1));
	T("pread hole", pread(fd, buf, 8, 10));
	printf("hole bytes: %d %d %d %d\n", buf[0], buf[1], buf[2], buf[3]);
	T("pwrite", pwrite(fd, "HELLO", 5, 0));
	T("pread", pread(fd, buf, 5, 0));
	printf("pread data: %.5s\n", buf);
	T("pread negative", pread(fd, buf, 5, -1));
	T("close", close(fd));
	T("close again", close(fd));
	T("open excl exists", open("f", O_RDWR | O_CREAT | O_EXCL, 0644));
	T("open missing", open("nope", O_RDONLY));
	T("open missing dir", open("nodir/f", O_RDONLY | O_CREAT, 0644));
	T("open through file", open("f/x", O_RDONLY));
	T("open dir for writing", open(".", O_WRONLY));
	T("open dir creat", open(".", O_RDONLY | O_CREAT, 0644));
	T("open file as directory", open("f", O_RDONLY | O_DIRECTORY));
	T("open creat trailing slash", open("new/", O_RDWR | O_CREAT, 0644));
	T("open trunc", fd = open("f", O_RDWR | O_TRUNC));
	T("size after trunc", lseek(fd, 0, SEEK_END));
	close(fd);
	T("open append", fd = open("f", O_WRONLY | O_APPEND));
	T("append write", write(fd, "abc", 3));
	T("append position", lseek(fd, 0, SEEK_CUR));
	T("append after seek", (lseek(fd, 0, SEEK_SET), write(fd, "def", 3)));
	T("position after append", lseek(fd, 0, SEEK_CUR));
	T("getfl append", fcntl(fd, F_GETFL));
	T("read write-only", read(fd, buf, 1));
	close(fd);
	T("open read-only", fd = open("f", O_RDONLY));
	T("write read-only", write(fd, "x", 1));
	T("getfl rdonly", fcntl(fd, F_GETFL));
	T("ftruncate read-only", ftruncate(fd, 0));
	T("ioctl TCGETS on a file", ({ struct termios t; ioctl(fd, TCGETS, &t); }));
	T("FIONREAD on a file", ({ int n = -1; ioctl(fd, FIONREAD, &n) < 0 ? -1 : n; }));
	T("read EFAULT kernel half", RAW(SYS_read, fd, 0xffff800000000000UL, 4));
	T("read EFAULT unmapped", RAW(SYS_read, fd, 0x1000UL, 4));
	T("read EFAULT noncanonical", RAW(SYS_read, fd, 0x0000800000000000UL, 4));
	T("read zero bytes", read(fd, buf, 0));
	close(fd);
	T("open path", fd = open("f", O_PATH));
	T("read O_PATH", read(fd, buf, 1));
	T("fstat O_PATH", ({ struct stat st; fstat(fd, &st) < 0 ? -1 : (long)st.st_size; }));
	close(fd);
	T("open EFAULT path", RAW(SYS_open, 0xffff800000000000UL, O_RDONLY));
	T("open bad accmode", RAW(SYS_open, "f", 3 | O_CREAT, 0644) >= 0 ? 0 : -1);
	T("creat", fd = creat("c", 0600));
	T("getfl creat", fcntl(fd, F_GETFL));
	close(fd);
	fd2 = open("c", O_RDONLY);
	T("fd reuse lowest", fd2 == fd ? 0 : fd2);
	close(fd2);
}

static void
names(void)
{
	char lname[300], path[5000];
	struct stat st;
	int i;

	T("mkdir", mkdir("d", 0755));
	T("mkdir exists", mkdir("d", 0755));
	T("mkdir on file", mkdir("f", 0755));
	T("mkdir missing parent", mkdir("x/y", 0755));
	T("mkdir trailing slash", mkdir("d2/", 0700));
	T("rmdir", rmdir("d2"));
	T("rmdir missing", rmdir("d2"));
	T("rmdir file", rmdir("f"));
	T("rmdir dot", rmdir("d/."));
	T("rmdir dotdot", rmdir("d/.."));
	T("create in d", close(open("d/g", O_CREAT | O_WRONLY, 0600)));
	T("rmdir not empty", rmdir("d"));
	T("unlink dir", unlink("d"));
	T("unlink file trailing slash", unlink("d/g/"));
	T("link", link("d/g", "d/h"));
	T("link exists", link("d/g", "d/h"));
	T("link dir", link("d", "d3"));
	T("link missing", link("d/missing", "d/x"));
	show_stat("stat linked", stat("d/h", &st), &st);
	T("unlink", unlink("d/g"));
	show_stat("stat after unlink", stat("d/h", &st), &st);
	T("symlink", symlink("h", "d/s"));
	T("symlink exists", symlink("h", "d/s"));
	T("symlink empty target", symlink("", "d/e"));
	show_stat("stat symlink", stat("d/s", &st), &st);
	show_stat("lstat symlink", lstat("d/s", &st), &st);
	T("readlink", readlink("d/s", lname, sizeof(lname)));
	T("readlink short buffer", readlink("d/s", lname, 0) < 0 ? -1 : 99);
	T("readlink truncated", readlink("d/s", lname, 1));
	T("readlink not a link", readlink("d/h", lname, sizeof(lname)));
	T("symlink loop", (symlink("loop2", "loop1"), symlink("loop1", "loop2"),
	    open("loop1", O_RDONLY)));
	T("open nofollow", open("d/s", O_RDONLY | O_NOFOLLOW));
	T("open nofollow path", close(open("d/s", O_PATH | O_NOFOLLOW)));
	T("dangling create", (symlink("target", "dangle"), close(open("dangle",
	    O_CREAT | O_WRONLY, 0644))));
	T("dangling now resolves", stat("target", &st));
	T("excl on symlink", open("dangle", O_CREAT | O_EXCL | O_WRONLY, 0644));
	/* 40 links followed is fine; 41 is ELOOP. */
	for (i = 0; i < 41; i++) {
		char from[16], to[16];

		snprintf(from, sizeof(from), "l%d", i);
		snprintf(to, sizeof(to), i == 40 ? "f" : "l%d", i + 1);
		symlink(to, from);
	}
	T("40 links", stat("l1", &st));
	T("41 links", stat("l0", &st));
	memset(lname, 'n', 255);
	lname[255] = '\0';
	T("name 255", close(open(lname, O_CREAT | O_WRONLY, 0644)));
	lname[255] = 'n';
	lname[256] = '\0';
	T("name 256", open(lname, O_CREAT | O_WRONLY, 0644));
	memset(path, 0, sizeof(path));
	for (i = 0; i + 2 < 4095; i += 2)
		memcpy(path + i, "d/", 2);
	path[4094] = 'x';
	T("path 4095", stat(path, &st));
	path[4095] = 'x';
	T("path 4096", stat(path, &st));
	T("access F_OK", access("f", F_OK));
	T("access X_OK no x bit", access("f", X_OK));
	T("access missing", access("nope", F_OK));
	T("access bad mode", access("f", 0x40));
	T("faccessat", faccessat(AT_FDCWD, "d", R_OK | X_OK, 0));
	T("umask", umask(077));
	T("umask back", umask(022));
	T("mkdir under umask", (umask(077), mkdir("um", 0777)));
	umask(022);
	show_stat("stat umask dir", stat("um", &st), &st);
	T("truncate", truncate("f", 3));
	show_stat("stat truncated", stat("f", &st), &st);
	T("truncate dir", truncate("d", 3));
	T("truncate negative", truncate("f", -1));
	T("chmod", chmod("f", 0600));
	show_stat("stat chmod", stat("f", &st), &st);
	T("mknod fifo", mknod("fifo", S_IFIFO | 0640, 0));
	T("rename", rename("f", "f2"));
	T("rename back", rename("f2", "f"));
	T("rename missing", rename("nope", "x"));
	T("rename dir over file", rename("um", "f"));
	T("rename file over dir", rename("f", "um"));
	T("rename dir into itself", rename("d", "d/inside"));
	T("rename dot", rename(".", "x"));
	T("renameat2 noreplace", RAW(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "um", 1));
	T("renameat2 bad flags", RAW(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "zz", 0x80));
	T("rename to another file system", rename("f", "/proc/xdev"));
	T("link to another file system", link("f", "/dev/xdev"));
	show_stat("stat fifo", lstat("fifo", &st), &st);
}

static void
at_calls(void)
{
	struct stat st;
	int dfd, fd;

	T("open dir", dfd = open("d", O_RDONLY | O_DIRECTORY));
	T("openat", fd = openat(dfd, "h", O_RDONLY));
	close(fd);
	T("openat absolute ignores fd", close(openat(12345, "/", O_RDONLY)));
	T("openat bad fd", openat(12345, "h", O_RDONLY));
	T("openat file fd", openat(0 + open("f", O_RDONLY), "x", O_RDONLY));
	show_stat("fstatat", fstatat(dfd, "h", &st, 0), &st);
	show_stat("fstatat nofollow", fstatat(dfd, "s", &st, AT_SYMLINK_NOFOLLOW), &st);
	show_stat("fstatat empty path", fstatat(dfd, "", &st, AT_EMPTY_PATH), &st);
	T("fstatat empty no flag", fstatat(dfd, "", &st, 0));
	T("fstatat bad flag", fstatat(dfd, "h", &st, 0x8000000));
	T("mkdirat", mkdirat(dfd, "sub", 0700));
	T("unlinkat dir no flag", unlinkat(dfd, "sub", 0));
	T("unlinkat dir", unlinkat(dfd, "sub", AT_REMOVEDIR));
	T("symlinkat", symlinkat("h", dfd, "s2"));
	T("readlinkat", ({ char b[16]; readlinkat(dfd, "s2", b, sizeof(b)); }));
	T("linkat follow", linkat(dfd, "s2", dfd, "h2", AT_SYMLINK_FOLLOW));
	show_stat("linked through symlink", fstatat(dfd, "h2", &st, AT_SYMLINK_NOFOLLOW), &st);
	T("fchdir", fchdir(dfd));
	T("stat after fchdir", stat("h", &st));
	T("chdir ..", chdir(".."));
	close(dfd);
}

static int
cmpstr(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
directories(void)
{
	char buf[4096], cwd[4096], *names[64];
	int fd, n, i, count = 0;
	struct stat st;
	long r;

	T("getdents64", fd = open("d", O_RDONLY | O_DIRECTORY));
	while ((r = RAW(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (n = 0; n < r; ) {
			struct { uint64_t ino; int64_t off; uint16_t reclen; uint8_t type;
			    char name[]; } *d = (void *)(buf + n);

			if (count < 64) {
				names[count] = malloc(300);
				snprintf(names[count++], 300, "%s:%d", d->name, d->type);
			}
			n += d->reclen;
		}
	}
	show("getdents64 end", r);
	qsort(names, (size_t)count, sizeof(names[0]), cmpstr);
	printf("entries:");
	for (i = 0; i < count; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
	T("getdents64 tiny buffer", (lseek(fd, 0, SEEK_SET), RAW(SYS_getdents64, fd, buf, 8)));
	T("getdents64 EFAULT", RAW(SYS_getdents64, fd, 0xffff800000000000UL, 4096));
	T("getdents64 not a dir", RAW(SYS_getdents64, open("f", O_RDONLY), buf, sizeof(buf)));
	T("getdents64 bad fd", RAW(SYS_getdents64, 9999, buf, sizeof(buf)));
	close(fd);
	T("chdir", chdir("d"));
	T("getcwd length", RAW(SYS_getcwd, cwd, sizeof(cwd)) > 0 ? (long)strlen(strrchr(cwd,
	    '/')) : -1);
	printf("getcwd tail: %s\n", strrchr(cwd, '/'));
	T("getcwd ERANGE", RAW(SYS_getcwd, cwd, 2));
	T("getcwd EFAULT", RAW(SYS_getcwd, 0xffff800000000000UL, 4096));
	T("chdir file", chdir("h"));
	T("chdir missing", chdir("missing"));
	T("mkdir doomed", mkdir("doomed", 0755));
	T("chdir doomed", chdir("doomed"));
	T("rmdir cwd", rmdir("../doomed"));
	T("getcwd removed", RAW(SYS_getcwd, cwd, sizeof(cwd)));
	T("create in removed cwd", open("x", O_CREAT | O_WRONLY, 0644));
	T("getdents64 removed dir", RAW(SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), cwd,
	    sizeof(cwd)));
	T("stat .. of removed", stat("..", &st));
	T("chdir back", chdir("../.."));
}

static void
descriptors(void)
{
	int fd, fd2;

	T("open", fd = open("f", O_RDONLY));
	T("dup", fd2 = dup(fd));
	T("dup bad", dup(9999));
	T("dup2", dup2(fd, 20));
	T("dup2 same", dup2(fd, fd));
	T("dup2 same bad", dup2(9999, 9999));
	T("dup2 bad target", dup2(fd, -1));
	T("dup2 over limit", dup2(fd, 1 << 20));
	T("dup3", dup3(fd, 21, O_CLOEXEC));
	T("dup3 same", dup3(fd, fd, 0));
	T("dup3 bad flags", dup3(fd, 22, O_NONBLOCK));
	T("getfd cloexec", fcntl(21, F_GETFD));
	T("getfd plain", fcntl(20, F_GETFD));
	T("setfd", fcntl(20, F_SETFD, FD_CLOEXEC));
	T("getfd after set", fcntl(20, F_GETFD));
	T("F_DUPFD min", fcntl(fd, F_DUPFD, 30));
	T("F_DUPFD_CLOEXEC", fcntl(fd, F_DUPFD_CLOEXEC, 40));
	T("getfd dupfd cloexec", fcntl(40, F_GETFD));
	T("F_DUPFD over limit", fcntl(fd, F_DUPFD, 1 << 20));
	T("setfl nonblock", fcntl(fd, F_SETFL, O_NONBLOCK | O_RDWR));
	T("getfl after setfl", fcntl(fd, F_GETFL));
	T("getfl shared by dup", fcntl(fd2, F_GETFL));
	T("fcntl bad cmd", fcntl(fd, 9999));
	T("fcntl bad fd", fcntl(9999, F_GETFD));
	T("close dup", close(fd2));
	T("close 20", close(20));
	T("close 21", close(21));
	T("close 30", close(30));
	T("close 40", close(40));
	T("close -1", close(-1));
	T("close", close(fd));
}

/* preadv, pwritev and their "2" forms: at an offset, or at the file offset with -1 and flags. */
static void
positioned_vectors(void)
{
	char a[4], b[8];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd, p[2];

	T("open", fd = open("pv", O_RDWR | O_CREAT | O_TRUNC, 0644));
	memcpy(a, "ABCD", 4);
	memcpy(b, "efghijkl", 8);
	T("pwritev at 4", RAW(SYS_pwritev, fd, iov, 2, 4L, 0L));
	T("offset kept", lseek(fd, 0, SEEK_CUR));
	T("size", lseek(fd, 0, SEEK_END));
	memset(a, 0, 4);
	memset(b, 0, 8);
	T("preadv at 6", RAW(SYS_preadv, fd, iov, 2, 6L, 0L));
	printf("preadv data: %.4s %.6s\n", a, b);
	T("preadv at end", RAW(SYS_preadv, fd, iov, 2, 16L, 0L));
	T("preadv past end", RAW(SYS_preadv, fd, iov, 2, 100L, 0L));
	T("preadv negative", RAW(SYS_preadv, fd, iov, 2, -1L, 0L));
	T("preadv bad fd", RAW(SYS_preadv, 9999, iov, 2, 0L, 0L));
	T("preadv count -1", RAW(SYS_preadv, fd, iov, -1, 0L, 0L));
	T("preadv EFAULT", RAW(SYS_preadv, fd, 0xffff800000000000UL, 2, 0L, 0L));
	T("lseek 2", lseek(fd, 2, SEEK_SET));
	T("preadv2 at the offset", RAW(SYS_preadv2, fd, iov, 1, -1L, 0L, 0));
	printf("preadv2 data: %d %d %c %c\n", a[0], a[1], a[2], a[3]);
	T("offset moved", lseek(fd, 0, SEEK_CUR));
	T("preadv2 at 0", RAW(SYS_preadv2, fd, iov, 1, 0L, 0L, 0));
	T("offset not moved", lseek(fd, 0, SEEK_CUR));
	T("preadv2 -2", RAW(SYS_preadv2, fd, iov, 1, -2L, 0L, 0));
	T("preadv2 hipri", RAW(SYS_preadv2, fd, iov, 1, 0L, 0L, 1));
	T("preadv2 bad flags", RAW(SYS_preadv2, fd, iov, 1, 0L, 0L, 0x40000000));
	T("pwritev2 append", RAW(SYS_pwritev2, fd, iov, 1, 0L, 0L, 0x10));
	T("size after append", lseek(fd, 0, SEEK_END));
	T("pwritev2 dsync", RAW(SYS_pwritev2, fd, iov, 1, 0L, 0L, 2));
	T("pwritev2 at the offset", (lseek(fd, 1, SEEK_SET), RAW(SYS_pwritev2, fd, iov, 1, -1L,
	    0L, 0)));
	T("offset after", lseek(fd, 0, SEEK_CUR));
	close(fd);
	T("open read-only", fd = open("pv", O_RDONLY));
	T("pwritev read-only", RAW(SYS_pwritev, fd, iov, 1, 0L, 0L));
	close(fd);
	T("pipe", pipe(p));
	T("pwritev pipe", RAW(SYS_pwritev, p[1], iov, 1, 0L, 0L));
	T("pwritev2 pipe at the offset", RAW(SYS_pwritev2, p[1], iov, 1, -1L, 0L, 0));
	T("preadv pipe", RAW(SYS_preadv, p[0], iov, 1, 0L, 0L));
	T("preadv2 pipe at the offset", RAW(SYS_preadv2, p[0], iov, 1, -1L, 0L, 0));
	close(p[0]);
	close(p[1]);
}

static void
vectors(void)
{
	char a[4], b[8], c[16];
	struct iovec iov[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	struct iovec big[1025];
	int fd;

	T("open", fd = open("v", O_RDWR | O_CREAT | O_TRUNC, 0644));
	memcpy(a, "abcd", 4);
	memcpy(b, "efghijkl", 8);
	memcpy(c, "mnopqrstuvwxyz01", 16);
	T("writev", writev(fd, iov, 3));
	T("lseek", lseek(fd, 0, SEEK_SET));
	memset(a, 0, 4);
	memset(b, 0, 8);
	memset(c, 0, 16);
	iov[2].iov_len = 5;
	T("readv", readv(fd, iov, 3));
	printf("readv data: %.4s %.8s %.5s\n", a, b, c);
	T("readv count -1", readv(fd, iov, -1));
	T("readv count 1025", readv(fd, big, 1025));
	T("readv zero", readv(fd, iov, 0));
	iov[1].iov_base = (void *)0xffff800000000000UL;
	T("writev EFAULT second", (lseek(fd, 0, SEEK_END), writev(fd, iov, 2)));
	T("size after partial writev", lseek(fd, 0, SEEK_END));
	close(fd);
	positioned_vectors();
}

static void
pipes(void)
{
	struct pollfd pfd[2];
	char buf[8];
	int p[2];

	signal(SIGPIPE, SIG_IGN);
	T("pipe2", pipe2(p, O_CLOEXEC | O_NONBLOCK));
	T("getfd pipe cloexec", fcntl(p[0], F_GETFD));
	T("getfl read end", fcntl(p[0], F_GETFL));
	T("getfl write end", fcntl(p[1], F_GETFL));
	T("read empty nonblock", read(p[0], buf, sizeof(buf)));
	pfd[0].fd = p[0];
	pfd[0].events = POLLIN;
	pfd[1].fd = p[1];
	pfd[1].events = POLLOUT;
	T("poll empty", poll(pfd, 2, 0));
	printf("revents: %d %d\n", pfd[0].revents, pfd[1].revents);
	T("write", write(p[1], "pipe!", 5));
	T("poll data", poll(pfd, 1, 0));
	printf("revents: %d\n", pfd[0].revents);
	T("FIONREAD pipe", ({ int n = -1; ioctl(p[0], FIONREAD, &n) < 0 ? -1 : n; }));
	T("read", read(p[0], buf, 3));
	T("read rest", read(p[0], buf, sizeof(buf)));
	T("lseek pipe", lseek(p[0], 0, SEEK_SET));
	T("pread pipe", pread(p[0], buf, 1, 0));
	T("write to read end", write(p[0], "x", 1));
	T("read from write end", read(p[1], buf, 1));
	T("fstat pipe", ({ struct stat st; fstat(p[0], &st) < 0 ? -1 : (long)(st.st_mode &
	    (S_IFMT | 0777)); }));
	T("close write end", close(p[1]));
	T("read eof", read(p[0], buf, sizeof(buf)));
	T("poll hup", poll(pfd, 1, 0));
	printf("revents: %d\n", pfd[0].revents);
	T("close read end", close(p[0]));
	T("pipe", pipe(p));
	T("close read", close(p[0]));
	T("write no reader", write(p[1], "x", 1));
	pfd[0].fd = p[1];
	pfd[0].events = POLLOUT;
	T("poll no reader", poll(pfd, 1, 0));
	printf("revents: %d\n", pfd[0].revents);
	close(p[1]);
	T("pipe2 bad flags", pipe2(p, O_RDWR));
	T("pipe EFAULT", RAW(SYS_pipe, 0xffff800000000000UL));
	pfd[0].fd = 9999;
	pfd[0].events = POLLIN;
	T("poll bad fd", poll(pfd, 1, 0));
	printf("revents: %d\n", pfd[0].revents);
	pfd[0].fd = -1;
	T("poll negative fd", poll(pfd, 1, 0));
	printf("revents: %d\n", pfd[0].revents);
	T("poll timeout", poll(NULL, 0, 30));
	T("poll EFAULT", RAW(SYS_poll, 0xffff800000000000UL, 1, 0));
}

static volatile sig_atomic_t got_pipe;

static void
on_pipe(int sig)
{
	(void)sig;
	got_pipe++;
}

/*
 * PIPE_BUF atomicity without a second process: a non-blocking write of up
 * to PIPE_BUF bytes goes in whole or not at all (EAGAIN); SIGPIPE comes
 * with EPIPE when nobody reads.
 */
static void
pipe_atomicity(void)
{
	static char big[PIPE_BUF * 2];
	long total = 0, n;
	int p[2];

	T("pipe2 nonblock", pipe2(p, O_NONBLOCK));
	while ((n = write(p[1], big, sizeof(big))) > 0)
		total += n;
	printf("capacity at least PIPE_BUF: %d\n", total >= PIPE_BUF);
	T("write when full", write(p[1], big, 1));
	T("read a little", read(p[0], big, 100));
	T("PIPE_BUF write without room for it", write(p[1], big, PIPE_BUF));
	while (read(p[0], big, sizeof(big)) > 0)
		;
	T("PIPE_BUF write into an empty pipe", write(p[1], big, PIPE_BUF));
	T("read it whole", read(p[0], big, sizeof(big)));
	close(p[0]);
	signal(SIGPIPE, on_pipe);
	got_pipe = 0;
	T("write, no reader", write(p[1], "x", 1));
	printf("SIGPIPE handled: %d\n", got_pipe);
	signal(SIGPIPE, SIG_IGN);
	close(p[1]);
}

/* A file's access and modification times, as set (no "now" in them: the clocks differ). */
static void
show_times(const char *name, const char *path, int flag)
{
	struct stat st;

	if (fstatat(AT_FDCWD, path, &st, flag) < 0)
		printf("%s: %s\n", name, ename(errno));
	else
		printf("%s: atime=%lld.%09ld mtime=%lld.%09ld\n", name, (long long)st.st_atim.tv_sec,
		    st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

/* Which of the times are "now" (at or after t0), and whether mtime is still `kept`. */
static void
show_now(const char *name, const char *path, const struct timespec *t0, time_t kept)
{
	struct stat st;

	if (stat(path, &st) < 0)
		printf("%s: %s\n", name, ename(errno));
	else
		printf("%s: atime now %d, mtime now %d, mtime kept %d, ctime now %d\n", name,
		    st.st_atime >= t0->tv_sec, st.st_mtime >= t0->tv_sec, st.st_mtime == kept,
		    st.st_ctime >= t0->tv_sec);
}

static void
times(void)
{
	struct timespec ts[2], t0;
	struct timeval tv[2];
	struct utimbuf ub;
	int fd, pfd;

	close(open("tf", O_CREAT | O_WRONLY, 0644));
	clock_gettime(CLOCK_REALTIME, &t0);
	t0.tv_sec -= 1;		/* the file system's clock may lag a tick behind */
	ts[0] = (struct timespec){ 1000000000, 123456789 };
	ts[1] = (struct timespec){ 1234567890, 500000000 };
	T("utimensat", utimensat(AT_FDCWD, "tf", ts, 0));
	show_times("times set", "tf", 0);
	show_now("ctime after utimensat", "tf", &t0, 1234567890);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = (struct timespec){ 2000000000, 0 };
	T("utimensat omit atime", utimensat(AT_FDCWD, "tf", ts, 0));
	show_times("atime omitted", "tf", 0);
	ts[0].tv_nsec = UTIME_NOW;
	ts[1].tv_nsec = UTIME_OMIT;
	T("utimensat now atime", utimensat(AT_FDCWD, "tf", ts, 0));
	show_now("atime now", "tf", &t0, 2000000000);
	T("utimensat null", utimensat(AT_FDCWD, "tf", NULL, 0));
	show_now("both now", "tf", &t0, 2000000000);
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
	T("utimensat both omitted, missing file", utimensat(AT_FDCWD, "missing", ts, 0));
	ts[0] = (struct timespec){ 1, 1000000000 };
	ts[1] = (struct timespec){ 1, 0 };
	T("utimensat nsec 1e9", utimensat(AT_FDCWD, "tf", ts, 0));
	T("utimensat nsec 1e9, missing file", utimensat(AT_FDCWD, "missing", ts, 0));
	ts[0].tv_nsec = -1;
	T("utimensat nsec -1", utimensat(AT_FDCWD, "tf", ts, 0));
	T("utimensat missing", utimensat(AT_FDCWD, "missing", NULL, 0));
	T("utimensat bad flags", utimensat(AT_FDCWD, "tf", NULL, 0x8000));
	T("utimensat empty path", utimensat(AT_FDCWD, "", NULL, 0));
	T("utimensat EFAULT path", RAW(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
	T("utimensat EFAULT times", RAW(SYS_utimensat, AT_FDCWD, "tf", 0xffff800000000000UL, 0));
	ts[0] = (struct timespec){ 300, 0 };
	ts[1] = (struct timespec){ 400, 0 };
	symlink("tf", "tl");
	T("utimensat nofollow", utimensat(AT_FDCWD, "tl", ts, AT_SYMLINK_NOFOLLOW));
	show_times("link's times", "tl", AT_SYMLINK_NOFOLLOW);
	show_now("target untouched", "tf", &t0, 400);
	T("utimensat follow", utimensat(AT_FDCWD, "tl", ts, 0));
	show_times("target's times", "tf", 0);
	T("utimensat dir", utimensat(AT_FDCWD, "d", ts, 0));
	show_times("dir's times", "d", 0);
	T("open for futimens", fd = open("tf", O_RDONLY));
	ts[1].tv_sec = 500;
	T("futimens", futimens(fd, ts));
	show_times("futimens times", "tf", 0);
	T("futimens flags", RAW(SYS_utimensat, fd, NULL, NULL, AT_SYMLINK_NOFOLLOW));
	T("futimens bad fd", RAW(SYS_utimensat, 12345, NULL, NULL, 0));
	T("open O_PATH", pfd = open("tf", O_PATH));
	T("futimens O_PATH", RAW(SYS_utimensat, pfd, NULL, ts, 0));
	ts[1].tv_sec = 600;
	T("utimensat AT_EMPTY_PATH", RAW(SYS_utimensat, pfd, "", ts, AT_EMPTY_PATH));
	show_times("empty path times", "tf", 0);
	T("utimensat relative to file fd", RAW(SYS_utimensat, fd, "x", ts, 0));
	close(pfd);
	close(fd);
	ub = (struct utimbuf){ 5000, 6000 };
	T("utime", RAW(SYS_utime, "tf", &ub));
	show_times("utime times", "tf", 0);
	T("utime null", RAW(SYS_utime, "tf", NULL));
	show_now("utime null", "tf", &t0, 6000);
	tv[0] = (struct timeval){ 7000, 1 };
	tv[1] = (struct timeval){ 8000, 999999 };
	T("utimes", RAW(SYS_utimes, "tf", tv));
	show_times("utimes times", "tf", 0);
	tv[1].tv_usec = 1000000;
	T("utimes usec 1e6", RAW(SYS_utimes, "tf", tv));
	tv[1].tv_usec = UTIME_NOW;
	T("utimes UTIME_NOW", RAW(SYS_utimes, "tf", tv));
	tv[1].tv_usec = 2;
	T("futimesat", RAW(SYS_futimesat, AT_FDCWD, "tf", tv));
	show_times("futimesat times", "tf", 0);
	T("futimesat missing", RAW(SYS_futimesat, AT_FDCWD, "missing", tv));
}

/* statx(2): musl 1.2.3's headers have neither the call nor the structure (linux/stat.h). */
struct sx_ts {
	int64_t		tv_sec;
	uint32_t	tv_nsec;
	int32_t		reserved;
};

struct sx {
	uint32_t	mask, blksize;
	uint64_t	attributes;
	uint32_t	nlink, uid, gid;
	uint16_t	mode, spare0;
	uint64_t	ino, size, blocks, attributes_mask;
	struct sx_ts	atime, btime, ctime, mtime;
	uint32_t	rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t	spare[14];
};

#define SX_BASIC	0x7ffU

/* The statx answer next to stat's: the same file, the same facts. */
static void
show_statx(const char *name, int dirfd, const char *path, int flags)
{
	struct stat st;
	struct sx x;
	long r;

	memset(&x, 0xa5, sizeof(x));
	errno = 0;
	r = RAW(SYS_statx, dirfd, path, flags, SX_BASIC, &x);
	if (r < 0) {
		printf("%s: %s\n", name, ename(errno));
		return;
	}
	if (fstatat(dirfd, path, &st, flags & (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) < 0) {
		printf("%s: stat %s\n", name, ename(errno));
		return;
	}
	printf("%s: %s %04o basic %d, as stat: ino %d nlink %d size %d ids %d dev %d rdev %d "
	    "times %d blocks %d\n", name, ftype(x.mode), x.mode & 07777,
	    (x.mask & SX_BASIC) == SX_BASIC, x.ino == st.st_ino, x.nlink == st.st_nlink,
	    (off_t)x.size == st.st_size, x.uid == st.st_uid && x.gid == st.st_gid,
	    makedev(x.dev_major, x.dev_minor) == st.st_dev,
	    makedev(x.rdev_major, x.rdev_minor) == st.st_rdev,
	    x.mtime.tv_sec == st.st_mtim.tv_sec && x.mtime.tv_nsec == st.st_mtim.tv_nsec &&
	    x.atime.tv_sec == st.st_atim.tv_sec && x.ctime.tv_sec == st.st_ctim.tv_sec,
	    (blkcnt_t)x.blocks == st.st_blocks);
}

static void
statxs(void)
{
	struct sx x;
	int fd;

	show_statx("statx file", AT_FDCWD, "f", 0);
	show_statx("statx dir", AT_FDCWD, "d", 0);
	show_statx("statx symlink", AT_FDCWD, "d/s", 0);
	show_statx("statx symlink nofollow", AT_FDCWD, "d/s", AT_SYMLINK_NOFOLLOW);
	show_statx("statx device", AT_FDCWD, "/dev/null", 0);
	show_statx("statx relative to dirfd", fd = open("d", O_RDONLY | O_DIRECTORY), "h", 0);
	show_statx("statx empty path", fd, "", AT_EMPTY_PATH);
	show_statx("statx empty path without flag", fd, "", 0);
	close(fd);
	show_statx("statx missing", AT_FDCWD, "nope", 0);
	show_statx("statx dont sync", AT_FDCWD, "f", 0x4000);
	T("statx both sync flags", RAW(SYS_statx, AT_FDCWD, "f", 0x6000, SX_BASIC, &x));
	T("statx bad flags", RAW(SYS_statx, AT_FDCWD, "f", 0x10000000, SX_BASIC, &x));
	T("statx reserved mask", RAW(SYS_statx, AT_FDCWD, "f", 0, 0x80000000U, &x));
	T("statx EFAULT buffer", RAW(SYS_statx, AT_FDCWD, "f", 0, SX_BASIC, 0xffff800000000000UL));
	T("statx EFAULT path", RAW(SYS_statx, AT_FDCWD, 0xffff800000000000UL, 0, SX_BASIC, &x));
}

static volatile sig_atomic_t got_usr1;

static void
on_usr1(int sig)
{
	(void)sig;
	got_usr1++;
}

/* select, pselect6 and ppoll: readiness, timeouts and what is left of them, masks. */
static void
waits(void)
{
	struct { const sigset_t *ss; size_t len; } pack;
	struct timespec ts;
	struct timeval tv;
	struct pollfd pfd;
	sigset_t none, usr1, now;
	fd_set r, w, x;
	int p[2];

	T("pipe", pipe(p));
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv = (struct timeval){ 0, 0 };
	T("select writable", select(p[1] + 1, &r, &w, NULL, &tv));
	printf("sets: r=%d w=%d\n", FD_ISSET(p[0], &r) != 0, FD_ISSET(p[1], &w) != 0);
	write(p[1], "x", 1);
	FD_SET(p[0], &r);
	FD_SET(p[1], &r);
	FD_SET(p[1], &w);
	FD_ZERO(&x);
	FD_SET(p[0], &x);
	T("select readable", select(p[1] + 1, &r, &w, &x, &tv));
	printf("sets: r=%d,%d w=%d x=%d\n", FD_ISSET(p[0], &r) != 0, FD_ISSET(p[1], &r) != 0,
	    FD_ISSET(p[1], &w) != 0, FD_ISSET(p[0], &x) != 0);
	/* Raw calls: musl's select passes the kernel a copy of the timeout. */
	tv = (struct timeval){ 0, 20000 };
	T("select timeout", RAW(SYS_select, 0, NULL, NULL, NULL, &tv));
	printf("time left: %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	FD_ZERO(&r);
	FD_SET(60, &r);
	tv = (struct timeval){ 0, 0 };
	T("select closed fd", select(61, &r, NULL, NULL, &tv));
	T("select negative nfds", select(-1, NULL, NULL, NULL, &tv));
	tv = (struct timeval){ 0, -1 };
	T("select negative usec", RAW(SYS_select, 0, NULL, NULL, NULL, &tv));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	tv = (struct timeval){ 0, 1500000 };
	T("select usec over a second", RAW(SYS_select, p[0] + 1, &r, NULL, NULL, &tv));
	printf("whole seconds left: %lld\n", (long long)tv.tv_sec);
	tv = (struct timeval){ 0, 0 };
	T("select EFAULT set", RAW(SYS_select, 1, 0xffff800000000000UL, NULL, NULL, &tv));
	T("select EFAULT timeout", RAW(SYS_select, 0, NULL, NULL, NULL, 0xffff800000000000UL));
	ts = (struct timespec){ 0, 0 };
	sigemptyset(&none);
	T("pselect", pselect(p[0] + 1, &r, NULL, NULL, &ts, &none));
	pack.ss = &none;
	pack.len = 4;
	T("pselect6 bad sigset size", RAW(SYS_pselect6, p[0] + 1, &r, NULL, NULL, &ts, &pack));
	ts = (struct timespec){ 0, 1000000000 };
	T("pselect bad timespec", pselect(p[0] + 1, &r, NULL, NULL, &ts, NULL));
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	ts = (struct timespec){ 0, 0 };
	T("ppoll", ppoll(&pfd, 1, &ts, NULL));
	T("ppoll bad timespec", ppoll(&pfd, 1, &(struct timespec){ -1, 0 }, NULL));
	T("ppoll bad sigset size", RAW(SYS_ppoll, &pfd, 1, &ts, &none, 4));
	read(p[0], &ts, 1);
	ts = (struct timespec){ 0, 10000000 };
	T("ppoll timeout", RAW(SYS_ppoll, &pfd, 1, &ts, NULL, 8));
	printf("time left: %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	/* A signal blocked outside the wait and let in by its mask: EINTR, handled, mask back. */
	signal(SIGUSR1, on_usr1);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	T("ppoll blocked signal pending", ppoll(&pfd, 1, &(struct timespec){ 0, 0 }, &usr1));
	T("ppoll lets the signal in", ppoll(&pfd, 1, NULL, &none));
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("handled %d, blocked again %d\n", got_usr1, sigismember(&now, SIGUSR1));
	raise(SIGUSR1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	T("pselect lets the signal in", pselect(p[0] + 1, &r, NULL, NULL, NULL, &none));
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("handled %d, blocked again %d\n", got_usr1, sigismember(&now, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	signal(SIGUSR1, SIG_DFL);
	close(p[0]);
	close(p[1]);
}

/* The data words of n epoll events, sorted (the order they come in is not Linux's). */
static void
show_events(const char *name, int n, const struct epoll_event *ev)
{
	unsigned long long d[8];
	int i, j;

	printf("%s:", name);
	for (i = 0; i < n && i < 8; i++) {
		d[i] = ev[i].data.u64 * 1000 + ev[i].events;
		for (j = i; j > 0 && d[j - 1] > d[j]; j--) {
			unsigned long long t = d[j];

			d[j] = d[j - 1];
			d[j - 1] = t;
		}
	}
	for (i = 0; i < n && i < 8; i++)
		printf(" data %llu events %llu", d[i] / 1000, d[i] % 1000);
	printf("\n");
}

/* epoll over pipes: the calls' errors, readiness, one-shot, timeouts, signals. */
static void
epolls(void)
{
	struct epoll_event ev, out[4];
	struct pollfd pfd;
	struct stat st;
	sigset_t none, usr1;
	int ep, p[2], q[2], fd, n;
	char c;

	T("epoll_create1", ep = epoll_create1(EPOLL_CLOEXEC));
	T("getfd epoll", fcntl(ep, F_GETFD));
	T("epoll_create1 bad flags", epoll_create1(1));
	T("epoll_create 0", RAW(SYS_epoll_create, 0));
	T("epoll_create 1", close(RAW(SYS_epoll_create, 1)));
	pipe(p);
	pipe(q);
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 111 };
	T("ctl add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	T("ctl add again", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	ev = (struct epoll_event){ .events = EPOLLOUT, .data.u64 = 222 };
	T("ctl add write end", epoll_ctl(ep, EPOLL_CTL_ADD, q[1], &ev));
	T("ctl mod missing", epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &ev));
	T("ctl del missing", epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL));
	T("ctl bad op", epoll_ctl(ep, 99, p[0], &ev));
	T("ctl bad fd", epoll_ctl(ep, EPOLL_CTL_ADD, 9999, &ev));
	T("ctl bad epfd", epoll_ctl(9999, EPOLL_CTL_ADD, q[0], &ev));
	T("ctl not an epoll fd", epoll_ctl(p[0], EPOLL_CTL_ADD, q[0], &ev));
	T("ctl itself", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
	fd = open("f", O_RDONLY);
	T("ctl regular file", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
	close(fd);
	T("ctl EFAULT", RAW(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, q[0], 0xffff800000000000UL));
	T("wait: write end ready", n = epoll_wait(ep, out, 4, 0));
	show_events("events", n, out);
	write(p[1], "x", 1);
	T("wait: both ready", n = epoll_wait(ep, out, 4, 0));
	show_events("events", n, out);
	T("wait maxevents 1", epoll_wait(ep, out, 1, 0));
	T("wait maxevents 0", epoll_wait(ep, out, 0, 0));
	T("wait EFAULT", RAW(SYS_epoll_wait, ep, 0xffff800000000000UL, 4, 0));
	T("wait not an epoll fd", epoll_wait(p[0], out, 4, 0));
	T("wait bad fd", epoll_wait(9999, out, 4, 0));
	pfd = (struct pollfd){ .fd = ep, .events = POLLIN };
	T("poll the epoll fd", (poll(&pfd, 1, 0), pfd.revents));
	T("ctl del write end", epoll_ctl(ep, EPOLL_CTL_DEL, q[1], NULL));
	ev = (struct epoll_event){ .events = EPOLLIN | EPOLLONESHOT, .data.u64 = 333 };
	T("ctl mod one-shot", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	T("wait one-shot", n = epoll_wait(ep, out, 4, 0));
	show_events("events", n, out);
	T("wait one-shot again", epoll_wait(ep, out, 4, 0));
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 444 };
	T("ctl mod rearms", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	T("wait rearmed", epoll_wait(ep, out, 4, 0));
	read(p[0], &c, 1);
	T("wait timeout", epoll_wait(ep, out, 4, 30));
	close(p[1]);
	T("wait writer gone", n = epoll_wait(ep, out, 4, 0));
	show_events("events", n, out);
	T("fstat epoll fd", (fstat(ep, &st), (long)st.st_mode));
	T("read epoll fd", read(ep, &c, 1));
	T("lseek epoll fd", lseek(ep, 0, SEEK_SET));
	/* A blocked signal let in by epoll_pwait's mask: EINTR, handled, mask back. */
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 555 };
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev);
	signal(SIGUSR1, on_usr1);
	sigemptyset(&none);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	got_usr1 = 0;
	T("epoll_pwait blocked signal pending", epoll_pwait(ep, out, 4, 0, &usr1));
	T("epoll_pwait lets the signal in", epoll_pwait(ep, out, 4, -1, &none));
	printf("handled %d\n", got_usr1);
	T("epoll_pwait bad sigset size", RAW(SYS_epoll_pwait, ep, out, 4, 0, &none, 4));
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	signal(SIGUSR1, SIG_DFL);
	close(p[0]);
	close(q[0]);
	close(q[1]);
	close(ep);
}

/* Named pipes, in one process: the opens that do not wait for the other side. */
static void
fifos(void)
{
	struct pollfd pfd;
	struct stat st;
	char buf[8];
	int r, w, rw;

	T("mkfifo", mkfifo("ff", 0640));
	T("open write nonblock, no reader", open("ff", O_WRONLY | O_NONBLOCK));
	T("open read nonblock", r = open("ff", O_RDONLY | O_NONBLOCK));
	T("read, no writer yet", read(r, buf, sizeof(buf)));
	pfd = (struct pollfd){ .fd = r, .events = POLLIN };
	T("poll, no writer yet", poll(&pfd, 1, 0));
	T("open write nonblock", w = open("ff", O_WRONLY | O_NONBLOCK));
	T("write", write(w, "abc", 3));
	T("poll readable", (poll(&pfd, 1, 0), pfd.revents));
	T("FIONREAD", ({ int n = -1; ioctl(r, FIONREAD, &n) < 0 ? -1 : n; }));
	T("read", read(r, buf, sizeof(buf)));
	T("read empty", read(r, buf, sizeof(buf)));
	T("lseek", lseek(r, 0, SEEK_SET));
	T("pread", pread(r, buf, 1, 0));
	T("close writer", close(w));
	T("read after writer left", read(r, buf, sizeof(buf)));
	T("poll after writer left", (poll(&pfd, 1, 0), pfd.revents));
	show_stat("fstat", fstat(r, &st), &st);
	T("fchmod", fchmod(r, 0600));
	show_stat("stat after fchmod", stat("ff", &st), &st);
	T("ftruncate", ftruncate(r, 0));
	T("fsync", fsync(r));
	T("close reader", close(r));
	T("open read-write", rw = open("ff", O_RDWR | O_NONBLOCK));
	T("write rw", write(rw, "xyz", 3));
	T("close rw", close(rw));
	T("reopen read-write", rw = open("ff", O_RDWR | O_NONBLOCK));
	T("data gone with the last close", read(rw, buf, sizeof(buf)));
	close(rw);
	T("open O_PATH", rw = open("ff", O_PATH));
	T("read O_PATH", read(rw, buf, 1));
	close(rw);
	T("unlink", unlink("ff"));
}

static void
devices(void)
{
	char buf[8];
	int fd;

	T("open /dev/null", fd = open("/dev/null", O_RDWR));
	T("write null", write(fd, "gone", 4));
	T("read null", read(fd, buf, sizeof(buf)));
	T("lseek null", lseek(fd, 100, SEEK_SET));
	T("TCGETS null", ({ struct termios t; ioctl(fd, TCGETS, &t); }));
	T("fstat null", ({ struct stat st; fstat(fd, &st) < 0 ? -1 : (long)S_ISCHR(st.st_mode); }));
	close(fd);
	T("open /dev/zero", fd = open("/dev/zero", O_RDONLY));
	memset(buf, 'x', sizeof(buf));
	T("read zero", read(fd, buf, sizeof(buf)));
	printf("zero bytes: %d %d\n", buf[0], buf[7]);
	close(fd);
	T("open /dev/full", fd = open("/dev/full", O_WRONLY));
	T("write full", write(fd, "x", 1));
	close(fd);
}

/* A device node's type, number and permissions. */
static void
show_dev(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		printf("stat %s: %s\n", path, ename(errno));
	else
		printf("stat %s: chr %d %u,%u %04o\n", path, S_ISCHR(st.st_mode),
		    major(st.st_rdev), minor(st.st_rdev), st.st_mode & 07777);
}

/* The whole of a (small) file, NUL-terminated; its length or -1. */
static long
slurp(const char *path, char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return (-1);
	while (n + 1 < size && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return ((long)n);
}

/* devfs's nodes and what the memory-like devices do; the kernel log. */
static void
devfs_files(void)
{
	unsigned char a[16], b[16];
	static char buf[16384];	/* a whole /dev/kmsg record, and a part of the log */
	int fd;

	show_dev("/dev/null");
	show_dev("/dev/zero");
	show_dev("/dev/full");
	show_dev("/dev/random");
	show_dev("/dev/urandom");
	show_dev("/dev/kmsg");
	show_dev("/dev/nonexistent");
	T("open /dev/urandom", fd = open("/dev/urandom", O_RDWR));
	T("read urandom", read(fd, a, sizeof(a)));
	T("read urandom again", read(fd, b, sizeof(b)));
	printf("urandom reads differ: %d\n", memcmp(a, b, sizeof(a)) != 0);
	T("write urandom", write(fd, "seed", 4));
	T("poll urandom", ({ struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	    poll(&p, 1, 0) < 0 ? -1 : (long)p.revents; }));
	close(fd);
	T("open /dev/random", fd = open("/dev/random", O_RDONLY));
	T("read random", read(fd, a, sizeof(a)));
	close(fd);
	T("open /dev/kmsg", fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK));
	T("read kmsg", read(fd, buf, sizeof(buf)) > 0);
	close(fd);
	T("klogctl size", klogctl(10, NULL, 0) > 0);
	T("klogctl read all", klogctl(3, buf, sizeof(buf)) > 0);
	T("klogctl read all len 0", klogctl(3, buf, 0));
	T("klogctl read all NULL", klogctl(3, NULL, 10));
	T("klogctl read all len -1", klogctl(3, buf, -1));
	T("klogctl bad type", klogctl(99, buf, 10));
	T("klogctl bad type -1", klogctl(-1, buf, 10));
}

/* procfs: the caller's own files, and the system-wide ones' formats. */
static void
procfs_files(int argc, char **argv)
{
	char buf[4096], want[4096], *p;
	long n, len = 0;
	int i, pid, ppid, cpus, procs, r1, r2;
	float f1, f2, f3;
	char comm[32], state;
	DIR *d;
	struct dirent *de;
	struct stat st;

	n = readlink("/proc/self", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("/proc/self is my pid: %d\n", n > 0 && atoi(buf) == getpid());
	T("stat /proc/self", ({ stat("/proc/self", &st) < 0 ? -1 :
	    (long)(S_ISDIR(st.st_mode) && st.st_uid == geteuid()); }));
	T("lstat /proc/self", ({ lstat("/proc/self", &st) < 0 ? -1 : (long)S_ISLNK(st.st_mode); }));
	slurp("/proc/self/stat", buf, sizeof(buf));
	printf("stat fields: %d\n", sscanf(buf, "%d (%31[^)]) %c %d", &pid, comm, &state, &ppid));
	printf("stat: pid %d comm %s state %c ppid %d\n", pid == getpid(), comm, state,
	    ppid == getppid());
	/* pid, (comm), then the fields after it: one more than the blanks. */
	for (i = 3, p = strrchr(buf, ')') + 2; *p != '\0'; p++)
		i += *p == ' ';
	printf("stat fields in all: %d\n", i);
	slurp("/proc/self/status", buf, sizeof(buf));
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	printf("status: name %d pid %d\n", strncmp(buf, "Name:\tfile_conformanc\n", 22) == 0,
	    strstr(buf, want) != NULL);
	for (i = 0; i < argc; i++) {
		memcpy(want + len, argv[i], strlen(argv[i]) + 1);
		len += (long)strlen(argv[i]) + 1;
	}
	n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	printf("cmdline is argv: %d\n", n == len && memcmp(buf, want, (size_t)len) == 0);
	for (len = 0, i = 0; environ[i] != NULL && len + strlen(environ[i]) + 1 < sizeof(want); i++) {
		memcpy(want + len, environ[i], strlen(environ[i]) + 1);
		len += (long)strlen(environ[i]) + 1;
	}
	n = slurp("/proc/self/environ", buf, sizeof(buf));
	printf("environ is the environment: %d\n", n == len && memcmp(buf, want, (size_t)len) == 0);
	T("stat environ", ({ stat("/proc/self/environ", &st) < 0 ? -1 :
	    (long)(st.st_mode & 07777); }));
	slurp("/proc/self/mounts", want, sizeof(want));
	slurp("/proc/mounts", buf, sizeof(buf));
	printf("self/mounts is mounts: %d\n", strcmp(buf, want) == 0);
	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("exe: %s\n", n > 0 ? strrchr(buf, '/') + 1 : ename(errno));
	d = opendir("/proc/self");
	for (i = 0; d != NULL && (de = readdir(d)) != NULL; )
		i += strcmp(de->d_name, "stat") == 0 || strcmp(de->d_name, "cmdline") == 0 ||
		    strcmp(de->d_name, "status") == 0 || strcmp(de->d_name, "exe") == 0;
	if (d != NULL)
		closedir(d);
	printf("/proc/self lists stat, status, cmdline, exe: %d\n", i);
	snprintf(want, sizeof(want), "%d", getpid());
	d = opendir("/proc");
	for (i = 0; d != NULL && (de = readdir(d)) != NULL; )
		i += strcmp(de->d_name, want) == 0;
	if (d != NULL)
		closedir(d);
	printf("/proc lists me: %d\n", i);
	T("open /proc/999999/stat", open("/proc/999999/stat", O_RDONLY));
	T("open /proc/self/nonexistent", open("/proc/self/nonexistent", O_RDONLY));
	T("open /proc/0", open("/proc/0", O_RDONLY));
	T("open /proc/01", open("/proc/01", O_RDONLY));
	T("read /proc dir", ({ int fd = open("/proc", O_RDONLY); long r = read(fd, buf, 1);
	    close(fd); r; }));
	/*
	 * Read in 7-byte pieces, a file is the same text as read at once.
	 * maps, not status: status's context-switch counts move between the
	 * two opens when the machine is busy.
	 */
	n = slurp("/proc/self/maps", buf, sizeof(buf));
	{
		int fd = open("/proc/self/maps", O_RDONLY);
		long r, k = 0;

		while (fd >= 0 && k + 7 < (long)sizeof(want) && (r = read(fd, want + k, 7)) > 0)
			k += r;
		if (fd >= 0)
			close(fd);
		printf("read in pieces: same %d\n", k == n && memcmp(want, buf, (size_t)k) == 0);
	}
	slurp("/proc/mounts", buf, sizeof(buf));
	printf("mounts has /proc: %d\n", strstr(buf, " /proc proc rw") != NULL);
	slurp("/proc/meminfo", buf, sizeof(buf));
	printf("meminfo: %d\n", strncmp(buf, "MemTotal:", 9) == 0 && strstr(buf, "\nMemFree:") &&
	    strstr(buf, "\nMemAvailable:") && strstr(buf, "\nSwapTotal:"));
	slurp("/proc/uptime", buf, sizeof(buf));
	printf("uptime fields: %d\n", sscanf(buf, "%f %f", &f1, &f2));
	slurp("/proc/loadavg", buf, sizeof(buf));
	printf("loadavg fields: %d\n", sscanf(buf, "%f %f %f %d/%d %d", &f1, &f2, &f3, &r1, &r2,
	    &procs));
	n = slurp("/proc/cpuinfo", buf, sizeof(buf));
	for (cpus = 0, p = buf; n > 0 && (p = strstr(p, "processor\t: ")) != NULL; p++)
		cpus++;
	printf("cpuinfo has every CPU: %d\n", cpus == sysconf(_SC_NPROCESSORS_ONLN));
	n = slurp("/proc/stat", buf, sizeof(buf));
	for (i = 0, p = buf; n > 0 && p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : p)
		i += strncmp(p, "cpu", 3) == 0;
	printf("stat has all CPUs, then each: %d\n", i == sysconf(_SC_NPROCESSORS_ONLN) + 1);
	printf("stat's first line: %d\n", sscanf(buf, "cpu %d %d %d %d", &r1, &r2, &pid, &ppid));
	slurp("/proc/version", buf, sizeof(buf));
	printf("version: %d\n", strncmp(buf, "Linux version ", 14) == 0);
}

/* The text of a link, NUL-terminated, or "" (errno set). */
static const char *
linktext(const char *path)
{
	static char buf[4096];
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	buf[n > 0 ? n : 0] = '\0';
	return (buf);
}

/* A link's own type and mode (lstat), without its size (Linux's is 64 for these). */
static void
show_link(const char *name, const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		printf("%s: %s\n", name, ename(errno));
	else
		printf("%s: %s %04o\n", name, ftype(st.st_mode), (unsigned)(st.st_mode & 07777));
}

/* Whether /proc/self/fd lists descriptor fd. */
static int
fd_listed(int fd)
{
	char want[16];
	struct dirent *de;
	DIR *d = opendir("/proc/self/fd");
	int found = 0;

	snprintf(want, sizeof(want), "%d", fd);
	while (d != NULL && (de = readdir(d)) != NULL)
		found |= strcmp(de->d_name, want) == 0;
	if (d != NULL)
		closedir(d);
	return (found);
}

/*
 * /proc/self/fd/, cwd and root, and /dev/fd: links naming the open files,
 * and opening one opens the file itself (a new open file, its own offset),
 * even after the file lost its name.
 */
static void
fd_links(void)
{
	char cwd[4096], path[64], want[4200], buf[16];
	struct stat st, st2;
	int fd, fd2, dfd, p[2];

	if (getcwd(cwd, sizeof(cwd)) == NULL)
		return;
	T("open", fd = open("fdl", O_RDWR | O_CREAT | O_TRUNC, 0644));
	T("write", write(fd, "0123456789", 10));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	snprintf(want, sizeof(want), "%s/fdl", cwd);
	printf("fd link names the file: %d\n", strcmp(linktext(path), want) == 0);
	show_link("lstat fd link read-write", path);
	printf("stat through the link is the file: %d\n", stat(path, &st) == 0 &&
	    fstat(fd, &st2) == 0 && st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	printf("/proc/self/fd lists it: %d\n", fd_listed(fd));
	T("open the link", fd2 = open(path, O_RDONLY));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd2);
	printf("opened through the link, named as the file: %d\n",
	    strcmp(linktext(path), want) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	T("read has its own offset", read(fd2, buf, 4));
	printf("data: %.4s\n", buf);
	T("first offset unchanged", lseek(fd, 0, SEEK_CUR));
	close(fd2);
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	T("open /dev/fd/N truncating", fd2 = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	T("size after", (fstat(fd, &st), (long)st.st_size));
	show_link("lstat fd link write-only", (snprintf(path, sizeof(path), "/proc/self/fd/%d",
	    fd2), path));
	close(fd2);
	T("open read-only", fd2 = open("fdl", O_RDONLY));
	show_link("lstat fd link read-only", (snprintf(path, sizeof(path), "/proc/self/fd/%d",
	    fd2), path));
	close(fd2);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	T("unlink", unlink("fdl"));
	snprintf(want, sizeof(want), "%s/fdl (deleted)", cwd);
	printf("fd link of a removed file: %d\n", strcmp(linktext(path), want) == 0);
	T("open it through the link", close(open(path, O_RDONLY)));
	T("close", close(fd));
	T("readlink closed fd", readlink(path, buf, sizeof(buf)));
	T("open closed fd", open(path, O_RDONLY));
	close(open("fdl2", O_CREAT | O_WRONLY, 0644));
	T("open dir", dfd = open(".", O_RDONLY | O_DIRECTORY));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", dfd);
	printf("dir fd link is the directory: %d\n", strcmp(linktext(path), cwd) == 0);
	show_link("lstat dir fd link", path);
	snprintf(path, sizeof(path), "/proc/self/fd/%d/fdl2", dfd);
	T("stat through a dir fd link", stat(path, &st));
	close(dfd);
	printf("cwd link: %d\n", strcmp(linktext("/proc/self/cwd"), cwd) == 0);
	T("stat through cwd link", stat("/proc/self/cwd/fdl2", &st));
	printf("root link: %s\n", linktext("/proc/self/root"));
	T("open /proc/self/exe", fd2 = open("/proc/self/exe", O_RDONLY));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd2);
	snprintf(want, sizeof(want), "%s", linktext("/proc/self/exe"));
	printf("exe opened is named as exe: %d\n", strcmp(linktext(path), want) == 0);
	printf("exe is absolute: %d\n", want[0] == '/');
	printf("exe is the program: %d\n", fstat(fd2, &st) == 0 && stat(want, &st2) == 0 &&
	    st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	close(fd2);
	T("pipe", pipe(p));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	printf("pipe link: %.6s\n", linktext(path));
	printf("pipe links the same pipe: %d\n", (snprintf(want, sizeof(want), "%s",
	    linktext(path)), snprintf(path, sizeof(path), "/proc/self/fd/%d", p[1]),
	    strcmp(linktext(path), want) == 0));
	close(p[0]);
	close(p[1]);
	printf("closed pipe not listed: %d\n", !fd_listed(p[1]));
	printf("/dev/fd: %s\n", linktext("/dev/fd"));
	printf("/dev/stdin: %s\n", linktext("/dev/stdin"));
	printf("/dev/stdout: %s\n", linktext("/dev/stdout"));
	printf("/dev/stderr: %s\n", linktext("/dev/stderr"));
	T("open /proc/self/fd/9999", open("/proc/self/fd/9999", O_RDONLY));
	T("open /proc/self/fd/01", open("/proc/self/fd/01", O_RDONLY));
	T("open /proc/self/fd/x", open("/proc/self/fd/x", O_RDONLY));
	show_stat("stat /proc/self/fd", stat("/proc/self/fd", &st), &st);
	unlink("fdl2");
}

/* /proc/self/fd/<fd>, in buf. */
static char *
fdpath(char *buf, size_t len, int fd)
{
	snprintf(buf, len, "/proc/self/fd/%d", fd);
	return (buf);
}

/*
 * A pipe opens again through its /proc/self/fd link, as on Linux (where a
 * pipe's inode is a FIFO's): a new open file of the same pipe, its side
 * by the open's access mode; unlike a FIFO's, an open never waits for the
 * other side nor fails for want of it (Linux's is_pipe); a reader sees end
 * of file once every writer, the reopened ones too, has closed.  A socket's
 * link is ENXIO.
 */
static void
pipe_links(void)
{
	char path[64], want[64], buf[16];
	struct stat st, st2;
	int p[2], r, w, rw, s;

	T("pipe", pipe(p));
	T("open read end's link O_RDONLY", r = open(fdpath(path, sizeof(path), p[0]), O_RDONLY));
	T("open write end's link O_WRONLY", w = open(fdpath(path, sizeof(path), p[1]), O_WRONLY));
	printf("reopened is the same pipe: %d\n", fstat(r, &st) == 0 && fstat(p[0], &st2) == 0 &&
	    st.st_ino == st2.st_ino && st.st_dev == st2.st_dev);
	printf("reopened type: %s %04o\n", ftype(st.st_mode), (unsigned)(st.st_mode & 07777));
	T("reopened flags", fcntl(r, F_GETFL) & ~O_LARGEFILE);
	T("reopened write flags", fcntl(w, F_GETFL) & ~O_LARGEFILE);
	snprintf(want, sizeof(want), "%s", linktext(fdpath(path, sizeof(path), p[0])));
	printf("reopened link text is the pipe's: %d\n",
	    strcmp(linktext(fdpath(path, sizeof(path), r)), want) == 0);
	T("write the reopened write end", write(w, "abc", 3));
	T("read the first read end", read(p[0], buf, 2));
	printf("data: %.2s\n", buf);
	T("write the first write end", write(p[1], "de", 2));
	T("read the reopened read end", read(r, buf, sizeof(buf)));
	printf("data: %.3s\n", buf);
	T("read-only reopened: write", write(r, "x", 1));
	T("write-only reopened: read", read(w, buf, 1));
	T("open the reopened one's link", rw = open(fdpath(path, sizeof(path), r), O_RDWR));
	T("read-write reopened: write", write(rw, "fg", 2));
	T("read-write reopened: read", read(rw, buf, 2));
	printf("data: %.2s\n", buf);
	close(rw);
	T("close first write end", close(p[1]));
	T("nonblocking read, a writer left", (fcntl(r, F_SETFL, O_NONBLOCK), read(r, buf, 1)));
	T("close reopened write end", close(w));
	T("read after every writer closed", read(r, buf, sizeof(buf)));
	T("read the first read end too", read(p[0], buf, sizeof(buf)));
	T("reopen for reading, nonblocking", rw = open(fdpath(path, sizeof(path), p[0]),
	    O_RDONLY | O_NONBLOCK));
	T("read it: end of file", read(rw, buf, 1));
	close(rw);
	T("reopen for reading, no writer: no wait", rw = open(fdpath(path, sizeof(path), p[0]),
	    O_RDONLY));
	T("read it: end of file", read(rw, buf, 1));
	close(rw);
	close(r);
	close(p[0]);
	T("pipe", pipe(p));
	close(p[0]);
	T("write-only nonblocking open, no reader",
	    close(open(fdpath(path, sizeof(path), p[1]), O_WRONLY | O_NONBLOCK)));
	signal(SIGPIPE, SIG_IGN);
	T("write with no reader", write(p[1], "x", 1));
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
	T("open a closed pipe end's link", open(fdpath(path, sizeof(path), p[1]), O_WRONLY));
	T("pipe", pipe(p));
	T("open a pipe's link, access mode 3", open(fdpath(path, sizeof(path), p[0]), 3));
	close(p[0]);
	close(p[1]);
	T("mkfifo", mkfifo("fifo3", 0600));
	T("open a FIFO, access mode 3", open("fifo3", 3 | O_NONBLOCK));
	unlink("fifo3");
	T("socket", s = socket(AF_UNIX, SOCK_STREAM, 0));
	T("open a socket's link", open(fdpath(path, sizeof(path), s), O_RDWR));
	close(s);
}

/*
 * The /proc/self/maps line of the mapping holding address a: its
 * permissions, and with `kind` its offset and name (Linux names a shared
 * anonymous mapping after /dev/zero; how a program's file is mapped is
 * the loader's business).
 */
static void
show_map(const char *name, const void *a, int kind)
{
	char line[512], perms[8], *path, *base, *nl;
	unsigned long lo, hi, off, ino;
	unsigned maj, min;
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0, n, end;

	while (f != NULL && !found && fgets(line, sizeof(line), f) != NULL) {
		end = 0;
		n = sscanf(line, "%lx-%lx %7s %lx %x:%x %lu%n", &lo, &hi, perms, &off, &maj,
		    &min, &ino, &end);
		if (n < 7 || lo > (unsigned long)a || (unsigned long)a >= hi)
			continue;
		/* The name: a file's last component only (the directories differ). */
		for (path = line + end; *path == ' '; path++)
			;
		if ((nl = strchr(path, '\n')) != NULL)
			*nl = '\0';
		base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
		if (kind == 1)
			printf("%s: %s offset %lu %s\n", name, perms, off, path[0] == '[' ?
			    path : ino != 0 ? "file" : "anonymous");
		else if (kind == 2)
			printf("%s: %s %s%s\n", name, perms, path[0] == '/' ? "" : "not a path: ",
			    base);
		else
			printf("%s: %s\n", name, perms);
		found = 1;
	}
	if (f != NULL)
		fclose(f);
	if (!found)
		printf("%s: not found\n", name);
}

/* /proc/self/maps: each mapping's range, protection and kind. */
static void
maps(void)
{
	char *anon, *shared, *file, *ro;
	int local = 0, fd;

	anon = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
	ftruncate(fd, 16384);
	file = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 4096);
	show_map("maps: code", (const void *)(uintptr_t)show_map, 2);
	show_map("maps: stack", &local, 1);
	show_map("maps: anonymous", anon + 4096, 1);
	show_map("maps: shared anonymous", shared, 2);
	show_map("maps: read-only", ro, 1);
	show_map("maps: file at 4096", file + 4096, 1);
	show_map("maps: file's name", file + 4096, 2);
	unlink("mapped");
	show_map("maps: removed file's name", file, 2);
	munmap(anon, 8192);
	munmap(shared, 4096);
	munmap(ro, 4096);
	munmap(file, 8192);
	close(fd);
	unlink("mapped");
	show_map("maps: after munmap", anon, 1);
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/fcXXXXXX";

	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
		perror("file_conformance: work directory");
		return (1);
	}
	opens();
	names();
	at_calls();
	statxs();
	times();
	directories();
	descriptors();
	vectors();
	pipes();
	pipe_atomicity();
	waits();
	epolls();
	fifos();
	devices();
	devfs_files();
	procfs_files(argc, argv);
	fd_links();
	pipe_links();
	maps();
	printf("done\n");
	return (0);
}
