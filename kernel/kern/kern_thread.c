/*
 * Kernel thread life cycle: create (stack + initial frame, then runnable),
 * exit (marked dead, switched away from for good), reap (stacks freed once
 * the dead thread's context is off every CPU), and `ps`.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <vm/vm_kstack.h>

MALLOC_DEFINE(M_THREAD, "thread", "thread structures");

static struct thread	*allthreads;
static struct mtx	 allthreads_lock;	/* also guards next_tid */
static int		 next_tid = 100000;
static struct thread	 boot_threads[MAXCPU];	/* the contexts that booted each CPU */

static void
thread_list_init(const void *dummy __unused)
{
	mtx_init(&allthreads_lock, "allthreads", MTX_SPIN);
}
SYSINIT(thread_list, SI_SUB_INTRINSIC, SI_ORDER_FIRST, thread_list_init, NULL);

static void
link_thread(struct thread *td)
{
	mtx_lock_spin(&allthreads_lock);
	if (td->td_tid == 0)	/* a user thread's comes from the pid space */
		td->td_tid = next_tid++;
	td->td_all_next = allthreads;
	allthreads = td;
	mtx_unlock_spin(&allthreads_lock);
}

void
thread_link(struct thread *td)
{
	link_thread(td);
}

struct thread *
thread_alloc(void)
{
	struct thread *td = malloc(sizeof(*td), M_THREAD, M_NOWAIT | M_ZERO);

	if (td == NULL)
		return (NULL);
	if ((td->td_kstack = kstack_alloc()) == NULL) {
		free(td, M_THREAD);
		return (NULL);
	}
	td->td_bound = NOCPU;
	td->td_cpu = (int)curcpu;
	td->td_state = TDS_NEW;
	return (td);
}

void
thread_free(struct thread *td)
{
	cpu_thread_free(td);
	kstack_free(td->td_kstack);
	free(td, M_THREAD);
}

/* Turns the context running on `cpu` (its boot stack) into a thread. */
struct thread *
thread_alloc_boot(const char *name, int cpu)
{
	struct thread *td = &boot_threads[cpu];

	strlcpy(td->td_name, name, sizeof(td->td_name));
	td->td_state = TDS_RUNNING;
	td->td_priority = PRI_IDLE;
	td->td_cpu = cpu;
	td->td_bound = cpu;
	td->td_oncpu = 1;
	link_thread(td);
	return (td);
}

struct thread *
kthread_create(void (*func)(void *), void *arg, int priority, int bound_cpu,
    const char *fmt, ...)
{
	struct thread *td = malloc(sizeof(*td), M_THREAD, M_WAITOK | M_ZERO);
	va_list ap;

	if ((td->td_kstack = kstack_alloc()) == NULL)
		panic("kthread_create: no kernel stack for a new thread");
	va_start(ap, fmt);
	vsnprintf(td->td_name, sizeof(td->td_name), fmt, ap);
	va_end(ap);
	td->td_func = func;
	td->td_arg = arg;
	td->td_priority = priority;
	td->td_bound = bound_cpu;
	td->td_cpu = bound_cpu != NOCPU ? bound_cpu : (int)curcpu;
	td->td_state = TDS_NEW;
	cpu_thread_setup(td);
	link_thread(td);
	sched_add(td);
	return (td);
}

/* First C code of every new thread (from fork_trampoline). */
void __noreturn
fork_exit(struct thread *td)
{
	sched_switchin(td);
	cpu_switchin(td);
	/* mi_switch() switched to us with interrupts off; a new thread starts with them on. */
	enable_intr();
	td->td_func(td->td_arg);
	kthread_exit();
}

void
kthread_exit(void)
{
	struct thread *td = curthread;

	td->td_state = TDS_DEAD;
	mi_switch();
	panic("kthread_exit: dead thread %s ran again", td->td_name);
}

void
thread_reap(void)
{
	struct thread **tp, *td, *dead = NULL;

	mtx_lock_spin(&allthreads_lock);
	for (tp = &allthreads; (td = *tp) != NULL;) {
		if (td->td_state == TDS_DEAD && !td->td_oncpu) {
			*tp = td->td_all_next;
			td->td_all_next = dead;
			dead = td;
		} else
			tp = &td->td_all_next;
	}
	mtx_unlock_spin(&allthreads_lock);
	while ((td = dead) != NULL) {
		dead = td->td_all_next;
		thread_free(td);
	}
}

void
thread_foreach(void (*cb)(struct thread *, void *), void *arg)
{
	struct thread *td;

	mtx_lock_spin(&allthreads_lock);
	for (td = allthreads; td != NULL; td = td->td_all_next)
		cb(td, arg);
	mtx_unlock_spin(&allthreads_lock);
}

static const char *
state_name(enum td_state s)
{
	static const char *const names[] = { "new", "runq", "run", "sleep", "dead" };

	return ((unsigned)s < nitems(names) ? names[s] : "?");
}

/* Snapshot under the lock, print after: printing must not hold a spin lock long. */
struct ps_row {
	int	 tid, cpu, pri;
	char	 name[24], wmesg[16];
	const char *state;
	uint64_t ticks, switches;
};

static void
ps_collect(struct thread *td, void *arg)
{
	struct { struct ps_row rows[128]; int n; } *s = arg;
	struct ps_row *r;

	if (s->n == 128)
		return;
	r = &s->rows[s->n++];
	r->tid = td->td_tid;
	r->cpu = td->td_cpu;
	r->pri = td->td_priority;
	strlcpy(r->name, td->td_name, sizeof(r->name));
	strlcpy(r->wmesg, td->td_state == TDS_SLEEPING && td->td_wmesg ? td->td_wmesg : "-",
	    sizeof(r->wmesg));
	r->state = state_name(td->td_state);
	r->ticks = td->td_runticks;
	r->switches = td->td_switches;
}

static int
cmd_ps(int argc, char **argv)
{
	static struct { struct ps_row rows[128]; int n; } s;
	int i;

	(void)argc;
	(void)argv;
	s.n = 0;
	thread_foreach(ps_collect, &s);
	printf("%7s %3s %4s %-6s %-10s %8s %8s  %s\n", "TID", "CPU", "PRI", "STATE",
	    "WCHAN", "TICKS", "SWITCHES", "NAME");
	for (i = s.n - 1; i >= 0; i--)
		printf("%7d %3d %4d %-6s %-10s %8llu %8llu  %s\n", s.rows[i].tid,
		    s.rows[i].cpu, s.rows[i].pri, s.rows[i].state, s.rows[i].wmesg,
		    (unsigned long long)s.rows[i].ticks,
		    (unsigned long long)s.rows[i].switches, s.rows[i].name);
	return (0);
}
SHELL_COMMAND(ps, cmd_ps, "ps", "list threads: state, CPU, priority, wait channel");
