/*
 * PCI configuration access through ECAM (the memory-mapped enhanced
 * configuration mechanism), whose windows the ACPI MCFG table describes:
 * one per PCI segment with the range of buses it decodes.  Each entry is
 * checked (length, alignment, bus range) before use, and mapped once.
 */
#include <sys/systm.h>
#include <sys/endian.h>
#include <dev/acpi/acpi.h>
#include <dev/acpi/acpi_tables.h>
#include <machine/pmap_mapdev.h>
#include <dev/pci/pci_ecam.h>
#include <dev/pci/pcireg.h>

static struct pci_ecam_window windows[PCI_ECAM_MAXWIN];
static int nwindows;

/* Checks and maps one MCFG entry; 0 or -1 with a message. */
static int
ecam_add(const uint8_t *e)
{
	struct pci_ecam_window *w = &windows[nwindows];
	uint64_t base = le64dec(e), size;

	w->segment = (uint16_t)(e[8] | e[9] << 8);
	w->bus_start = e[10];
	w->bus_end = e[11];
	if (w->bus_end < w->bus_start || (base & 0xfffff) != 0) {
		printf("pci: MCFG entry base 0x%llx buses %u-%u is invalid; ignored\n",
		    (unsigned long long)base, w->bus_start, w->bus_end);
		return (-1);
	}
	/* The base is where bus 0 would be, even when the range starts later. */
	w->pa = base + ((uint64_t)w->bus_start << 20);
	size = (uint64_t)(w->bus_end - w->bus_start + 1) << 20;
	if ((w->va = pmap_mapdev(w->pa, size)) == NULL)
		return (-1);
	nwindows++;
	return (0);
}

int
pci_ecam_init(void)
{
	const struct acpi_sdt *t = acpi_find_table("MCFG");
	const uint8_t *p = (const uint8_t *)t;
	uint32_t off;

	if (t == NULL) {
		printf("pci: no ACPI MCFG table: PCI Express config space unreachable\n");
		return (-1);
	}
	if (t->length < MCFG_ENTRIES + MCFG_ENTRY_LEN) {
		printf("pci: MCFG table is %u bytes, holds no entry\n", t->length);
		return (-1);
	}
	for (off = MCFG_ENTRIES; off + MCFG_ENTRY_LEN <= t->length &&
	    nwindows < PCI_ECAM_MAXWIN; off += MCFG_ENTRY_LEN)
		ecam_add(p + off);
	return (nwindows > 0 ? 0 : -1);
}

const struct pci_ecam_window *
pci_ecam_window(int i)
{
	return (i >= 0 && i < nwindows ? &windows[i] : NULL);
}

volatile uint8_t *
pci_ecam_cfg(uint16_t segment, uint8_t bus, uint8_t slot, uint8_t func)
{
	int i;

	for (i = 0; i < nwindows; i++) {
		struct pci_ecam_window *w = &windows[i];

		if (w->segment == segment && bus >= w->bus_start && bus <= w->bus_end)
			return (w->va + PCI_ECAM_OFF(bus - w->bus_start, slot, func));
	}
	return (NULL);
}
