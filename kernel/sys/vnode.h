/*
 * Vnodes: the kernel's handle on a file, whatever file system holds it
 * (FreeBSD's struct vnode and VOP interface, trimmed).
 *
 * A vnode has a type, the mount it belongs to, an operations vector
 * (struct vop_vector) and the file system's private node (v_data).  The
 * rest of the kernel calls the VOP_* wrappers or, more often, the vn_*
 * helpers below, which take the locks for it.
 *
 * References.  v_usecount counts holders: namei() returns a referenced
 * vnode, every open file, working directory, mount point and mapping
 * holds one.  vref() adds one, vrele() drops one; when the last goes, the
 * file system's VOP_INACTIVE runs (tmpfs frees a node that has no links
 * left then).  vrele() must not be called with the vnode's lock held: it
 * may take it.  vput() is unlock-then-vrele.
 *
 * Locking.  vn_lock() takes the lock that covers a vnode's metadata and
 * data, shared (LK_SHARED: lookup, read, getattr) or exclusive
 * (LK_EXCLUSIVE: anything that changes the file or its directory); VOPs
 * are called with it held, except VOP_INACTIVE and VOP_GETPAGE, which lock
 * for themselves.  Today the lock is the mount's (one per file system);
 * callers must not assume so, and must never hold two vnode locks at once
 * (namei never does), nor touch user memory with one held: vn_read() and
 * vn_write() bounce user data through kernel buffers for that reason, so a
 * page fault (which may read a file) can never wait for a lock its own
 * thread holds.
 *
 * For exec and mmap (the process side uses these):
 *   vn_open_exec(td, path, &vp)   look up from td's root and cwd, follow
 *                                 symlinks; a regular file the caller may
 *                                 execute, referenced (vrele when done);
 *                                 ENOENT, ENOTDIR, EACCES, ELOOP...
 *   vn_open_execat(td, dirfd, path, lflags, &vp, &jumpfp)
 *                                 the same relative to a directory
 *                                 descriptor, with execveat's Linux flags
 *                                 (AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW);
 *                                 jumpfp (may be NULL): the open file a
 *                                 magic link at the path's end stood for
 *                                 (namei's ni_jumpfile), or NULL
 *   vn_rdwr_kern(vp, rw, buf, len, off, &resid)
 *                                 read or write kernel memory at an offset;
 *                                 resid gets the bytes not transferred
 *                                 (past end of file on a read)
 *   vn_getattr(vp, &va)           mode, owner, size, inode, times...
 *   vn_getpage(vp, pgindex, &pa)  the physical page holding bytes
 *                                 [pgindex*4096, +4096) of the file, for
 *                                 MAP_SHARED (allocated zeroed if a hole
 *                                 inside the file; EINVAL at or past
 *                                 end of file, EOPNOTSUPP where the file
 *                                 system has no pages).
 *
 * Page ownership (vn_getpage): pages are counted (vm/vm_page.h).  The file
 * holds a reference on each of its pages; vn_getpage gives the caller one
 * more, which it drops with vm_page_release() when it unmaps the page.
 * Truncating or removing the file drops the file's reference, so a page
 * cut off the file stays valid -- stale data, as on Linux past EOF --
 * until the last mapping of it goes.
 */
#ifndef SYS_VNODE_H
#define SYS_VNODE_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/uio.h>

struct file;
struct componentname;
struct mount;
struct pipe;
struct socket;
struct thread;
struct ucred;

enum vtype {
	VNON,		/* no type */
	VREG,		/* regular file */
	VDIR,		/* directory */
	VBLK,		/* block device */
	VCHR,		/* character device */
	VLNK,		/* symbolic link */
	VSOCK,		/* socket */
	VFIFO,		/* named pipe */
	VBAD,		/* dead */
};

#define VNOVAL	(-1)	/* vattr field: "not set" (vattr_null) */

/*
 * A file's attributes (VOP_GETATTR fills all; VOP_SETATTR uses the set
 * ones: vattr_null makes every field VNOVAL; a time counts as set when
 * VATTR_TIME_SET, since -1 seconds is a valid time, one second before 1970).
 */
struct vattr {
	enum vtype	 va_type;	/* file type */
	mode_t		 va_mode;	/* permission and set-id/sticky bits (07777) */
	nlink_t		 va_nlink;	/* links */
	uid_t		 va_uid;	/* owner */
	gid_t		 va_gid;	/* group */
	dev_t		 va_fsid;	/* the file system's device number */
	ino_t		 va_fileid;	/* inode number, unique within the file system */
	uint64_t	 va_size;	/* bytes */
	uint64_t	 va_bytes;	/* bytes of storage used */
	uint32_t	 va_blocksize;	/* preferred I/O size */
	dev_t		 va_rdev;	/* device number of a VCHR/VBLK */
	struct timespec	 va_atime;	/* last access */
	struct timespec	 va_mtime;	/* last modification of the data */
	struct timespec	 va_ctime;	/* last change of the inode */
	struct timespec	 va_birthtime;	/* creation */
	unsigned	 va_vaflags;	/* VA_* (vattr_null: none) */
};

#define VATTR_TIME_SET(ts)	((ts).tv_nsec != VNOVAL)

/*
 * va_vaflags: the times are "now" because the caller gave none (utimensat
 * with no times, or UTIME_NOW for both), so whoever may write the file may
 * set them, not only its owner (FreeBSD's VA_UTIMES_NULL, Linux's ATTR_TOUCH).
 */
#define VA_UTIMES_NULL	0x0001
#define VA_CHOWN	0x0002	/* a chown, even of nothing: the set-id bits go (Linux) */

struct vnode {
	enum vtype		 v_type;	/* what it is (fixed for its life) */
	volatile int		 v_usecount;	/* references (see above) */
	int			 v_vflag;	/* VV_* */
	struct mount		*v_mount;	/* the file system it belongs to */
	const struct vop_vector	*v_op;		/* its operations */
	void			*v_data;	/* the file system's node */
	struct mount		*v_mountedhere;	/* VDIR: a file system mounted on it */
	dev_t			 v_rdev;	/* VCHR/VBLK: the device number */
	struct pipe		*v_fifoinfo;	/* VFIFO: its pipe while open (sys_pipe.c) */
	struct socket		*v_socket;	/* VSOCK: the AF_UNIX socket bound to it
						   (uipc_usrreq.c, under its lock) */
};

#define VV_ROOT		0x0001	/* the root of its file system */

/* Lock modes (vn_lock). */
#define LK_SHARED	0x0001
#define LK_EXCLUSIVE	0x0002

/* ioflag of VOP_READ/VOP_WRITE. */
#define IO_APPEND	0x0001	/* write at end of file */
#define IO_NDELAY	0x0002	/* do not block (FNONBLOCK) */

/* accmode of VOP_ACCESS / vaccess. */
#define VEXEC		0000100	/* execute, or search a directory */
#define VWRITE		0000200
#define VREAD		0000400
#define VADMIN		0010000	/* owner-only operations (chmod, utimes...) */
#define VAPPEND		0040000	/* write, at the end only */

/*
 * VOP_READDIR calls this once per entry, in order; `next` is the cookie
 * that resumes after this entry.  A non-zero return stops the walk (the
 * entry is not consumed) and is handed back, except that VOP_READDIR turns
 * the callback's -1 ("buffer full") into 0.
 */
typedef int vop_readdir_cb_t(void *arg, const char *name, size_t namelen,
    ino_t ino, enum vtype type, off_t next);

/*
 * A file system's operations.  Directory operations get the directory
 * (dvp) locked exclusive and the name in cnp; a created vnode comes back
 * referenced in *vpp.  NULL entries mean "not supported" (EOPNOTSUPP),
 * except vop_access (the generic owner/group/other check runs instead)
 * and vop_open/vop_close/vop_inactive/vop_reclaim (nothing to do).
 */
struct vop_vector {
	int	(*vop_lookup)(struct vnode *dvp, struct componentname *cnp,
		    struct vnode **vpp);	/* ENOENT if absent; never "." or ".." of a root */
	int	(*vop_create)(struct vnode *dvp, struct componentname *cnp,
		    struct vattr *vap, struct vnode **vpp);	/* VREG/VCHR/VBLK/VFIFO/VSOCK by va_type */
	int	(*vop_mkdir)(struct vnode *dvp, struct componentname *cnp,
		    struct vattr *vap, struct vnode **vpp);
	int	(*vop_symlink)(struct vnode *dvp, struct componentname *cnp,
		    struct vattr *vap, const char *target, struct vnode **vpp);
	int	(*vop_link)(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
	int	(*vop_remove)(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
	int	(*vop_rmdir)(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
	/*
	 * Both directories locked exclusive (one lock today, the mount's);
	 * fvp/tvp are what the lookups found (tvp may be NULL) -- the file
	 * system re-checks the names under the lock.
	 */
	int	(*vop_rename)(struct vnode *fdvp, struct vnode *fvp, struct componentname *fcnp,
		    struct vnode *tdvp, struct vnode *tvp, struct componentname *tcnp);
	int	(*vop_access)(struct vnode *vp, int accmode, struct ucred *cred);
	int	(*vop_open)(struct vnode *vp, int fflags, struct ucred *cred);
	int	(*vop_close)(struct vnode *vp, int fflags, struct ucred *cred);
	int	(*vop_getattr)(struct vnode *vp, struct vattr *vap);
	int	(*vop_setattr)(struct vnode *vp, struct vattr *vap, struct ucred *cred);
	int	(*vop_read)(struct vnode *vp, struct uio *uio, int ioflag);
	int	(*vop_write)(struct vnode *vp, struct uio *uio, int ioflag);
	int	(*vop_readdir)(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg);
	int	(*vop_readlink)(struct vnode *vp, struct uio *uio);
	/*
	 * May be NULL.  A "magic" link (Linux's /proc/<pid>/fd/N): the vnode
	 * it stands for, referenced, which namei takes instead of following
	 * the text; EJUSTRETURN: an ordinary link after all.  Called unlocked.
	 * *fpp (NULL on entry): the open file the link stands for, referenced,
	 * if there is one -- what is opened through the link takes its name.
	 */
	int	(*vop_jumplink)(struct vnode *vp, struct vnode **vpp, struct file **fpp);
	int	(*vop_getpage)(struct vnode *vp, uint64_t pgindex, uint64_t *pap);
	int	(*vop_fsync)(struct vnode *vp);
	void	(*vop_inactive)(struct vnode *vp);	/* last reference gone; unlocked */
};

/* The VOP_* calls: the file system's operation, or its default. */
int	VOP_LOOKUP(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp);
int	VOP_CREATE(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
	    struct vnode **vpp);
int	VOP_MKDIR(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
	    struct vnode **vpp);
int	VOP_SYMLINK(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
	    const char *target, struct vnode **vpp);
int	VOP_LINK(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
int	VOP_REMOVE(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
int	VOP_RMDIR(struct vnode *dvp, struct vnode *vp, struct componentname *cnp);
int	VOP_RENAME(struct vnode *fdvp, struct vnode *fvp, struct componentname *fcnp,
	    struct vnode *tdvp, struct vnode *tvp, struct componentname *tcnp);
int	VOP_ACCESS(struct vnode *vp, int accmode, struct ucred *cred);
int	VOP_OPEN(struct vnode *vp, int fflags, struct ucred *cred);
int	VOP_CLOSE(struct vnode *vp, int fflags, struct ucred *cred);
int	VOP_GETATTR(struct vnode *vp, struct vattr *vap);
int	VOP_SETATTR(struct vnode *vp, struct vattr *vap, struct ucred *cred);
int	VOP_READ(struct vnode *vp, struct uio *uio, int ioflag);
int	VOP_WRITE(struct vnode *vp, struct uio *uio, int ioflag);
int	VOP_READDIR(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg);
int	VOP_READLINK(struct vnode *vp, struct uio *uio);
int	VOP_FSYNC(struct vnode *vp);

/* vfs_subr.c: vnodes, references, locks, permission checks. */
void	vn_init(struct vnode *vp, enum vtype type, struct mount *mp,
	    const struct vop_vector *ops, void *data);	/* usecount 0 */
void	vref(struct vnode *vp);
void	vrele(struct vnode *vp);
void	vput(struct vnode *vp);			/* VOP_UNLOCK + vrele */
void	vn_lock(struct vnode *vp, int flags);	/* LK_SHARED or LK_EXCLUSIVE */
void	VOP_UNLOCK(struct vnode *vp);
void	vattr_null(struct vattr *vap);
/* Owner/group/other permission check of accmode against file attributes. */
int	vaccess(enum vtype type, mode_t file_mode, uid_t file_uid, gid_t file_gid,
	    int accmode, struct ucred *cred);
void	vfs_timestamp(struct timespec *ts);	/* the time file times are set to */

/* vfs_vnops.c: operations on vnodes with the locking done. */
int	vn_getattr(struct vnode *vp, struct vattr *vap);
int	vn_rdwr_kern(struct vnode *vp, enum uio_rw rw, void *buf, size_t len, off_t off,
	    size_t *resid);
int	vn_getpage(struct vnode *vp, uint64_t pgindex, uint64_t *pap);
int	vn_open_exec(struct thread *td, const char *path, struct vnode **vpp);
int	vn_open_execat(struct thread *td, int dirfd, const char *path, int lflags,
	    struct vnode **vpp, struct file **jumpfpp);
/* The checks and VOP_OPEN of open(2) on a found vnode; fmode is FFLAGS(flags). */
int	vn_open_vnode(struct vnode *vp, int fmode, struct ucred *cred);
struct stat;
int	vn_stat(struct vnode *vp, struct stat *sb);

#endif
