/*
 * uiomove: copy between a kernel buffer and the buffers a struct uio
 * describes, in either direction, advancing the descriptor (FreeBSD's
 * subr_uio.c).  User buffers go through copyin/copyout, so a bad user
 * pointer is EFAULT, with the descriptor advanced over what was copied.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>

int
uiomove(void *cp, size_t n, struct uio *uio)
{
	char *kp = cp;
	int error = 0;

	while (n > 0 && uio->uio_resid > 0 && uio->uio_iovcnt > 0) {
		struct iovec *iov = uio->uio_iov;
		size_t cnt = iov->iov_len;

		if (cnt == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (cnt > n)
			cnt = n;
		if ((ssize_t)cnt > uio->uio_resid)
			cnt = (size_t)uio->uio_resid;
		if (uio->uio_segflg == UIO_USERSPACE)
			error = uio->uio_rw == UIO_READ ? copyout(kp, iov->iov_base, cnt) :
			    copyin(iov->iov_base, kp, cnt);
		else if (uio->uio_rw == UIO_READ)
			memcpy(iov->iov_base, kp, cnt);
		else
			memcpy(kp, iov->iov_base, cnt);
		if (error != 0)
			return (error);
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= (ssize_t)cnt;
		uio->uio_offset += (off_t)cnt;
		kp += cnt;
		n -= cnt;
	}
	return (0);
}

void
uio_init_kern(struct uio *uio, struct iovec *iov, void *buf, size_t len, off_t off,
    enum uio_rw rw)
{
	iov->iov_base = buf;
	iov->iov_len = len;
	uio->uio_iov = iov;
	uio->uio_iovcnt = 1;
	uio->uio_offset = off;
	uio->uio_resid = (ssize_t)len;
	uio->uio_segflg = UIO_SYSSPACE;
	uio->uio_rw = rw;
	uio->uio_td = NULL;
	uio->uio_cred = NULL;
}
