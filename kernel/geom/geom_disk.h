/*
 * Disks and their partitions, in the way of FreeBSD's GEOM disk and part
 * classes (trimmed to what Sanpo needs).
 *
 * A driver announces a disk with disk_create() once it can do I/O.  A
 * kernel thread ("g_event") then registers the disk with the buffer cache
 * and reads its partition table (fs/part.h: GPT); each partition becomes
 * a device of its own, named after the disk (vtbd0p1).  A table that
 * cannot be trusted is reported and the disk left alone: no partition is
 * made from it.  Devices are found by name with disk_find_dev(), which
 * first waits until every disk announced so far has been looked at.
 *
 * The disk and each partition are also character devices in /dev
 * (/dev/vtbd0, /dev/vtbd0p1: major DISK_MAJOR, minor unit * 256 + the
 * partition's number, 0 for the whole disk), read at any offset straight
 * from the device, not through the buffer cache, as FreeBSD's raw disks
 * are; they cannot be opened for writing yet (EPERM).
 */
#ifndef GEOM_GEOM_DISK_H
#define GEOM_GEOM_DISK_H

#include <stdint.h>
#include "fs/buf.h"
#include "fs/part.h"

/* d_state */
#define DISK_NEW	0	/* announced, not looked at yet */
#define DISK_PARTS	1	/* partition table read, partitions made */
#define DISK_NOTABLE	2	/* no partition table: the whole disk is the device */
#define DISK_REFUSED	3	/* a table that cannot be trusted: left alone */
#define DISK_IOERR	4	/* the table could not be read */
#define DISK_TASTING	5	/* being looked at */

#define DISK_MAJOR	254	/* /dev/vtbd* (Linux gives virtio disks a dynamic major, often 254) */

struct disk {
	struct bufdev	*d_dev;		/* the whole disk (the driver's) */
	const char	*d_descr;	/* "VirtIO block device" */
	/* the disk layer's */
	int		 d_unit;	/* announcement order: its devices' minor numbers */
	int		 d_state;	/* DISK_* */
	char		 d_why[192];	/* why no table, why refused, or a warning */
	struct part_table *d_table;	/* the table read (DISK_PARTS) */
	struct part_dev	*d_parts;	/* its partitions as devices */
	int		 d_nparts;
	struct disk	*d_next;	/* every disk, in announcement order */
};

/* A new disk: looked at by the g_event thread. */
void	disk_create(struct disk *dp);
/*
 * Waits (a bounded time) until every disk announced so far has been looked
 * at: user space starts after it, so its partitions exist by then.
 */
void	g_waitidle(void);
/*
 * The device called `name` ("vtbd0", "vtbd0p1"; a leading "/dev/" is
 * ignored), or NULL; waits (up to a few seconds) for disks still being
 * looked at.
 */
struct bufdev *disk_find_dev(const char *name);

#endif
