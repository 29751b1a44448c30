/*
 * Unpacking a newc cpio archive (sys/cpio.h) into the file system: the
 * root file system's contents come this way from the archive the loader
 * preloads (kern/vfs_rootfs.c).
 */
#ifndef SYS_VFS_CPIO_H
#define SYS_VFS_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct ucred;
struct vnode;

struct cpio_stats {
	unsigned	cs_files;	/* regular files made */
	unsigned	cs_dirs;	/* directories */
	unsigned	cs_symlinks;	/* symbolic links */
	unsigned	cs_hardlinks;	/* extra names of regular files */
	unsigned	cs_special;	/* devices, fifos, sockets */
	unsigned	cs_errors;	/* members that could not be made (reported) */
	uint64_t	cs_bytes;	/* file data written */
};

/*
 * Unpack archive[0..len) under directory root (referenced by the caller)
 * as cred.  EFTYPE with a one-line reason in err when the archive is
 * corrupt (then nothing was made); else 0, with members that failed
 * reported on the console and counted in st->cs_errors.
 */
int	cpio_unpack(const void *archive, size_t len, struct vnode *root, struct ucred *cred,
	    struct cpio_stats *st, char *err, size_t errlen);

#endif
