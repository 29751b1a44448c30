/*
 * Pipes (FreeBSD's sys_pipe.c, much smaller): a 64 KiB ring between a
 * read end and a write end, with Linux's semantics -- writes of up to
 * PIPE_BUF bytes are atomic, a read returns what is there (at least a
 * byte), end of file once every writer has closed, EPIPE once every
 * reader has, O_NONBLOCK gives EAGAIN -- and pipe(2), pipe2(2).
 *
 * One reader and one writer move data at a time (p_rbusy, p_wbusy); they
 * copy to and from user memory with the pipe's mutex released, the
 * reader within the filled part of the ring and the writer within the
 * free part, so neither ever faults with a lock held.
 *
 * Named pipes (FIFOs, FreeBSD's fifofs) are the same pipe hung off the
 * file's vnode (v_fifoinfo) while anybody has it open, with Linux's
 * fifo_open rules: a read-only open waits for a writer and a write-only
 * open for a reader (O_NONBLOCK: the reader goes on, the writer gets
 * ENXIO), O_RDWR never waits.
 *
 * A pipe(2) pipe opens again through /proc/<pid>/fd/N as on Linux, where
 * its inode is a FIFO's: the magic link leads to a vnode of its own
 * (pipe_vnode, on the mount-list-less "pipefs") whose v_fifoinfo is the
 * pipe, and fifo_open_file opens that like a FIFO, but with Linux's
 * is_pipe exceptions: no waiting for the other side, no ENXIO.  Each such
 * vnode holds the pipe (p_holds), so the pipe goes with its last end and
 * last vnode.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/selinfo.h>
#include <sys/signalvar.h>
#include <sys/stat.h>
#include <sys/sx.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/ucred.h>
#include <sys/vnode.h>

#define PIPE_SIZE	(64 * 1024)	/* Linux's default: 16 pages */
#define PIPE_BUF	4096		/* writes up to this size are atomic */
#define LINUX_FIONREAD	0x541b

MALLOC_DEFINE(M_PIPE, "pipe", "pipes and their buffers");

struct pipe {
	struct mtx	 p_mtx;		/* guards all below */
	uint8_t		*p_buf;		/* PIPE_SIZE bytes */
	size_t		 p_in;		/* where the next byte goes */
	size_t		 p_out;		/* where the next byte comes from */
	size_t		 p_cnt;		/* bytes in the ring */
	int		 p_readers;	/* open read ends */
	int		 p_writers;	/* open write ends */
	int		 p_rbusy;	/* a reader is moving data */
	int		 p_wbusy;	/* a writer is moving data */
	ino_t		 p_ino;		/* what fstat shows */
	struct timespec	 p_ctime;
	struct selinfo	 p_sel;
	struct vnode	*p_vnode;	/* a FIFO's vnode, NULL for pipe(2) */
	int		 p_holds;	/* pipe(2): pipefs vnodes of it (pipe_vnode) */
	uid_t		 p_uid;		/* pipe(2): its creator, the owner stat shows */
	gid_t		 p_gid;
	unsigned	 p_rgen;	/* FIFO: opens for reading so far */
	unsigned	 p_wgen;	/* FIFO: opens for writing so far */
};

/*
 * Guards every vnode's v_fifoinfo, so that an open finding a FIFO's pipe
 * and the last close taking it away do not cross.  Order: fifo_mtx, then
 * a pipe's p_mtx.
 */
static struct mtx fifo_mtx;

static void
fifo_init(const void *dummy __unused)
{
	mtx_init(&fifo_mtx, "fifo", MTX_DEF);
}
SYSINIT(fifo, SI_SUB_VFS, SI_ORDER_SECOND, fifo_init, NULL);

static uint64_t pipe_ino = 1;

/* Wake everybody who may wait on p (p_mtx held or not). */
static void
pipe_wakeup(struct pipe *p)
{
	wakeup(p);
	selwakeup(&p->p_sel);
}

/* Wait for `flag` (p_rbusy or p_wbusy) to be free, then take it (p_mtx held). */
static int
pipe_busy(struct pipe *p, int *flag)
{
	int error;

	while (*flag) {
		if ((error = msleep_sig(flag, &p->p_mtx, "pipebusy", 0)) != 0)
			return (error);
	}
	*flag = 1;
	return (0);
}

static void
pipe_unbusy(struct pipe *p, int *flag)
{
	*flag = 0;
	wakeup(flag);
	(void)p;
}

static struct pipe *
pipe_alloc(void)
{
	struct pipe *p = malloc(sizeof(*p), M_PIPE, M_WAITOK | M_ZERO);

	p->p_buf = malloc(PIPE_SIZE, M_PIPE, M_WAITOK);
	mtx_init(&p->p_mtx, "pipe", MTX_DEF);
	p->p_ino = __atomic_fetch_add(&pipe_ino, 1, __ATOMIC_RELAXED);
	nanotime(&p->p_ctime);
	return (p);
}

static void
pipe_free(struct pipe *p)
{
	free(p->p_buf, M_PIPE);
	free(p, M_PIPE);
}

static int
pipe_read(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct pipe *p = fp->f_data;
	ssize_t start = uio->uio_resid;
	size_t n;
	int error;

	(void)flags;
	(void)td;
	mtx_lock(&p->p_mtx);
	if ((error = pipe_busy(p, &p->p_rbusy)) != 0)
		goto out;
	for (;;) {
		while (p->p_cnt > 0 && uio->uio_resid > 0) {
			n = p->p_cnt;
			if (n > PIPE_SIZE - p->p_out)
				n = PIPE_SIZE - p->p_out;
			if (n > (size_t)uio->uio_resid)
				n = (size_t)uio->uio_resid;
			mtx_unlock(&p->p_mtx);
			error = uiomove(p->p_buf + p->p_out, n, uio);
			mtx_lock(&p->p_mtx);
			if (error != 0)
				break;
			p->p_out = (p->p_out + n) % PIPE_SIZE;
			p->p_cnt -= n;
			pipe_wakeup(p);		/* room for writers */
		}
		if (error != 0 || uio->uio_resid != start || uio->uio_resid == 0)
			break;
		if (p->p_writers == 0)
			break;			/* end of file */
		if (fp->f_flag & FNONBLOCK) {
			error = EAGAIN;
			break;
		}
		if ((error = msleep_sig(p, &p->p_mtx, "piperd", 0)) != 0)
			break;
	}
	pipe_unbusy(p, &p->p_rbusy);
out:
	mtx_unlock(&p->p_mtx);
	return (error);
}

static int
pipe_write(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct pipe *p = fp->f_data;
	int atomic = uio->uio_resid <= PIPE_BUF, error;
	size_t space, n;

	(void)flags;
	mtx_lock(&p->p_mtx);
	if ((error = pipe_busy(p, &p->p_wbusy)) != 0)
		goto out;
	while (uio->uio_resid > 0) {
		if (p->p_readers == 0) {
			error = EPIPE;
			break;
		}
		space = PIPE_SIZE - p->p_cnt;
		if (space == 0 || (atomic && space < (size_t)uio->uio_resid)) {
			if (fp->f_flag & FNONBLOCK) {
				error = EAGAIN;
				break;
			}
			if ((error = msleep_sig(p, &p->p_mtx, "pipewr", 0)) != 0)
				break;
			continue;
		}
		n = space;
		if (n > PIPE_SIZE - p->p_in)
			n = PIPE_SIZE - p->p_in;
		if (n > (size_t)uio->uio_resid)
			n = (size_t)uio->uio_resid;
		mtx_unlock(&p->p_mtx);
		error = uiomove(p->p_buf + p->p_in, n, uio);
		mtx_lock(&p->p_mtx);
		if (error != 0)
			break;
		p->p_in = (p->p_in + n) % PIPE_SIZE;
		p->p_cnt += n;
		pipe_wakeup(p);			/* data for readers */
	}
	pipe_unbusy(p, &p->p_wbusy);
out:
	mtx_unlock(&p->p_mtx);
	/* Writing to a pipe nobody reads: SIGPIPE, as well as EPIPE. */
	if (error == EPIPE)
		kern_tdsignal(td, SIGPIPE, NULL);
	return (error);
}

static int
pipe_ioctl(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	struct pipe *p = fp->f_data;
	int n;

	(void)td;
	if (cmd != LINUX_FIONREAD)
		return (ENOTTY);
	mtx_lock(&p->p_mtx);
	n = (int)p->p_cnt;
	mtx_unlock(&p->p_mtx);
	return (copyout(&n, (void *)arg, sizeof(n)));
}

static int
pipe_poll(struct file *fp, int events, struct thread *td)
{
	struct pipe *p = fp->f_data;
	int revents = 0;

	mtx_lock(&p->p_mtx);
	if (fp->f_flag & FREAD) {
		if (p->p_cnt > 0)
			revents |= events & (POLLIN | POLLRDNORM);
		/* A FIFO hangs up once a writer came and went after this open (Linux). */
		if (p->p_writers == 0 && (p->p_vnode == NULL || fp->f_pipegen != p->p_wgen))
			revents |= POLLHUP;
	}
	if (fp->f_flag & FWRITE) {
		if (p->p_cnt < PIPE_SIZE)
			revents |= events & (POLLOUT | POLLWRNORM);
		if (p->p_readers == 0)
			revents |= POLLERR;
	}
	if (revents == 0)
		selrecord(td, &p->p_sel);
	mtx_unlock(&p->p_mtx);
	return (revents);
}

static int
pipe_stat(struct file *fp, struct stat *sb, struct thread *td)
{
	struct pipe *p = fp->f_data;

	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFIFO | S_IRUSR | S_IWUSR;
	sb->st_nlink = 1;
	sb->st_ino = p->p_ino;
	sb->st_uid = p->p_uid;
	sb->st_gid = p->p_gid;
	sb->st_blksize = PIPE_BUF;
	sb->st_atim = sb->st_mtim = sb->st_ctim = sb->st_birthtim = p->p_ctime;
	(void)td;
	return (0);
}

static int
pipe_seek(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	(void)fp; (void)offset; (void)whence; (void)newoff; (void)td;
	return (ESPIPE);
}

/*
 * Let go of one end (fflag: FREAD and/or FWRITE) or, with `unhold`, of
 * one pipefs vnode: the pipe leaves a FIFO's vnode and is freed with the
 * last.  fifo_mtx keeps an open finding
 * the pipe on the vnode from crossing this.
 */
static void
pipe_release(struct pipe *p, unsigned fflag, int unhold)
{
	int last;

	mtx_lock(&fifo_mtx);
	mtx_lock(&p->p_mtx);
	if (fflag & FREAD)
		p->p_readers--;
	if (fflag & FWRITE)
		p->p_writers--;
	if (unhold)
		p->p_holds--;
	last = p->p_readers == 0 && p->p_writers == 0 && p->p_holds == 0;
	/*
	 * Wake the other end's sleepers before letting go: once p_mtx is
	 * released, the other end's close may free the pipe.
	 */
	if (last && p->p_vnode != NULL)
		p->p_vnode->v_fifoinfo = NULL;
	else if (!last)
		pipe_wakeup(p);		/* end of file for readers, EPIPE for writers */
	mtx_unlock(&p->p_mtx);
	mtx_unlock(&fifo_mtx);
	if (last)
		pipe_free(p);
}

static int
pipe_close(struct file *fp, struct thread *td)
{
	(void)td;
	pipe_release(fp->f_data, fp->f_flag, 0);
	return (0);
}

static const struct fileops pipeops = {
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_ioctl = pipe_ioctl,
	.fo_poll = pipe_poll,
	.fo_stat = pipe_stat,
	.fo_seek = pipe_seek,
	.fo_close = pipe_close,
};

/* --- named pipes ---------------------------------------------------------------------------- */

static int
fifo_close(struct file *fp, struct thread *td)
{
	struct vnode *vp = fp->f_vnode;

	(void)td;
	pipe_release(fp->f_data, fp->f_flag, 0);
	vrele(vp);
	return (0);
}

/* The FIFO's own attributes (owner, mode, times), not the pipe's. */
static int
fifo_stat(struct file *fp, struct stat *sb, struct thread *td)
{
	(void)td;
	return (vn_stat(fp->f_vnode, sb));
}

static const struct fileops fifoops = {
	.fo_read = pipe_read,
	.fo_write = pipe_write,
	.fo_ioctl = pipe_ioctl,
	.fo_poll = pipe_poll,
	.fo_stat = fifo_stat,
	.fo_seek = pipe_seek,
	.fo_close = fifo_close,
};

/* Sleep until *gen moves on from what it was (p_mtx held): the other side opened. */
static int
fifo_wait_partner(struct pipe *p, unsigned *gen)
{
	unsigned was = *gen;
	int error;

	while (*gen == was) {
		if ((error = msleep_sig(p, &p->p_mtx, "fifoor", 0)) != 0)
			return (error);
	}
	return (0);
}

int
fifo_open_file(struct thread *td, struct file *fp, struct vnode *vp, unsigned fflag)
{
	unsigned rw = fflag & (FREAD | FWRITE);
	struct pipe *p, *fresh = NULL, *unused = NULL;
	int error = 0, named;

	(void)td;
	if (rw == 0)
		return (EINVAL);	/* access mode 3: Linux's fifo_open knows no such side */
	for (;;) {
		mtx_lock(&fifo_mtx);
		if ((p = vp->v_fifoinfo) != NULL || fresh != NULL)
			break;
		mtx_unlock(&fifo_mtx);
		fresh = pipe_alloc();		/* may sleep: not under fifo_mtx */
	}
	if (p == NULL) {
		p = vp->v_fifoinfo = fresh;
		p->p_vnode = vp;
		fresh = NULL;
	}
	/* Linux's is_pipe: a pipe(2) pipe opened again neither waits nor fails. */
	named = p->p_vnode == vp;
	mtx_lock(&p->p_mtx);
	if (named && rw == FWRITE && (fflag & FNONBLOCK) && p->p_readers == 0) {
		/* Nobody to read: ENXIO, and a pipe nobody has leaves the vnode again. */
		if (p->p_writers == 0) {
			vp->v_fifoinfo = NULL;
			unused = p;
		}
		error = ENXIO;
	} else {
		if (rw & FREAD) {
			p->p_readers++;
			p->p_rgen++;
		}
		if (rw & FWRITE) {
			p->p_writers++;
			p->p_wgen++;
		}
	}
	mtx_unlock(&fifo_mtx);
	if (error != 0) {
		mtx_unlock(&p->p_mtx);
		if (unused != NULL)
			pipe_free(unused);
		if (fresh != NULL)
			pipe_free(fresh);
		return (error);
	}
	pipe_wakeup(p);			/* whoever waits for this side to open */
	if (named && rw == FREAD && p->p_writers == 0 && !(fflag & FNONBLOCK))
		error = fifo_wait_partner(p, &p->p_wgen);
	else if (named && rw == FWRITE && p->p_readers == 0)
		error = fifo_wait_partner(p, &p->p_rgen);
	fp->f_pipegen = p->p_wgen;
	mtx_unlock(&p->p_mtx);
	if (fresh != NULL)
		pipe_free(fresh);
	if (error != 0) {
		pipe_release(p, rw, 0);	/* interrupted: EINTR, or ERESTART with SA_RESTART */
		return (error);
	}
	finit(fp, fflag & FMASK, DTYPE_FIFO, p, &fifoops);
	return (0);
}

/* --- pipe(2) pipes through /proc/<pid>/fd --------------------------------------------- */

static const struct vfsops pipefs_vfsops;
static const struct vfsconf pipefs_vfsconf = { "pipefs", &pipefs_vfsops };
static struct mount pipefs_mount;
#define PIPEFS_MAGIC	0x50495045	/* Linux's */

/* What fstat shows of the pipe (pipe_stat) as attributes: mode 0600, its creator's. */
static int
pipefs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct pipe *p = vp->v_data;

	memset(vap, 0, sizeof(*vap));
	vap->va_type = VFIFO;
	vap->va_mode = S_IRUSR | S_IWUSR;
	vap->va_nlink = 1;
	vap->va_uid = p->p_uid;
	vap->va_gid = p->p_gid;
	vap->va_fsid = pipefs_mount.mnt_dev;
	vap->va_fileid = p->p_ino;
	vap->va_blocksize = PIPE_BUF;
	vap->va_atime = vap->va_mtime = vap->va_ctime = vap->va_birthtime = p->p_ctime;
	return (0);
}

static void
pipefs_inactive(struct vnode *vp)
{
	pipe_release(vp->v_data, 0, 1);
	free(vp, M_PIPE);
}

static const struct vop_vector pipefs_vnodeops = {
	.vop_getattr = pipefs_getattr,
	.vop_inactive = pipefs_inactive,
};

int
pipe_vnode(struct file *fp, struct vnode **vpp)
{
	struct vnode *vp = malloc(sizeof(*vp), M_PIPE, M_WAITOK | M_ZERO);
	struct pipe *p = fp->f_data;

	mtx_lock(&p->p_mtx);
	p->p_holds++;			/* fp's end keeps p alive until here */
	mtx_unlock(&p->p_mtx);
	vn_init(vp, VFIFO, &pipefs_mount, &pipefs_vnodeops, p);
	vp->v_fifoinfo = p;		/* for good: p_vnode stays NULL */
	vref(vp);
	*vpp = vp;
	return (0);
}

int
pipe_anonymous(const struct file *fp)
{
	return (fp->f_type == DTYPE_PIPE ||
	    (fp->f_type == DTYPE_FIFO && fp->f_vnode->v_op == &pipefs_vnodeops));
}

static void
pipefs_init(const void *dummy __unused)
{
	sx_init(&pipefs_mount.mnt_lock, "pipefs");
	pipefs_mount.mnt_vfc = &pipefs_vfsconf;
	pipefs_mount.mnt_flag = MNT_NOSUID | MNT_NOEXEC;
	pipefs_mount.mnt_stat.f_type = PIPEFS_MAGIC;
}
SYSINIT(pipefs, SI_SUB_VFS, SI_ORDER_ANY, pipefs_init, NULL);

/* --- pipe(2) ---------------------------------------------------------------------------- */

static int
kern_pipe2(struct thread *td, int *ufds, int lflags)
{
	struct file *rf, *wf;
	int fds[2], fdflags, fflags = 0, error;
	struct pipe *p;

	if (lflags & ~(LINUX_O_CLOEXEC | LINUX_O_NONBLOCK | LINUX_O_DIRECT))
		return (EINVAL);
	if (lflags & LINUX_O_DIRECT)
		return (EINVAL);	/* packet mode: not supported */
	fdflags = (lflags & LINUX_O_CLOEXEC) ? UF_EXCLOSE : 0;
	if (lflags & LINUX_O_NONBLOCK)
		fflags |= FNONBLOCK;
	p = pipe_alloc();
	p->p_readers = p->p_writers = 1;
	p->p_uid = td->td_ucred->cr_uid;
	p->p_gid = td->td_ucred->cr_gid;
	falloc_noinstall(td, &rf);
	falloc_noinstall(td, &wf);
	finit(rf, FREAD | fflags, DTYPE_PIPE, p, &pipeops);
	finit(wf, FWRITE | fflags, DTYPE_PIPE, p, &pipeops);
	if ((error = finstall(td, rf, 0, fdflags, &fds[0])) != 0)
		goto drop;
	if ((error = finstall(td, wf, 0, fdflags, &fds[1])) != 0) {
		kern_close(td, fds[0]);
		goto drop;
	}
	if ((error = copyout(fds, ufds, sizeof(fds))) != 0) {
		kern_close(td, fds[0]);
		kern_close(td, fds[1]);
	}
drop:
	/* The table holds what it took; these are our own references. */
	fdrop(rf, td);
	fdrop(wf, td);
	return (error);
}

int
sys_pipe(struct thread *td, struct pipe_args *uap)
{
	return (kern_pipe2(td, uap->fildes, 0));
}

int
sys_pipe2(struct thread *td, struct pipe2_args *uap)
{
	return (kern_pipe2(td, uap->pipefds, uap->flags));
}
