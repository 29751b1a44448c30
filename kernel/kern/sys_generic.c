/*
 * The system calls every kind of open file shares (FreeBSD's
 * sys_generic.c): read, write, readv, writev, pread64, pwrite64, lseek,
 * ioctl and poll, dispatched through each file's fileops; and the wait
 * for readiness that poll and the files' fo_poll share (selrecord/
 * selwakeup, sys/selinfo.h).
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

MALLOC_DEFINE(M_IOV, "iov", "readv/writev and poll arguments");

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

/* readv/writev: the user's iovec array, checked as Linux checks it. */
static int
kern_rwv(struct thread *td, int fd, enum uio_rw rw, const struct l_iovec *uiov, int iovcnt)
{
	struct l_iovec *liov;
	struct iovec *iov;
	struct uio uio;
	uint64_t total = 0;
	int i, error;

	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return (EINVAL);
	liov = malloc(sizeof(*liov) * (size_t)(iovcnt + 1), M_IOV, M_WAITOK);
	iov = malloc(sizeof(*iov) * (size_t)(iovcnt + 1), M_IOV, M_WAITOK);
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
	uio.uio_iov = iov;
	uio.uio_iovcnt = iovcnt;
	uio.uio_offset = 0;
	uio.uio_resid = (ssize_t)total;
	uio.uio_segflg = UIO_USERSPACE;
	uio.uio_rw = rw;
	uio.uio_td = td;
	error = kern_rw(td, fd, rw, &uio, 0);
out:
	free(liov, M_IOV);
	free(iov, M_IOV);
	return (error);
}

int
sys_readv(struct thread *td, struct readv_args *uap)
{
	return (kern_rwv(td, uap->fd, UIO_READ, uap->iovp, uap->iovcnt));
}

int
sys_writev(struct thread *td, struct writev_args *uap)
{
	return (kern_rwv(td, uap->fd, UIO_WRITE, uap->iovp, uap->iovcnt));
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

/* --- waiting for readiness: selrecord/selwakeup and poll --------------------------- */

/*
 * One generation counter for all waiters: a poller notes it, scans its
 * files, and sleeps only if no selwakeup() bumped it meanwhile, so a
 * wakeup between the scan and the sleep is never lost.  Every wakeup
 * wakes every poller, which rescans; simple, and enough while pollers
 * are few (a per-object wait list can replace it without changing the
 * interface).
 */
static struct mtx select_mtx;
static uint64_t select_gen;

static void
select_init(const void *dummy __unused)
{
	mtx_init(&select_mtx, "select", MTX_DEF);
}
SYSINIT(select, SI_SUB_VFS, SI_ORDER_SECOND, select_init, NULL);

void
selrecord(struct thread *td, struct selinfo *sip)
{
	(void)td;
	(void)sip;		/* every poller waits on the one counter */
}

void
selwakeup(struct selinfo *sip)
{
	(void)sip;
	mtx_lock(&select_mtx);
	select_gen++;
	mtx_unlock(&select_mtx);
	wakeup(&select_gen);
}

/* revents for every entry; the number of entries with any. */
static int
poll_scan(struct thread *td, struct l_pollfd *fds, unsigned nfds)
{
	struct file *fp;
	unsigned i;
	int n = 0;

	for (i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (fget(td, fds[i].fd, &fp) != 0) {
			fds[i].revents = POLLNVAL;
		} else {
			/* Errors and hang-ups are reported whether asked for or not. */
			fds[i].revents = (int16_t)(fp->f_ops->fo_poll(fp,
			    (uint16_t)fds[i].events | POLLERR | POLLHUP, td) &
			    ((uint16_t)fds[i].events | POLLERR | POLLHUP));
			fdrop(fp, td);
		}
		if (fds[i].revents != 0)
			n++;
	}
	return (n);
}

/* timo_ticks: -1 forever, 0 do not wait. */
static int
kern_poll(struct thread *td, struct l_pollfd *fds, unsigned nfds, int64_t timo_ticks)
{
	uint64_t gen, deadline = ticks + (uint64_t)(timo_ticks > 0 ? timo_ticks : 0);
	int n, error;

	for (;;) {
		mtx_lock(&select_mtx);
		gen = select_gen;
		mtx_unlock(&select_mtx);
		if ((n = poll_scan(td, fds, nfds)) != 0 || timo_ticks == 0)
			break;
		mtx_lock(&select_mtx);
		if (gen != select_gen) {
			mtx_unlock(&select_mtx);
			continue;
		}
		if (timo_ticks > 0 && ticks >= deadline) {
			mtx_unlock(&select_mtx);
			break;
		}
		error = msleep_sig(&select_gen, &select_mtx, "poll",
		    timo_ticks > 0 ? (int)(deadline - ticks) : 0);
		mtx_unlock(&select_mtx);
		if (error == EINTR || error == ERESTART)
			return (EINTR);
	}
	td->td_retval[0] = (uint64_t)n;
	return (0);
}

int
sys_poll(struct thread *td, struct poll_args *uap)
{
	struct l_pollfd *fds;
	int64_t timo;
	int error;

	if (uap->nfds > (unsigned)td->td_proc->p_fd->fd_maxfiles)
		return (EINVAL);
	fds = malloc(sizeof(*fds) * (uap->nfds + 1), M_IOV, M_WAITOK);
	if ((error = copyin(uap->fds, fds, sizeof(*fds) * uap->nfds)) != 0)
		goto out;
	/* Milliseconds to ticks, rounded up: never return before the time asked. */
	timo = uap->timeout < 0 ? -1 :
	    ((int64_t)uap->timeout * hz + 999) / 1000 + (uap->timeout > 0 ? 1 : 0);
	if ((error = kern_poll(td, fds, uap->nfds, timo)) == 0)
		error = copyout(fds, uap->fds, sizeof(*fds) * uap->nfds);
out:
	free(fds, M_IOV);
	return (error);
}
