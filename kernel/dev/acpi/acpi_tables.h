/* ACPI table layouts (ACPI 6.5, chapter 5.2), the parts the kernel reads. */
#ifndef DEV_ACPI_TABLES_H
#define DEV_ACPI_TABLES_H

#include <stdint.h>

struct acpi_rsdp {
	char		signature[8];	/* "RSD PTR " */
	uint8_t		checksum;	/* first 20 bytes sum to 0 */
	char		oem_id[6];
	uint8_t		revision;	/* 0: ACPI 1.0, 2: ACPI 2.0+ */
	uint32_t	rsdt;		/* physical address of the RSDT */
	uint32_t	length;		/* 2.0+: whole structure */
	uint64_t	xsdt;		/* 2.0+: physical address of the XSDT */
	uint8_t		ext_checksum;	/* 2.0+: whole structure sums to 0 */
	uint8_t		reserved[3];
} __attribute__((packed));

struct acpi_sdt {
	char		signature[4];
	uint32_t	length;		/* including this header */
	uint8_t		revision;
	uint8_t		checksum;	/* whole table sums to 0 */
	char		oem_id[6];
	char		oem_table_id[8];
	uint32_t	oem_revision;
	uint32_t	creator_id;
	uint32_t	creator_revision;
} __attribute__((packed));

/* Generic Address Structure. */
struct acpi_gas {
	uint8_t		space;		/* 0: system memory, 1: system I/O */
	uint8_t		bit_width;
	uint8_t		bit_offset;
	uint8_t		access_size;
	uint64_t	address;
} __attribute__((packed));

#define ACPI_GAS_MEMORY	0
#define ACPI_GAS_IO	1

/* FADT field offsets (the table grew over revisions: check length first). */
#define FADT_DSDT		40	/* uint32 */
#define FADT_PM1A_CNT_BLK	64	/* uint32 */
#define FADT_PM1B_CNT_BLK	68	/* uint32 */
#define FADT_PM_TMR_BLK		76	/* uint32 */
#define FADT_FLAGS		112	/* uint32 */
#define FADT_RESET_REG		116	/* GAS */
#define FADT_RESET_VALUE	128	/* uint8 */
#define FADT_X_DSDT		140	/* uint64 */
#define FADT_X_PM1A_CNT_BLK	172	/* GAS */
#define FADT_X_PM1B_CNT_BLK	184	/* GAS */
#define FADT_X_PM_TMR_BLK	208	/* GAS */
#define FADT_FLAG_TMR_VAL_EXT	(1U << 8)
#define FADT_FLAG_RESET_REG_SUP	(1U << 10)

/* MADT */
#define MADT_ENTRIES		44	/* after header + LAPIC address + flags */
#define MADT_LAPIC		0
#define MADT_X2APIC		9

#endif
