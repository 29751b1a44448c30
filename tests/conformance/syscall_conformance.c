/*
 * The system-call conformance program: one line per case, the same binary
 * run on the Linux host and inside Sanpo, the two outputs compared byte for
 * byte (tests/boot/test_syscall_conformance.py).  A line says what was observed,
 * never a pid, an address or a time, so that Linux's output is the
 * reference: the test is right when Linux prints it.
 *
 * Each case runs in a child process of its own (a crash there is reported
 * as a line, not the end of the run) and reports through stdout, written
 * with one write(2) per line; cross-process results travel through shared
 * anonymous memory.  Run it as pid 1 (Sanpo's init; on the host under
 * `unshare --pid --fork`) so that orphans are adopted by it.
 *
 *   syscall_conformance            all cases
 *   syscall_conformance CASE...    the named cases (prefix match)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

/* "ok" for no error, else the errno's name. */
#define errname(e)	((e) == 0 ? "ok" : ename(e))

#include "../user/initconsole.h"

/* From <linux/futex.h> (not on musl's include path). */
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_PRIVATE_FLAG	128

static const char *self;	/* argv[0]: exec's target */
static volatile int *volatile null_page = (volatile int *)8;	/* a bad pointer */

/* One line, one write: no stdio buffer for fork to copy. */
/* The raw system call's outcome: "ok" or the errno's name. */
static const char *
res(long r)
{
	return (r < 0 ? errname(errno) : "ok");
}

static void *
shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		say("setup: mmap shared failed");
		_exit(98);
	}
	return (p);
}

static void
msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* How a child ended, as a line fragment. */
static const char *
status_str(int st)
{
	static char buf[64];

	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %d%s", WTERMSIG(st),
		    WCOREDUMP(st) ? " (core)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %d", WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status 0x%x", st);
	return (buf);
}

/* --- memory ------------------------------------------------------------------ */

static sigjmp_buf jb;
static volatile void *fault_addr;
static volatile int fault_code, fault_sig;

static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(jb, 1);
}

static void
catch_faults(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* Touch p (write if w); "ok", or the signal and how it relates to p. */
static const char *
probe(volatile char *p, int w)
{
	static char buf[80];

	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0) {
		if (w)
			*p = 1;
		else
			(void)*p;
		return ("ok");
	}
	snprintf(buf, sizeof(buf), "%s %s si_addr%s", fault_sig == SIGSEGV ? "SIGSEGV" :
	    fault_sig == SIGBUS ? "SIGBUS" : "signal",
	    fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : fault_code == SEGV_ACCERR ?
	    "SEGV_ACCERR" : fault_code == BUS_ADRERR ? "BUS_ADRERR" : "?",
	    fault_addr == (void *)p ? "==addr" : "!=addr");
	return (buf);
}

static void
case_brk(void)
{
	char *cur = (char *)syscall(SYS_brk, 0), *got;
	const long grow = 1 << 20;

	got = (char *)syscall(SYS_brk, cur + grow);
	say("memory.brk grow 1MiB: %s", got == cur + grow ? "moved" : "refused");
	memset(cur, 0x5a, (size_t)grow);
	say("memory.brk new heap reads back: %s", cur[grow - 1] == 0x5a && cur[0] == 0x5a ?
	    "yes" : "no");
	got = (char *)syscall(SYS_brk, cur + 4096);
	say("memory.brk shrink: %s", got == cur + 4096 ? "moved" : "refused");
	catch_faults();
	say("memory.brk released page: %s", probe(cur + 8192, 0));
	got = (char *)syscall(SYS_brk, cur - (64 << 20));
	say("memory.brk below start: %s", got == cur + 4096 ? "unchanged" : "moved");
	say("memory.brk(0) reports: %s", (char *)syscall(SYS_brk, 0) == cur + 4096 ?
	    "current" : "other");
}

static void
case_mmap(void)
{
	long pg = 4096;
	char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[3];
	const char *r;

	catch_faults();
	say("memory.mmap anonymous zero-filled: %s", p[0] == 0 && p[3 * pg - 1] == 0 ? "yes" : "no");
	p[0] = 1;
	p[2 * pg] = 3;
	say("memory.munmap middle: %s", res(munmap(p + pg, pg)));
	say("memory.hole first page: %s", probe(p, 0));
	say("memory.hole middle page: %s", probe(p + pg, 0));
	say("memory.hole last page keeps data: %s", p[2 * pg] == 3 ? "yes" : "no");
	say("memory.mincore over the hole: %s", res(mincore(p, 3 * pg, vec)));
	r = res(mincore(p, pg, vec));
	say("memory.mincore first page: %s %d", r, vec[0]);
	say("memory.munmap unaligned: %s", res(munmap(p + 1, pg)));
	say("memory.munmap length 0: %s", res(munmap(p, 0)));
	say("memory.munmap unmapped range: %s", res(munmap(p + pg, pg)));
	errno = 0;
	say("memory.mmap length 0: %s", res(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0) == MAP_FAILED ? -1 : 0));
	say("memory.mmap neither private nor shared: %s", res(mmap(NULL, pg, PROT_READ,
	    MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
	say("memory.mmap fixed unaligned: %s", res(mmap(p + 1, pg, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED ? -1 : 0));
	say("memory.mmap offset unaligned: %s", res(mmap(NULL, pg, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 100) == MAP_FAILED ? -1 : 0));
	say("memory.mmap 64TiB writable: %s", res(mmap(NULL, 1ULL << 46, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
	say("memory.mmap length overflow: %s", res(mmap(NULL, (size_t)-4096, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0));
	say("memory.mmap fixed_noreplace over a mapping: %s", res(mmap(p, pg, PROT_READ,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED ? -1 : 0));
	{
		char *q = mmap(p + pg, pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		say("memory.mmap fixed_noreplace in the hole: %s", q == p + pg ? "at the hint" :
		    q == MAP_FAILED ? errname(errno) : "elsewhere");
		q = mmap(p, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
		    -1, 0);
		say("memory.mmap fixed over data: %s, zeroed %s", q == p ? "at the address" : "moved",
		    p[0] == 0 && p[2 * pg] == 0 ? "yes" : "no");
	}
	say("memory.mmap bad fd: %s", res(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 99, 0) ==
	    MAP_FAILED ? -1 : 0));
	say("memory.mmap shared_validate unknown flag: %s", res(mmap(NULL, pg, PROT_READ,
	    MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x800000, -1, 0) == MAP_FAILED ? -1 : 0));
}

static void
case_mprotect(void)
{
	long pg = 4096;
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	catch_faults();
	p[0] = 7;
	say("memory.mprotect read-only: %s", res(mprotect(p, pg, PROT_READ)));
	say("memory.write to read-only page: %s", probe(p, 1));
	say("memory.read of read-only page: %s, value %d", probe(p, 0), p[0]);
	say("memory.mprotect none: %s", res(mprotect(p, pg, PROT_NONE)));
	say("memory.read of PROT_NONE page: %s", probe(p, 0));
	say("memory.mprotect back to read-write: %s", res(mprotect(p, pg, PROT_READ | PROT_WRITE)));
	say("memory.data survived PROT_NONE: %s", p[0] == 7 ? "yes" : "no");
	say("memory.write after mprotect rw: %s", probe(p, 1));
	say("memory.mprotect unaligned: %s", res(mprotect(p + 1, pg, PROT_READ)));
	say("memory.mprotect bad prot: %s", res(mprotect(p, pg, 0x80)));
	munmap(p + pg, pg);
	say("memory.mprotect across a hole: %s", res(mprotect(p, 2 * pg, PROT_READ)));
	say("memory.unmapped page: %s", probe(p + pg, 0));
	say("memory.kernel address: %s", probe((char *)0xffff800000001000ULL, 0));
}

static void
case_cow(void)
{
	volatile int *shared = shared_page();
	char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static int data_var = 1;
	pid_t pid;
	int st;

	priv[0] = 'p';
	data_var = 10;
	shared[0] = 0;
	pid = fork();
	if (pid == 0) {
		priv[0] = 'c';
		data_var = 20;
		shared[1] = priv[0];
		shared[2] = data_var;
		shared[0] = 1;		/* child wrote */
		while (shared[0] != 2)
			msleep(1);
		shared[3] = priv[0];	/* still its own after the parent wrote */
		shared[4] = data_var;
		_exit(0);
	}
	while (shared[0] != 1)
		msleep(1);
	say("memory.cow parent sees its own page after the child wrote: %c", priv[0]);
	say("memory.cow parent sees its own data after the child wrote: %d", data_var);
	priv[0] = 'P';
	data_var = 11;
	shared[0] = 2;
	waitpid(pid, &st, 0);
	say("memory.cow child saw its writes: %c %d", shared[1], shared[2]);
	say("memory.cow child kept them after the parent wrote: %c %d", shared[3], shared[4]);
	say("memory.cow parent after: %c %d", priv[0], data_var);
}

static void
case_shared(void)
{
	volatile int *sh = shared_page();
	pid_t pid;
	int st;

	sh[0] = 1;
	pid = fork();
	if (pid == 0) {
		sh[1] = sh[0] + 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	say("memory.shared anonymous both ways: parent wrote %d, child wrote %d", sh[0], sh[1]);
}

static void
case_mremap(void)
{
	long pg = 4096;
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *q;

	memset(p, 'x', 2 * pg);
	munmap(p + 2 * pg, 64 * pg);	/* room after it, if any */
	q = mremap(p, 2 * pg, 64 * pg, MREMAP_MAYMOVE);
	say("memory.mremap grow: %s, data kept %s", q == MAP_FAILED ? errname(errno) : "ok",
	    q != MAP_FAILED && q[0] == 'x' && q[2 * pg - 1] == 'x' && q[2 * pg] == 0 ? "yes" : "no");
	p = mremap(q, 64 * pg, pg, 0);
	say("memory.mremap shrink in place: %s", p == q ? "yes" : "no");
	say("memory.mremap without MAYMOVE when blocked: %s", res(
	    (mmap(q + pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
	    mremap(q, pg, 2 * pg, 0)) == MAP_FAILED ? -1 : 0));
	say("memory.mremap bad flags: %s", res(mremap(q, pg, pg, 8) == MAP_FAILED ? -1 : 0));
	{
		char *sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		char *big = mremap(sh, pg, 2 * pg, MREMAP_MAYMOVE);

		catch_faults();
		say("memory.shared mapping grown past its object: %s", big == MAP_FAILED ?
		    errname(errno) : "ok");
		if (big != MAP_FAILED) {
			say("memory.touch inside the object: %s", probe(big, 1));
			say("memory.touch past the object: %s", probe(big + pg, 0));
		}
	}
}

static const char *
mres(void *p)
{
	return (p == MAP_FAILED ? errname(errno) : "ok");
}

/* mremap's moves and errors, in Linux's order (mm/mremap.c). */
static void
case_mremap_more(void)
{
	long pg = 4096;
	char *a = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *dst = a + 8 * pg, *b, *q;
	const char *e;

	catch_faults();
	memset(a, 'a', 4 * pg);
	munmap(dst, 8 * pg);
	q = mremap(a, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst);
	say("memory.mremap FIXED: %s, at the address %s, data moved %s", mres(q),
	    q == dst ? "yes" : "no", q == dst && dst[0] == 'a' && dst[2 * pg - 1] == 'a' ? "yes" :
	    "no");
	say("memory.mremap FIXED leaves the old range unmapped: %s", probe(a, 0));
	e = mres(mremap(dst, pg, 3 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst + 4 * pg));
	say("memory.mremap FIXED growing: %s, data %s, new tail zero %s", e,
	    dst[4 * pg] == 'a' ? "yes" : "no", dst[5 * pg] == 0 && dst[6 * pg] == 0 ? "yes" : "no");
	say("memory.mremap FIXED without MAYMOVE: %s",
	    mres(mremap(a + 2 * pg, pg, pg, MREMAP_FIXED, dst + 6 * pg)));
	say("memory.mremap FIXED overlapping: %s",
	    mres(mremap(a + 2 * pg, 2 * pg, 2 * pg, MREMAP_MAYMOVE | MREMAP_FIXED, a + 3 * pg)));
	say("memory.mremap FIXED unaligned new address: %s",
	    mres(mremap(a + 2 * pg, pg, pg, MREMAP_MAYMOVE | MREMAP_FIXED, dst + 6 * pg + 1)));
	say("memory.mremap FIXED past user space: %s", mres(mremap(a + 2 * pg, pg, pg,
	    MREMAP_MAYMOVE | MREMAP_FIXED, (void *)0x7ffffffff000UL)));
	say("memory.mremap unaligned old address: %s", mres(mremap(a + 2 * pg + 1, pg, pg, 0)));
	say("memory.mremap new length 0: %s", mres(mremap(a + 2 * pg, pg, 0, 0)));
	say("memory.mremap old length 0 of a private mapping: %s",
	    mres(mremap(a + 2 * pg, 0, pg, MREMAP_MAYMOVE)));
	say("memory.mremap old length 0 of nothing: %s", mres(mremap(a, 0, pg, MREMAP_MAYMOVE)));
	say("memory.mremap of nothing: %s", mres(mremap(a, pg, pg, 0)));
	say("memory.mremap huge new length: %s", mres(mremap(a + 2 * pg, pg, 1UL << 50,
	    MREMAP_MAYMOVE)));
	say("memory.mremap DONTUNMAP resizing: %s", mres(mremap(a + 2 * pg, pg, 2 * pg,
	    MREMAP_MAYMOVE | MREMAP_DONTUNMAP)));
	say("memory.mremap DONTUNMAP without MAYMOVE: %s", mres(mremap(a + 2 * pg, pg, pg,
	    MREMAP_DONTUNMAP)));
	q = mremap(a + 2 * pg, pg, pg, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	say("memory.mremap DONTUNMAP: %s, data moved %s, old range mapped and empty: %s, reads %d",
	    mres(q), q != MAP_FAILED && q[0] == 'a' ? "yes" : "no", probe(a + 2 * pg, 0),
	    a[2 * pg]);
	/* Two mappings side by side (different protections). */
	b = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(b + pg, pg, PROT_READ);
	say("memory.mremap growing across two mappings: %s",
	    mres(mremap(b, 3 * pg, 5 * pg, MREMAP_MAYMOVE)));
	q = mremap(b, 3 * pg, pg, 0);
	say("memory.mremap shrinking across two mappings: %s, in place %s, tail gone: %s",
	    mres(q), q == b ? "yes" : "no", probe(b + pg, 0));
	q = mremap(b + 3 * pg, 2 * pg, 2 * pg, MREMAP_MAYMOVE);
	say("memory.mremap same length past the mapping's end: %s, in place %s", mres(q),
	    q == b + 3 * pg ? "yes" : "no");
}

/* File mappings of a two-page file in /tmp. */
static void
case_mmap_file(void)
{
	const char *path = "/tmp/conformance-mmap";
	long pg = 4096;
	char buf[16], *p, *q;
	int fd, ro, i;
	pid_t pid;

	unlink(path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	for (i = 0; i < 2 * pg; i++)
		if (write(fd, i < pg ? "a" : "b", 1) != 1)
			break;
	catch_faults();
	p = mmap(NULL, 3 * pg, PROT_READ, MAP_PRIVATE, fd, 0);
	say("filemap.private read: %s, first page %c, second page %c", p == MAP_FAILED ?
	    errname(errno) : "ok", p[0], p[pg]);
	say("filemap.past the end of the file: %s", probe(p + 2 * pg, 0));
	munmap(p, 3 * pg);
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	p[0] = 'X';
	pread(fd, buf, 1, 0);
	say("filemap.private write: mapping %c, file %c", p[0], buf[0]);
	q = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
	q[1] = 'Y';
	pread(fd, buf, 2, pg);
	say("filemap.shared write at offset one page: file now %c%c, mapping len %s", buf[0], buf[1],
	    "2 pages");
	say("filemap.shared mapping past the end: %s", probe(q + pg, 0));
	pwrite(fd, "Z", 1, pg + 2);
	say("filemap.write(2) seen through the shared mapping: %c", q[2]);
	pid = fork();
	if (pid == 0) {
		q[3] = 'C';
		_exit(0);
	}
	waitpid(pid, &i, 0);
	say("filemap.a child's write through MAP_SHARED: %c", q[3]);
	munmap(p, 2 * pg);
	munmap(q, 2 * pg);
	ro = open(path, O_RDONLY);
	say("filemap.shared writable on a read-only descriptor: %s", res(mmap(NULL, pg,
	    PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0));
	p = mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0);
	say("filemap.shared read-only: %s; mprotect to write: %s", p == MAP_FAILED ?
	    errname(errno) : "ok", res(mprotect(p, pg, PROT_READ | PROT_WRITE)));
	say("filemap.private writable on a read-only descriptor: %s", res(mmap(NULL, pg,
	    PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED ? -1 : 0));
	close(ro);
	ro = open(path, O_WRONLY);
	say("filemap.write-only descriptor: %s", res(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, ro,
	    0) == MAP_FAILED ? -1 : 0));
	close(ro);
	ro = open("/tmp", O_RDONLY | O_DIRECTORY);
	say("filemap.a directory: %s", res(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, ro, 0) ==
	    MAP_FAILED ? -1 : 0));
	close(ro);
	ro = open("/dev/zero", O_RDWR);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	say("filemap./dev/zero private: %s, zero %s", p == MAP_FAILED ? errname(errno) : "ok",
	    p != MAP_FAILED && p[0] == 0 && p[pg - 1] == 0 ? "yes" : "no");
	close(ro);
	say("filemap.closed descriptor: %s", res(mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 77, 0) ==
	    MAP_FAILED ? -1 : 0));
	say("filemap.bad descriptor with length 0: %s", res(mmap(NULL, 0, PROT_READ, MAP_PRIVATE,
	    77, 0) == MAP_FAILED ? -1 : 0));
	close(fd);
	unlink(path);
}

static void
case_madvise(void)
{
	long pg = 4096;
	char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	const char *r;

	p[0] = 5;
	r = res(madvise(p, pg, MADV_DONTNEED));
	say("memory.madvise dontneed: %s, page now %d", r, p[0]);
	say("memory.madvise bad advice: %s", res(madvise(p, pg, 12345)));
	say("memory.madvise unaligned: %s", res(madvise(p + 1, pg, MADV_NORMAL)));
	munmap(p + pg, pg);
	say("memory.madvise over a hole: %s", res(madvise(p, 2 * pg, MADV_NORMAL)));
}

/* --- bad input ------------------------------------------------------------------ */

static void
case_badptr(void)
{
	char *unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(unmapped, 4096);
	say("badptr.write kernel-half buffer: %s", res(write(1, (void *)0xffff800000000000ULL, 8)));
	say("badptr.write non-canonical buffer: %s", res(write(1, (void *)0x0000900000000000ULL, 8)));
	say("badptr.write unmapped buffer: %s", res(write(1, unmapped, 8)));
	say("badptr.write straddling the end of user space: %s",
	    res(write(1, (void *)0x00007fffffffeff0ULL, 64)));
	say("badptr.clock_gettime to kernel memory: %s",
	    res(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)0xffffffff80200000ULL)));
	say("badptr.uname to unmapped memory: %s", res(syscall(SYS_uname, unmapped)));
	say("badptr.rt_sigaction from unmapped memory: %s",
	    res(syscall(SYS_rt_sigaction, SIGUSR1, unmapped, NULL, 8)));
	say("badptr.execve unmapped path: %s", res(syscall(SYS_execve, unmapped, NULL, NULL)));
	say("badptr.write bad fd: %s", res(write(99, "x", 1)));
	say("badptr.unknown system call 100000: %s", res(syscall(100000)));	/* beyond every table */
	say("badptr.unknown system call -1: %s", res(syscall(-1L)));
	{
		const char *e = res(syscall(400));	/* a hole in Linux's table */

		say("badptr.unknown system call 400 twice: %s %s", e, res(syscall(400)));
	}
	say("badptr.rt_sigaction bad sigsetsize: %s",
	    res(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4)));
	say("badptr.rt_sigaction SIGKILL: %s", res(signal(SIGKILL, SIG_IGN) == SIG_ERR ? -1 : 0));
	say("badptr.rt_sigaction signal 65: %s", res(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8)));
	say("badptr.kill signal 65: %s", res(kill(getpid(), 65)));
	say("badptr.wait4 bad options: %s", res(syscall(SYS_wait4, -1, NULL, 0x4000, NULL)));
	say("badptr.clock_gettime bad clock: %s", res(syscall(SYS_clock_gettime, 99, NULL)));
	say("badptr.nanosleep bad nsec: %s", res(syscall(SYS_nanosleep,
	    &(struct timespec){ 0, 1000000000L }, NULL)));
	say("badptr.arch_prctl bad code: %s", res(syscall(SYS_arch_prctl, 0x9999, 0)));
	say("badptr.getrlimit bad resource: %s", res(syscall(SYS_getrlimit, 99, unmapped)));
	say("badptr.futex misaligned: %s", res(syscall(SYS_futex, (char *)&errno + 1, FUTEX_WAKE,
	    1, NULL, NULL, 0)));
	say("badptr.futex wait on unmapped word: %s", res(syscall(SYS_futex, unmapped,
	    FUTEX_WAIT, 0, NULL, NULL, 0)));
}

/*
 * execveat: through a directory descriptor, the descriptor's own file
 * (AT_EMPTY_PATH, also O_PATH), and its errors.  The child exits with the
 * code it was given, so a status line says which program ran.
 */
static const char *
execveat_status(int dirfd, const char *path, int flags, const char *code)
{
	char *argv[] = { (char *)self, "--exit", (char *)code, NULL };
	static char buf[64];
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		syscall(SYS_execveat, dirfd, path, argv, NULL, flags);
		_exit(100 + errno);	/* which error, for the status line */
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) > 100)
		snprintf(buf, sizeof(buf), "%s", errname(WEXITSTATUS(st) - 100));
	else
		snprintf(buf, sizeof(buf), "%s", status_str(st));
	return (buf);
}

static void
case_execveat(void)
{
	const char *slash = strrchr(self, '/');
	char dir[4096], tmp[] = "/tmp/sanpo-conf-XXXXXX", link[64];
	int dfd, fd, pfd;

	if (slash == NULL || slash == self) {
		say("exec.at: argv[0] has no directory");
		return;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - self), self);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	fd = open(self, O_RDONLY);
	pfd = open(self, O_PATH);
	say("exec.at dirfd + name: %s", execveat_status(dfd, slash + 1, 0, "43"));
	say("exec.at absolute name ignores dirfd: %s", execveat_status(-1, self, 0, "44"));
	say("exec.at AT_EMPTY_PATH on the file: %s", execveat_status(fd, "", AT_EMPTY_PATH, "45"));
	say("exec.at AT_EMPTY_PATH on an O_PATH descriptor: %s",
	    execveat_status(pfd, "", AT_EMPTY_PATH, "46"));
	say("exec.at empty name without AT_EMPTY_PATH: %s", execveat_status(fd, "", 0, "1"));
	say("exec.at AT_EMPTY_PATH on a directory: %s",
	    execveat_status(dfd, "", AT_EMPTY_PATH, "1"));
	say("exec.at name under a file descriptor: %s", execveat_status(fd, "x", 0, "1"));
	say("exec.at bad descriptor: %s", execveat_status(-1, "x", 0, "1"));
	say("exec.at unknown flag: %s", execveat_status(dfd, slash + 1, 0x8000, "1"));
	say("exec.at missing name: %s", execveat_status(dfd, "no-such-program", 0, "1"));
	if (mkdtemp(tmp) != NULL) {
		snprintf(link, sizeof(link), "%s/l", tmp);
		if (symlink(self, link) == 0) {
			say("exec.at through a symlink: %s", execveat_status(AT_FDCWD, link, 0, "47"));
			say("exec.at AT_SYMLINK_NOFOLLOW on a symlink: %s",
			    execveat_status(AT_FDCWD, link, AT_SYMLINK_NOFOLLOW, "1"));
			unlink(link);
		} else
			say("exec.at symlink: %s", errname(errno));
		rmdir(tmp);
	} else
		say("exec.at mkdtemp: %s", errname(errno));
	close(dfd);
	close(fd);
	close(pfd);
}

static void
case_e2big(void)
{
	size_t big = 200 * 1024;
	char *arg = malloc(big + 1);
	char *argv[] = { (char *)self, arg, NULL };

	memset(arg, 'a', big);
	arg[big] = '\0';
	say("exec.e2big one 200KiB argument: %s", res(execve(self, argv, NULL)));
	say("exec.enoent: %s", res(execve("/no/such/program", argv, NULL)));
	{
		char *env[] = { "X=1", NULL };
		char *a2[] = { (char *)self, "--exit", "42", NULL };
		pid_t pid = fork();
		int st;

		if (pid == 0) {
			execve(self, a2, env);
			_exit(127);
		}
		waitpid(pid, &st, 0);
		say("exec.child ran the program: %s", status_str(st));
	}
	case_execveat();
}

/* --- processes --------------------------------------------------------------------- */

static void
case_fork_wait(void)
{
	pid_t me = getpid(), pid, got;
	int st, i;
	static const int codes[] = { 0, 1, 42, 255, 256, 511 };

	for (i = 0; i < (int)(sizeof(codes) / sizeof(codes[0])); i++) {
		pid = fork();
		if (pid == 0)
			_exit(codes[i]);
		got = waitpid(pid, &st, 0);
		say("proc.exit(%d): %s, waitpid returned %s", codes[i], status_str(st),
		    got == pid ? "the child" : "other");
	}
	pid = fork();
	if (pid == 0)
		_exit(getppid() == me ? 0 : 1);
	waitpid(pid, &st, 0);
	say("proc.child's getppid is the parent: %s", WEXITSTATUS(st) == 0 ? "yes" : "no");
	say("proc.waitpid with no children: %s", res(waitpid(-1, &st, WNOHANG)));
	pid = fork();
	if (pid == 0) {
		msleep(200);
		_exit(0);
	}
	say("proc.waitpid WNOHANG while the child runs: %s",
	    waitpid(pid, &st, WNOHANG) == 0 ? "0" : "other");
	waitpid(pid, &st, 0);
	say("proc.waitpid for a non-child: %s", res(waitpid(1, &st, 0)));
}

static void
case_zombies(void)
{
	int i, st, n = 0, sum = 0;
	pid_t pid;

	for (i = 0; i < 100; i++) {
		pid = fork();
		if (pid == 0)
			_exit(i % 7);
		if (pid < 0) {
			say("proc.fork %d failed: %s", i, errname(errno));
			return;
		}
	}
	msleep(300);	/* all zombies now, most likely; wait must not care */
	while ((pid = wait(&st)) > 0) {
		n++;
		sum += WEXITSTATUS(st);
	}
	say("proc.100 zombies reaped: %d, statuses sum %d, then %s", n, sum, errname(errno));
}

static void
case_orphan(void)
{
	volatile int *sh = shared_page();
	pid_t child;
	int st;

	sh[0] = -1;
	child = fork();
	if (child == 0) {
		pid_t gc = fork();

		if (gc == 0) {
			pid_t parent = getppid();
			int i;

			sh[1] = 1;
			for (i = 0; i < 5000 && getppid() == parent; i++)
				msleep(1);
			sh[0] = getppid();
			_exit(0);
		}
		while (sh[1] != 1)
			msleep(1);
		_exit(0);
	}
	waitpid(child, &st, 0);
	while (sh[0] == -1)
		msleep(1);
	say("proc.orphan's new parent is pid %d", sh[0]);
}

/*
 * SIGQUIT with RLIMIT_CORE = limit (capped by the hard limit), in a
 * directory of its own: the wait status has the core bit when a core could
 * be written (Linux, core_pattern "core": a limit of at least a page).
 * Whatever file appeared is removed.
 */
static void
core_status(rlim_t limit)
{
	char dir[] = "/tmp/sanpo-core-XXXXXX", path[300];
	struct rlimit rl;
	struct dirent *de;
	DIR *d;
	pid_t pid;
	int st;

	if (mkdtemp(dir) == NULL) {
		say("proc.core: mkdtemp %s", errname(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		getrlimit(RLIMIT_CORE, &rl);
		rl.rlim_cur = limit < rl.rlim_max ? limit : rl.rlim_max;
		setrlimit(RLIMIT_CORE, &rl);
		if (chdir(dir) != 0)
			_exit(101);
		signal(SIGQUIT, SIG_DFL);
		kill(getpid(), SIGQUIT);
		_exit(100);
	}
	waitpid(pid, &st, 0);
	say("proc.SIGQUIT with RLIMIT_CORE %s: %s", limit == RLIM_INFINITY ? "unlimited" : "1 byte",
	    status_str(st));
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

static void
case_signal_status(void)
{
	static const int sigs[] = { SIGTERM, SIGKILL, SIGSEGV, SIGABRT, SIGUSR1, SIGQUIT };
	struct rlimit rl = { 0, 0 };
	pid_t pid;
	int i, st;

	for (i = 0; i < (int)(sizeof(sigs) / sizeof(sigs[0])); i++) {
		pid = fork();
		if (pid == 0) {
			setrlimit(RLIMIT_CORE, &rl);
			signal(sigs[i], SIG_DFL);
			kill(getpid(), sigs[i]);
			_exit(100);
		}
		waitpid(pid, &st, 0);
		say("proc.child sent itself signal %d: %s", sigs[i], status_str(st));
	}
	core_status(1);
	core_status(RLIM_INFINITY);
	pid = fork();
	if (pid == 0) {
		signal(SIGUSR2, SIG_IGN);
		kill(getpid(), SIGUSR2);
		signal(SIGCHLD, SIG_DFL);
		kill(getpid(), SIGCHLD);
		kill(getpid(), SIGURG);
		_exit(5);
	}
	waitpid(pid, &st, 0);
	say("proc.ignored and default-ignored signals: %s", status_str(st));
	pid = fork();
	if (pid == 0) {
		null_page[2] = 1;
		_exit(6);
	}
	waitpid(pid, &st, 0);
	say("proc.null pointer write: %s", status_str(st) + 0);
}

/* waitid's other states and flags: WNOHANG, WSTOPPED, WCONTINUED, WNOWAIT, P_PGID. */
static void
waitid_states(void)
{
	siginfo_t si;
	const char *e;
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	memset(&si, 0xff, sizeof(si));
	e = res(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG));
	say("proc.waitid WNOHANG while it runs: %s, si_pid %d", e, si.si_pid);
	kill(pid, SIGSTOP);
	memset(&si, 0, sizeof(si));
	e = res(waitid(P_PGID, (id_t)pid, &si, WSTOPPED));
	say("proc.waitid P_PGID WSTOPPED: %s, code %s status %d", e,
	    si.si_code == CLD_STOPPED ? "CLD_STOPPED" : "?", si.si_status);
	kill(pid, SIGCONT);
	memset(&si, 0, sizeof(si));
	e = res(waitid(P_PID, (id_t)pid, &si, WCONTINUED));
	say("proc.waitid WCONTINUED: %s, code %s status %d", e,
	    si.si_code == CLD_CONTINUED ? "CLD_CONTINUED" : "?", si.si_status);
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof(si));
	e = res(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT));
	say("proc.waitid WNOWAIT: %s, code %s status %d", e,
	    si.si_code == CLD_KILLED ? "CLD_KILLED" : "?", si.si_status);
	say("proc.then the zombie is still there for waitpid: %s",
	    waitpid(pid, &st, 0) == pid ? status_str(st) : errname(errno));
	say("proc.waitid bad idtype: %s", res(syscall(SYS_waitid, 9, 0, &si, WEXITED, NULL)));
}

static void
case_stop_continue(void)
{
	pid_t pid = fork(), r;
	int st;

	if (pid == 0) {
		for (;;)
			msleep(10);
	}

	kill(pid, SIGSTOP);
	r = waitpid(pid, &st, WUNTRACED);
	say("proc.stop: waitpid WUNTRACED %s, %s", r == pid ? "the child" : "other",
	    status_str(st));
	say("proc.stop reported once: %s", waitpid(pid, &st, WUNTRACED | WNOHANG) == 0 ?
	    "yes" : "no");
	kill(pid, SIGCONT);
	r = waitpid(pid, &st, WCONTINUED);
	say("proc.continue: waitpid WCONTINUED %s, %s", r == pid ? "the child" : "other",
	    status_str(st));
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	say("proc.then SIGTERM: %s", status_str(st));
	{
		siginfo_t si;

		pid = fork();
		if (pid == 0)
			_exit(9);
		const char *e;

		memset(&si, 0, sizeof(si));
		e = res(waitid(P_PID, (id_t)pid, &si, WEXITED));
		say("proc.waitid WEXITED: %s, code %s status %d pid %s", e,
		    si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status,
		    si.si_pid == pid ? "right" : "wrong");
		say("proc.waitid without a state flag: %s", res(waitid(P_ALL, 0, &si, 0)));
		waitid_states();
	}
}

static void
case_vfork(void)
{
	volatile int *sh = shared_page();
	static volatile int in_parent_memory;
	char *argv[] = { (char *)self, "--exit", "3", NULL };
	pid_t pid;
	int st;

	in_parent_memory = 0;
	sh[0] = 0;
	pid = vfork();
	if (pid == 0) {
		in_parent_memory = 5;	/* the parent's memory: vfork shares it */
		_exit(4);
	}
	waitpid(pid, &st, 0);
	say("proc.vfork child shared memory and exited: %d, %s", in_parent_memory, status_str(st));
	pid = vfork();
	if (pid == 0) {
		execve(self, argv, NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	say("proc.vfork then exec: %s", status_str(st));
}

static void
case_init_ignores(void)
{
	kill(1, SIGTERM);
	kill(1, SIGUSR1);
	kill(1, SIGKILL);
	say("proc.signals with the default action sent to pid 1: sent (it must survive)");
}

static void
case_groups(void)
{
	pid_t me = getpid(), pid;
	int st;

	pid = fork();
	if (pid == 0) {
		pid_t s = setsid();

		say("proc.setsid in a child: %s, sid==pid %s, pgid==pid %s", s < 0 ?
		    errname(errno) : "ok", getsid(0) == getpid() ? "yes" : "no",
		    getpgrp() == getpid() ? "yes" : "no");
		say("proc.setsid again (already a leader): %s", res(setsid()));
		say("proc.setpgid of a session leader: %s", res(setpgid(0, 0)));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	pid = fork();
	if (pid == 0) {
		const char *e = res(setpgid(0, 0));

		say("proc.setpgid(0,0) in a child: %s, pgid==pid %s", e,
		    getpgrp() == getpid() ? "yes" : "no");
		say("proc.getpgid of the parent: %s", getpgid(getppid()) == getpgid(me) ?
		    "its group" : "other");
		say("proc.setpgid to a missing group: %s", res(setpgid(0, 99999)));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	say("proc.getpgid of a missing process: %s", res(getpgid(99999)));
	say("proc.getsid of a missing process: %s", res(getsid(99999)));
	say("proc.setpgid negative: %s", res(setpgid(0, -1)));
	say("proc.setpgid of a non-child: %s", res(setpgid(1, 1)));
}

/* --- signals ----------------------------------------------------------------------- */

static volatile int got[65], order[8], norder;
static volatile int si_code_seen, si_pid_self;

static void
handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got[sig]++;
	if (norder < 8)
		order[norder++] = sig;
	si_code_seen = si->si_code;
	si_pid_self = si->si_pid == getpid();
}

static void
install(int sig, void (*fn)(int, siginfo_t *, void *), int flags, sigset_t *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	if (mask != NULL)
		sa.sa_mask = *mask;
	sigaction(sig, &sa, NULL);
}

static void
case_handlers(void)
{
	sigset_t set, old, pend;
	struct sigaction sa;

	install(SIGUSR1, handler, 0, NULL);
	kill(getpid(), SIGUSR1);
	say("signal.kill to self runs the handler: %d time(s), SI_USER %s, si_pid self %s",
	    got[SIGUSR1], si_code_seen == SI_USER ? "yes" : "no", si_pid_self ? "yes" : "no");
	raise(SIGUSR1);
	say("signal.raise: %d, SI_TKILL %s", got[SIGUSR1], si_code_seen == SI_TKILL ? "yes" : "no");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	sigpending(&pend);
	say("signal.blocked: handler ran %d, pending %s", got[SIGUSR1],
	    sigismember(&pend, SIGUSR1) ? "yes" : "no");
	sigprocmask(SIG_SETMASK, &old, NULL);
	say("signal.unblocked: handler ran %d (standard signals merge)", got[SIGUSR1]);
	install(SIGRTMIN + 1, handler, 0, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGRTMIN + 1);
	kill(getpid(), SIGRTMIN + 1);
	kill(getpid(), SIGRTMIN + 1);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	say("signal.real-time signal queued three times: handler ran %d", got[SIGRTMIN + 1]);
	sigaction(SIGUSR1, NULL, &sa);
	say("signal.sigaction reads back: SA_SIGINFO %s", sa.sa_flags & SA_SIGINFO ? "yes" : "no");
	install(SIGUSR2, handler, SA_RESETHAND, NULL);
	raise(SIGUSR2);
	sigaction(SIGUSR2, NULL, &sa);
	say("signal.SA_RESETHAND: ran %d, now %s", got[SIGUSR2], sa.sa_handler == SIG_DFL ?
	    "SIG_DFL" : "handler");
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	say("signal.SIG_IGN: handler count still %d", got[SIGUSR2]);
	sigemptyset(&set);
	sigaddset(&set, SIGKILL);
	sigaddset(&set, SIGSTOP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_BLOCK, NULL, &old);
	say("signal.SIGKILL and SIGSTOP cannot be blocked: %s",
	    !sigismember(&old, SIGKILL) && !sigismember(&old, SIGSTOP) ? "yes" : "no");
	say("signal.sigprocmask bad how: %s", res(sigprocmask(99, &set, NULL)));
}

static void
nested_usr1(int sig, siginfo_t *si, void *uc)
{
	handler(sig, si, uc);
	raise(SIGUSR2);
	order[norder++] = 100;	/* end of the SIGUSR1 handler */
}

static void
case_nested(void)
{
	sigset_t mask;
	int i;
	char buf[64] = "";

	install(SIGUSR2, handler, 0, NULL);
	install(SIGUSR1, nested_usr1, 0, NULL);
	norder = 0;
	raise(SIGUSR1);
	for (i = 0; i < norder; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d", i ? "," : "", order[i]);
	say("signal.a signal during a handler runs inside it: %s", buf);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR2);
	install(SIGUSR1, nested_usr1, 0, &mask);
	norder = 0;
	buf[0] = '\0';
	raise(SIGUSR1);
	for (i = 0; i < norder; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%d", i ? "," : "", order[i]);
	say("signal.blocked by sa_mask it waits for the handler's end: %s", buf);
}

static char *altstack;
static volatile int on_alt, alt_flags;

static void
alt_handler(int sig, siginfo_t *si, void *uc)
{
	char local;
	stack_t ss;

	(void)sig;
	(void)si;
	(void)uc;
	on_alt = &local >= altstack && &local < altstack + 65536;
	sigaltstack(NULL, &ss);
	alt_flags = ss.ss_flags;
}

static void
case_altstack(void)
{
	stack_t ss, old;

	altstack = malloc(65536);
	ss.ss_sp = altstack;
	ss.ss_size = 65536;
	ss.ss_flags = 0;
	say("signal.sigaltstack set: %s", res(sigaltstack(&ss, &old)));
	say("signal.sigaltstack old was disabled: %s", old.ss_flags & SS_DISABLE ? "yes" : "no");
	install(SIGUSR1, alt_handler, SA_ONSTACK, NULL);
	raise(SIGUSR1);
	say("signal.SA_ONSTACK handler ran on the alternate stack: %s, SS_ONSTACK %s",
	    on_alt ? "yes" : "no", alt_flags & SS_ONSTACK ? "yes" : "no");
	install(SIGUSR2, alt_handler, 0, NULL);
	raise(SIGUSR2);
	say("signal.without SA_ONSTACK on the normal stack: %s", on_alt ? "no" : "yes");
	ss.ss_size = 100;
	say("signal.sigaltstack too small: %s", res(sigaltstack(&ss, NULL)));
	ss.ss_flags = 77;
	ss.ss_size = 65536;
	say("signal.sigaltstack bad flags: %s", res(sigaltstack(&ss, NULL)));
}

static void
sigusr1_plain(int sig)
{
	got[sig]++;
}

/* A blocked wait4 interrupted by a signal: EINTR, or restarted with SA_RESTART. */
static void
interrupted_wait(int restart)
{
	struct sigaction sa;
	pid_t me = getpid(), victim, sender, r;
	int st, e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sigusr1_plain;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigaction(SIGUSR1, &sa, NULL);
	victim = fork();
	if (victim == 0) {
		for (;;)
			pause();
	}
	sender = fork();
	if (sender == 0) {
		msleep(100);
		kill(me, SIGUSR1);
		msleep(300);
		kill(victim, SIGTERM);
		_exit(0);
	}
	got[SIGUSR1] = 0;
	r = waitpid(victim, &st, 0);
	e = errno;
	say("signal.wait4 interrupted%s: %s, handler ran %d", restart ? " with SA_RESTART" : "",
	    r == victim ? status_str(st) : errname(e), got[SIGUSR1]);
	if (r != victim)
		waitpid(victim, &st, 0);
	waitpid(sender, &st, 0);
}

static void
case_eintr(void)
{
	struct sigaction sa;
	struct timespec ts = { 5, 0 };
	pid_t me = getpid(), sender;
	int st, r, e;

	interrupted_wait(0);
	interrupted_wait(1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sigusr1_plain;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sender = fork();
	if (sender == 0) {
		msleep(100);
		kill(me, SIGUSR1);
		_exit(0);
	}
	r = nanosleep(&ts, &ts);
	e = errno;
	say("signal.nanosleep interrupted even with SA_RESTART: %s, time left %s", res(r < 0 ?
	    (errno = e, -1) : 0), ts.tv_sec < 5 && ts.tv_sec >= 3 ? "returned" : "wrong");
	waitpid(sender, &st, 0);
	sender = fork();
	if (sender == 0) {
		msleep(100);
		kill(me, SIGUSR1);
		_exit(0);
	}
	{
		sigset_t none;

		sigemptyset(&none);
		r = sigsuspend(&none);
		say("signal.sigsuspend returns after the handler: %s", res(r));
	}
	waitpid(sender, &st, 0);
}

static void
case_faults(void)
{
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		volatile int z = 0, n = 100;

		catch_faults();
		{
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_sigaction = on_fault;
			sa.sa_flags = SA_SIGINFO;
			sigaction(SIGFPE, &sa, NULL);
			sigaction(SIGILL, &sa, NULL);
		}
		if (sigsetjmp(jb, 1) == 0)
			z = n / z;
		say("signal.divide by zero: %s code %s", fault_sig == SIGFPE ? "SIGFPE" : "other",
		    fault_code == FPE_INTDIV ? "FPE_INTDIV" : "?");
		if (sigsetjmp(jb, 1) == 0)
			__asm__ volatile("ud2");
		say("signal.ud2: %s code %s", fault_sig == SIGILL ? "SIGILL" : "other",
		    fault_code == ILL_ILLOPN ? "ILL_ILLOPN" : "?");
		if (sigsetjmp(jb, 1) == 0)
			__asm__ volatile("hlt");
		say("signal.privileged instruction: %s", fault_sig == SIGSEGV ? "SIGSEGV" : "other");
		_exit(0);
	}
	waitpid(pid, &st, 0);
	pid = fork();
	if (pid == 0) {
		sigset_t set;

		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_BLOCK, &set, NULL);
		*null_page = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	say("signal.a fault with SIGSEGV blocked kills: %s", status_str(st));
}

static volatile double fpu_in_handler;

static void
fpu_handler(int sig)
{
	volatile double x = 3.0;

	(void)sig;
	fpu_in_handler = x * x + 1.5;
}

static void
case_fpu(void)
{
	volatile double a = 1.25, b;
	double r;

	signal(SIGUSR1, fpu_handler);
	__asm__ volatile("movsd %0, %%xmm7" :: "m"(a) : "xmm7");
	raise(SIGUSR1);
	__asm__ volatile("movsd %%xmm7, %0" : "=m"(b));
	r = b;
	say("signal.FPU registers survive a handler: %s, handler computed %.1f",
	    r == 1.25 ? "yes" : "no", fpu_in_handler);
}

/* --- threads ----------------------------------------------------------------------- */

static volatile int lockword;	/* 0 free, 1 locked, 2 locked with waiters */
static long counter;

static int
futex(volatile int *w, int op, int val)
{
	return (int)syscall(SYS_futex, w, op | FUTEX_PRIVATE_FLAG, val, NULL, NULL, 0);
}

static void
mutex_lock(volatile int *m)
{
	int c = __sync_val_compare_and_swap(m, 0, 1);

	if (c == 0)
		return;
	if (c != 2)
		c = __sync_lock_test_and_set(m, 2);
	while (c != 0) {
		futex(m, FUTEX_WAIT, 2);
		c = __sync_lock_test_and_set(m, 2);
	}
}

static void
mutex_unlock(volatile int *m)
{
	if (__sync_fetch_and_sub(m, 1) != 1) {
		*m = 0;
		futex(m, FUTEX_WAKE, 1);
	}
}

static pid_t tids[8];

static void *
worker(void *arg)
{
	long i;

	tids[(long)arg] = (pid_t)syscall(SYS_gettid);
	for (i = 0; i < 100000; i++) {
		mutex_lock(&lockword);
		counter++;
		mutex_unlock(&lockword);
	}
	return (arg);
}

static void
case_threads(void)
{
	pthread_t t[8];
	void *ret;
	long i, ok = 0;
	int distinct = 1, j;

	for (i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < 8; i++)
		if (pthread_join(t[i], &ret) == 0 && ret == (void *)i)
			ok++;
	for (i = 0; i < 8; i++)
		for (j = 0; j < i; j++)
			if (tids[i] == tids[j] || tids[i] == getpid())
				distinct = 0;
	say("threads.8 threads x 100000 increments under a futex mutex: %ld", counter);
	say("threads.joined with their values: %ld, thread ids distinct from each other and the pid: %s",
	    ok, distinct ? "yes" : "no");
	say("threads.futex wait with a changed value: %s", res(futex(&lockword, FUTEX_WAIT, 12345)));
	{
		struct timespec ts = { 0, 20000000 };
		int w = 0;

		say("threads.futex wait times out: %s", res(syscall(SYS_futex, &w,
		    FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &ts, NULL, 0)));
	}
	say("threads.futex wake nobody: %d", futex(&lockword, FUTEX_WAKE, 10));
}

static void *
exit_group_thread(void *arg)
{
	msleep(50);
	_exit(7);	/* exit_group: the whole process, every thread */
	return (arg);
}

static void *
sleeper(void *arg)
{
	for (;;)
		pause();
	return (arg);
}

static void
case_thread_exit(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		pthread_t a, b;

		pthread_create(&a, NULL, sleeper, NULL);
		pthread_create(&b, NULL, exit_group_thread, NULL);
		for (;;)
			pause();
	}
	waitpid(pid, &st, 0);
	say("threads.exit_group from a thread ends the process: %s", status_str(st));
	pid = fork();
	if (pid == 0) {
		pthread_t a;

		pthread_create(&a, NULL, sleeper, NULL);
		msleep(50);
		kill(getpid(), SIGTERM);
		for (;;)
			pause();
	}
	waitpid(pid, &st, 0);
	say("threads.a fatal signal ends every thread: %s", status_str(st));
}

/*
 * A thread on another CPU keeps reading a page while the main thread takes
 * it away (mprotect PROT_NONE, then munmap of another): its stale TLB entry
 * must go, so it faults.
 */
static volatile char *tlb_page;
static volatile int tlb_reading, tlb_faulted;
static sigjmp_buf tlb_jb;

static void
tlb_fault(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	tlb_faulted = si->si_addr == (void *)tlb_page ? 1 : 2;
	siglongjmp(tlb_jb, 1);
}

/* Pins the calling thread to one CPU: the reader and the writer must not share one. */
static void
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void *
tlb_reader(void *arg)
{
	pin(1);
	if (sigsetjmp(tlb_jb, 1) == 0)
		for (;;) {
			(void)*tlb_page;
			tlb_reading = 1;
		}
	return (arg);
}

static void
tlb_round(const char *what, int unmap)
{
	pthread_t t;
	struct sigaction sa;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = tlb_fault;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	tlb_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	tlb_page[0] = 1;
	tlb_reading = tlb_faulted = 0;
	pin(0);
	pthread_create(&t, NULL, tlb_reader, NULL);
	while (!tlb_reading)
		sched_yield();
	msleep(20);
	if (unmap)
		munmap((void *)tlb_page, 4096);
	else
		mprotect((void *)tlb_page, 4096, PROT_NONE);
	for (i = 0; i < 5000 && !tlb_faulted; i++)
		msleep(1);
	say("threads.%s a page a thread on another CPU is reading: it faults %s", what,
	    tlb_faulted == 1 ? "at the page" : tlb_faulted ? "elsewhere" : "never");
	if (tlb_faulted)
		pthread_join(t, NULL);
}

static void
case_tlb(void)
{
	tlb_round("mprotect PROT_NONE", 0);
	tlb_round("munmap", 1);
}

/*
 * Threads of one process run on all CPUs at once: one spinning thread per
 * CPU of the mask (up to 8), each publishing the CPU it is on and a beat
 * count.  A sample is a success when, across a 50 ms window, every
 * thread's beat advanced and their CPUs were all different -- N threads
 * making progress together on N distinct CPUs.  Sampled until that is
 * seen (20 s of wall time at most: a cap, not a measurement).
 */
#define SPREAD_MAX	8
static volatile int spread_cpu[SPREAD_MAX], spread_stop;
static volatile unsigned long spread_beat[SPREAD_MAX];

static void *
spread_thread(void *arg)
{
	int i = (int)(long)arg;

	while (!spread_stop) {
		spread_cpu[i] = sched_getcpu();
		spread_beat[i]++;
	}
	return (NULL);
}

static void
case_spread(void)
{
	pthread_t t[SPREAD_MAX];
	unsigned long b0[SPREAD_MAX];
	struct timespec start, now;
	cpu_set_t set;
	int n, i, j, ok = 0, started = 0;

	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	n = CPU_COUNT(&set);
	if (n > SPREAD_MAX)
		n = SPREAD_MAX;
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, spread_thread, (void *)(long)i) == 0)
			started++;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (started == n && !ok) {
		for (i = 0; i < n; i++)
			b0[i] = spread_beat[i];
		msleep(50);
		ok = 1;
		for (i = 0; i < n && ok; i++) {
			if (spread_beat[i] == b0[i] || spread_cpu[i] < 0)
				ok = 0;
			for (j = 0; j < i && ok; j++)
				if (spread_cpu[i] == spread_cpu[j])
					ok = 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 20)
			break;
	}
	spread_stop = 1;
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	say("threads.spread: one spinning thread per CPU, seen running on all of them at once: %s",
	    started != n ? "could not start them" : ok ? "yes" : "no");
}

/* --- misc -------------------------------------------------------------------------- */

static void
case_affinity(void)
{
	cpu_set_t set;
	int r;

	pin(1);
	CPU_ZERO(&set);
	r = sched_getaffinity(0, sizeof(set), &set);
	say("threads.affinity pinned to CPU 1 reads back: %s, CPU 1 only %s, runs there %s",
	    res(r), CPU_COUNT(&set) == 1 && CPU_ISSET(1, &set) ? "yes" : "no",
	    sched_getcpu() == 1 ? "yes" : "no");
	CPU_ZERO(&set);
	say("threads.affinity empty mask: %s", res(sched_setaffinity(0, sizeof(set), &set)));
	say("threads.affinity of a missing thread: %s", res(sched_getaffinity(99999,
	    sizeof(set), &set)));
}

static void
case_misc(void)
{
	struct timespec a, b;
	struct rlimit rl;
	char buf[16];

	clock_gettime(CLOCK_MONOTONIC, &a);
	msleep(20);
	clock_gettime(CLOCK_MONOTONIC, &b);
	say("misc.monotonic clock advances over a 20 ms sleep: %s",
	    (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) >= 20000000L ? "yes" : "no");
	say("misc.getrandom 16 bytes: %ld", (long)syscall(SYS_getrandom, buf, 16, 0));
	say("misc.getrandom bad flags: %s", res(syscall(SYS_getrandom, buf, 16, 0x100)));
	getrlimit(RLIMIT_STACK, &rl);
	say("misc.getrlimit stack soft %s", rl.rlim_cur == 8 << 20 ? "8 MiB" : "other");
	rl.rlim_cur = rl.rlim_max + 1;
	say("misc.setrlimit soft above hard: %s", rl.rlim_max == RLIM_INFINITY ? "EINVAL" :
	    res(setrlimit(RLIMIT_NOFILE, &rl)));
	say("misc.gettid of the main thread is the pid: %s", syscall(SYS_gettid) == getpid() ?
	    "yes" : "no");
	{
		const char *e = res(syscall(SYS_prctl, 15, "conf-test", 0, 0, 0));

		syscall(SYS_prctl, 16, buf, 0, 0, 0);
		say("misc.prctl set/get name: %s %s", e, strcmp(buf, "conf-test") == 0 ?
		    "read back" : "differs");
	}
	say("misc.sched_yield: %s", res(sched_yield()));
}

/* --- more: NX, futex requeue and sharing, auxv and close-on-exec, misc calls ------ */

/*
 * NX: code written into a data page does not run (SIGSEGV at that address,
 * SEGV_ACCERR) until mprotect adds PROT_EXEC; the stack is not executable
 * either (PT_GNU_STACK without X).  A user access to the kernel half faults.
 */
static void
case_nx(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	unsigned char *p = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char stackcode[16] = { 0xb8, 42, 0, 0, 0, 0xc3 };	/* mov $42,%eax; ret */
	int (*volatile fn)(void);
	int r = -1;

	catch_faults();
	memcpy(p, stackcode, 6);
	fn = (int (*)(void))(void *)p;
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		r = fn();
	say("memory.nx run a data page: %s, %s, code %s", fault_sig == SIGSEGV ? "SIGSEGV" : "ran",
	    fault_addr == (void *)p ? "==addr" : "!=addr",
	    fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other");
	say("memory.nx mprotect read+exec: %s", res(mprotect(p, (size_t)pg, PROT_READ | PROT_EXEC)));
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		r = fn();
	say("memory.nx then it runs: %s, returned %d", fault_sig == 0 ? "yes" : "faulted", r);
	fn = (int (*)(void))(void *)stackcode;
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		r = fn();
	say("memory.nx run the stack: %s", fault_sig == SIGSEGV ? "SIGSEGV" : "ran");
	fault_sig = 0;
	if (sigsetjmp(jb, 1) == 0)
		(void)*(volatile char *)0xffffffff80001000UL;
	say("memory.read of a kernel-half address: %s", fault_sig == SIGSEGV ? "SIGSEGV" : "read");
	munmap(p, (size_t)pg);
}

#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_CLOCK_REALTIME	256

static int futex_a, futex_b;
static volatile int futex_woken;

static void *
futex_waiter(void *arg)
{
	syscall(SYS_futex, &futex_a, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	__atomic_add_fetch(&futex_woken, 1, __ATOMIC_SEQ_CST);
	return (arg);
}

/* Waiters moved from one word to another (CMP_REQUEUE), woken there; a shared futex. */
static void
case_futex_requeue(void)
{
	pthread_t t[3];
	long moved = 0, r, a, b;
	int i, spins;
	int *shared;
	pid_t pid;
	int st;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, futex_waiter, NULL);
	/* Move every waiter to futex_b; they arrive when they arrive. */
	for (spins = 0; moved < 3 && spins < 2000; spins++) {
		r = syscall(SYS_futex, &futex_a, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 0,
		    (void *)(long)1000, &futex_b, 0);
		if (r > 0)
			moved += r;
		else
			msleep(5);
	}
	say("threads.futex requeue moved the waiters: %ld", moved);
	say("threads.futex cmp_requeue with a stale value: %s", res(syscall(SYS_futex, &futex_b,
	    FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 0, (void *)1L, &futex_a, 1)));
	r = syscall(SYS_futex, &futex_b, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 1, (void *)1L,
	    &futex_a, 0);
	say("threads.futex cmp_requeue wake 1 move 1: %ld", r);
	a = syscall(SYS_futex, &futex_a, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, NULL, NULL, 0);
	b = syscall(SYS_futex, &futex_b, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 10, NULL, NULL, 0);
	say("threads.futex then woken from each word: %ld %ld", a, b);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	say("threads.futex all waiters returned: %d", futex_woken);
	{
		struct timespec ts;
		int w = 0;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += 20000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		say("threads.futex wait_bitset absolute monotonic timeout: %s",
		    res(syscall(SYS_futex, &w, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &ts, NULL,
		    ~0)));
		clock_gettime(CLOCK_REALTIME, &ts);
		say("threads.futex wait_bitset realtime deadline passed: %s",
		    res(syscall(SYS_futex, &w, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG |
		    FUTEX_CLOCK_REALTIME, 0, &ts, NULL, ~0)));
		say("threads.futex wait_bitset zero mask: %s", res(syscall(SYS_futex, &w,
		    FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0)));
	}
	/* A shared futex: a child waits on a word of MAP_SHARED memory, the parent wakes it. */
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	shared[0] = 0;
	pid = fork();
	if (pid == 0) {
		while (__atomic_load_n(&shared[0], __ATOMIC_SEQ_CST) == 0)
			syscall(SYS_futex, &shared[0], FUTEX_WAIT, 0, NULL, NULL, 0);
		_exit(shared[0]);
	}
	for (r = 0, spins = 0; r == 0 && spins < 2000; spins++) {
		r = syscall(SYS_futex, &shared[0], FUTEX_WAKE, 1, NULL, NULL, 0);
		if (r == 0)
			msleep(5);
	}
	__atomic_store_n(&shared[0], 9, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &shared[0], FUTEX_WAKE, 1, NULL, NULL, 0);
	waitpid(pid, &st, 0);
	say("proc.shared futex across fork: woke %ld, child %s", r, status_str(st));
	munmap(shared, 4096);
}

/* The program exec'd by case_auxv: what its auxiliary vector and descriptors hold. */
static int
auxv_child(char **argv)
{
	static const struct {
		unsigned long	type;
		const char	*name;
	} at[] = {
		{ AT_PHDR, "AT_PHDR" }, { AT_PHENT, "AT_PHENT" }, { AT_PHNUM, "AT_PHNUM" },
		{ AT_PAGESZ, "AT_PAGESZ" }, { AT_BASE, "AT_BASE" }, { AT_FLAGS, "AT_FLAGS" },
		{ AT_ENTRY, "AT_ENTRY" }, { AT_UID, "AT_UID" }, { AT_EUID, "AT_EUID" },
		{ AT_GID, "AT_GID" }, { AT_EGID, "AT_EGID" }, { AT_SECURE, "AT_SECURE" },
		{ AT_RANDOM, "AT_RANDOM" }, { AT_HWCAP, "AT_HWCAP" }, { AT_HWCAP2, "AT_HWCAP2" },
		{ AT_CLKTCK, "AT_CLKTCK" }, { AT_PLATFORM, "AT_PLATFORM" }, { AT_EXECFN, "AT_EXECFN" },
	};
	char line[400] = "exec.auxv present:";
	unsigned long v;
	unsigned i;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		errno = 0;
		getauxval(at[i].type);
		if (errno == 0)
			snprintf(line + strlen(line), sizeof(line) - strlen(line), " %s",
			    at[i].name);
	}
	say("%s", line);
	say("exec.auxv values: pagesz %lu phent %lu clktck %lu secure %lu flags %lu base %lu",
	    getauxval(AT_PAGESZ), getauxval(AT_PHENT), getauxval(AT_CLKTCK),
	    getauxval(AT_SECURE), getauxval(AT_FLAGS), getauxval(AT_BASE));
	say("exec.auxv ids match: %s", getauxval(AT_UID) == getuid() &&
	    getauxval(AT_EUID) == geteuid() && getauxval(AT_GID) == getgid() &&
	    getauxval(AT_EGID) == getegid() ? "yes" : "no");
	v = getauxval(AT_PLATFORM);
	say("exec.auxv platform: %s", v ? (const char *)v : "(none)");
	v = getauxval(AT_EXECFN);
	say("exec.auxv execfn is the path given to execve: %s",
	    v && strcmp((const char *)v, argv[0]) == 0 ? "yes" : "no");
	v = getauxval(AT_PHDR);
	say("exec.auxv phdr holds the program headers: %s",
	    v && ((const unsigned int *)v)[0] != 0 && getauxval(AT_PHNUM) > 1 ? "yes" : "no");
	say("exec.close-on-exec descriptor: %s", fcntl(30, F_GETFD) < 0 ? errname(errno) : "open");
	say("exec.plain descriptor: %s", fcntl(31, F_GETFD) < 0 ? errname(errno) : "open");
	return (0);
}

static void
case_auxv(void)
{
	char *argv[] = { (char *)self, "--auxv", NULL };
	pid_t pid;
	int st;

	dup3(1, 30, O_CLOEXEC);
	dup2(1, 31);
	pid = fork();
	if (pid == 0) {
		execve(self, argv, NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	say("exec.auxv child: %s", status_str(st));
}

static volatile int tk_runs, tk_code;

static void
tk_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	tk_runs++;
	tk_code = si->si_code;
}

static void
case_misc_more(void)
{
	struct timespec a, b;
	struct timeval tv;
	struct rlimit old, rl;
	struct rusage ru;
	struct tms tms;
	struct sigaction sa;
	sigset_t set, pend;
	long robust[3] = { 0, 0, 0 };
	int tid = (int)syscall(SYS_gettid), x;
	mode_t m1, m2;
	const char *e, *e2;

	/* Arguments are evaluated in no set order: one call per statement. */
	say("misc.prctl dumpable: get %ld", (long)syscall(SYS_prctl, 3, 0, 0, 0, 0));
	e = res(syscall(SYS_prctl, 4, 0, 0, 0, 0));
	say("misc.prctl set dumpable 0: %s, get %ld", e, (long)syscall(SYS_prctl, 3, 0, 0, 0, 0));
	e = res(syscall(SYS_prctl, 4, 1, 0, 0, 0));
	say("misc.prctl set dumpable 1: %s, get %ld", e, (long)syscall(SYS_prctl, 3, 0, 0, 0, 0));
	say("misc.prctl set dumpable 5: %s", res(syscall(SYS_prctl, 4, 5, 0, 0, 0)));
	clock_gettime(CLOCK_REALTIME, &a);
	syscall(SYS_gettimeofday, &tv, NULL);
	x = (int)syscall(SYS_time, NULL);
	clock_gettime(CLOCK_REALTIME, &b);
	say("misc.gettimeofday and time agree with clock_gettime: %s",
	    tv.tv_sec >= a.tv_sec && tv.tv_sec <= b.tv_sec && x >= a.tv_sec && x <= b.tv_sec ?
	    "yes" : "no");
	say("misc.gettimeofday to unmapped memory: %s", res(syscall(SYS_gettimeofday,
	    (void *)0x10, NULL)));
	clock_gettime(CLOCK_MONOTONIC, &a);
	x = (int)syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0,
	    &(struct timespec){ 0, 20000000 }, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	say("misc.clock_nanosleep 20 ms: %s, slept long enough %s", x == 0 ? "ok" : "error",
	    (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) >= 20000000L ?
	    "yes" : "no");
	say("misc.clock_nanosleep absolute time in the past: %ld",
	    (long)syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 1 /* TIMER_ABSTIME */, &a, NULL));
	say("misc.clock_nanosleep bad clock: %s",
	    res(syscall(SYS_clock_nanosleep, 99, 0, &(struct timespec){ 0, 1 }, NULL)));
	say("misc.prlimit64 read: %s", res(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old)));
	rl = old;
	rl.rlim_cur = 100;
	say("misc.prlimit64 set soft 100: %s", res(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &rl,
	    NULL)));
	getrlimit(RLIMIT_NOFILE, &rl);
	say("misc.getrlimit reads it back: %lu", (unsigned long)rl.rlim_cur);
	say("misc.prlimit64 of no such process: %s", res(syscall(SYS_prlimit64, 999999,
	    RLIMIT_NOFILE, NULL, &rl)));
	m1 = umask(027);	/* the old mask is the caller's: not printed */
	m2 = umask(077);
	umask(m1);
	say("misc.umask: set 027, read back %03o", (unsigned)m2);
	e = res(getrusage(RUSAGE_SELF, &ru));
	e2 = res(getrusage(RUSAGE_CHILDREN, &ru));
	say("misc.getrusage self: %s, children %s, bad who %s", e, e2,
	    res(syscall(SYS_getrusage, 5, &ru)));
	say("misc.times: %s", times(&tms) == (clock_t)-1 ? errname(errno) : "ok");
	say("misc.set_tid_address returns the tid: %s",
	    syscall(SYS_set_tid_address, &x) == tid ? "yes" : "no");
	e = res(syscall(SYS_set_robust_list, robust, sizeof(robust)));
	say("misc.set_robust_list: %s, bad length %s", e,
	    res(syscall(SYS_set_robust_list, robust, 10)));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = tk_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	e = res(syscall(SYS_tgkill, getpid(), tid, SIGUSR1));
	say("misc.tgkill to self: %s, ran %d, SI_TKILL %s", e, tk_runs,
	    tk_code == SI_TKILL ? "yes" : "no");
	e = res(syscall(SYS_tkill, tid, SIGUSR1));
	say("misc.tkill to self: %s, ran %d", e, tk_runs);
	say("misc.tgkill wrong group: %s", res(syscall(SYS_tgkill, getpid() + 1000000, tid, 0)));
	say("misc.tgkill bad signal: %s", res(syscall(SYS_tgkill, getpid(), tid, 65)));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGUSR2);
	sigemptyset(&pend);
	e = res(syscall(SYS_rt_sigpending, &pend, 8));
	say("misc.rt_sigpending: %s, SIGUSR2 pending %s, SIGUSR1 %s", e,
	    sigismember(&pend, SIGUSR2) ? "yes" : "no", sigismember(&pend, SIGUSR1) ? "yes" : "no");
	say("misc.rt_sigpending size 16: %s", res(syscall(SYS_rt_sigpending, &pend, 16)));
	{
		struct utsname u;

		uname(&u);
		say("misc.uname: %s %s", u.sysname, u.machine);
	}
}

/*
 * clone with glibc's fork flags: PARENT_SETTID and CHILD_SETTID store the
 * child's id, CHILD_CLEARTID zeroes it when the child exits (the words are
 * in shared memory so both sides see them); flag combinations Linux refuses.
 */
static void
case_clone(void)
{
	volatile int *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	long pid;
	int st;

	w[0] = w[1] = -1;
	pid = syscall(SYS_clone, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID |
	    SIGCHLD, 0, &w[0], &w[1], 0);
	if (pid == 0) {
		w[2] = w[1] == syscall(SYS_gettid);
		syscall(SYS_exit_group, 6);
	}
	waitpid((pid_t)pid, &st, 0);
	say("proc.clone with fork flags: %s, child saw its tid %s, parent_settid is the pid %s, "
	    "cleared at exit %s", status_str(st), w[2] == 1 ? "yes" : "no",
	    w[0] == pid ? "yes" : "no", w[1] == 0 ? "yes" : "no");
	say("proc.clone CLONE_THREAD without CLONE_SIGHAND: %s", res(syscall(SYS_clone,
	    CLONE_THREAD | CLONE_VM, 0, NULL, NULL, 0)));
	say("proc.clone CLONE_SIGHAND without CLONE_VM: %s", res(syscall(SYS_clone,
	    CLONE_SIGHAND | SIGCHLD, 0, NULL, NULL, 0)));
	munmap((void *)w, 4096);
}

/* SIGCHLD: on exit and stop (not with SA_NOCLDSTOP), and no zombies when ignored. */
static volatile int chld_runs, chld_code, chld_status, chld_pid;

static void
chld_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	chld_runs++;
	chld_code = si->si_code;
	chld_status = si->si_status;
	chld_pid = si->si_pid;
}

static const char *
cld_name(int code)
{
	return (code == CLD_EXITED ? "CLD_EXITED" : code == CLD_KILLED ? "CLD_KILLED" :
	    code == CLD_STOPPED ? "CLD_STOPPED" : code == CLD_CONTINUED ? "CLD_CONTINUED" : "?");
}

/* Waits (with SIGCHLD blocked outside) until the handler has run `runs` times or 2 s pass. */
static void
wait_chld(int runs, const sigset_t *unblocked)
{
	int i;

	for (i = 0; i < 200 && chld_runs < runs; i++) {
		struct timespec ts = { 0, 10000000 };

		sigprocmask(SIG_SETMASK, unblocked, NULL);
		nanosleep(&ts, NULL);
	}
}

static void
case_sigchld(void)
{
	struct sigaction sa;
	sigset_t set, old;
	pid_t pid;
	int st;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = chld_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid = fork();
	if (pid == 0)
		_exit(4);
	wait_chld(1, &old);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say("signal.SIGCHLD on exit: ran %d, %s status %d, si_pid %s", chld_runs,
	    cld_name(chld_code), chld_status, chld_pid == pid ? "right" : "wrong");
	waitpid(pid, &st, 0);
	chld_runs = 0;
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	wait_chld(1, &old);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say("signal.SIGCHLD on stop: ran %d, %s status %d", chld_runs, cld_name(chld_code),
	    chld_status);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	/* Its death's SIGCHLD waits, blocked: take it. */
	sigtimedwait(&set, NULL, &(struct timespec){ 0, 0 });
	sa.sa_flags = SA_SIGINFO | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	chld_runs = 0;
	pid = fork();
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	waitpid(pid, &st, WUNTRACED);
	sigprocmask(SIG_SETMASK, &old, NULL);
	msleep(50);
	sigprocmask(SIG_BLOCK, &set, NULL);
	say("signal.SA_NOCLDSTOP: %s, handler ran %d", status_str(st), chld_runs);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(1);
	errno = 0;
	say("signal.SIGCHLD ignored: no zombie, waitpid %s",
	    waitpid(pid, &st, 0) < 0 ? errname(errno) : "reaped one");
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* SA_NODEFER: the handler's own signal interrupts it; without, it waits for the end. */
static volatile int nd_depth, nd_max, nd_runs;

static void
nd_handler(int sig)
{
	nd_depth++;
	if (nd_depth > nd_max)
		nd_max = nd_depth;
	if (++nd_runs == 1)
		raise(sig);
	nd_depth--;
}

static void
case_nodefer(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = nd_handler;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	say("signal.SA_NODEFER: ran %d, deepest %d", nd_runs, nd_max);
	nd_runs = nd_max = 0;
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	say("signal.without SA_NODEFER: ran %d, deepest %d", nd_runs, nd_max);
}

/* --- interval timers ---------------------------------------------------------------- */

static volatile int it_runs[65], it_code;

static void
it_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	it_runs[sig]++;
	it_code = si->si_code;
}

static void
it_catch(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = it_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(sig, &sa, NULL);
	it_runs[sig] = 0;
}

static long
tv_us(struct timeval tv)
{
	return (tv.tv_sec * 1000000L + tv.tv_usec);
}

/*
 * A setting as a line fragment.  The value is a time left, shown only as
 * within (0, max_us]: settings read back are long (1000 s) or periodic, so
 * that no load can make them run out before they are read.
 */
static const char *
itv_str(const struct itimerval *v, long max_us)
{
	static char bufs[2][96];	/* two in one line */
	static int n;
	char *buf = bufs[n++ % 2];
	long us = tv_us(v->it_value);

	snprintf(buf, sizeof(bufs[0]), "value %s, interval %ld us",
	    us == 0 ? "0" : us > 0 && us <= max_us ? "in range" :
	    "out of range", tv_us(v->it_interval));
	return (buf);
}

static int
raw_setitimer(int which, const void *nv, void *ov)
{
	return ((int)syscall(SYS_setitimer, which, nv, ov));
}

static int
raw_getitimer(int which, void *v)
{
	return ((int)syscall(SYS_getitimer, which, v));
}

/* Burns user CPU time until sig has run n times (or about 20 s of wall time). */
static int
spin_until(int sig, int n)
{
	struct timespec a, b;
	volatile unsigned long x = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	while (it_runs[sig] < n) {
		for (int i = 0; i < 100000; i++)
			x += (unsigned long)i;
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec - a.tv_sec > 20)
			return (0);
	}
	return (1);
}

/* Linux's rounding of alarm's result: to the nearest second, but never 0 for a timer set. */
static long
alarm_round(long us)
{
	long sec = us / 1000000L, usec = us % 1000000L;

	return ((sec == 0 && usec != 0) || usec >= 500000 ? sec + 1 : sec);
}

/*
 * alarm(secs)'s result against the time left read just before it: the
 * time left when alarm read it lies between that reading less the time
 * the two calls took, and the reading (so no load breaks the check).
 */
static const char *
alarm_check(unsigned secs)
{
	struct itimerval v;
	struct timespec a, b;
	long hi, lo, r;

	clock_gettime(CLOCK_MONOTONIC, &a);
	getitimer(ITIMER_REAL, &v);
	r = (long)alarm(secs);
	clock_gettime(CLOCK_MONOTONIC, &b);
	hi = tv_us(v.it_value);
	lo = hi - ((b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000 + 1);
	if (lo < 0)
		lo = 0;
	return (r >= alarm_round(lo) && r <= alarm_round(hi) ? "the time left, rounded as Linux does" :
	    "wrong");
}

/* exec'd by case_itimer: exit 1 when ITIMER_REAL survived the exec, armed. */
static int
itimer_child(void)
{
	struct itimerval v;

	if (getitimer(ITIMER_REAL, &v) != 0)
		return (2);
	return (tv_us(v.it_value) > 0 && tv_us(v.it_value) <= 1000000000L ? 1 : 0);
}

static void
case_itimer(void)
{
	struct itimerval v, o, off;
	struct timespec ts;
	sigset_t none;
	pid_t pid;
	int st, i, r, e;
	const char *e1;

	memset(&off, 0, sizeof(off));
	sigemptyset(&none);
	say("itimer.real at start: %s, %s", res(getitimer(ITIMER_REAL, &v)), itv_str(&v, 0));
	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 1000;
	e1 = res(setitimer(ITIMER_REAL, &v, &o));
	say("itimer.real set 1000 s: %s, old %s", e1, itv_str(&o, 0));
	getitimer(ITIMER_REAL, &v);
	say("itimer.real read back: %s", itv_str(&v, 1000000000L));
	v.it_value.tv_sec = 2000;
	v.it_value.tv_usec = 0;
	v.it_interval.tv_usec = 250000;
	setitimer(ITIMER_REAL, &v, &o);
	say("itimer.real reset to 2000 s every 250 ms: old %s", itv_str(&o, 1000000000L));
	getitimer(ITIMER_REAL, &v);
	say("itimer.real read back: %s", itv_str(&v, 2000000000L));
	e1 = res(setitimer(ITIMER_REAL, &off, &o));
	say("itimer.real disarm: %s, old %s", e1, itv_str(&o, 2000000000L));
	getitimer(ITIMER_REAL, &v);
	say("itimer.real after disarm: %s", itv_str(&v, 0));
	memset(&v, 0, sizeof(v));
	v.it_interval.tv_sec = 1;
	setitimer(ITIMER_REAL, &v, NULL);
	getitimer(ITIMER_REAL, &v);
	say("itimer.real interval without a value: %s", itv_str(&v, 0));

	/* A one-shot: one SIGALRM, SI_KERNEL, then off. */
	it_catch(SIGALRM);
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 50000;
	setitimer(ITIMER_REAL, &v, NULL);
	r = sigsuspend(&none);
	e = errno;
	msleep(200);
	getitimer(ITIMER_REAL, &v);
	say("itimer.real 50 ms one-shot: sigsuspend %s, ran %d, SI_KERNEL %s, then %s",
	    r < 0 ? errname(e) : "returned 0", it_runs[SIGALRM], it_code == SI_KERNEL ? "yes" :
	    "no", itv_str(&v, 0));
	/* Periodic: it goes on until disarmed. */
	it_catch(SIGALRM);
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 20000;
	v.it_interval.tv_usec = 20000;
	setitimer(ITIMER_REAL, &v, NULL);
	for (i = 0; i < 4; i++)
		sigsuspend(&none);
	getitimer(ITIMER_REAL, &v);
	say("itimer.real every 20 ms: at least 4 signals %s, %s", it_runs[SIGALRM] >= 4 ?
	    "yes" : "no", itv_str(&v, 20000L));
	setitimer(ITIMER_REAL, &off, NULL);
	r = it_runs[SIGALRM];
	msleep(200);
	say("itimer.real none after disarm: %s", it_runs[SIGALRM] == r ? "yes" : "no");
	/* A handler without SA_RESTART: the blocked call ends with EINTR. */
	{
		struct sigaction sa;
		char c;
		int fds[2];

		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = it_handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGALRM, &sa, NULL);
		if (pipe(fds) == 0) {
			memset(&v, 0, sizeof(v));
			v.it_value.tv_usec = 50000;
			setitimer(ITIMER_REAL, &v, NULL);
			r = (int)read(fds[0], &c, 1);
			say("itimer.real interrupts a read: %s", r < 0 ? errname(errno) : "no");
			close(fds[0]);
			close(fds[1]);
		}
	}

	/* Errors, in Linux's order: the new value is checked before `which`. */
	say("itimer.getitimer which 3: %s", res(raw_getitimer(3, &v)));
	say("itimer.getitimer which -1: %s", res(raw_getitimer(-1, &v)));
	say("itimer.getitimer to unmapped memory: %s", res(raw_getitimer(ITIMER_REAL, (void *)16)));
	say("itimer.getitimer to a kernel address: %s",
	    res(raw_getitimer(ITIMER_REAL, (void *)0xffffffff80000000UL)));
	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 1;
	say("itimer.setitimer which 3: %s", res(raw_setitimer(3, &v, NULL)));
	say("itimer.setitimer from unmapped memory: %s",
	    res(raw_setitimer(ITIMER_REAL, (void *)16, NULL)));
	say("itimer.setitimer from unmapped memory, which 3: %s",
	    res(raw_setitimer(3, (void *)16, NULL)));
	v.it_value.tv_usec = 1000000;
	say("itimer.setitimer usec 1000000: %s", res(raw_setitimer(ITIMER_REAL, &v, NULL)));
	v.it_value.tv_usec = -1;
	say("itimer.setitimer usec -1: %s", res(raw_setitimer(ITIMER_REAL, &v, NULL)));
	v.it_value.tv_usec = 0;
	v.it_value.tv_sec = -1;
	say("itimer.setitimer sec -1: %s", res(raw_setitimer(ITIMER_REAL, &v, NULL)));
	v.it_value.tv_sec = 1;
	v.it_interval.tv_usec = 1000000;
	say("itimer.setitimer bad interval: %s", res(raw_setitimer(ITIMER_REAL, &v, NULL)));
	say("itimer.setitimer bad interval, which 3: %s", res(raw_setitimer(3, &v, NULL)));
	getitimer(ITIMER_REAL, &v);
	say("itimer.real untouched by the refused calls: %s", itv_str(&v, 0));
	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 1000;
	e1 = res(raw_setitimer(ITIMER_REAL, &v, (void *)16));
	getitimer(ITIMER_REAL, &v);
	say("itimer.setitimer old value to unmapped memory: %s, timer set anyway: %s", e1,
	    itv_str(&v, 1000000000L));
	e1 = res(raw_setitimer(ITIMER_REAL, NULL, &o));
	getitimer(ITIMER_REAL, &v);
	say("itimer.setitimer NULL new value: %s, old %s, now %s", e1, itv_str(&o, 1000000000L),
	    itv_str(&v, 0));

	/* alarm: whole seconds, the old time left rounded, the interval dropped. */
	it_catch(SIGALRM);
	say("itimer.alarm 1000 first: returns %u", alarm(1000));
	say("itimer.alarm 300 after 1000: %s", alarm_check(300));
	say("itimer.alarm 0 after 300: %s", alarm_check(0));
	getitimer(ITIMER_REAL, &v);
	say("itimer.alarm 0 leaves it %s", itv_str(&v, 0));
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 900000;	/* below a second: alarm says 1 */
	v.it_interval.tv_sec = 1;
	setitimer(ITIMER_REAL, &v, NULL);
	say("itimer.alarm 700 after setitimer 900 ms: %s", alarm_check(700));
	getitimer(ITIMER_REAL, &v);
	say("itimer.alarm 700 set: %s", itv_str(&v, 700000000L));
	alarm(0);
	pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}
	waitpid(pid, &st, 0);
	say("itimer.alarm default action: %s", status_str(st));

	/* fork does not inherit a timer; exec keeps it. */
	memset(&v, 0, sizeof(v));
	v.it_value.tv_sec = 1000;
	setitimer(ITIMER_REAL, &v, NULL);
	pid = fork();
	if (pid == 0) {
		getitimer(ITIMER_REAL, &v);
		_exit(tv_us(v.it_value) == 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	getitimer(ITIMER_REAL, &v);
	say("itimer.fork: child's %s, parent's %s", WIFEXITED(st) && WEXITSTATUS(st) == 0 ?
	    "off" : "armed", tv_us(v.it_value) > 0 ? "armed" : "off");
	pid = fork();
	if (pid == 0) {
		setitimer(ITIMER_REAL, &v, NULL);
		execl(self, self, "--itimer", (char *)NULL);
		_exit(3);
	}
	waitpid(pid, &st, 0);
	say("itimer.exec keeps it: %s", WIFEXITED(st) && WEXITSTATUS(st) == 1 ? "yes" :
	    status_str(st));
	setitimer(ITIMER_REAL, &off, NULL);

	/* The CPU-time timers: user time (VIRTUAL), all of it (PROF), not sleep. */
	it_catch(SIGVTALRM);
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 100000;
	e1 = res(setitimer(ITIMER_VIRTUAL, &v, NULL));
	ts.tv_sec = 0;
	ts.tv_nsec = 300000000;
	nanosleep(&ts, NULL);
	say("itimer.virtual 100 ms: %s, none while asleep %s", e1,
	    it_runs[SIGVTALRM] == 0 ? "yes" : "no");
	say("itimer.virtual fires while spinning: %s, SI_KERNEL %s",
	    spin_until(SIGVTALRM, 1) ? "yes" : "no", it_code == SI_KERNEL ? "yes" : "no");
	getitimer(ITIMER_VIRTUAL, &v);
	say("itimer.virtual then: %s", itv_str(&v, 0));
	it_catch(SIGPROF);
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 20000;
	v.it_interval.tv_usec = 20000;
	e1 = res(setitimer(ITIMER_PROF, &v, NULL));
	say("itimer.prof every 20 ms: %s, fires 3 times while spinning: %s", e1,
	    spin_until(SIGPROF, 3) ? "yes" : "no");
	getitimer(ITIMER_PROF, &v);
	say("itimer.prof then: %s", itv_str(&v, 20000L));
	e1 = res(setitimer(ITIMER_PROF, &off, &o));
	say("itimer.prof disarm: %s, old %s", e1, itv_str(&o, 20000L));
	getitimer(ITIMER_PROF, &v);
	say("itimer.prof after disarm: %s", itv_str(&v, 0));
}

/* --- sendfile ----------------------------------------------------------------------- */

static const char *
sf(int out, int in, off_t *off, size_t count)
{
	static char bufs[2][48];
	static int n;
	char *buf = bufs[n++ % 2];
	long r = (long)syscall(SYS_sendfile, out, in, off, count);

	if (r < 0)
		return (errname(errno));
	snprintf(buf, sizeof(bufs[0]), "%ld", r);
	return (buf);
}

static void
case_sendfile(void)
{
	const char *pin = "/tmp/conformance-sf-in", *pout = "/tmp/conformance-sf-out";
	const char *pap = "/tmp/conformance-sf-ap";
	char buf[256];
	int in, out, ro, wo, ap, dir, dn, dz, p[2], n;
	off_t off;
	const char *e;

	signal(SIGPIPE, SIG_IGN);
	in = open(pin, O_RDWR | O_CREAT | O_TRUNC, 0644);
	out = open(pout, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ap = open(pap, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	if (in < 0 || out < 0 || ap < 0 || write(in, "0123456789", 10) != 10 || pipe(p) != 0) {
		say("sendfile: setup failed: %s", errname(errno));
		return;
	}
	ro = open(pin, O_RDONLY);
	wo = open(pin, O_WRONLY);
	dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	dn = open("/dev/null", O_WRONLY);
	dz = open("/dev/zero", O_RDONLY);
	lseek(in, 0, SEEK_SET);
	e = sf(out, in, NULL, 4);
	say("sendfile 4 bytes at the file offset: %s, offset now %ld", e, (long)lseek(in, 0,
	    SEEK_CUR));
	off = 3;
	e = sf(out, in, &off, 100);
	say("sendfile from offset 3, 100 asked: %s, *offset %ld, file offset still %ld", e,
	    (long)off, (long)lseek(in, 0, SEEK_CUR));
	e = sf(out, in, &off, 100);
	say("sendfile at the end: %s, *offset %ld", e, (long)off);
	off = 20;
	e = sf(out, in, &off, 100);
	say("sendfile past the end: %s, *offset %ld", e, (long)off);
	say("sendfile count 0: %s", sf(out, ro, NULL, 0));
	n = (int)pread(out, buf, sizeof(buf), 0);
	say("sendfile wrote: %.*s", n > 0 ? n : 0, buf);
	e = sf(p[1], in, NULL, 100);
	n = (int)read(p[0], buf, sizeof(buf));
	say("sendfile into a pipe: %s, the pipe holds %.*s", e, n > 0 ? n : 0, buf);
	say("sendfile to /dev/null: %s", sf(dn, ro, NULL, 100));
	e = sf(out, dz, NULL, 100);
	say("sendfile from /dev/zero: %s", e);
	if (write(p[1], "abc", 3) != 3)
		say("sendfile: pipe write failed");
	say("sendfile from a pipe: %s", sf(out, p[0], NULL, 2));
	off = 0;
	say("sendfile from a pipe at an offset: %s", sf(out, p[0], &off, 1));
	say("sendfile to an O_APPEND file: %s", sf(ap, ro, NULL, 5));
	say("sendfile from a write-only descriptor: %s", sf(out, wo, NULL, 5));
	say("sendfile to a read-only descriptor: %s", sf(ro, in, NULL, 5));
	say("sendfile bad out: %s", sf(99, in, NULL, 5));
	say("sendfile bad in: %s", sf(out, 99, NULL, 5));
	off = -1;
	say("sendfile negative offset: %s", sf(out, ro, &off, 5));
	say("sendfile offset at an unmapped address: %s", sf(out, ro, (off_t *)16, 5));
	say("sendfile offset unmapped, bad descriptors: %s", sf(99, 99, (off_t *)16, 5));
	say("sendfile from a directory: %s", sf(out, dir, NULL, 5));
	say("sendfile to a directory: %s", sf(dir, ro, NULL, 5));
	close(p[0]);
	say("sendfile into a pipe nobody reads: %s", sf(p[1], ro, &(off_t){ 0 }, 5));
	close(p[1]);
	unlink(pin);
	unlink(pout);
	unlink(pap);
}

/* --- flock ------------------------------------------------------------------------- */

static const char *
fl(int fd, int op)
{
	return (res(flock(fd, op)));
}

static void
case_flock(void)
{
	const char *path = "/tmp/conformance-flock";
	struct sigaction sa;
	struct itimerval v;
	int a, b, c, d, p[2], st, r, e;
	pid_t pid;
	const char *e1, *e2;

	a = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	b = open(path, O_RDONLY);
	if (a < 0 || b < 0) {
		say("flock: setup failed: %s", errname(errno));
		return;
	}
	d = dup(a);
	say("flock.exclusive: %s", fl(a, LOCK_EX));
	say("flock.exclusive again by the same description: %s", fl(a, LOCK_EX));
	say("flock.through a dup of it: %s", fl(d, LOCK_EX | LOCK_NB));
	e1 = fl(b, LOCK_EX | LOCK_NB);
	e2 = fl(b, LOCK_SH | LOCK_NB);
	say("flock.another description, exclusive: %s, shared: %s", e1, e2);
	e1 = fl(a, LOCK_UN);
	e2 = fl(b, LOCK_EX | LOCK_NB);
	say("flock.unlock: %s, then the other gets it: %s", e1, e2);
	say("flock.unlock without a lock: %s", fl(a, LOCK_UN));
	fl(b, LOCK_UN);
	e1 = fl(a, LOCK_SH);
	e2 = fl(b, LOCK_SH | LOCK_NB);
	say("flock.two shared: %s %s", e1, e2);
	say("flock.converting to exclusive while another shares: %s", fl(a, LOCK_EX | LOCK_NB));
	say("flock.the refused conversion left no lock: the other converts: %s",
	    fl(b, LOCK_EX | LOCK_NB));
	fl(b, LOCK_UN);
	fl(a, LOCK_EX);
	close(a);
	say("flock.closing one descriptor of two keeps it: %s", fl(b, LOCK_EX | LOCK_NB));
	close(d);
	say("flock.closing the last one drops it: %s", fl(b, LOCK_EX | LOCK_NB));
	fl(b, LOCK_UN);
	/* A lock inherited by fork is the same lock. */
	a = open(path, O_RDWR);
	fl(a, LOCK_EX);
	pid = fork();
	if (pid == 0) {
		int r1 = flock(a, LOCK_UN);	/* the child's copy: the same description */

		_exit(r1 == 0 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	say("flock.a child unlocks the inherited description: %s",
	    fl(b, LOCK_EX | LOCK_NB));
	fl(b, LOCK_UN);
	/* Blocking: the holder lets go, the waiter gets it. */
	fl(a, LOCK_EX);
	if (pipe(p) != 0)
		return;
	pid = fork();
	if (pid == 0) {
		int c2 = open(path, O_RDONLY);
		char x = 'w';

		if (write(p[1], &x, 1) != 1)
			_exit(3);
		_exit(flock(c2, LOCK_SH) == 0 ? 0 : 2);	/* blocks until the parent unlocks */
	}
	{
		char x;

		if (read(p[0], &x, 1) != 1)
			say("flock: pipe read failed");
	}
	msleep(100);
	r = waitpid(pid, &st, WNOHANG);
	e1 = r == 0 ? "waiting" : "not waiting";
	fl(a, LOCK_UN);
	waitpid(pid, &st, 0);
	say("flock.blocking: the waiter is %s, then %s", e1, status_str(st));
	close(p[0]);
	close(p[1]);
	/* A signal ends a blocked flock: EINTR without SA_RESTART. */
	fl(a, LOCK_EX);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sigusr1_plain;
	sigaction(SIGALRM, &sa, NULL);
	memset(&v, 0, sizeof(v));
	v.it_value.tv_usec = 100000;
	v.it_interval.tv_usec = 100000;	/* periodic: one that came too early is not the end */
	setitimer(ITIMER_REAL, &v, NULL);
	r = flock(b, LOCK_EX);
	e = errno;
	memset(&v, 0, sizeof(v));
	setitimer(ITIMER_REAL, &v, NULL);
	say("flock.interrupted by a signal: %s", r == 0 ? "got it" : errname(e));
	fl(a, LOCK_UN);
	/* Errors: the operation is checked before the descriptor. */
	say("flock.operation 0: %s", fl(a, 0));
	say("flock.LOCK_NB alone: %s", fl(a, LOCK_NB));
	say("flock.operation 3: %s", fl(a, 3));
	say("flock.bad descriptor: %s", fl(99, LOCK_EX));
	say("flock.bad operation, bad descriptor: %s", fl(99, 3));
	say("flock.LOCK_MAND (Linux ignores it): %s", fl(99, 32 | LOCK_EX));
	c = open(path, O_PATH);
	say("flock.an O_PATH descriptor: %s", fl(c, LOCK_SH));
	close(c);
	c = open("/tmp", O_RDONLY | O_DIRECTORY);
	say("flock.a directory: %s", fl(c, LOCK_EX | LOCK_NB));
	close(c);
	if (pipe(p) == 0) {
		say("flock.a pipe: %s", fl(p[0], LOCK_EX | LOCK_NB));
		close(p[0]);
		close(p[1]);
	}
	close(a);
	close(b);
	unlink(path);
}

/*
 * sethostname, seen through uname.  On Linux the case first moves to a
 * UTS namespace of its own so that the host's name is never touched; in
 * Sanpo it puts the name back at the end.
 */
static void
case_hostname(void)
{
	struct utsname u0, u;
	char name[80];
	const char *e;
	pid_t pid;
	int st;

	uname(&u0);
	if (strstr(u0.release, "sanpo") == NULL && unshare(CLONE_NEWUTS) != 0) {
		say("hostname: not run, no UTS namespace of its own (%s)", errname(errno));
		return;
	}
	e = res(sethostname("conformance-host", 16));
	uname(&u);
	say("hostname.set: %s, uname says %s", e, u.nodename);
	e = res(syscall(SYS_sethostname, "abcdefgh", 3));
	uname(&u);
	say("hostname.3 bytes of a longer string: %s, uname says %s", e, u.nodename);
	memset(name, 'x', sizeof(name));
	e = res(syscall(SYS_sethostname, name, 64));
	uname(&u);
	say("hostname.64 bytes: %s, uname's is %zu long", e, strnlen(u.nodename, 65));
	say("hostname.65 bytes: %s", res(syscall(SYS_sethostname, name, 65)));
	say("hostname.length -1: %s", res(syscall(SYS_sethostname, name, -1)));
	say("hostname.unmapped name: %s", res(syscall(SYS_sethostname, (void *)16, 5)));
	say("hostname.kernel address: %s", res(syscall(SYS_sethostname,
	    (void *)0xffffffff80000000UL, 5)));
	e = res(syscall(SYS_sethostname, name, 0));
	uname(&u);
	say("hostname.length 0: %s, uname's is %s", e, u.nodename[0] == 0 ? "empty" : "not empty");
	pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(100);
		_exit(syscall(SYS_sethostname, "x", 1) == 0 ? 0 : errno);
	}
	waitpid(pid, &st, 0);
	say("hostname.not root: %s", WIFEXITED(st) ? errname(WEXITSTATUS(st)) : status_str(st));
	pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			_exit(100);
		_exit(syscall(SYS_sethostname, "x", -1) == 0 ? 0 : errno);
	}
	waitpid(pid, &st, 0);
	say("hostname.not root, bad length: %s", WIFEXITED(st) ? errname(WEXITSTATUS(st)) :
	    status_str(st));
	sethostname(u0.nodename, strlen(u0.nodename));
}

/* --- the table --------------------------------------------------------------------- */

static const struct {
	const char	*name;
	void		(*fn)(void);
} cases[] = {
	{ "memory.brk", case_brk }, { "memory.mmap", case_mmap },
	{ "memory.mprotect", case_mprotect }, { "memory.cow", case_cow },
	{ "memory.shared", case_shared }, { "memory.mremap", case_mremap },
	{ "memory.mremap_more", case_mremap_more },
	{ "memory.madvise", case_madvise }, { "memory.filemap", case_mmap_file },
	{ "badptr", case_badptr }, { "exec", case_e2big },
	{ "proc.fork_wait", case_fork_wait }, { "proc.zombies", case_zombies },
	{ "proc.orphan", case_orphan }, { "proc.signal_status", case_signal_status },
	{ "proc.stop", case_stop_continue }, { "proc.groups", case_groups },
	{ "proc.vfork", case_vfork }, { "proc.init", case_init_ignores },
	{ "signal.handlers", case_handlers }, { "signal.nested", case_nested },
	{ "signal.altstack", case_altstack }, { "signal.eintr", case_eintr },
	{ "signal.faults", case_faults }, { "signal.fpu", case_fpu },
	{ "threads.mutex", case_threads }, { "threads.exit", case_thread_exit },
	{ "threads.tlb", case_tlb }, { "threads.affinity", case_affinity },
	{ "misc", case_misc }, { "memory.nx", case_nx }, { "threads.futex", case_futex_requeue },
	{ "exec.auxv", case_auxv }, { "misc.more", case_misc_more }, { "proc.clone", case_clone },
	{ "signal.sigchld", case_sigchld }, { "signal.nodefer", case_nodefer },
	{ "itimer", case_itimer },
	{ "threads.spread", case_spread },
	{ "sendfile", case_sendfile },
	{ "flock", case_flock },
	{ "hostname", case_hostname },
};

static int
wanted(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return (1);
	for (i = 1; i < argc; i++)
		if (strncmp(name, argv[i], strlen(argv[i])) == 0)
			return (1);
	return (0);
}

int
main(int argc, char **argv)
{
	unsigned i;
	pid_t pid;
	int st;

	init_console();
	self = argv[0];
	if (argc == 3 && strcmp(argv[1], "--exit") == 0)
		return (atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "--auxv") == 0)
		return (auxv_child(argv));
	if (argc == 2 && strcmp(argv[1], "--itimer") == 0)
		return (itimer_child());
	say("=== syscall conformance begin ===");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!wanted(cases[i].name, argc, argv))
			continue;
		pid = fork();
		if (pid == 0) {
			cases[i].fn();
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid) {
			say("%s: could not run (%s)", cases[i].name, errname(errno));
			continue;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			say("%s: case ended abnormally: %s", cases[i].name, status_str(st));
	}
	/* Orphans adopted by us (pid 1) along the way. */
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
	say("=== syscall conformance end ===");
	return (0);
}
