/*
 * devfs (FreeBSD's devfs, Linux's devtmpfs): the file system at /dev that
 * shows every character device the kernel has made (sys/conf.h), by its
 * name, number and mode, owned by root.  A pseudofs file system: its
 * directory is the device list itself, so a device appears as soon as its
 * driver makes it.  The kernel mounts it at /dev once the root is there
 * (vfs_rootfs.c), as FreeBSD does; opening a node goes to the driver
 * through devfs_vnops.c like any VCHR vnode.
 */
#include <sys/systm.h>
#include <sys/conf.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/sbuf.h>
#include <sys/vnode.h>
#include <fs/pseudofs/pseudofs.h>

#define DEVFS_MAGIC	0x1373		/* Linux's DEVFS_SUPER_MAGIC */

static int
devfs_next(uint64_t dir, uint64_t from, uint64_t *idp, char *name, size_t namelen)
{
	struct cdev *dev;

	(void)dir;
	if (from > (dev_t)-1 || (dev = dev_next((dev_t)from)) == NULL)
		return (ENOENT);
	*idp = dev->si_rdev;
	strlcpy(name, dev->si_name, namelen);
	return (0);
}

static int
devfs_lookup_dev(uint64_t dir, const char *name, size_t namelen, uint64_t *idp)
{
	struct cdev *dev = dev_lookup_name(name, namelen);

	(void)dir;
	if (dev == NULL)
		return (ENOENT);
	*idp = dev->si_rdev;
	return (0);
}

static const struct pfs_node devfs_dev =
	{ "<dev>", PFS_DEV, 0600, 3, NULL, NULL, NULL, NULL, NULL };

static const struct pfs_dyn devfs_devs = { &devfs_dev, devfs_next, devfs_lookup_dev, NULL };

/*
 * The links Linux's user land expects in /dev (udev and systemd make
 * them there): fd is /proc/self/fd, and stdin, stdout and stderr its 0, 1
 * and 2 -- so they work once procfs is mounted on /proc, as on Linux.
 * And log, the syslog socket, is /var/run/log as on FreeBSD (whose devfs
 * has the same link): devfs holds no sockets, so syslogd, which follows
 * the link, binds the socket file there, and libc's syslog() reaches it
 * through /dev/log.
 */
static int
devfs_fdlink(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)id;
	(void)td;
	sbuf_cat(sb, pn->pn_ino == 4 ? "/proc/self/fd" : pn->pn_ino == 5 ? "/proc/self/fd/0" :
	    pn->pn_ino == 6 ? "/proc/self/fd/1" : pn->pn_ino == 8 ? "/var/run/log" :
	    "/proc/self/fd/2");
	return (0);
}

static const struct pfs_node devfs_links[] = {
	{ "fd", PFS_LINK, 0777, 4, devfs_fdlink, NULL, NULL, NULL, NULL },
	{ "log", PFS_LINK, 0777, 8, devfs_fdlink, NULL, NULL, NULL, NULL },
	{ "stderr", PFS_LINK, 0777, 7, devfs_fdlink, NULL, NULL, NULL, NULL },
	{ "stdin", PFS_LINK, 0777, 5, devfs_fdlink, NULL, NULL, NULL, NULL },
	{ "stdout", PFS_LINK, 0777, 6, devfs_fdlink, NULL, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct pfs_node devfs_root =
	{ "/", PFS_DIR, 0755, 1, NULL, devfs_links, &devfs_devs, NULL, NULL };

/* A device node has its device's mode. */
static int
devfs_attr(const struct pfs_node *pn, uint64_t id, struct vattr *vap)
{
	struct cdev *dev;

	if (pn->pn_type != PFS_DEV)
		return (0);
	if ((dev = dev_lookup((dev_t)id)) == NULL)
		return (ENOENT);
	vap->va_mode = dev->si_mode;
	return (0);
}

static const struct pfs_info devfs_info = { &devfs_root, DEVFS_MAGIC, devfs_attr };

static int
devfs_mount(struct mount *mp, void *data)
{
	(void)data;
	return (pfs_mount(mp, &devfs_info));
}

static const struct vfsops devfs_vfsops = {
	.vfs_mount = devfs_mount,
	.vfs_unmount = pfs_unmount,
	.vfs_root = pfs_root,
	.vfs_statfs = pfs_statfs,
};
VFS_SET(devfs_vfsops, devfs);
