/*
 * The FAT boot sector on disk (Microsoft's "FAT: General Overview of
 * On-Disk Format" 1.03; FreeBSD's bpb.h and bootsect.h): the BIOS
 * Parameter Block's fields as byte offsets, read with le*dec() since
 * several are unaligned.  Two extended layouts follow the common part:
 * FAT12/16's at offset 36, FAT32's (longer) at the same offset.
 */
#ifndef FS_MSDOSFS_BPB_H
#define FS_MSDOSFS_BPB_H

/* Common BPB */
#define BPB_JMP		0	/* 3: EB xx 90 or E9 xx xx */
#define BPB_OEMNAME	3	/* 8 */
#define BPB_BYTSPERSEC	11	/* u16: 512, 1024, 2048 or 4096 */
#define BPB_SECPERCLUS	13	/* u8: power of two */
#define BPB_RSVDSECCNT	14	/* u16: sectors before the first FAT */
#define BPB_NUMFATS	16	/* u8 */
#define BPB_ROOTENTCNT	17	/* u16: FAT12/16 root directory entries; 0 on FAT32 */
#define BPB_TOTSEC16	19	/* u16: 0 when TotSec32 holds the count */
#define BPB_MEDIA	21	/* u8: 0xF0, 0xF8-0xFF */
#define BPB_FATSZ16	22	/* u16: sectors per FAT; 0 on FAT32 */
#define BPB_SECPERTRK	24	/* u16 */
#define BPB_NUMHEADS	26	/* u16 */
#define BPB_HIDDSEC	28	/* u32: sectors before the partition */
#define BPB_TOTSEC32	32	/* u32 */

/* FAT12/16 extended BPB */
#define BS_DRVNUM	36	/* u8 */
#define BS_RESERVED1	37	/* u8: Linux's "state" byte */
#define BS_BOOTSIG	38	/* u8: 0x29 when the next three are present */
#define BS_VOLID	39	/* u32 */
#define BS_VOLLAB	43	/* 11 */
#define BS_FILSYSTYPE	54	/* 8: "FAT12   ", informational only */

/* FAT32 extended BPB */
#define BPB_FATSZ32	36	/* u32: sectors per FAT */
#define BPB_EXTFLAGS	40	/* u16: bit 7 set = only FAT (bits 0-3) is active */
#define BPB_FSVER	42	/* u16: 0 */
#define BPB_ROOTCLUS	44	/* u32: the root directory's first cluster */
#define BPB_FSINFO	48	/* u16: sector of the FSInfo structure */
#define BPB_BKBOOTSEC	50	/* u16: sector of the boot sector's copy */
#define BS32_DRVNUM	64
#define BS32_RESERVED1	65
#define BS32_BOOTSIG	66
#define BS32_VOLID	67
#define BS32_VOLLAB	71
#define BS32_FILSYSTYPE	82

#define BS_SIGNATURE	510	/* u16: 0xAA55 (bytes 55 AA) */
#define BS_SIG_VALUE	0xaa55

#define FAT32_EXTFLAGS_MIRROR_OFF 0x0080	/* only one FAT is written */
#define FAT32_EXTFLAGS_ACTIVE	  0x000f	/* which one */

/* FSInfo sector (FAT32): hints about free space */
#define FSI_LEADSIG	0	/* u32: 0x41615252 "RRaA" */
#define FSI_STRUCSIG	484	/* u32: 0x61417272 "rrAa" */
#define FSI_FREE_COUNT	488	/* u32: free clusters, 0xFFFFFFFF = unknown */
#define FSI_NXT_FREE	492	/* u32: where to start looking, 0xFFFFFFFF = unknown */
#define FSI_TRAILSIG	508	/* u32: 0xAA550000 */
#define FSI_LEADSIG_VALUE	0x41615252u
#define FSI_STRUCSIG_VALUE	0x61417272u
#define FSI_TRAILSIG_VALUE	0xaa550000u
#define FSI_UNKNOWN		0xffffffffu

#endif /* FS_MSDOSFS_BPB_H */
