/* Shared/exclusive locks over an interlock and the sleep queues. */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sx.h>

void
sx_init(struct sx *sx, const char *name)
{
	sx->lock_object.lo_name = name;
	sx->lock_object.lo_flags = 0;
	witness_init(&sx->lock_object);
	mtx_init(&sx->sx_interlock, "sx interlock", MTX_SPIN | MTX_NOWITNESS);
	sx->sx_owner = NULL;
	sx->sx_sharers = 0;
	sx->sx_waiters = 0;
}

void
_sx_xlock(struct sx *sx, const char *file, int line)
{
	if (sx->sx_owner == curthread)
		panic("sx_xlock: recursed on %s @ %s:%d", sx->lock_object.lo_name, file, line);
	witness_checkorder(&sx->lock_object, file, line);
	mtx_lock_spin(&sx->sx_interlock);
	while (sx->sx_owner != NULL || sx->sx_sharers > 0) {
		sx->sx_waiters++;
		msleep_spin(sx, &sx->sx_interlock, sx->lock_object.lo_name, 0);
		sx->sx_waiters--;
	}
	sx->sx_owner = curthread;
	mtx_unlock_spin(&sx->sx_interlock);
	witness_lock(&sx->lock_object, file, line);
}

void
_sx_xunlock(struct sx *sx, const char *file, int line)
{
	if (sx->sx_owner != curthread)
		panic("sx_xunlock: %s not held exclusively @ %s:%d",
		    sx->lock_object.lo_name, file, line);
	witness_unlock(&sx->lock_object);
	mtx_lock_spin(&sx->sx_interlock);
	sx->sx_owner = NULL;
	if (sx->sx_waiters > 0)
		wakeup(sx);
	mtx_unlock_spin(&sx->sx_interlock);
}

void
_sx_slock(struct sx *sx, const char *file, int line)
{
	witness_checkorder(&sx->lock_object, file, line);
	mtx_lock_spin(&sx->sx_interlock);
	while (sx->sx_owner != NULL) {
		if (sx->sx_owner == curthread)
			panic("sx_slock: %s held exclusively by this thread @ %s:%d",
			    sx->lock_object.lo_name, file, line);
		sx->sx_waiters++;
		msleep_spin(sx, &sx->sx_interlock, sx->lock_object.lo_name, 0);
		sx->sx_waiters--;
	}
	sx->sx_sharers++;
	mtx_unlock_spin(&sx->sx_interlock);
	witness_lock(&sx->lock_object, file, line);
}

void
_sx_sunlock(struct sx *sx, const char *file, int line)
{
	witness_unlock(&sx->lock_object);
	mtx_lock_spin(&sx->sx_interlock);
	if (sx->sx_sharers <= 0)
		panic("sx_sunlock: %s not share-locked @ %s:%d", sx->lock_object.lo_name,
		    file, line);
	if (--sx->sx_sharers == 0 && sx->sx_waiters > 0)
		wakeup(sx);
	mtx_unlock_spin(&sx->sx_interlock);
}

int
sx_xlocked(struct sx *sx)
{
	return (sx->sx_owner == curthread);
}
