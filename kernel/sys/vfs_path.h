/*
 * File operations by path name: what open, mkdir, mknod, symlink, link,
 * unlink, rmdir, stat, readlink, access and chdir do once the system-call
 * layer has copied the path in and chosen where the lookup starts, with
 * Linux's semantics and errors.  The system calls (vfs_syscalls.c) fill a
 * vfs_ctx from the calling thread (working directory or a dirfd, root,
 * credentials, umask); start-up code and the host tests fill it by hand.
 * Paths are kernel strings.
 */
#ifndef SYS_VFS_PATH_H
#define SYS_VFS_PATH_H

#include <sys/types.h>

struct stat;
struct ucred;
struct vnode;

struct file;

struct vfs_ctx {
	struct vnode	*vc_cdir;	/* relative paths start here (cwd or a dirfd) */
	struct vnode	*vc_rdir;	/* absolute paths start here; ".." stops here */
	struct ucred	*vc_cred;	/* who asks */
	mode_t		 vc_umask;	/* cleared from new files' modes */
};

/*
 * open: oflags are sys/fcntl.h O_* flags (O_CREAT, O_EXCL, O_TRUNC,
 * O_NOFOLLOW, O_DIRECTORY, O_PATH...); mode for a new file.  *vpp comes
 * back referenced and VOP_OPEN'ed; *createdp (may be NULL) tells whether
 * the file was made.
 */
int	vfs_open(struct vfs_ctx *c, const char *path, int oflags, mode_t mode,
	    struct vnode **vpp, int *createdp);
/* vfs_open, and *jumpfpp: the open file a magic link at path's end stood for, or NULL. */
int	vfs_open_named(struct vfs_ctx *c, const char *path, int oflags, mode_t mode,
	    struct vnode **vpp, int *createdp, struct file **jumpfpp);
int	vfs_mkdir(struct vfs_ctx *c, const char *path, mode_t mode);
/* mode carries the type (S_IFREG/0, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK). */
int	vfs_mknod(struct vfs_ctx *c, const char *path, mode_t mode, dev_t dev);
/* The same, and the new file's vnode, referenced, in *vpp (AF_UNIX's bind). */
int	vfs_mknod_vp(struct vfs_ctx *c, const char *path, mode_t mode, dev_t dev,
	    struct vnode **vpp);
/* The vnode path names, referenced (nameiflags: FOLLOW...); AF_UNIX's connect. */
int	vfs_lookup_vp(struct vfs_ctx *c, const char *path, int nameiflags, struct vnode **vpp);
int	vfs_symlink(struct vfs_ctx *c, const char *target, const char *path);
/* A new name newpath (from nc) for oldpath (from oc); follow: a final symlink. */
int	vfs_link(struct vfs_ctx *oc, const char *oldpath, struct vfs_ctx *nc,
	    const char *newpath, int follow);
int	vfs_unlink(struct vfs_ctx *c, const char *path);
int	vfs_rmdir(struct vfs_ctx *c, const char *path);
/* nameiflags: FOLLOW and/or EMPTYPATH (sys/namei.h). */
int	vfs_stat(struct vfs_ctx *c, const char *path, int nameiflags, struct stat *sb);
/* Up to len bytes of the link's text into buf; *outlen the bytes stored. */
int	vfs_readlink(struct vfs_ctx *c, const char *path, int nameiflags, char *buf,
	    size_t len, size_t *outlen);
/* amode: F_OK or R_OK|W_OK|X_OK; flags: AT_EACCESS, AT_SYMLINK_NOFOLLOW. */
int	vfs_access(struct vfs_ctx *c, const char *path, int amode, int flags);
/* The directory path names, referenced, if the caller may search it (chdir). */
int	vfs_lookup_dir(struct vfs_ctx *c, const char *path, struct vnode **vpp);
/*
 * rename: from (looked up in oc) gets the name to (in nc), replacing what
 * is there unless flags has RENAME_NOREPLACE (EEXIST).  Same file system
 * only (EXDEV).
 */
#define RENAME_NOREPLACE	0x0001	/* Linux's value */
int	vfs_rename(struct vfs_ctx *oc, const char *from, struct vfs_ctx *nc, const char *to,
	    int flags);
/*
 * The working directory's path from the root, NUL-terminated, in buf;
 * *outlen its length with the NUL.  ERANGE if len is too small, ENOENT
 * if the directory was removed.
 */
int	vfs_getcwd(struct vfs_ctx *c, char *buf, size_t len, size_t *outlen);
/* The same for any directory dvp, as seen from c's root (/proc/<pid>/cwd). */
int	vfs_dirpath(struct vfs_ctx *c, struct vnode *dvp, char *buf, size_t len, size_t *outlen);
/* Truncate or extend the file path names (truncate(2)). */
int	vfs_truncate(struct vfs_ctx *c, const char *path, off_t length);

#endif
