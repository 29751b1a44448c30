/*
 * ECAM windows from the ACPI MCFG table (pci_ecam.c): where each PCI
 * segment's configuration space is mapped.
 */
#ifndef DEV_PCI_PCI_ECAM_H
#define DEV_PCI_PCI_ECAM_H

#include <stdint.h>

#define PCI_ECAM_MAXWIN	4	/* MCFG entries used */

struct pci_ecam_window {
	uint16_t	 segment;	/* PCI segment group */
	uint8_t		 bus_start;	/* first bus decoded */
	uint8_t		 bus_end;	/* last bus decoded */
	uint64_t	 pa;		/* physical address of bus_start's space */
	volatile uint8_t *va;		/* its kernel mapping */
};

int	pci_ecam_init(void);		/* 0, or -1 with a message */
const struct pci_ecam_window *pci_ecam_window(int i);	/* NULL past the last */
/* A function's 4 KiB of config space, NULL if no window decodes that bus. */
volatile uint8_t *pci_ecam_cfg(uint16_t segment, uint8_t bus, uint8_t slot, uint8_t func);

#endif
