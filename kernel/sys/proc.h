/*
 * Kernel threads.  Each thread has its own kernel stack and saved context;
 * the scheduler (kern/sched_core.c) keeps runnable threads on per-CPU run
 * queues; sleeping threads wait on a sleep queue keyed by a channel address
 * (kern/kern_synch.c).
 */
#ifndef SYS_PROC_H
#define SYS_PROC_H

#include <stdint.h>
#include <sys/lock.h>

enum td_state {
	TDS_NEW,		/* created, never run */
	TDS_RUNNABLE,		/* on a run queue */
	TDS_RUNNING,		/* on a CPU */
	TDS_SLEEPING,		/* on a sleep queue */
	TDS_DEAD,		/* exited, waiting to be reaped */
};

#define PRI_MIN_KERN	0	/* highest priority */
#define PRI_KERN	64	/* ordinary kernel threads */
#define PRI_SOFT	32	/* softclock and similar */
#define PRI_IDLE	255	/* idle threads only */

#define NOCPU		(-1)
#define KSTACK_SIZE	(16 * 1024)

struct thread {
	int		 td_tid;		/* thread id, unique */
	char		 td_name[24];		/* shown by ps */
	volatile enum td_state td_state;
	int		 td_priority;		/* lower is more urgent */
	int		 td_cpu;		/* CPU it runs or last ran on */
	int		 td_bound;		/* CPU it must run on, or NOCPU */
	volatile int	 td_oncpu;		/* 1 until its context is saved off-CPU */
	uint64_t	 td_rsp;		/* saved stack pointer (cpu_switch) */
	uint8_t		*td_kstack;		/* base of the kernel stack */
	void		(*td_func)(void *);	/* entry point */
	void		*td_arg;
	const void	*td_wchan;		/* what it sleeps on, NULL if not */
	const char	*td_wmesg;		/* why ("sleep", "mtx"...) */
	int		 td_timedout;		/* sleep ended by its timeout */
	int		 td_slice;		/* ticks left before preemption */
	uint64_t	 td_runticks;		/* ticks it was running at hardclock */
	uint64_t	 td_switches;		/* times switched in */
	struct thread	*td_runq_next;		/* run queue link */
	struct thread	*td_sleep_next;		/* sleep queue link */
	struct thread	*td_all_next;		/* list of all threads */
	struct lock_list td_locks;		/* sleep locks held (witness) */
	int		 td_critnest;		/* critical sections: no preemption while > 0 */
	int		 td_owepreempt;		/* preemption deferred by a critical section */
};

/* kern_thread.c */
struct thread *kthread_create(void (*func)(void *), void *arg, int priority,
	    int bound_cpu, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	kthread_exit(void) __attribute__((noreturn));
/* A new thread's first C code (from the MD fork_trampoline): runs it, then exits. */
void	fork_exit(struct thread *td) __attribute__((noreturn));
void	thread_reap(void);
void	thread_foreach(void (*cb)(struct thread *, void *), void *arg);
struct thread *thread_alloc_boot(const char *name, int cpu);	/* wraps a running context */

/* sched_core.c */
void	sched_add(struct thread *td);		/* make runnable */
void	mi_switch(void);			/* give up the CPU; state set by caller */
void	sched_switchin(struct thread *td);	/* a thread now running marks itself so */
void	sched_yield(void);
/* No preemption (and no migration) until the matching critical_exit(). */
void	critical_enter(void);
void	critical_exit(void);
void	sched_clock(void);			/* from hardclock: time slices */
void	sched_preempt_check(void);		/* after an interrupt: switch if due */
void	sched_idle_loop(void) __attribute__((noreturn));
void	sched_start(void (*first)(void *), const char *name) __attribute__((noreturn));
void	init_secondary_mi(void) __attribute__((noreturn));
extern volatile int sched_running;		/* threads may be switched */

/* kern_synch.c: sleep and wakeup */
int	tsleep(const void *chan, const char *wmesg, int timo_ticks);	/* 0 or EWOULDBLOCK */
struct mtx;
int	msleep_spin(const void *chan, struct mtx *m, const char *wmesg, int timo_ticks);
/* Same with any mutex (spin or sleep) as the interlock. */
int	msleep(const void *chan, struct mtx *m, const char *wmesg, int timo_ticks);
void	wakeup(const void *chan);
void	wakeup_one(const void *chan);
void	pause_ticks(const char *wmesg, int ticks);
void	wait_a_little(const char *wmesg);	/* a tick, or a yield before the clock runs */

/* machine-dependent (arch swtch.S / vm_machdep.c) */
void	cpu_switch(struct thread *old, struct thread *new);
void	cpu_thread_setup(struct thread *td);

#define EWOULDBLOCK	35

#endif
