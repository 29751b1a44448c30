/*
 * Processes: allocation, the pid space, lookup by pid, tid and process
 * group, and the membership of process groups and sessions.
 *
 * Pids, tids, process-group and session ids are one number space,
 * 1..PID_MAX (Linux: a process is its main thread's tid; a group or
 * session id is its leader's pid).  An id stays taken while anything
 * uses it -- a process, a thread, a group, a session -- so a group id is
 * never handed to a new process while the group exists (pid_hold/pid_free
 * count the users).  Kernel threads' ids are above PID_MAX.
 *
 * The tree, the hashes and group membership are guarded by proctree_lock.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysctl.h>

#define PIDHASH		256
#define PIDHASH_OF(id)	((unsigned)(id) % PIDHASH)

MALLOC_DEFINE(M_PROC, "proc", "processes, process groups, sessions");

struct mtx	 proctree_lock;
struct proc	*initproc;

static LIST_HEAD(, proc)	 pidhash[PIDHASH];
static LIST_HEAD(, thread)	 tidhash[PIDHASH];
static LIST_HEAD(, pgrp)	 pgrphash[PIDHASH];
static LIST_HEAD(, proc)	 allproc_list;
static uint8_t			 pid_users[PID_MAX + 1];	/* 0: free */
static int			 pid_last;
static struct mtx		 pid_lock;			/* pid_users, pid_last */
int				 nprocs;
int				 maxproc = 4000;

SYSCTL_INT("kern.nprocs", &nprocs, "processes in existence, zombies included");
SYSCTL_INT("kern.maxproc", &maxproc, "most processes at once (fork: EAGAIN)");

static void
proc_init(const void *dummy __unused)
{
	mtx_init(&proctree_lock, "proctree", MTX_DEF);
	mtx_init(&pid_lock, "pid", MTX_SPIN);
}
SYSINIT(proc, SI_SUB_INTRINSIC, SI_ORDER_FOURTH, proc_init, NULL);

int
pid_alloc(void)
{
	int i, pid = -1;

	mtx_lock_spin(&pid_lock);
	for (i = 0; i < PID_MAX; i++) {
		if (++pid_last > PID_MAX)
			pid_last = 2;	/* 1 is init's, once */
		if (pid_users[pid_last] == 0) {
			pid_users[pid_last] = 1;
			pid = pid_last;
			break;
		}
	}
	mtx_unlock_spin(&pid_lock);
	return (pid);
}

pid_t
pid_last_alloc(void)
{
	return (__atomic_load_n(&pid_last, __ATOMIC_RELAXED));
}

void
pid_hold(pid_t id)
{
	mtx_lock_spin(&pid_lock);
	if (pid_users[id] == 255)
		panic("pid_hold: id %d has too many users", id);
	pid_users[id]++;
	mtx_unlock_spin(&pid_lock);
}

void
pid_free(pid_t id)
{
	mtx_lock_spin(&pid_lock);
	if (pid_users[id] == 0)
		panic("pid_free: id %d is not in use", id);
	pid_users[id]--;
	mtx_unlock_spin(&pid_lock);
}

/* A new process structure, pid not yet assigned; NULL when over the limit. */
struct proc *
proc_alloc(void)
{
	struct proc *p;

	if (__atomic_add_fetch(&nprocs, 1, __ATOMIC_RELAXED) > maxproc ||
	    (p = malloc(sizeof(*p), M_PROC, M_NOWAIT | M_ZERO)) == NULL) {
		__atomic_sub_fetch(&nprocs, 1, __ATOMIC_RELAXED);
		return (NULL);
	}
	mtx_init(&p->p_mtx, "process lock", MTX_DEF);
	TAILQ_INIT(&p->p_threads);
	TAILQ_INIT(&p->p_sigqueue);
	callout_init(&p->p_itcallout);
	LIST_INIT(&p->p_children);
	p->p_state = PRS_NEW;
	p->p_dumpable = 1;
	return (p);
}

/* The structure of a process nobody can find any more (reaped, or never linked). */
void
proc_free(struct proc *p)
{
	free(p->p_execpath, M_PROC);
	/* p_textfile is gone: exit1 (or fork's failure) dropped it, not under proctree_lock. */
	free(p, M_PROC);
	__atomic_sub_fetch(&nprocs, 1, __ATOMIC_RELAXED);
}

/* Makes p findable by pid (t). */
void
proc_hash(struct proc *p)
{
	LIST_INSERT_HEAD(&pidhash[PIDHASH_OF(p->p_pid)], p, p_hash);
	LIST_INSERT_HEAD(&allproc_list, p, p_list);
}

void
proc_unhash(struct proc *p)
{
	LIST_REMOVE(p, p_hash);
	LIST_REMOVE(p, p_list);
}

void
thread_hash(struct thread *td)
{
	LIST_INSERT_HEAD(&tidhash[PIDHASH_OF(td->td_tid)], td, td_hash);
}

void
thread_unhash(struct thread *td)
{
	LIST_REMOVE(td, td_hash);
}

struct proc *
pfind(pid_t pid)
{
	struct proc *p;

	if (pid <= 0 || pid > PID_MAX)
		return (NULL);
	LIST_FOREACH(p, &pidhash[PIDHASH_OF(pid)], p_hash)
		if (p->p_pid == pid && p->p_state != PRS_NEW)
			return (p);
	return (NULL);
}

struct thread *
tdfind(pid_t tid, pid_t pid)
{
	struct thread *td;

	if (tid <= 0 || tid > PID_MAX)
		return (NULL);
	LIST_FOREACH(td, &tidhash[PIDHASH_OF(tid)], td_hash)
		if (td->td_tid == tid && (pid == -1 || td->td_proc->p_pid == pid) &&
		    td->td_proc->p_state == PRS_NORMAL)
			return (td);
	return (NULL);
}

struct pgrp *
pgfind(pid_t pgid)
{
	struct pgrp *pg;

	if (pgid <= 0 || pgid > PID_MAX)
		return (NULL);
	LIST_FOREACH(pg, &pgrphash[PIDHASH_OF(pgid)], pg_hash)
		if (pg->pg_id == pgid)
			return (pg);
	return (NULL);
}

struct proc *
proc_next(struct proc *p)
{
	return (p == NULL ? LIST_FIRST(&allproc_list) : LIST_NEXT(p, p_list));
}

void
proc_foreach(void (*cb)(struct proc *, void *), void *arg)
{
	struct proc *p;

	mtx_lock(&proctree_lock);
	LIST_FOREACH(p, &allproc_list, p_list)
		cb(p, arg);
	mtx_unlock(&proctree_lock);
}

/* p is the current process or one of its descendants (t). */
int
inferior(struct proc *p)
{
	struct proc *me = curproc;

	for (; p != me; p = p->p_pptr)
		if (p == NULL || p->p_pid == 1)
			return (0);
	return (1);
}

/* --- process groups and sessions ----------------------------------------- */

/*
 * A group is orphaned when no member has a parent in another group of the
 * same session (POSIX): pg_jobc counts such members.  `entering`: p joins
 * (1) or leaves (0) pg.  Its children's groups change too.
 */
static int
qualifies(struct proc *child, struct pgrp *pg)
{
	struct pgrp *cpg = child->p_pgrp;

	return (cpg != pg && cpg->pg_session == pg->pg_session);
}

static void
fixjobc(struct proc *p, struct pgrp *pg, int entering)
{
	struct proc *q;

	if (p->p_pptr != NULL && qualifies(p->p_pptr, pg))
		pg->pg_jobc += entering ? 1 : -1;
	/* p in pg is a parent in another group of the session for these children. */
	LIST_FOREACH(q, &p->p_children, p_sibling)
		if (q->p_pgrp != NULL && q->p_pgrp != pg &&
		    q->p_pgrp->pg_session == pg->pg_session)
			q->p_pgrp->pg_jobc += entering ? 1 : -1;
}

static void
pgdelete(struct pgrp *pg)
{
	struct session *s = pg->pg_session;

	LIST_REMOVE(pg, pg_hash);
	pid_free(pg->pg_id);
	if (--s->s_count == 0) {
		pid_free(s->s_sid);
		free(s, M_PROC);
	}
	free(pg, M_PROC);
}

/* p leaves its group (t); an empty group goes away. */
void
leavepgrp(struct proc *p)
{
	struct pgrp *pg = p->p_pgrp;

	if (pg == NULL)
		return;
	fixjobc(p, pg, 0);
	LIST_REMOVE(p, p_pglist);
	p->p_pgrp = NULL;
	if (LIST_EMPTY(&pg->pg_members))
		pgdelete(pg);
}

/* p joins pg (t). */
void
joinpgrp(struct proc *p, struct pgrp *pg)
{
	LIST_INSERT_HEAD(&pg->pg_members, p, p_pglist);
	p->p_pgrp = pg;
	fixjobc(p, pg, 1);
}

/*
 * p moves to group pgid, creating it (and a new session when newsession:
 * p becomes its leader).  (t)  0 or ENOMEM.
 */
int
enterpgrp(struct proc *p, pid_t pgid, int newsession)
{
	struct pgrp *pg = pgfind(pgid), *old = p->p_pgrp;
	struct session *s;

	if (pg == old && !newsession)
		return (0);
	if (pg == NULL || newsession) {
		if ((pg = malloc(sizeof(*pg), M_PROC, M_NOWAIT | M_ZERO)) == NULL)
			return (ENOMEM);
		if (newsession || old == NULL) {
			if ((s = malloc(sizeof(*s), M_PROC, M_NOWAIT | M_ZERO)) == NULL) {
				free(pg, M_PROC);
				return (ENOMEM);
			}
			s->s_sid = p->p_pid;
			s->s_leader = p;
			pid_hold(s->s_sid);
		} else
			s = old->pg_session;
		s->s_count++;
		pg->pg_id = pgid;
		pg->pg_session = s;
		LIST_INIT(&pg->pg_members);
		pid_hold(pgid);
		LIST_INSERT_HEAD(&pgrphash[PIDHASH_OF(pgid)], pg, pg_hash);
	}
	leavepgrp(p);
	joinpgrp(p, pg);
	return (0);
}
