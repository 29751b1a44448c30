/*
 * Console output for user processes until the file layer exists: write
 * and writev on descriptors 1 and 2 go to the console; everything else is
 * EBADF.  Both are weak: the VFS's sys_write and sys_writev, once linked
 * in, replace them.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysproto.h>

struct l_iovec {
	uint64_t	iov_base;
	uint64_t	iov_len;
};

static int
console_write(const char *ubuf, size_t len, size_t *done)
{
	char buf[128];
	size_t n;
	int error;

	for (*done = 0; *done < len; *done += n) {
		n = len - *done < sizeof(buf) ? len - *done : sizeof(buf);
		if ((error = copyin(ubuf + *done, buf, n)) != 0)
			return (*done > 0 ? 0 : error);
		printf("%.*s", (int)n, buf);
	}
	return (0);
}

__attribute__((weak)) int
sys_write(struct thread *td, struct write_args *uap)
{
	size_t done;
	int error;

	if (uap->fd != 1 && uap->fd != 2)
		return (EBADF);
	if ((error = console_write(uap->buf, uap->nbyte, &done)) != 0)
		return (error);
	td->td_retval[0] = done;
	return (0);
}

__attribute__((weak)) int
sys_writev(struct thread *td, struct writev_args *uap)
{
	struct l_iovec iov;
	size_t total = 0, done;
	int i, error;

	if (uap->fd != 1 && uap->fd != 2)
		return (EBADF);
	if (uap->iovcnt < 0 || uap->iovcnt > 1024)
		return (EINVAL);
	for (i = 0; i < uap->iovcnt; i++) {
		if ((error = copyin(&uap->iovp[i], &iov, sizeof(iov))) != 0)
			return (error);
		if ((error = console_write((const char *)iov.iov_base, iov.iov_len, &done)) != 0)
			return (total > 0 ? 0 : error);
		total += done;
	}
	td->td_retval[0] = total;
	return (0);
}
