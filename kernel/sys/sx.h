/*
 * Shared/exclusive locks: many readers or one writer, for data read often
 * and changed rarely.  Waiters sleep.  (No priority for waiting writers
 * yet: a steady stream of readers can delay a writer.)
 */
#ifndef SYS_SX_H
#define SYS_SX_H

#include <sys/lock.h>
#include <sys/mutex.h>

struct thread;

struct sx {
	struct lock_object	 lock_object;
	struct mtx		 sx_interlock;	/* guards the fields below */
	struct thread		*sx_owner;	/* exclusive holder, or NULL */
	int			 sx_sharers;	/* shared holders */
	int			 sx_waiters;	/* threads asleep on the lock */
};

void	sx_init(struct sx *sx, const char *name);
void	_sx_xlock(struct sx *sx, const char *file, int line);
void	_sx_xunlock(struct sx *sx, const char *file, int line);
void	_sx_slock(struct sx *sx, const char *file, int line);
void	_sx_sunlock(struct sx *sx, const char *file, int line);
int	sx_xlocked(struct sx *sx);	/* held exclusively by this thread */
#define sx_xlock(sx)	_sx_xlock((sx), __FILE__, __LINE__)
#define sx_xunlock(sx)	_sx_xunlock((sx), __FILE__, __LINE__)
#define sx_slock(sx)	_sx_slock((sx), __FILE__, __LINE__)
#define sx_sunlock(sx)	_sx_sunlock((sx), __FILE__, __LINE__)

#endif
