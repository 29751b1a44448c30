/*
 * crash_writer: the program the crash test runs as init (pid 1) while it
 * kills QEMU at a random moment.  It mounts the ESP read-write at /mnt
 * (forcing past the dirty flag a previous crash may have left) and then,
 * until it is killed, writes files the way programs that care do, saying
 * on the console what it knows to be on the disk:
 *
 *   g<i>.tmp written, fsync'ed, renamed to g<i>, the volume fsync'ed:
 *       "durable g<i> <length> <seed>"
 *   a line appended to "log" and fsync'ed:      "durable log <length>"
 *   an old generation about to go:                   "removing g<j>"
 *   and once it is removed and the volume fsync'ed:  "removed g<j>"
 *
 * Byte k of a file with seed s is (k * 131 + s * 7 + (k >> 8)) & 0xff; the
 * log holds "line <i>\n" for i = 1, 2, ...  The test then checks the image
 * on the host: everything said durable is there, intact (or, if it was
 * being removed, gone); everything said removed is gone; fsck.fat finds
 * nothing worse than lost clusters.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR	"/mnt/crash"

static void
die(const char *what)
{
	printf("crash_writer: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	for (;;)
		pause();
}

static void
write_gen(int i, int dirfd)
{
	char tmp[64], name[64];
	static unsigned char buf[4096];
	int len = 1 + (i * 7919) % 40000, fd, k, n, done;

	snprintf(tmp, sizeof(tmp), DIR "/g%d.tmp", i);
	snprintf(name, sizeof(name), DIR "/g%d", i);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		die(tmp);
	for (done = 0; done < len; done += n) {
		n = len - done < (int)sizeof(buf) ? len - done : (int)sizeof(buf);
		for (k = 0; k < n; k++)
			buf[k] = (unsigned char)((done + k) * 131 + i * 7 + ((done + k) >> 8));
		if (write(fd, buf, (size_t)n) != n)
			die("write");
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		die("fsync");
	if (rename(tmp, name) != 0)
		die("rename");
	if (fsync(dirfd) != 0)
		die("fsync dir");
	printf("durable g%d %d %d\n", i, len, i);
}

static void
append_log(int i)
{
	char line[32];
	struct stat st;
	int fd, n = snprintf(line, sizeof(line), "line %d\n", i);

	if ((fd = open(DIR "/log", O_WRONLY | O_CREAT | O_APPEND, 0644)) < 0)
		die("log");
	if (write(fd, line, (size_t)n) != n || fsync(fd) != 0 || fstat(fd, &st) != 0)
		die("log write");
	close(fd);
	printf("durable log %lld\n", (long long)st.st_size);
}

int
main(void)
{
	int i, dirfd;

	if (open("/dev/console", O_RDWR) != 0 || dup(0) != 1 || dup(0) != 2)
		return (1);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mount("/dev/vtbd0p1", "/mnt", "msdosfs", 0, "force") != 0)
		die("mount");
	if (mkdir(DIR, 0755) != 0 && errno != EEXIST)
		die("mkdir");
	if ((dirfd = open(DIR, O_RDONLY | O_DIRECTORY)) < 0)
		die("open dir");
	printf("crash_writer: writing in " DIR "\n");
	for (i = 1;; i++) {
		write_gen(i, dirfd);
		append_log(i);
		if (i > 8 && i % 3 == 0) {
			char old[64];

			snprintf(old, sizeof(old), DIR "/g%d", i - 8);
			printf("removing g%d\n", i - 8);
			if (unlink(old) != 0 || fsync(dirfd) != 0)
				die("unlink");
			printf("removed g%d\n", i - 8);
		}
	}
}
