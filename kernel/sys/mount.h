/*
 * Mounted file systems (FreeBSD's struct mount and vfsops, trimmed).
 *
 * A file system type registers itself with one line, VFS_SET(ops, name),
 * and is then mountable by name: vfs_mount(fstype, path, flags, data)
 * covers the directory `path` (or becomes the root when there is none
 * yet).  The mount list is kept in mount order; `mount` in the kernel
 * shell prints it.  A vnode's lock is today its mount's mnt_lock (see
 * sys/vnode.h).
 */
#ifndef SYS_MOUNT_H
#define SYS_MOUNT_H

#include <sys/types.h>
#include <sys/linker_set.h>
#include <sys/sx.h>

struct mount;
struct thread;
struct ucred;
struct vnode;

#define MFSNAMELEN	16	/* file system type name */
#define MNAMELEN	88	/* mounted-on and mounted-from names */

/* mnt_flag */
#define MNT_RDONLY	0x0001	/* read only */
#define MNT_NOSUID	0x0008	/* set-id bits ignored */
#define MNT_NOEXEC	0x0004	/* no exec */
#define MNT_ROOTFS	0x4000	/* the root file system */

/* vfs_unmount flags */
#define MNT_FORCE	0x0001	/* even with files in use (not supported yet) */

/* What statfs reports (the kernel's view; Linux's layout at the boundary). */
struct statfs {
	uint64_t	f_type;		/* Linux magic of the file system type */
	uint64_t	f_bsize;	/* block size */
	uint64_t	f_blocks;	/* blocks in all */
	uint64_t	f_bfree;	/* free blocks */
	uint64_t	f_bavail;	/* free blocks for unprivileged users */
	uint64_t	f_files;	/* inodes in all */
	uint64_t	f_ffree;	/* free inodes */
	uint64_t	f_namemax;	/* longest name */
	uint64_t	f_flags;	/* MNT_* */
	char		f_fstypename[MFSNAMELEN];	/* "tmpfs" */
	char		f_mntonname[MNAMELEN];		/* "/" */
	char		f_mntfromname[MNAMELEN];	/* "tmpfs", a device... */
};

struct vfsops {
	/* Set up mp (mnt_data); data is the type's own argument, or NULL. */
	int	(*vfs_mount)(struct mount *mp, void *data);
	/* Tear down; EBUSY while any of its vnodes is referenced. */
	int	(*vfs_unmount)(struct mount *mp, int flags);
	/* The root directory, referenced. */
	int	(*vfs_root)(struct mount *mp, struct vnode **vpp);
	int	(*vfs_statfs)(struct mount *mp, struct statfs *sbp);
	int	(*vfs_sync)(struct mount *mp);		/* may be NULL */
};

struct vfsconf {
	const char		*vfc_name;	/* "tmpfs" */
	const struct vfsops	*vfc_vfsops;
};

#define VFS_SET(vfsops, fsname)						\
	static const struct vfsconf fsname##_vfsconf = { #fsname, &(vfsops) }; \
	DATA_SET(vfs_set, fsname##_vfsconf)

struct mount {
	struct mount		*mnt_next;		/* mount list, in mount order */
	const struct vfsconf	*mnt_vfc;		/* its type */
	struct vnode		*mnt_vnodecovered;	/* directory it is mounted on (NULL for /) */
	struct vnode		*mnt_rootvp;		/* its root, referenced while mounted */
	struct sx		 mnt_lock;		/* the lock of its vnodes (vn_lock) */
	int			 mnt_flag;		/* MNT_* */
	dev_t			 mnt_dev;		/* device number stat shows (st_dev) */
	void			*mnt_data;		/* the file system's private state */
	struct statfs		 mnt_stat;		/* names; figures filled by statfs */
};

extern struct vnode *rootvnode;	/* root of the root file system, referenced */

/* vfs_mount.c */
int	vfs_mount(const char *fstype, struct vnode *covered, const char *onname,
	    const char *from, int flags, void *data, struct mount **mpp);
int	vfs_unmount(struct mount *mp, int flags);
/* The root of what is mounted on vp, referenced; NULL if nothing is. */
struct vnode *vfs_mountedroot(struct vnode *vp);
int	vfs_statfs(struct mount *mp, struct statfs *sbp);
typedef void vfs_mount_cb_t(struct mount *mp, void *arg);
void	vfs_foreach_mount(vfs_mount_cb_t *cb, void *arg);
/*
 * vfs_mountname.c: by path name.  kern_mount mounts fstype (Linux's names
 * "vfat"/"msdos" too) from source (a disk for msdosfs) on the directory
 * target; opts is a comma-separated list ("force") or NULL.  kern_unmount
 * unmounts what target is the root of (EINVAL if nothing).  vfs_sync_all
 * writes every mount's data and metadata to stable storage.
 */
struct vfs_ctx;
int	kern_mount(struct vfs_ctx *c, const char *fstype, const char *source,
	    const char *target, int mntflags, const char *opts);
int	kern_unmount(struct vfs_ctx *c, const char *target, int flags);
int	vfs_sync_all(void);
/* At shutdown: sync, then unmount all but the root, newest first. */
void	vfs_shutdown(void);

/* The root: mount `fstype` at "/" (sets rootvnode); once, at start-up. */
int	vfs_mountroot(const char *fstype, void *data);

#endif
