/*
 * ACPI tables: RSDP -> XSDT (or RSDT) -> FADT, MADT, HPET, MCFG, and the
 * DSDT's \_S5 package for power-off.  Table layouts are in acpi_tables.h.
 */
#ifndef DEV_ACPI_H
#define DEV_ACPI_H

#include <stdint.h>

int	acpi_init(uint64_t rsdp_pa);	/* 0, or -1 with a message printed */
void	acpi_print_summary(void);

int	 acpi_pm_timer_present(void);
int	 acpi_pm_timer_32bit(void);
uint32_t acpi_pm_timer_read(void);

int	acpi_madt_cpu_count(void);	/* enabled local APICs, 0 if no MADT */

/*
 * The MADT, parsed and checked once at acpi_init(): every entry is
 * length-checked; a malformed entry ends the walk with a message.
 */
#define ACPI_MAX_CPUS		256
#define ACPI_MAX_IOAPICS	8
#define ACPI_MAX_OVERRIDES	16

struct acpi_madt_cpu {
	uint32_t	apic_id;	/* local APIC (or x2APIC) id */
	uint32_t	acpi_uid;	/* processor UID */
	uint8_t		enabled;	/* flags bit 0: usable now */
	uint8_t		x2apic;		/* from an x2APIC entry (type 9) */
};

struct acpi_madt_ioapic {
	uint8_t		id;
	uint32_t	address;	/* physical MMIO base */
	uint32_t	gsi_base;	/* first global system interrupt */
};

struct acpi_madt_override {
	uint8_t		bus;		/* 0: ISA */
	uint8_t		source;		/* ISA IRQ */
	uint32_t	gsi;		/* the GSI it arrives on */
	uint16_t	flags;		/* MPS INTI flags: polarity bits 1:0, trigger 3:2 */
};

struct acpi_madt_info {
	uint64_t	lapic_address;	/* after any type-5 override */
	uint32_t	flags;		/* MADT_FLAG_PCAT_COMPAT */
	int		ncpus;		/* entries in cpus[], enabled or not */
	int		nioapics, noverrides;
	int		lint_nmi;	/* LINT pin (0/1) wired to NMI for all CPUs, -1 unknown */
	struct acpi_madt_cpu	  cpus[ACPI_MAX_CPUS];
	struct acpi_madt_ioapic	  ioapics[ACPI_MAX_IOAPICS];
	struct acpi_madt_override overrides[ACPI_MAX_OVERRIDES];
};
/* MPS INTI flags in an override. */
#define ACPI_INTI_POL_MASK	0x3	/* 0 bus default, 1 active high, 3 active low */
#define ACPI_INTI_TRIG_MASK	0xc	/* 0 bus default, 4 edge, 0xc level */
#define ACPI_INTI_POL_LOW	0x3
#define ACPI_INTI_TRIG_LEVEL	0xc

const struct acpi_madt_info *acpi_madt(void);	/* NULL without a valid MADT */

/* The HPET table: the timer block's MMIO address, 0 if there is none. */
uint64_t acpi_hpet_address(void);
/* FADT: CMOS index of the RTC century byte, 0 when the firmware gives none. */
uint8_t	 acpi_rtc_century(void);
/* A checked table by signature ("MCFG"), NULL if absent (layout: acpi_tables.h). */
struct acpi_sdt;
const struct acpi_sdt *acpi_find_table(const char *sig);
/* Enters S5 through PM1 control; returns only if that is impossible. */
void	acpi_poweroff(void);

#endif
