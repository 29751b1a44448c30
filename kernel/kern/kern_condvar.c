/*
 * Condition variables over msleep(): the waiter is on the cv's sleep queue
 * (marked sleeping) before the mutex is released, so a cv_signal() that
 * follows the release always finds it.
 */
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/mutex.h>
#include <sys/proc.h>


void
cv_init(struct cv *cv, const char *desc)
{
	cv->cv_description = desc;
	cv->cv_waiters = 0;
}

void
cv_wait(struct cv *cv, struct mtx *m)
{
	cv_timedwait(cv, m, 0);
}

int
cv_timedwait(struct cv *cv, struct mtx *m, int timo)
{
	int error;

	__atomic_add_fetch(&cv->cv_waiters, 1, __ATOMIC_SEQ_CST);
	error = msleep(cv, m, cv->cv_description, timo);
	__atomic_sub_fetch(&cv->cv_waiters, 1, __ATOMIC_SEQ_CST);
	return (error);
}

void
cv_signal(struct cv *cv)
{
	if (cv->cv_waiters > 0)
		wakeup_one(cv);
}

void
cv_broadcast(struct cv *cv)
{
	if (cv->cv_waiters > 0)
		wakeup(cv);
}
