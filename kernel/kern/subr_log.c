/*
 * The kernel message buffer for user space (FreeBSD's subr_log.c is its
 * /dev/klog): /dev/kmsg (1,11), whose reads give the buffer's text from
 * the file's offset (the oldest kept text first; end of file once read,
 * where Linux would wait and give one record per read) and whose writes,
 * by root, are logged as kernel messages; and syslog(2) (klogctl), which
 * busybox dmesg calls, with Linux's actions and errors.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/msgbuf.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sys/uio.h>

#define KMSG_CHUNK	256

static int
kmsg_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	char buf[KMSG_CHUNK];
	size_t pos = (size_t)uio->uio_offset, n;
	int error = 0;

	(void)dev;
	(void)ioflag;
	while (uio->uio_resid > 0 && error == 0) {
		n = msgbuf_read(&pos, buf, (size_t)uio->uio_resid < sizeof(buf) ?
		    (size_t)uio->uio_resid : sizeof(buf));
		if (n == 0)
			break;
		uio->uio_offset = (off_t)pos - (off_t)n;	/* uiomove adds n */
		error = uiomove(buf, n, uio);
	}
	return (error);
}

static int
kmsg_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	char buf[KMSG_CHUNK];
	size_t n;
	int error = 0;

	(void)dev;
	(void)ioflag;
	if (uio->uio_td != NULL && priv_check_cred(uio->uio_td->td_ucred, CAP_SYSLOG) != 0 &&
	    priv_check_cred(uio->uio_td->td_ucred, CAP_SYS_ADMIN) != 0)
		return (EPERM);
	while (uio->uio_resid > 0 && error == 0) {
		n = (size_t)uio->uio_resid < sizeof(buf) ? (size_t)uio->uio_resid : sizeof(buf);
		if ((error = uiomove(buf, n, uio)) == 0)
			printf("%.*s", (int)n, buf);
	}
	return (error);
}

static int
kmsg_poll(struct cdev *dev, int events, struct thread *td)
{
	(void)dev;
	(void)td;
	return (events & (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM));
}

static const struct cdevsw kmsg_cdevsw = {
	.d_name = "kmsg",
	.d_read = kmsg_read,
	.d_write = kmsg_write,
	.d_poll = kmsg_poll,
};

static void
kmsg_init(const void *dummy __unused)
{
	make_dev(&kmsg_cdevsw, makedev(1, 11), NULL, 0644, "kmsg");
}
SYSINIT(kmsg, SI_SUB_DRIVERS, SI_ORDER_ANY, kmsg_init, NULL);

/* --- syslog(2) ------------------------------------------------------------------ */

/* Linux's SYSLOG_ACTION_* */
enum {
	SYSLOG_CLOSE, SYSLOG_OPEN, SYSLOG_READ, SYSLOG_READ_ALL, SYSLOG_READ_CLEAR,
	SYSLOG_CLEAR, SYSLOG_CONSOLE_OFF, SYSLOG_CONSOLE_ON, SYSLOG_CONSOLE_LEVEL,
	SYSLOG_SIZE_UNREAD, SYSLOG_SIZE_BUFFER,
};

static struct mtx syslog_mtx;		/* the two positions below */
static size_t syslog_readpos;		/* SYSLOG_READ's: what it has not given */
static size_t syslog_clearpos;		/* SYSLOG_CLEAR's: READ_ALL starts here */

static void
syslog_init(const void *dummy __unused)
{
	mtx_init(&syslog_mtx, "syslog", MTX_DEF);
}
SYSINIT(syslog, SI_SUB_KMEM, SI_ORDER_ANY, syslog_init, NULL);

/* Copies the text from *posp to the end (or len bytes of it) to ubuf; bytes copied. */
static int
syslog_copyout(size_t *posp, char *ubuf, size_t len, size_t *donep)
{
	char buf[KMSG_CHUNK];
	size_t n, done = 0;
	int error = 0;

	while (done < len && error == 0) {
		n = msgbuf_read(posp, buf, len - done < sizeof(buf) ? len - done : sizeof(buf));
		if (n == 0)
			break;
		error = copyout(buf, ubuf + done, n);
		done += n;
	}
	*donep = done;
	return (error);
}

int
sys_syslog(struct thread *td, struct syslog_args *uap)
{
	size_t pos, done = 0, total;
	int type = uap->type, error;

	if (type < SYSLOG_CLOSE || type > SYSLOG_SIZE_BUFFER)
		return (EINVAL);
	/* Reading everything is open to all (dmesg_restrict=0); the rest is root's. */
	if (type != SYSLOG_READ_ALL && type != SYSLOG_SIZE_BUFFER &&
	    priv_check_cred(td->td_ucred, CAP_SYSLOG) != 0 &&
	    priv_check_cred(td->td_ucred, CAP_SYS_ADMIN) != 0)
		return (EPERM);
	if (type == SYSLOG_READ || type == SYSLOG_READ_ALL || type == SYSLOG_READ_CLEAR) {
		if (uap->buf == NULL || uap->len < 0)
			return (EINVAL);
		if (uap->len == 0) {
			td->td_retval[0] = 0;
			return (0);
		}
	}
	switch (type) {
	case SYSLOG_READ:
		/* Waits (interruptibly) for text not yet read this way. */
		for (;;) {
			mtx_lock(&syslog_mtx);
			pos = syslog_readpos;
			mtx_unlock(&syslog_mtx);
			if (pos < msgbuf_total())
				break;
			if ((error = tsleep_sig(&syslog_readpos, "syslog", hz > 0 ? hz / 10 : 1)) != 0 &&
			    error != EWOULDBLOCK)
				return (error);
		}
		error = syslog_copyout(&pos, uap->buf, (size_t)uap->len, &done);
		mtx_lock(&syslog_mtx);
		if (pos > syslog_readpos)
			syslog_readpos = pos;
		mtx_unlock(&syslog_mtx);
		break;
	case SYSLOG_READ_ALL:
	case SYSLOG_READ_CLEAR:
		/* The most recent len bytes since the last clear, as Linux gives them. */
		total = msgbuf_total();
		mtx_lock(&syslog_mtx);
		pos = syslog_clearpos;
		if (type == SYSLOG_READ_CLEAR)
			syslog_clearpos = total;
		mtx_unlock(&syslog_mtx);
		if (total - pos > (size_t)uap->len)
			pos = total - (size_t)uap->len;
		error = syslog_copyout(&pos, uap->buf, (size_t)uap->len, &done);
		break;
	case SYSLOG_CLEAR:
		mtx_lock(&syslog_mtx);
		syslog_clearpos = msgbuf_total();
		mtx_unlock(&syslog_mtx);
		error = 0;
		break;
	case SYSLOG_SIZE_UNREAD:
		mtx_lock(&syslog_mtx);
		pos = syslog_readpos;
		mtx_unlock(&syslog_mtx);
		total = msgbuf_total();
		if (pos < total - msgbuf_len())
			pos = total - msgbuf_len();
		done = total - pos;
		error = 0;
		break;
	case SYSLOG_SIZE_BUFFER:
		done = MSGBUF_SIZE;
		error = 0;
		break;
	default:	/* close, open, console off/on/level: nothing to do here */
		error = 0;
		break;
	}
	if (error == 0)
		td->td_retval[0] = done;
	return (error);
}
