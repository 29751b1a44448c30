/*
 * Interrupt vectors 32..255 and the handler registration API.
 *
 *   intr_register(vector, handler, arg, "name")   a fixed vector (IPIs,
 *                                                  the local APIC's own)
 *   intr_register_irq(irq, handler, arg, "name")  an ISA IRQ (0-15, with
 *                                                  the MADT's overrides) or
 *                                                  a GSI (>= 16): routed
 *                                                  through its I/O APIC to
 *                                                  a free vector, unmasked
 *
 * Handlers run with interrupts disabled on the CPU that took the
 * interrupt; the dispatcher counts it (per CPU, `vmstat -i`) and sends the
 * local APIC its EOI after the handler returns.
 */
#ifndef MACHINE_INTR_MACHDEP_H
#define MACHINE_INTR_MACHDEP_H

#include <stdint.h>

struct trapframe;
typedef void intr_handler_t(void *arg, struct trapframe *tf);

/* Vector map. */
#define IDT_PIC_BASE	0x20	/* 0x20-0x2f: the masked 8259s (spurious only) */
#define IDT_DEV_FIRST	0x30	/* 0x30-0xdf: allocated to device IRQs */
#define IDT_DEV_LAST	0xdf
#define IDT_TIMER	0xef	/* local APIC timer */
#define IDT_IPI_RESCHED	0xf0	/* reschedule */
#define IDT_IPI_TLB	0xf1	/* TLB shootdown */
#define IDT_IPI_TEST	0xf2	/* `ipitest`: round trip */
#define IDT_APIC_ERROR	0xfe	/* local APIC error */
#define IDT_SPURIOUS	0xff	/* local APIC spurious (no EOI) */

#define INTR_PERCPU	0x1	/* flag: shown per CPU in vmstat -i (timer, IPIs) */
#define INTR_EOI_EARLY	0x2	/* flag: EOI before the handler (edge, local:
				   the handler may switch away) */

int	intr_register(int vector, intr_handler_t *fn, void *arg, const char *name);
int	intr_register_flags(int vector, intr_handler_t *fn, void *arg,
	    const char *name, int flags);
/* Returns the vector it was given, or -1 (message printed). */
int	intr_register_irq(int irq, intr_handler_t *fn, void *arg, const char *name);
int	intr_alloc_vector(void);	/* a free device vector, or -1 */
/* Frees a vector (its source masked first); its counts start again at 0. */
void	intr_unregister(int vector);
uint64_t intr_count(unsigned cpu, int vector);
void	vmstat_intr(void);	/* `vmstat -i`: every source, its total and rate */

void	intr_dispatch(struct trapframe *tf);	/* from the entry stubs */

#endif
