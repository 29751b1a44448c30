/*
 * Credential changes under fire, run as init by tests/boot/test_cred_stress.py
 * on 4 CPUs: one process (with a second thread that keeps asking getuid)
 * changes its effective uid and gid (setresuid, setresgid) and its groups
 * 100 000 times, while three processes read its /proc/<pid>/status, signal
 * it and ask its capabilities, all at once -- two as another user (kill
 * sig 0: EPERM), one as root (SIGUSR1, delivered and counted).  Each of
 * those reads the changer's credential under RCU, without a lock, while
 * the changer's old ones are freed through call_rcu (poisoned first, as
 * the boot test turns on).  Every answer must be one the changer could
 * have had (uid and gid 0 or 1000 in the status lines; the thread sees 0 or
 * 1000), nothing may crash, and afterwards (the boot test asks the kernel
 * shell) no reader met poison, every freed credential was freed after a
 * grace period, none is left allocated, and witness saw nothing.
 *
 * Lines printed: "cred_stress: ..." with the counts, then "cred_stress: end".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "initconsole.h"

#define CHANGES		100000
#define READERS		3

struct shared {
	volatile int	 done;		/* the changer finished */
	volatile int	 ready;		/* readers that have read once (the changer waits for all) */
	volatile long	 reads, bad_reads, signals, capgets;
	volatile long	 thread_calls, thread_bad;
	volatile int	 armed;		/* the changer catches SIGUSR1 */
	volatile long	 usr1_sent, usr1_got;
	int		 bad_claimed;	/* the first unexpected read is kept */
	long		 bad_n;		/* its read's result, */
	int		 bad_errno;	/* errno, */
	char		 bad_text[160];	/* and the start of its ids */
};

static struct shared *sh;

static void
on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&sh->usr1_got, 1, __ATOMIC_RELAXED);
}

static void *
asker(void *arg)
{
	(void)arg;
	while (!sh->done) {
		long u = syscall(SYS_getuid), e = syscall(SYS_geteuid);

		__atomic_add_fetch(&sh->thread_calls, 1, __ATOMIC_RELAXED);
		if (u != 0 || (e != 0 && e != 1000))
			__atomic_add_fetch(&sh->thread_bad, 1, __ATOMIC_RELAXED);
	}
	return (NULL);
}

static void
changer(void)
{
	gid_t groups[3] = { 10, 20, 30 };
	pthread_t t;
	int i;

	signal(SIGUSR1, on_usr1);
	sh->armed = 1;			/* the root reader sends only from now */
	if (pthread_create(&t, NULL, asker, NULL) != 0)
		_exit(2);
	/* Under fire from the start, however the host schedules us: wait for everyone. */
	while (sh->ready < READERS || sh->thread_calls == 0)
		sched_yield();
	for (i = 0; i < CHANGES; i++) {
		/* The saved uid stays 0: the effective one may come and go (the gid
		 * and the groups change while it is 0: that takes CAP_SETGID). */
		if (syscall(SYS_setresuid, -1, (i & 1) ? 1000 : 0, -1) != 0)
			_exit(3);
		if ((i & 3) == 0 && syscall(SYS_setresgid, -1, (i & 4) ? 1000 : 0, -1) != 0)
			_exit(5);
		if (!(i & 1) && syscall(SYS_setgroups, 1 + i % 3, groups) != 0)
			_exit(4);
	}
	syscall(SYS_setresuid, -1, 0, -1);
	syscall(SYS_setresgid, -1, 0, -1);
	sh->done = 1;
	pthread_join(t, NULL);
	_exit(0);
}

/* "\n<key>:\t0\t" followed by the effective, saved and fs ids the changer can have. */
static int
ids_ok(const char *buf, const char *key)
{
	const char *u = strstr(buf, key);

	return (u != NULL && (strncmp(u + 8, "0\t0\t0\n", 6) == 0 ||
	    strncmp(u + 8, "1000\t0\t1000\n", 12) == 0));
}

static void
reader(pid_t target, int root)
{
	struct { uint32_t version; int pid; } h;
	uint32_t d[6];
	char path[64], buf[2048];
	int fd, counted = 0;
	ssize_t n;

	if (!root)
		syscall(SYS_setresuid, 2000, 2000, 2000);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)target);
	while (!sh->done) {
		if ((fd = open(path, O_RDONLY)) >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			/*
			 * The changer's end may overtake a read (done set, then it
			 * exits and main reaps it: the read finds no process,
			 * ENOENT).  Only reads it was alive through are judged.
			 */
			if (sh->done)
				break;
			buf[n > 0 ? n : 0] = '\0';
			__atomic_add_fetch(&sh->reads, 1, __ATOMIC_RELAXED);
			if (!ids_ok(buf, "\nUid:\t0\t") || !ids_ok(buf, "\nGid:\t0\t")) {
				const char *ids = strstr(buf, "\nUid:");

				__atomic_add_fetch(&sh->bad_reads, 1, __ATOMIC_RELAXED);
				if (__atomic_exchange_n(&sh->bad_claimed, 1, __ATOMIC_SEQ_CST) == 0) {
					sh->bad_n = n;
					sh->bad_errno = n < 0 ? errno : 0;
					snprintf(sh->bad_text, sizeof(sh->bad_text), "%.150s",
					    ids != NULL ? ids + 1 : buf);
				}
			}
		}
		if (!root)
			kill(target, 0);	/* EPERM: another user's, but asked */
		else if (sh->armed && kill(target, SIGUSR1) == 0)
			__atomic_add_fetch(&sh->usr1_sent, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&sh->signals, 1, __ATOMIC_RELAXED);
		h.version = 0x20080522;
		h.pid = target;
		syscall(SYS_capget, &h, d);
		if (__atomic_add_fetch(&sh->capgets, 1, __ATOMIC_RELAXED) > 0 && !counted) {
			counted = 1;
			__atomic_add_fetch(&sh->ready, 1, __ATOMIC_RELAXED);
		}
	}
	_exit(0);
}

int
main(void)
{
	pid_t ch, rd[READERS];
	int st, i, ok = 1;

	init_console();
	if (access("/proc/self/status", R_OK) != 0)
		mount("proc", "/proc", "proc", 0, NULL);	/* init: not yet */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return (1);
	memset(sh, 0, sizeof(*sh));
	if ((ch = fork()) == 0)
		changer();
	for (i = 0; i < READERS; i++)
		if ((rd[i] = fork()) == 0)
			reader(ch, i == 0);
	if (waitpid(ch, &st, 0) != ch || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("cred_stress: the changer failed (status %#x)\n", st);
		ok = 0;
		sh->done = 1;
	}
	for (i = 0; i < READERS; i++)
		if (waitpid(rd[i], &st, 0) != rd[i] || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			printf("cred_stress: reader %d failed (status %#x)\n", i, st);
			ok = 0;
		}
	printf("cred_stress: %d changes; status read %ld times (%ld unexpected), "
	    "%ld signals, %ld capgets; the changer's thread asked %ld times (%ld unexpected)\n",
	    CHANGES, sh->reads, sh->bad_reads, sh->signals, sh->capgets, sh->thread_calls,
	    sh->thread_bad);
	if (sh->bad_claimed)
		printf("cred_stress: first unexpected read: %ld (errno %d) \"%s\"\n", sh->bad_n,
		    sh->bad_errno, sh->bad_text);
	printf("cred_stress: SIGUSR1 sent %ld, caught %ld\n", sh->usr1_sent, sh->usr1_got);
	printf("cred_stress: end\n");
	fflush(stdout);
	return (ok && sh->bad_reads == 0 && sh->thread_bad == 0 && sh->reads > 0 ? 0 : 1);
}
