/*
 * The signal system calls: rt_sigaction, rt_sigprocmask, rt_sigpending,
 * rt_sigsuspend, sigaltstack, kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_sigtimedwait and pause, with Linux's checks and errno (kernel
 * sigset_t is 8 bytes: any other sigsetsize is EINVAL).  The mechanism
 * they use is in kern_sig.c.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/ucred.h>

static int
sig_valid(int sig)
{
	return (sig >= 1 && sig <= NSIG);
}

int
sys_rt_sigaction(struct thread *td, struct rt_sigaction_args *uap)
{
	struct proc *p = td->td_proc;
	struct sigacts *ps = p->p_sigacts;
	struct l_sigaction act, old;
	int error;

	if (uap->sigsetsize != sizeof(sigset_t))
		return (EINVAL);
	if (!sig_valid(uap->sig))
		return (EINVAL);
	if (uap->act != NULL) {
		if ((error = copyin(uap->act, &act, sizeof(act))) != 0)
			return (error);
		if (uap->sig == SIGKILL || uap->sig == SIGSTOP)
			return (EINVAL);
		act.sa_flags &= ~(uint64_t)SA_UNSUPPORTED;
		act.sa_mask &= ~SIG_CANTMASK;
	}
	mtx_lock(&p->p_mtx);
	mtx_lock(&ps->ps_mtx);
	old = ps->ps_act[uap->sig - 1];
	if (uap->act != NULL)
		ps->ps_act[uap->sig - 1] = act;
	mtx_unlock(&ps->ps_mtx);
	/* Now ignored: pending instances go (POSIX), in every thread. */
	if (uap->act != NULL && (act.sa_handler == SIG_IGN ||
	    (act.sa_handler == SIG_DFL && (sigprop(uap->sig) & SA_IGNORE)))) {
		struct thread *t;

		SIGDELSET(p->p_siglist, uap->sig);
		TAILQ_FOREACH(t, &p->p_threads, td_plist)
			SIGDELSET(t->td_siglist, uap->sig);
	}
	mtx_unlock(&p->p_mtx);
	if (uap->oact != NULL)
		return (copyout(&old, uap->oact, sizeof(old)));
	return (0);
}

int
sys_rt_sigprocmask(struct thread *td, struct rt_sigprocmask_args *uap)
{
	struct proc *p = td->td_proc;
	sigset_t set, old;
	int error;

	if (uap->sigsetsize != sizeof(sigset_t))
		return (EINVAL);
	if (uap->set != NULL) {
		if ((error = copyin(uap->set, &set, sizeof(set))) != 0)
			return (error);
		if (uap->how != SIG_BLOCK && uap->how != SIG_UNBLOCK && uap->how != SIG_SETMASK)
			return (EINVAL);
	}
	mtx_lock(&p->p_mtx);
	old = td->td_sigmask;
	if (uap->set != NULL) {
		if (uap->how == SIG_BLOCK)
			td->td_sigmask |= set;
		else if (uap->how == SIG_UNBLOCK)
			td->td_sigmask &= ~set;
		else
			td->td_sigmask = set;
		td->td_sigmask &= ~SIG_CANTMASK;
		signotify(td);
	}
	mtx_unlock(&p->p_mtx);
	if (uap->oset != NULL)
		return (copyout(&old, uap->oset, sizeof(old)));
	return (0);
}

int
sys_rt_sigpending(struct thread *td, struct rt_sigpending_args *uap)
{
	struct proc *p = td->td_proc;
	sigset_t set;

	if (uap->sigsetsize > sizeof(sigset_t))
		return (EINVAL);
	mtx_lock(&p->p_mtx);
	set = (td->td_siglist | p->p_siglist) & td->td_sigmask;
	mtx_unlock(&p->p_mtx);
	return (copyout(&set, uap->set, uap->sigsetsize));
}

/* Sleep with a temporary mask until a signal is taken; the mask ends with it. */
void
sigmask_wait_begin(struct thread *td, sigset_t set)
{
	struct proc *p = td->td_proc;

	mtx_lock(&p->p_mtx);
	td->td_oldsigmask = td->td_sigmask;
	td->td_sigmask = set & ~SIG_CANTMASK;
	td->td_flags |= TDF_SIGSUSPEND;
	signotify(td);
	mtx_unlock(&p->p_mtx);
}

void
sigmask_wait_end(struct thread *td, int interrupted)
{
	struct proc *p = td->td_proc;

	if (interrupted)
		return;		/* postsig() or ast() restores it */
	mtx_lock(&p->p_mtx);
	if (td->td_flags & TDF_SIGSUSPEND) {
		td->td_sigmask = td->td_oldsigmask;
		td->td_flags &= ~TDF_SIGSUSPEND;
		signotify(td);
	}
	mtx_unlock(&p->p_mtx);
}

int
sys_rt_sigsuspend(struct thread *td, struct rt_sigsuspend_args *uap)
{
	static int sigsuspend_chan;
	struct proc *p = td->td_proc;
	sigset_t set;
	int error;

	if (uap->sigsetsize != sizeof(sigset_t))
		return (EINVAL);
	if ((error = copyin(uap->newset, &set, sizeof(set))) != 0)
		return (error);
	sigmask_wait_begin(td, set);
	mtx_lock(&p->p_mtx);
	while (msleep_sig(&sigsuspend_chan, &p->p_mtx, "sigsusp", 0) == 0)
		;
	mtx_unlock(&p->p_mtx);
	return (ERESTARTNOHAND);
}

int
sys_pause(struct thread *td, struct pause_args *uap __unused)
{
	static int pause_chan;

	(void)td;
	while (tsleep_sig(&pause_chan, "pause", 0) == 0)
		;
	return (ERESTARTNOHAND);
}

int
sys_sigaltstack(struct thread *td, struct sigaltstack_args *uap)
{
	struct l_stack ss, old = td->td_sigstk;
	uint64_t sp = cpu_user_sp(td);
	int onstack = old.ss_size != 0 && sp > old.ss_sp && sp - old.ss_sp <= old.ss_size;
	int error;

	old.ss_flags = old.ss_size == 0 ? SS_DISABLE :
	    (onstack ? SS_ONSTACK : 0) | (td->td_sigstk.ss_flags & SS_AUTODISARM);
	if (old.ss_size == 0)
		old.ss_sp = 0;
	if (uap->uss != NULL) {
		if ((error = copyin(uap->uss, &ss, sizeof(ss))) != 0)
			return (error);
		if (onstack)
			return (EPERM);
		if ((ss.ss_flags & ~(SS_DISABLE | SS_ONSTACK | SS_AUTODISARM)) != 0 ||
		    (ss.ss_flags & (SS_DISABLE | SS_ONSTACK)) == (SS_DISABLE | SS_ONSTACK))
			return (EINVAL);
		if (ss.ss_flags & SS_DISABLE) {
			td->td_sigstk.ss_sp = 0;
			td->td_sigstk.ss_size = 0;
			td->td_sigstk.ss_flags = SS_DISABLE;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return (ENOMEM);
			td->td_sigstk.ss_sp = ss.ss_sp;
			td->td_sigstk.ss_size = ss.ss_size;
			td->td_sigstk.ss_flags = ss.ss_flags & SS_AUTODISARM;
		}
	}
	if (uap->uoss != NULL)
		return (copyout(&old, uap->uoss, sizeof(old)));
	return (0);
}

/*
 * May the caller send sig to p?  Linux's check_kill_permission: its own
 * process always; otherwise the caller's real or effective uid must be
 * p's real or saved uid, or the caller has CAP_KILL; SIGCONT may also go
 * to any process of the caller's session.  EPERM otherwise.  proctree_lock
 * held (p stays, and so does its session).
 */
static int
cansignal(struct thread *td, struct proc *p, int sig)
{
	struct ucred *cr = td->td_ucred;
	const struct ucred *tcr;
	uid_t ruid, svuid;
	int capkill;

	if (p == td->td_proc)
		return (0);
	/* p's credential without its lock (RCU): valid until rcu_read_unlock. */
	rcu_read_lock();
	tcr = rcu_dereference(p->p_ucred);
	if (cred_poisoned(tcr)) {
		rcu_read_unlock();
		return (EPERM);
	}
	ruid = tcr->cr_ruid;
	svuid = tcr->cr_svuid;
	/* CAP_KILL over the target's user namespace. */
	capkill = ns_priv_check(cr, tcr->cr_userns, CAP_KILL) == 0;
	if (cred_poisoned(tcr))		/* freed while we read it: counted */
		capkill = 0;
	rcu_read_unlock();
	if (capkill)
		return (0);
	if (cr->cr_uid == svuid || cr->cr_uid == ruid || cr->cr_ruid == svuid ||
	    cr->cr_ruid == ruid)
		return (0);
	if (sig == SIGCONT && p->p_pgrp != NULL && td->td_proc->p_pgrp != NULL &&
	    p->p_pgrp->pg_session == td->td_proc->p_pgrp->pg_session)
		return (0);
	return (EPERM);
}

static void
user_siginfo(struct thread *td, int sig, int code, struct l_siginfo *si)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
	si->si_pid = td->td_proc->p_pid;
	si->si_uid = td->td_ucred->cr_ruid;
}

/* kill(pid, sig): > 0 one process, 0 the caller's group, -1 every process but init
 * and the caller, < -1 group -pid; sig 0 only checks. */
int
sys_kill(struct thread *td, struct kill_args *uap)
{
	struct proc *p, *me = td->td_proc;
	struct pgrp *pg;
	struct l_siginfo si;
	int sig = uap->signum, found = 0, error = 0;

	if (sig < 0 || sig > NSIG)
		return (EINVAL);
	if (uap->pid == INT32_MIN)
		return (ESRCH);
	user_siginfo(td, sig, SI_USER, &si);
	mtx_lock(&proctree_lock);
	if (uap->pid > 0) {
		if ((p = pfind(uap->pid)) == NULL)
			error = ESRCH;
		else if ((error = cansignal(td, p, sig)) == 0 && sig != 0)
			error = kern_psignal(p, sig, &si);
		mtx_unlock(&proctree_lock);
		return (error);
	}
	if (uap->pid == -1) {
		for (p = NULL, pg = NULL; (p = proc_next(p)) != NULL;) {
			if (p->p_pid == 1 || p == me || p->p_state != PRS_NORMAL)
				continue;
			found = 1;	/* (refusals do not count, as on Linux) */
			if (cansignal(td, p, sig) == 0 && sig != 0)
				kern_psignal(p, sig, &si);
		}
		mtx_unlock(&proctree_lock);
		return (found ? 0 : ESRCH);
	}
	/* A group: 0 if one member got it, else the last refusal (Linux's __kill_pgrp_info). */
	pg = uap->pid == 0 ? me->p_pgrp : pgfind(-uap->pid);
	error = ESRCH;
	if (pg != NULL)
		LIST_FOREACH(p, &pg->pg_members, p_pglist) {
			if (p->p_state != PRS_NORMAL)
				continue;
			if ((error = cansignal(td, p, sig)) == 0) {
				found = 1;
				if (sig != 0)
					kern_psignal(p, sig, &si);
			}
		}
	mtx_unlock(&proctree_lock);
	return (found ? 0 : error);
}

static int
kern_tkill(struct thread *td, pid_t tgid, pid_t tid, int sig)
{
	struct thread *t;
	struct l_siginfo si;
	int error = 0;

	if (tid <= 0 || sig < 0 || sig > NSIG)
		return (EINVAL);
	user_siginfo(td, sig, SI_TKILL, &si);
	mtx_lock(&proctree_lock);
	if ((t = tdfind(tid, tgid)) == NULL)
		error = ESRCH;
	else if ((error = cansignal(td, t->td_proc, sig)) == 0 && sig != 0)
		error = kern_tdsignal(t, sig, &si);
	mtx_unlock(&proctree_lock);
	return (error);
}

int
sys_tkill(struct thread *td, struct tkill_args *uap)
{
	return (kern_tkill(td, -1, uap->tid, uap->sig));
}

int
sys_tgkill(struct thread *td, struct tgkill_args *uap)
{
	if (uap->tgid <= 0)
		return (EINVAL);
	return (kern_tkill(td, uap->tgid, uap->pid, uap->sig));
}

int
sys_rt_sigqueueinfo(struct thread *td, struct rt_sigqueueinfo_args *uap)
{
	struct l_siginfo si;
	struct proc *p;
	int error;

	if (!sig_valid(uap->sig))
		return (EINVAL);
	if ((error = copyin(uap->info, &si, sizeof(si))) != 0)
		return (error);
	/* Only the kernel may claim SI_USER or SI_KERNEL for another process. */
	if ((si.si_code >= 0 || si.si_code == SI_TKILL) && uap->pid != td->td_proc->p_pid)
		return (EPERM);
	si.si_signo = uap->sig;
	mtx_lock(&proctree_lock);
	if ((p = pfind(uap->pid)) == NULL)
		error = ESRCH;
	else if ((error = cansignal(td, p, uap->sig)) == 0)
		error = kern_psignal(p, uap->sig, &si);
	mtx_unlock(&proctree_lock);
	return (error);
}

/* Wait for one of the signals in mask (blocked ones, normally) and take it without a handler. */
int
sys_rt_sigtimedwait(struct thread *td, struct rt_sigtimedwait_args *uap)
{
	static int sigwait_chan;
	struct proc *p = td->td_proc;
	struct l_timespec ts;
	struct l_siginfo si;
	sigset_t mask, saved;
	int error, sig, timo = 0;

	if (uap->sigsetsize != sizeof(sigset_t))
		return (EINVAL);
	if ((error = copyin(uap->mask, &mask, sizeof(mask))) != 0)
		return (error);
	mask &= ~SIG_CANTMASK;
	if (uap->timeout != NULL) {
		if ((error = copyin(uap->timeout, &ts, sizeof(ts))) != 0)
			return (error);
		if ((error = timespec_check(&ts)) != 0)
			return (error);
		timo = ns_to_ticks(timespec_ns(&ts));
		if (timo == 0)
			timo = -1;	/* poll */
	}
	mtx_lock(&p->p_mtx);
	saved = td->td_sigmask;
	/* While waiting, the awaited signals are not blocked (so they wake us). */
	td->td_sigmask &= ~mask;
	for (;;) {
		sigset_t pend = (td->td_siglist | p->p_siglist) & mask;

		if (pend != 0) {
			sig = __builtin_ctzll(pend) + 1;
			sigtake(td, sig, &si);
			error = 0;
			break;
		}
		if (timo < 0) {
			error = EAGAIN;
			break;
		}
		error = msleep_sig(&sigwait_chan, &p->p_mtx, "sigwait", timo);
		if (error == EWOULDBLOCK) {
			error = EAGAIN;
			break;
		}
		if (error != 0) {
			/* Another signal came: check once more, else EINTR. */
			pend = (td->td_siglist | p->p_siglist) & mask;
			if (pend != 0)
				continue;
			error = EINTR;
			break;
		}
	}
	td->td_sigmask = saved;
	signotify(td);
	mtx_unlock(&p->p_mtx);
	if (error != 0)
		return (error);
	if (uap->info != NULL && (error = copyout(&si, uap->info, sizeof(si))) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)sig;
	return (0);
}
