/*
 * Process and thread exit, and waiting for children.
 *
 * A thread leaving (exit, or parked out by exit_group/exec/a fatal signal)
 * does what Linux's mm_release does -- CLONE_CHILD_CLEARTID's write and
 * futex wake, the robust-futex list -- and drops out of its process.  The
 * last thread tears the process down: files, address space, children
 * handed to init, then it becomes a zombie and its parent hears of it
 * (SIGCHLD or its exit signal, and wait's wakeup).  A parent that ignores
 * SIGCHLD (or set SA_NOCLDWAIT) has its children reaped at once.
 *
 * The exiting thread touches the process structure only until it marks
 * it a zombie: from then on the parent's wait may free it.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/futex.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/tty.h>
#include <sys/ucred.h>
#include <vm/vm_map.h>

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002	/* WSTOPPED */
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000U

#define P_ALL		0
#define P_PID		1
#define P_PGID		2


/* Linux struct rusage */
struct l_rusage {
	int64_t	utime_sec, utime_usec, stime_sec, stime_usec;
	int64_t	rest[14];
};

/* --- threads -------------------------------------------------------------------- */

/*
 * Linux's mm_release: the robust futexes and the tid word, while the memory
 * is ours.  Like Linux, the tid word is cleared (and its waiter woken) only
 * when someone else still uses the address space (shared: another thread,
 * a vfork parent, a CLONE_VM process): a single-threaded process's last
 * store would be seen by nobody.
 */
static void
thread_release_user(struct thread *td, int shared)
{
	if (td->td_robust_list != 0)
		futex_exit_robust(td);
	if (td->td_clear_child_tid != 0) {
		if (shared && suword32((void *)td->td_clear_child_tid, 0) == 0)
			futex_wake_user(td, (uint32_t *)td->td_clear_child_tid, 1, 0);
		td->td_clear_child_tid = 0;
	}
}

/*
 * A thread that is not the last leaves its process (p_mtx not held).  The
 * last one's path is exit1().
 */
void
thread_exit_user(struct thread *td)
{
	struct proc *p = td->td_proc;
	struct ucred *cr = td->td_ucred;

	mtx_lock(&p->p_mtx);
	td->td_flags |= TDF_EXITING;
	if (p->p_numthreads == 1) {
		/* The last thread after all (its siblings left first): end the process. */
		mtx_unlock(&p->p_mtx);
		exit1(td, p->p_xexit, p->p_xsig);
	}
	mtx_unlock(&p->p_mtx);
	thread_release_user(td, 1);	/* its siblings still run */
	cpu_thread_user_exit(td);
	mtx_lock(&proctree_lock);
	mtx_lock(&p->p_mtx);
	TAILQ_REMOVE(&p->p_threads, td, td_plist);
	p->p_numthreads--;
	p->p_uticks += td->td_uticks;
	p->p_sticks += td->td_sticks;
	sigqueue_flush(NULL, td);
	if (p->p_singlethread != NULL)
		wakeup(&p->p_singlethread);
	thread_unhash(td);
	mtx_unlock(&p->p_mtx);
	mtx_unlock(&proctree_lock);
	pid_free(td->td_tid);
	td->td_ucred = NULL;
	crfree(cr);
	kthread_exit();
}

/*
 * Make td the only thread of its process (p_mtx held): the others leave
 * at their next boundary; their interruptible sleeps end now.  For exit
 * (P_WEXIT set by the caller) and exec (P_SINGLE).
 */
void
thread_single(struct thread *td)
{
	struct proc *p = td->td_proc;
	struct thread *t;

	p->p_singlethread = td;
	while (p->p_numthreads > 1) {
		TAILQ_FOREACH(t, &p->p_threads, td_plist) {
			if (t == td)
				continue;
			__atomic_or_fetch(&t->td_ast, TDA_SUSPEND, __ATOMIC_SEQ_CST);
			if (t->td_flags & TDF_STOPPED)
				wakeup(&p->p_flag);	/* parked by a stop: leave instead */
			else
				thread_kick(t, EINTR);
		}
		/* Timed: a thread may reach its boundary without a wakeup for us. */
		msleep(&p->p_singlethread, &p->p_mtx, "single", 1);
	}
	p->p_singlethread = NULL;
}

/* --- the process ------------------------------------------------------------------ */

static void
child_reparent(struct proc *child, struct proc *parent)
{
	LIST_REMOVE(child, p_sibling);
	LIST_INSERT_HEAD(&parent->p_children, child, p_sibling);
	child->p_pptr = parent;
	__atomic_store_n(&child->p_ppid, parent->p_pid, __ATOMIC_RELAXED);
}

/* Does the parent not want zombies (SIGCHLD ignored or SA_NOCLDWAIT)? */
static int
parent_autoreaps(struct proc *pp)
{
	struct l_sigaction *a = &pp->p_sigacts->ps_act[SIGCHLD - 1];
	int r;

	mtx_lock(&pp->p_sigacts->ps_mtx);
	r = a->sa_handler == SIG_IGN || (a->sa_flags & SA_NOCLDWAIT);
	mtx_unlock(&pp->p_sigacts->ps_mtx);
	return (r);
}

static void proc_reap(struct proc *p);

void
exit1(struct thread *td, int xexit, int xsig)
{
	struct proc *p = td->td_proc, *pp, *q, *tmp;
	struct vmspace *vs;
	struct filedesc *fdp;
	struct file *textfp;
	struct pwddesc *pdp;
	struct ucred *cr = td->td_ucred;
	struct l_siginfo si;
	int reap = 0, was_init = 0;

	mtx_lock(&p->p_mtx);
	td->td_flags |= TDF_EXITING;
	if (p->p_flag & P_WEXIT) {
		/* Another thread is ending the process: just leave. */
		mtx_unlock(&p->p_mtx);
		thread_exit_user(td);
	}
	p->p_flag |= P_WEXIT;
	p->p_xexit = xexit;
	p->p_xsig = xsig;
	thread_single(td);
	mtx_unlock(&p->p_mtx);
	itimer_exit(p);		/* no timer may signal (or outlive) the process now */

	thread_release_user(td, p->p_vmspace != NULL && p->p_vmspace->vm_refcnt > 1);
	/* Off the address space for good before it goes (a switch must not load it). */
	cpu_thread_user_exit(td);
	/* The vfork parent waits for this (or exec). */
	mtx_lock(&p->p_mtx);
	if (p->p_flag & P_PPWAIT) {
		p->p_flag &= ~P_PPWAIT;
		wakeup(&p->p_flag);
	}
	vs = p->p_vmspace;
	p->p_vmspace = NULL;
	p->p_uticks += td->td_uticks;
	p->p_sticks += td->td_sticks;
	/*
	 * Taken under p_mtx, and freed once procfs (/proc/<pid>/fd/, cwd) is
	 * done looking at them: it pins them with p_fdpeek, not references, so
	 * that it never closes this process's files itself.
	 */
	fdp = p->p_fd;
	p->p_fd = NULL;
	pdp = p->p_pd;
	p->p_pd = NULL;
	while (p->p_fdpeek > 0)
		msleep(&p->p_fdpeek, &p->p_mtx, "fdpeek", 0);
	/* The program's file too (Linux's exe_file goes with the mm), not left to the reaper. */
	textfp = p->p_textfile;
	p->p_textfile = NULL;
	mtx_unlock(&p->p_mtx);
	if (vs != NULL)
		vmspace_free(vs);
	if (textfp != NULL)
		fdrop(textfp, td);
	/* Files close now (pipes see their end of file), not when the zombie goes. */
	if (fdp != NULL)
		fdfree(fdp);
	if (pdp != NULL)
		pdfree(pdp);

	mtx_lock(&proctree_lock);
	/* Children go to init, which reaps the zombies among them. */
	LIST_FOREACH_SAFE(q, &p->p_children, p_sibling, tmp) {
		if (initproc != NULL && initproc != p) {
			child_reparent(q, initproc);
			if (q->p_state == PRS_ZOMBIE)
				wakeup(initproc);
		} else {
			LIST_REMOVE(q, p_sibling);	/* init itself is gone */
			q->p_pptr = NULL;
			__atomic_store_n(&q->p_ppid, 0, __ATOMIC_RELAXED);
		}
	}
	if (p->p_pgrp != NULL && p->p_pgrp->pg_session->s_leader == p) {
		p->p_pgrp->pg_session->s_leader = NULL;
		tty_session_exit(p->p_pgrp->pg_session);	/* vfs: the terminal hangs up */
	}
	thread_unhash(td);
	pp = p->p_pptr;
	mtx_lock(&p->p_mtx);
	TAILQ_REMOVE(&p->p_threads, td, td_plist);
	p->p_numthreads = 0;
	sigqueue_flush(p, td);
	p->p_state = PRS_ZOMBIE;
	mtx_unlock(&p->p_mtx);
	if (pp == NULL)
		reap = 1;	/* nobody will wait for it */
	else if (parent_autoreaps(pp))
		reap = 1;
	else if (p->p_exitsig != 0) {
		memset(&si, 0, sizeof(si));
		si.si_signo = p->p_exitsig;
		si.si_pid = p->p_pid;
		si.si_uid = p->p_ucred->cr_ruid;
		if (xsig != 0) {
			si.si_code = (xsig & 0x80) ? CLD_DUMPED : CLD_KILLED;
			si.si_status = xsig & 0x7f;
		} else {
			si.si_code = CLD_EXITED;
			si.si_status = xexit;
		}
		kern_psignal(pp, p->p_exitsig, &si);
	}
	if (pp != NULL)
		wakeup(pp);
	if (p == initproc) {
		initproc = NULL;
		was_init = 1;
	}
	if (reap)
		proc_reap(p);	/* p is gone now */
	mtx_unlock(&proctree_lock);
	if (was_init)
		kernel_init_exited(xexit, xsig);
	pid_free(td->td_tid);
	td->td_ucred = NULL;
	crfree(cr);
	kthread_exit();
}

/* Frees a zombie (t). */
static void
proc_reap(struct proc *p)
{
	struct proc *pp = p->p_pptr;

	if (pp != NULL) {
		pp->p_cuticks += p->p_uticks + p->p_cuticks;
		pp->p_csticks += p->p_sticks + p->p_csticks;
		LIST_REMOVE(p, p_sibling);
	}
	leavepgrp(p);
	proc_unhash(p);
	pid_free(p->p_pid);
	sigacts_free(p->p_sigacts);
	crfree(p->p_ucred);
	proc_free(p);
}

int
sys_exit(struct thread *td, struct exit_args *uap)
{
	struct proc *p = td->td_proc;

	/* Linux's exit ends only the calling thread; the last one ends the process. */
	mtx_lock(&p->p_mtx);
	if (p->p_numthreads > 1 && !(p->p_flag & P_WEXIT)) {
		mtx_unlock(&p->p_mtx);
		thread_exit_user(td);
	}
	mtx_unlock(&p->p_mtx);
	exit1(td, uap->rval & 0xff, 0);
}

int
sys_exit_group(struct thread *td, struct exit_group_args *uap)
{
	exit1(td, uap->error_code & 0xff, 0);
}

/* --- wait -------------------------------------------------------------------------- */

static int
wait_status(struct proc *p)
{
	return (p->p_xsig != 0 ? p->p_xsig : (p->p_xexit & 0xff) << 8);
}

static void
fill_rusage(struct l_rusage *ru, uint64_t uticks, uint64_t sticks)
{
	uint64_t uus = uticks * 1000000 / (uint64_t)(hz > 0 ? hz : 100);
	uint64_t sus = sticks * 1000000 / (uint64_t)(hz > 0 ? hz : 100);

	memset(ru, 0, sizeof(*ru));
	ru->utime_sec = (int64_t)(uus / 1000000);
	ru->utime_usec = (int64_t)(uus % 1000000);
	ru->stime_sec = (int64_t)(sus / 1000000);
	ru->stime_usec = (int64_t)(sus % 1000000);
}

static int
matches(struct proc *me, struct proc *c, int idtype, pid_t id)
{
	switch (idtype) {
	case P_ALL:
		return (1);
	case P_PID:
		return (c->p_pid == id);
	case P_PGID:
		return (c->p_pgrp != NULL && c->p_pgrp->pg_id == (id != 0 ? id :
		    me->p_pgrp->pg_id));
	}
	return (0);
}

/*
 * The common wait: the first child of the calling process matching
 * (idtype, id) in a reportable state.  Reports through *status (wait4's
 * encoding), *si (waitid's) and *ru; *pidp is the child's pid, or 0 with
 * WNOHANG when none is ready.  0, ECHILD, EINTR or ERESTART.
 */
static int
kern_wait(struct thread *td, int idtype, pid_t id, int options, pid_t *pidp, int *status,
    struct l_siginfo *si, struct l_rusage *ru)
{
	struct proc *me = td->td_proc, *c;
	int any, error;
	pid_t pid;

	mtx_lock(&proctree_lock);
	for (;;) {
		any = 0;
		LIST_FOREACH(c, &me->p_children, p_sibling) {
			if (!matches(me, c, idtype, id))
				continue;
			any = 1;
			if (c->p_state == PRS_ZOMBIE && (options & WEXITED)) {
				pid = c->p_pid;
				*status = wait_status(c);
				memset(si, 0, sizeof(*si));
				si->si_signo = SIGCHLD;
				si->si_pid = pid;
				si->si_uid = c->p_ucred->cr_ruid;
				if (c->p_xsig != 0) {
					si->si_code = (c->p_xsig & 0x80) ? CLD_DUMPED : CLD_KILLED;
					si->si_status = c->p_xsig & 0x7f;
				} else {
					si->si_code = CLD_EXITED;
					si->si_status = c->p_xexit & 0xff;
				}
				fill_rusage(ru, c->p_uticks + c->p_cuticks, c->p_sticks + c->p_csticks);
				if ((options & WNOWAIT) == 0)
					proc_reap(c);
				mtx_unlock(&proctree_lock);
				*pidp = pid;
				return (0);
			}
			if (c->p_state != PRS_NORMAL)
				continue;
			mtx_lock(&c->p_mtx);
			if ((options & WUNTRACED) && (c->p_flag & (P_STOPPED_SIG | P_WAITED)) ==
			    P_STOPPED_SIG) {
				if ((options & WNOWAIT) == 0)
					c->p_flag |= P_WAITED;
				*status = (c->p_xsig << 8) | 0x7f;
				memset(si, 0, sizeof(*si));
				si->si_signo = SIGCHLD;
				si->si_code = CLD_STOPPED;
				si->si_status = c->p_xsig;
				goto report;
			}
			if ((options & WCONTINUED) && (c->p_flag & P_CONTINUED)) {
				if ((options & WNOWAIT) == 0)
					c->p_flag &= ~P_CONTINUED;
				*status = 0xffff;
				memset(si, 0, sizeof(*si));
				si->si_signo = SIGCHLD;
				si->si_code = CLD_CONTINUED;
				si->si_status = SIGCONT;
				goto report;
			}
			mtx_unlock(&c->p_mtx);
		}
		if (!any) {
			mtx_unlock(&proctree_lock);
			return (ECHILD);
		}
		if (options & WNOHANG) {
			mtx_unlock(&proctree_lock);
			*pidp = 0;
			return (0);
		}
		error = msleep_sig(me, &proctree_lock, "wait", 0);
		if (error != 0) {
			mtx_unlock(&proctree_lock);
			return (error);
		}
	}
report:
	pid = c->p_pid;
	si->si_pid = pid;
	si->si_uid = c->p_ucred->cr_ruid;
	fill_rusage(ru, c->p_uticks, c->p_sticks);
	mtx_unlock(&c->p_mtx);
	mtx_unlock(&proctree_lock);
	*pidp = pid;
	return (0);
}

int
sys_wait4(struct thread *td, struct wait4_args *uap)
{
	struct l_siginfo si;
	struct l_rusage ru;
	int status = 0, idtype, error;
	pid_t id = 0, r;

	if (uap->options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return (EINVAL);
	if (uap->pid == -1)
		idtype = P_ALL;
	else if (uap->pid < -1) {
		if (uap->pid == INT32_MIN)
			return (ESRCH);
		idtype = P_PGID;
		id = -uap->pid;
	} else if (uap->pid == 0)
		idtype = P_PGID;
	else {
		idtype = P_PID;
		id = uap->pid;
	}
	if ((error = kern_wait(td, idtype, id, uap->options | WEXITED, &r, &status, &si,
	    &ru)) != 0)
		return (error);
	if (r > 0 && uap->status != NULL &&
	    (error = copyout(&status, uap->status, sizeof(status))) != 0)
		return (error);
	if (r > 0 && uap->rusage != NULL &&
	    (error = copyout(&ru, uap->rusage, sizeof(ru))) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)r;
	return (0);
}

int
sys_waitid(struct thread *td, struct waitid_args *uap)
{
	struct l_siginfo si;
	struct l_rusage ru;
	int status, error;
	pid_t r;

	if (uap->options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED |
	    __WNOTHREAD | __WALL | __WCLONE))
		return (EINVAL);
	if ((uap->options & (WEXITED | WUNTRACED | WCONTINUED)) == 0)
		return (EINVAL);
	if (uap->idtype != P_ALL && uap->idtype != P_PID && uap->idtype != P_PGID)
		return (EINVAL);
	if (uap->idtype == P_PID && uap->id <= 0)
		return (EINVAL);
	if (uap->idtype == P_PGID && uap->id < 0)
		return (EINVAL);
	memset(&si, 0, sizeof(si));
	if ((error = kern_wait(td, uap->idtype, uap->id, uap->options, &r, &status, &si,
	    &ru)) != 0)
		return (error);
	if (r == 0)
		memset(&si, 0, sizeof(si));
	if (uap->info != NULL && (error = copyout(&si, uap->info, sizeof(si))) != 0)
		return (error);
	if (r > 0 && uap->rusage != NULL &&
	    (error = copyout(&ru, uap->rusage, sizeof(ru))) != 0)
		return (error);
	td->td_retval[0] = 0;
	return (0);
}
