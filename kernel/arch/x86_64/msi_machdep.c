/*
 * Composing x86 MSI messages.  Physical destination mode, fixed delivery,
 * edge triggered: the address selects the CPU by local APIC id and the
 * data carries the vector.  Kept here because the layout is an x86 fact,
 * not a PCI one.
 */
#include <sys/systm.h>
#include <machine/intr_machdep.h>
#include <machine/msi_machdep.h>

#define MSI_ADDR_BASE		0xfee00000ULL	/* the local APICs' message window */
#define MSI_ADDR_DEST_SHIFT	12		/* bits 19:12: destination APIC id */
#define MSI_DATA_VECTOR_MASK	0xff		/* bits 7:0; delivery mode 0 = fixed */

int
msi_compose(int vector, uint32_t apic_id, struct msi_msg *msg)
{
	/* Without interrupt remapping an MSI can only name xAPIC ids 0-255. */
	if (apic_id > 0xff || vector < IDT_DEV_FIRST || vector > IDT_DEV_LAST)
		return (-1);
	msg->addr = MSI_ADDR_BASE | ((uint64_t)apic_id << MSI_ADDR_DEST_SHIFT);
	msg->data = (uint32_t)vector & MSI_DATA_VECTOR_MASK;
	return (0);
}
