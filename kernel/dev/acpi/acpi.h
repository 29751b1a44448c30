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
/* Enters S5 through PM1 control; returns only if that is impossible. */
void	acpi_poweroff(void);

#endif
