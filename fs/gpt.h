/*
 * The GUID Partition Table on disk (UEFI 2.10, chapter 5.3): the header at
 * LBA 1 with its backup at the disk's last LBA, each pointing at an array
 * of partition entries.  All fields little-endian; the parser reads them
 * with the explicit helpers in part_gpt.c, never through these structs'
 * native layout on another byte order.
 */
#ifndef FS_GPT_H
#define FS_GPT_H

#include <stdint.h>

#define GPT_SIGNATURE		"EFI PART"	/* 8 bytes, no NUL */
#define GPT_REVISION_MAJOR	1		/* revision 1.0 = 0x00010000 */
#define GPT_HDR_MINSIZE		92		/* the fields below */
#define GPT_ENT_MINSIZE		128
#define GPT_NAME_UNITS		36		/* UTF-16 code units in a name */

struct gpt_hdr {
	char		hdr_sig[8];		/* GPT_SIGNATURE */
	uint32_t	hdr_revision;
	uint32_t	hdr_size;		/* bytes covered by hdr_crc_self */
	uint32_t	hdr_crc_self;		/* CRC-32 of the header, this field as 0 */
	uint32_t	hdr_reserved;
	uint64_t	hdr_lba_self;		/* where this header is */
	uint64_t	hdr_lba_alt;		/* where the other copy is */
	uint64_t	hdr_lba_start;		/* first usable LBA */
	uint64_t	hdr_lba_end;		/* last usable LBA */
	uint8_t		hdr_guid[16];		/* the disk's GUID */
	uint64_t	hdr_lba_table;		/* first LBA of the entry array */
	uint32_t	hdr_entries;		/* entries in the array */
	uint32_t	hdr_entsz;		/* bytes per entry (128 << n) */
	uint32_t	hdr_crc_table;		/* CRC-32 of the whole array */
} __attribute__((packed));

struct gpt_ent {
	uint8_t		ent_type[16];		/* partition type GUID; zero: unused */
	uint8_t		ent_guid[16];		/* this partition's GUID */
	uint64_t	ent_lba_start;		/* first LBA */
	uint64_t	ent_lba_end;		/* last LBA, inclusive */
	uint64_t	ent_attr;		/* attribute bits */
	uint16_t	ent_name[GPT_NAME_UNITS]; /* UTF-16LE, NUL-padded */
} __attribute__((packed));

_Static_assert(sizeof(struct gpt_hdr) == GPT_HDR_MINSIZE, "GPT header layout");
_Static_assert(sizeof(struct gpt_ent) == GPT_ENT_MINSIZE, "GPT entry layout");

#endif /* FS_GPT_H */
