/*
 * What every lock has in common, and the lock-order checker (witness)
 * interface.  Witness tracks lock *classes* by name: all locks initialised
 * with the same name share one class, so an order learned on one instance
 * applies to all (as FreeBSD's witness does).
 */
#ifndef SYS_LOCK_H
#define SYS_LOCK_H

#include <stdint.h>

#define LO_RECURSABLE	0x0001	/* may be taken again by its owner */
#define LO_SPIN		0x0002	/* spin lock: interrupts off while held */
#define LO_NOWITNESS	0x0004	/* not checked (witness's own lock) */

struct witness;
struct lock_object;

/* Locks held: spin locks per CPU, sleep locks per thread. */
#define LOCK_LIST_MAX	16
struct lock_list {
	struct {
		struct lock_object	*lo;	/* the lock */
		const char		*file;	/* where it was taken */
		int			 line;
	}		 e[LOCK_LIST_MAX];
	unsigned	 n;
};

struct lock_object {
	const char	*lo_name;	/* class name; also shown in reports */
	unsigned	 lo_flags;	/* LO_* */
	struct witness	*lo_witness;	/* its class, looked up at init */
};

void	witness_init(struct lock_object *lo);
/* A module unloaded: no recorded order keeps a file name from [start, end). */
void	witness_forget_range(uint64_t start, uint64_t end);
/* Called before taking / after releasing; file and line for the report. */
void	witness_checkorder(struct lock_object *lo, const char *file, int line);
void	witness_lock(struct lock_object *lo, const char *file, int line);
void	witness_unlock(struct lock_object *lo);
/*
 * Reports if any spin lock other than `except` is held (about to sleep or
 * take a sleep lock); returns 1 if it reported.
 */
int	witness_warn_sleep(const char *what, struct lock_object *except,
	    const char *file, int line);
int	witness_held_count(void);

#endif
