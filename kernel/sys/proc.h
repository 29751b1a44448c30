/*
 * Threads and processes.
 *
 * Every thread has its own kernel stack and saved context; the scheduler
 * (kern/sched_core.c) keeps runnable threads on per-CPU run queues;
 * sleeping threads wait on a sleep queue keyed by a channel address
 * (kern/kern_synch.c).  A kernel thread has td_proc == NULL.
 *
 * A user process (struct proc) owns an address space, open files, signal
 * actions and credentials, and one or more threads that run its code in
 * ring 3 and enter the kernel by system calls, traps and interrupts.  Its
 * pid is its first thread's tid (Linux's thread-group id); thread ids and
 * process ids share one number space (kern/kern_proc.c).
 *
 * Locking, marked on each field:
 *   (c)  constant once the object is visible to others
 *   (p)  the process's p_mtx
 *   (t)  proctree_lock: the process tree, process groups, sessions, pids
 *   (td) only the thread itself (curthread) touches it
 *   (a)  atomic operations
 * Lock order: proctree_lock, then p_mtx.  Both are sleep mutexes: signals
 * are posted from thread context only.
 */
#ifndef SYS_PROC_H
#define SYS_PROC_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/errno.h>
#include <sys/lock.h>
#include <sys/mutex.h>
#include <sys/queue.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/signal.h>
#include <sys/callout.h>
#include <machine/proc.h>

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
#define PRI_USER	128	/* user threads (in the kernel or not) */
#define PRI_IDLE	255	/* idle threads only */

#define NOCPU		(-1)
#define KSTACK_SIZE	(16 * 1024)

struct proc;
struct ucred;
struct trapframe;
struct ksiginfo;
TAILQ_HEAD(ksiginfo_list, ksiginfo);	/* pending signals' information */

/* td_ast: why a thread must stop at the kernel boundary before user code. */
#define TDA_SIG		0x0001	/* a signal may be deliverable to it */
#define TDA_SUSPEND	0x0002	/* stop (job control) or leave (exit, exec) */
#define TDA_UCRED	0x0004	/* the process's credentials changed */
#define TDA_ITIMER	0x0008	/* a CPU-time interval timer ran out (kern_time.c) */

/* td_flags (td, or p_mtx when another thread looks) */
#define TDF_SINTR	0x0001	/* sleeping interruptibly (a signal aborts it) */
#define TDF_SLEEPABORT	0x0002	/* its interruptible sleep was aborted */
#define TDF_SIGSUSPEND	0x0004	/* td_oldsigmask is restored after delivery */
#define TDF_STOPPED	0x0008	/* parked by job control or single-threading */
#define TDF_EXITING	0x0010	/* leaving its process for good: the process may be
				   freed under it, so hardclock charges it nothing */

struct thread {
	int		 td_tid;		/* thread id, unique (c) */
	char		 td_name[24];		/* shown by ps; prctl(PR_SET_NAME) */
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
	int		 td_rcu_nest;		/* RCU read sections open (subr_rcu.c) */

	/* --- user threads (td_proc != NULL) --- */
	struct proc	*td_proc;		/* its process (c); NULL: kernel thread */
	TAILQ_ENTRY(thread) td_plist;		/* p_threads link (p) */
	LIST_ENTRY(thread) td_hash;		/* tid hash (t) */
	struct ucred	*td_ucred;		/* credentials in use (td) */
	struct trapframe *td_frame;		/* user registers, top of the kernel stack (c) */
	uint64_t	 td_retval[2];		/* system-call result (td) */
	volatile int	 td_ast;		/* TDA_*: work before returning to user (a) */
	int		 td_flags;		/* TDF_* (p) */
	int		 td_intrval;		/* EINTR or ERESTART for an aborted sleep (p) */
	uint64_t	 td_uticks;		/* ticks spent in user mode (td) */
	uint64_t	 td_sticks;		/* ticks spent in the kernel for it (td) */
	sigset_t	 td_sigmask;		/* signals blocked (p) */
	sigset_t	 td_oldsigmask;		/* saved by rt_sigsuspend (p) */
	sigset_t	 td_siglist;		/* pending, sent to this thread (p) */
	struct ksiginfo_list td_sigqueue;	/* their siginfo (p) */
	struct l_stack	 td_sigstk;		/* sigaltstack (td) */
	int		 td_sa_restart;		/* 0, ERESTART or ERESTARTNOHAND from the call (td) */
	uint64_t	 td_sa_code;		/* that call's number, for a restart (td) */
	struct {				/* ERESTART_RESTARTBLOCK: how to go on (td) */
		int	(*fn)(struct thread *);
		int	 clock;
		uint64_t deadline;
		void	*urm;
	} td_restart;
	uint64_t	 td_clear_child_tid;	/* CLONE_CHILD_CLEARTID address (td) */
	uint64_t	 td_robust_list;	/* set_robust_list head (td) */
	uint64_t	 td_robust_len;
	struct mdthread	 td_md;			/* machine-dependent: FPU, FS/GS base (td) */
};

enum p_state {
	PRS_NEW,		/* being created by fork */
	PRS_NORMAL,		/* running */
	PRS_ZOMBIE,		/* exited, waiting for its parent's wait */
};

/* p_flag (p) */
#define P_WEXIT		0x0001	/* exiting: threads leave at the boundary */
#define P_STOPPED_SIG	0x0002	/* stopped by a signal (job control) */
#define P_WAITED	0x0004	/* the stop was reported by wait */
#define P_CONTINUED	0x0008	/* continued, not yet reported by wait */
#define P_EXEC		0x0010	/* has exec'd (setpgid by the parent: EACCES) */
#define P_INEXEC	0x0020	/* one thread is exec'ing: the others leave */
#define P_PPWAIT	0x0040	/* vfork child: parent waits until exec or exit */
#define P_CONTROLT	0x0080	/* has a controlling terminal */
#define P_SINGLE	0x0100	/* single-threading (exit or exec) in progress */
#define P_NNP		0x0200	/* no_new_privs: exec grants nothing (fork and exec keep it) */

/* Resource limits: Linux's numbers and rlimit64 layout. */
#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9
#define RLIMIT_LOCKS	10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE	12
#define RLIMIT_NICE	13
#define RLIMIT_RTPRIO	14
#define RLIMIT_RTTIME	15
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0ULL)

struct rlimit {
	uint64_t	rlim_cur;
	uint64_t	rlim_max;
};
extern const struct rlimit rlimit_defaults[RLIM_NLIMITS];	/* kern_resource.c: init's */

struct filedesc;	/* <sys/filedesc.h>: open files (vfs) */
struct pwddesc;		/* <sys/filedesc.h>: cwd, root, umask (vfs) */
struct vmspace;		/* <vm/vm_map.h> */
struct sigacts;		/* <sys/signalvar.h> */
struct pgrp;
struct session;

struct proc {
	struct mtx	 p_mtx;			/* guards the (p) fields */
	pid_t		 p_pid;			/* (c) */
	volatile enum p_state p_state;		/* (p) and (t) to change */
	int		 p_flag;		/* P_* (p) */
	char		 p_comm[16];		/* command name: exec'd file's basename (p) */
	char		*p_execpath;		/* path exec was given (p) */
	struct file	*p_textfile;		/* the program as exec found it, an O_PATH
						   file: /proc/<pid>/exe (p; NULL: preloaded) */
	LIST_ENTRY(proc) p_hash;		/* pid hash chain (t) */
	LIST_ENTRY(proc) p_list;		/* allproc (t) */
	struct proc	*p_pptr;		/* parent (t) */
	pid_t		 p_ppid;		/* its pid (t; getppid reads it unlocked) */
	LIST_ENTRY(proc) p_sibling;		/* parent's p_children (t) */
	LIST_HEAD(, proc) p_children;		/* (t) */
	struct pgrp	*p_pgrp;		/* process group (t) */
	LIST_ENTRY(proc) p_pglist;		/* pg_members (t) */
	TAILQ_HEAD(, thread) p_threads;		/* (p) */
	int		 p_numthreads;		/* (p) */
	int		 p_fdpeek;		/* (p) procfs reading p_fd/p_pd: exit1 waits for 0 */
	struct vmspace	*p_vmspace;		/* address space (c but exec swaps it) */
	struct filedesc	*p_fd;			/* open files (vfs) */
	struct pwddesc	*p_pd;			/* cwd, root, umask (vfs) */
	struct ucred	*p_ucred;		/* credentials (p) */
	struct sigacts	*p_sigacts;		/* signal actions, shared by CLONE_SIGHAND (p) */
	sigset_t	 p_siglist;		/* pending, sent to the process (p) */
	struct ksiginfo_list p_sigqueue;	/* their siginfo (p) */
	int		 p_exitsig;		/* signal to the parent at exit: SIGCHLD (t) */
	int		 p_xexit;		/* exit status for wait (p) */
	int		 p_xsig;		/* terminating or stopping signal (p) */
	int		 p_suspcount;		/* threads parked for a stop or single-threading (p) */
	struct thread	*p_singlethread;	/* the thread single-threading (p) */
	struct rlimit	 p_rlimit[RLIM_NLIMITS];	/* (p) */
	uint64_t	 p_uticks, p_sticks;	/* ticks of exited threads (p) */
	uint64_t	 p_cuticks, p_csticks;	/* of waited-for children (p) */
	uint64_t	 p_start_us;		/* uptime at fork (c) */
	int		 p_dumpable;		/* prctl PR_SET_DUMPABLE (p) */
	int		 p_pdeathsig;		/* prctl PR_SET_PDEATHSIG (p) */
	/*
	 * Interval timers (setitimer, kern_time.c), indexed by ITIMER_*; not
	 * inherited by fork, kept across exec.  ITIMER_REAL is a deadline on
	 * the uptime clock served by a callout; the CPU-time ones count down
	 * in hardclock, which cannot take p_mtx: atomics there.
	 */
	struct callout	 p_itcallout;		/* ITIMER_REAL's */
	uint64_t	 p_itreal_deadline;	/* uptime ns it fires at, 0 when off (p) */
	uint64_t	 p_itinterval[3];	/* reload value in ns, 0 none (p) */
	int64_t		 p_itcpu_left[3];	/* [ITIMER_VIRTUAL], [ITIMER_PROF]: CPU ns left (a) */
	int		 p_itcpu_armed;		/* 1 << which when armed (a; changed under p) */
};

/* A process group: the unit job control signals; members of one session. */
struct pgrp {
	LIST_ENTRY(pgrp) pg_hash;		/* (t) */
	LIST_HEAD(, proc) pg_members;		/* (t) */
	struct session	*pg_session;		/* (c) */
	pid_t		 pg_id;			/* (c) */
	int		 pg_jobc;		/* members with a parent in another
						   group of the session: 0 = orphaned (t) */
};

struct session {
	int		 s_count;		/* process groups in it (t) */
	struct proc	*s_leader;		/* NULL once the leader exits (t) */
	pid_t		 s_sid;			/* (c) */
	void		*s_ttyp;		/* controlling terminal (vfs/tty) */
	pid_t		 s_ttypgrp;		/* its foreground process group (tty) */
};

#define PID_MAX		99999	/* pids and tids: 1..PID_MAX (kernel thread ids are above) */

extern struct mtx proctree_lock;
extern struct proc *initproc;		/* pid 1 */

/* kern_thread.c */
struct thread *kthread_create(void (*func)(void *), void *arg, int priority,
	    int bound_cpu, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	kthread_exit(void) __attribute__((noreturn));
/* A new thread's first C code (from the MD fork_trampoline): runs it, then exits. */
void	fork_exit(struct thread *td) __attribute__((noreturn));
void	thread_reap(void);
void	thread_foreach(void (*cb)(struct thread *, void *), void *arg);
struct thread *thread_alloc_boot(const char *name, int cpu);	/* wraps a running context */
/* A thread structure with a kernel stack, not yet known to anyone; NULL if out. */
struct thread *thread_alloc(void);
void	thread_free(struct thread *td);		/* one thread_alloc gave, never started */
/* Gives td its tid (a kernel thread's, unless td_tid is set) and lists it. */
void	thread_link(struct thread *td);

/* sched_core.c */
void	sched_add(struct thread *td);		/* make runnable */
void	mi_switch(void);			/* give up the CPU; state set by caller */
void	sched_switchin(struct thread *td);	/* a thread now running marks itself so */
void	sched_yield(void);
int	sched_resched_pending(void);		/* this CPU should switch threads */
void	sched_kick(struct thread *td);		/* interrupt td's CPU: it has work */
void	sched_bind(struct thread *td, int cpu);	/* run only on cpu (NOCPU: anywhere) */
/* No preemption (and no migration) until the matching critical_exit(). */
void	critical_enter(void);
void	critical_exit(void);
void	sched_clock(void);			/* from hardclock: time slices */
/*
 * The 1, 5 and 15 minute load averages (threads running or runnable),
 * fixed point: LOADAV_ONE is 1.0 (FreeBSD's FSCALE, Linux's FIXED_1).
 */
#define LOADAV_SHIFT	11
#define LOADAV_ONE	(1ULL << LOADAV_SHIFT)
void	sched_loadavg(uint64_t avg[3]);
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
/*
 * Interruptible sleeps (FreeBSD's PCATCH): as msleep/tsleep (m may be
 * NULL), but a signal the thread will handle, a stop, or the process's
 * exit ends the sleep.  0 (woken), EWOULDBLOCK (timeout), EINTR (a
 * handler without SA_RESTART will run) or ERESTART (restart the system
 * call after the handler or the stop).  A kernel thread sleeps as msleep.
 */
int	msleep_sig(const void *chan, struct mtx *m, const char *wmesg, int timo_ticks);
int	tsleep_sig(const void *chan, const char *wmesg, int timo_ticks);
/* Ends td's interruptible sleep, if it is in one; p_mtx held. */
void	sleepq_abort(struct thread *td, int intrval);
void	wakeup(const void *chan);
void	wakeup_one(const void *chan);
void	pause_ticks(const char *wmesg, int ticks);
void	wait_a_little(const char *wmesg);	/* a tick, or a yield before the clock runs */

/* kern_proc.c: finding processes, the process tree, groups and sessions */
struct proc *pfind(pid_t pid);			/* proctree_lock held; NULL if none */
struct thread *tdfind(pid_t tid, pid_t pid);	/* proctree_lock held; pid -1: any */
struct pgrp *pgfind(pid_t pgid);		/* proctree_lock held */
int	enterpgrp(struct proc *p, pid_t pgid, int newsession);	/* (t) */
int	pid_alloc(void);			/* a free id, or -1 (held until pid_free) */
pid_t	pid_last_alloc(void);			/* the id pid_alloc gave last (Linux's last_pid) */
void	pid_hold(pid_t id);			/* a group or session keeps a pid in use */
void	pid_free(pid_t id);
int	inferior(struct proc *p);		/* p is curproc or a descendant (t) */
struct proc *proc_alloc(void);			/* NULL over kern.maxproc or out of memory */
void	proc_free(struct proc *p);
void	proc_hash(struct proc *p);		/* findable by pid (t) */
void	proc_unhash(struct proc *p);
void	thread_hash(struct thread *td);		/* findable by tid (t) */
void	thread_unhash(struct thread *td);
void	proc_foreach(void (*cb)(struct proc *, void *), void *arg);	/* takes (t) */
struct proc *proc_next(struct proc *p);		/* (t): every process, NULL first */
void	leavepgrp(struct proc *p);		/* (t) */
void	joinpgrp(struct proc *p, struct pgrp *pg);	/* (t) */
extern int maxproc;
MALLOC_DECLARE(M_PROC);
extern int nprocs;			/* processes now, zombies included */

/* kern_time.c: interval timers */
#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2
void	itimer_tick(struct thread *td, int user);	/* hardclock: td ran one tick */
void	itimer_ast(struct thread *td);		/* TDA_ITIMER: send what ran out */
void	itimer_exit(struct proc *p);		/* exit: stop them all, wait for the callout */

/* kern_exit.c */
void	exit1(struct thread *td, int xexit, int xsig) __attribute__((noreturn));
void	thread_exit_user(struct thread *td) __attribute__((noreturn));
void	thread_single(struct thread *td);	/* p_mtx held: the others leave */
/* init_user.c: pid 1 is gone (status as wait reports it); the kernel shell takes over. */
void	kernel_init_exited(int xexit, int xsig);
/* init_user.c: the first thread: init as pid 1, or the kernel shell (kern.kshell). */
void	start_userland(void *arg);

/* machine-dependent (arch swtch.S / vm_machdep.c) */
void	cpu_switch(struct thread *old, struct thread *new);
void	cpu_switchin(struct thread *td);	/* running now: load its machine state */
void	cpu_thread_setup(struct thread *td);	/* first run goes to td_func(td_arg) */
int	cpu_thread_alloc_user(struct thread *td);	/* FPU area, td_frame: 0 or -1 */
void	cpu_thread_free(struct thread *td);
struct trapframe *cpu_thread_frame(struct thread *td);
/* exec: fresh registers (FPU state, FS/GS bases) starting at entry with rsp. */
void	cpu_exec_setregs(struct thread *td, uint64_t entry, uint64_t rsp);
void	cpu_thread_user_exit(struct thread *td);	/* leaves the address space for good */
void	cpu_fork_fpu(struct thread *child);	/* the current FPU registers become child's */
/* Leaves the kernel for user mode with td's frame (a new thread, after exec). */
void	cpu_user_enter(struct thread *td) __attribute__((noreturn));
uint64_t cpu_user_sp(struct thread *td);	/* its user stack pointer (at entry) */
/* kern_fork.c: a user thread for p with tid, not yet runnable; NULL if out of memory. */
struct thread *user_thread_alloc(struct proc *p, pid_t tid);

#define curproc		(curthread->td_proc)

#endif
