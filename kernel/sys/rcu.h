/*
 * Read-copy-update (kern/subr_rcu.c): readers of a shared object take no
 * lock and write nothing shared; a writer publishes a new version with
 * rcu_assign_pointer() and hands the old one to call_rcu(), which frees it
 * once every CPU has passed a quiescent state -- a point where it cannot
 * be inside a read section that began before the object was unpublished.
 *
 *   reader:  rcu_read_lock(); o = rcu_dereference(p->obj); ...use o...;
 *            rcu_read_unlock();           (o is not to be used past here)
 *   writer:  (serialised by its own lock) old = p->obj;
 *            rcu_assign_pointer(p->obj, new); call_rcu(&old->rcu, old_free);
 *
 * The flavour is Linux's classic non-preemptible RCU (FreeBSD's epoch(9)
 * does the same job): a read section is a critical section (no preemption,
 * so no migration and no context switch inside it), and a CPU is quiescent
 * at a context switch, in its idle loop, on its way back to user mode, and
 * at a clock tick that interrupted no read section.  Sleeping inside a
 * read section is a bug and panics (Linux's lockdep reports it).
 */
#ifndef SYS_RCU_H
#define SYS_RCU_H

#include <sys/types.h>

struct thread;

struct rcu_head {
	struct rcu_head	*rh_next;
	void		(*rh_func)(struct rcu_head *);
};

void	rcu_read_lock(void);
void	rcu_read_unlock(void);
int	rcu_read_lock_held(void);	/* the current thread is in a read section */

/* Publication: a release store, so a reader sees the object's contents. */
#define rcu_assign_pointer(p, v)	__atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
/* The reader's load (consume: an acquire for the compiler we use). */
#define rcu_dereference(p)		__atomic_load_n(&(p), __ATOMIC_CONSUME)

/*
 * func(head) runs in the "rcu" kernel thread (it may sleep) after a grace
 * period: after every read section that was running when call_rcu was
 * called has ended.  Callable from any context that may take a spin lock.
 */
void	call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *));
/* Waits (sleeps) for a grace period. */
void	synchronize_rcu(void);
/* Waits (sleeps) until every callback queued before the call has run. */
void	rcu_barrier(void);

/* The per-CPU quiescent-state reports (sched_core.c, kern_clock.c, the return to user). */
void	rcu_quiescent(void);		/* this CPU is in no read section (preemption off) */
void	rcu_tick(int from_user);	/* hardclock: quiescent unless a read section runs */
void	rcu_switch_check(struct thread *old);	/* mi_switch: old must not be in a read section */

/*
 * The debug option (loader tunable debug.rcu.poison="1", set by the boot
 * tests): objects freed through RCU are first filled with RCU_POISON and
 * kept one more grace period, and readers that find the pattern count a
 * use-after-free (rcu_poison_hit; sysctl debug.rcu.poison_hits).
 */
#define RCU_POISON_BYTE	0x6b		/* Linux's POISON_FREE */
extern int rcu_poison;
void	rcu_poison_hit(const char *what, const void *obj);

#endif
