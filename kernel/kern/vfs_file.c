/*
 * Files opened through a vnode (FreeBSD's vnops fileops in vfs_vnops.c):
 * read and write at the file offset, lseek, fstat, poll, ioctl, close.
 *
 * User data never meets a vnode lock: a read fills a kernel buffer under
 * the lock, then copies it out without; a write copies in first.  A page
 * fault on the user buffer -- which may itself read a file, as a fault on
 * a program's own text does -- can therefore never wait for a lock the
 * faulting thread holds (sys/vnode.h).  A read or write moves at most
 * VN_BOUNCE bytes per lock hold; O_APPEND writes up to that size are
 * atomic.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/vnode.h>

#define VN_BOUNCE	(64 * 1024)	/* bytes per lock hold */
#define LINUX_FIONREAD	0x541b

MALLOC_DEFINE(M_VNBOUNCE, "vn bounce", "file data on its way to or from user memory");

static size_t
bounce_size(ssize_t resid)
{
	return (resid < VN_BOUNCE ? (size_t)resid : VN_BOUNCE);
}

static int
vn_read(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;
	ssize_t before;
	struct iovec iov;
	struct uio kuio;
	size_t n, got;
	char *buf;
	off_t off;
	int error = 0;

	(void)td;
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (uio->uio_resid == 0)
		return (0);
	off = (flags & FOF_OFFSET) ? uio->uio_offset : foffset_lock(fp);
	buf = malloc(bounce_size(uio->uio_resid), M_VNBOUNCE, M_WAITOK);
	while (uio->uio_resid > 0) {
		n = bounce_size(uio->uio_resid);
		uio_init_kern(&kuio, &iov, buf, n, off, UIO_READ);
		vn_lock(vp, LK_SHARED);
		error = VOP_READ(vp, &kuio, 0);
		VOP_UNLOCK(vp);
		got = n - (size_t)kuio.uio_resid;
		if (error != 0 || got == 0)
			break;
		before = uio->uio_resid;
		error = uiomove(buf, got, uio);
		off += before - uio->uio_resid;	/* what reached the user */
		if (error != 0 || got < n)
			break;
	}
	free(buf, M_VNBOUNCE);
	if (!(flags & FOF_OFFSET))
		foffset_unlock(fp, off);
	return (error);
}

static int
vn_write(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;
	ssize_t start = uio->uio_resid, done = 0, before;
	int ioflag = (fp->f_flag & FAPPEND) || (flags & FOF_APPEND) ? IO_APPEND : 0, error = 0;
	struct iovec iov;
	struct uio kuio;
	size_t n, got;
	char *buf;
	off_t off;

	(void)td;
	if (uio->uio_resid == 0)
		return (0);
	off = (flags & FOF_OFFSET) ? uio->uio_offset : foffset_lock(fp);
	buf = malloc(bounce_size(uio->uio_resid), M_VNBOUNCE, M_WAITOK);
	while (uio->uio_resid > 0) {
		n = bounce_size(uio->uio_resid);
		before = uio->uio_resid;
		error = uiomove(buf, n, uio);
		if ((got = (size_t)(before - uio->uio_resid)) == 0)
			break;
		uio_init_kern(&kuio, &iov, buf, got, off, UIO_WRITE);
		kuio.uio_cred = fp->f_cred;	/* the opener's, for /proc's uid_map (pfs_write) */
		vn_lock(vp, LK_EXCLUSIVE);
		error = VOP_WRITE(vp, &kuio, ioflag);
		VOP_UNLOCK(vp);
		done += (ssize_t)(got - (size_t)kuio.uio_resid);
		off = kuio.uio_offset;
		if (error != 0 || kuio.uio_resid != 0)
			break;
	}
	free(buf, M_VNBOUNCE);
	/* The caller counts what the file took, not what was copied in. */
	uio->uio_resid = start - done;
	if (!(flags & FOF_OFFSET))
		foffset_unlock(fp, off);
	return (error);
}

static int
vn_seek(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;
	struct vattr va;
	off_t base, off;
	int error = 0;

	(void)td;
	off = foffset_lock(fp);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = off;
		break;
	case SEEK_END:
	case SEEK_DATA:
	case SEEK_HOLE:
		if (vp->v_type == VDIR) {
			error = EINVAL;
			goto out;
		}
		if ((error = vn_getattr(vp, &va)) != 0)
			goto out;
		base = whence == SEEK_END ? (off_t)va.va_size : 0;
		if (whence != SEEK_END) {
			/* No holes are reported: all of the file is data, then a hole at its end. */
			if (offset < 0 || (uint64_t)offset >= va.va_size) {
				error = ENXIO;
				goto out;
			}
			offset = whence == SEEK_DATA ? offset : (off_t)va.va_size;
		}
		break;
	default:
		error = EINVAL;
		goto out;
	}
	if ((error = foffset_seek(base, offset, &off)) == 0)
		*newoff = off;
out:
	foffset_unlock(fp, off);
	return (error);
}

static int
vn_statfile(struct file *fp, struct stat *sb, struct thread *td)
{
	(void)td;
	return (vn_stat(fp->f_vnode, sb));
}

static int
vn_poll(struct file *fp, int events, struct thread *td)
{
	(void)fp;
	(void)td;
	return (events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM));
}

static int
vn_ioctl(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;
	struct vattr va;
	int n, error;

	(void)td;
	if (cmd != LINUX_FIONREAD || vp->v_type != VREG)
		return (ENOTTY);
	if ((error = vn_getattr(vp, &va)) != 0)
		return (error);
	n = (uint64_t)fp->f_offset >= va.va_size ? 0 :
	    (int)(va.va_size - (uint64_t)fp->f_offset > INT32_MAX ? INT32_MAX :
	    va.va_size - (uint64_t)fp->f_offset);
	return (copyout(&n, (void *)arg, sizeof(n)));
}

static int
vn_closefile(struct file *fp, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;
	int error = 0;

	(void)td;
	if (!(fp->f_flag & FPATH)) {
		vn_lock(vp, LK_SHARED);
		error = VOP_CLOSE(vp, (int)fp->f_flag, fp->f_cred);
		VOP_UNLOCK(vp);
	}
	vrele(vp);
	return (error);
}

const struct fileops vnops = {
	.fo_read = vn_read,
	.fo_write = vn_write,
	.fo_ioctl = vn_ioctl,
	.fo_poll = vn_poll,
	.fo_stat = vn_statfile,
	.fo_seek = vn_seek,
	.fo_close = vn_closefile,
};
