/*
 * I/O descriptors (FreeBSD's struct uio): where the bytes of a read or a
 * write go, as a list of buffers in user or kernel space, with the file
 * offset and the count still to move.  File systems and devices move data
 * with uiomove(), which copies to or from user space with copyin/copyout
 * (a bad user pointer is EFAULT) and advances the descriptor.
 *
 * struct iovec has Linux's layout (pointer, length), so readv/writev pass
 * the user's array after copying it in.
 */
#ifndef SYS_UIO_H
#define SYS_UIO_H

#include <sys/types.h>

#define UIO_MAXIOV	1024	/* readv/writev: at most this many buffers (IOV_MAX) */

struct thread;

struct iovec {
	void		*iov_base;	/* start */
	size_t		 iov_len;	/* bytes */
};

enum uio_rw {
	UIO_READ,			/* data moves from the file to the buffers */
	UIO_WRITE,			/* data moves from the buffers to the file */
};

enum uio_seg {
	UIO_USERSPACE,			/* buffers are user addresses */
	UIO_SYSSPACE,			/* buffers are kernel addresses */
};

struct uio {
	struct iovec	*uio_iov;	/* buffers (advanced as they are used) */
	int		 uio_iovcnt;	/* buffers left */
	off_t		 uio_offset;	/* file offset */
	ssize_t		 uio_resid;	/* bytes left to move */
	enum uio_seg	 uio_segflg;	/* whose addresses the buffers are */
	enum uio_rw	 uio_rw;	/* direction */
	struct thread	*uio_td;	/* owner of user buffers */
	struct ucred	*uio_cred;	/* VOP_WRITE: the open file's f_cred (vn_write), or NULL
					   (uio_init_kern); pseudofs hands it to /proc's stores */
};

/* Move n bytes between kernel buffer cp and the descriptor; 0 or EFAULT. */
int	uiomove(void *cp, size_t n, struct uio *uio);
/* A one-buffer kernel-space descriptor over iov. */
void	uio_init_kern(struct uio *uio, struct iovec *iov, void *buf, size_t len,
	    off_t off, enum uio_rw rw);

#endif
