/*
 * x86 message-signalled interrupts: what a device writes, and where, to
 * raise a vector on a CPU (Intel SDM vol. 3, 11.11).  The PCI MSI/MSI-X
 * code (dev/pci/pci_msix.c) programs these into the device's table.
 */
#ifndef MACHINE_MSI_MACHDEP_H
#define MACHINE_MSI_MACHDEP_H

#include <stdint.h>

struct msi_msg {
	uint64_t	addr;	/* 0xfee00000 | destination APIC id << 12 */
	uint32_t	data;	/* the vector; edge, fixed delivery */
};

/*
 * The message for `vector` on the CPU with local APIC id `apic_id`.
 * Returns 0, or -1 when the id does not fit the 8-bit xAPIC destination
 * field (no interrupt remapping here).
 */
int	msi_compose(int vector, uint32_t apic_id, struct msi_msg *msg);

#endif
