/*
 * Signals: posting, delivery and the system calls (Linux semantics).
 *
 * Posting (kern_psignal, kern_tdsignal) puts the signal on the process's
 * or the thread's pending set with its siginfo, applies what must happen
 * at once (SIGCONT continues a stopped process and discards pending stop
 * signals; a stop signal discards a pending SIGCONT; an ignored signal is
 * dropped unless blocked), and picks a thread that does not block it:
 * that thread gets TDA_SIG, its interruptible sleep is aborted, and a CPU
 * running it in user mode is interrupted.
 *
 * Delivery (ast -> postsig) happens on the way back to user mode: the
 * default action -- terminate, terminate with the core bit (when
 * RLIMIT_CORE allows a core), stop, continue, ignore -- or the handler,
 * on a frame the machine-dependent sendsig() builds (Linux's rt_sigframe).
 * A system call the signal interrupted is restarted or fails with EINTR
 * according to SA_RESTART (ast_return, sendsig's caller here).
 *
 * Stops park every thread of the process in thread_suspend_check() until
 * SIGCONT or SIGKILL; exit and exec use the same parking to remove the
 * other threads (kern_exit.c).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_SIGACTS, "sigacts", "signal actions and pending siginfo");

#define STOPSIGMASK	(SIGMASK(SIGSTOP) | SIGMASK(SIGTSTP) | SIGMASK(SIGTTIN) | \
			 SIGMASK(SIGTTOU))
#define SIGPENDING_MAX	4096	/* queued siginfo per process (RLIMIT_SIGPENDING-like) */


static const uint8_t sigproptbl[NSIG + 1] = {
	[SIGHUP] = SA_KILL,	[SIGINT] = SA_KILL,	[SIGQUIT] = SA_KILL | SA_CORE,
	[SIGILL] = SA_KILL | SA_CORE,	[SIGTRAP] = SA_KILL | SA_CORE,
	[SIGABRT] = SA_KILL | SA_CORE,	[SIGBUS] = SA_KILL | SA_CORE,
	[SIGFPE] = SA_KILL | SA_CORE,	[SIGKILL] = SA_KILL,	[SIGUSR1] = SA_KILL,
	[SIGSEGV] = SA_KILL | SA_CORE,	[SIGUSR2] = SA_KILL,	[SIGPIPE] = SA_KILL,
	[SIGALRM] = SA_KILL,	[SIGTERM] = SA_KILL,	[SIGSTKFLT] = SA_KILL,
	[SIGCHLD] = SA_IGNORE,	[SIGCONT] = SA_IGNORE | SA_CONT,
	[SIGSTOP] = SA_STOP,	[SIGTSTP] = SA_STOP | SA_TTYSTOP,
	[SIGTTIN] = SA_STOP | SA_TTYSTOP,	[SIGTTOU] = SA_STOP | SA_TTYSTOP,
	[SIGURG] = SA_IGNORE,	[SIGXCPU] = SA_KILL | SA_CORE,
	[SIGXFSZ] = SA_KILL | SA_CORE,	[SIGVTALRM] = SA_KILL,	[SIGPROF] = SA_KILL,
	[SIGWINCH] = SA_IGNORE,	[SIGIO] = SA_KILL,	[SIGPWR] = SA_KILL,
	[SIGSYS] = SA_KILL | SA_CORE,
};

int
sigprop(int sig)
{
	if (sig <= 0 || sig > NSIG)
		return (0);
	return (sig >= SIGRTMIN ? SA_KILL : sigproptbl[sig]);
}

/* --- actions ------------------------------------------------------------------ */

struct sigacts *
sigacts_alloc(void)
{
	struct sigacts *ps = malloc(sizeof(*ps), M_SIGACTS, M_NOWAIT | M_ZERO);

	if (ps != NULL) {
		ps->ps_refcnt = 1;
		mtx_init(&ps->ps_mtx, "sigacts", MTX_DEF);
	}
	return (ps);
}

struct sigacts *
sigacts_hold(struct sigacts *ps)
{
	__atomic_add_fetch(&ps->ps_refcnt, 1, __ATOMIC_RELAXED);
	return (ps);
}

struct sigacts *
sigacts_copy(struct sigacts *src)
{
	struct sigacts *ps = sigacts_alloc();

	if (ps != NULL) {
		mtx_lock(&src->ps_mtx);
		memcpy(ps->ps_act, src->ps_act, sizeof(ps->ps_act));
		mtx_unlock(&src->ps_mtx);
	}
	return (ps);
}

void
sigacts_free(struct sigacts *ps)
{
	if (ps != NULL && __atomic_sub_fetch(&ps->ps_refcnt, 1, __ATOMIC_ACQ_REL) == 0)
		free(ps, M_SIGACTS);
}

static struct l_sigaction
action_of(struct proc *p, int sig)
{
	struct l_sigaction act;

	mtx_lock(&p->p_sigacts->ps_mtx);
	act = p->p_sigacts->ps_act[sig - 1];
	mtx_unlock(&p->p_sigacts->ps_mtx);
	return (act);
}

static int
sig_ignored_action(const struct l_sigaction *act, int sig)
{
	return (act->sa_handler == SIG_IGN ||
	    (act->sa_handler == SIG_DFL && (sigprop(sig) & SA_IGNORE)));
}

/* exec: handlers go back to the default (ignored stays ignored). */
void
execsigs(struct proc *p)
{
	struct sigacts *ps = p->p_sigacts;
	int sig;

	if (ps->ps_refcnt > 1) {	/* shared with a process we leave behind */
		struct sigacts *n = sigacts_copy(ps);

		if (n != NULL) {
			sigacts_free(ps);
			p->p_sigacts = ps = n;
		}
	}
	mtx_lock(&ps->ps_mtx);
	for (sig = 1; sig <= NSIG; sig++) {
		struct l_sigaction *a = &ps->ps_act[sig - 1];

		if (a->sa_handler != SIG_DFL && a->sa_handler != SIG_IGN)
			a->sa_handler = SIG_DFL;
		a->sa_flags &= ~(uint64_t)(SA_ONSTACK | SA_RESTART | SA_SIGINFO | SA_NODEFER |
		    SA_RESETHAND | SA_RESTORER);
		a->sa_restorer = 0;
		if (sig == SIGCHLD && a->sa_handler == SIG_IGN)
			continue;	/* Linux keeps SIGCHLD ignored across exec */
	}
	mtx_unlock(&ps->ps_mtx);
}

/* --- pending signals ------------------------------------------------------------ */

/* The ksiginfo queue of a pending set: remove every entry for sig (or all, sig 0). */
static void
queue_remove(struct ksiginfo_list *head, int sig)
{
	struct ksiginfo *k, *t;

	TAILQ_FOREACH_SAFE(k, head, ksi_link, t)
		if (sig == 0 || k->ksi_info.si_signo == sig) {
			TAILQ_REMOVE(head, k, ksi_link);
			free(k, M_SIGACTS);
		}
}

static void
pending_discard(struct proc *p, sigset_t mask)
{
	struct thread *td;
	int sig;

	for (sig = 1; sig <= NSIG; sig++) {
		if (!SIGISMEMBER(mask, sig))
			continue;
		if (SIGISMEMBER(p->p_siglist, sig))
			queue_remove(&p->p_sigqueue, sig);
		TAILQ_FOREACH(td, &p->p_threads, td_plist)
			if (SIGISMEMBER(td->td_siglist, sig))
				queue_remove(&td->td_sigqueue, sig);
	}
	p->p_siglist &= ~mask;
	TAILQ_FOREACH(td, &p->p_threads, td_plist)
		td->td_siglist &= ~mask;
}

/* Queues sig with its info on (set, queue); EAGAIN if a real-time signal cannot be. */
static int
pending_add(sigset_t *set, struct ksiginfo_list *head, int sig, const struct l_siginfo *si)
{
	struct ksiginfo *k;
	int n = 0;

	if (sig < SIGRTMIN && SIGISMEMBER(*set, sig))
		return (0);		/* standard signals do not queue twice */
	TAILQ_FOREACH(k, head, ksi_link)
		n++;
	if (n >= SIGPENDING_MAX || (k = malloc(sizeof(*k), M_SIGACTS, M_NOWAIT)) == NULL) {
		if (sig >= SIGRTMIN)
			return (EAGAIN);
		SIGADDSET(*set, sig);	/* pending without its information */
		return (0);
	}
	k->ksi_info = *si;
	TAILQ_INSERT_TAIL(head, k, ksi_link);
	SIGADDSET(*set, sig);
	return (0);
}

/* Takes sig's oldest info off the queue; *si filled (SI_KERNEL if none). */
static void
pending_take(sigset_t *set, struct ksiginfo_list *head, int sig, struct l_siginfo *si)
{
	struct ksiginfo *k;
	int more = 0, found = 0;

	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = SI_KERNEL;
	TAILQ_FOREACH(k, head, ksi_link) {
		if (k->ksi_info.si_signo != sig)
			continue;
		if (found) {
			more = 1;
			break;
		}
		*si = k->ksi_info;
		found = 1;
	}
	if (found)
		TAILQ_FOREACH(k, head, ksi_link)
			if (k->ksi_info.si_signo == sig) {
				TAILQ_REMOVE(head, k, ksi_link);
				free(k, M_SIGACTS);
				break;
			}
	if (!more)
		SIGDELSET(*set, sig);
}

void
sigqueue_flush(struct proc *p, struct thread *td)
{
	if (p != NULL) {
		queue_remove(&p->p_sigqueue, 0);
		p->p_siglist = 0;
	}
	queue_remove(&td->td_sigqueue, 0);
	td->td_siglist = 0;
}

/* --- posting ---------------------------------------------------------------------- */

/* Kick td to look at its pending work: out of an interruptible sleep, into the kernel. */
void
thread_kick(struct thread *td, int intrval)
{
	if (td->td_state == TDS_SLEEPING)
		sleepq_abort(td, intrval);
	else if (td != curthread)
		sched_kick(td);
}

/* What an interrupted sleep returns if td takes sig: EINTR only for a non-restarting handler. */
static int
intrval_for(struct proc *p, int sig)
{
	struct l_sigaction act = action_of(p, sig);

	if (act.sa_handler != SIG_DFL && act.sa_handler != SIG_IGN &&
	    (act.sa_flags & SA_RESTART) == 0)
		return (EINTR);
	return (ERESTART);
}

/* td may take sig now (p_mtx held): tell it. */
static void
tdsignotify(struct thread *td, int sig)
{
	__atomic_or_fetch(&td->td_ast, TDA_SIG, __ATOMIC_SEQ_CST);
	thread_kick(td, intrval_for(td->td_proc, sig));
}

void
signotify(struct thread *td)
{
	int sig = cursig(td);

	if (sig != 0)
		tdsignotify(td, sig);
}

/* Continue a stopped process (p_mtx held): its parked threads go on. */
static void
proc_continue(struct proc *p)
{
	p->p_flag &= ~(P_STOPPED_SIG | P_WAITED);
	p->p_flag |= P_CONTINUED;
	wakeup(&p->p_flag);
}

/* The parent hears of a stop or continue (SIGCHLD unless SA_NOCLDSTOP) and wait wakes. */
static void
notify_parent_stop(struct proc *p, int code, int sig)
{
	struct proc *pp;
	struct l_siginfo si;
	int locked = mtx_owned(&proctree_lock);	/* kill() holds it */

	if (!locked)
		mtx_lock(&proctree_lock);
	if ((pp = p->p_pptr) != NULL) {
		if ((action_of(pp, SIGCHLD).sa_flags & SA_NOCLDSTOP) == 0) {
			memset(&si, 0, sizeof(si));
			si.si_signo = SIGCHLD;
			si.si_code = code;
			si.si_pid = p->p_pid;
			rcu_read_lock();	/* p's credential may be replaced meanwhile */
			si.si_uid = rcu_dereference(p->p_ucred)->cr_ruid;
			rcu_read_unlock();
			si.si_status = sig;
			kern_psignal(pp, SIGCHLD, &si);
		}
		wakeup(pp);
	}
	if (!locked)
		mtx_unlock(&proctree_lock);
}

/*
 * The common part of posting: to the process (td NULL) or one thread.
 * Returns 0 or EAGAIN (a real-time signal that could not be queued).
 */
static int
post(struct proc *p, struct thread *target, int sig, const struct l_siginfo *si0, int force)
{
	struct l_siginfo si;
	struct l_sigaction act;
	struct thread *td;
	int prop = sigprop(sig), error = 0, notify_cont = 0;

	if (si0 != NULL)
		si = *si0;
	else {
		memset(&si, 0, sizeof(si));
		si.si_code = SI_KERNEL;
	}
	si.si_signo = sig;
	mtx_lock(&p->p_mtx);
	if (p->p_state != PRS_NORMAL || (p->p_flag & P_WEXIT)) {
		mtx_unlock(&p->p_mtx);
		return (0);
	}
	act = action_of(p, sig);
	/*
	 * Init gets only the signals it handles (Linux): one with its default
	 * action is dropped -- unless it is the kernel's own (a fault).
	 */
	if (p->p_pid == 1 && act.sa_handler == SIG_DFL && !force)
		goto out_unlocked_ok;
	if (prop & SA_CONT) {
		pending_discard(p, STOPSIGMASK);
		if (p->p_flag & P_STOPPED_SIG) {
			proc_continue(p);
			notify_cont = 1;
		}
	}
	if (prop & SA_STOP)
		pending_discard(p, SIGMASK(SIGCONT));
	if (sig == SIGKILL && (p->p_flag & P_STOPPED_SIG))
		proc_continue(p);	/* to die, the threads must run */
	td = target != NULL ? target : TAILQ_FIRST(&p->p_threads);
	/* An ignored signal is dropped -- unless blocked: the action may change. */
	if (sig_ignored_action(&act, sig) && td != NULL && !SIGISMEMBER(td->td_sigmask, sig))
		goto out;
	if (target != NULL)
		error = pending_add(&target->td_siglist, &target->td_sigqueue, sig, &si);
	else
		error = pending_add(&p->p_siglist, &p->p_sigqueue, sig, &si);
	if (error != 0)
		goto out;
	/* A thread to take it: the target, or any not blocking it (curthread first). */
	if (target == NULL) {
		td = NULL;
		if (curthread->td_proc == p && !SIGISMEMBER(curthread->td_sigmask, sig))
			td = curthread;
		else
			TAILQ_FOREACH(target, &p->p_threads, td_plist)
				if (!SIGISMEMBER(target->td_sigmask, sig) || sig == SIGKILL) {
					td = target;
					break;
				}
	} else if (SIGISMEMBER(td->td_sigmask, sig) && sig != SIGKILL)
		td = NULL;
	if (td != NULL)
		tdsignotify(td, sig);
out:
	mtx_unlock(&p->p_mtx);
	if (notify_cont)
		notify_parent_stop(p, CLD_CONTINUED, SIGCONT);
	return (error);
out_unlocked_ok:
	mtx_unlock(&p->p_mtx);
	return (0);
}

int
kern_psignal(struct proc *p, int sig, const struct l_siginfo *si)
{
	return (post(p, NULL, sig, si, 0));
}

int
kern_tdsignal(struct thread *td, int sig, const struct l_siginfo *si)
{
	return (post(td->td_proc, td, sig, si, 0));
}

void
psignal(struct proc *p, int sig)
{
	post(p, NULL, sig, NULL, 0);
}

/* Every member of pg (proctree_lock held); checkctty: only those with a terminal. */
void
pgsignal(struct pgrp *pg, int sig, int checkctty)
{
	struct proc *p;

	if (pg == NULL)
		return;
	LIST_FOREACH(p, &pg->pg_members, p_pglist)
		if (!checkctty || (p->p_flag & P_CONTROLT))
			post(p, NULL, sig, NULL, 0);
}

void
trapsignal(struct thread *td, int sig, int code, uint64_t addr, int trapno)
{
	struct proc *p = td->td_proc;
	struct sigacts *ps = p->p_sigacts;
	struct l_siginfo si;

	(void)trapno;
	/* Blocked or ignored, a fault would come straight back: Linux kills instead. */
	mtx_lock(&p->p_mtx);
	mtx_lock(&ps->ps_mtx);
	if (SIGISMEMBER(td->td_sigmask, sig) || ps->ps_act[sig - 1].sa_handler == SIG_IGN) {
		ps->ps_act[sig - 1].sa_handler = SIG_DFL;
		SIGDELSET(td->td_sigmask, sig);
	}
	mtx_unlock(&ps->ps_mtx);
	mtx_unlock(&p->p_mtx);
	memset(&si, 0, sizeof(si));
	si.si_signo = sig;
	si.si_code = code;
	si.si_addr = addr;
	post(p, td, sig, &si, 1);
}

/* --- what to take -------------------------------------------------------------------- */

int
cursig(struct thread *td)
{
	struct proc *p = td->td_proc;
	sigset_t pending = (td->td_siglist | p->p_siglist) & ~td->td_sigmask;

	if (SIGISMEMBER(td->td_siglist | p->p_siglist, SIGKILL))
		return (SIGKILL);
	if (pending == 0)
		return (0);
	/* Lowest first, the synchronous faults among them (Linux's order is by number too). */
	return (__builtin_ctzll(pending) + 1);
}

int
cursig_intrval(struct thread *td)
{
	int sig = cursig(td);

	return (sig != 0 ? intrval_for(td->td_proc, sig) : 0);
}

/* Takes pending sig off td or its process without delivering it (p_mtx held). */
void
sigtake(struct thread *td, int sig, struct l_siginfo *si)
{
	struct proc *p = td->td_proc;

	if (SIGISMEMBER(td->td_siglist, sig))
		pending_take(&td->td_siglist, &td->td_sigqueue, sig, si);
	else
		pending_take(&p->p_siglist, &p->p_sigqueue, sig, si);
}

/* --- delivery ----------------------------------------------------------------------- */

void
sigexit(struct thread *td, int sig)
{
	struct proc *p = td->td_proc;
	/*
	 * The core bit as Linux sets it with a file core_pattern: a limit below
	 * a page is too small for any core (binfmt_elf's min_coredump).  No
	 * core file is written yet.
	 */
	int core = (sigprop(sig) & SA_CORE) && p->p_rlimit[RLIMIT_CORE].rlim_cur >= PAGE_SIZE;

	log(LOG_INFO, "pid %d (%s): exited on signal %d%s\n", p->p_pid, p->p_comm, sig,
	    core ? " (core dumped)" : "");
	exit1(td, 0, sig | (core ? 0x80 : 0));
}

/* The process stops: every thread parks at its next boundary (p_mtx held). */
static void
proc_stop(struct proc *p, int sig)
{
	struct thread *td;

	p->p_flag |= P_STOPPED_SIG;
	p->p_flag &= ~(P_WAITED | P_CONTINUED);
	p->p_xsig = sig;
	TAILQ_FOREACH(td, &p->p_threads, td_plist) {
		__atomic_or_fetch(&td->td_ast, TDA_SUSPEND, __ATOMIC_SEQ_CST);
		thread_kick(td, ERESTART);
	}
}

/*
 * p's group is orphaned (p_mtx held: dropped and retaken, since
 * proctree_lock comes before a process lock).
 */
static int
pgrp_orphaned(struct proc *p)
{
	int orphaned;

	mtx_unlock(&p->p_mtx);
	mtx_lock(&proctree_lock);
	orphaned = p->p_pgrp != NULL && p->p_pgrp->pg_jobc == 0;
	mtx_unlock(&proctree_lock);
	mtx_lock(&p->p_mtx);
	return (orphaned);
}

/*
 * Take one pending signal (p_mtx held; dropped and retaken around a
 * handler's frame).  Returns 1 if a handler was set up.
 */
static int
postsig(struct thread *td, int sig, struct trapframe *tf)
{
	struct proc *p = td->td_proc;
	struct sigacts *ps = p->p_sigacts;
	struct l_sigaction act;
	struct l_siginfo si;
	sigset_t oldmask;
	int prop = sigprop(sig);

	sigtake(td, sig, &si);
	act = action_of(p, sig);
	if (sig == SIGKILL || act.sa_handler == SIG_DFL) {
		if (prop & SA_KILL) {
			mtx_unlock(&p->p_mtx);
			sigexit(td, sig);
		}
		if (prop & SA_STOP) {
			if ((prop & SA_TTYSTOP) && pgrp_orphaned(p))
				return (0);	/* POSIX: no terminal stops in an orphaned group */
			proc_stop(p, sig);
			mtx_unlock(&p->p_mtx);
			notify_parent_stop(p, CLD_STOPPED, sig);
			mtx_lock(&p->p_mtx);
		}
		return (0);
	}
	if (act.sa_handler == SIG_IGN)
		return (0);
	/* A handler.  The interrupted call: restarted after it, or EINTR. */
	if (td->td_sa_restart != 0) {
		if (td->td_sa_restart == ERESTART && (act.sa_flags & SA_RESTART))
			cpu_syscall_restart(td, tf);
		td->td_sa_restart = 0;
	}
	oldmask = td->td_sigmask;
	if (td->td_flags & TDF_SIGSUSPEND) {
		oldmask = td->td_oldsigmask;
		td->td_flags &= ~TDF_SIGSUSPEND;
	}
	if (act.sa_flags & SA_RESETHAND) {
		mtx_lock(&ps->ps_mtx);
		ps->ps_act[sig - 1].sa_handler = SIG_DFL;
		ps->ps_act[sig - 1].sa_flags &= ~(uint64_t)SA_SIGINFO;
		mtx_unlock(&ps->ps_mtx);
	}
	mtx_unlock(&p->p_mtx);
	if (sendsig(td, sig, &act, &si, oldmask) != 0) {
		/* No room for the frame (a bad stack): Linux's force_sigsegv. */
		sigexit(td, SIGSEGV);
	}
	mtx_lock(&p->p_mtx);
	td->td_sigmask |= act.sa_mask;
	if ((act.sa_flags & SA_NODEFER) == 0)
		SIGADDSET(td->td_sigmask, sig);
	td->td_sigmask &= ~SIG_CANTMASK;
	return (1);
}

/*
 * At the boundary with TDA_SUSPEND: leave (the process exits or execs) or
 * park while it is stopped.  SIGKILL and SIGCONT end the parking.
 */
static void
thread_suspend_check(struct thread *td)
{
	struct proc *p = td->td_proc;

	mtx_lock(&p->p_mtx);
	for (;;) {
		if ((p->p_flag & (P_WEXIT | P_SINGLE)) && p->p_singlethread != td) {
			mtx_unlock(&p->p_mtx);
			thread_exit_user(td);
		}
		if ((p->p_flag & P_STOPPED_SIG) == 0 ||
		    SIGISMEMBER(td->td_siglist | p->p_siglist, SIGKILL))
			break;
		td->td_flags |= TDF_STOPPED;
		p->p_suspcount++;
		msleep(&p->p_flag, &p->p_mtx, "stopped", 0);
		p->p_suspcount--;
		td->td_flags &= ~TDF_STOPPED;
	}
	__atomic_and_fetch(&td->td_ast, ~TDA_SUSPEND, __ATOMIC_SEQ_CST);
	mtx_unlock(&p->p_mtx);
}

void
ast(struct thread *td, struct trapframe *tf)
{
	struct proc *p = td->td_proc;
	int sig;

	if (p == NULL)
		return;
	if (td->td_ast & TDA_SUSPEND)
		thread_suspend_check(td);
	if (td->td_ast & TDA_UCRED) {
		struct ucred *new, *old;

		__atomic_and_fetch(&td->td_ast, ~TDA_UCRED, __ATOMIC_SEQ_CST);
		/* The process's current credential, read under RCU (no p_mtx). */
		if ((new = proc_cred_hold(p)) != NULL) {
			old = td->td_ucred;
			td->td_ucred = new;
			crfree(old);
		}
	}
	if (td->td_ast & TDA_ITIMER)
		itimer_ast(td);		/* may post a signal: before looking for one */
	if ((td->td_ast & TDA_SIG) == 0)
		return;
	mtx_lock(&p->p_mtx);
	while ((sig = cursig(td)) != 0) {
		if (postsig(td, sig, tf))
			break;	/* one handler frame per return; the next at the next boundary */
		if (td->td_ast & TDA_SUSPEND)
			break;
	}
	if (cursig(td) == 0)
		__atomic_and_fetch(&td->td_ast, ~TDA_SIG, __ATOMIC_SEQ_CST);
	/* rt_sigsuspend whose signal ran no handler: its mask ends here. */
	if (td->td_flags & TDF_SIGSUSPEND) {
		td->td_sigmask = td->td_oldsigmask;
		td->td_flags &= ~TDF_SIGSUSPEND;
	}
	mtx_unlock(&p->p_mtx);
}
