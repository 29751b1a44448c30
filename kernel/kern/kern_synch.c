/*
 * Sleep and wakeup.  Sleeping threads wait on a channel (any address) in
 * one of 64 hashed sleep queues, each with a raw spin lock taken with
 * interrupts off.  A sleeper marks itself SLEEPING under the queue lock
 * before releasing any interlock, so a wakeup between the two is never
 * lost; the scheduler's td_oncpu handshake makes it safe for a waker on
 * another CPU to requeue the thread before it has finished switching out.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/callout.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>
#include <machine/cpufunc.h>

#define SLEEPQ_HASH	64

struct sleepq {
	volatile int	 lock;
	struct thread	*head;
};

static struct sleepq sleepqs[SLEEPQ_HASH];

static struct sleepq *
sq_of(const void *chan)
{
	uintptr_t a = (uintptr_t)chan;

	return (&sleepqs[(a >> 4 ^ a >> 10) % SLEEPQ_HASH]);
}

static void
sq_lock(struct sleepq *sq)
{
	raw_spin_lock(&sq->lock, "sleep queue lock");
}

static void
sq_unlock(struct sleepq *sq)
{
	raw_spin_unlock(&sq->lock);
}

/* Puts td on sq, sleeping on chan (sq locked). */
static void
sq_insert_locked(struct sleepq *sq, struct thread *td, const void *chan, const char *wmesg)
{
	td->td_wchan = chan;
	td->td_wmesg = wmesg;
	td->td_timedout = 0;
	td->td_sleep_next = sq->head;
	sq->head = td;
	td->td_state = TDS_SLEEPING;
}

/* Removes td from sq if it is there; returns 1 if it was. */
static int
sq_remove(struct sleepq *sq, struct thread *td)
{
	struct thread **tp;

	for (tp = &sq->head; *tp != NULL; tp = &(*tp)->td_sleep_next)
		if (*tp == td) {
			*tp = td->td_sleep_next;
			return (1);
		}
	return (0);
}

static void
sleep_timeout(void *arg)
{
	struct thread *td = arg;
	uint64_t fl = read_rflags();
	struct sleepq *sq;
	const void *chan = td->td_wchan;
	int woke = 0;

	if (chan == NULL)
		return;
	sq = sq_of(chan);
	disable_intr();
	sq_lock(sq);
	if (td->td_wchan == chan && sq_remove(sq, td)) {
		td->td_wchan = NULL;
		td->td_timedout = 1;
		woke = 1;
	}
	sq_unlock(sq);
	if (fl & 0x200)
		enable_intr();
	if (woke)
		sched_add(td);
}

/* Common path: queued under the sleep-queue lock, interlock dropped, switch. */
static int
sleep_common(const void *chan, struct mtx *interlock, const char *wmesg, int timo)
{
	struct thread *td = curthread;
	struct sleepq *sq = sq_of(chan);
	struct callout to;
	uint64_t fl;

	if (td == NULL || !sched_running)
		panic("sleep on \"%s\" before the scheduler runs", wmesg);
	witness_warn_sleep("sleeping", interlock ? &interlock->lock_object : NULL,
	    __FILE__, __LINE__);
	fl = read_rflags();
	disable_intr();
	sq_lock(sq);
	sq_insert_locked(sq, td, chan, wmesg);
	sq_unlock(sq);
	if (interlock != NULL && (interlock->lock_object.lo_flags & LO_SPIN))
		mtx_unlock_spin(interlock);
	else if (interlock != NULL)
		mtx_unlock(interlock);
	/*
	 * Armed only now that td is on the sleep queue: armed earlier, the
	 * timeout can fire on another CPU before td_wchan is set, find no
	 * channel and be lost, and td sleeps for good.
	 */
	if (timo > 0) {
		callout_init(&to);
		callout_reset(&to, timo, sleep_timeout, td);
	}
	mi_switch();
	if (fl & 0x200)
		enable_intr();
	if (timo > 0)
		callout_drain(&to);
	if (interlock != NULL && (interlock->lock_object.lo_flags & LO_SPIN))
		mtx_lock_spin(interlock);
	else if (interlock != NULL)
		mtx_lock(interlock);
	return (td->td_timedout ? EWOULDBLOCK : 0);
}

int
tsleep(const void *chan, const char *wmesg, int timo)
{
	return (sleep_common(chan, NULL, wmesg, timo));
}

int
msleep_spin(const void *chan, struct mtx *m, const char *wmesg, int timo)
{
	return (sleep_common(chan, m, wmesg, timo));
}

int
msleep(const void *chan, struct mtx *m, const char *wmesg, int timo)
{
	return (sleep_common(chan, m, wmesg, timo));
}

void
pause_ticks(const char *wmesg, int n)
{
	static int pause_chan;

	tsleep(&pause_chan, wmesg, n > 0 ? n : 1);
}

/*
 * Wait a little for something another thread will do: a tick's sleep once
 * the clock runs, a plain yield before that (no tick would ever wake us).
 */
void
wait_a_little(const char *wmesg)
{
	if (hz > 0)
		pause_ticks(wmesg, 1);
	else
		sched_yield();
}

static void
wakeup_n(const void *chan, int max)
{
	struct sleepq *sq = sq_of(chan);
	struct thread *woken = NULL, **tp, *td;
	uint64_t fl = read_rflags();
	int n = 0;

	disable_intr();
	sq_lock(sq);
	for (tp = &sq->head; (td = *tp) != NULL && n < max;) {
		if (td->td_wchan != chan) {
			tp = &td->td_sleep_next;
			continue;
		}
		*tp = td->td_sleep_next;
		td->td_wchan = NULL;
		td->td_sleep_next = woken;
		woken = td;
		n++;
	}
	sq_unlock(sq);
	while ((td = woken) != NULL) {
		woken = td->td_sleep_next;
		sched_add(td);
	}
	if (fl & 0x200)
		enable_intr();
}

void
wakeup(const void *chan)
{
	wakeup_n(chan, 1 << 30);
}

void
wakeup_one(const void *chan)
{
	wakeup_n(chan, 1);
}

/* --- primitives for other blocking locks (kern_mutex.c, kern_sx.c) ------ */

uint64_t
sleepq_lock(const void *chan)
{
	uint64_t fl = read_rflags();

	disable_intr();
	sq_lock(sq_of(chan));
	return (fl);
}

void
sleepq_unlock(const void *chan, uint64_t fl)
{
	sq_unlock(sq_of(chan));
	if (fl & 0x200)
		enable_intr();
}

/* Queue curthread on chan (queue locked by sleepq_lock), unlock, switch. */
void
sleepq_wait_locked(const void *chan, const char *wmesg, uint64_t fl)
{
	struct thread *td = curthread;
	struct sleepq *sq = sq_of(chan);

	sq_insert_locked(sq, td, chan, wmesg);
	sq_unlock(sq);
	mi_switch();
	if (fl & 0x200)
		enable_intr();
}

void
sleepq_broadcast_locked(const void *chan)
{
	struct sleepq *sq = sq_of(chan);
	struct thread **tp, *td;

	for (tp = &sq->head; (td = *tp) != NULL;) {
		if (td->td_wchan != chan) {
			tp = &td->td_sleep_next;
			continue;
		}
		*tp = td->td_sleep_next;
		td->td_wchan = NULL;
		sched_add(td);
	}
}
