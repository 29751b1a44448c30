/*
 * Kernel thread stacks with guard pages.
 *
 * Each stack lives in a slot of its own in a kernel VA window: one unmapped
 * guard page, then KSTACK_SIZE of mapped pages.  A stack that overflows
 * faults on the guard page instead of silently overwriting whatever the
 * heap put below it; the fault (a double fault, since the handler has no
 * stack left to run on) is reported as a stack overflow.
 */
#ifndef VM_VM_KSTACK_H
#define VM_VM_KSTACK_H

#include <stdint.h>

void	*kstack_alloc(void);		/* KSTACK_SIZE bytes, NULL when out */
void	 kstack_free(void *stack);	/* back to the cache, mapping kept */
int	 kstack_is_guard(uint64_t va);	/* 1 if va lies in a guard page */

#endif
