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

struct lock_object {
	const char	*lo_name;	/* class name; also shown in reports */
	unsigned	 lo_flags;	/* LO_* */
	struct witness	*lo_witness;	/* its class, looked up at init */
};

void	witness_init(struct lock_object *lo);
/* Called before taking / after releasing; file and line for the report. */
void	witness_checkorder(struct lock_object *lo, const char *file, int line);
void	witness_lock(struct lock_object *lo, const char *file, int line);
void	witness_unlock(struct lock_object *lo);
/* Reports (once per call site) if any spin lock is held: for sleep paths. */
void	witness_warn_sleep(const char *what, const char *file, int line);
int	witness_held_count(void);

#endif
