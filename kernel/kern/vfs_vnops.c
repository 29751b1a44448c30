/*
 * Operations on vnodes with the locking done for the caller: attributes,
 * kernel-space reads and writes, pages for shared mappings, the checks an
 * open makes, and the conversion to struct stat (FreeBSD's vfs_vnops.c;
 * the struct file face of a vnode is in vfs_file.c).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vnode.h>

int
vn_getattr(struct vnode *vp, struct vattr *vap)
{
	int error;

	vn_lock(vp, LK_SHARED);
	error = VOP_GETATTR(vp, vap);
	VOP_UNLOCK(vp);
	return (error);
}

int
vn_rdwr_kern(struct vnode *vp, enum uio_rw rw, void *buf, size_t len, off_t off,
    size_t *resid)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if (off < 0 || len > (size_t)INT64_MAX)
		return (EINVAL);
	uio_init_kern(&uio, &iov, buf, len, off, rw);
	if (rw == UIO_READ) {
		vn_lock(vp, LK_SHARED);
		error = VOP_READ(vp, &uio, 0);
	} else {
		vn_lock(vp, LK_EXCLUSIVE);
		error = VOP_WRITE(vp, &uio, 0);
	}
	VOP_UNLOCK(vp);
	if (resid != NULL)
		*resid = (size_t)uio.uio_resid;
	else if (error == 0 && uio.uio_resid != 0)
		error = EIO;		/* the caller wanted it all */
	return (error);
}

int
vn_getpage(struct vnode *vp, uint64_t pgindex, uint64_t *pap)
{
	if (vp->v_type != VREG)
		return (EINVAL);
	if (vp->v_op->vop_getpage == NULL)
		return (EOPNOTSUPP);
	return (vp->v_op->vop_getpage(vp, pgindex, pap));
}

/*
 * The checks open(2) makes on the vnode it found, then VOP_OPEN, with
 * Linux's errors in Linux's order: ENOTDIR for O_DIRECTORY on anything
 * else, ELOOP for a symlink (O_NOFOLLOW), EISDIR for writing a directory,
 * EACCES from the permission bits; O_TRUNC empties a regular file opened for writing.
 * fmode is FFLAGS(open flags).  vp is unlocked, referenced.
 */
int
vn_open_vnode(struct vnode *vp, int fmode, struct ucred *cred)
{
	int accmode = 0, error;
	struct vattr va;

	if ((fmode & O_DIRECTORY) && vp->v_type != VDIR)
		return (ENOTDIR);
	if (fmode & O_PATH)
		return (0);
	if (vp->v_type == VLNK)
		return (ELOOP);
	if (vp->v_type == VSOCK)
		return (ENXIO);
	if (vp->v_type == VDIR && (fmode & (FWRITE | O_TRUNC | O_CREAT)))
		return (EISDIR);
	if (fmode & FREAD)
		accmode |= VREAD;
	if (fmode & (FWRITE | O_TRUNC))
		accmode |= (fmode & O_APPEND) ? VAPPEND : VWRITE;
	vn_lock(vp, (fmode & O_TRUNC) ? LK_EXCLUSIVE : LK_SHARED);
	if (accmode != 0 && (error = VOP_ACCESS(vp, accmode, cred)) != 0)
		goto out;
	if ((fmode & O_TRUNC) && vp->v_type == VREG) {
		vattr_null(&va);
		va.va_size = 0;
		if ((error = VOP_SETATTR(vp, &va, cred)) != 0)
			goto out;
	}
	error = VOP_OPEN(vp, fmode, cred);
out:
	VOP_UNLOCK(vp);
	return (error);
}

/* The file type bits stat shows for a vnode type. */
static mode_t
vttoif(enum vtype type)
{
	switch (type) {
	case VREG:	return (S_IFREG);
	case VDIR:	return (S_IFDIR);
	case VBLK:	return (S_IFBLK);
	case VCHR:	return (S_IFCHR);
	case VLNK:	return (S_IFLNK);
	case VSOCK:	return (S_IFSOCK);
	case VFIFO:	return (S_IFIFO);
	default:	return (0);
	}
}

int
vn_stat(struct vnode *vp, struct stat *sb)
{
	struct vattr va;
	int error;

	if ((error = vn_getattr(vp, &va)) != 0)
		return (error);
	memset(sb, 0, sizeof(*sb));
	sb->st_dev = va.va_fsid;
	sb->st_ino = va.va_fileid;
	sb->st_mode = vttoif(va.va_type) | (va.va_mode & ALLPERMS);
	sb->st_nlink = va.va_nlink;
	sb->st_uid = va.va_uid;
	sb->st_gid = va.va_gid;
	sb->st_rdev = va.va_rdev;
	sb->st_size = (off_t)va.va_size;
	sb->st_blksize = va.va_blocksize;
	sb->st_blocks = (va.va_bytes + 511) / 512;
	sb->st_atim = va.va_atime;
	sb->st_mtim = va.va_mtime;
	sb->st_ctim = va.va_ctime;
	sb->st_birthtim = va.va_birthtime;
	return (0);
}
