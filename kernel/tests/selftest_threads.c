/*
 * Scheduler and lock tests the boot tests drive from the shell (part of
 * selftest.ko):
 *   threadtest N [ms]   N busy threads; reports how often each CPU ran them
 *   lockstress T [s]    T threads hammering sleep mutexes, sx locks, condition
 *                       variables and sleeps; checks every count at the end
 * Both print a verdict line a test can match, and never hang: waits are
 * bounded and report what did not finish.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/condvar.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/sx.h>
#include <machine/cpufunc.h>
#include <sanpo/parse.h>


/* Optional argument i of argv as a number in [min, max]; 0 or -1. */
static int
count_arg(int argc, char **argv, int i, unsigned min, unsigned max, unsigned *v)
{
	uint64_t x;

	if (i >= argc)
		return (0);		/* absent: *v keeps its default */
	if (parse_uint(argv[i], 10, max, &x) != 0 || x < min)
		return (-1);
	*v = (unsigned)x;
	return (0);
}

/* Waits (sleeping a tick at a time) until *done reaches n or timeout_ms passes. */
static int
wait_count(volatile unsigned *done, unsigned n, uint64_t timeout_ms)
{
	uint64_t end = uptime_us() + timeout_ms * 1000;

	while (*done < n) {
		if (uptime_us() > end)
			return (-1);
		wait_a_little("selftst");
	}
	return (0);
}

/* --- threadtest --------------------------------------------------------- */

static volatile uint64_t spread_runs[MAXCPU];
static volatile unsigned spread_done;
static uint64_t spread_ms;
static volatile uint64_t spread_min_switches;	/* fewest times any thread was switched in */
static volatile uint64_t spread_sum_switches;	/* switch-ins of all threads */

static void
spread_thread(void *arg)
{
	uint64_t end = uptime_us() + spread_ms * 1000;

	(void)arg;
	while (uptime_us() < end) {
		__atomic_add_fetch(&spread_runs[curcpu], 1, __ATOMIC_RELAXED);
		cpu_pause();
	}
	/* Never yields: more than one switch-in means the tick preempted it. */
	uint64_t sw = curthread->td_switches, min;

	__atomic_add_fetch(&spread_sum_switches, sw, __ATOMIC_SEQ_CST);
	min = spread_min_switches;
	while (sw < min && !__atomic_compare_exchange_n(&spread_min_switches, &min, sw,
	    0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	__atomic_add_fetch(&spread_done, 1, __ATOMIC_SEQ_CST);
}

static int
cmd_threadtest(int argc, char **argv)
{
	unsigned n, ms = 2000, i, used = 0;

	if (argc < 2 || argc > 3 || count_arg(argc, argv, 1, 1, 64, &n) != 0 ||
	    count_arg(argc, argv, 2, 1, 60000, &ms) != 0)
		return (shell_usage(argv[0], NULL));
	if (hz == 0) {
		printf("threadtest: no clock tick yet: threads cannot be preempted\n");
		return (1);
	}
	for (i = 0; i < MAXCPU; i++)
		spread_runs[i] = 0;
	spread_done = 0;
	spread_ms = ms;
	spread_min_switches = UINT64_MAX;
	spread_sum_switches = 0;
	for (i = 0; i < n; i++)
		kthread_create(spread_thread, NULL, PRI_KERN + 8, NOCPU, "spread%u", i);
	if (wait_count(&spread_done, n, ms + 30000) != 0) {
		printf("threadtest: only %u of %u threads finished\n", spread_done, n);
		return (1);
	}
	for (i = 0; i < mp_ncpus; i++) {
		printf("cpu%u: %llu\n", i, (unsigned long long)spread_runs[i]);
		used += spread_runs[i] != 0;
	}
	printf("threadtest: %u threads ran on %u of %u CPUs\n", n, used, mp_ncpus);
	printf("threadtest: switch-ins: fewest %llu, total %llu\n",
	    (unsigned long long)spread_min_switches, (unsigned long long)spread_sum_switches);
	return (0);
}
SHELL_COMMAND(threadtest, cmd_threadtest, "threadtest threads(1-64) [ms(1-60000)]",
    "test: run busy threads and show how each CPU shared them");

/* --- lockstress --------------------------------------------------------- */

#define RING	16

static struct {
	struct mtx	 m;		/* sleep mutex: counter, ring */
	struct sx	 sx;		/* guards pair[] */
	struct cv	 notempty, notfull;
	uint64_t	 counter;	/* incremented under m */
	uint64_t	 pair[2];	/* always equal, under sx */
	uint64_t	 ring[RING];
	unsigned	 head, tail;	/* ring indexes, under m */
	uint64_t	 produced_sum, consumed_sum, consumed;
	uint64_t	 sx_bad;	/* readers that saw pair[0] != pair[1] */
	volatile unsigned done;
	uint64_t	 end_us;
	int		 inited;
	unsigned	 nproducers;
	volatile unsigned producers_left;
} ls;

static void
ls_put(uint64_t v)
{
	mtx_lock(&ls.m);
	while (ls.head - ls.tail == RING)
		cv_wait(&ls.notfull, &ls.m);
	ls.ring[ls.head++ % RING] = v;
	ls.produced_sum += v;
	cv_signal(&ls.notempty);
	mtx_unlock(&ls.m);
}

static void
ls_worker(void *arg)
{
	uintptr_t id = (uintptr_t)arg;
	uint64_t seed = id * 7919 + 1, seq = 0;

	while (uptime_us() < ls.end_us) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		switch ((seed >> 60) % 4) {
		case 0:
			mtx_lock(&ls.m);
			ls.counter++;
			mtx_unlock(&ls.m);
			break;
		case 1:
			sx_slock(&ls.sx);
			if (ls.pair[0] != ls.pair[1])
				__atomic_add_fetch(&ls.sx_bad, 1, __ATOMIC_RELAXED);
			sx_sunlock(&ls.sx);
			break;
		case 2:
			sx_xlock(&ls.sx);
			ls.pair[0]++;
			cpu_pause();
			ls.pair[1]++;
			sx_xunlock(&ls.sx);
			break;
		default:
			if (id < ls.nproducers)
				ls_put(++seq * 1000 + id);
			else if ((seed & 0xff) == 0)
				wait_a_little("lsnap");
			break;
		}
	}
	if (id < ls.nproducers)
		__atomic_sub_fetch(&ls.producers_left, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&ls.done, 1, __ATOMIC_SEQ_CST);
}

/* The consumer drains the ring until every producer has finished. */
static void
ls_consumer(void *arg)
{
	(void)arg;
	mtx_lock(&ls.m);
	for (;;) {
		while (ls.head == ls.tail) {
			if (ls.producers_left == 0)
				goto out;
			/* Timed: the last producer's exit is not signalled. */
			cv_timedwait(&ls.notempty, &ls.m, 1);
		}
		ls.consumed_sum += ls.ring[ls.tail++ % RING];
		ls.consumed++;
		cv_signal(&ls.notfull);
	}
out:
	mtx_unlock(&ls.m);
	__atomic_add_fetch(&ls.done, 1, __ATOMIC_SEQ_CST);
}

static int
cmd_lockstress(int argc, char **argv)
{
	unsigned nthreads = 8, secs = 5, i;
	uint64_t expect_ops;
	int ok;

	if (argc > 3 || count_arg(argc, argv, 1, 2, 32, &nthreads) != 0 ||
	    count_arg(argc, argv, 2, 1, 120, &secs) != 0)
		return (shell_usage(argv[0], NULL));
	if (hz == 0) {
		printf("lockstress: no clock tick yet\n");
		return (1);
	}
	if (!ls.inited) {
		mtx_init(&ls.m, "lockstress mtx", MTX_DEF);
		sx_init(&ls.sx, "lockstress sx");
		cv_init(&ls.notempty, "lsempty");
		cv_init(&ls.notfull, "lsfull");
		ls.inited = 1;
	}
	ls.counter = ls.pair[0] = ls.pair[1] = 0;
	ls.head = ls.tail = 0;
	ls.produced_sum = ls.consumed_sum = ls.consumed = ls.sx_bad = 0;
	ls.done = 0;
	ls.nproducers = nthreads / 2;
	ls.producers_left = ls.nproducers;
	ls.end_us = uptime_us() + (uint64_t)secs * 1000000;
	for (i = 0; i < nthreads; i++)
		kthread_create(ls_worker, (void *)(uintptr_t)i, PRI_KERN + 4, NOCPU, "stress%u", i);
	kthread_create(ls_consumer, NULL, PRI_KERN + 4, NOCPU, "stresscons");
	if (wait_count(&ls.done, nthreads + 1, secs * 1000ULL + 30000) != 0) {
		printf("lockstress: HANG: only %u of %u threads finished (lost wakeup?)\n",
		    ls.done, nthreads + 1);
		return (1);
	}
	expect_ops = ls.counter;
	ok = ls.pair[0] == ls.pair[1] && ls.sx_bad == 0 &&
	    ls.produced_sum == ls.consumed_sum && ls.head == ls.tail;
	printf("lockstress: %u threads, %us: mutex ops %llu, sx writes %llu, "
	    "items %llu (sums %s), sx readers saw torn pairs %llu\n", nthreads, secs,
	    (unsigned long long)expect_ops, (unsigned long long)ls.pair[0],
	    (unsigned long long)ls.consumed,
	    ls.produced_sum == ls.consumed_sum ? "match" : "DIFFER",
	    (unsigned long long)ls.sx_bad);
	printf("lockstress: %s\n", ok ? "ok" : "FAILED");
	return (!ok);
}
SHELL_COMMAND(lockstress, cmd_lockstress, "lockstress [threads(2-32)] [seconds(1-120)]",
    "test: threads taking locks and sleeping on all CPUs; checks the counts");

/* --- kstacktest --------------------------------------------------------- */

/* Deep enough recursion to run off any kernel stack; the frame is kept. */
static volatile unsigned kstack_limit = ~0u;	/* volatile: not provably infinite */

static unsigned __attribute__((noinline))
kstack_recurse(unsigned depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth >= kstack_limit)
		return (0);
	return (kstack_recurse(depth + 1) + frame[0]);
}

static void
kstack_overflow_thread(void *arg)
{
	(void)arg;
	printf("kstacktest: recursing until the guard page stops it\n");
	kstack_recurse(0);
}

static int
cmd_kstacktest(int argc, char **argv)
{
	if (argc != 1)
		return (shell_usage(argv[0], NULL));
	kthread_create(kstack_overflow_thread, NULL, PRI_KERN, NOCPU, "kstacktest");
	pause_ticks("kstack", 100);
	printf("kstacktest: the overflow went unnoticed\n");
	return (1);
}
SHELL_COMMAND(kstacktest, cmd_kstacktest, "kstacktest",
    "test: overflow a kernel thread's stack; the guard page must catch it (fatal)");
