/*
 * tmpfs as a mountable file system type (FreeBSD's tmpfs_vfsops.c):
 * budgets chosen at mount time, the root directory, statfs figures, and
 * unmount, which refuses while any file is in use and otherwise frees
 * every node and page.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>
#include <fs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFSMNT, "tmpfs mount", "tmpfs mount structures");

static int
tmpfs_mount(struct mount *mp, void *data)
{
	const struct tmpfs_args *args = data;
	struct tmpfs_mount *tm;
	struct tmpfs_node *root;
	uint64_t pages;
	int error;

	tm = malloc(sizeof(*tm), M_TMPFSMNT, M_WAITOK | M_ZERO);
	/* By default half of the memory free now, as Linux's tmpfs takes half of RAM. */
	pages = args != NULL && args->ta_size_max != 0 ?
	    (args->ta_size_max + PAGE_MASK) / PAGE_SIZE : vm_phys_free_pages() / 2;
	tm->tm_pages_max = pages;
	tm->tm_nodes_max = args != NULL && args->ta_nodes_max != 0 ? args->ta_nodes_max :
	    (pages > 16 ? pages : 16);
	tm->tm_nextid = 2;		/* the root is inode 2, as on most Unix file systems */
	mp->mnt_data = tm;
	if ((error = tmpfs_alloc_node(mp, VDIR, args != NULL ? args->ta_root_mode : 01777,
	    0, 0, &root)) != 0) {
		free(tm, M_TMPFSMNT);
		mp->mnt_data = NULL;
		return (error);
	}
	root->tn_links = 2;		/* "." and its own ".." */
	tm->tm_root = root;
	return (0);
}

static int
tmpfs_unmount(struct mount *mp, int flags)
{
	struct tmpfs_mount *tm = VFS_TO_TMPFS(mp);
	struct tmpfs_node *node;

	(void)flags;
	if (tm == NULL)
		return (0);
	sx_xlock(&mp->mnt_lock);
	for (node = tm->tm_allnodes; node != NULL; node = node->tn_allnext)
		if (__atomic_load_n(&node->tn_vnode.v_usecount, __ATOMIC_ACQUIRE) != 0) {
			sx_xunlock(&mp->mnt_lock);
			return (EBUSY);
		}
	while (tm->tm_allnodes != NULL)
		tmpfs_free_node(tm, tm->tm_allnodes);
	sx_xunlock(&mp->mnt_lock);
	if (tm->tm_pages_used != 0)
		panic("tmpfs_unmount: %llu pages still counted",
		    (unsigned long long)tm->tm_pages_used);
	free(tm, M_TMPFSMNT);
	mp->mnt_data = NULL;
	return (0);
}

static int
tmpfs_root(struct mount *mp, struct vnode **vpp)
{
	struct tmpfs_node *root = VFS_TO_TMPFS(mp)->tm_root;

	vref(&root->tn_vnode);
	*vpp = &root->tn_vnode;
	return (0);
}

static int
tmpfs_statfs(struct mount *mp, struct statfs *sbp)
{
	struct tmpfs_mount *tm = VFS_TO_TMPFS(mp);

	sbp->f_type = TMPFS_MAGIC;
	sbp->f_bsize = PAGE_SIZE;
	sbp->f_blocks = tm->tm_pages_max;
	sbp->f_bfree = sbp->f_bavail = tm->tm_pages_max - tm->tm_pages_used;
	sbp->f_files = tm->tm_nodes_max;
	sbp->f_ffree = tm->tm_nodes_max - tm->tm_nodes_used;
	sbp->f_namemax = NAME_MAX;
	return (0);
}

static const struct vfsops tmpfs_vfsops = {
	.vfs_mount = tmpfs_mount,
	.vfs_unmount = tmpfs_unmount,
	.vfs_root = tmpfs_root,
	.vfs_statfs = tmpfs_statfs,
};
VFS_SET(tmpfs_vfsops, tmpfs);
