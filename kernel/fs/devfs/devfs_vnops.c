/*
 * Device files as open files (FreeBSD's devfs_vnops.c fileops): opening
 * a VCHR vnode finds the device its number names (ENXIO when there is
 * none) and routes the file's reads, writes, ioctls and polls to the
 * driver.  The vnode stays referenced for fstat and fchdir's sake.
 * (devfs_vfsops.c is the file system at /dev that lists the devices.)
 *
 * Also here: the console as process 1's standard input, output and error,
 * opened by the kernel before init runs, as Linux does.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/filedesc.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>

static struct cdev *
fp_dev(struct file *fp)
{
	return (fp->f_data);
}

static int
ioflag_of(struct file *fp)
{
	return ((fp->f_flag & FNONBLOCK) ? IO_NDELAY : 0);
}

/*
 * A terminal's reads and writes ignore the file offset; other devices get
 * it in uio_offset and move it by what they moved (/dev/kmsg reads from it).
 */
static int
devfs_read_f(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);
	ssize_t resid = uio->uio_resid;
	off_t off;
	int error;

	(void)flags;
	(void)td;
	if (dev->si_devsw->d_flags & D_TTY)
		return (dev->si_devsw->d_read(dev, uio, ioflag_of(fp)));
	uio->uio_offset = off = foffset_lock(fp);
	error = dev->si_devsw->d_read(dev, uio, ioflag_of(fp));
	foffset_unlock(fp, off + (resid - uio->uio_resid));
	return (error);
}

static int
devfs_write_f(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);

	(void)flags;
	(void)td;
	return (dev->si_devsw->d_write(dev, uio, ioflag_of(fp)));
}

static int
devfs_ioctl_f(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);

	if (dev->si_devsw->d_ioctl == NULL)
		return (ENOTTY);
	return (dev->si_devsw->d_ioctl(dev, cmd, arg, (int)fp->f_flag, td));
}

static int
devfs_poll_f(struct file *fp, int events, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);

	return (dev->si_devsw->d_poll(dev, events, td));
}

static int
devfs_stat_f(struct file *fp, struct stat *sb, struct thread *td)
{
	(void)td;
	if (fp->f_vnode != NULL)
		return (vn_stat(fp->f_vnode, sb));
	/* Opened without a device file (the initial console): the device alone. */
	memset(sb, 0, sizeof(*sb));
	sb->st_mode = S_IFCHR | S_IRUSR | S_IWUSR;
	sb->st_nlink = 1;
	sb->st_rdev = fp_dev(fp)->si_rdev;
	return (0);
}

/*
 * Terminals cannot seek; disks seek as a file of their size does (dd's
 * skip= and seek= use it); memory-like devices (null, zero) stay at 0.
 */
static int
devfs_seek_f(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);
	off_t base, off;
	int error = 0;

	(void)td;
	if (dev->si_devsw->d_flags & D_TTY)
		return (ESPIPE);
	if (!(dev->si_devsw->d_flags & D_DISK)) {
		*newoff = 0;
		return (0);
	}
	off = foffset_lock(fp);
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = off;
		break;
	case SEEK_END:
		base = dev->si_mediasize;
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
devfs_close_f(struct file *fp, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);
	int error = 0;

	if (dev->si_devsw->d_close != NULL)
		error = dev->si_devsw->d_close(dev, (int)fp->f_flag, td);
	if (fp->f_vnode != NULL)
		vrele(fp->f_vnode);
	return (error);
}

static const struct fileops devfs_ops_f = {
	.fo_read = devfs_read_f,
	.fo_write = devfs_write_f,
	.fo_ioctl = devfs_ioctl_f,
	.fo_poll = devfs_poll_f,
	.fo_stat = devfs_stat_f,
	.fo_seek = devfs_seek_f,
	.fo_close = devfs_close_f,
};

/*
 * Make fp (holding vp's reference in f_vnode) an open device: the
 * device's d_open, then the device fileops.  fmode: FFLAGS(open flags).
 */
static int
devfs_open_dev(struct thread *td, struct file *fp, struct cdev *dev, int fmode)
{
	int error;

	if (dev == NULL)
		return (ENXIO);
	if (dev->si_devsw->d_open != NULL && (error = dev->si_devsw->d_open(dev, fmode, td)) != 0)
		return (error);
	finit(fp, (unsigned)fmode & FMASK, DTYPE_DEV, dev, &devfs_ops_f);
	return (0);
}

int
devfs_open_file(struct thread *td, struct file *fp, struct vnode *vp, int fmode)
{
	return (devfs_open_dev(td, fp, dev_lookup(vp->v_rdev), fmode));
}

/*
 * Descriptors 0, 1 and 2 of td's (empty) table on the console: through
 * /dev/console when the root has it, else the console device itself, so
 * that even a program started from a preloaded file can write.
 */
int
devfs_console_fds(struct thread *td)
{
	struct vfs_ctx c = { NULL, NULL, td->td_ucred, 0 };
	struct vnode *vp = NULL;
	struct file *fp;
	int fd, i, error;

	pwd_get(td, &c.vc_cdir, &c.vc_rdir);
	error = vfs_open(&c, "/dev/console", O_RDWR, 0, &vp, NULL);
	vrele(c.vc_cdir);
	vrele(c.vc_rdir);
	if (error == 0 && vp->v_type != VCHR) {
		vrele(vp);
		vp = NULL;
	}
	falloc_noinstall(td, &fp);
	fp->f_vnode = vp;
	error = vp != NULL ? devfs_open_file(td, fp, vp, FFLAGS(O_RDWR)) :
	    devfs_open_dev(td, fp, dev_lookup(makedev(5, 1)), FFLAGS(O_RDWR));
	if (error != 0) {
		if (vp != NULL)
			vrele(vp);
		fp->f_vnode = NULL;
		fdrop(fp, td);
		return (error);
	}
	for (i = 0; i < 3 && error == 0; i++)
		error = finstall(td, fp, i, 0, &fd);
	fdrop(fp, td);
	return (error);
}
