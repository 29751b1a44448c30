/*
 * Partitions: discovering a disk's partition table, and partitions as
 * block devices of their own (vtbd0p1) that pass I/O to the disk at an
 * offset.
 *
 * gpt_read() trusts nothing on the disk.  Both header CRCs and the entry
 * array's CRC are checked, every LBA is checked against the disk and the
 * other regions, and partitions must lie in the usable area without
 * overlapping.  A damaged primary table falls back to the backup (with a
 * warning); a table that fails in both copies, or a valid-CRC table whose
 * contents are impossible, is reported and no partition is made.
 */
#ifndef FS_PART_H
#define FS_PART_H

#include <stddef.h>
#include <stdint.h>

#include "fs/buf.h"

#define PART_MAX	128		/* partitions a disk may have */
#define PART_LABEL_MAX	(36 * 3 + 1)	/* a GPT name in UTF-8, with its NUL */

struct part_entry {
	int		 pe_index;		/* 1-based entry number: vtbd0p<index> */
	uint64_t	 pe_start;		/* first sector */
	uint64_t	 pe_end;		/* last sector (inclusive) */
	uint8_t		 pe_type[16];		/* type GUID, on-disk byte order */
	uint8_t		 pe_guid[16];		/* partition GUID */
	uint64_t	 pe_attr;		/* attribute bits */
	char		 pe_label[PART_LABEL_MAX]; /* name, UTF-8 */
};

struct part_table {
	int		 pt_count;		/* entries used in pt_parts */
	struct part_entry pt_parts[PART_MAX];	/* by entry number */
	uint64_t	 pt_first;		/* first usable sector */
	uint64_t	 pt_last;		/* last usable sector */
	uint8_t		 pt_guid[16];		/* the disk's GUID */
	int		 pt_backup;		/* read from the backup copy */
	char		 pt_warning[192];	/* damage repaired by using the other copy ("" if none) */
};

/*
 * Reads disk's GPT into *pt.  0: found (pt_warning may say the primary or
 * the backup copy is damaged); ENOENT: no GPT on the disk; EINVAL: a GPT
 * that cannot be trusted (`why` says what was wrong); EIO/ENOMEM: the
 * disk could not be read.
 */
int	 gpt_read(struct bufdev *disk, struct part_table *pt, char *why, size_t whylen);

/* "efi", "freebsd-ufs", "linux-data", ... or NULL for a type we do not know. */
const char *gpt_type_name(const uint8_t type[16]);
/* "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" into buf (at least 37 bytes). */
void	 gpt_guid_str(const uint8_t guid[16], char *buf);

/*
 * A partition as a device: part_dev_init() gives pd_dev its name, sector
 * size and size from the disk and the entry; its strategy routine shifts
 * each request by the partition's offset and hands it to the disk's, and
 * its flush is the disk's.  Register &pd_dev with bufdev_register() as any
 * device.
 */
struct part_dev {
	struct bufdev	 pd_dev;		/* the partition's device (first member) */
	struct bufdev	*pd_disk;		/* the disk it is on */
	uint64_t	 pd_offset;		/* bytes from the disk's start */
	struct part_entry pd_entry;		/* what the table said */
};
void	 part_dev_init(struct part_dev *pd, struct bufdev *disk, const struct part_entry *pe);

#endif /* FS_PART_H */
