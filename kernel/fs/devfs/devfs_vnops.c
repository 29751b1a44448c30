/*
 * Device files as open files (FreeBSD's devfs_vnops.c fileops): opening
 * a VCHR vnode finds the device its number names (ENXIO when there is
 * none) and routes the file's reads, writes, ioctls and polls to the
 * driver.  The vnode stays referenced for fstat and fchdir's sake.
 * (devfs as a file system of its own, mounted at /dev, comes later; the
 * device files live in the root file system meanwhile.)
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/ucred.h>
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

static int
devfs_read_f(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);

	(void)flags;
	(void)td;
	return (dev->si_devsw->d_read(dev, uio, ioflag_of(fp)));
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
	return (vn_stat(fp->f_vnode, sb));
}

/* Terminals cannot seek; memory-like devices (null, zero) always stay at 0. */
static int
devfs_seek_f(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	(void)offset;
	(void)whence;
	(void)td;
	if (fp_dev(fp)->si_devsw->d_flags & D_TTY)
		return (ESPIPE);
	*newoff = 0;
	return (0);
}

static int
devfs_close_f(struct file *fp, struct thread *td)
{
	struct cdev *dev = fp_dev(fp);
	int error = 0;

	if (dev->si_devsw->d_close != NULL)
		error = dev->si_devsw->d_close(dev, (int)fp->f_flag, td);
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
int
devfs_open_file(struct thread *td, struct file *fp, struct vnode *vp, int fmode)
{
	struct cdev *dev = dev_lookup(vp->v_rdev);
	int error;

	if (dev == NULL)
		return (ENXIO);
	if (dev->si_devsw->d_open != NULL && (error = dev->si_devsw->d_open(dev, fmode, td)) != 0)
		return (error);
	finit(fp, (unsigned)fmode & FMASK, DTYPE_DEV, dev, &devfs_ops_f);
	return (0);
}
