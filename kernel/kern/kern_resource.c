/*
 * Resource limits and usage: getrlimit, setrlimit, prlimit64 (Linux's
 * numbers and rules: the soft limit never above the hard one; raising the
 * hard limit needs privilege -- every process is root for now), getrusage
 * and times.  The defaults are Linux's for init.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/ucred.h>

const struct rlimit rlimit_defaults[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK] = { 8 << 20, RLIM_INFINITY },
	[RLIMIT_CORE] = { 0, RLIM_INFINITY },
	[RLIMIT_RSS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC] = { 4000, 4000 },
	[RLIMIT_NOFILE] = { 1024, 4096 },
	[RLIMIT_MEMLOCK] = { 8 << 20, 8 << 20 },
	[RLIMIT_AS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_LOCKS] = { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_SIGPENDING] = { 4096, 4096 },
	[RLIMIT_MSGQUEUE] = { 819200, 819200 },
	[RLIMIT_NICE] = { 0, 0 },
	[RLIMIT_RTPRIO] = { 0, 0 },
	[RLIMIT_RTTIME] = { RLIM_INFINITY, RLIM_INFINITY },
};

/* Linux struct rusage */
struct l_rusage {
	struct l_timeval ru_utime, ru_stime;
	int64_t		 rest[14];
};

struct l_tms {
	int64_t	tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/*
 * Old and/or new limit of p (p_mtx taken here), set by cr: raising a hard
 * limit takes CAP_SYS_RESOURCE (EPERM), as on Linux.
 */
static int
kern_prlimit(struct ucred *cr, struct proc *p, unsigned int res, const struct rlimit *nl,
    struct rlimit *ol)
{
	if (res >= RLIM_NLIMITS)
		return (EINVAL);
	if (nl != NULL && nl->rlim_cur > nl->rlim_max)
		return (EINVAL);
	if (nl != NULL && res == RLIMIT_NOFILE && nl->rlim_max > (1 << 20))
		return (EPERM);		/* Linux: above fs.nr_open */
	mtx_lock(&p->p_mtx);
	if (nl != NULL && nl->rlim_max > p->p_rlimit[res].rlim_max &&
	    priv_check_cred(cr, CAP_SYS_RESOURCE) != 0) {
		mtx_unlock(&p->p_mtx);
		return (EPERM);
	}
	if (ol != NULL)
		*ol = p->p_rlimit[res];
	if (nl != NULL)
		p->p_rlimit[res] = *nl;
	mtx_unlock(&p->p_mtx);
	return (0);
}

/*
 * May cr read or set another process's limits?  Linux's
 * check_prlimit_permission: all of its uids and gids must be cr's
 * effective ones, or cr has CAP_SYS_RESOURCE.  proctree_lock held.
 */
static int
prlimit_permitted(struct ucred *cr, struct proc *p)
{
	const struct ucred *t;
	int same;

	if (priv_check_cred(cr, CAP_SYS_RESOURCE) == 0)
		return (0);
	rcu_read_lock();		/* p's credential: read under RCU */
	t = rcu_dereference(p->p_ucred);
	same = t->cr_ruid == cr->cr_uid && t->cr_uid == cr->cr_uid &&
	    t->cr_svuid == cr->cr_uid && t->cr_rgid == cr->cr_gid && t->cr_gid == cr->cr_gid &&
	    t->cr_svgid == cr->cr_gid && !cred_poisoned(t);
	rcu_read_unlock();
	return (same ? 0 : EPERM);
}

int
sys_getrlimit(struct thread *td, struct getrlimit_args *uap)
{
	struct rlimit rl;
	int error;

	if ((error = kern_prlimit(td->td_ucred, td->td_proc, uap->resource, NULL, &rl)) != 0)
		return (error);
	return (copyout(&rl, uap->rlim, sizeof(rl)));
}

int
sys_setrlimit(struct thread *td, struct setrlimit_args *uap)
{
	struct rlimit rl;
	int error;

	if ((error = copyin(uap->rlim, &rl, sizeof(rl))) != 0)
		return (error);
	return (kern_prlimit(td->td_ucred, td->td_proc, uap->resource, &rl, NULL));
}

int
sys_prlimit64(struct thread *td, struct prlimit64_args *uap)
{
	struct rlimit nl, ol;
	struct proc *p = td->td_proc;
	int error;

	if (uap->new != NULL && (error = copyin(uap->new, &nl, sizeof(nl))) != 0)
		return (error);
	if (uap->pid != 0 && uap->pid != p->p_pid) {
		mtx_lock(&proctree_lock);
		p = pfind(uap->pid);
		error = p == NULL ? ESRCH : prlimit_permitted(td->td_ucred, p);
		if (error == 0)
			error = kern_prlimit(td->td_ucred, p, uap->resource,
			    uap->new != NULL ? &nl : NULL, &ol);
		mtx_unlock(&proctree_lock);
	} else
		error = kern_prlimit(td->td_ucred, p, uap->resource, uap->new != NULL ? &nl : NULL,
		    &ol);
	if (error == 0 && uap->old != NULL)
		error = copyout(&ol, uap->old, sizeof(ol));
	return (error);
}

static struct l_timeval
ticks_tv(uint64_t ticks)
{
	uint64_t us = ticks * 1000000 / (uint64_t)(hz > 0 ? hz : 100);
	struct l_timeval tv = { (int64_t)(us / 1000000), (int64_t)(us % 1000000) };

	return (tv);
}

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

/* The process's ticks so far: exited threads plus live ones (p_mtx held). */
static void
proc_ticks(struct proc *p, uint64_t *ut, uint64_t *st)
{
	struct thread *t;

	*ut = p->p_uticks;
	*st = p->p_sticks;
	TAILQ_FOREACH(t, &p->p_threads, td_plist) {
		*ut += t->td_uticks;
		*st += t->td_sticks;
	}
}

int
sys_getrusage(struct thread *td, struct getrusage_args *uap)
{
	struct proc *p = td->td_proc;
	struct l_rusage ru;
	uint64_t ut, st;

	memset(&ru, 0, sizeof(ru));
	mtx_lock(&p->p_mtx);
	switch (uap->who) {
	case RUSAGE_SELF:
		proc_ticks(p, &ut, &st);
		break;
	case RUSAGE_CHILDREN:
		ut = p->p_cuticks;
		st = p->p_csticks;
		break;
	case RUSAGE_THREAD:
		ut = td->td_uticks;
		st = td->td_sticks;
		break;
	default:
		mtx_unlock(&p->p_mtx);
		return (EINVAL);
	}
	mtx_unlock(&p->p_mtx);
	ru.ru_utime = ticks_tv(ut);
	ru.ru_stime = ticks_tv(st);
	return (copyout(&ru, uap->rusage, sizeof(ru)));
}

/* times(): clock ticks at 100 Hz (Linux's USER_HZ); returns uptime in those ticks. */
int
sys_times(struct thread *td, struct times_args *uap)
{
	struct proc *p = td->td_proc;
	struct l_tms t;
	uint64_t ut, st, scale = (uint64_t)(hz > 0 ? hz : 100);
	int error;

	mtx_lock(&p->p_mtx);
	proc_ticks(p, &ut, &st);
	t.tms_utime = (int64_t)(ut * 100 / scale);
	t.tms_stime = (int64_t)(st * 100 / scale);
	t.tms_cutime = (int64_t)(p->p_cuticks * 100 / scale);
	t.tms_cstime = (int64_t)(p->p_csticks * 100 / scale);
	mtx_unlock(&p->p_mtx);
	if (uap->buf != NULL && (error = copyout(&t, uap->buf, sizeof(t))) != 0)
		return (error);
	td->td_retval[0] = uptime_ns() / 10000000ULL;
	return (0);
}
