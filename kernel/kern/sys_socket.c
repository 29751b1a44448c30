/*
 * Socket descriptors (FreeBSD's sys_socket.c): the fileops of a
 * DTYPE_SOCKET file, so read, write, readv, writev, ioctl, poll, select,
 * epoll, fstat and close work on a socket as on Linux, and the helpers the
 * system calls use to go from a descriptor to its socket and back.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/uio.h>

#define LINUX_FIONREAD	0x541b	/* = SIOCINQ */

static int
soo_read(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct socket *so = fp->f_data;
	struct sorecv sr;
	int error;

	(void)flags;
	memset(&sr, 0, sizeof(sr));
	sr.sr_uio = uio;
	sr.sr_nonblock = (fp->f_flag & FNONBLOCK) != 0;
	error = soreceive(so, &sr, td);
	if (sr.sr_ctl != NULL)
		free(sr.sr_ctl, M_SOCKET);
	return (error);
}

static int
soo_write(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct sockmsg m = { .sm_uio = uio, .sm_nonblock = (fp->f_flag & FNONBLOCK) != 0 };
	ssize_t sent;

	(void)flags;
	return (sosend(fp->f_data, &m, td, &sent));
}

/* FIONREAD: a stream's bytes, a datagram socket's first record (Linux's SIOCINQ). */
static int
so_inq(struct socket *so, int *np)
{
	struct sbrec *r;
	int error = 0;

	mtx_lock(&so->so_mtx);
	if (so->so_options & SOF_ACCEPTCONN)
		error = EINVAL;
	else if (so->so_proto->pr_flags & PR_ATOMIC)
		*np = (r = TAILQ_FIRST(&so->so_rcv.sb_recs)) != NULL ? (int)r->r_len : 0;
	else
		*np = (int)so->so_rcv.sb_cc;
	mtx_unlock(&so->so_mtx);
	return (error);
}

static int
soo_ioctl(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	struct socket *so = fp->f_data;
	int n = 0, error;

	if (cmd == LINUX_FIONREAD) {
		if ((error = so_inq(so, &n)) != 0)
			return (error);
		return (copyout(&n, (void *)arg, sizeof(n)));
	}
	error = ENOIOCTL;
	if (so->so_proto->pr_usrreqs->pru_control != NULL)
		error = so->so_proto->pr_usrreqs->pru_control(so, cmd, arg, td);
	/* As Linux's sock_do_ioctl: what no protocol took goes to the interfaces. */
	if (error == ENOIOCTL)
		error = ifioctl(so, cmd, arg, td);
	if (error == ENOIOCTL)
		error = ENOTTY;
	return (error);
}

static int
soo_poll(struct file *fp, int events, struct thread *td)
{
	struct socket *so = fp->f_data;

	if (so->so_proto->pr_usrreqs->pru_poll != NULL)
		return (so->so_proto->pr_usrreqs->pru_poll(so, events, td));
	return (sopoll(so, events, td));
}

/* Linux's sockfs inode: S_IFSOCK 0777, the creator's fs ids, a page as block size. */
static int
soo_stat(struct file *fp, struct stat *sb, struct thread *td)
{
	struct socket *so = fp->f_data;

	(void)td;
	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFSOCK | S_IRWXU | S_IRWXG | S_IRWXO;
	sb->st_nlink = 1;
	sb->st_ino = so->so_ino;
	sb->st_uid = so->so_cred->cr_fsuid;
	sb->st_gid = so->so_cred->cr_fsgid;
	sb->st_blksize = 4096;
	sb->st_atim = sb->st_mtim = sb->st_ctim = sb->st_birthtim = so->so_ctime;
	return (0);
}

static int
soo_seek(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	(void)fp; (void)offset; (void)whence; (void)newoff; (void)td;
	return (ESPIPE);
}

static int
soo_close(struct file *fp, struct thread *td)
{
	(void)td;
	soclose(fp->f_data);
	return (0);
}

const struct fileops socketops = {
	.fo_read = soo_read,
	.fo_write = soo_write,
	.fo_ioctl = soo_ioctl,
	.fo_poll = soo_poll,
	.fo_stat = soo_stat,
	.fo_seek = soo_seek,
	.fo_close = soo_close,
};

int
getsock(struct thread *td, int fd, struct file **fpp, struct socket **sop)
{
	struct file *fp;
	int error;

	if ((error = fget(td, fd, &fp)) != 0)
		return (error);
	if (fp->f_type != DTYPE_SOCKET) {
		fdrop(fp, td);
		return (ENOTSOCK);
	}
	*fpp = fp;
	*sop = fp->f_data;
	return (0);
}

/* The socket's reference goes to the file: on error the socket is closed. */
int
sofinstall(struct thread *td, struct socket *so, int flags, int *fdp)
{
	struct file *fp;
	int error;

	falloc_noinstall(td, &fp);
	finit(fp, FREAD | FWRITE | ((flags & SOCK_NONBLOCK) ? FNONBLOCK : 0), DTYPE_SOCKET, so,
	    &socketops);
	error = finstall(td, fp, 0, (flags & SOCK_CLOEXEC) ? UF_EXCLOSE : 0, fdp);
	fdrop(fp, td);		/* the table holds its own reference */
	return (error);
}
