/*
 * The kernel's basic integer types for files and processes, FreeBSD's
 * names.  Widths are the kernel's own; the system-call boundary converts
 * to Linux's layouts where they differ.
 */
#ifndef SYS_TYPES_H
#define SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef long		ssize_t;	/* a byte count or -1 */
typedef int64_t		off_t;		/* file offset */
typedef uint32_t	mode_t;		/* file type and permission bits */
typedef uint64_t	dev_t;		/* device number (Linux encoding, see makedev) */
typedef uint64_t	ino_t;		/* file serial number */
typedef uint64_t	nlink_t;	/* link count */
typedef uint32_t	uid_t;		/* user id */
typedef uint32_t	gid_t;		/* group id */
typedef int32_t		pid_t;		/* process id */

/*
 * Device numbers use Linux's encoding (what stat's st_rdev shows, what a
 * cpio archive's rdevmajor/rdevminor mean): 12 bits of major, 20 of minor.
 */
#define makedev(ma, mi)	((dev_t)((((uint64_t)(ma) & 0xfff) << 8) | ((uint64_t)(mi) & 0xff) | \
			    (((uint64_t)(mi) & 0xfff00) << 12)))
#define major(d)	((unsigned)(((d) >> 8) & 0xfff))
#define minor(d)	((unsigned)(((d) & 0xff) | (((d) >> 12) & 0xfff00)))

#endif
