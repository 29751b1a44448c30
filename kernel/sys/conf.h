/*
 * Character devices (FreeBSD's sys/conf.h, trimmed): a driver describes
 * its entry points in a struct cdevsw and makes a device with
 * make_dev(), under a device number in Linux's encoding (5,1 is the
 * console, 1,3 /dev/null).  A device file (a VCHR vnode, from the root
 * file system's archive or mknod) with that number opens it: its reads,
 * writes, ioctls and polls then go to the driver (fs/devfs/devfs_vnops.c).
 */
#ifndef SYS_CONF_H
#define SYS_CONF_H

#include <sys/types.h>

struct cdev;
struct thread;
struct uio;

#define D_TTY		0x0001	/* a terminal: lseek is ESPIPE */
#define D_DISK		0x0002	/* a disk: seekable like a file of si_mediasize bytes */

struct cdevsw {
	const char	*d_name;
	int		 d_flags;	/* D_* */
	int	(*d_open)(struct cdev *dev, int fflags, struct thread *td);	/* may be NULL */
	int	(*d_close)(struct cdev *dev, int fflags, struct thread *td);	/* may be NULL */
	int	(*d_read)(struct cdev *dev, struct uio *uio, int ioflag);	/* IO_NDELAY */
	int	(*d_write)(struct cdev *dev, struct uio *uio, int ioflag);
	/* cmd and arg as the caller gave them (Linux numbers; arg a user address). */
	int	(*d_ioctl)(struct cdev *dev, unsigned long cmd, uintptr_t arg, int fflags,
		    struct thread *td);
	int	(*d_poll)(struct cdev *dev, int events, struct thread *td);
};

struct cdev {
	const struct cdevsw	*si_devsw;	/* the driver */
	dev_t			 si_rdev;	/* its number */
	char			 si_name[32];	/* "console", "null": its name in /dev */
	mode_t			 si_mode;	/* its permissions in /dev (owner root) */
	void			*si_drv1;	/* the driver's */
	off_t			 si_mediasize;	/* D_DISK: its size in bytes (lseek's SEEK_END) */
	struct cdev		*si_next;	/* all devices */
};

/* kern/kern_conf.c */
struct cdev *make_dev(const struct cdevsw *devsw, dev_t rdev, void *drv1, mode_t mode,
	    const char *name);
struct cdev *dev_lookup(dev_t rdev);		/* NULL: no such device */
struct cdev *dev_lookup_name(const char *name, size_t namelen);	/* NULL: none */
/* The device with the smallest number >= from (devfs lists them so), or NULL. */
struct cdev *dev_next(dev_t from);

#endif
