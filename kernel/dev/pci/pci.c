/*
 * PCI enumeration and driver attachment.
 *
 * At SI_SUB_DRIVERS every bus of every ECAM window is scanned from its
 * first bus, following PCI-PCI bridges to the buses behind them; each
 * function found becomes a struct pci_dev with its BARs sized and its
 * capability list read.  At SI_SUB_CONFIGURE (interrupts are set up by
 * then) each function is offered to every PCI_DRIVER() linked in, and
 * the best probe wins, as in FreeBSD's newbus.  Unclaimed functions are
 * named none0, none1, ... for `pciconf -l`.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/sysctl.h>
#include <machine/pmap_mapdev.h>
#include <dev/pci/pci_ecam.h>
#include <dev/pci/pcireg.h>
#include <dev/pci/pcivar.h>

MALLOC_DEFINE(M_PCI, "pci", "PCI function descriptions");

SET_DECLARE(pci_driver_set, struct pci_driver);

static struct pci_dev *pci_list, **pci_tail = &pci_list;
static uint8_t bus_seen[PCI_BUSMAX + 1];	/* guards against bridge loops */
static int npci;
SYSCTL_INT("hw.pci.functions", &npci, "PCI functions found");

uint32_t
pci_read_config(const struct pci_dev *d, int reg, int width)
{
	volatile uint8_t *p = d->cfg + reg;

	if (reg < 0 || reg + width > PCIE_REGMAX + 1)
		return (0xffffffffU);
	switch (width) {
	case 1: return (*p);
	case 2: return (*(volatile uint16_t *)p);
	default: return (*(volatile uint32_t *)p);
	}
}

void
pci_write_config(struct pci_dev *d, int reg, uint32_t val, int width)
{
	volatile uint8_t *p = d->cfg + reg;

	if (reg < 0 || reg + width > PCIE_REGMAX + 1)
		return;
	switch (width) {
	case 1: *p = (uint8_t)val; break;
	case 2: *(volatile uint16_t *)p = (uint16_t)val; break;
	default: *(volatile uint32_t *)p = val; break;
	}
}

int
pci_find_cap(const struct pci_dev *d, uint8_t id, int *idx)
{
	int i;

	for (i = idx != NULL ? *idx : 0; i < d->ncaps; i++)
		if (d->caps[i].id == id) {
			if (idx != NULL)
				*idx = i + 1;
			return (d->caps[i].off);
		}
	return (0);
}

void
pci_enable_busmaster(struct pci_dev *d)
{
	uint16_t cmd = (uint16_t)pci_read_config(d, PCIR_COMMAND, 2);

	pci_write_config(d, PCIR_COMMAND, cmd | PCIM_CMD_BUSMASTEREN | PCIM_CMD_MEMEN, 2);
}

const char *
pci_location(const struct pci_dev *d, char *buf, int len)
{
	snprintf(buf, (size_t)len, "pci%u:%u:%u:%u", d->domain, d->bus, d->slot, d->func);
	return (buf);
}

struct pci_dev *
pci_first(void)
{
	return (pci_list);
}

volatile void *
pci_map_bar(struct pci_dev *d, int bar)
{
	struct pci_bar *b;
	char loc[24];

	if (bar < 0 || bar >= d->nbars)
		return (NULL);
	b = &d->bars[bar];
	if (b->va != NULL)
		return (b->va);
	if ((b->type != PCI_BAR_MEM32 && b->type != PCI_BAR_MEM64) || b->base == 0) {
		printf("pci: %s BAR%d is not an assigned memory BAR\n",
		    pci_location(d, loc, sizeof(loc)), bar);
		return (NULL);
	}
	b->va = pmap_mapdev(b->base, b->size);
	return (b->va);
}

/*
 * Sizes BAR `i` by writing all ones and reading back which address bits
 * stick; returns how many BAR slots it used (2 for a 64-bit BAR).
 * Decoding is off while the BAR holds the all-ones pattern (see caller).
 */
static int
pci_size_bar(struct pci_dev *d, int i)
{
	struct pci_bar *b = &d->bars[i];
	int reg = PCIR_BAR(i);
	uint32_t orig = pci_read_config(d, reg, 4), mask, orig_hi = 0, mask_hi = 0;
	uint64_t m;

	pci_write_config(d, reg, 0xffffffffU, 4);
	mask = pci_read_config(d, reg, 4);
	pci_write_config(d, reg, orig, 4);
	if (mask == 0)
		return (1);		/* unimplemented */
	if (orig & PCIM_BAR_SPACE) {
		b->type = PCI_BAR_IO;
		b->base = orig & PCIM_BAR_IO_BASE;
		m = mask & PCIM_BAR_IO_BASE & 0xffff;	/* x86 ports are 16-bit */
		b->size = m != 0 ? (~m & 0xffff) + 1 : 0;
		return (1);
	}
	b->prefetch = (orig & PCIM_BAR_MEM_PREFETCH) != 0;
	if ((orig & PCIM_BAR_MEM_TYPE) == PCIM_BAR_MEM_64 && i + 1 < d->nbars) {
		orig_hi = pci_read_config(d, reg + 4, 4);
		pci_write_config(d, reg + 4, 0xffffffffU, 4);
		mask_hi = pci_read_config(d, reg + 4, 4);
		pci_write_config(d, reg + 4, orig_hi, 4);
		b->type = PCI_BAR_MEM64;
	} else
		b->type = PCI_BAR_MEM32;
	b->base = ((uint64_t)orig_hi << 32) | (orig & PCIM_BAR_MEM_BASE);
	m = ((uint64_t)mask_hi << 32) | (mask & PCIM_BAR_MEM_BASE);
	if (b->type == PCI_BAR_MEM32)
		m |= 0xffffffff00000000ULL;
	b->size = ~m + 1;
	return (b->type == PCI_BAR_MEM64 ? 2 : 1);
}

static void
pci_read_bars(struct pci_dev *d)
{
	uint16_t cmd = (uint16_t)pci_read_config(d, PCIR_COMMAND, 2);
	int i;

	/* No decoding while a BAR holds all ones: it would claim any address. */
	pci_write_config(d, PCIR_COMMAND, cmd & ~(PCIM_CMD_PORTEN | PCIM_CMD_MEMEN), 2);
	for (i = 0; i < d->nbars; )
		i += pci_size_bar(d, i);
	pci_write_config(d, PCIR_COMMAND, cmd, 2);
}

/* The capability list: bounded (48 entries fit in 192 bytes), dword-aligned. */
static void
pci_read_caps(struct pci_dev *d)
{
	int ptr, guard;
	char loc[24];

	if ((pci_read_config(d, PCIR_STATUS, 2) & PCIM_STATUS_CAPPRESENT) == 0)
		return;
	ptr = (int)pci_read_config(d, PCIR_CAP_PTR, 1) & 0xfc;
	for (guard = 0; ptr >= 0x40 && guard < 48; guard++) {
		if (d->ncaps == PCI_MAXCAPS) {
			printf("pci: %s has more than %d capabilities; rest ignored\n",
			    pci_location(d, loc, sizeof(loc)), PCI_MAXCAPS);
			return;
		}
		d->caps[d->ncaps].id = (uint8_t)pci_read_config(d, ptr + PCICAP_ID, 1);
		d->caps[d->ncaps++].off = (uint8_t)ptr;
		ptr = (int)pci_read_config(d, ptr + PCICAP_NEXTPTR, 1) & 0xfc;
	}
}

static void
pci_read_msix(struct pci_dev *d)
{
	int off = pci_find_cap(d, PCIY_MSIX, NULL);
	uint32_t t, p;

	if (off == 0)
		return;
	t = pci_read_config(d, off + PCIR_MSIX_TABLE, 4);
	p = pci_read_config(d, off + PCIR_MSIX_PBA, 4);
	d->msix.cap = (uint8_t)off;
	d->msix.count = (uint16_t)((pci_read_config(d, off + PCIR_MSIX_CTRL, 2) &
	    PCIM_MSIXCTRL_TABLE_SIZE) + 1);
	d->msix.table_bar = t & PCIM_MSIX_BIR_MASK;
	d->msix.table_off = t & ~(uint32_t)PCIM_MSIX_BIR_MASK;
	d->msix.pba_bar = p & PCIM_MSIX_BIR_MASK;
	d->msix.pba_off = p & ~(uint32_t)PCIM_MSIX_BIR_MASK;
}

static void pci_scan_bus(uint16_t segment, int bus);

/* Describes one present function and, for a bridge, scans behind it. */
static void
pci_add_function(uint16_t segment, int bus, int slot, int func, volatile uint8_t *cfg)
{
	struct pci_dev *d = malloc(sizeof(*d), M_PCI, M_WAITOK | M_ZERO);
	int secbus;

	d->domain = segment;
	d->bus = (uint8_t)bus;
	d->slot = (uint8_t)slot;
	d->func = (uint8_t)func;
	d->cfg = cfg;
	d->vendor = (uint16_t)pci_read_config(d, PCIR_VENDOR, 2);
	d->device = (uint16_t)pci_read_config(d, PCIR_DEVICE, 2);
	d->revid = (uint8_t)pci_read_config(d, PCIR_REVID, 1);
	d->class = pci_read_config(d, PCIR_REVID, 4) >> 8;
	d->hdrtype = (uint8_t)pci_read_config(d, PCIR_HDRTYPE, 1);
	if ((d->hdrtype & PCIM_HDRTYPE) == PCIM_HDRTYPE_NORMAL) {
		d->nbars = PCI_MAXBARS_NORMAL;
		d->subvendor = (uint16_t)pci_read_config(d, PCIR_SUBVEND_0, 2);
		d->subdevice = (uint16_t)pci_read_config(d, PCIR_SUBDEV_0, 2);
	} else if ((d->hdrtype & PCIM_HDRTYPE) == PCIM_HDRTYPE_BRIDGE)
		d->nbars = PCI_MAXBARS_BRIDGE;
	pci_read_bars(d);
	pci_read_caps(d);
	pci_read_msix(d);
	*pci_tail = d;
	pci_tail = &d->next;
	npci++;
	if ((d->hdrtype & PCIM_HDRTYPE) == PCIM_HDRTYPE_BRIDGE) {
		secbus = (int)pci_read_config(d, PCIR_SECBUS_1, 1);
		if (secbus > bus)	/* 0 or backwards: not configured */
			pci_scan_bus(segment, secbus);
	}
}

static void
pci_scan_bus(uint16_t segment, int bus)
{
	volatile uint8_t *cfg;
	int slot, func, nfunc;

	if (bus_seen[bus])
		return;
	bus_seen[bus] = 1;
	for (slot = 0; slot <= PCI_SLOTMAX; slot++) {
		nfunc = 1;
		for (func = 0; func < nfunc; func++) {
			cfg = pci_ecam_cfg(segment, (uint8_t)bus, (uint8_t)slot, (uint8_t)func);
			if (cfg == NULL)
				return;		/* bus outside the window */
			if (*(volatile uint16_t *)(cfg + PCIR_VENDOR) == 0xffff)
				continue;
			if (func == 0 && (cfg[PCIR_HDRTYPE] & PCIM_MFDEV))
				nfunc = PCI_FUNCMAX + 1;
			pci_add_function(segment, bus, slot, func, cfg);
		}
	}
}

static void
pci_init(const void *dummy __unused)
{
	const struct pci_ecam_window *w;
	int i;

	if (pci_ecam_init() != 0)
		return;
	for (i = 0; (w = pci_ecam_window(i)) != NULL; i++) {
		memset(bus_seen, 0, sizeof(bus_seen));
		pci_scan_bus(w->segment, w->bus_start);
		if (bootverbose)
			printf("pci%u: ECAM at 0x%llx, buses %u-%u\n", w->segment,
			    (unsigned long long)w->pa, w->bus_start, w->bus_end);
	}
	printf("pci: %d functions\n", npci);
}
SYSINIT(pci, SI_SUB_DRIVERS, SI_ORDER_FIRST, pci_init, NULL);

/* The driver whose probe fits best (the first of equals), NULL if none. */
static const struct pci_driver *
pci_best_driver(struct pci_dev *d)
{
	const struct pci_driver *best = NULL;
	struct pci_driver **p;
	int rv, best_rv = 0;

	SET_FOREACH(p, pci_driver_set) {
		rv = (*p)->probe(d);
		if (rv > 0)
			continue;
		if (best == NULL || rv > best_rv) {
			best = *p;
			best_rv = rv;
		}
	}
	return (best);
}

/* The next unit of `name`: one more than the functions already named so. */
static int
pci_next_unit(const char *name)
{
	struct pci_dev *d;
	int unit = 0;

	for (d = pci_list; d != NULL; d = d->next)
		if (d->name != NULL && strcmp(d->name, name) == 0)
			unit++;
	return (unit);
}

static void
pci_attach_all(const void *dummy __unused)
{
	const struct pci_driver *drv;
	const char *name = NULL;
	struct pci_dev *d;
	int unit = 0, error, nnone = 0;

	for (d = pci_list; d != NULL; d = d->next) {
		error = -1;
		if ((drv = pci_best_driver(d)) != NULL) {
			name = drv->unit_name != NULL ? drv->unit_name(d) : drv->name;
			unit = pci_next_unit(name);
			if ((error = drv->attach(d, unit)) != 0 && error != PCI_PROBE_NOMATCH)
				printf("device_attach: %s%d attach returned %d\n", name, unit,
				    error);
		}
		if (error == 0) {
			d->driver = drv;
			d->name = name;
			d->unit = unit;
			snprintf(d->nameunit, sizeof(d->nameunit), "%s%d", name, unit);
		} else {
			d->unit = nnone++;
			snprintf(d->nameunit, sizeof(d->nameunit), "none%d", d->unit);
		}
	}
}
SYSINIT(pci_attach, SI_SUB_CONFIGURE, SI_ORDER_MIDDLE, pci_attach_all, NULL);
