/*
 * RCU's tests (part of selftest.ko), driven from the shell:
 *   rcu_test [N]         one reader thread per CPU reads a shared object
 *                        under rcu_read_lock, twice with a pause between,
 *                        while the shell replaces it N times (and on until
 *                        they have read 5000 times) and frees each
 *                        old one through call_rcu, poisoning it first: no
 *                        reader may see the poison
 *   rcu_test_broken [N]  the same with the poison applied at once, no grace
 *                        period: the readers must see it (the check works)
 *   rcu_sleep_test       the might-sleep check inside a read section
 *   rcu_switch_test      really sleeps inside one: the switch panics
 * Each prints a verdict line a test can match and never hangs.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/rcu.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <sanpo/parse.h>

#define RT_LIVE		0x6c697665u	/* "live" */
#define RT_POISON	0x6b6b6b6bu	/* RCU_POISON_BYTE x4 */
#define RT_MIN_READS	5000

struct rt_obj {
	volatile uint32_t	magic;
	struct rcu_head		rh;
};

static struct rt_obj	*rt_shared;
static volatile int	 rt_stop;
static volatile unsigned rt_running, rt_started;
static volatile uint64_t rt_reads, rt_poisoned;

static void
rt_reader(void *arg)
{
	const struct rt_obj *o;
	int i, bad;

	(void)arg;
	__atomic_add_fetch(&rt_started, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&rt_stop, __ATOMIC_ACQUIRE)) {
		rcu_read_lock();
		o = rcu_dereference(rt_shared);
		bad = o->magic != RT_LIVE;
		for (i = 0; i < 500; i++)	/* hold it a while: a writer may swap meanwhile */
			cpu_pause();
		bad |= o->magic != RT_LIVE;
		rcu_read_unlock();
		__atomic_add_fetch(&rt_reads, 1, __ATOMIC_RELAXED);
		if (bad)
			__atomic_add_fetch(&rt_poisoned, 1, __ATOMIC_RELAXED);
	}
	__atomic_sub_fetch(&rt_running, 1, __ATOMIC_SEQ_CST);
}

static void
rt_free(struct rcu_head *h)
{
	struct rt_obj *o = (struct rt_obj *)((char *)h - offsetof(struct rt_obj, rh));

	free(o, M_TEMP);
}

static void
rt_poison_free(struct rcu_head *h)
{
	struct rt_obj *o = (struct rt_obj *)((char *)h - offsetof(struct rt_obj, rh));

	o->magic = RT_POISON;
	free(o, M_TEMP);
}

static int
rt_run(int argc, char **argv, int broken)
{
	uint64_t n = 20000, i, until;
	struct rt_obj *o, *old;
	unsigned cpu, ncpu = 0;

	if (argc > 1 && parse_uint(argv[1], 10, 10000000, &n) != 0) {
		printf("usage: %s [replacements]\n", argv[0]);
		return (1);
	}
	rt_stop = 0;
	rt_reads = rt_poisoned = 0;
	rt_started = 0;
	o = malloc(sizeof(*o), M_TEMP, M_WAITOK | M_ZERO);
	o->magic = RT_LIVE;
	rcu_assign_pointer(rt_shared, o);
	for (cpu = 0; cpu < MAXCPU; cpu++)
		if (pcpu_array[cpu].pc_started)
			ncpu++;
	rt_running = ncpu;
	for (cpu = 0; cpu < MAXCPU; cpu++)
		if (pcpu_array[cpu].pc_started)
			kthread_create(rt_reader, NULL, PRI_USER, (int)cpu, "rcutest%u", cpu);
	until = uptime_us() + 10 * 1000000;
	while (rt_started < ncpu && uptime_us() < until)
		pause_ticks("rcutst", 1);
	/*
	 * At least n replacements, and on until the readers have read RT_MIN_READS
	 * times meanwhile (30 s at most): the two must overlap to test anything.
	 */
	until = uptime_us() + 30 * 1000000;
	for (i = 0; i < n || (!broken && rt_reads < RT_MIN_READS && uptime_us() < until); i++) {
		o = malloc(sizeof(*o), M_TEMP, M_WAITOK | M_ZERO);
		o->magic = RT_LIVE;
		old = rt_shared;
		rcu_assign_pointer(rt_shared, o);
		if (broken) {
			/* The bug RCU prevents: the old one goes at once (freed later, safely). */
			old->magic = RT_POISON;
			call_rcu(&old->rh, rt_free);
			if (rt_poisoned > 0)
				break;	/* the check saw it: enough */
		} else
			call_rcu(&old->rh, rt_poison_free);
		if ((i & 255) == 0)
			sched_yield();
	}
	__atomic_store_n(&rt_stop, 1, __ATOMIC_RELEASE);
	until = uptime_us() + 10 * 1000000;
	while (rt_running > 0 && uptime_us() < until)
		pause_ticks("rcutst", 1);
	if (rt_running > 0) {
		printf("%s: %u readers did not stop\n", argv[0], rt_running);
		return (1);
	}
	synchronize_rcu();
	old = rt_shared;
	rt_shared = NULL;
	rt_free(&old->rh);
	rcu_barrier();
	printf("%s: %llu replacements, %llu reads on %u CPUs, %llu saw poison\n", argv[0],
	    (unsigned long long)(i < n ? i + 1 : i), (unsigned long long)rt_reads, ncpu,
	    (unsigned long long)rt_poisoned);
	return (broken ? rt_poisoned == 0 : rt_poisoned != 0);
}

static int
cmd_rcu_test(int argc, char **argv)
{
	return (rt_run(argc, argv, 0));
}
SHELL_COMMAND(rcu_test, cmd_rcu_test, "rcu_test [N]",
    "test: readers on every CPU while an object is replaced N times through call_rcu");

static int
cmd_rcu_test_broken(int argc, char **argv)
{
	return (rt_run(argc, argv, 1));
}
SHELL_COMMAND(rcu_test_broken, cmd_rcu_test_broken, "rcu_test_broken [N]",
    "test: the same with no grace period before the poison: readers must see it");

/* The check a sleep makes, inside a read section (no real sleep). */
static int
cmd_rcu_sleep_test(int argc, char **argv)
{
	int reported;

	(void)argc;
	(void)argv;
	rcu_read_lock();
	reported = witness_warn_sleep("sleeping (test)", NULL, __FILE__, __LINE__);
	rcu_read_unlock();
	printf("rcu_sleep_test: %s\n", reported ? "reported" : "NOT reported");
	return (!reported);
}
SHELL_COMMAND(rcu_sleep_test, cmd_rcu_sleep_test, "rcu_sleep_test",
    "test: check for sleeping inside an RCU read section");

/* Test-only: a real sleep inside a read section -- the context switch must panic. */
static int
cmd_rcu_switch_test(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("rcu_switch_test: sleeping inside an RCU read section\n");
	rcu_read_lock();
	pause_ticks("rcusw", 1);
	rcu_read_unlock();
	printf("rcu_switch_test: NOT caught\n");
	return (1);
}
SHELL_COMMAND(rcu_switch_test, cmd_rcu_switch_test, "rcu_switch_test",
    "test: sleep inside an RCU read section (panics)");
