/*
 * Kernel scalar types for processes, files and time.  Widths follow the
 * Linux x86_64 ABI the system-call boundary speaks, so a value crosses it
 * without conversion.
 */
#ifndef SYS_TYPES_H
#define SYS_TYPES_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t		pid_t;		/* process, thread, group and session ids */
typedef int32_t		id_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef uint32_t	mode_t;
typedef int64_t		off_t;
typedef int64_t		ssize_t;
typedef uint64_t	dev_t;
typedef uint64_t	ino_t;
typedef uint64_t	nlink_t;
typedef int64_t		blksize_t;
typedef int64_t		blkcnt_t;
typedef int64_t		time_t;
typedef int32_t		clockid_t;
typedef uint64_t	vm_offset_t;	/* a virtual address */
typedef uint64_t	vm_size_t;
typedef uint64_t	vm_paddr_t;	/* a physical address */
typedef uint64_t	vm_pindex_t;	/* a page index within an object */
typedef uint8_t		vm_prot_t;	/* VM_PROT_* */


/*
 * Device numbers in Linux's encoding (what stat's st_rdev shows and a cpio
 * archive's rdevmajor/rdevminor mean): 12 bits of major, 20 of minor.
 */
#define makedev(ma, mi)	((dev_t)((((uint64_t)(ma) & 0xfff) << 8) | ((uint64_t)(mi) & 0xff) | \
			    (((uint64_t)(mi) & 0xfff00) << 12)))
#define major(d)	((unsigned)(((d) >> 8) & 0xfff))
#define minor(d)	((unsigned)(((d) & 0xff) | (((d) >> 12) & 0xfff00)))

#endif
