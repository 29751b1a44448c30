/*
 * MSI-X: a function's table of (address, data, mask) entries in one of its
 * memory BARs.  pci_msix_setup() takes a free IDT vector, registers the
 * handler on it and writes the entry (masked until pci_msix_enable); the
 * message targets the boot CPU.  The function-wide mask is held while
 * entries change, so a half-written entry is never used.  pci_msix_bind()
 * moves an entry to another CPU (a multiqueue NIC's queue to the CPU that
 * serves it).
 * pci_msix_release() undoes it all when a driver fails to attach: the
 * entries are masked before their vectors are freed, and as the messages
 * go to the boot CPU, which runs the attach, no handler is mid-flight.
 */
#include <sys/systm.h>
#include <sys/pcpu.h>
#include <machine/intr_machdep.h>
#include <machine/msi_machdep.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

static volatile uint32_t *
msix_entry(struct pci_dev *d, int entry, int reg)
{
	return ((volatile uint32_t *)(d->msix.table + entry * PCI_MSIX_ENTRY_SIZE + reg));
}

static void
msix_ctrl_set(struct pci_dev *d, uint16_t set, uint16_t clear)
{
	int reg = d->msix.cap + PCIR_MSIX_CTRL;
	uint16_t ctrl = (uint16_t)pci_read_config(d, reg, 2);

	pci_write_config(d, reg, (uint16_t)((ctrl | set) & ~clear), 2);
}

/* Maps the table on first use; 0, or -1 with a message. */
static int
msix_map_table(struct pci_dev *d)
{
	volatile uint8_t *bar;
	char loc[24];

	if (d->msix.table != NULL)
		return (0);
	if ((bar = pci_map_bar(d, d->msix.table_bar)) == NULL)
		return (-1);
	if ((uint64_t)d->msix.table_off + (uint64_t)d->msix.count * PCI_MSIX_ENTRY_SIZE >
	    d->bars[d->msix.table_bar].size) {
		printf("pci: %s MSI-X table runs past BAR%u\n",
		    pci_location(d, loc, sizeof(loc)), d->msix.table_bar);
		return (-1);
	}
	d->msix.table = bar + d->msix.table_off;
	/* Function-masked, enabled: entries can be written, nothing fires. */
	msix_ctrl_set(d, PCIM_MSIXCTRL_FUNCTION_MASK | PCIM_MSIXCTRL_MSIX_ENABLE, 0);
	return (0);
}

int
pci_msix_setup(struct pci_dev *d, int entry, pci_intr_handler_t *fn, void *arg,
    const char *name)
{
	struct msi_msg msg;
	char loc[24];
	int vec;

	pci_location(d, loc, sizeof(loc));
	if (d->msix.cap == 0 || entry < 0 || entry >= d->msix.count ||
	    entry >= (int)nitems(d->msix.vectors)) {
		printf("pci: %s has no MSI-X entry %d\n", loc, entry);
		return (-1);
	}
	if (msix_map_table(d) != 0)
		return (-1);
	if ((vec = intr_alloc_vector()) < 0) {
		printf("pci: %s no free interrupt vector for \"%s\"\n", loc, name);
		return (-1);
	}
	if (msi_compose(vec, pcpu_array[0].pc_apic_id, &msg) != 0) {
		printf("pci: %s cannot address APIC id %u with MSI\n", loc,
		    pcpu_array[0].pc_apic_id);
		return (-1);
	}
	if (intr_register(vec, (intr_handler_t *)fn, arg, name) != 0)
		return (-1);	/* taken meanwhile: intr_register said so */
	*msix_entry(d, entry, PCI_MSIX_ENTRY_VECTOR_CONTROL) = PCIM_MSIX_VCTRL_MASK;
	*msix_entry(d, entry, PCI_MSIX_ENTRY_LOWER_ADDR) = (uint32_t)msg.addr;
	*msix_entry(d, entry, PCI_MSIX_ENTRY_UPPER_ADDR) = (uint32_t)(msg.addr >> 32);
	*msix_entry(d, entry, PCI_MSIX_ENTRY_DATA) = msg.data;
	d->msix.vectors[entry] = vec;
	if (entry >= d->msix.nalloc)
		d->msix.nalloc = entry + 1;
	return (vec);
}

int
pci_msix_enable(struct pci_dev *d)
{
	int i;

	if (d->msix.table == NULL)
		return (-1);
	for (i = 0; i < d->msix.nalloc; i++)
		if (d->msix.vectors[i] != 0)
			pci_msix_mask(d, i, 0);
	/* No INTx beside MSI-X; bus mastering carries the messages. */
	pci_write_config(d, PCIR_COMMAND, pci_read_config(d, PCIR_COMMAND, 2) |
	    PCIM_CMD_INTxDIS | PCIM_CMD_BUSMASTEREN, 2);
	msix_ctrl_set(d, PCIM_MSIXCTRL_MSIX_ENABLE, PCIM_MSIXCTRL_FUNCTION_MASK);
	return (0);
}

void
pci_msix_mask(struct pci_dev *d, int entry, int masked)
{
	volatile uint32_t *vc;

	if (d->msix.table == NULL || entry < 0 || entry >= d->msix.count)
		return;
	vc = msix_entry(d, entry, PCI_MSIX_ENTRY_VECTOR_CONTROL);
	*vc = masked ? (*vc | PCIM_MSIX_VCTRL_MASK) : (*vc & ~(uint32_t)PCIM_MSIX_VCTRL_MASK);
}

int
pci_msix_bind(struct pci_dev *d, int entry, unsigned cpu)
{
	struct msi_msg msg;
	volatile uint32_t *vc;
	uint32_t was;

	if (d->msix.table == NULL || entry < 0 || entry >= d->msix.nalloc ||
	    d->msix.vectors[entry] == 0 || cpu >= MAXCPU || !pcpu_array[cpu].pc_started)
		return (-1);
	if (msi_compose(d->msix.vectors[entry], pcpu_array[cpu].pc_apic_id, &msg) != 0)
		return (-1);
	/* Masked while the address changes: never a message to half an address. */
	vc = msix_entry(d, entry, PCI_MSIX_ENTRY_VECTOR_CONTROL);
	was = *vc;
	*vc = was | PCIM_MSIX_VCTRL_MASK;
	*msix_entry(d, entry, PCI_MSIX_ENTRY_LOWER_ADDR) = (uint32_t)msg.addr;
	*msix_entry(d, entry, PCI_MSIX_ENTRY_UPPER_ADDR) = (uint32_t)(msg.addr >> 32);
	*vc = was;
	return (0);
}

void
pci_msix_release(struct pci_dev *d)
{
	int i;

	if (d->msix.table == NULL)
		return;
	msix_ctrl_set(d, PCIM_MSIXCTRL_FUNCTION_MASK, 0);
	for (i = 0; i < d->msix.nalloc; i++) {
		if (d->msix.vectors[i] == 0)
			continue;
		pci_msix_mask(d, i, 1);
		intr_unregister(d->msix.vectors[i]);
		d->msix.vectors[i] = 0;
	}
	d->msix.nalloc = 0;
}
