/*
 * Local APIC (xAPIC through MMIO, or x2APIC through MSRs when CPUID has
 * it), its timer, and the I/O APICs.
 */
#ifndef MACHINE_APICVAR_H
#define MACHINE_APICVAR_H

#include <stdint.h>

/* local_apic.c */
extern int	lapic_x2apic;		/* 1: x2APIC mode */
extern uint64_t	lapic_timer_freq;	/* Hz at the divider we use, measured */
int	lapic_present(void);
uint32_t lapic_id(void);		/* this CPU's APIC id */
void	lapic_eoi(void);
void	lapic_init_ap(void);		/* an AP: enable and set up its APIC */
/* ICR delivery modes (bits 10:8) and flags. */
#define APIC_DM_FIXED	0x000
#define APIC_DM_NMI	0x400
#define APIC_DM_INIT	0x500
#define APIC_DM_STARTUP	0x600
#define APIC_LEVEL_ASSERT 0x4000
/* Send an IPI (icr_lo: vector | delivery mode | flags) to one APIC id. */
void	lapic_ipi(uint32_t apic_id, uint32_t icr_lo);

/* The timer: `rate` interrupts a second, each calling hardclock(). */
void	lapic_timer_periodic(unsigned rate);
void	lapic_timer_stop(void);

/* io_apic.c */
/* trigger: 0 edge, 1 level; polarity: 0 active high, 1 active low. */
int	ioapic_route(uint32_t gsi, int vector, int level, int active_low,
	    uint32_t dest_apic_id);
int	ioapic_mask(uint32_t gsi, int masked);
/* ISA IRQ -> GSI with its trigger and polarity (MADT overrides applied). */
uint32_t isa_irq_to_gsi(int irq, int *level, int *active_low);
int	ioapic_count(void);

/* clock.c: microsecond delay from the calibrated TSC. */
void	DELAY(uint64_t us);

#endif
