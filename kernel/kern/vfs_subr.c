/*
 * Vnode life and locking, the generic permission check, and the VOP_*
 * calls with their defaults (FreeBSD's vfs_subr.c and vfs_default.c).
 *
 * The reference rule (sys/vnode.h): the count may only drop to zero with
 * the vnode's lock held exclusive, so that a lookup, which takes its new
 * reference under the same lock held shared, can never revive a vnode that
 * VOP_INACTIVE is about to free.  Dropping any other reference is a plain
 * atomic decrement.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/sx.h>
#include <sys/time.h>
#include <sys/ucred.h>
#include <sys/vnode.h>

void
vn_init(struct vnode *vp, enum vtype type, struct mount *mp,
    const struct vop_vector *ops, void *data)
{
	memset(vp, 0, sizeof(*vp));
	vp->v_type = type;
	vp->v_mount = mp;
	vp->v_op = ops;
	vp->v_data = data;
}

void
vref(struct vnode *vp)
{
	int old = __atomic_fetch_add(&vp->v_usecount, 1, __ATOMIC_ACQ_REL);

	if (old < 0)
		panic("vref: vnode %p has usecount %d", vp, old);
}

/* Drop a reference unless it is the last one; 1 if it was dropped. */
static int
vrele_notlast(struct vnode *vp)
{
	int old = __atomic_load_n(&vp->v_usecount, __ATOMIC_RELAXED);

	while (old > 1) {
		if (__atomic_compare_exchange_n(&vp->v_usecount, &old, old - 1, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return (1);
	}
	return (0);
}

void
vrele(struct vnode *vp)
{
	int old;

	if (vrele_notlast(vp))
		return;
	vn_lock(vp, LK_EXCLUSIVE);
	old = __atomic_fetch_sub(&vp->v_usecount, 1, __ATOMIC_ACQ_REL);
	if (old <= 0)
		panic("vrele: vnode %p has usecount %d", vp, old);
	if (old == 1 && vp->v_op->vop_inactive != NULL) {
		/* May free vp, and does not unlock: the mount outlives it. */
		struct mount *mp = vp->v_mount;

		vp->v_op->vop_inactive(vp);
		sx_xunlock(&mp->mnt_lock);
		return;
	}
	VOP_UNLOCK(vp);
}

void
vput(struct vnode *vp)
{
	VOP_UNLOCK(vp);
	vrele(vp);
}

void
vn_lock(struct vnode *vp, int flags)
{
	if (flags & LK_EXCLUSIVE)
		sx_xlock(&vp->v_mount->mnt_lock);
	else
		sx_slock(&vp->v_mount->mnt_lock);
}

void
VOP_UNLOCK(struct vnode *vp)
{
	struct sx *sx = &vp->v_mount->mnt_lock;

	if (sx->sx_owner != NULL)
		sx_xunlock(sx);
	else
		sx_sunlock(sx);
}

void
vattr_null(struct vattr *vap)
{
	memset(vap, 0xff, sizeof(*vap));	/* every field VNOVAL */
	vap->va_type = VNON;
	vap->va_vaflags = 0;
}

/*
 * POSIX permission bits with Linux's rules (generic_permission): the
 * file-system ids decide (cr_fsuid, then cr_fsgid and the supplementary
 * groups), owner, group or other bits, whichever class matches first.
 * Refused, CAP_DAC_OVERRIDE grants reading and writing anything, searching
 * any directory and executing a file with at least one execute bit, and
 * CAP_DAC_READ_SEARCH reading any file and reading or searching any
 * directory.  VADMIN (chmod, utimes...): the owner or CAP_FOWNER, else EPERM.
 */
int
vaccess(enum vtype type, mode_t file_mode, uid_t file_uid, gid_t file_gid,
    int accmode, struct ucred *cred)
{
	mode_t granted = 0;
	int want = accmode & (VREAD | VWRITE | VEXEC | VAPPEND);

	if (want & VAPPEND)
		want = (want & ~VAPPEND) | VWRITE;
	if (accmode & VADMIN)
		return (cred->cr_fsuid == file_uid ||
		    priv_check_wrt(cred, file_uid, file_gid, CAP_FOWNER) == 0 ? 0 : EPERM);
	if (cred->cr_fsuid == file_uid) {
		if (file_mode & S_IRUSR) granted |= VREAD;
		if (file_mode & S_IWUSR) granted |= VWRITE;
		if (file_mode & S_IXUSR) granted |= VEXEC;
	} else if (groupmember(file_gid, cred)) {
		if (file_mode & S_IRGRP) granted |= VREAD;
		if (file_mode & S_IWGRP) granted |= VWRITE;
		if (file_mode & S_IXGRP) granted |= VEXEC;
	} else {
		if (file_mode & S_IROTH) granted |= VREAD;
		if (file_mode & S_IWOTH) granted |= VWRITE;
		if (file_mode & S_IXOTH) granted |= VEXEC;
	}
	if ((want & ~granted) == 0)
		return (0);
	if (type == VDIR) {
		if (!(want & VWRITE) &&
		    priv_check_wrt(cred, file_uid, file_gid, CAP_DAC_READ_SEARCH) == 0)
			return (0);
		return (priv_check_wrt(cred, file_uid, file_gid, CAP_DAC_OVERRIDE) == 0 ?
		    0 : EACCES);
	}
	if ((!(want & VEXEC) || (file_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) != 0) &&
	    priv_check_wrt(cred, file_uid, file_gid, CAP_DAC_OVERRIDE) == 0)
		return (0);
	if (want == VREAD && priv_check_wrt(cred, file_uid, file_gid, CAP_DAC_READ_SEARCH) == 0)
		return (0);
	return (EACCES);
}

void
vfs_timestamp(struct timespec *ts)
{
	nanotime(ts);
}

/* --- the VOP calls ----------------------------------------------------------- */

#define VOP_CALL(vp, op, ...)						\
	((vp)->v_op->op != NULL ? (vp)->v_op->op(__VA_ARGS__) : EOPNOTSUPP)

int
VOP_LOOKUP(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp)
{
	return (VOP_CALL(dvp, vop_lookup, dvp, cnp, vpp));
}

int
VOP_CREATE(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	return (VOP_CALL(dvp, vop_create, dvp, cnp, vap, vpp));
}

int
VOP_MKDIR(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	return (VOP_CALL(dvp, vop_mkdir, dvp, cnp, vap, vpp));
}

int
VOP_SYMLINK(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    const char *target, struct vnode **vpp)
{
	return (VOP_CALL(dvp, vop_symlink, dvp, cnp, vap, target, vpp));
}

int
VOP_LINK(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	return (VOP_CALL(dvp, vop_link, dvp, vp, cnp));
}

int
VOP_REMOVE(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	return (VOP_CALL(dvp, vop_remove, dvp, vp, cnp));
}

int
VOP_RMDIR(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	return (VOP_CALL(dvp, vop_rmdir, dvp, vp, cnp));
}

int
VOP_RENAME(struct vnode *fdvp, struct vnode *fvp, struct componentname *fcnp,
    struct vnode *tdvp, struct vnode *tvp, struct componentname *tcnp)
{
	return (VOP_CALL(fdvp, vop_rename, fdvp, fvp, fcnp, tdvp, tvp, tcnp));
}

/* The default: the owner/group/other bits, and no writes on a read-only mount. */
int
VOP_ACCESS(struct vnode *vp, int accmode, struct ucred *cred)
{
	struct vattr va;
	int error;

	if ((accmode & (VWRITE | VAPPEND)) && (vp->v_mount->mnt_flag & MNT_RDONLY) &&
	    (vp->v_type == VREG || vp->v_type == VDIR || vp->v_type == VLNK))
		return (EROFS);
	if (vp->v_op->vop_access != NULL)
		return (vp->v_op->vop_access(vp, accmode, cred));
	if ((error = VOP_GETATTR(vp, &va)) != 0)
		return (error);
	return (vaccess(vp->v_type, va.va_mode, va.va_uid, va.va_gid, accmode, cred));
}

int
VOP_OPEN(struct vnode *vp, int fflags, struct ucred *cred)
{
	if (vp->v_op->vop_open == NULL)
		return (0);
	return (vp->v_op->vop_open(vp, fflags, cred));
}

int
VOP_CLOSE(struct vnode *vp, int fflags, struct ucred *cred)
{
	if (vp->v_op->vop_close == NULL)
		return (0);
	return (vp->v_op->vop_close(vp, fflags, cred));
}

int
VOP_GETATTR(struct vnode *vp, struct vattr *vap)
{
	return (VOP_CALL(vp, vop_getattr, vp, vap));
}

int
VOP_SETATTR(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	if (vp->v_mount->mnt_flag & MNT_RDONLY)
		return (EROFS);
	return (VOP_CALL(vp, vop_setattr, vp, vap, cred));
}

int
VOP_READ(struct vnode *vp, struct uio *uio, int ioflag)
{
	return (VOP_CALL(vp, vop_read, vp, uio, ioflag));
}

int
VOP_WRITE(struct vnode *vp, struct uio *uio, int ioflag)
{
	return (VOP_CALL(vp, vop_write, vp, uio, ioflag));
}

int
VOP_READDIR(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg)
{
	if (vp->v_type != VDIR)
		return (ENOTDIR);
	return (VOP_CALL(vp, vop_readdir, vp, cookiep, cb, arg));
}

int
VOP_READLINK(struct vnode *vp, struct uio *uio)
{
	if (vp->v_type != VLNK)
		return (EINVAL);
	return (VOP_CALL(vp, vop_readlink, vp, uio));
}

int
VOP_FSYNC(struct vnode *vp)
{
	if (vp->v_op->vop_fsync == NULL)
		return (0);
	return (vp->v_op->vop_fsync(vp));
}
