/*
 * The system calls every kind of open file shares (FreeBSD's
 * sys_generic.c): read, write, readv, writev, pread64, pwrite64, preadv,
 * pwritev (and their "2" forms), sendfile, lseek and ioctl, dispatched
 * through each file's fileops.  Waiting for
 * readiness (poll, select) is sys_poll.c.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/selinfo.h>
#include <sys/sysproto.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_IOV, "iov", "readv/writev vectors");

#define MAX_RW_COUNT	0x7ffff000	/* Linux: one call moves at most this much */
#define LINUX_FIONCLEX	0x5450
#define LINUX_FIOCLEX	0x5451
#define LINUX_FIONBIO	0x5421

/* --- read and write ------------------------------------------------------------ */

/*
 * One transfer through fo_read/fo_write.  As on Linux, a transfer that
 * moved some bytes before an interruption, a would-block or a bad
 * address returns the count, not the error.
 */
static int
dofileio(struct thread *td, struct file *fp, struct uio *uio, int flags)
{
	ssize_t cnt = uio->uio_resid;
	int error;

	uio->uio_td = td;
	if (uio->uio_rw == UIO_READ)
		error = fp->f_ops->fo_read(fp, uio, flags, td);
	else
		error = fp->f_ops->fo_write(fp, uio, flags, td);
	if (error != 0 && uio->uio_resid != cnt &&
	    (error == EINTR || error == ERESTART || error == EWOULDBLOCK || error == EFAULT ||
	    error == ENOSPC || error == EPIPE))
		error = 0;
	if (error == 0)
		td->td_retval[0] = (uint64_t)(cnt - uio->uio_resid);
	return (error);
}

static int
kern_rw(struct thread *td, int fd, enum uio_rw rw, struct uio *uio, int flags)
{
	struct file *fp;
	int error;

	error = rw == UIO_READ ? fget_read(td, fd, &fp) : fget_write(td, fd, &fp);
	if (error != 0)
		return (error);
	if ((flags & FOF_OFFSET) && (fp->f_type != DTYPE_VNODE ||
	    fp->f_vnode->v_type == VFIFO || fp->f_vnode->v_type == VCHR))
		error = ESPIPE;
	else if ((flags & FOF_OFFSET) && uio->uio_offset < 0)
		error = EINVAL;
	else
		error = dofileio(td, fp, uio, flags);
	fdrop(fp, td);
	return (error);
}

static int
kern_rw1(struct thread *td, int fd, enum uio_rw rw, void *buf, size_t len, off_t off,
    int flags)
{
	struct iovec iov = { buf, len > MAX_RW_COUNT ? MAX_RW_COUNT : len };
	struct uio uio = { &iov, 1, off, (ssize_t)iov.iov_len, UIO_USERSPACE, rw, td };

	return (kern_rw(td, fd, rw, &uio, flags));
}

int
sys_read(struct thread *td, struct read_args *uap)
{
	return (kern_rw1(td, uap->fd, UIO_READ, uap->buf, uap->nbyte, 0, 0));
}

int
sys_write(struct thread *td, struct write_args *uap)
{
	return (kern_rw1(td, uap->fd, UIO_WRITE, (void *)(uintptr_t)uap->buf, uap->nbyte, 0, 0));
}

int
sys_pread64(struct thread *td, struct pread64_args *uap)
{
	return (kern_rw1(td, uap->fd, UIO_READ, uap->buf, uap->nbyte, uap->offset, FOF_OFFSET));
}

int
sys_pwrite64(struct thread *td, struct pwrite64_args *uap)
{
	return (kern_rw1(td, uap->fd, UIO_WRITE, (void *)(uintptr_t)uap->buf, uap->nbyte,
	    uap->offset, FOF_OFFSET));
}

#define SENDFILE_CHUNK	(64 * 1024)	/* the kernel buffer between the two files */

/*
 * sendfile: count bytes from `in` (a file, read at *offset -- which moves
 * -- or at its own offset; or a device) to `out` (any file opened for
 * writing), through a kernel buffer.  Linux's rules (fs/read_write.c
 * do_sendfile): the offset is read first (EFAULT); `in` must be readable
 * (EBADF) and, with an offset, seekable (ESPIPE; a negative one is
 * EINVAL); `out` must be writable (EBADF); a pipe or a directory as `in`,
 * or an O_APPEND `out`, is EINVAL.  Bytes moved before an error, a short
 * write or a short read are what it returns; `in` advances by what
 * reached `out`.  (busybox cat uses it, falling back to read and write.)
 */
int
sys_sendfile(struct thread *td, struct sendfile_args *uap)
{
	struct file *in, *out;
	struct iovec iov;
	struct uio kuio;
	size_t count = uap->count > MAX_RW_COUNT ? MAX_RW_COUNT : uap->count;
	size_t total = 0, n, got, asked;
	off_t pos = 0;
	char *buf;
	int error = 0, rerror, vnode, rflags;

	if (uap->offset != NULL && (error = copyin(uap->offset, &pos, sizeof(pos))) != 0)
		return (error);
	if ((error = fget_read(td, uap->in, &in)) != 0)
		return (error);
	vnode = in->f_type == DTYPE_VNODE;
	if (uap->offset != NULL && !vnode && in->f_type != DTYPE_DEV) {
		error = ESPIPE;
		goto drop_in;
	}
	if (uap->offset == NULL && vnode) {
		pos = foffset_lock(in);
		foffset_unlock(in, pos);
	}
	if (pos < 0) {
		error = EINVAL;
		goto drop_in;
	}
	if ((error = fget_write(td, uap->out, &out)) != 0)
		goto drop_in;
	if ((!vnode && in->f_type != DTYPE_DEV) || (vnode && in->f_vnode->v_type == VDIR) ||
	    (out->f_flag & FAPPEND)) {
		error = EINVAL;
		goto drop_both;
	}
	/* Devices read at their own offset (the terminal and null-like ones ignore it). */
	rflags = vnode ? FOF_OFFSET : 0;
	buf = malloc(count < SENDFILE_CHUNK ? (count > 0 ? count : 1) : SENDFILE_CHUNK, M_TEMP,
	    M_WAITOK);
	while (total < count) {
		asked = count - total < SENDFILE_CHUNK ? count - total : SENDFILE_CHUNK;
		n = asked;
		uio_init_kern(&kuio, &iov, buf, n, pos, UIO_READ);
		kuio.uio_td = td;
		rerror = in->f_ops->fo_read(in, &kuio, rflags, td);
		got = n - (size_t)kuio.uio_resid;
		if (got == 0) {
			error = rerror;
			break;
		}
		uio_init_kern(&kuio, &iov, buf, got, 0, UIO_WRITE);
		kuio.uio_td = td;
		error = out->f_ops->fo_write(out, &kuio, 0, td);
		n = got - (size_t)kuio.uio_resid;	/* what reached out */
		total += n;
		pos += (off_t)n;
		if (error == 0)
			error = rerror;
		/*
		 * A short read ends it too: the end of a file, or all a device
		 * (a terminal) has now -- another read could wait for input
		 * after the caller's end of file was consumed here.
		 */
		if (error != 0 || n < got || got < asked)
			break;
	}
	free(buf, M_TEMP);
	if (total > 0)
		error = 0;	/* as dofileio: the count, not a later error */
	if (error == 0) {
		td->td_retval[0] = total;
		if (uap->offset != NULL)
			error = copyout(&pos, uap->offset, sizeof(pos));
		else if (vnode) {
			foffset_lock(in);
			foffset_unlock(in, pos);
		}
	}
drop_both:
	fdrop(out, td);
drop_in:
	fdrop(in, td);
	return (error);
}

/*
 * Linux's access_ok(): the range lies in user space (mapped or not).  An
 * iovec outside it fails the whole readv/writev with EFAULT before any
 * byte moves; one that is merely unmapped faults when it is reached.
 */
static int
iov_user_range(uint64_t base, uint64_t len)
{
	return (base <= VM_MAXUSER_ADDRESS && len <= VM_MAXUSER_ADDRESS - base);
}

int
copyinuio(const struct l_iovec *uiov, int iovcnt, int rw, struct uio **uiop)
{
	struct l_iovec *liov;
	struct iovec *iov;
	struct uio *uio;
	uint64_t total = 0;
	int i, error;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return (EINVAL);
	liov = malloc(sizeof(*liov) * (size_t)(iovcnt + 1), M_IOV, M_WAITOK);
	uio = malloc(sizeof(*uio) + sizeof(*iov) * (size_t)(iovcnt + 1), M_IOV, M_WAITOK);
	iov = (struct iovec *)(uio + 1);
	if ((error = copyin(uiov, liov, sizeof(*liov) * (size_t)iovcnt)) != 0)
		goto out;
	for (i = 0; i < iovcnt; i++) {
		if (liov[i].iov_len > (uint64_t)INT64_MAX - total) {
			error = EINVAL;
			goto out;
		}
		if (!iov_user_range(liov[i].iov_base, liov[i].iov_len)) {
			error = EFAULT;
			goto out;
		}
		/* Linux truncates the total to MAX_RW_COUNT rather than refusing it. */
		if (total + liov[i].iov_len > MAX_RW_COUNT)
			liov[i].iov_len = MAX_RW_COUNT - total;
		total += liov[i].iov_len;
		iov[i].iov_base = (void *)(uintptr_t)liov[i].iov_base;
		iov[i].iov_len = liov[i].iov_len;
	}
	uio->uio_iov = iov;
	uio->uio_iovcnt = iovcnt;
	uio->uio_offset = 0;
	uio->uio_resid = (ssize_t)total;
	uio->uio_segflg = UIO_USERSPACE;
	uio->uio_rw = (enum uio_rw)rw;
	uio->uio_td = curthread;
out:
	free(liov, M_IOV);
	if (error != 0)
		free(uio, M_IOV);
	else
		*uiop = uio;
	return (error);
}

/*
 * readv/writev and the positioned preadv/pwritev: the user's iovec array,
 * checked as Linux checks it; off is used when flags has FOF_OFFSET.
 */
static int
kern_rwv(struct thread *td, int fd, enum uio_rw rw, const struct l_iovec *uiov, int iovcnt,
    off_t off, int flags)
{
	struct uio *uio;
	int error;

	if ((error = copyinuio(uiov, iovcnt, rw, &uio)) != 0)
		return (error);
	uio->uio_offset = off;
	uio->uio_td = td;
	error = kern_rw(td, fd, rw, uio, flags);
	free(uio, M_IOV);
	return (error);
}

int
sys_readv(struct thread *td, struct readv_args *uap)
{
	return (kern_rwv(td, uap->fd, UIO_READ, uap->iovp, uap->iovcnt, 0, 0));
}

int
sys_writev(struct thread *td, struct writev_args *uap)
{
	return (kern_rwv(td, uap->fd, UIO_WRITE, uap->iovp, uap->iovcnt, 0, 0));
}

/* preadv2/pwritev2 flags (Linux's RWF_*) */
#define RWF_HIPRI	0x01	/* poll for completion: nothing to do without a queue */
#define RWF_DSYNC	0x02	/* O_DSYNC for this write: tmpfs and devices have no cache */
#define RWF_SYNC	0x04	/* O_SYNC for this write: likewise */
#define RWF_APPEND	0x10	/* O_APPEND for this write */
#define RWF_KNOWN	(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_APPEND)

/*
 * preadv, pwritev and their "2" forms.  x86_64 passes the offset whole in
 * pos_l (pos_h is for 32-bit ABIs).  The "2" forms take -1 for "at the
 * file offset, moving it", as readv and writev; any other negative offset
 * is EINVAL, as is every negative offset of preadv/pwritev.  Flags Sanpo
 * does not carry out (RWF_NOWAIT, RWF_ATOMIC...) are EOPNOTSUPP, which is
 * also what Linux says where a file cannot honour them.
 */
static int
kern_prwv(struct thread *td, int fd, enum uio_rw rw, const struct l_iovec *uiov, int iovcnt,
    uint64_t pos, int rwf, int v2)
{
	int flags = FOF_OFFSET;

	if (v2 && (int64_t)pos == -1)
		flags = 0;
	else if ((int64_t)pos < 0)
		return (EINVAL);
	if (rwf & ~RWF_KNOWN)
		return (EOPNOTSUPP);
	if ((rwf & RWF_APPEND) && rw == UIO_WRITE)
		flags |= FOF_APPEND;
	return (kern_rwv(td, fd, rw, uiov, iovcnt, (off_t)pos, flags));
}

int
sys_preadv(struct thread *td, struct preadv_args *uap)
{
	return (kern_prwv(td, uap->fd, UIO_READ, uap->iovp, uap->iovcnt, uap->pos_l, 0, 0));
}

int
sys_pwritev(struct thread *td, struct pwritev_args *uap)
{
	return (kern_prwv(td, uap->fd, UIO_WRITE, uap->iovp, uap->iovcnt, uap->pos_l, 0, 0));
}

int
sys_preadv2(struct thread *td, struct preadv2_args *uap)
{
	return (kern_prwv(td, uap->fd, UIO_READ, uap->iovp, uap->iovcnt, uap->pos_l, uap->flags, 1));
}

int
sys_pwritev2(struct thread *td, struct pwritev2_args *uap)
{
	return (kern_prwv(td, uap->fd, UIO_WRITE, uap->iovp, uap->iovcnt, uap->pos_l, uap->flags,
	    1));
}

int
sys_lseek(struct thread *td, struct lseek_args *uap)
{
	struct file *fp;
	off_t newoff;
	int error;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	if (fp->f_flag & FPATH)
		error = EBADF;
	else
		error = fp->f_ops->fo_seek(fp, uap->offset, uap->whence, &newoff, td);
	fdrop(fp, td);
	if (error == 0)
		td->td_retval[0] = (uint64_t)newoff;
	return (error);
}

/* --- ioctl ----------------------------------------------------------------------- */

int
sys_ioctl(struct thread *td, struct ioctl_args *uap)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp;
	int error, on;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	if (fp->f_flag & FPATH) {
		fdrop(fp, td);
		return (EBADF);
	}
	switch (uap->cmd) {
	case LINUX_FIOCLEX:
	case LINUX_FIONCLEX:
		/* The descriptor's own flag: as fcntl(F_SETFD). */
		sx_xlock(&fdp->fd_sx);
		if (uap->fd < fdp->fd_nfiles && fdp->fd_ofiles[uap->fd].fde_file == fp) {
			if (uap->cmd == LINUX_FIOCLEX)
				fdp->fd_ofiles[uap->fd].fde_flags |= UF_EXCLOSE;
			else
				fdp->fd_ofiles[uap->fd].fde_flags &= ~UF_EXCLOSE;
		}
		sx_xunlock(&fdp->fd_sx);
		break;
	case LINUX_FIONBIO:
		if ((error = copyin((void *)uap->arg, &on, sizeof(on))) != 0)
			break;
		if (on)
			__atomic_or_fetch(&fp->f_flag, FNONBLOCK, __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&fp->f_flag, ~(unsigned)FNONBLOCK, __ATOMIC_RELAXED);
		break;
	default:
		error = fp->f_ops->fo_ioctl(fp, uap->cmd, (uintptr_t)uap->arg, td);
		break;
	}
	fdrop(fp, td);
	return (error);
}
