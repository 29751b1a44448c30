/*
 * The FAT file system (FAT12/16/32 with long file names), read-write, over
 * a block device of the buffer cache.  This is its interface to whatever
 * presents it: the kernel's VFS glue (kernel/fs/msdosfs/) and the host
 * tests.  Files and directories are denodes, reference counted; names are
 * UTF-8 and looked up case-insensitively (ASCII), as FAT does.
 *
 * Safety rules the implementation keeps (fs/msdosfs/msdosfs_var.h says how):
 *  - Mounting checks the boot sector, then walks every directory and
 *    cluster chain.  A bad boot sector refuses the mount; chains that loop,
 *    leave the volume, run through free or bad clusters or cross, and
 *    sizes no chain can hold, mount the volume read-only with a warning.  A
 *    file system larger than its device mounts read-only, clamped to it.
 *  - A volume marked dirty (not cleanly unmounted) mounts read-only unless
 *    MSDOSFS_MNT_FORCE, or MSDOSFS_MNT_CHECK and the walk finds it sound
 *    (its lost clusters are then freed first, as fsck would); a read-write
 *    mount marks it dirty until unmount.
 *  - Metadata is written in an order that leaves at worst lost clusters
 *    after a crash at any point: new chains are on disk before anything
 *    points to them, and nothing points to clusters before they are freed.
 *  - Reading through a broken chain gives EIO; no write ever follows one.
 *
 * Every function takes the mount's lock itself; callers hold none.  The
 * copy callbacks run with it held.
 */
#ifndef FS_MSDOSFS_MSDOSFS_H
#define FS_MSDOSFS_MSDOSFS_H

#include <stddef.h>
#include <stdint.h>

#include "fs/buf.h"

struct msdosfsmount;
struct denode;

/* msdosfs_mount() flags */
#define MSDOSFS_MNT_RDONLY	0x0001	/* read-only */
#define MSDOSFS_MNT_FORCE	0x0002	/* read-write even if the volume is marked dirty */
#define MSDOSFS_MNT_CHECK	0x0004	/* a dirty volume the walk finds sound: lost clusters
					   freed, then read-write */

#define MSDOSFS_NAME_MAX	255	/* UTF-16 units in a name */

/*
 * Mounts the FAT on dev.  0 with *pmpp set; `msg` then holds a warning
 * ("" if none), e.g. why the mount is read-only.  EINVAL: not a FAT file
 * system we accept (msg says why); EIO, ENOMEM.
 */
int	msdosfs_mount(struct bufdev *dev, int flags, struct msdosfsmount **pmpp,
	    char *msg, size_t msglen);
/*
 * Writes everything, then marks the volume clean, and frees the mount.
 * EBUSY (nothing done) while denodes other than the root are referenced.
 * Returns the first write error (the volume then stays marked dirty).
 */
int	msdosfs_unmount(struct msdosfsmount *pmp);
/* Everything written and on stable storage (the device's flush). */
int	msdosfs_sync(struct msdosfsmount *pmp);
/*
 * For a mount that cannot go (files still in use at shutdown): everything
 * written, the volume marked clean, and from then on read-only, so that it
 * stays clean whatever happens next.
 */
int	msdosfs_finish(struct msdosfsmount *pmp);

struct msdosfs_statfs {
	uint32_t	f_bsize;	/* cluster size */
	uint64_t	f_blocks;	/* data clusters */
	uint64_t	f_bfree;	/* free clusters */
	int		f_fattype;	/* 12, 16 or 32 */
	int		f_rdonly;	/* mounted read-only */
	int		f_dirty;	/* the volume was marked dirty when mounted */
	uint64_t	f_lost;		/* clusters in use but in no file (found at mount) */
	char		f_label[12];	/* volume label, trailing spaces removed */
	uint32_t	f_serial;	/* volume serial number */
};
void	msdosfs_statfs(struct msdosfsmount *pmp, struct msdosfs_statfs *sf);

/* Denodes: each returned one holds a reference the caller drops with vrele. */
int	msdosfs_root(struct msdosfsmount *pmp, struct denode **dpp);
void	msdosfs_vref(struct denode *dep);
void	msdosfs_vrele(struct denode *dep);

/* Looks `name` up in directory dir ("." and ".." too).  ENOENT, ENOTDIR. */
int	msdosfs_lookup(struct denode *dir, const char *name, size_t namelen,
	    struct denode **dpp);
/* New empty file / directory.  EEXIST, EINVAL (bad name), ENAMETOOLONG, ENOSPC, EROFS. */
int	msdosfs_create(struct denode *dir, const char *name, size_t namelen,
	    struct denode **dpp);
int	msdosfs_mkdir(struct denode *dir, const char *name, size_t namelen,
	    struct denode **dpp);
/* Unlink a file (EISDIR for a directory) / remove an empty directory (ENOTEMPTY). */
int	msdosfs_remove(struct denode *dir, const char *name, size_t namelen);
int	msdosfs_rmdir(struct denode *dir, const char *name, size_t namelen);
/*
 * Renames fdir/fname to tdir/tname, replacing a target of the same kind
 * (an empty directory for a directory).  EINVAL: a directory into its own
 * subtree; EISDIR/ENOTDIR: kinds differ; ENOTEMPTY.
 */
int	msdosfs_rename(struct denode *fdir, const char *fname, size_t flen,
	    struct denode *tdir, const char *tname, size_t tlen);

/*
 * Data moves through a callback so the caller decides where it comes from
 * or goes to (kernel memory, user memory): copy n bytes between the file
 * system's `fsbuf` and the caller's position `done` bytes into the
 * transfer.  Returns 0 or an error (EFAULT) that ends the transfer.
 */
typedef int msdosfs_copy_t(void *arg, void *fsbuf, size_t n, size_t done);
/* Reads up to len bytes at off; *done: bytes read (short at end of file). */
int	msdosfs_read(struct denode *dep, uint64_t off, size_t len, msdosfs_copy_t *copy,
	    void *arg, size_t *done);
/* Writes len bytes at off, extending the file; *done: bytes written. EFBIG past 4 GiB - 1. */
int	msdosfs_write(struct denode *dep, uint64_t off, size_t len, msdosfs_copy_t *copy,
	    void *arg, size_t *done);
/* Sets the size: shorter frees clusters, longer reads as zeros. */
int	msdosfs_truncate(struct denode *dep, uint64_t size);
/* This file's data and entry, and all metadata, on stable storage. */
int	msdosfs_fsync(struct denode *dep);

struct msdosfs_attr {
	uint64_t	va_fileid;	/* stable while the file exists and is not renamed */
	uint64_t	va_size;	/* bytes (directories: their clusters' bytes) */
	uint64_t	va_bytes;	/* bytes of clusters allocated */
	int		va_isdir;
	int		va_readonly;	/* ATTR_READONLY */
	uint8_t		va_attr;	/* the DOS attribute byte */
	int64_t		va_mtime;	/* seconds since 1970 (FAT's 2 s resolution) */
	int64_t		va_ctime;	/* creation time */
	uint32_t	va_ctime_nsec;	/* its 10 ms part */
	int64_t		va_atime;	/* access date, at midnight */
	uint32_t	va_blksize;	/* cluster size */
};
int	msdosfs_getattr(struct denode *dep, struct msdosfs_attr *va);
/* Sets the modification and/or access time (-1: leave alone). */
int	msdosfs_settimes(struct denode *dep, int64_t mtime, int64_t atime);
/* Sets or clears ATTR_READONLY (chmod a-w / u+w). */
int	msdosfs_setreadonly(struct denode *dep, int readonly);

/*
 * Directory listing from *cookie (0: the start; "." and ".." are not
 * listed: callers add them).  cb gets each name and the cookie that
 * resumes after it; when cb returns nonzero the listing stops and *cookie
 * stays at that entry, otherwise *cookie moves past it.  Returns 0 at the
 * end or when cb stopped, or an error.  Cookies are multiples of 32.
 */
typedef int msdosfs_dirent_t(void *arg, const char *name, size_t namelen, uint64_t fileid,
	    int isdir, uint64_t next);
int	msdosfs_readdir(struct denode *dir, uint64_t *cookie, msdosfs_dirent_t *cb, void *arg);

/*
 * One pointer per denode for whoever presents the file system (the VFS
 * glue keeps its vnode there); NULL until set.  The caller serialises.
 */
void	*msdosfs_private(const struct denode *dep);
void	 msdosfs_set_private(struct denode *dep, void *p);

#endif /* FS_MSDOSFS_MSDOSFS_H */
