/*
 * The mount table: file system types registered with VFS_SET, mounting
 * one on a directory (or as the root), unmounting, and walking the list
 * (FreeBSD's vfs_mount.c, without the mount(2) option parsing).
 *
 * A mount holds a reference on the directory it covers and on its own
 * root vnode; the covered directory's v_mountedhere points at it, which is
 * what namei follows (vfs_mountedroot).  mountlist_lock (an sx) guards the
 * list and every v_mountedhere.  Lock order: a vnode lock, then
 * mountlist_lock (namei crosses a mount point with a directory locked), so
 * nothing here takes a vnode lock -- or drops a vnode reference, which may
 * take one -- with mountlist_lock held.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/sx.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_MOUNT, "mount", "mounted file systems");

SET_DECLARE(vfs_set, struct vfsconf);

struct vnode	*rootvnode;
static struct mount *mountlist;		/* in mount order */
static struct sx mountlist_lock;
static int	 mountlist_ready;
static unsigned	 next_mount_dev = 1;	/* st_dev of the next mount (minor of major 0) */

static void
mountlist_init(void)
{
	/* Mounting happens first at start-up, in one thread: no race here. */
	if (!mountlist_ready) {
		sx_init(&mountlist_lock, "mountlist");
		mountlist_ready = 1;
	}
}

static const struct vfsconf *
vfs_byname(const char *name)
{
	struct vfsconf **vfcp;

	SET_FOREACH(vfcp, vfs_set)
		if (strcmp((*vfcp)->vfc_name, name) == 0)
			return (*vfcp);
	return (NULL);
}

static struct mount *
mount_alloc(const struct vfsconf *vfc, const char *onname, const char *from, int flags)
{
	struct mount *mp = malloc(sizeof(*mp), M_MOUNT, M_WAITOK | M_ZERO);

	mp->mnt_vfc = vfc;
	mp->mnt_flag = flags;
	sx_init(&mp->mnt_lock, "vnode");
	strlcpy(mp->mnt_stat.f_fstypename, vfc->vfc_name, sizeof(mp->mnt_stat.f_fstypename));
	strlcpy(mp->mnt_stat.f_mntonname, onname, sizeof(mp->mnt_stat.f_mntonname));
	strlcpy(mp->mnt_stat.f_mntfromname, from != NULL ? from : vfc->vfc_name,
	    sizeof(mp->mnt_stat.f_mntfromname));
	return (mp);
}

/*
 * Mount a file system of type fstype on directory `covered` (referenced
 * by the caller, who keeps its reference), or as the root when covered is
 * NULL.  onname is the path shown by `mount`.
 */
int
vfs_mount(const char *fstype, struct vnode *covered, const char *onname,
    const char *from, int flags, void *data, struct mount **mpp)
{
	const struct vfsconf *vfc = vfs_byname(fstype);
	struct mount *mp, **mpp2;
	struct vnode *rvp;
	int error;

	mountlist_init();
	if (vfc == NULL)
		return (ENODEV);
	if (covered != NULL && covered->v_type != VDIR)
		return (ENOTDIR);
	if (covered == NULL && rootvnode != NULL)
		return (EBUSY);
	mp = mount_alloc(vfc, onname, from, flags);
	if ((error = vfc->vfc_vfsops->vfs_mount(mp, data)) != 0)
		goto fail_mount;
	if ((error = vfc->vfc_vfsops->vfs_root(mp, &rvp)) != 0)
		goto fail_root;
	rvp->v_vflag |= VV_ROOT;
	mp->mnt_rootvp = rvp;

	sx_xlock(&mountlist_lock);
	if (covered != NULL) {
		if (covered->v_mountedhere != NULL) {
			sx_xunlock(&mountlist_lock);
			error = EBUSY;
			goto fail_busy;
		}
		vref(covered);
		mp->mnt_vnodecovered = covered;
		covered->v_mountedhere = mp;
	} else {
		mp->mnt_flag |= MNT_ROOTFS;
		vref(rvp);
		rootvnode = rvp;
	}
	mp->mnt_dev = makedev(0, next_mount_dev);
	next_mount_dev++;
	for (mpp2 = &mountlist; *mpp2 != NULL; mpp2 = &(*mpp2)->mnt_next)
		;
	*mpp2 = mp;
	sx_xunlock(&mountlist_lock);
	if (mpp != NULL)
		*mpp = mp;
	return (0);

fail_busy:
	mp->mnt_rootvp = NULL;
	vrele(rvp);
fail_root:
	vfc->vfc_vfsops->vfs_unmount(mp, MNT_FORCE);
fail_mount:
	free(mp, M_MOUNT);
	return (error);
}

/*
 * Unmount mp: EBUSY while anything is mounted on it or its files are in
 * use.  The root too, when nothing holds it (shutdown, host tests).
 */
int
vfs_unmount(struct mount *mp, int flags)
{
	struct vnode *covered = mp->mnt_vnodecovered, *rvp = mp->mnt_rootvp;
	int isroot = covered == NULL, error;
	struct mount *m, **mpp;

	/* Detach: no lookup can enter it any more, nor find it in the list. */
	sx_xlock(&mountlist_lock);
	for (m = mountlist; m != NULL; m = m->mnt_next)
		if (m->mnt_vnodecovered != NULL && m->mnt_vnodecovered->v_mount == mp) {
			sx_xunlock(&mountlist_lock);
			return (EBUSY);
		}
	/* The mount's reference (and rootvnode's) are all the root may have. */
	if (__atomic_load_n(&rvp->v_usecount, __ATOMIC_ACQUIRE) > 1 + isroot) {
		sx_xunlock(&mountlist_lock);
		return (EBUSY);
	}
	mp->mnt_rootvp = NULL;
	if (isroot)
		rootvnode = NULL;
	else
		covered->v_mountedhere = NULL;
	for (mpp = &mountlist; *mpp != NULL; mpp = &(*mpp)->mnt_next)
		if (*mpp == mp) {
			*mpp = mp->mnt_next;
			break;
		}
	sx_xunlock(&mountlist_lock);

	if (isroot)
		vrele(rvp);
	vrele(rvp);
	if ((error = mp->mnt_vfc->vfc_vfsops->vfs_unmount(mp, flags)) != 0) {
		/* Files inside are still in use: put it back as it was. */
		vref(rvp);
		if (isroot)
			vref(rvp);
		sx_xlock(&mountlist_lock);
		mp->mnt_rootvp = rvp;
		if (isroot)
			rootvnode = rvp;
		else
			covered->v_mountedhere = mp;
		for (mpp = &mountlist; *mpp != NULL; mpp = &(*mpp)->mnt_next)
			;
		mp->mnt_next = NULL;
		*mpp = mp;
		sx_xunlock(&mountlist_lock);
		return (error);
	}
	if (!isroot)
		vrele(covered);
	free(mp, M_MOUNT);
	return (0);
}

/*
 * The root of the file system mounted on vp, referenced, or NULL when
 * nothing is.  Under mountlist_lock, so that unmount (which holds it
 * exclusive while it checks that the root is unused) cannot run between
 * reading v_mountedhere and taking the reference.
 */
struct vnode *
vfs_mountedroot(struct vnode *vp)
{
	struct vnode *rvp = NULL;

	if (vp->v_type != VDIR)
		return (NULL);
	sx_slock(&mountlist_lock);
	if (vp->v_mountedhere != NULL) {
		rvp = vp->v_mountedhere->mnt_rootvp;
		vref(rvp);
	}
	sx_sunlock(&mountlist_lock);
	return (rvp);
}

int
vfs_statfs(struct mount *mp, struct statfs *sbp)
{
	int error = 0;

	*sbp = mp->mnt_stat;
	if (mp->mnt_vfc->vfc_vfsops->vfs_statfs != NULL)
		error = mp->mnt_vfc->vfc_vfsops->vfs_statfs(mp, sbp);
	sbp->f_flags = (uint64_t)mp->mnt_flag;
	return (error);
}

void
vfs_foreach_mount(vfs_mount_cb_t *cb, void *arg)
{
	struct mount *mp;

	mountlist_init();
	sx_slock(&mountlist_lock);
	for (mp = mountlist; mp != NULL; mp = mp->mnt_next)
		cb(mp, arg);
	sx_sunlock(&mountlist_lock);
}

int
vfs_mountroot(const char *fstype, void *data)
{
	return (vfs_mount(fstype, NULL, "/", fstype, 0, data, NULL));
}
