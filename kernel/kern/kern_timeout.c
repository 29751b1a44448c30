/*
 * Callouts: one list sorted by due tick, checked on every BSP tick; due
 * entries are run by the "softclock" thread, woken from hardclock, so
 * callout functions run in thread context with interrupts enabled.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/callout.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sysctl.h>


static struct callout	*pending;
static struct mtx	 callout_lock;
static uint64_t		 callouts_run;
static int		 softclock_wanted;
SYSCTL_U64("kern.callout.run", &callouts_run, "callout functions called");

void
callout_init(struct callout *c)
{
	memset(c, 0, sizeof(*c));
}

static int
unlink_locked(struct callout *c)
{
	struct callout **cp;

	for (cp = &pending; *cp != NULL; cp = &(*cp)->c_next)
		if (*cp == c) {
			*cp = c->c_next;
			c->c_pending = 0;
			return (1);
		}
	return (0);
}

void
callout_reset(struct callout *c, int nticks, void (*func)(void *), void *arg)
{
	struct callout **cp;

	if (nticks < 1)
		nticks = 1;
	mtx_lock_spin(&callout_lock);
	unlink_locked(c);
	c->c_func = func;
	c->c_arg = arg;
	c->c_time = ticks + (uint64_t)nticks;
	for (cp = &pending; *cp != NULL && (*cp)->c_time <= c->c_time; cp = &(*cp)->c_next)
		;
	c->c_next = *cp;
	*cp = c;
	c->c_pending = 1;
	mtx_unlock_spin(&callout_lock);
}

int
callout_stop(struct callout *c)
{
	int was;

	mtx_lock_spin(&callout_lock);
	was = unlink_locked(c);
	mtx_unlock_spin(&callout_lock);
	return (was);
}

/*
 * Sleeps (without a timeout: a timed sleep arms a callout of its own, and
 * draining that one could nest without end) until softclock has returned
 * from c's function; softclock wakes us under callout_lock.
 */
int
callout_drain(struct callout *c)
{
	int was;

	mtx_lock_spin(&callout_lock);
	was = unlink_locked(c);
	while (c->c_running) {
		c->c_waiting = 1;
		msleep_spin(&c->c_waiting, &callout_lock, "cdrain", 0);
	}
	mtx_unlock_spin(&callout_lock);
	return (was);
}

void
callout_tick(void)
{
	if (pending != NULL && pending->c_time <= ticks && !softclock_wanted) {
		softclock_wanted = 1;
		wakeup(&softclock_wanted);
	}
}

static void
softclock(void *arg)
{
	struct callout *c;

	(void)arg;
	mtx_lock_spin(&callout_lock);	/* msleep_spin() returns with it held */
	for (;;) {
		while ((c = pending) != NULL && c->c_time <= ticks) {
			void (*func)(void *) = c->c_func;
			void *carg = c->c_arg;

			pending = c->c_next;
			c->c_pending = 0;
			c->c_running = 1;
			mtx_unlock_spin(&callout_lock);
			func(carg);
			mtx_lock_spin(&callout_lock);
			/* From here c may be its owner's again (a drainer frees it). */
			c->c_running = 0;
			if (c->c_waiting) {
				c->c_waiting = 0;
				wakeup(&c->c_waiting);
			}
			callouts_run++;
		}
		softclock_wanted = 0;
		msleep_spin(&softclock_wanted, &callout_lock, "softclk", 0);
	}
}

static void
callout_start(const void *dummy __unused)
{
	mtx_init(&callout_lock, "callout", MTX_SPIN);
	kthread_create(softclock, NULL, PRI_SOFT, 0, "softclock");
}
SYSINIT(callout, SI_SUB_KTHREAD_INIT, SI_ORDER_FIRST, callout_start, NULL);
