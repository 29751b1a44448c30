/*
 * FAT directory entries on disk: 32-byte short (8.3) entries and the long
 * file name (LFN) entries that precede them, each holding 13 UTF-16 units
 * of the name, last part first, tied to their short entry by a checksum of
 * its 11-byte name.  Times are local-time DOS dates and times (Sanpo
 * writes UTC).  Field offsets, as in bpb.h: read with le*dec().
 */
#ifndef FS_MSDOSFS_DIRENTRY_H
#define FS_MSDOSFS_DIRENTRY_H

#define DIRENT_SIZE	32

/* Short entry */
#define DE_NAME		0	/* 11: 8 + 3, space-padded; first byte special: */
#define   SLOT_EMPTY	0x00	/*   this and every later entry are free */
#define   SLOT_DELETED	0xe5	/*   free */
#define   SLOT_E5	0x05	/*   a name that really starts with 0xE5 */
#define DE_ATTR		11	/* u8 */
#define   ATTR_READONLY	0x01
#define   ATTR_HIDDEN	0x02
#define   ATTR_SYSTEM	0x04
#define   ATTR_VOLUME	0x08	/* the volume label */
#define   ATTR_DIRECTORY 0x10
#define   ATTR_ARCHIVE	0x20	/* modified since backed up */
#define   ATTR_LFN	0x0f	/* READONLY|HIDDEN|SYSTEM|VOLUME: an LFN entry */
#define DE_NTRES	12	/* u8: Windows NT's case of a short name: */
#define   NTRES_LCASE_BASE 0x08	/*   base name shown in lower case */
#define   NTRES_LCASE_EXT  0x10	/*   extension shown in lower case */
#define DE_CTIME_TENTH	13	/* u8: creation time, 10 ms units (0-199) */
#define DE_CTIME	14	/* u16 */
#define DE_CDATE	16	/* u16 */
#define DE_ADATE	18	/* u16: last access date */
#define DE_CLUS_HI	20	/* u16: high half of the first cluster (FAT32) */
#define DE_MTIME	22	/* u16: last write time */
#define DE_MDATE	24	/* u16: last write date */
#define DE_CLUS_LO	26	/* u16 */
#define DE_SIZE		28	/* u32: bytes; 0 for directories */

/* Long-name entry */
#define LFN_ORD		0	/* u8: sequence 1..20, 0x40 on the last (first stored) */
#define   LFN_LAST	0x40
#define   LFN_ORD_MASK	0x3f
#define LFN_NAME1	1	/* 5 UTF-16 units */
#define LFN_ATTR	11	/* ATTR_LFN */
#define LFN_TYPE	12	/* 0 */
#define LFN_CHKSUM	13	/* u8: checksum of the short name */
#define LFN_NAME2	14	/* 6 units */
#define LFN_CLUS	26	/* u16: 0 */
#define LFN_NAME3	28	/* 2 units */
#define LFN_CHARS	13	/* units per entry */
#define LFN_MAX_ENTRIES	20	/* 255 units */
#define LFN_MAX_UNITS	255

/* DOS date and time fields */
#define DD_YEAR_SHIFT	9	/* years since 1980 */
#define DD_MONTH_SHIFT	5
#define DD_DAY_MASK	0x1f
#define DT_HOUR_SHIFT	11
#define DT_MIN_SHIFT	5
#define DT_2SEC_MASK	0x1f	/* seconds / 2 */

#endif /* FS_MSDOSFS_DIRENTRY_H */
