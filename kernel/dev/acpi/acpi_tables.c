/*
 * Finding and checking ACPI tables.  Every table is checksummed and
 * length-checked before a field is read: firmware tables are outside input
 * like any other.  Tables are reached through the direct map.
 */
#include <sys/systm.h>
#include <sys/endian.h>
#include <sys/kernel.h>
#include <machine/cpufunc.h>
#include <machine/vmparam.h>
#include <dev/acpi/acpi.h>
#include <dev/acpi/acpi_tables.h>

#define MAX_TABLES	64
#define SLP_EN		(1U << 13)

static struct {
	uint64_t		 rsdp_pa;
	int			 revision;	/* RSDP revision */
	int			 ntables;
	const struct acpi_sdt	*tables[MAX_TABLES];
	const struct acpi_sdt	*fadt, *madt, *dsdt, *hpet;
	struct acpi_gas		 pm_tmr, pm1a_cnt, pm1b_cnt;
	int			 tmr_32bit;
	int			 s5_valid;
	uint8_t			 slp_typa, slp_typb;
	uint8_t			 century;
	uint64_t		 hpet_address;
	int			 madt_valid;
	struct acpi_madt_info	 madt_info;
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
	if (off + 4 > t->length)
		return (0);
	return (le32dec((const uint8_t *)t + off));
}

static uint64_t
rd64(const struct acpi_sdt *t, uint32_t off)
{
	if (off + 8 > t->length)
		return (0);
	return (le64dec((const uint8_t *)t + off));
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
	if (FADT_CENTURY < f->length)
		acpi.century = ((const uint8_t *)f)[FADT_CENTURY];
	find_s5();
}

static void
madt_add_cpu(struct acpi_madt_info *mi, uint32_t apic_id, uint32_t uid,
    uint32_t flags, int x2apic)
{
	int i;

	/* Firmware may list a CPU twice (LAPIC and x2APIC entries): keep one. */
	for (i = 0; i < mi->ncpus; i++)
		if (mi->cpus[i].apic_id == apic_id)
			return;
	if (mi->ncpus == ACPI_MAX_CPUS) {
		printf("ACPI: MADT: more than %d CPUs, APIC id %u ignored\n",
		    ACPI_MAX_CPUS, apic_id);
		return;
	}
	mi->cpus[mi->ncpus++] = (struct acpi_madt_cpu){
		.apic_id = apic_id, .acpi_uid = uid,
		.enabled = (flags & MADT_CPU_ENABLED) != 0, .x2apic = (uint8_t)x2apic,
	};
}

/* Minimum entry length for each type we read; 0: a type we skip. */
static uint8_t
madt_min_len(uint8_t type)
{
	switch (type) {
	case MADT_LAPIC:	return (8);
	case MADT_IOAPIC:	return (12);
	case MADT_ISO:		return (10);
	case MADT_LAPIC_NMI:	return (6);
	case MADT_LAPIC_OVR:	return (12);
	case MADT_X2APIC:	return (16);
	case MADT_X2APIC_NMI:	return (12);
	}
	return (0);
}

static void
parse_madt(const struct acpi_sdt *t)
{
	struct acpi_madt_info *mi = &acpi.madt_info;
	const uint8_t *base = (const uint8_t *)t, *p, *end;
	uint32_t off;

	if (t->length < MADT_ENTRIES) {
		printf("ACPI: MADT is %u bytes, too short; ignored\n", t->length);
		return;
	}
	memset(mi, 0, sizeof(*mi));
	mi->lapic_address = rd32(t, MADT_LAPIC_ADDR);
	mi->flags = rd32(t, MADT_FLAGS);
	mi->lint_nmi = -1;
	end = base + t->length;
	for (p = base + MADT_ENTRIES; p < end; p += p[1]) {
		off = (uint32_t)(p - base);
		if (end - p < 2 || p[1] < 2 || p[1] > end - p) {
			printf("ACPI: MADT entry at offset %u has a bad length; "
			    "the rest of the table is ignored\n", off);
			break;
		}
		if (madt_min_len(p[0]) != 0 && p[1] < madt_min_len(p[0])) {
			printf("ACPI: MADT entry type %u at offset %u is %u bytes, "
			    "expected %u; ignored\n", p[0], off, p[1], madt_min_len(p[0]));
			continue;
		}
		switch (p[0]) {
		case MADT_LAPIC:
			madt_add_cpu(mi, p[3], p[2], le32dec(p + 4), 0);
			break;
		case MADT_X2APIC:
			madt_add_cpu(mi, le32dec(p + 4), le32dec(p + 12), le32dec(p + 8), 1);
			break;
		case MADT_IOAPIC:
			if (mi->nioapics == ACPI_MAX_IOAPICS) {
				printf("ACPI: MADT: more than %d I/O APICs, id %u ignored\n",
				    ACPI_MAX_IOAPICS, p[2]);
				break;
			}
			mi->ioapics[mi->nioapics++] = (struct acpi_madt_ioapic){
				.id = p[2], .address = le32dec(p + 4), .gsi_base = le32dec(p + 8),
			};
			break;
		case MADT_ISO:
			if (mi->noverrides == ACPI_MAX_OVERRIDES) {
				printf("ACPI: MADT: more than %d interrupt overrides, "
				    "IRQ %u ignored\n", ACPI_MAX_OVERRIDES, p[3]);
				break;
			}
			mi->overrides[mi->noverrides++] = (struct acpi_madt_override){
				.bus = p[2], .source = p[3], .gsi = le32dec(p + 4),
				.flags = le16dec(p + 8),
			};
			break;
		case MADT_LAPIC_NMI:
			if (p[2] == 0xff && p[5] <= 1)	/* all processors */
				mi->lint_nmi = p[5];
			break;
		case MADT_X2APIC_NMI:
			if (le32dec(p + 4) == 0xffffffffU && p[8] <= 1)
				mi->lint_nmi = p[8];
			break;
		case MADT_LAPIC_OVR:
			if (le64dec(p + 4) != 0)
				mi->lapic_address = le64dec(p + 4);
			break;
		default:
			break;
		}
	}
	acpi.madt_valid = 1;
}

static void
parse_hpet(const struct acpi_sdt *t)
{
	struct acpi_gas g;

	if (t->length < HPET_TBL_LEN) {
		printf("ACPI: HPET table is %u bytes, too short; ignored\n", t->length);
		return;
	}
	rdgas(t, HPET_TBL_ADDRESS, &g);
	if (g.space != ACPI_GAS_MEMORY || g.address == 0 || (g.address & 0x3ff) != 0) {
		printf("ACPI: HPET address 0x%llx (space %u) is unusable; ignored\n",
		    (unsigned long long)g.address, g.space);
		return;
	}
	acpi.hpet_address = g.address;
}

const struct acpi_madt_info *
acpi_madt(void)
{
	return (acpi.madt_valid ? &acpi.madt_info : NULL);
}

uint64_t
acpi_hpet_address(void)
{
	return (acpi.hpet_address);
}

const struct acpi_sdt *
acpi_find_table(const char *sig)
{
	int i;

	for (i = 0; i < acpi.ntables; i++)
		if (memcmp(acpi.tables[i]->signature, sig, 4) == 0)
			return (acpi.tables[i]);
	return (NULL);
}

uint8_t
acpi_rtc_century(void)
{
	return (acpi.century);
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
		else if (memcmp(t->signature, "APIC", 4) == 0 && acpi.madt == NULL)
			acpi.madt = t;
		else if (memcmp(t->signature, "HPET", 4) == 0 && acpi.hpet == NULL)
			acpi.hpet = t;
	}
	if (acpi.madt != NULL)
		parse_madt(acpi.madt);
	if (acpi.hpet != NULL)
		parse_hpet(acpi.hpet);
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
	const struct acpi_madt_info *mi = acpi_madt();
	int i, n = 0;

	if (mi == NULL)
		return (0);
	for (i = 0; i < mi->ncpus; i++)
		n += mi->cpus[i].enabled;
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
