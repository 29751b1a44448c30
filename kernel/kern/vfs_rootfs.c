/*
 * The root file system at start-up: a tmpfs mounted at "/" (SI_SUB_VFS),
 * then filled from the newc cpio archive the loader preloaded with type
 * "rootfs" (SI_SUB_ROOT_CONF), before anything runs from it.  In
 * loader.conf, FreeBSD style:
 *
 *   rootfs_load="YES"
 *   rootfs_type="rootfs"
 *   rootfs_name="/boot/rootfs.cpio"
 *
 * A corrupt archive is refused whole with one line saying where and why;
 * "/" then stays empty, so no init is found and the kernel shell runs.
 * `sysctl vfs.rootfs` tells what happened.  Then devfs is mounted on the
 * root's /dev (FreeBSD does so too): device nodes come from there, not
 * from the archive.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/module.h>
#include <sys/mount.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/vfs_cpio.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>

#define ROOTFS_TYPE	"rootfs"	/* the preloaded module's type */

static const char *rootfs_state = "not mounted";
SYSCTL_STRING("vfs.rootfs", &rootfs_state,
    "the root file system: unpacked, corrupt, no archive, not mounted");
static struct cpio_stats rootfs_stats;
SYSCTL_UINT("vfs.rootfs_files", &rootfs_stats.cs_files, "regular files unpacked into /");
SYSCTL_UINT("vfs.rootfs_errors", &rootfs_stats.cs_errors,
    "archive members that could not be made");

static void
vfs_mountroot_tmpfs(const void *dummy __unused)
{
	struct tmpfs_args args = { 0, 0, 0755 };
	int error;

	if ((error = vfs_mountroot("tmpfs", &args)) != 0)
		panic("cannot mount tmpfs as the root file system: error %d", error);
	rootfs_state = "empty";
}
SYSINIT(vfs_mountroot, SI_SUB_VFS, SI_ORDER_FIRST, vfs_mountroot_tmpfs, NULL);

static void
rootfs_unpack(const void *dummy __unused)
{
	const struct sanpo_module *m = preload_search_by_type(ROOTFS_TYPE);
	struct cpio_stats *st = &rootfs_stats;
	char err[256];

	if (m == NULL) {
		printf("rootfs: no archive preloaded (rootfs_load=\"YES\" in loader.conf); "
		    "/ is an empty tmpfs\n");
		rootfs_state = "no archive";
		return;
	}
	if (cpio_unpack(preload_data(m), m->size, rootvnode, proc0_ucred, st, err,
	    sizeof(err)) != 0) {
		printf("rootfs: %.64s is corrupt: %s; nothing unpacked\n", m->name, err);
		rootfs_state = "corrupt";
		return;
	}
	printf("rootfs: %.64s: %u files, %u directories, %u symlinks, %u hard links, "
	    "%u special, %llu KB%s\n", m->name, st->cs_files, st->cs_dirs, st->cs_symlinks,
	    st->cs_hardlinks, st->cs_special, (unsigned long long)(st->cs_bytes >> 10),
	    st->cs_errors ? "" : " unpacked into /");
	if (st->cs_errors != 0)
		printf("rootfs: %u members could not be made (see above)\n", st->cs_errors);
	rootfs_state = "unpacked";
}
SYSINIT(rootfs_unpack, SI_SUB_ROOT_CONF, SI_ORDER_FIRST, rootfs_unpack, NULL);

static void
rootfs_mount_devfs(const void *dummy __unused)
{
	struct vfs_ctx c = { rootvnode, rootvnode, proc0_ucred, 0 };
	int error;

	if (rootvnode == NULL)
		return;
	if ((error = kern_mount(&c, "devfs", "devfs", "/dev", 0, NULL)) == ENOENT)
		printf("devfs: the root has no /dev: not mounted\n");
	else if (error != 0)
		printf("devfs: not mounted on /dev: error %d\n", error);
}
SYSINIT(rootfs_devfs, SI_SUB_ROOT_CONF, SI_ORDER_SECOND, rootfs_mount_devfs, NULL);
