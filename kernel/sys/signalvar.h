/*
 * Kernel signal state and the functions that post and deliver signals
 * (kern/kern_sig.c).  Numbers, flags and layouts are Linux's
 * (<sys/signal.h>).
 *
 * A signal is posted to a process (kill: any thread not blocking it may
 * take it) or to one thread (tgkill, a fault).  Delivery happens when a
 * thread returns to user mode (ast): the default action (terminate, core,
 * stop, continue, ignore), or a handler run on a Linux rt_sigframe built
 * by the machine-dependent sendsig().
 *
 * All of it takes sleep mutexes: post signals from thread context only.
 */
#ifndef SYS_SIGNALVAR_H
#define SYS_SIGNALVAR_H

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/queue.h>
#include <sys/signal.h>

struct proc;
struct pgrp;
struct thread;
struct trapframe;

/* Signal actions, shared by the threads of a process (and by CLONE_SIGHAND). */
struct sigacts {
	volatile int		ps_refcnt;	/* processes sharing it (atomic) */
	struct mtx		ps_mtx;		/* guards ps_act */
	struct l_sigaction	ps_act[NSIG];	/* index sig - 1 */
};

/* A pending signal's information (one per queued real-time signal). */
struct ksiginfo {
	TAILQ_ENTRY(ksiginfo)	ksi_link;
	struct l_siginfo	ksi_info;
};

/* Default actions. */
#define SA_KILL		0x01	/* terminate */
#define SA_CORE		0x02	/* terminate with the core bit */
#define SA_STOP		0x04	/* stop */
#define SA_TTYSTOP	0x08	/* stop from the terminal (ignored if orphaned) */
#define SA_IGNORE	0x10	/* ignore */
#define SA_CONT		0x20	/* continue */
int	sigprop(int sig);

struct sigacts *sigacts_alloc(void);
struct sigacts *sigacts_hold(struct sigacts *ps);	/* CLONE_SIGHAND */
struct sigacts *sigacts_copy(struct sigacts *ps);	/* fork */
void	sigacts_free(struct sigacts *ps);

/* Posting.  `si` may be NULL (SI_KERNEL, nothing else known). */
int	kern_psignal(struct proc *p, int sig, const struct l_siginfo *si);
int	kern_tdsignal(struct thread *td, int sig, const struct l_siginfo *si);
void	psignal(struct proc *p, int sig);		/* from the kernel */
void	pgsignal(struct pgrp *pg, int sig, int checkctty);	/* proctree_lock held */
/* A fault: the signal goes to td; blocked or ignored, it kills the process (Linux). */
void	trapsignal(struct thread *td, int sig, int code, uint64_t addr, int trapno);

/* Takes pending sig off td or its process, undelivered (p_mtx held): rt_sigtimedwait. */
void	sigtake(struct thread *td, int sig, struct l_siginfo *si);

/* Delivery, at the return to user mode (ast). */
void	ast(struct thread *td, struct trapframe *tf);
void	sigexit(struct thread *td, int sig) __attribute__((noreturn));
/* exec: caught signals go back to the default action, the alternate stack is gone. */
void	execsigs(struct proc *p);
/* After td's mask changed or a signal arrived: does it need to look? (p_mtx held) */
void	signotify(struct thread *td);
/*
 * A wait with a temporary signal mask (rt_sigsuspend, ppoll, pselect6):
 * sigmask_wait_begin sets `set` and keeps the old mask; sigmask_wait_end
 * puts it back, unless the wait was interrupted (`interrupted`), when the
 * signal's delivery saves the old mask in the handler's frame and restores
 * it there (Linux's TIF_RESTORE_SIGMASK).  kern_sigcalls.c.
 */
void	sigmask_wait_begin(struct thread *td, sigset_t set);
void	sigmask_wait_end(struct thread *td, int interrupted);
/* td must look at its td_ast now: out of an interruptible sleep, into the kernel. */
void	thread_kick(struct thread *td, int intrval);
/* Frees pending siginfo: td's (and p's, if p is not NULL). */
void	sigqueue_flush(struct proc *p, struct thread *td);
/* The signal a thread would take now (p_mtx held): 0 if none. */
int	cursig(struct thread *td);
/* For an interruptible sleep (p_mtx held): 0, or EINTR/ERESTART per SA_RESTART. */
int	cursig_intrval(struct thread *td);

/* Machine dependent (arch sig_machdep.c, syscall_machdep.c). */
void	cpu_syscall_restart(struct thread *td, struct trapframe *tf);
int	sendsig(struct thread *td, int sig, const struct l_sigaction *act,
	    const struct l_siginfo *si, sigset_t oldmask);	/* 0, or -1: bad stack */

#endif
