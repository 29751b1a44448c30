/*
 * Condition variables: wait for a condition protected by a mutex.
 * cv_wait() releases the mutex and sleeps atomically (no lost wakeup), and
 * holds the mutex again when it returns.
 */
#ifndef SYS_CONDVAR_H
#define SYS_CONDVAR_H

struct mtx;

struct cv {
	const char	*cv_description;	/* shown as the wait channel name */
	volatile int	 cv_waiters;
};

void	cv_init(struct cv *cv, const char *desc);
void	cv_wait(struct cv *cv, struct mtx *m);
int	cv_timedwait(struct cv *cv, struct mtx *m, int timo_ticks);	/* 0 or EWOULDBLOCK */
void	cv_signal(struct cv *cv);
void	cv_broadcast(struct cv *cv);

#endif
