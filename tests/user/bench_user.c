/*
 * make bench-user's measurements, run in Sanpo and in a Linux guest under
 * the same QEMU (tools/bench_user.py): the system-call round trip
 * (getppid), fork+exec+wait of a static program (argv[1]), and the cost
 * of a page fault (touching 64 MiB of fresh anonymous memory, 4 KiB pages:
 * MADV_NOHUGEPAGE keeps Linux from using 2 MiB ones), getuid's cost
 * alone and on four processes at once while a fifth changes its own
 * credentials all along (readers must not slow down as CPUs are added:
 * the ratio is printed), a pipe's throughput as the time of one 64 KiB
 * write (64 MiB through a pipe to a reading child), and a shell loop:
 * busybox sh running the program of argv[1] 1000 times (its
 * fork+exec+wait), per command.  Each figure is the median of five
 * rounds.  Prints one "bench: name value unit" line each; asserts nothing.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "initconsole.h"

#define ROUNDS		5
#define GETPPID_N	200000
#define FORKEXEC_N	200
#define FAULT_BYTES	(64UL << 20)
#define GETUID_N	200000
#define GETUID_PROCS	4
#define PIPE_CHUNK	(64 * 1024)
#define PIPE_BYTES	(64UL << 20)
#define SHELL_N		1000
#define SHELL		"/bin/busybox"	/* in Sanpo's root and in the Linux guest's initramfs */

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
median(double *v)
{
	qsort(v, ROUNDS, sizeof(double), cmp);
	return (v[ROUNDS / 2]);
}

static double
getppid_ns(void)
{
	uint64_t t0 = now_ns();
	int i;

	for (i = 0; i < GETPPID_N; i++)
		syscall(SYS_getppid);
	return ((double)(now_ns() - t0) / GETPPID_N);
}

static double
getuid_ns(void)
{
	uint64_t t0 = now_ns();
	int i;

	for (i = 0; i < GETUID_N; i++)
		syscall(SYS_getuid);
	return ((double)(now_ns() - t0) / GETUID_N);
}

/*
 * getuid on GETUID_PROCS processes at once while another one changes its
 * effective uid in a loop: the mean of their per-call costs.
 */
static double
getuid_parallel_ns(void)
{
	double *res = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t changer, pid[GETUID_PROCS];
	double sum = 0;
	int i;

	if (res == MAP_FAILED)
		exit(1);
	if ((changer = fork()) == 0) {
		for (i = 0; ; i++)
			syscall(SYS_setresuid, -1, (i & 1) ? 1000 : 0, -1);
	}
	for (i = 0; i < GETUID_PROCS; i++)
		if ((pid[i] = fork()) == 0) {
			res[i] = getuid_ns();
			_exit(0);
		}
	for (i = 0; i < GETUID_PROCS; i++) {
		waitpid(pid[i], NULL, 0);
		sum += res[i];
	}
	kill(changer, SIGKILL);
	waitpid(changer, NULL, 0);
	munmap(res, 4096);
	return (sum / GETUID_PROCS);
}

static double
forkexec_us(const char *prog)
{
	char *argv[] = { (char *)prog, NULL };
	uint64_t t0 = now_ns();
	int i, st;
	pid_t pid;

	for (i = 0; i < FORKEXEC_N; i++) {
		pid = fork();
		if (pid == 0) {
			execve(prog, argv, NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
			printf("bench: fork+exec of %s failed\n", prog);
			exit(1);
		}
	}
	return ((double)(now_ns() - t0) / FORKEXEC_N / 1000.0);
}

static double
fault_ns(void)
{
	char *p = mmap(NULL, FAULT_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	uint64_t t0;
	size_t off;

	if (p == MAP_FAILED) {
		printf("bench: mmap of 64 MiB failed\n");
		exit(1);
	}
	madvise(p, FAULT_BYTES, MADV_NOHUGEPAGE);
	t0 = now_ns();
	for (off = 0; off < FAULT_BYTES; off += 4096)
		p[off] = 1;
	t0 = now_ns() - t0;
	munmap(p, FAULT_BYTES);
	return ((double)t0 / (FAULT_BYTES / 4096));
}

/* One 64 KiB write into a pipe that a child drains, in microseconds. */
static double
pipe_us(void)
{
	static char buf[PIPE_CHUNK];
	uint64_t t0;
	size_t done;
	int p[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe(p) != 0) {
		printf("bench: pipe failed\n");
		exit(1);
	}
	if ((pid = fork()) == 0) {
		close(p[1]);
		while (read(p[0], buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	memset(buf, 'x', sizeof(buf));
	t0 = now_ns();
	for (done = 0; done < PIPE_BYTES; done += (size_t)n)
		if ((n = write(p[1], buf, sizeof(buf))) <= 0) {
			printf("bench: pipe write failed\n");
			exit(1);
		}
	close(p[1]);
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		printf("bench: pipe reader failed\n");
		exit(1);
	}
	return ((double)(now_ns() - t0) / (PIPE_BYTES / PIPE_CHUNK) / 1000.0);
}

/* busybox sh running prog SHELL_N times in a loop: microseconds per command. */
static double
shell_us(const char *prog)
{
	char script[512];
	char *argv[] = { SHELL, "sh", "-c", script, NULL };
	uint64_t t0;
	int st;
	pid_t pid;

	snprintf(script, sizeof(script), "i=0; while [ $i -lt %d ]; do %s || exit 1; "
	    "i=$((i + 1)); done", SHELL_N, prog);
	t0 = now_ns();
	if ((pid = fork()) == 0) {
		execve(SHELL, argv, NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		printf("bench: shell loop failed\n");
		exit(1);
	}
	return ((double)(now_ns() - t0) / SHELL_N / 1000.0);
}

int
main(int argc, char **argv)
{
	const char *prog = argc > 1 ? argv[1] : "/usr/tests/sanpo/true";
	double a[ROUNDS], b[ROUNDS], c[ROUNDS], d[ROUNDS], e[ROUNDS], f[ROUNDS], g[ROUNDS];
	int i;

	init_console();
	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < ROUNDS; i++) {
		a[i] = getppid_ns();
		b[i] = forkexec_us(prog);
		c[i] = fault_ns();
		d[i] = getuid_ns();
		e[i] = getuid_parallel_ns();
		f[i] = pipe_us();
		g[i] = shell_us(prog);
	}
	printf("bench: getppid %.1f ns\n", median(a));
	printf("bench: fork+exec+wait %.1f us\n", median(b));
	printf("bench: page-fault %.1f ns\n", median(c));
	printf("bench: getuid %.1f ns\n", median(d));
	printf("bench: getuid-x%d-while-changing %.1f ns\n", GETUID_PROCS, median(e));
	printf("bench: getuid parallel/alone ratio %.2f\n", median(e) / median(d));
	printf("bench: pipe-64KiB-write %.1f us\n", median(f));
	printf("bench: sh-loop-command %.1f us\n", median(g));
	printf("bench: done\n");
	return (0);
}
