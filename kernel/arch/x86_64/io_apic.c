/*
 * I/O APICs, from the MADT: every redirection entry masked at start-up;
 * ioapic_route() programs one (vector, trigger, polarity, destination) for
 * the drivers that come later, through intr_register_irq().  ISA IRQs map
 * to GSIs through the MADT's interrupt source overrides.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/shell.h>
#include <machine/apicvar.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include <dev/acpi/acpi.h>

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_ID	0x00
#define IOAPIC_VER	0x01
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define RTE_MASKED	(1U << 16)
#define RTE_LEVEL	(1U << 15)
#define RTE_ACTIVE_LOW	(1U << 13)

struct ioapic {
	volatile uint32_t *regs;
	uint8_t		id;
	uint32_t	gsi_base;
	unsigned	npins;
};

static struct ioapic	ioapics[ACPI_MAX_IOAPICS];
static int		nioapics;
static struct mtx	ioapic_lock;	/* IOREGSEL then IOWIN: one access at a time */

static uint32_t
io_read(struct ioapic *io, uint32_t reg)
{
	io->regs[IOREGSEL / 4] = reg;
	return (io->regs[IOWIN / 4]);
}

static void
io_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[IOREGSEL / 4] = reg;
	io->regs[IOWIN / 4] = v;
}

static struct ioapic *
ioapic_for(uint32_t gsi, unsigned *pin)
{
	int i;

	for (i = 0; i < nioapics; i++)
		if (gsi >= ioapics[i].gsi_base && gsi < ioapics[i].gsi_base + ioapics[i].npins) {
			*pin = gsi - ioapics[i].gsi_base;
			return (&ioapics[i]);
		}
	return (NULL);
}

int
ioapic_count(void)
{
	return (nioapics);
}

uint32_t
isa_irq_to_gsi(int irq, int *level, int *active_low)
{
	const struct acpi_madt_info *mi = acpi_madt();
	int i;

	*level = 0;		/* ISA: edge, active high */
	*active_low = 0;
	if (mi == NULL)
		return ((uint32_t)irq);
	for (i = 0; i < mi->noverrides; i++) {
		const struct acpi_madt_override *o = &mi->overrides[i];

		if (o->bus != 0 || o->source != irq)
			continue;
		if ((o->flags & ACPI_INTI_TRIG_MASK) == ACPI_INTI_TRIG_LEVEL)
			*level = 1;
		if ((o->flags & ACPI_INTI_POL_MASK) == ACPI_INTI_POL_LOW)
			*active_low = 1;
		return (o->gsi);
	}
	return ((uint32_t)irq);
}

int
ioapic_route(uint32_t gsi, int vector, int level, int active_low, uint32_t dest)
{
	struct ioapic *io;
	unsigned pin;
	uint32_t lo;

	if ((io = ioapic_for(gsi, &pin)) == NULL || vector < 0x20 || vector > 0xfe ||
	    dest > 0xff)	/* 8-bit destinations without interrupt remapping */
		return (-1);
	lo = (uint32_t)vector | RTE_MASKED | (level ? RTE_LEVEL : 0) |
	    (active_low ? RTE_ACTIVE_LOW : 0);	/* fixed, physical destination */
	mtx_lock_spin(&ioapic_lock);
	io_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
	io_write(io, IOAPIC_REDTBL(pin) + 1, dest << 24);
	io_write(io, IOAPIC_REDTBL(pin), lo);
	mtx_unlock_spin(&ioapic_lock);
	return (0);
}

int
ioapic_mask(uint32_t gsi, int masked)
{
	struct ioapic *io;
	unsigned pin;
	uint32_t lo;

	if ((io = ioapic_for(gsi, &pin)) == NULL)
		return (-1);
	mtx_lock_spin(&ioapic_lock);
	lo = io_read(io, IOAPIC_REDTBL(pin));
	lo = masked ? lo | RTE_MASKED : lo & ~RTE_MASKED;
	io_write(io, IOAPIC_REDTBL(pin), lo);
	mtx_unlock_spin(&ioapic_lock);
	return (0);
}

static void
ioapic_init(const void *dummy __unused)
{
	const struct acpi_madt_info *mi = acpi_madt();
	int i;
	unsigned pin;

	mtx_init(&ioapic_lock, "ioapic", MTX_SPIN);
	if (mi == NULL) {
		printf("ioapic: no MADT; no I/O APICs\n");
		return;
	}
	for (i = 0; i < mi->nioapics; i++) {
		struct ioapic *io = &ioapics[nioapics];
		uint64_t pa = mi->ioapics[i].address;

		if (pa == 0 || pa + PAGE_SIZE > dmap_size) {
			printf("ioapic: id %u at 0x%llx is outside the direct map; ignored\n",
			    mi->ioapics[i].id, (unsigned long long)pa);
			continue;
		}
		io->regs = (volatile uint32_t *)PHYS_TO_DMAP(pa);
		io->id = mi->ioapics[i].id;
		io->gsi_base = mi->ioapics[i].gsi_base;
		io->npins = ((io_read(io, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (pin = 0; pin < io->npins; pin++) {
			io_write(io, IOAPIC_REDTBL(pin), RTE_MASKED);
			io_write(io, IOAPIC_REDTBL(pin) + 1, 0);
		}
		nioapics++;
		printf("ioapic%d: id %u at 0x%llx, GSIs %u-%u, all masked\n", nioapics - 1,
		    io->id, (unsigned long long)pa, io->gsi_base, io->gsi_base + io->npins - 1);
	}
	if (bootverbose)
		for (i = 0; i < mi->noverrides; i++)
			printf("ioapic: ISA IRQ %u -> GSI %u, flags 0x%x\n",
			    mi->overrides[i].source, mi->overrides[i].gsi,
			    mi->overrides[i].flags);
}
SYSINIT(ioapic, SI_SUB_INTR, SI_ORDER_THIRD, ioapic_init, NULL);
