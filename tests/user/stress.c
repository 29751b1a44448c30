/*
 * Kernel stress from user space, run as init by tests/boot/test_stress.py:
 *
 *   1. fork + exec + exit of a trivial program (argv[1], default
 *      /usr/tests/sanpo/true), 1000
 *      times after a warm-up: the kernel's free memory (sysinfo) must end
 *      where it started;
 *   2. a system-call fuzzer in the manner of trinity: child processes
 *      issue random system calls with random arguments -- pointers into
 *      their own memory, into the kernel, non-canonical, unmapped, huge
 *      numbers -- a fixed number of children (not a time: how far a run gets
 *      must not depend on the machine's load); a child that hangs is
 *      killed.  Calls that would end or replace the fuzzer itself
 *      (exec, fork/clone, reboot) are left out, and writes to the console
 *      are sent to a bad descriptor.  Afterwards free memory must come
 *      back within a bound.
 *
 *   3. memory exhaustion: a child touches page after page of a huge
 *      MAP_NORESERVE mapping until the kernel has no page to give it; it
 *      must be killed (SIGKILL, with a message), and the kernel go on.
 *
 * Lines printed: "stress: ..." with the figures; the boot test then asks
 * the kernel shell (after init ends) about witness and memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "initconsole.h"
#include "say.h"
#include "xorshift.h"

#define FORKEXEC_WARMUP	100
#define FORKEXEC_N	1000
#define FUZZ_CHILDREN	24
#define CALLS_PER_CHILD	3000
#define CHILD_MS	1500

static long
free_kib(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return (-1);
	return ((long)(si.freeram * si.mem_unit / 1024));
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

static void
reap_all(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static int
forkexec(const char *prog, int n)
{
	char *argv[] = { (char *)prog, NULL };
	int i, st, bad = 0;
	pid_t pid;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0) {
			execve(prog, argv, NULL);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0)
			bad++;
	}
	return (bad);
}

/* --- the fuzzer ------------------------------------------------------------------ */

static uint64_t rng;

static uint64_t
rnd(void)
{
	return (xorshift64(&rng));
}

static char *arena;		/* memory the child owns, for "valid" pointers */
#define ARENA_SIZE	(64 * 4096)

static uint64_t
random_arg(void)
{
	switch (rnd() % 12) {
	case 0: return (0);
	case 1: return ((uint64_t)-1);
	case 2: return (rnd() % 4096);
	case 3: return (rnd());
	case 4: case 5: return ((uint64_t)(arena + rnd() % ARENA_SIZE));
	case 6: return (0xffff800000000000ULL + (rnd() % (1ULL << 40)));	/* kernel */
	case 7: return (0x0000800000000000ULL + (rnd() % (1ULL << 40)));	/* non-canonical */
	case 8: return ((rnd() % (1ULL << 47)) & ~0xfffULL);			/* anywhere user */
	case 9: return ((uint64_t)(arena + (rnd() % 64) * 4096));		/* page aligned */
	case 10: return (1ULL << (rnd() % 64));
	default: return ((uint64_t)"/");
	}
}

static int
excluded(long nr)
{
	switch (nr) {
	case SYS_execve: case SYS_execveat: case SYS_fork: case SYS_vfork: case SYS_clone:
	case 435 /* clone3 */: case SYS_reboot: case SYS_exit: case SYS_exit_group:
		return (1);
	}
	return (0);
}

static void
fuzz_child(unsigned seed)
{
	struct rlimit as = { 256 << 20, 256 << 20 };
	uint64_t a[6];
	long nr;
	int i, j;

	rng = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)seed * 0x100000001b3ULL);
	setrlimit(RLIMIT_AS, &as);
	arena = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (arena == MAP_FAILED)
		_exit(1);
	memset(arena, 0, ARENA_SIZE);
	for (i = 0; i < CALLS_PER_CHILD; i++) {
		nr = (rnd() % 16 == 0) ? (long)(rnd() % 1024) : (long)(rnd() % 335);
		if (excluded(nr))
			continue;
		for (j = 0; j < 6; j++)
			a[j] = random_arg();
		/* Writes to the console would flood it: a descriptor that does not exist. */
		if ((nr == SYS_write || nr == SYS_writev || nr == SYS_pwrite64 ||
		    nr == SYS_pwritev || nr == SYS_sendfile) && a[0] < 3)
			a[0] = 99;
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	_exit(0);
}

/* Runs n fuzz children one after another; returns how many were forked, how many were
 * killed hanging and how many died of a signal. */
static void
fuzz(int n, unsigned seed, int *children, int *killed, int *died)
{
	uint64_t start;
	pid_t pid;
	int i, st;

	*children = *killed = *died = 0;
	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid == 0)
			fuzz_child(seed);
		seed++;
		if (pid < 0) {
			reap_all();
			continue;
		}
		(*children)++;
		start = now_ms();
		while (waitpid(pid, &st, WNOHANG) == 0) {
			if (now_ms() - start > CHILD_MS) {
				kill(pid, SIGKILL);
				waitpid(pid, &st, 0);
				(*killed)++;
				break;
			}
			usleep(10000);
		}
		if (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL)
			(*died)++;
		reap_all();	/* orphans of fuzz children, adopted by us */
	}
}

/* A child that eats memory until the kernel kills it; how it ended. */
static int
exhaust(void)
{
	size_t len = 4UL << 30, off;
	pid_t pid = fork();
	char *p;
	int st;

	if (pid == 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		    MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			_exit(2);
		for (off = 0; off < len; off += 4096)
			p[off] = 1;
		_exit(3);	/* 4 GiB fitted: not what this machine has */
	}
	waitpid(pid, &st, 0);
	return (st);
}

int
main(int argc, char **argv)
{
	const char *truep = argc > 1 ? argv[1] : "/usr/tests/sanpo/true";
	long before, middle, after;
	int children, killed, died, bad;
	unsigned seed;

	init_console();
	say("stress: begin");
	bad = forkexec(truep, FORKEXEC_WARMUP);
	usleep(100000);	/* dead threads' stacks go back to the cache (idle threads reap) */
	before = free_kib();
	bad += forkexec(truep, FORKEXEC_N / 2);
	usleep(100000);
	middle = free_kib();
	bad += forkexec(truep, FORKEXEC_N / 2);
	usleep(100000);
	after = free_kib();
	say("stress: fork+exec+exit x%d: %d failed; free memory %ld KiB before, %+ld KiB after "
	    "the first half, %+ld KiB after the second", FORKEXEC_N, bad, before,
	    middle - before, after - middle);
	/* A new seed each run (more ground covered over many runs), printed to replay one. */
	if (syscall(SYS_getrandom, &seed, sizeof(seed), 0) != sizeof(seed))
		seed = 1;
	say("stress: fuzz seed %u", seed);
	before = free_kib();
	fuzz(FUZZ_CHILDREN, seed, &children, &killed, &died);
	reap_all();
	usleep(200000);	/* exiting threads' stacks are reaped by the idle threads */
	after = free_kib();
	say("stress: fuzz: %d children of %d, %d killed after %d ms, %d died of signals; free "
	    "memory %ld KiB before, %ld KiB after (%+ld KiB)", children, FUZZ_CHILDREN, killed,
	    CHILD_MS, died, before, after, after - before);
	before = free_kib();
	{
		int st = exhaust();

		usleep(200000);
		after = free_kib();
		say("stress: memory exhaustion: the child %s; free memory %ld KiB before, %ld KiB "
		    "after (%+ld KiB)", WIFSIGNALED(st) ? (WTERMSIG(st) == SIGKILL ? "was killed "
		    "(SIGKILL)" : "died of another signal") : "exited", before, after,
		    after - before);
	}
	say("stress: end");
	return (0);
}
