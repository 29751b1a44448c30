/*
 * File system calls, one line per case: what Linux answers is what Sanpo
 * must answer.  Built once (static, musl), run on the Linux host and in
 * Sanpo as root, and the two outputs compared line for line
 * (tests/boot/test_file_conformance.py).  Errors print as errno names.
 *
 * Everything happens under a fresh directory in /tmp; nothing printed
 * depends on the host (no inode numbers, devices or times, directory
 * listings sorted).  No fork: these are the calls of one process.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

static const char *
ename(int e)
{
	static char buf[16];

	switch (e) {
#define E(x) case x: return #x
	E(EPERM); E(ENOENT); E(EIO); E(ENXIO); E(EBADF); E(EAGAIN); E(ENOMEM);
	E(EACCES); E(EFAULT); E(EBUSY); E(EEXIST); E(EXDEV); E(ENOTDIR); E(EISDIR);
	E(EINVAL); E(EMFILE); E(ENOTTY); E(EFBIG); E(ENOSPC); E(ESPIPE); E(EROFS);
	E(EMLINK); E(EPIPE); E(ERANGE); E(ENAMETOOLONG); E(ENOSYS); E(ENOTEMPTY);
	E(ELOOP); E(EOVERFLOW); E(EOPNOTSUPP);
#undef E
	}
	snprintf(buf, sizeof(buf), "errno%d", e);
	return (buf);
}

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

int
main(void)
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
	directories();
	descriptors();
	vectors();
	pipes();
	devices();
	printf("done\n");
	return (0);
}
