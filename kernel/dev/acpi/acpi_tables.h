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

#define FADT_CENTURY		108	/* uint8: CMOS index of the RTC century */

/* MADT: header, then the local APIC address and flags, then entries. */
#define MADT_LAPIC_ADDR		36	/* uint32 */
#define MADT_FLAGS		40	/* uint32 */
#define MADT_FLAG_PCAT_COMPAT	(1U << 0)	/* dual 8259s present */
#define MADT_ENTRIES		44	/* after header + LAPIC address + flags */
/* Entry types and their minimum lengths (ACPI 6.5, 5.2.12). */
#define MADT_LAPIC		0	/* len 8: uid u8, apic id u8, flags u32 */
#define MADT_IOAPIC		1	/* len 12: id u8, rsvd, address u32, GSI base u32 */
#define MADT_ISO		2	/* len 10: bus u8, source u8, GSI u32, flags u16 */
#define MADT_NMI_SRC		3	/* len 8: flags u16, GSI u32 */
#define MADT_LAPIC_NMI		4	/* len 6: uid u8, flags u16, LINT# u8 */
#define MADT_LAPIC_OVR		5	/* len 12: rsvd u16, address u64 */
#define MADT_X2APIC		9	/* len 16: rsvd u16, x2apic id u32, flags u32, uid u32 */
#define MADT_X2APIC_NMI		10	/* len 12: flags u16, uid u32, LINT# u8 */
#define MADT_CPU_ENABLED	(1U << 0)
#define MADT_CPU_ONLINE_CAPABLE	(1U << 1)

/* HPET description table. */
#define HPET_TBL_BLOCK_ID	36	/* uint32: event timer block id */
#define HPET_TBL_ADDRESS	40	/* GAS */
#define HPET_TBL_NUMBER		52	/* uint8 */
#define HPET_TBL_MIN_TICK	53	/* uint16 */
#define HPET_TBL_LEN		56

#endif
