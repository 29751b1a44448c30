/*
 * Credentials (struct ucred, <sys/ucred.h>) and the system calls that read
 * and change them, with Linux's rules and errno.  A credential is shared
 * by reference and never changed once published: cred_change() copies the
 * process's, lets the caller edit the copy against the old one, and swaps
 * it in under p_mtx, which orders writers only: p_ucred is published with
 * a release store and read under RCU, and a credential's last crfree()
 * frees it through call_rcu (each other thread picks up the new one at its
 * next kernel boundary, TDA_UCRED).  Privilege is a capability in the effective
 * set (priv_check_cred); the capability sets follow the uids as Linux's
 * commoncap.c makes them (cap_emulate_setxuid, the fs-set rule, exec).
 * Ids are process-wide, as FreeBSD keeps them (Linux keeps them per thread
 * and its C libraries apply a change to every thread).
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/rcu.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>

MALLOC_DEFINE(M_CRED, "cred", "credentials");

struct ucred *proc0_ucred;

struct ucred *
crget(void)
{
	struct ucred *cr = malloc(sizeof(*cr), M_CRED, M_WAITOK | M_ZERO);

	cr->cr_ref = 1;
	cr->cr_magic = CRED_MAGIC;
	cr->cr_cap_bnd = CAP_FULL_SET;
	cr->cr_userns = &init_user_ns;
	return (cr);
}

struct ucred *
crhold(struct ucred *cr)
{
	__atomic_add_fetch(&cr->cr_ref, 1, __ATOMIC_RELAXED);
	return (cr);
}

/*
 * Credentials handed to call_rcu and those whose memory went back: equal
 * once the callbacks have run (debug.rcu.barrier).
 */
static uint64_t cred_rcu_queued, cred_rcu_freed;
SYSCTL_U64("kern.cred.rcu_queued", &cred_rcu_queued,
    "credentials whose last reference went, freed after a grace period");
SYSCTL_U64("kern.cred.rcu_freed", &cred_rcu_freed, "credentials freed after their grace period");

static void
cred_free_final(struct rcu_head *h)
{
	free((struct ucred *)((char *)h - offsetof(struct ucred, cr_rcu)), M_CRED);
	__atomic_add_fetch(&cred_rcu_freed, 1, __ATOMIC_RELAXED);
}

/*
 * A grace period after the last crfree: no reader can still see cr.  With
 * debug.rcu.poison the object is filled with the poison pattern and kept
 * one more grace period, so a reader that wrongly still holds it finds the
 * pattern (cred_poisoned) rather than some newer allocation.
 */
static void
cred_free_rcu(struct rcu_head *h)
{
	struct ucred *cr = (struct ucred *)((char *)h - offsetof(struct ucred, cr_rcu));

	userns_free(cr->cr_userns);
	free(cr->cr_groups, M_CRED);
	if (!rcu_poison) {
		cred_free_final(h);
		return;
	}
	memset(cr, RCU_POISON_BYTE, sizeof(*cr));
	call_rcu(&cr->cr_rcu, cred_free_final);
}

void
crfree(struct ucred *cr)
{
	if (__atomic_sub_fetch(&cr->cr_ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	__atomic_add_fetch(&cred_rcu_queued, 1, __ATOMIC_RELAXED);
	call_rcu(&cr->cr_rcu, cred_free_rcu);
}

struct ucred *
crhold_rcu(struct ucred *cr)
{
	int ref = __atomic_load_n(&cr->cr_ref, __ATOMIC_RELAXED);

	do {
		if (ref <= 0)
			return (NULL);
	} while (!__atomic_compare_exchange_n(&cr->cr_ref, &ref, ref + 1, 0,
	    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return (cr);
}

int
cred_poisoned(const struct ucred *cr)
{
	if (__atomic_load_n(&cr->cr_magic, __ATOMIC_RELAXED) == CRED_MAGIC)
		return (0);
	rcu_poison_hit("credential", cr);
	return (1);
}

/*
 * p's credential, held: read under RCU (p_mtx is the writers' lock only).
 * A credential whose last reference went meanwhile has been replaced in
 * p_ucred already (the swap comes before the crfree), so read it again.
 * NULL if p has none (being created, or reaped) or the one read was
 * poisoned.
 */
struct ucred *
proc_cred_hold(struct proc *p)
{
	struct ucred *cr;

	rcu_read_lock();
	do {
		cr = rcu_dereference(p->p_ucred);
		if (cr != NULL && cred_poisoned(cr)) {
			cr = NULL;
			break;
		}
	} while (cr != NULL && crhold_rcu(cr) == NULL);
	rcu_read_unlock();
	return (cr);
}

struct ucred *
crcopy(const struct ucred *src)
{
	struct ucred *cr = crget();

	*cr = *src;
	cr->cr_ref = 1;
	userns_hold(cr->cr_userns);
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
	/* Root's: every capability permitted and effective, as Linux's init. */
	proc0_ucred->cr_cap_eff = proc0_ucred->cr_cap_prm = CAP_FULL_SET;
}
SYSINIT(proc0_cred, SI_SUB_INTRINSIC, SI_ORDER_THIRD, proc0_cred_init, NULL);

int
sys_getuid(struct thread *td, struct getuid_args *uap __unused)
{
	td->td_retval[0] = from_kuid_munged(td->td_ucred->cr_userns, td->td_ucred->cr_ruid);
	return (0);
}

int
sys_geteuid(struct thread *td, struct geteuid_args *uap __unused)
{
	td->td_retval[0] = from_kuid_munged(td->td_ucred->cr_userns, td->td_ucred->cr_uid);
	return (0);
}

int
sys_getgid(struct thread *td, struct getgid_args *uap __unused)
{
	td->td_retval[0] = from_kgid_munged(td->td_ucred->cr_userns, td->td_ucred->cr_rgid);
	return (0);
}

int
sys_getegid(struct thread *td, struct getegid_args *uap __unused)
{
	td->td_retval[0] = from_kgid_munged(td->td_ucred->cr_userns, td->td_ucred->cr_gid);
	return (0);
}

int
sys_getresuid(struct thread *td, struct getresuid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	uid_t r = from_kuid_munged(cr->cr_userns, cr->cr_ruid);
	uid_t e = from_kuid_munged(cr->cr_userns, cr->cr_uid);
	uid_t s = from_kuid_munged(cr->cr_userns, cr->cr_svuid);
	int error;

	if ((error = copyout(&r, uap->ruid, sizeof(uid_t))) != 0 ||
	    (error = copyout(&e, uap->euid, sizeof(uid_t))) != 0)
		return (error);
	return (copyout(&s, uap->suid, sizeof(uid_t)));
}

int
sys_getresgid(struct thread *td, struct getresgid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	gid_t r = from_kgid_munged(cr->cr_userns, cr->cr_rgid);
	gid_t e = from_kgid_munged(cr->cr_userns, cr->cr_gid);
	gid_t s = from_kgid_munged(cr->cr_userns, cr->cr_svgid);
	int error;

	if ((error = copyout(&r, uap->rgid, sizeof(gid_t))) != 0 ||
	    (error = copyout(&e, uap->egid, sizeof(gid_t))) != 0)
		return (error);
	return (copyout(&s, uap->sgid, sizeof(gid_t)));
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
	/* Each as the caller's namespace sees it, a chunk at a time. */
	for (int i = 0, n; i < cr->cr_ngroups; i += n) {
		gid_t chunk[64];

		n = cr->cr_ngroups - i < 64 ? cr->cr_ngroups - i : 64;
		for (int j = 0; j < n; j++)
			chunk[j] = from_kgid_munged(cr->cr_userns, cr->cr_groups[i + j]);
		if ((error = copyout(chunk, uap->grouplist + i, sizeof(gid_t) * (size_t)n)) != 0)
			return (error);
	}
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


/* --- changing credentials --------------------------------------------------------- */

/*
 * Linux's commit_creds rule for the dumpable flag: a process whose
 * effective or file-system ids changed, or whose permitted capabilities
 * grew, is no longer dumpable (suid_dumpable 0): others lose access to its
 * /proc files; PR_SET_DUMPABLE restores it.
 */
/*
 * Linux's cred_cap_issubset: in one namespace, new's permitted set within
 * old's; across namespaces, only when new's is below old's and owned by
 * old's effective uid there (unshare), not when entered (setns).
 */
static int
cred_cap_issubset(const struct ucred *old, const struct ucred *new)
{
	const struct user_namespace *ons = old->cr_userns != NULL ? old->cr_userns : &init_user_ns;
	const struct user_namespace *ns = new->cr_userns != NULL ? new->cr_userns : &init_user_ns;

	if (ons == ns)
		return ((new->cr_cap_prm & ~old->cr_cap_prm) == 0);
	for (; ns != &init_user_ns && ns != NULL; ns = ns->ns_parent)
		if (ns->ns_parent == ons && ns->ns_owner == old->cr_uid)
			return (1);
	return (0);
}

static int
cred_loses_dumpable(const struct ucred *old, const struct ucred *new)
{
	return (old->cr_uid != new->cr_uid || old->cr_gid != new->cr_gid ||
	    old->cr_fsuid != new->cr_fsuid || old->cr_fsgid != new->cr_fsgid ||
	    !cred_cap_issubset(old, new));
}

/* Swaps new in as p's credential, p_mtx held; returns the old one (p's reference). */
static struct ucred *
cred_swap_locked(struct thread *td, struct ucred *new)
{
	struct proc *p = td->td_proc;
	struct ucred *old = p->p_ucred;
	struct thread *t;

	if (cred_loses_dumpable(old, new))
		p->p_dumpable = 0;
	rcu_assign_pointer(p->p_ucred, new);	/* the caller's reference */
	TAILQ_FOREACH(t, &p->p_threads, td_plist)
		if (t != td)
			__atomic_or_fetch(&t->td_ast, TDA_UCRED, __ATOMIC_SEQ_CST);
	return (old);
}

/* Installs new (its reference is consumed) as td's process's credential. */
void
cred_install(struct thread *td, struct ucred *new)
{
	struct proc *p = td->td_proc;
	struct ucred *oldp, *oldt;

	mtx_lock(&p->p_mtx);
	oldp = cred_swap_locked(td, new);
	oldt = td->td_ucred;
	td->td_ucred = crhold(new);
	mtx_unlock(&p->p_mtx);
	crfree(oldp);
	crfree(oldt);
}

/*
 * One credential change: edit(new, old, arg) fills a copy of the process's
 * credential, judging by old (0, or the errno that refuses it), and the copy
 * replaces old -- unless another thread replaced it meanwhile, then the
 * edit is made again against the newer one.  No allocation under p_mtx.
 */
int
cred_change(struct thread *td, cred_edit_t *edit, const void *arg)
{
	struct proc *p = td->td_proc;
	struct ucred *old, *new, *oldt;
	int error;

	for (;;) {
		if ((old = proc_cred_hold(p)) == NULL)
			panic("cred_change: process %d has no credential", p->p_pid);
		new = crcopy(old);
		if ((error = edit(new, old, arg)) != 0) {
			crfree(new);
			crfree(old);
			return (error);
		}
		mtx_lock(&p->p_mtx);
		if (p->p_ucred == old)
			break;
		mtx_unlock(&p->p_mtx);		/* lost a race: again */
		crfree(new);
		crfree(old);
	}
	(void)cred_swap_locked(td, new);
	oldt = td->td_ucred;
	td->td_ucred = crhold(new);
	mtx_unlock(&p->p_mtx);
	crfree(old);			/* p_ucred's reference */
	crfree(old);			/* ours */
	crfree(oldt);
	return (0);
}

/*
 * Linux's cap_emulate_setxuid, after setuid/setreuid/setresuid: leaving
 * root in all of real, effective and saved uid clears the permitted and
 * effective sets (unless keep-caps) and the ambient one; an effective uid
 * leaving 0 clears the effective set, one becoming 0 raises it to the
 * permitted set.
 */
static void
cap_fix_setxuid(struct ucred *new, const struct ucred *old)
{
	uid_t root = make_kuid(old->cr_userns, 0);	/* the namespace's root */

	if (old->cr_securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	if ((old->cr_ruid == root || old->cr_uid == root || old->cr_svuid == root) &&
	    new->cr_ruid != root && new->cr_uid != root && new->cr_svuid != root) {
		if (!(new->cr_securebits & SECBIT_KEEP_CAPS))
			new->cr_cap_prm = new->cr_cap_eff = 0;
		new->cr_cap_amb = 0;
	}
	if (old->cr_uid == root && new->cr_uid != root)
		new->cr_cap_eff = 0;
	if (old->cr_uid != root && new->cr_uid == root)
		new->cr_cap_eff = new->cr_cap_prm;
}

/* The fs-uid rule: the file-system capabilities follow the fs uid to and from 0. */
static void
cap_fix_setfsuid(struct ucred *new, const struct ucred *old)
{
	uid_t root = make_kuid(old->cr_userns, 0);

	if (old->cr_securebits & SECBIT_NO_SETUID_FIXUP)
		return;
	if (old->cr_fsuid == root && new->cr_fsuid != root)
		new->cr_cap_eff &= ~CAP_FS_SET;
	if (old->cr_fsuid != root && new->cr_fsuid == root)
		new->cr_cap_eff |= new->cr_cap_prm & CAP_FS_SET;
}

/* A capability in cr's own namespace (Linux's ns_capable(cred->user_ns)). */
static int
cap_local(const struct ucred *cr, int cap)
{
	return ((cr->cr_cap_eff & CAP_BIT(cap)) != 0);
}

#define NOCHANGE	((uint32_t)-1)	/* "leave it", for the set*id calls */

/* The ids a set*id call was given: [0] real, [1] effective, [2] saved. */
struct setid_args {
	uint32_t	id[3];
};

/* 1 if id is one of old's real, effective or saved ids (uids if !gid). */
static int
id_is_current(uint32_t id, const struct ucred *old, int gid)
{
	return (gid ? id == old->cr_rgid || id == old->cr_gid || id == old->cr_svgid :
	    id == old->cr_ruid || id == old->cr_uid || id == old->cr_svuid);
}

static void
set_ids(struct ucred *new, const uint32_t *r, const uint32_t *e, const uint32_t *s, int gid)
{
	if (gid) {
		if (r != NULL) new->cr_rgid = *r;
		if (e != NULL) new->cr_gid = *e;
		if (s != NULL) new->cr_svgid = *s;
		new->cr_fsgid = new->cr_gid;
	} else {
		if (r != NULL) new->cr_ruid = *r;
		if (e != NULL) new->cr_uid = *e;
		if (s != NULL) new->cr_svuid = *s;
		new->cr_fsuid = new->cr_uid;
	}
}

/*
 * setuid/setgid: with CAP_SETUID (CAP_SETGID) real, effective, saved and fs
 * ids all become id; without it id must be the real or the saved id and
 * only the effective and fs ids change.
 */
static int
edit_setxid(struct ucred *new, const struct ucred *old, const void *arg, int gid)
{
	uint32_t id = ((const struct setid_args *)arg)->id[0];

	if (id == NOCHANGE)
		return (EINVAL);
	if (cap_local(old, gid ? CAP_SETGID : CAP_SETUID))
		set_ids(new, &id, &id, &id, gid);
	else if (id == (gid ? old->cr_rgid : old->cr_ruid) ||
	    id == (gid ? old->cr_svgid : old->cr_svuid))
		set_ids(new, NULL, &id, NULL, gid);
	else
		return (EPERM);
	if (!gid)
		cap_fix_setxuid(new, old);
	return (0);
}

/*
 * setreuid/setregid: the real id may become the real or effective id, the
 * effective id the real, effective or saved id (anything with the
 * capability); the saved id follows the effective one when the real id is
 * set or the effective id becomes other than the old real id.
 */
static int
edit_setrexid(struct ucred *new, const struct ucred *old, const void *arg, int gid)
{
	const uint32_t *a = ((const struct setid_args *)arg)->id;
	uint32_t r = a[0], e = a[1];
	uint32_t oldr = gid ? old->cr_rgid : old->cr_ruid, olde = gid ? old->cr_gid : old->cr_uid;
	int priv = cap_local(old, gid ? CAP_SETGID : CAP_SETUID);

	if (r != NOCHANGE && r != oldr && r != olde && !priv)
		return (EPERM);
	if (e != NOCHANGE && !id_is_current(e, old, gid) && !priv)
		return (EPERM);
	set_ids(new, r != NOCHANGE ? &r : NULL, e != NOCHANGE ? &e : NULL, NULL, gid);
	if (r != NOCHANGE || (e != NOCHANGE && e != oldr))
		set_ids(new, NULL, NULL, gid ? &new->cr_gid : &new->cr_uid, gid);
	if (!gid)
		cap_fix_setxuid(new, old);
	return (0);
}

/* setresuid/setresgid: without the capability each id given must be a current one. */
static int
edit_setresxid(struct ucred *new, const struct ucred *old, const void *arg, int gid)
{
	const uint32_t *a = ((const struct setid_args *)arg)->id;
	int i;

	if (!cap_local(old, gid ? CAP_SETGID : CAP_SETUID))
		for (i = 0; i < 3; i++)
			if (a[i] != NOCHANGE && !id_is_current(a[i], old, gid))
				return (EPERM);
	set_ids(new, a[0] != NOCHANGE ? &a[0] : NULL, a[1] != NOCHANGE ? &a[1] : NULL,
	    a[2] != NOCHANGE ? &a[2] : NULL, gid);
	if (!gid)
		cap_fix_setxuid(new, old);
	return (0);
}

static int edit_setuid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setxid(n, o, a, 0)); }
static int edit_setgid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setxid(n, o, a, 1)); }
static int edit_setreuid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setrexid(n, o, a, 0)); }
static int edit_setregid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setrexid(n, o, a, 1)); }
static int edit_setresuid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setresxid(n, o, a, 0)); }
static int edit_setresgid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setresxid(n, o, a, 1)); }

/*
 * The ids as the caller's namespace names them, made global: one with no
 * mapping there is EINVAL (-1 stays "leave it").
 */
static int
setid_map(struct thread *td, struct setid_args *a, int gid)
{
	const struct user_namespace *ns = td->td_ucred->cr_userns;
	int i;

	for (i = 0; i < 3; i++) {
		if (a->id[i] == NOCHANGE)
			continue;
		a->id[i] = gid ? make_kgid(ns, a->id[i]) : make_kuid(ns, a->id[i]);
		if (a->id[i] == NOCHANGE)
			return (EINVAL);
	}
	return (0);
}

static int
setid_call(struct thread *td, cred_edit_t *edit, int gid, uint32_t r, uint32_t e, uint32_t s)
{
	struct setid_args a = { { r, e, s } };
	int error;

	if ((error = setid_map(td, &a, gid)) != 0)
		return (error);
	return (cred_change(td, edit, &a));
}

int
sys_setuid(struct thread *td, struct setuid_args *uap)
{
	return (setid_call(td, edit_setuid, 0, uap->uid, NOCHANGE, NOCHANGE));
}

int
sys_setgid(struct thread *td, struct setgid_args *uap)
{
	return (setid_call(td, edit_setgid, 1, uap->gid, NOCHANGE, NOCHANGE));
}

int
sys_setreuid(struct thread *td, struct setreuid_args *uap)
{
	return (setid_call(td, edit_setreuid, 0, uap->ruid, uap->euid, NOCHANGE));
}

int
sys_setregid(struct thread *td, struct setregid_args *uap)
{
	return (setid_call(td, edit_setregid, 1, uap->rgid, uap->egid, NOCHANGE));
}

int
sys_setresuid(struct thread *td, struct setresuid_args *uap)
{
	return (setid_call(td, edit_setresuid, 0, uap->ruid, uap->euid, uap->suid));
}

int
sys_setresgid(struct thread *td, struct setresgid_args *uap)
{
	return (setid_call(td, edit_setresgid, 1, uap->rgid, uap->egid, uap->sgid));
}

/*
 * setfsuid/setfsgid: always return the old fs id; the change happens when
 * the id is the real, effective, saved or current fs id, or with the
 * capability.  -1 changes nothing.
 */
static int
edit_setfsid(struct ucred *new, const struct ucred *old, const void *arg, int gid)
{
	uint32_t id = ((const struct setid_args *)arg)->id[0];
	uint32_t oldfs = gid ? old->cr_fsgid : old->cr_fsuid;

	if (id == NOCHANGE || id == oldfs)
		return (EJUSTRETURN);		/* nothing to do */
	if (!id_is_current(id, old, gid) &&
	    !cap_local(old, gid ? CAP_SETGID : CAP_SETUID))
		return (EJUSTRETURN);
	if (gid)
		new->cr_fsgid = id;
	else {
		new->cr_fsuid = id;
		cap_fix_setfsuid(new, old);
	}
	return (0);
}

static int edit_setfsuid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setfsid(n, o, a, 0)); }
static int edit_setfsgid(struct ucred *n, const struct ucred *o, const void *a)
	{ return (edit_setfsid(n, o, a, 1)); }

static int
setfsid_call(struct thread *td, cred_edit_t *edit, uint32_t id, int gid)
{
	struct proc *p = td->td_proc;
	const struct ucred *cr;
	uint32_t oldfs;

	/* The fs id before the change, from the credential it replaces. */
	rcu_read_lock();
	cr = rcu_dereference(p->p_ucred);
	oldfs = gid ? cr->cr_fsgid : cr->cr_fsuid;
	rcu_read_unlock();
	(void)setid_call(td, edit, gid, id, NOCHANGE, NOCHANGE);	/* (an unmapped id changes nothing) */
	td->td_retval[0] = gid ? from_kgid_munged(td->td_ucred->cr_userns, oldfs) :
	    from_kuid_munged(td->td_ucred->cr_userns, oldfs);
	return (0);
}

int
sys_setfsuid(struct thread *td, struct setfsuid_args *uap)
{
	return (setfsid_call(td, edit_setfsuid, uap->uid, 0));
}

int
sys_setfsgid(struct thread *td, struct setfsgid_args *uap)
{
	return (setfsid_call(td, edit_setfsgid, uap->gid, 1));
}

/* --- supplementary groups ------------------------------------------------------------ */

struct setgroups_args_k {
	int	 n;
	gid_t	*groups;	/* sorted */
};

static int
edit_setgroups(struct ucred *new, const struct ucred *old, const void *arg)
{
	const struct setgroups_args_k *a = arg;

	if (!cap_local(old, CAP_SETGID) || !userns_may_setgroups(old->cr_userns))
		return (EPERM);
	free(new->cr_groups, M_CRED);
	new->cr_groups = NULL;
	new->cr_ngroups = a->n;
	if (a->n > 0) {
		new->cr_groups = malloc(sizeof(gid_t) * (size_t)a->n, M_CRED, M_WAITOK);
		memcpy(new->cr_groups, a->groups, sizeof(gid_t) * (size_t)a->n);
	}
	return (0);
}

/*
 * setgroups(2): CAP_SETGID first (EPERM), then the size (EINVAL beyond
 * NGROUPS_MAX), then the list (EFAULT); kept sorted, as Linux keeps it,
 * so getgroups returns it in ascending order.
 */
int
sys_setgroups(struct thread *td, struct setgroups_args *uap)
{
	struct setgroups_args_k a = { 0, NULL };
	gid_t t;
	int error, i, j;

	if (!cap_local(td->td_ucred, CAP_SETGID) || !userns_may_setgroups(td->td_ucred->cr_userns))
		return (EPERM);
	if (uap->gidsetsize < 0 || uap->gidsetsize > NGROUPS_MAX)
		return (EINVAL);
	a.n = uap->gidsetsize;
	if (a.n > 0) {
		a.groups = malloc(sizeof(gid_t) * (size_t)a.n, M_CRED, M_WAITOK);
		if ((error = copyin(uap->grouplist, a.groups, sizeof(gid_t) * (size_t)a.n)) != 0) {
			free(a.groups, M_CRED);
			return (error);
		}
		for (i = 0; i < a.n; i++)
			if ((a.groups[i] = make_kgid(td->td_ucred->cr_userns, a.groups[i])) ==
			    (gid_t)-1) {
				free(a.groups, M_CRED);
				return (EINVAL);
			}
		/* Shell sort: up to 65536 entries, no recursion. */
		for (int gap = a.n / 2; gap > 0; gap /= 2)
			for (i = gap; i < a.n; i++)
				for (j = i, t = a.groups[i]; j >= gap && a.groups[j - gap] > t;
				    j -= gap) {
					a.groups[j] = a.groups[j - gap];
					a.groups[j - gap] = t;
				}
	}
	error = cred_change(td, edit_setgroups, &a);
	free(a.groups, M_CRED);
	return (error);
}

/* --- capabilities ---------------------------------------------------------------------- */

#define LINUX_CAPABILITY_VERSION_1	0x19980330
#define LINUX_CAPABILITY_VERSION_2	0x20071026
#define LINUX_CAPABILITY_VERSION_3	0x20080522

struct l_cap_header {
	uint32_t	version;
	int32_t		pid;
};

struct l_cap_data {
	uint32_t	effective;
	uint32_t	permitted;
	uint32_t	inheritable;
};

/*
 * The header's version: the number of 32-bit data words it implies, or
 * EINVAL after writing the version Sanpo speaks into the header (Linux's
 * cap_validate_magic).
 */
static int
cap_header(struct l_cap_header *uh, struct l_cap_header *h, int *words)
{
	uint32_t v = LINUX_CAPABILITY_VERSION_3;
	int error;

	if ((error = copyin(uh, h, sizeof(*h))) != 0)
		return (error);
	switch (h->version) {
	case LINUX_CAPABILITY_VERSION_1:
		*words = 1;
		return (0);
	case LINUX_CAPABILITY_VERSION_2:
	case LINUX_CAPABILITY_VERSION_3:
		*words = 2;
		return (0);
	}
	if ((error = copyout(&v, &uh->version, sizeof(v))) != 0)
		return (error);
	return (EINVAL);
}

int
sys_capget(struct thread *td, struct capget_args *uap)
{
	struct l_cap_header h;
	struct l_cap_data d[2];
	struct ucred *cr;
	struct proc *p;
	int error, words, i;

	error = cap_header(uap->hdrp, &h, &words);
	if (uap->datap == NULL || error != 0)
		return (uap->datap == NULL && error == EINVAL ? 0 : error);
	if (h.pid < 0)
		return (EINVAL);
	if (h.pid == 0 || h.pid == td->td_proc->p_pid)
		cr = crhold(td->td_ucred);
	else {
		mtx_lock(&proctree_lock);
		if ((p = pfind(h.pid)) == NULL) {
			mtx_unlock(&proctree_lock);
			return (ESRCH);
		}
		cr = proc_cred_hold(p);
		mtx_unlock(&proctree_lock);
		if (cr == NULL)
			return (ESRCH);
	}
	for (i = 0; i < 2; i++) {
		d[i].effective = (uint32_t)(cr->cr_cap_eff >> (32 * i));
		d[i].permitted = (uint32_t)(cr->cr_cap_prm >> (32 * i));
		d[i].inheritable = (uint32_t)(cr->cr_cap_inh >> (32 * i));
	}
	crfree(cr);
	return (copyout(d, uap->datap, sizeof(d[0]) * (size_t)words));
}

struct capset_args_k {
	uint64_t	eff, prm, inh;
};

/*
 * Linux's cap_capset: the inheritable set may only take capabilities
 * permitted or already inheritable (unless CAP_SETPCAP) and never outside
 * the bounding set; the permitted set may only shrink; the effective set
 * must lie within the new permitted one.  Ambient capabilities not both
 * permitted and inheritable any more are dropped.
 */
static int
edit_capset(struct ucred *new, const struct ucred *old, const void *arg)
{
	const struct capset_args_k *a = arg;

	if (!cap_local(old, CAP_SETPCAP) &&
	    (a->inh & ~(old->cr_cap_inh | old->cr_cap_prm)) != 0)
		return (EPERM);
	if ((a->inh & ~(old->cr_cap_inh | old->cr_cap_bnd)) != 0 ||
	    (a->prm & ~old->cr_cap_prm) != 0 || (a->eff & ~a->prm) != 0)
		return (EPERM);
	new->cr_cap_eff = a->eff;
	new->cr_cap_prm = a->prm;
	new->cr_cap_inh = a->inh;
	new->cr_cap_amb &= a->prm & a->inh;
	return (0);
}

int
sys_capset(struct thread *td, struct capset_args *uap)
{
	struct l_cap_header h;
	struct l_cap_data d[2];
	struct capset_args_k a;
	int error, words, i;

	if ((error = cap_header(uap->hdrp, &h, &words)) != 0)
		return (error);
	if (h.pid != 0 && h.pid != td->td_proc->p_pid)
		return (EPERM);
	memset(d, 0, sizeof(d));
	if ((error = copyin(uap->datap, d, sizeof(d[0]) * (size_t)words)) != 0)
		return (error);
	memset(&a, 0, sizeof(a));
	for (i = 0; i < 2; i++) {
		a.eff |= (uint64_t)d[i].effective << (32 * i);
		a.prm |= (uint64_t)d[i].permitted << (32 * i);
		a.inh |= (uint64_t)d[i].inheritable << (32 * i);
	}
	/* Bits beyond the last capability are ignored, as Linux ignores them. */
	a.eff &= CAP_FULL_SET;
	a.prm &= CAP_FULL_SET;
	a.inh &= CAP_FULL_SET;
	return (cred_change(td, edit_capset, &a));
}

/* --- prctl's capability options ----------------------------------------------------------- */

static int
edit_capbset_drop(struct ucred *new, const struct ucred *old, const void *arg)
{
	if (!cap_local(old, CAP_SETPCAP))
		return (EPERM);
	new->cr_cap_bnd &= ~CAP_BIT(*(const int *)arg);
	return (0);
}

static int
edit_keepcaps(struct ucred *new, const struct ucred *old, const void *arg)
{
	if (old->cr_securebits & SECBIT_KEEP_CAPS_LOCKED)
		return (EPERM);
	if (*(const int *)arg)
		new->cr_securebits |= SECBIT_KEEP_CAPS;
	else
		new->cr_securebits &= ~SECBIT_KEEP_CAPS;
	return (0);
}

/*
 * PR_SET_SECUREBITS (Linux's rules): a locked bit cannot change, a lock
 * cannot be released, unknown bits are refused, and CAP_SETPCAP is
 * needed; EPERM for each.
 */
static int
edit_securebits(struct ucred *new, const struct ucred *old, const void *arg)
{
	uint64_t bits = *(const uint64_t *)arg;

	if ((((old->cr_securebits & SECBIT_ALL_LOCKS) >> 1) & (old->cr_securebits ^ bits)) ||
	    (old->cr_securebits & SECBIT_ALL_LOCKS & ~bits) ||
	    (bits & ~(uint64_t)(SECBIT_ALL_LOCKS | SECBIT_ALL_BITS)) ||
	    !cap_local(old, CAP_SETPCAP))
		return (EPERM);
	new->cr_securebits = (unsigned)bits;
	return (0);
}

/* PR_CAP_AMBIENT's raise, lower and clear (arg: the operation, then the capability). */
static int
edit_ambient(struct ucred *new, const struct ucred *old, const void *arg)
{
	const int *a = arg;

	switch (a[0]) {
	case PR_CAP_AMBIENT_RAISE:
		if ((old->cr_cap_prm & old->cr_cap_inh & CAP_BIT(a[1])) == 0 ||
		    (old->cr_securebits & SECBIT_NO_CAP_AMBIENT_RAISE))
			return (EPERM);
		new->cr_cap_amb |= CAP_BIT(a[1]);
		return (0);
	case PR_CAP_AMBIENT_LOWER:
		new->cr_cap_amb &= ~CAP_BIT(a[1]);
		return (0);
	default:
		new->cr_cap_amb = 0;
		return (0);
	}
}

/*
 * The capability options of prctl(2) (kern_misc.c passes them on):
 * ENOENT for an option that is not one of them.
 */
int
cred_prctl(struct thread *td, int option, uint64_t arg2, uint64_t arg3, uint64_t arg4,
    uint64_t arg5)
{
	struct ucred *cr = td->td_ucred;
	int a[2];

	switch (option) {
	case PR_CAPBSET_READ:
		if (arg2 > CAP_LAST_CAP)
			return (EINVAL);
		td->td_retval[0] = (cr->cr_cap_bnd >> arg2) & 1;
		return (0);
	case PR_CAPBSET_DROP:
		if (arg2 > CAP_LAST_CAP)
			return (EINVAL);
		a[0] = (int)arg2;
		return (cred_change(td, edit_capbset_drop, a));
	case PR_GET_SECUREBITS:
		td->td_retval[0] = cr->cr_securebits;
		return (0);
	case PR_SET_SECUREBITS:
		return (cred_change(td, edit_securebits, &arg2));
	case PR_GET_KEEPCAPS:
		td->td_retval[0] = (cr->cr_securebits & SECBIT_KEEP_CAPS) != 0;
		return (0);
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return (EINVAL);
		a[0] = (int)arg2;
		return (cred_change(td, edit_keepcaps, a));
	case PR_CAP_AMBIENT:
		if (arg2 == PR_CAP_AMBIENT_CLEAR_ALL) {
			if (arg3 | arg4 | arg5)
				return (EINVAL);
			a[0] = (int)arg2;
			return (cred_change(td, edit_ambient, a));
		}
		if (arg4 | arg5)
			return (EINVAL);
		if (arg2 < PR_CAP_AMBIENT_IS_SET || arg2 > PR_CAP_AMBIENT_LOWER ||
		    arg3 > CAP_LAST_CAP)
			return (EINVAL);
		if (arg2 == PR_CAP_AMBIENT_IS_SET) {
			td->td_retval[0] = (cr->cr_cap_amb >> arg3) & 1;
			return (0);
		}
		a[0] = (int)arg2;
		a[1] = (int)arg3;
		return (cred_change(td, edit_ambient, a));
	}
	return (ENOENT);
}

/* --- exec ----------------------------------------------------------------------------------- */

/*
 * The credential a program runs with (Linux's bprm_fill_uid and
 * cap_bprm_creds_from_file, without file capabilities): a set-user-ID file
 * gives its owner as effective uid, a set-group-ID one (with group execute)
 * its group; with no_new_privs (nnp) neither.  Root -- real or effective
 * uid 0 -- gets the bounding and inheritable sets as permitted, and as
 * effective too if its effective uid is 0; anyone else keeps only the
 * ambient set.  The saved and fs ids become the effective ones.
 * *securep: AT_SECURE (the ids changed, or someone not root holds more
 * than its ambient capabilities).  NULL from a NULL old (a kernel process).
 */
struct ucred *
cred_for_exec(const struct ucred *old, mode_t mode, uid_t fuid, gid_t fgid, int nnp,
    int *securep)
{
	struct ucred *new = crcopy(old);
	uid_t root = make_kuid(old->cr_userns, 0);	/* (-1: no root mapped) */
	int setid, effective = 0;

	if (!nnp && (mode & S_ISUID))
		new->cr_uid = fuid;
	if (!nnp && (mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		new->cr_gid = fgid;
	setid = new->cr_uid != old->cr_uid || new->cr_gid != old->cr_gid;
	new->cr_cap_prm = 0;
	if (old->cr_securebits & SECBIT_NOROOT)
		root = (uid_t)-1;			/* uid 0 is nobody special */
	if (new->cr_uid == root || new->cr_ruid == root)
		new->cr_cap_prm = old->cr_cap_bnd | old->cr_cap_inh;
	if (new->cr_uid == root)
		effective = 1;
	if (nnp)
		new->cr_cap_prm &= old->cr_cap_prm;	/* nothing gained */
	new->cr_svuid = new->cr_fsuid = new->cr_uid;
	new->cr_svgid = new->cr_fsgid = new->cr_gid;
	if (setid)
		new->cr_cap_amb = 0;
	new->cr_cap_prm |= new->cr_cap_amb;
	new->cr_cap_eff = effective ? new->cr_cap_prm : new->cr_cap_amb;
	new->cr_securebits &= ~SECBIT_KEEP_CAPS;
	*securep = setid || (new->cr_ruid != root &&
	    (effective || (new->cr_cap_prm & ~new->cr_cap_amb) != 0));
	return (new);
}
