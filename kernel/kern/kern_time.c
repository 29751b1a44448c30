/*
 * Time for user programs: the clocks (clock_gettime, gettimeofday, time,
 * clock_getres) and sleeping (nanosleep, clock_nanosleep), with Linux's
 * clock ids and rules.  Uptime comes from the calibrated TSC; wall time is
 * the RTC's reading at boot plus uptime.  Sleeps are in clock ticks (hz),
 * never shorter than asked.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/proc.h>
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
