/*
 * Mutexes over an atomic compare-and-swap of the owner word.  Spin
 * mutexes keep interrupts disabled while held, so an interrupt handler on
 * this CPU can never spin on a lock its own CPU holds.  Sleep mutexes put
 * contending threads on the mutex's sleep queue (kern_synch.c).
 */
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sleepqueue.h>
#include <machine/cpufunc.h>

/* Per-CPU interrupt-disable nesting; the state to restore at depth 0. */
static unsigned	spin_depth[MAXCPU];
static uint64_t	spin_saved_rflags[MAXCPU];

void
spinlock_enter(void)
{
	uint64_t rflags = read_rflags();
	unsigned cpu;

	disable_intr();
	cpu = curcpu;
	if (spin_depth[cpu]++ == 0)
		spin_saved_rflags[cpu] = rflags;
}

void
spinlock_exit(void)
{
	unsigned cpu = curcpu;

	if (spin_depth[cpu] == 0)
		panic("spinlock_exit: not in a spin section");
	if (--spin_depth[cpu] == 0 && (spin_saved_rflags[cpu] & 0x200))
		enable_intr();
}

void
raw_spin_lock(volatile int *lock, const char *what)
{
	uint64_t spins = 0;

	while (__sync_lock_test_and_set(lock, 1))
		while (*lock)
			if (++spins > (1ULL << 28))
				panic("%s %p held too long", what, (void *)lock);
			else
				cpu_pause();
}

void
raw_spin_unlock(volatile int *lock)
{
	__sync_lock_release(lock);
}

void
mtx_init(struct mtx *m, const char *name, int opts)
{
	m->lock_object.lo_name = name;
	m->lock_object.lo_flags = ((opts & MTX_SPIN) ? LO_SPIN : 0) |
	    ((opts & MTX_RECURSE) ? LO_RECURSABLE : 0) |
	    ((opts & MTX_NOWITNESS) ? LO_NOWITNESS : 0);
	m->mtx_lock = 0;
	m->mtx_recurse = 0;
	witness_init(&m->lock_object);
}

int
mtx_owned(struct mtx *m)
{
	if (m->lock_object.lo_flags & LO_SPIN)
		return (m->mtx_lock == (uintptr_t)curcpu + 1);
	return ((m->mtx_lock & ~(uintptr_t)MTX_CONTESTED) == (uintptr_t)curthread);
}

void
_mtx_lock(struct mtx *m, const char *file, int line)
{
	uintptr_t me = (uintptr_t)curthread, v;
	uint64_t fl;

	if (me == 0 || (m->lock_object.lo_flags & LO_SPIN))
		panic("mtx_lock(%s) @ %s:%d: %s", m->lock_object.lo_name, file, line,
		    me == 0 ? "no thread yet" : "spin mutex");
	if ((m->mtx_lock & ~(uintptr_t)MTX_CONTESTED) == me) {
		if ((m->lock_object.lo_flags & LO_RECURSABLE) == 0)
			panic("recursed on non-recursive mutex %s @ %s:%d",
			    m->lock_object.lo_name, file, line);
		m->mtx_recurse++;
		return;
	}
	witness_checkorder(&m->lock_object, file, line);
	witness_warn_sleep("acquiring a sleep mutex", NULL, file, line);
	while (!__sync_bool_compare_and_swap(&m->mtx_lock, 0, me)) {
		fl = sleepq_lock(m);
		v = m->mtx_lock;
		/* Mark it contested, so the owner's unlock wakes us. */
		if (v == 0 || (!(v & MTX_CONTESTED) &&
		    !__sync_bool_compare_and_swap(&m->mtx_lock, v, v | MTX_CONTESTED))) {
			sleepq_unlock(m, fl);
			continue;
		}
		sleepq_wait_locked(m, m->lock_object.lo_name, fl);
	}
	witness_lock(&m->lock_object, file, line);
}

int
_mtx_trylock(struct mtx *m, const char *file, int line)
{
	if (!__sync_bool_compare_and_swap(&m->mtx_lock, 0, (uintptr_t)curthread))
		return (0);
	witness_lock(&m->lock_object, file, line);
	return (1);
}

void
_mtx_unlock(struct mtx *m, const char *file, int line)
{
	uintptr_t me = (uintptr_t)curthread;
	uint64_t fl;

	if ((m->mtx_lock & ~(uintptr_t)MTX_CONTESTED) != me)
		panic("mutex %s not owned @ %s:%d", m->lock_object.lo_name, file, line);
	if (m->mtx_recurse > 0) {
		m->mtx_recurse--;
		return;
	}
	witness_unlock(&m->lock_object);
	if (__sync_bool_compare_and_swap(&m->mtx_lock, me, 0))
		return;
	/* Contested: release under the queue lock and wake every waiter to retry. */
	fl = sleepq_lock(m);
	__sync_lock_release(&m->mtx_lock);
	sleepq_broadcast_locked(m);
	sleepq_unlock(m, fl);
}

void
_mtx_lock_spin(struct mtx *m, const char *file, int line)
{
	uintptr_t me;

	spinlock_enter();
	me = (uintptr_t)curcpu + 1;
	if (m->mtx_lock == me) {
		if ((m->lock_object.lo_flags & LO_RECURSABLE) == 0)
			panic("recursed on non-recursive mutex %s @ %s:%d",
			    m->lock_object.lo_name, file, line);
		m->mtx_recurse++;
		return;
	}
	witness_checkorder(&m->lock_object, file, line);
	while (!__sync_bool_compare_and_swap(&m->mtx_lock, 0, me)) {
		uint64_t spins = 0;

		while (m->mtx_lock != 0)
			if (++spins > (1ULL << 28))
				panic("spin lock %s held too long by cpu %lu @ %s:%d",
				    m->lock_object.lo_name, (unsigned long)m->mtx_lock - 1,
				    file, line);
			else
				cpu_pause();
	}
	witness_lock(&m->lock_object, file, line);
}

void
_mtx_unlock_spin(struct mtx *m, const char *file, int line)
{
	if (m->mtx_lock != (uintptr_t)curcpu + 1)
		panic("mutex %s not owned @ %s:%d", m->lock_object.lo_name, file, line);
	if (m->mtx_recurse > 0) {
		m->mtx_recurse--;
		spinlock_exit();
		return;
	}
	witness_unlock(&m->lock_object);
	__sync_lock_release(&m->mtx_lock);
	spinlock_exit();
}
