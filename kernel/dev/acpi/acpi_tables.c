/*
 * Finding and checking ACPI tables.  Every table is checksummed and
 * length-checked before a field is read: firmware tables are outside input
 * like any other.  Tables are reached through the direct map.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include "acpi.h"
#include "acpi_tables.h"

#define MAX_TABLES	64
#define SLP_EN		(1U << 13)

static struct {
	uint64_t		 rsdp_pa;
	int			 revision;	/* RSDP revision */
	int			 ntables;
	const struct acpi_sdt	*tables[MAX_TABLES];
	const struct acpi_sdt	*fadt, *madt, *dsdt;
	struct acpi_gas		 pm_tmr, pm1a_cnt, pm1b_cnt;
	int			 tmr_32bit;
	int			 s5_valid;
	uint8_t			 slp_typa, slp_typb;
} acpi;

static int
checksum_ok(const void *p, uint32_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len-- > 0)
		sum += *b++;
	return (sum == 0);
}

static const struct acpi_sdt *
map_table(uint64_t pa)
{
	const struct acpi_sdt *t;

	if (pa == 0 || pa + sizeof(*t) > dmap_size)
		return (NULL);
	t = (const void *)PHYS_TO_DMAP(pa);
	if (t->length < sizeof(*t) || pa + t->length > dmap_size ||
	    !checksum_ok(t, t->length))
		return (NULL);
	return (t);
}

static uint32_t
rd32(const struct acpi_sdt *t, uint32_t off)
{
	uint32_t v;

	if (off + 4 > t->length)
		return (0);
	memcpy(&v, (const uint8_t *)t + off, 4);
	return (v);
}

static uint64_t
rd64(const struct acpi_sdt *t, uint32_t off)
{
	uint64_t v;

	if (off + 8 > t->length)
		return (0);
	memcpy(&v, (const uint8_t *)t + off, 8);
	return (v);
}

static void
rdgas(const struct acpi_sdt *t, uint32_t off, struct acpi_gas *g)
{
	if (off + sizeof(*g) > t->length)
		memset(g, 0, sizeof(*g));
	else
		memcpy(g, (const uint8_t *)t + off, sizeof(*g));
}

/* Prefer the 64-bit GAS; fall back to the 32-bit I/O port field. */
static void
fadt_register(const struct acpi_sdt *f, uint32_t xoff, uint32_t off32,
    struct acpi_gas *g)
{
	rdgas(f, xoff, g);
	if (g->address == 0) {
		g->space = ACPI_GAS_IO;
		g->address = rd32(f, off32);
	}
}

/* One element of a Package: ZeroOp, OneOp, BytePrefix n. Advances *p. */
static int
aml_small_int(const uint8_t **p, const uint8_t *end, uint8_t *v)
{
	if (*p >= end)
		return (-1);
	switch (**p) {
	case 0x00: *v = 0; (*p)++; return (0);
	case 0x01: *v = 1; (*p)++; return (0);
	case 0x0a:
		if (*p + 1 >= end)
			return (-1);
		*v = (*p)[1];
		*p += 2;
		return (0);
	}
	return (-1);
}

/*
 * \_S5 is `Name (_S5, Package () { SLP_TYPa, SLP_TYPb, ... })`.  We find
 * the NameOp followed by "_S5_" and a PackageOp, instead of running an AML
 * interpreter; that is enough for the firmware we boot on.
 */
static void
find_s5(void)
{
	const uint8_t *aml, *end, *p;

	if (acpi.dsdt == NULL)
		return;
	aml = (const uint8_t *)acpi.dsdt + sizeof(struct acpi_sdt);
	end = (const uint8_t *)acpi.dsdt + acpi.dsdt->length;
	for (p = aml; p + 8 < end; p++) {
		int pkglen_bytes;

		if (memcmp(p, "_S5_", 4) != 0 || p[4] != 0x12)
			continue;
		if (!(p[-1] == 0x08 || (p[-1] == '\\' && p[-2] == 0x08)))
			continue;
		p += 5;				/* PackageOp */
		pkglen_bytes = (*p >> 6) + 1;	/* PkgLength encoding */
		p += pkglen_bytes;
		p++;				/* NumElements */
		if (aml_small_int(&p, end, &acpi.slp_typa) == 0 &&
		    aml_small_int(&p, end, &acpi.slp_typb) == 0)
			acpi.s5_valid = 1;
		return;
	}
}

static void
parse_fadt(const struct acpi_sdt *f)
{
	uint64_t dsdt = rd64(f, FADT_X_DSDT);

	acpi.fadt = f;
	if (dsdt == 0)
		dsdt = rd32(f, FADT_DSDT);
	acpi.dsdt = map_table(dsdt);
	fadt_register(f, FADT_X_PM_TMR_BLK, FADT_PM_TMR_BLK, &acpi.pm_tmr);
	fadt_register(f, FADT_X_PM1A_CNT_BLK, FADT_PM1A_CNT_BLK, &acpi.pm1a_cnt);
	fadt_register(f, FADT_X_PM1B_CNT_BLK, FADT_PM1B_CNT_BLK, &acpi.pm1b_cnt);
	acpi.tmr_32bit = (rd32(f, FADT_FLAGS) & FADT_FLAG_TMR_VAL_EXT) != 0;
	find_s5();
}

int
acpi_init(uint64_t rsdp_pa)
{
	const struct acpi_rsdp *rsdp;
	const struct acpi_sdt *root;
	uint32_t i, n, esize;

	if (rsdp_pa == 0) {
		printf("ACPI: no RSDP from the loader\n");
		return (-1);
	}
	rsdp = (const void *)PHYS_TO_DMAP(rsdp_pa);
	if (memcmp(rsdp->signature, "RSD PTR ", 8) != 0 || !checksum_ok(rsdp, 20)) {
		printf("ACPI: RSDP at 0x%llx is invalid\n", (unsigned long long)rsdp_pa);
		return (-1);
	}
	acpi.rsdp_pa = rsdp_pa;
	acpi.revision = rsdp->revision;
	if (rsdp->revision >= 2 && rsdp->xsdt != 0 && checksum_ok(rsdp, rsdp->length)) {
		root = map_table(rsdp->xsdt);
		esize = 8;
	} else {
		root = map_table(rsdp->rsdt);
		esize = 4;
	}
	if (root == NULL) {
		printf("ACPI: root table (%s) missing or corrupt\n", esize == 8 ? "XSDT" : "RSDT");
		return (-1);
	}
	n = (root->length - sizeof(*root)) / esize;
	for (i = 0; i < n && acpi.ntables < MAX_TABLES; i++) {
		uint64_t pa = 0;
		const struct acpi_sdt *t;

		memcpy(&pa, (const uint8_t *)(root + 1) + i * esize, esize);
		if ((t = map_table(pa)) == NULL) {
			printf("ACPI: table %u at 0x%llx is corrupt, ignored\n", i,
			    (unsigned long long)pa);
			continue;
		}
		acpi.tables[acpi.ntables++] = t;
		if (memcmp(t->signature, "FACP", 4) == 0)
			parse_fadt(t);
		else if (memcmp(t->signature, "APIC", 4) == 0)
			acpi.madt = t;
	}
	return (0);
}

void
acpi_print_summary(void)
{
	int i;

	printf("ACPI: RSDP 0x%llx rev %d, tables:", (unsigned long long)acpi.rsdp_pa,
	    acpi.revision);
	for (i = 0; i < acpi.ntables; i++)
		printf(" %.4s", acpi.tables[i]->signature);
	if (acpi.dsdt != NULL)
		printf(" DSDT");
	printf("\n");
}

int
acpi_pm_timer_present(void)
{
	return (acpi.pm_tmr.address != 0 && acpi.pm_tmr.space == ACPI_GAS_IO);
}

int
acpi_pm_timer_32bit(void)
{
	return (acpi.tmr_32bit);
}

uint32_t
acpi_pm_timer_read(void)
{
	return (inl((uint16_t)acpi.pm_tmr.address));
}

int
acpi_madt_cpu_count(void)
{
	const uint8_t *p, *end;
	int n = 0;

	if (acpi.madt == NULL)
		return (0);
	p = (const uint8_t *)acpi.madt + MADT_ENTRIES;
	end = (const uint8_t *)acpi.madt + acpi.madt->length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		uint32_t flags;

		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			memcpy(&flags, p + 4, 4);
			n += (flags & 1) != 0;
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&flags, p + 8, 4);
			n += (flags & 1) != 0;
		}
		p += p[1];
	}
	return (n);
}

static void
gas_write16(const struct acpi_gas *g, uint16_t v)
{
	if (g->address == 0)
		return;
	if (g->space == ACPI_GAS_IO)
		outw((uint16_t)g->address, v);
	else if (g->space == ACPI_GAS_MEMORY)
		*(volatile uint16_t *)PHYS_TO_DMAP(g->address) = v;
}

void
acpi_poweroff(void)
{
	int spins;

	if (acpi.fadt == NULL || acpi.pm1a_cnt.address == 0 || !acpi.s5_valid) {
		printf("ACPI: cannot power off (%s)\n", acpi.fadt == NULL ? "no FADT" :
		    acpi.s5_valid ? "no PM1 control register" : "no \\_S5 object in the DSDT");
		return;
	}
	disable_intr();
	gas_write16(&acpi.pm1a_cnt, (uint16_t)((acpi.slp_typa << 10) | SLP_EN));
	gas_write16(&acpi.pm1b_cnt, (uint16_t)((acpi.slp_typb << 10) | SLP_EN));
	for (spins = 0; spins < 100000000; spins++)
		cpu_pause();
	printf("ACPI: power-off did not take effect\n");
}

static void
acpi_setup(const void *dummy __unused)
{
	acpi_init(bootinfo.acpi_rsdp);
}
SYSINIT(acpi, SI_SUB_CPU, SI_ORDER_FIRST, acpi_setup, NULL);
