/*
 * Time for user programs: the clocks (clock_gettime, gettimeofday, time,
 * clock_getres), sleeping (nanosleep, clock_nanosleep) and the interval
 * timers (setitimer, getitimer, alarm), with Linux's clock ids and rules.
 * Uptime comes from the calibrated TSC; wall time is the RTC's reading at
 * boot plus uptime.  Sleeps are in clock ticks (hz), never shorter than
 * asked.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/callout.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <machine/cpufunc.h>

#define TIMER_ABSTIME	1

static int nanosleep_restart(struct thread *td);

uint64_t
uptime_ns(void)
{
	uint64_t t = rdtsc() - kernel_entry_tsc;

	if (tsc_freq == 0)
		return (0);
	return (t / tsc_freq * NSEC_PER_SEC + t % tsc_freq * NSEC_PER_SEC / tsc_freq);
}

uint64_t
realtime_ns(void)
{
	return (boottime_sec * NSEC_PER_SEC + uptime_ns());
}

int
timespec_check(const struct l_timespec *ts)
{
	return (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (int64_t)NSEC_PER_SEC ?
	    EINVAL : 0);
}

uint64_t
timespec_ns(const struct l_timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UINT64_MAX / NSEC_PER_SEC)
		return (UINT64_MAX);
	return ((uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec);
}

struct l_timespec
ns_timespec(uint64_t ns)
{
	struct l_timespec ts = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };

	return (ts);
}

int
ns_to_ticks(uint64_t ns)
{
	uint64_t per = NSEC_PER_SEC / (uint64_t)(hz > 0 ? hz : 100), t;

	if (ns == 0)
		return (0);
	t = ns / per + 1;	/* the current tick is partly gone already */
	return (t > 0x3fffffff ? 0x3fffffff : (int)t);
}

/* The CPU time of td (thread) or of its process, in ns. */
static uint64_t
cputime_ns(struct thread *td, int process)
{
	struct proc *p = td->td_proc;
	uint64_t ticks = td->td_uticks + td->td_sticks;

	if (process) {
		struct thread *t;

		mtx_lock(&p->p_mtx);
		ticks = p->p_uticks + p->p_sticks;
		TAILQ_FOREACH(t, &p->p_threads, td_plist)
			ticks += t->td_uticks + t->td_sticks;
		mtx_unlock(&p->p_mtx);
	}
	return (ticks * (NSEC_PER_SEC / (uint64_t)(hz > 0 ? hz : 100)));
}

static int
clock_read(struct thread *td, clockid_t id, uint64_t *ns)
{
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = realtime_ns();
		return (0);
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = uptime_ns();
		return (0);
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = cputime_ns(td, id == CLOCK_PROCESS_CPUTIME_ID);
		return (0);
	}
	return (EINVAL);
}

int
sys_clock_gettime(struct thread *td, struct clock_gettime_args *uap)
{
	struct l_timespec ts;
	uint64_t ns;
	int error;

	if ((error = clock_read(td, uap->which, &ns)) != 0)
		return (error);
	ts = ns_timespec(ns);
	return (copyout(&ts, uap->tp, sizeof(ts)));
}

int
sys_clock_getres(struct thread *td, struct clock_getres_args *uap)
{
	struct l_timespec ts = { 0, 1 };
	uint64_t ns;
	int error;

	if ((error = clock_read(td, uap->which, &ns)) != 0)
		return (error);
	if (uap->which == CLOCK_REALTIME_COARSE || uap->which == CLOCK_MONOTONIC_COARSE)
		ts.tv_nsec = (int64_t)(NSEC_PER_SEC / (uint64_t)(hz > 0 ? hz : 100));
	return (uap->tp != NULL ? copyout(&ts, uap->tp, sizeof(ts)) : 0);
}

int
sys_gettimeofday(struct thread *td, struct gettimeofday_args *uap)
{
	struct l_timeval tv;
	struct { int32_t minuteswest, dsttime; } tz = { 0, 0 };
	uint64_t ns = realtime_ns();
	int error;

	(void)td;
	tv.tv_sec = (int64_t)(ns / NSEC_PER_SEC);
	tv.tv_usec = (int64_t)(ns % NSEC_PER_SEC / 1000);
	if (uap->tp != NULL && (error = copyout(&tv, uap->tp, sizeof(tv))) != 0)
		return (error);
	if (uap->tzp != NULL && (error = copyout(&tz, uap->tzp, sizeof(tz))) != 0)
		return (error);
	return (0);
}

int
sys_time(struct thread *td, struct time_args *uap)
{
	int64_t t = (int64_t)(realtime_ns() / NSEC_PER_SEC);
	int error;

	if (uap->tm != NULL && (error = copyout(&t, uap->tm, sizeof(t))) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)t;
	return (0);
}

/*
 * Sleep until clock `id` reads `deadline` ns.  Any signal that wakes the
 * thread ends it with ERESTART_RESTARTBLOCK: a handler makes that EINTR
 * (Linux: nanosleep is never restarted after a handler, SA_RESTART or
 * not); otherwise (a stop) the sleep goes on for the time left, through
 * restart_syscall.  The time left goes to *urm for a relative sleep.
 */
static int
sleep_until(struct thread *td, clockid_t id, uint64_t deadline, void *urm)
{
	static int nanosleep_chan;
	struct l_timespec rm;
	uint64_t now;
	int error;

	for (;;) {
		if ((error = clock_read(td, id, &now)) != 0)
			return (error);
		if (now >= deadline)
			return (0);
		error = tsleep_sig(&nanosleep_chan, "nanslp", ns_to_ticks(deadline - now));
		if (error == EINTR || error == ERESTART)
			break;
	}
	clock_read(td, id, &now);
	if (urm != NULL) {
		rm = ns_timespec(deadline > now ? deadline - now : 0);
		if (copyout(&rm, urm, sizeof(rm)) != 0)
			return (EFAULT);
	}
	td->td_restart.fn = nanosleep_restart;
	td->td_restart.clock = id;
	td->td_restart.deadline = deadline;
	td->td_restart.urm = urm;
	return (ERESTART_RESTARTBLOCK);
}

static int
nanosleep_restart(struct thread *td)
{
	return (sleep_until(td, td->td_restart.clock, td->td_restart.deadline,
	    td->td_restart.urm));
}

static int
kern_nanosleep(struct thread *td, clockid_t id, int flags, const struct l_timespec *urq,
    struct l_timespec *urm)
{
	struct l_timespec rq;
	uint64_t now, deadline;
	int error;

	if (id == CLOCK_THREAD_CPUTIME_ID)
		return (EINVAL);
	if ((error = copyin(urq, &rq, sizeof(rq))) != 0)
		return (error);
	if ((error = timespec_check(&rq)) != 0)
		return (error);
	if ((error = clock_read(td, id, &now)) != 0)
		return (error);
	deadline = (flags & TIMER_ABSTIME) ? timespec_ns(&rq) :
	    (timespec_ns(&rq) > UINT64_MAX - now ? UINT64_MAX : now + timespec_ns(&rq));
	return (sleep_until(td, id, deadline, (flags & TIMER_ABSTIME) ? NULL : urm));
}

int
sys_nanosleep(struct thread *td, struct nanosleep_args *uap)
{
	return (kern_nanosleep(td, CLOCK_MONOTONIC, 0, uap->rqtp, uap->rmtp));
}

int
sys_clock_nanosleep(struct thread *td, struct clock_nanosleep_args *uap)
{
	return (kern_nanosleep(td, uap->which, uap->flags, uap->rqtp, uap->rmtp));
}

int
sys_restart_syscall(struct thread *td, struct restart_syscall_args *uap __unused)
{
	int (*fn)(struct thread *) = td->td_restart.fn;

	td->td_restart.fn = NULL;
	return (fn != NULL ? fn(td) : EINTR);
}

/* --- interval timers --------------------------------------------------------- */

/*
 * Linux's semantics (kernel/time/itimer.c): one timer of each kind per
 * process; ITIMER_REAL counts uptime and sends SIGALRM, ITIMER_VIRTUAL the
 * process's user CPU time (SIGVTALRM), ITIMER_PROF its user and system CPU
 * time (SIGPROF), each with si_code SI_KERNEL.  A zero it_value disarms
 * (and drops the interval); a periodic timer that fell behind sends one
 * signal and goes on from now.  CPU time is charged a tick at a time, so
 * the CPU-time timers have the tick's resolution.
 */
static const int itimer_sig[3] = { SIGALRM, SIGVTALRM, SIGPROF };

static uint64_t
tick_ns(void)
{
	return (NSEC_PER_SEC / (uint64_t)(hz > 0 ? hz : 100));
}

static uint64_t
timeval_ns(const struct l_timeval *tv)
{
	if ((uint64_t)tv->tv_sec >= UINT64_MAX / NSEC_PER_SEC - 1)
		return (UINT64_MAX / 2);	/* far enough: never, in practice */
	return ((uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * 1000);
}

static struct l_timeval
ns_timeval(uint64_t ns)
{
	struct l_timeval tv = { (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC / 1000) };

	return (tv);
}

static void itimer_real_expire(void *arg);

/* Arms the callout for ITIMER_REAL's deadline, or stops it (p_mtx held). */
static void
itimer_real_schedule(struct proc *p, uint64_t now)
{
	uint64_t d = p->p_itreal_deadline;

	if (d == 0)
		callout_stop(&p->p_itcallout);
	else
		callout_reset(&p->p_itcallout, ns_to_ticks(d > now ? d - now : 1),
		    itimer_real_expire, p);
}

/*
 * The callout, on the softclock thread.  exit drains it before the
 * process can be freed (itimer_exit), so p is valid here.  A tick may
 * come a little early against the TSC: then it only re-arms.
 */
static void
itimer_real_expire(void *arg)
{
	struct proc *p = arg;
	uint64_t now = uptime_ns(), iv;
	int fire = 0;

	mtx_lock(&p->p_mtx);
	if (p->p_itreal_deadline == 0 || (p->p_flag & P_WEXIT)) {
		mtx_unlock(&p->p_mtx);
		return;
	}
	if (now >= p->p_itreal_deadline) {
		fire = 1;
		iv = p->p_itinterval[ITIMER_REAL];
		if (iv == 0)
			p->p_itreal_deadline = 0;
		else if ((p->p_itreal_deadline += iv) <= now)
			p->p_itreal_deadline = now + iv;	/* overrun: one signal */
	}
	itimer_real_schedule(p, now);
	mtx_unlock(&p->p_mtx);
	if (fire)
		kern_psignal(p, SIGALRM, NULL);
}

/*
 * hardclock, interrupts off, on td's CPU: charges td's tick to its
 * process's CPU timers -- unless td is on its way out, when the process
 * may already be freed (its parent's wait does not wait for this thread).
 */
void
itimer_tick(struct thread *td, int user)
{
	struct proc *p = td->td_proc;
	int64_t t = (int64_t)tick_ns(), old;
	int armed, ran_out = 0;

	if (td->td_flags & TDF_EXITING)
		return;
	if ((armed = __atomic_load_n(&p->p_itcpu_armed, __ATOMIC_RELAXED)) == 0)
		return;
	if (user && (armed & (1 << ITIMER_VIRTUAL))) {
		old = __atomic_fetch_sub(&p->p_itcpu_left[ITIMER_VIRTUAL], t, __ATOMIC_RELAXED);
		ran_out |= old > 0 && old <= t;
	}
	if (armed & (1 << ITIMER_PROF)) {
		old = __atomic_fetch_sub(&p->p_itcpu_left[ITIMER_PROF], t, __ATOMIC_RELAXED);
		ran_out |= old > 0 && old <= t;
	}
	if (ran_out)	/* the signal is posted in thread context, on the way out */
		__atomic_or_fetch(&td->td_ast, TDA_ITIMER, __ATOMIC_SEQ_CST);
}

void
itimer_ast(struct thread *td)
{
	struct proc *p = td->td_proc;
	int which, fire[3] = { 0, 0, 0 };
	int64_t left;

	__atomic_and_fetch(&td->td_ast, ~TDA_ITIMER, __ATOMIC_SEQ_CST);
	mtx_lock(&p->p_mtx);
	for (which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		if (!(p->p_itcpu_armed & (1 << which)) ||
		    __atomic_load_n(&p->p_itcpu_left[which], __ATOMIC_RELAXED) > 0)
			continue;
		fire[which] = 1;
		if (p->p_itinterval[which] == 0) {
			__atomic_and_fetch(&p->p_itcpu_armed, ~(1 << which), __ATOMIC_RELAXED);
			continue;
		}
		left = __atomic_add_fetch(&p->p_itcpu_left[which],
		    (int64_t)p->p_itinterval[which], __ATOMIC_RELAXED);
		if (left <= 0)	/* overrun: one signal, a whole interval from now */
			__atomic_store_n(&p->p_itcpu_left[which], (int64_t)p->p_itinterval[which],
			    __ATOMIC_RELAXED);
	}
	mtx_unlock(&p->p_mtx);
	for (which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++)
		if (fire[which])
			kern_psignal(p, itimer_sig[which], NULL);
}

void
itimer_exit(struct proc *p)
{
	mtx_lock(&p->p_mtx);
	p->p_itreal_deadline = 0;
	__atomic_store_n(&p->p_itcpu_armed, 0, __ATOMIC_RELAXED);
	mtx_unlock(&p->p_mtx);
	callout_drain(&p->p_itcallout);
}

/* The timer's current setting (p_mtx held). */
static void
itimer_read(struct proc *p, int which, struct l_itimerval *itv)
{
	uint64_t left = 0, now;
	int64_t cpu;

	if (which == ITIMER_REAL) {
		if (p->p_itreal_deadline != 0) {
			now = uptime_ns();
			/* Due but not yet sent: a microsecond, as Linux says. */
			left = p->p_itreal_deadline > now ? p->p_itreal_deadline - now : 1000;
		}
	} else if (p->p_itcpu_armed & (1 << which)) {
		cpu = __atomic_load_n(&p->p_itcpu_left[which], __ATOMIC_RELAXED);
		left = cpu > 0 ? (uint64_t)cpu : 1000;
	}
	itv->it_value = ns_timeval(left);
	itv->it_interval = ns_timeval(left != 0 ? p->p_itinterval[which] : 0);
}

/*
 * Sets timer `which` to *nv, the old setting to *ov (p_mtx not held).
 * ITIMER_REAL's callout is drained first: one running now has posted its
 * SIGALRM when this returns, so no signal of the old setting comes after
 * the call (Linux waits for a running hrtimer callback the same way).
 */
static void
itimer_set(struct proc *p, int which, const struct l_itimerval *nv, struct l_itimerval *ov)
{
	uint64_t value = timeval_ns(&nv->it_value), now;

	if (which == ITIMER_REAL)
		callout_drain(&p->p_itcallout);
	mtx_lock(&p->p_mtx);
	if (ov != NULL)
		itimer_read(p, which, ov);
	p->p_itinterval[which] = value != 0 ? timeval_ns(&nv->it_interval) : 0;
	if (which == ITIMER_REAL) {
		now = uptime_ns();
		p->p_itreal_deadline = value != 0 ? now + value : 0;
		itimer_real_schedule(p, now);
	} else if (value != 0) {
		__atomic_store_n(&p->p_itcpu_left[which], (int64_t)value, __ATOMIC_RELAXED);
		__atomic_or_fetch(&p->p_itcpu_armed, 1 << which, __ATOMIC_RELAXED);
	} else
		__atomic_and_fetch(&p->p_itcpu_armed, ~(1 << which), __ATOMIC_RELAXED);
	mtx_unlock(&p->p_mtx);
}

static int
timeval_check(const struct l_timeval *tv)
{
	return (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000 ? EINVAL : 0);
}

int
sys_getitimer(struct thread *td, struct getitimer_args *uap)
{
	struct proc *p = td->td_proc;
	struct l_itimerval itv;

	if (uap->which < ITIMER_REAL || uap->which > ITIMER_PROF)
		return (EINVAL);
	mtx_lock(&p->p_mtx);
	itimer_read(p, uap->which, &itv);
	mtx_unlock(&p->p_mtx);
	return (copyout(&itv, uap->itv, sizeof(itv)));
}

/*
 * Linux's order: the new value is read and checked (EFAULT, EINVAL)
 * before `which` (EINVAL); a NULL new value disarms (a misfeature Linux
 * keeps); the old value is written after the change, so a bad oitv
 * gives EFAULT with the timer already set.
 */
int
sys_setitimer(struct thread *td, struct setitimer_args *uap)
{
	struct l_itimerval nv, ov;
	int error;

	memset(&nv, 0, sizeof(nv));
	if (uap->itv != NULL) {
		if ((error = copyin(uap->itv, &nv, sizeof(nv))) != 0)
			return (error);
		if (timeval_check(&nv.it_value) != 0 || timeval_check(&nv.it_interval) != 0)
			return (EINVAL);
	}
	if (uap->which < ITIMER_REAL || uap->which > ITIMER_PROF)
		return (EINVAL);
	itimer_set(td->td_proc, uap->which, &nv, &ov);
	return (uap->oitv != NULL ? copyout(&ov, uap->oitv, sizeof(ov)) : 0);
}

/* ITIMER_REAL in whole seconds; the old one's time left, rounded as Linux does. */
int
sys_alarm(struct thread *td, struct alarm_args *uap)
{
	struct l_itimerval nv, ov;

	memset(&nv, 0, sizeof(nv));
	nv.it_value.tv_sec = uap->secs;
	itimer_set(td->td_proc, ITIMER_REAL, &nv, &ov);
	if ((ov.it_value.tv_sec == 0 && ov.it_value.tv_usec != 0) ||
	    ov.it_value.tv_usec >= 500000)
		ov.it_value.tv_sec++;
	td->td_retval[0] = (uint64_t)ov.it_value.tv_sec;
	return (0);
}
