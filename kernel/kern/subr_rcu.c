/*
 * Read-copy-update (<sys/rcu.h>): classic non-preemptible RCU.
 *
 * Read sections are critical sections (td_critnest) with their own nesting
 * count (td_rcu_nest), so a thread never switches inside one.  Each CPU
 * counts its quiescent states in rcu_cpu[].qs: at a context switch, in the
 * idle loop, on the return to user mode and at a clock tick that finds no
 * read section running -- but only while a grace period is being waited
 * for (rcu_gp_active), so the common path costs one load.
 *
 * One kernel thread, "rcu", runs everything else: it takes the callbacks
 * queued so far as one batch, snapshots every running CPU's counter, waits
 * until each has moved (its own CPU counts at once: the thread runs, so no
 * read section does there), and then runs the batch in order.  Callbacks
 * queued meanwhile form the next batch, so batches complete in the order
 * they were queued, which is what rcu_barrier() relies on.
 *
 * Ordering: the counters move with locked (full-barrier) instructions and
 * the snapshot is taken after a full fence that follows the writer's
 * unpublishing store (queued under rcu_lock); a reader whose CPU's counter
 * moved after the snapshot ended its section after it, and a section that
 * begins after a counter move loads the new pointer.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/rcu.h>
#include <sys/sysctl.h>

struct rcu_cpu {
	volatile uint64_t	qs;	/* quiescent states reported */
} __attribute__((aligned(64)));

static struct rcu_cpu	rcu_cpu[MAXCPU];
static volatile int	rcu_gp_active;	/* a grace period is being waited for */

static struct mtx	rcu_lock;	/* the queue below (spin) */
static struct rcu_head	*rcu_head_q, **rcu_tail_q = &rcu_head_q;
static int		rcu_thread_idle;	/* rcu thread asleep on rcu_head_q */
static int		rcu_started;

static uint64_t rcu_gp_started, rcu_gp_completed, rcu_cb_queued, rcu_cb_run, rcu_gp_polls;
SYSCTL_U64("kern.rcu.gp_started", &rcu_gp_started, "RCU grace periods begun");
SYSCTL_U64("kern.rcu.gp_completed", &rcu_gp_completed, "RCU grace periods completed");
SYSCTL_U64("kern.rcu.gp_polls", &rcu_gp_polls,
    "ticks the rcu thread waited for CPUs to pass a quiescent state");
SYSCTL_U64("kern.rcu.callbacks_queued", &rcu_cb_queued, "call_rcu callbacks queued");
SYSCTL_U64("kern.rcu.callbacks_run", &rcu_cb_run, "call_rcu callbacks run");

int rcu_poison;
static uint64_t rcu_poison_hits;
SYSCTL_INT("debug.rcu.poison", &rcu_poison,
    "objects freed through RCU are poisoned first (loader tunable)");
SYSCTL_U64("debug.rcu.poison_hits", &rcu_poison_hits,
    "readers that found a poisoned (freed) object: use-after-free");

/* --- readers ------------------------------------------------------------------------ */

void
rcu_read_lock(void)
{
	struct thread *td;

	critical_enter();
	if ((td = curthread) != NULL)
		td->td_rcu_nest++;
	__asm__ volatile("" ::: "memory");
}

void
rcu_read_unlock(void)
{
	struct thread *td = curthread;

	__asm__ volatile("" ::: "memory");
	if (td != NULL) {
		if (td->td_rcu_nest <= 0)
			panic("rcu_read_unlock: not in an RCU read section");
		td->td_rcu_nest--;
	}
	critical_exit();
}

int
rcu_read_lock_held(void)
{
	struct thread *td = curthread;

	return (td != NULL && td->td_rcu_nest > 0);
}

void
rcu_poison_hit(const char *what, const void *obj)
{
	if (__atomic_add_fetch(&rcu_poison_hits, 1, __ATOMIC_RELAXED) <= 8)
		printf("rcu: %s %p read after it was freed (poisoned)\n", what, obj);
}

/* --- quiescent states --------------------------------------------------------------- */

void
rcu_quiescent(void)
{
	if (__atomic_load_n(&rcu_gp_active, __ATOMIC_RELAXED))
		__atomic_add_fetch(&rcu_cpu[curcpu].qs, 1, __ATOMIC_SEQ_CST);
}

/*
 * A tick on this CPU: the interrupted code is in no read section when the
 * thread it interrupted has none open (interrupt handlers' sections count
 * on that same thread), or when it came from user mode.
 */
void
rcu_tick(int from_user)
{
	struct thread *td = curthread;

	if (from_user || td == NULL || td->td_rcu_nest == 0)
		rcu_quiescent();
}

void
rcu_switch_check(struct thread *old)
{
	if (old->td_rcu_nest != 0)
		panic("rcu: thread %d (%s) switches out inside an RCU read section (nesting %d)",
		    old->td_tid, old->td_name, old->td_rcu_nest);
	rcu_quiescent();
}

/* --- grace periods ------------------------------------------------------------------ */

static void
rcu_wait_grace_period(void)
{
	static uint64_t snap[MAXCPU];
	static uint8_t wait[MAXCPU];
	unsigned i, self, left;

	__atomic_store_n(&rcu_gp_active, 1, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	critical_enter();		/* self stays self while the snapshot is taken */
	self = curcpu;
	left = 0;
	for (i = 0; i < MAXCPU; i++) {
		wait[i] = i != self && __atomic_load_n(&pcpu_array[i].pc_started,
		    __ATOMIC_ACQUIRE) != 0;
		if (wait[i]) {
			snap[i] = __atomic_load_n(&rcu_cpu[i].qs, __ATOMIC_SEQ_CST);
			left++;
		}
	}
	critical_exit();
	rcu_gp_started++;
	for (;;) {
		for (i = 0; i < MAXCPU && left > 0; i++)
			if (wait[i] && __atomic_load_n(&rcu_cpu[i].qs, __ATOMIC_SEQ_CST) != snap[i]) {
				wait[i] = 0;
				left--;
			}
		if (left == 0)
			break;
		rcu_gp_polls++;
		wait_a_little("rcugp");
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&rcu_gp_active, 0, __ATOMIC_RELAXED);
	__atomic_add_fetch(&rcu_gp_completed, 1, __ATOMIC_RELAXED);
}

static void
rcu_thread(void *arg)
{
	struct rcu_head *batch, *next;

	(void)arg;
	for (;;) {
		mtx_lock_spin(&rcu_lock);
		while (rcu_head_q == NULL) {
			rcu_thread_idle = 1;
			msleep_spin(&rcu_head_q, &rcu_lock, "rcuidle", 0);
		}
		rcu_thread_idle = 0;
		batch = rcu_head_q;
		rcu_head_q = NULL;
		rcu_tail_q = &rcu_head_q;
		mtx_unlock_spin(&rcu_lock);

		rcu_wait_grace_period();
		for (; batch != NULL; batch = next) {
			next = batch->rh_next;	/* func may free or requeue batch */
			/* Counted first: a waiter's callback lets it read the counters. */
			__atomic_add_fetch(&rcu_cb_run, 1, __ATOMIC_RELAXED);
			batch->rh_func(batch);
		}
	}
}

void
call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *))
{
	int wake;

	head->rh_func = func;
	head->rh_next = NULL;
	mtx_lock_spin(&rcu_lock);
	*rcu_tail_q = head;
	rcu_tail_q = &head->rh_next;
	rcu_cb_queued++;
	wake = rcu_thread_idle;
	rcu_thread_idle = 0;
	mtx_unlock_spin(&rcu_lock);
	if (wake)
		wakeup(&rcu_head_q);
}

/* synchronize_rcu and rcu_barrier: a callback of our own, waited for. */
struct rcu_waiter {
	struct rcu_head	 rw_head;
	volatile int	 rw_done;
};

static void
rcu_waiter_done(struct rcu_head *h)
{
	struct rcu_waiter *w = (struct rcu_waiter *)h;

	mtx_lock_spin(&rcu_lock);
	w->rw_done = 1;
	mtx_unlock_spin(&rcu_lock);
	wakeup(w);
}

static void
rcu_wait_own_callback(const char *wmesg)
{
	struct rcu_waiter w = { .rw_done = 0 };

	if (rcu_read_lock_held())
		panic("%s inside an RCU read section", wmesg);
	if (!rcu_started)
		panic("%s before the rcu thread runs", wmesg);
	call_rcu(&w.rw_head, rcu_waiter_done);
	mtx_lock_spin(&rcu_lock);
	while (!w.rw_done)
		msleep_spin(&w, &rcu_lock, wmesg, 0);
	mtx_unlock_spin(&rcu_lock);
}

/*
 * A grace period: our callback runs after one that began after it was
 * queued.  (It also waits for the callbacks queued before it.)
 */
void
synchronize_rcu(void)
{
	rcu_wait_own_callback("synchronize_rcu");
}

/* Batches run in queue order: ours runs after every earlier callback. */
void
rcu_barrier(void)
{
	rcu_wait_own_callback("rcu_barrier");
}

/*
 * debug.rcu.barrier: writing 1 waits for every callback queued so far, and
 * for those they queued in turn (a poisoned object's second stage); the
 * tests read the counters after it.  Reads as the callbacks still pending.
 */
static void
rcu_pending_handler(char *buf, size_t len)
{
	snprintf(buf, len, "%llu", (unsigned long long)(__atomic_load_n(&rcu_cb_queued,
	    __ATOMIC_RELAXED) - __atomic_load_n(&rcu_cb_run, __ATOMIC_RELAXED)));
}

static int
rcu_barrier_store(const struct sysctl_oid *o, const char *value)
{
	(void)o;
	if (strcmp(value, "1") != 0)
		return (EINVAL);
	rcu_barrier();
	rcu_barrier();
	return (0);
}
SYSCTL_PROC_RW("debug.rcu.barrier", rcu_pending_handler, rcu_barrier_store,
    "callbacks pending; write 1 to wait for them all to run");

static void
rcu_init(const void *dummy __unused)
{
	mtx_init(&rcu_lock, "rcu queue", MTX_SPIN);
	rcu_poison = getenv_is_true("debug.rcu.poison");
}
SYSINIT(rcu_init, SI_SUB_KMEM, SI_ORDER_ANY, rcu_init, NULL);

static void
rcu_start(const void *dummy __unused)
{
	kthread_create(rcu_thread, NULL, PRI_SOFT, NOCPU, "rcu");
	rcu_started = 1;
}
SYSINIT(rcu_start, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, rcu_start, NULL);
