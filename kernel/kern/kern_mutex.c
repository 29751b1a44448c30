/*
 * Spin mutexes over an atomic compare-and-swap of the owner word, with
 * interrupts disabled while held so an interrupt handler on this CPU can
 * never spin on a lock its own CPU holds.
 */
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
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
mtx_init(struct mtx *m, const char *name, int opts)
{
	m->lock_object.lo_name = name;
	m->lock_object.lo_flags = LO_SPIN |
	    ((opts & MTX_RECURSE) ? LO_RECURSABLE : 0) |
	    ((opts & MTX_NOWITNESS) ? LO_NOWITNESS : 0);
	m->mtx_lock = 0;
	m->mtx_recurse = 0;
	witness_init(&m->lock_object);
}

int
mtx_owned(struct mtx *m)
{
	return (m->mtx_lock == (uintptr_t)curcpu + 1);
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
	while (!__sync_bool_compare_and_swap(&m->mtx_lock, 0, me))
		while (m->mtx_lock != 0)
			cpu_pause();
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
