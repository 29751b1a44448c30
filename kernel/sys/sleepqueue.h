/*
 * Sleep queues (kern/kern_synch.c): the hashed wait channels under
 * tsleep/wakeup, offered as primitives to blocking locks built on them
 * (contested sleep mutexes), which must queue a thread and drop their own
 * interlock atomically.  The caller brackets with sleepq_lock()
 * and sleepq_unlock(), passing back the flags sleepq_lock() returned.
 */
#ifndef SYS_SLEEPQUEUE_H
#define SYS_SLEEPQUEUE_H

#include <stdint.h>

/* Locks chan's queue with interrupts off; returns the flags to restore. */
uint64_t sleepq_lock(const void *chan);
void	sleepq_unlock(const void *chan, uint64_t fl);
/* Queues curthread on chan (locked by sleepq_lock), unlocks it, switches away. */
void	sleepq_wait_locked(const void *chan, const char *wmesg, uint64_t fl);
/* Makes every thread waiting on chan runnable (queue locked). */
void	sleepq_broadcast_locked(const void *chan);

#endif
