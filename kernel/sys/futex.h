/*
 * Futexes (kern/kern_futex.c): Linux's fast user-space locks.  A thread
 * sleeps on a 32-bit user word while it holds an expected value; another
 * wakes it.  Private futexes are keyed by address space and address;
 * shared ones by the memory object and offset, so processes sharing a
 * mapping meet on the same key.
 */
#ifndef SYS_FUTEX_H
#define SYS_FUTEX_H

#include <stdint.h>

struct thread;

/* Wakes up to n waiters on uaddr (bitset 0: any); the number woken. */
int	futex_wake_user(struct thread *td, uint32_t *uaddr, int n, int private_only);
/* Thread exit: the robust futexes it holds get FUTEX_OWNER_DIED and a wakeup. */
void	futex_exit_robust(struct thread *td);

#endif
