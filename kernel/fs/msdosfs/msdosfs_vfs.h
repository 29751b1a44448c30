/*
 * Mounting the FAT file system (kernel/fs/msdosfs/msdosfs_vfs.c): the
 * argument vfs_mount("msdosfs", ...) takes.
 */
#ifndef FS_MSDOSFS_MSDOSFS_VFS_H
#define FS_MSDOSFS_MSDOSFS_VFS_H

struct msdosfs_args {
	const char	*ma_fspec;	/* the device: "vtbd0p1" or "/dev/vtbd0p1" */
	const char	*ma_subdir;	/* a directory of the volume to mount as its root, or NULL */
	int		 ma_flags;	/* MSDOSFS_ARGS_* */
};
#define MSDOSFS_ARGS_FORCE	0x0001	/* read-write even on a volume marked dirty */
#define MSDOSFS_ARGS_CHECK	0x0002	/* a dirty volume found sound: lost clusters freed, read-write */

#endif
