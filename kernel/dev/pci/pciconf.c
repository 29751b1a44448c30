/*
 * `pciconf -l[bc]`: the PCI functions in FreeBSD's format, with the driver
 * (or noneN) each is attached to; -b adds the BARs, -c the capabilities.
 */
#include <sys/systm.h>
#include <sys/shell.h>
#include <sanpo/getopt.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

static const char *
pcie_type_name(unsigned type)
{
	static const char *const names[] = {
		"endpoint", "legacy endpoint", "?", "?", "root port", "upstream port",
		"downstream port", "PCI bridge", "PCI-Express bridge",
		"root endpoint", "root event collector",
	};

	return (type < nitems(names) ? names[type] : "?");
}

static void
print_msix(const struct pci_dev *d, int off)
{
	uint16_t ctrl = (uint16_t)pci_read_config(d, off + PCIR_MSIX_CTRL, 2);

	printf("MSI-X supports %u message%s%s\n", d->msix.count, d->msix.count == 1 ? "" : "s",
	    (ctrl & PCIM_MSIXCTRL_MSIX_ENABLE) ? ", enabled" : "");
	printf("                 Table in map 0x%x[0x%x], PBA in map 0x%x[0x%x]\n",
	    PCIR_BAR(d->msix.table_bar), d->msix.table_off,
	    PCIR_BAR(d->msix.pba_bar), d->msix.pba_off);
}

static void
print_cap(const struct pci_dev *d, const struct pci_cap *c)
{
	uint16_t v;

	printf("    cap %02x[%02x] = ", c->id, c->off);
	switch (c->id) {
	case PCIY_PMG:
		printf("powerspec %u\n", pci_read_config(d, c->off + 2, 2) & 7);
		break;
	case PCIY_MSI:
		v = (uint16_t)pci_read_config(d, c->off + PCIR_MSI_CTRL, 2);
		printf("MSI supports %u message%s%s%s\n",
		    1U << ((v & PCIM_MSICTRL_MMC_MASK) >> 1),
		    (v & PCIM_MSICTRL_MMC_MASK) ? "s" : "",
		    (v & PCIM_MSICTRL_64BIT) ? ", 64 bit" : "",
		    (v & PCIM_MSICTRL_MSI_ENABLE) ? ", enabled" : "");
		break;
	case PCIY_VENDOR:
		printf("vendor (length %u)\n", pci_read_config(d, c->off + 2, 1));
		break;
	case PCIY_EXPRESS:
		v = (uint16_t)pci_read_config(d, c->off + PCIER_FLAGS, 2);
		printf("PCI-Express %u %s\n", v & PCIEM_FLAGS_VERSION,
		    pcie_type_name((v & PCIEM_FLAGS_TYPE) >> 4));
		break;
	case PCIY_MSIX:
		print_msix(d, c->off);
		break;
	case PCIY_SUBVENDOR:
		printf("PCI Bridge subvendor=0x%04x subdevice=0x%04x\n",
		    pci_read_config(d, c->off + 4, 2), pci_read_config(d, c->off + 6, 2));
		break;
	case PCIY_SATA:
		printf("SATA Index-Data Pair\n");
		break;
	default:
		printf("unknown\n");
		break;
	}
}

static void
print_bars(const struct pci_dev *d)
{
	uint16_t cmd = (uint16_t)pci_read_config(d, PCIR_COMMAND, 2);
	int i;

	for (i = 0; i < d->nbars; i++) {
		const struct pci_bar *b = &d->bars[i];
		int on;

		if (b->type == PCI_BAR_NONE)
			continue;
		on = b->type == PCI_BAR_IO ? (cmd & PCIM_CMD_PORTEN) : (cmd & PCIM_CMD_MEMEN);
		printf("    bar   [%02x] = type %s, range %d, base 0x%llx, size %llu, %s\n",
		    PCIR_BAR(i), b->type == PCI_BAR_IO ? "I/O Port" :
		    b->prefetch ? "Prefetchable Memory" : "Memory",
		    b->type == PCI_BAR_MEM64 ? 64 : 32, (unsigned long long)b->base,
		    (unsigned long long)b->size, on ? "enabled" : "disabled");
	}
}

static int
cmd_pciconf(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const struct pci_dev *d;
	int bars = 0, caps = 0, list = 0, ch, i;

	while ((ch = getopt_r(&g, argc, argv, "bcl")) != -1) {
		switch (ch) {
		case 'b':
			bars = 1;
			break;
		case 'c':
			caps = 1;
			break;
		case 'l':
			list = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (!list || g.ind != argc)
		return (shell_usage(argv[0], NULL));
	if (pci_first() == NULL)
		printf("pciconf: no PCI functions (no MCFG?)\n");
	for (d = pci_first(); d != NULL; d = d->next) {
		printf("%s@pci%u:%u:%u:%u:\tclass=0x%06x rev=0x%02x hdr=0x%02x "
		    "vendor=0x%04x device=0x%04x subvendor=0x%04x subdevice=0x%04x\n",
		    d->nameunit[0] != '\0' ? d->nameunit : "none?", d->domain, d->bus,
		    d->slot, d->func, d->class, d->revid, d->hdrtype & PCIM_HDRTYPE,
		    d->vendor, d->device, d->subvendor, d->subdevice);
		if (bars)
			print_bars(d);
		for (i = 0; caps && i < d->ncaps; i++)
			print_cap(d, &d->caps[i]);
	}
	return (0);
}
SHELL_COMMAND(pciconf, cmd_pciconf, "pciconf -l[bc]", "list PCI functions (-b BARs, -c capabilities)");
