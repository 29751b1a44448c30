/*
 * The scheduler: per-CPU run queues of 64 priority levels (a bitmap finds
 * the best non-empty level), round-robin within a level, time slices
 * enforced from the clock tick, and idle CPUs stealing work from busy ones.
 *
 * Locking: each run queue has a raw spin lock, always taken with interrupts
 * off.  mi_switch() saves and restores the interrupt flag on the switching
 * thread's own stack, so that state belongs to the thread, not the CPU.
 * A thread picked from a queue may still be finishing its switch-out on
 * another CPU: td_oncpu says when its context is saved, and cpu_switch
 * waits for it only after releasing the outgoing thread (see swtch.S).
 */
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/rcu.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <machine/smp.h>

#define NQS		64
#define SLICE_TICKS	10	/* ticks a thread runs before others of its level */

struct runq {
	volatile int	 lock;
	struct thread	*head[NQS];
	struct thread	*tail[NQS];
	uint64_t	 bits;		/* bit q: head[q] != NULL */
	int		 count;
};

static struct runq	runqs[MAXCPU];
static volatile int	needresched[MAXCPU];
volatile int		sched_running;	/* set once every CPU may switch */
static uint64_t		steals;
SYSCTL_U64("kern.sched.steals", &steals, "threads an idle CPU took from another");


static void
rq_lock(struct runq *rq)
{
	raw_spin_lock(&rq->lock, "run queue lock");
}

static void
rq_unlock(struct runq *rq)
{
	raw_spin_unlock(&rq->lock);
}

static uint64_t
intr_save(void)
{
	uint64_t fl = read_rflags();

	disable_intr();
	return (fl);
}

static void
intr_restore(uint64_t fl)
{
	if (fl & 0x200)
		enable_intr();
}

static void
enqueue_locked(struct runq *rq, struct thread *td)
{
	int q = td->td_priority / (256 / NQS);

	td->td_runq_next = NULL;
	if (rq->tail[q] != NULL)
		rq->tail[q]->td_runq_next = td;
	else
		rq->head[q] = td;
	rq->tail[q] = td;
	rq->bits |= 1ULL << q;
	rq->count++;
}

/* Best thread on rq that may run on cpu; dequeued.  NULL if none. */
static struct thread *
dequeue_locked(struct runq *rq, int cpu)
{
	uint64_t bits = rq->bits;

	while (bits != 0) {
		int q = __builtin_ctzll(bits);
		struct thread **pp, *td;

		for (pp = &rq->head[q]; (td = *pp) != NULL; pp = &td->td_runq_next) {
			if (td->td_bound != NOCPU && td->td_bound != cpu)
				continue;
			*pp = td->td_runq_next;
			if (rq->tail[q] == td) {
				struct thread *t;

				rq->tail[q] = NULL;
				for (t = rq->head[q]; t != NULL; t = t->td_runq_next)
					rq->tail[q] = t;
			}
			if (rq->head[q] == NULL)
				rq->bits &= ~(1ULL << q);
			rq->count--;
			return (td);
		}
		bits &= ~(1ULL << q);
	}
	return (NULL);
}

static int
pick_cpu(struct thread *td)
{
	unsigned i;
	int best;

	if (td->td_bound != NOCPU)
		return (td->td_bound);
	best = (td->td_cpu >= 0 && pcpu_array[td->td_cpu].pc_started) ? td->td_cpu : 0;
	for (i = 0; i < MAXCPU; i++) {
		if (!pcpu_array[i].pc_started || !sched_running)
			continue;
		if (runqs[i].count < runqs[best].count)
			best = (int)i;
	}
	return (best);
}

void
sched_add(struct thread *td)
{
	uint64_t fl = intr_save();
	int cpu = pick_cpu(td);
	struct thread *cur;

	td->td_state = TDS_RUNNABLE;
	rq_lock(&runqs[cpu]);
	enqueue_locked(&runqs[cpu], td);
	rq_unlock(&runqs[cpu]);
	cur = pcpu_array[cpu].pc_curthread;
	if (cur == NULL || td->td_priority < cur->td_priority ||
	    cur == pcpu_array[cpu].pc_idlethread) {
		needresched[cpu] = 1;
		if ((unsigned)cpu != curcpu)
			ipi_resched((unsigned)cpu);
	}
	intr_restore(fl);
}

static struct thread *
steal(int cpu)
{
	struct thread *td = NULL;
	unsigned i;

	for (i = 0; i < MAXCPU && td == NULL; i++) {
		if ((int)i == cpu || runqs[i].count == 0)
			continue;
		rq_lock(&runqs[i]);
		td = dequeue_locked(&runqs[i], cpu);
		rq_unlock(&runqs[i]);
	}
	if (td != NULL)
		__atomic_add_fetch(&steals, 1, __ATOMIC_RELAXED);
	return (td);
}

void
mi_switch(void)
{
	uint64_t fl = intr_save();
	struct pcpu *pc = get_pcpu();
	int cpu = (int)pc->pc_cpuid;
	struct thread *old = pc->pc_curthread, *next;

	rcu_switch_check(old);		/* a quiescent state, unless old is in a read section */
	if (old->td_state == TDS_SLEEPING || old->td_state == TDS_DEAD)
		witness_warn_sleep("mi_switch", NULL, __FILE__, __LINE__);
	if (old->td_state == TDS_RUNNING && old != pc->pc_idlethread &&
	    old->td_bound != NOCPU && old->td_bound != cpu) {
		/*
		 * Bound elsewhere since it last ran (sched_bind): it goes to its
		 * own CPU's queue.  That CPU may take it at once; the td_oncpu
		 * handshake makes it wait until our switch has saved it.
		 */
		int to = old->td_bound;

		old->td_state = TDS_RUNNABLE;
		rq_lock(&runqs[to]);
		enqueue_locked(&runqs[to], old);
		rq_unlock(&runqs[to]);
		needresched[to] = 1;
		ipi_resched((unsigned)to);
	}
	rq_lock(&runqs[cpu]);
	if (old->td_state == TDS_RUNNING && old != pc->pc_idlethread) {
		old->td_state = TDS_RUNNABLE;
		enqueue_locked(&runqs[cpu], old);
	}
	next = dequeue_locked(&runqs[cpu], cpu);
	rq_unlock(&runqs[cpu]);
	if (next == NULL)
		next = steal(cpu);
	/*
	 * Nothing else to run.  old cannot be RUNNING here (it would have been
	 * queued above and dequeued); RUNNABLE means another CPU woke it while
	 * it was switching out and it sits on a run queue: running it here
	 * too would run it twice.  Idle until that queue's CPU takes it.
	 */
	if (next == NULL)
		next = pc->pc_idlethread;
	needresched[cpu] = 0;
	if (next == old) {
		old->td_state = TDS_RUNNING;
		intr_restore(fl);
		return;
	}
	/*
	 * next stays RUNNABLE until it runs (sched_switchin): its previous CPU
	 * may still be inside mi_switch() for it, and must not see it RUNNING
	 * and queue it again.
	 */
	next->td_cpu = cpu;
	next->td_slice = SLICE_TICKS;
	next->td_switches++;
	pc->pc_curthread = next;
	pc->pc_switches++;
	cpu_switch(old, next);
	/* Running again, perhaps on another CPU. */
	sched_switchin(old);
	intr_restore(fl);
}

/* First thing a thread does on a CPU it was switched to. */
void
sched_switchin(struct thread *td)
{
	td->td_state = TDS_RUNNING;
}

void
sched_yield(void)
{
	mi_switch();
}

int
sched_resched_pending(void)
{
	return (needresched[curcpu] != 0);
}

/*
 * Binds td to cpu (NOCPU: unbound); curthread moves there at once.  For
 * another thread the binding applies from its next switch.
 */
void
sched_bind(struct thread *td, int cpu)
{
	td->td_bound = cpu;
	if (td == curthread && cpu != NOCPU && cpu != (int)curcpu)
		mi_switch();
}

/* td, running on another CPU, must enter the kernel soon (it has work: td_ast). */
void
sched_kick(struct thread *td)
{
	int cpu = td->td_cpu;

	if (td->td_state == TDS_RUNNING && cpu != (int)curcpu && cpu >= 0)
		ipi_resched((unsigned)cpu);
}

void
sched_clock(void)
{
	struct pcpu *pc = get_pcpu();
	struct thread *td = pc->pc_curthread;

	if (td == NULL || !sched_running)
		return;
	td->td_runticks++;
	if (td == pc->pc_idlethread) {
		if (runqs[pc->pc_cpuid].count > 0)
			needresched[pc->pc_cpuid] = 1;
		else {
			unsigned i;	/* anything to steal? */

			for (i = 0; i < MAXCPU; i++)
				if (runqs[i].count > 1)
					needresched[pc->pc_cpuid] = 1;
		}
	} else if (--td->td_slice <= 0) {
		td->td_slice = SLICE_TICKS;
		needresched[pc->pc_cpuid] = 1;
	}
}

void
sched_preempt_check(void)
{
	unsigned cpu = curcpu;
	struct thread *td = pcpu_array[cpu].pc_curthread;

	if (!needresched[cpu] || !sched_running || td == NULL)
		return;
	/*
	 * A thread between marking itself SLEEPING or DEAD and its own
	 * mi_switch() (its sleep timeout may not be armed yet) is about to
	 * switch anyway: preempting it there would switch it out as if it
	 * had gone to sleep.
	 */
	if (td->td_state != TDS_RUNNING)
		return;
	if (td->td_critnest > 0) {
		td->td_owepreempt = 1;	/* critical_exit() will switch */
		return;
	}
	mi_switch();
}

void
critical_enter(void)
{
	struct thread *td = curthread;

	if (td != NULL)
		td->td_critnest++;
	__asm__ volatile("" ::: "memory");
}

void
critical_exit(void)
{
	struct thread *td = curthread;

	__asm__ volatile("" ::: "memory");
	if (td == NULL)
		return;
	if (td->td_critnest <= 0)
		panic("critical_exit: not in a critical section");
	if (--td->td_critnest == 0 && td->td_owepreempt) {
		td->td_owepreempt = 0;
		if (read_rflags() & 0x200)
			sched_preempt_check();
	}
}

void
sched_idle_loop(void)
{
	unsigned cpu = curcpu;

	for (;;) {
		thread_reap();
		rcu_quiescent();	/* idle: in no RCU read section */
		disable_intr();
		if (needresched[cpu] || runqs[cpu].count > 0) {
			enable_intr();
			mi_switch();
			continue;
		}
		/* sti; hlt: an interrupt between the two cannot be lost. */
		__asm__ volatile("sti; hlt" ::: "memory");
		sched_preempt_check();
	}
}

static void
runq_handler(char *buf, size_t len)
{
	struct sbuf sb;
	unsigned i;

	sbuf_new_fixed(&sb, buf, len);
	for (i = 0; i < mp_ncpus; i++)
		sbuf_printf(&sb, "%s%d", i ? " " : "", runqs[i].count);
}
SYSCTL_PROC("kern.sched.runq", runq_handler, "runnable threads queued per CPU");

/* --- load averages ------------------------------------------------------- */

/*
 * The 1, 5 and 15 minute load averages, as FreeBSD's loadav() and Linux's
 * calc_global_load make them: every LOADAV_PERIOD seconds the number of
 * threads that are running or waiting for a CPU is sampled and each
 * average decays toward it by exp(-5 s / its period), in fixed point of
 * LOADAV_SHIFT bits.  Sampled from a callout (softclock's thread, which
 * itself is not counted).
 */
#define LOADAV_PERIOD	5
static const uint64_t loadav_cexp[3] = {
	(uint64_t)(0.9200444146293232 * LOADAV_ONE),	/* exp(-1/12): 1 minute */
	(uint64_t)(0.9834714538216174 * LOADAV_ONE),	/* exp(-1/60): 5 minutes */
	(uint64_t)(0.9944598480048967 * LOADAV_ONE),	/* exp(-1/180): 15 minutes */
};
static uint64_t loadav[3];
static struct callout loadav_callout;

/* Threads on a run queue or on a CPU (not an idle thread, not the caller). */
static unsigned
sched_nrunning(void)
{
	struct thread *self = curthread, *td;
	unsigned i, n = 0;

	for (i = 0; i < mp_ncpus; i++) {
		n += (unsigned)__atomic_load_n(&runqs[i].count, __ATOMIC_RELAXED);
		td = __atomic_load_n(&pcpu_array[i].pc_curthread, __ATOMIC_RELAXED);
		if (td != NULL && td != pcpu_array[i].pc_idlethread && td != self)
			n++;
	}
	return (n);
}

static void
loadav_sample(void *arg)
{
	uint64_t n = (uint64_t)sched_nrunning() * LOADAV_ONE;
	unsigned i;

	(void)arg;
	for (i = 0; i < 3; i++)
		__atomic_store_n(&loadav[i], (loadav[i] * loadav_cexp[i] +
		    n * (LOADAV_ONE - loadav_cexp[i])) >> LOADAV_SHIFT, __ATOMIC_RELAXED);
	callout_reset(&loadav_callout, LOADAV_PERIOD * hz, loadav_sample, NULL);
}

void
sched_loadavg(uint64_t avg[3])
{
	unsigned i;

	for (i = 0; i < 3; i++)
		avg[i] = __atomic_load_n(&loadav[i], __ATOMIC_RELAXED);
}

static void
loadav_init(const void *dummy __unused)
{
	callout_init(&loadav_callout);
	if (hz > 0)
		callout_reset(&loadav_callout, LOADAV_PERIOD * hz, loadav_sample, NULL);
	else
		printf("sched: no clock tick, no load averages\n");
}
SYSINIT(loadav, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, loadav_init, NULL);

/* --- start-up ------------------------------------------------------------ */

/* The boot CPU's context becomes its idle thread (and curthread from now on). */
static void
thread0_init(const void *dummy __unused)
{
	struct thread *td = thread_alloc_boot("idle: cpu0", 0);

	pcpu_array[0].pc_idlethread = td;
	pcpu_array[0].pc_curthread = td;
}
SYSINIT(thread0, SI_SUB_INTRINSIC, SI_ORDER_SECOND, thread0_init, NULL);

/*
 * Each AP ends its bring-up here: its boot context becomes its idle thread,
 * and it starts taking threads once the BSP lets the scheduler run.
 */
void
init_secondary_mi(void)
{
	struct pcpu *pc = get_pcpu();
	char name[24];
	struct thread *td;

	snprintf(name, sizeof(name), "idle: cpu%u", pc->pc_cpuid);
	td = thread_alloc_boot(name, (int)pc->pc_cpuid);
	pc->pc_idlethread = td;
	pc->pc_curthread = td;
	while (!sched_running)
		__asm__ volatile("sti; hlt" ::: "memory");
	sched_idle_loop();
}

/* The last SYSINIT: the boot CPU becomes idle and the threads take over. */
void
sched_start(void (*first)(void *), const char *name)
{
	kthread_create(first, NULL, PRI_KERN, NOCPU, "%s", name);
	__atomic_store_n(&sched_running, 1, __ATOMIC_SEQ_CST);
	sched_idle_loop();
}
