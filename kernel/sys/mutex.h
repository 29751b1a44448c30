/*
 * Spin mutexes: the lock for code that may run with interrupts disabled or
 * in an interrupt handler.  Taking one disables interrupts on this CPU
 * (nesting is counted per CPU) and spins until the owner releases it.
 * Every acquisition goes through the lock-order checker.
 *
 * Sleep mutexes, shared/exclusive locks and condition variables need
 * threads to block; they arrive with the scheduler.
 */
#ifndef SYS_MUTEX_H
#define SYS_MUTEX_H

#include <stdint.h>
#include <sys/lock.h>

#define MTX_SPIN	0x0001
#define MTX_RECURSE	0x0004
#define MTX_NOWITNESS	0x0008

struct mtx {
	struct lock_object	 lock_object;
	volatile uintptr_t	 mtx_lock;	/* 0: free, else owner's cpuid + 1 */
	unsigned		 mtx_recurse;	/* extra acquisitions by the owner */
};

void	mtx_init(struct mtx *m, const char *name, int opts);
void	_mtx_lock_spin(struct mtx *m, const char *file, int line);
void	_mtx_unlock_spin(struct mtx *m, const char *file, int line);
int	mtx_owned(struct mtx *m);

#define mtx_lock_spin(m)	_mtx_lock_spin((m), __FILE__, __LINE__)
#define mtx_unlock_spin(m)	_mtx_unlock_spin((m), __FILE__, __LINE__)

/* Interrupt disabling that nests (spinlock_enter/exit, as on FreeBSD). */
void	spinlock_enter(void);
void	spinlock_exit(void);

#endif
