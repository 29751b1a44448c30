/*
 * SMP: the APs, and the inter-processor interrupts between CPUs.
 */
#ifndef MACHINE_SMP_H
#define MACHINE_SMP_H

#include <stdint.h>

extern volatile int smp_started;	/* the APs have been released */

/*
 * A reschedule IPI to one CPU: the interrupt is the whole message (on its
 * way out, intr_dispatch() switches if the scheduler marked it due).
 */
void	ipi_resched(unsigned cpu);
/* A fixed-vector IPI to one started CPU, or to every other started CPU. */
void	ipi_cpu(unsigned cpu, int vector);
void	ipi_all_but_self(int vector);

/*
 * TLB shootdown: invalidate [sva, eva) (or everything, global pages too)
 * on this CPU and on every other started CPU, and wait until all have
 * done it.  The caller must not hold a spin mutex another CPU may spin on.
 */
void	smp_invlpg_range(uint64_t sva, uint64_t eva);
void	smp_invltlb(void);

#endif
