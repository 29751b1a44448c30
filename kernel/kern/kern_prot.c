/*
 * Credentials (struct ucred) and the system calls that read them.  A
 * credential is shared by reference and never changed once published;
 * changing ids means crcopy(), edit the copy, and swap it in under p_mtx
 * (each thread picks up the new one at its next kernel boundary).
 * Processes run as root unless they call setuid (the one set*id call so
 * far, for the kld tests); issue 20 brings the other set*id calls
 * with Linux's rules, capabilities and user namespaces.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>

MALLOC_DEFINE(M_CRED, "cred", "credentials");

struct ucred *proc0_ucred;

struct ucred *
crget(void)
{
	struct ucred *cr = malloc(sizeof(*cr), M_CRED, M_WAITOK | M_ZERO);

	cr->cr_ref = 1;
	return (cr);
}

struct ucred *
crhold(struct ucred *cr)
{
	__atomic_add_fetch(&cr->cr_ref, 1, __ATOMIC_RELAXED);
	return (cr);
}

void
crfree(struct ucred *cr)
{
	if (__atomic_sub_fetch(&cr->cr_ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	free(cr->cr_groups, M_CRED);
	free(cr, M_CRED);
}

struct ucred *
crcopy(const struct ucred *src)
{
	struct ucred *cr = crget();

	*cr = *src;
	cr->cr_ref = 1;
	cr->cr_groups = NULL;
	if (src->cr_ngroups > 0) {
		cr->cr_groups = malloc(sizeof(gid_t) * (size_t)src->cr_ngroups, M_CRED,
		    M_WAITOK);
		memcpy(cr->cr_groups, src->cr_groups, sizeof(gid_t) * (size_t)src->cr_ngroups);
	}
	return (cr);
}

static void
proc0_cred_init(const void *dummy __unused)
{
	proc0_ucred = crget();
}
SYSINIT(proc0_cred, SI_SUB_INTRINSIC, SI_ORDER_THIRD, proc0_cred_init, NULL);

int
sys_getuid(struct thread *td, struct getuid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_ruid;
	return (0);
}

int
sys_geteuid(struct thread *td, struct geteuid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_uid;
	return (0);
}

int
sys_getgid(struct thread *td, struct getgid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_rgid;
	return (0);
}

int
sys_getegid(struct thread *td, struct getegid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_gid;
	return (0);
}

int
sys_getresuid(struct thread *td, struct getresuid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if ((error = copyout(&cr->cr_ruid, uap->ruid, sizeof(uid_t))) != 0 ||
	    (error = copyout(&cr->cr_uid, uap->euid, sizeof(uid_t))) != 0)
		return (error);
	return (copyout(&cr->cr_svuid, uap->suid, sizeof(uid_t)));
}

int
sys_getresgid(struct thread *td, struct getresgid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if ((error = copyout(&cr->cr_rgid, uap->rgid, sizeof(gid_t))) != 0 ||
	    (error = copyout(&cr->cr_gid, uap->egid, sizeof(gid_t))) != 0)
		return (error);
	return (copyout(&cr->cr_svgid, uap->sgid, sizeof(gid_t)));
}

/* Linux: size 0 asks for the count; a smaller positive size is EINVAL. */
int
sys_getgroups(struct thread *td, struct getgroups_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if (uap->gidsetsize < 0)
		return (EINVAL);
	if (uap->gidsetsize == 0) {
		td->td_retval[0] = (uint64_t)cr->cr_ngroups;
		return (0);
	}
	if (uap->gidsetsize < cr->cr_ngroups)
		return (EINVAL);
	if (cr->cr_ngroups > 0 && (error = copyout(cr->cr_groups, uap->grouplist,
	    sizeof(gid_t) * (size_t)cr->cr_ngroups)) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)cr->cr_ngroups;
	return (0);
}

/* --- process ids, groups and sessions --------------------------------------------- */

int
sys_getpid(struct thread *td, struct getpid_args *uap __unused)
{
	td->td_retval[0] = (uint64_t)td->td_proc->p_pid;
	return (0);
}

int
sys_gettid(struct thread *td, struct gettid_args *uap __unused)
{
	td->td_retval[0] = (uint64_t)td->td_tid;
	return (0);
}

int
sys_getppid(struct thread *td, struct getppid_args *uap __unused)
{
	/*
	 * p_ppid follows p_pptr under proctree_lock; reading it alone needs
	 * no lock (Linux reads the parent under RCU): the cheapest call there
	 * is, the one make bench-user times.
	 */
	td->td_retval[0] = (uint64_t)__atomic_load_n(&td->td_proc->p_ppid, __ATOMIC_RELAXED);
	return (0);
}

int
sys_getpgrp(struct thread *td, struct getpgrp_args *uap __unused)
{
	mtx_lock(&proctree_lock);
	td->td_retval[0] = (uint64_t)td->td_proc->p_pgrp->pg_id;
	mtx_unlock(&proctree_lock);
	return (0);
}

/* The process pid names (0: the caller), with proctree_lock held. */
static struct proc *
pid_target(struct thread *td, pid_t pid)
{
	return (pid == 0 ? td->td_proc : pfind(pid));
}

int
sys_getpgid(struct thread *td, struct getpgid_args *uap)
{
	struct proc *p;
	int error = 0;

	mtx_lock(&proctree_lock);
	if ((p = pid_target(td, uap->pid)) == NULL || p->p_pgrp == NULL)
		error = ESRCH;
	else
		td->td_retval[0] = (uint64_t)p->p_pgrp->pg_id;
	mtx_unlock(&proctree_lock);
	return (error);
}

int
sys_getsid(struct thread *td, struct getsid_args *uap)
{
	struct proc *p;
	int error = 0;

	mtx_lock(&proctree_lock);
	if ((p = pid_target(td, uap->pid)) == NULL || p->p_pgrp == NULL)
		error = ESRCH;
	else
		td->td_retval[0] = (uint64_t)p->p_pgrp->pg_session->s_sid;
	mtx_unlock(&proctree_lock);
	return (error);
}

int
sys_setsid(struct thread *td, struct setsid_args *uap __unused)
{
	struct proc *p = td->td_proc;
	int error;

	mtx_lock(&proctree_lock);
	/* A group leader, or anyone's group already using our pid: EPERM. */
	if (pgfind(p->p_pid) != NULL)
		error = EPERM;
	else if ((error = enterpgrp(p, p->p_pid, 1)) == 0) {
		mtx_lock(&p->p_mtx);
		p->p_flag &= ~P_CONTROLT;	/* a new session has no terminal yet */
		mtx_unlock(&p->p_mtx);
		td->td_retval[0] = (uint64_t)p->p_pid;
	}
	mtx_unlock(&proctree_lock);
	return (error);
}

int
sys_setpgid(struct thread *td, struct setpgid_args *uap)
{
	struct proc *me = td->td_proc, *p;
	struct pgrp *pg;
	pid_t pgid = uap->pgid;
	int error = 0;

	if (pgid < 0)
		return (EINVAL);
	mtx_lock(&proctree_lock);
	if ((p = pid_target(td, uap->pid)) == NULL || (p != me && p->p_pptr != me)) {
		error = ESRCH;
		goto out;
	}
	if (p != me) {
		if (p->p_pgrp->pg_session != me->p_pgrp->pg_session) {
			error = EPERM;
			goto out;
		}
		if (p->p_flag & P_EXEC) {
			error = EACCES;
			goto out;
		}
	}
	if (p->p_pgrp->pg_session->s_sid == p->p_pid) {
		error = EPERM;		/* a session leader stays where it is */
		goto out;
	}
	if (pgid == 0)
		pgid = p->p_pid;
	if (pgid != p->p_pid) {
		pg = pgfind(pgid);
		if (pg == NULL || pg->pg_session != me->p_pgrp->pg_session) {
			error = EPERM;
			goto out;
		}
	}
	error = enterpgrp(p, pgid, 0);
out:
	mtx_unlock(&proctree_lock);
	return (error);
}

/*
 * setuid(2) with Linux's rule, the one set*id call so far (the kld tests
 * need an unprivileged process; issue 20 brings the family, capabilities
 * and user namespaces): with privilege -- an effective uid of 0, standing
 * for CAP_SETUID -- the real, effective, saved and file-system uids all
 * become uid; without it, uid must be the real or the saved uid and only
 * the effective and file-system uids change; EPERM otherwise.  The new
 * credential is swapped in under p_mtx; the process's other threads pick
 * it up at their next kernel boundary (TDA_UCRED).
 */
int
sys_setuid(struct thread *td, struct setuid_args *uap)
{
	struct proc *p = td->td_proc;
	struct ucred *new, *oldp, *oldt;
	struct thread *t;
	uid_t uid = uap->uid;

	if (uid == (uid_t)-1)
		return (EINVAL);
	new = crcopy(td->td_ucred);	/* (no malloc under p_mtx) */
	mtx_lock(&p->p_mtx);
	oldp = p->p_ucred;		/* the ids to judge by: the process's */
	if (oldp->cr_uid != 0 && uid != oldp->cr_ruid && uid != oldp->cr_svuid) {
		mtx_unlock(&p->p_mtx);
		crfree(new);
		return (EPERM);
	}
	new->cr_ruid = oldp->cr_uid == 0 ? uid : oldp->cr_ruid;
	new->cr_svuid = oldp->cr_uid == 0 ? uid : oldp->cr_svuid;
	new->cr_uid = new->cr_fsuid = uid;
	p->p_ucred = new;		/* crcopy's reference */
	TAILQ_FOREACH(t, &p->p_threads, td_plist)
		if (t != td)
			__atomic_or_fetch(&t->td_ast, TDA_UCRED, __ATOMIC_SEQ_CST);
	oldt = td->td_ucred;
	td->td_ucred = crhold(new);
	mtx_unlock(&p->p_mtx);
	crfree(oldp);
	crfree(oldt);
	return (0);
}
