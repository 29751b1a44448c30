/*
 * Mutexes, FreeBSD style.
 *
 * Spin mutexes (MTX_SPIN): for code that may run with interrupts disabled
 * or in an interrupt handler.  Taking one disables interrupts on this CPU
 * (nesting counted per CPU) and spins until the owner releases it.
 *
 * Sleep mutexes (MTX_DEF): the default for thread context.  A contested
 * acquisition sleeps on the mutex's sleep queue; unlocking a contested
 * mutex wakes the waiters.  Holding a spin mutex while taking a sleep
 * mutex, or sleeping, is reported by witness.
 *
 * Every acquisition goes through the lock-order checker.
 */
#ifndef SYS_MUTEX_H
#define SYS_MUTEX_H

#include <stdint.h>
#include <sys/lock.h>

#define MTX_DEF		0x0000
#define MTX_SPIN	0x0001
#define MTX_RECURSE	0x0004
#define MTX_NOWITNESS	0x0008

struct mtx {
	struct lock_object	 lock_object;
	volatile uintptr_t	 mtx_lock;	/* 0: free; spin: owner cpuid + 1;
						   sleep: owner thread | MTX_CONTESTED */
	unsigned		 mtx_recurse;	/* extra acquisitions by the owner */
};

#define MTX_CONTESTED	0x1		/* sleep mutex: someone waits */

void	mtx_init(struct mtx *m, const char *name, int opts);
void	_mtx_lock(struct mtx *m, const char *file, int line);
void	_mtx_unlock(struct mtx *m, const char *file, int line);
int	_mtx_trylock(struct mtx *m, const char *file, int line);
void	_mtx_lock_spin(struct mtx *m, const char *file, int line);
void	_mtx_unlock_spin(struct mtx *m, const char *file, int line);
int	mtx_owned(struct mtx *m);

#define mtx_lock(m)		_mtx_lock((m), __FILE__, __LINE__)
#define mtx_unlock(m)		_mtx_unlock((m), __FILE__, __LINE__)
#define mtx_trylock(m)		_mtx_trylock((m), __FILE__, __LINE__)
#define mtx_lock_spin(m)	_mtx_lock_spin((m), __FILE__, __LINE__)
#define mtx_unlock_spin(m)	_mtx_unlock_spin((m), __FILE__, __LINE__)

/*
 * A bare test-and-set lock for the scheduler's own queues and witness,
 * which must not recurse into mutexes or witness.  Interrupts must already
 * be off.  Spinning for seconds panics, naming `what`.
 */
void	raw_spin_lock(volatile int *lock, const char *what);
void	raw_spin_unlock(volatile int *lock);

/* Interrupt disabling that nests (spinlock_enter/exit, as on FreeBSD). */
void	spinlock_enter(void);
void	spinlock_exit(void);

#endif
