/*
 * The FAT file system in the VFS: VFS_SET(msdosfs), its mount operations
 * and its vnode operations over the portable file system
 * (fs/msdosfs/msdosfs.h), which does the work and keeps its own lock.
 *
 * Mounting takes a disk or partition by name (struct msdosfs_args: the
 * device as disk_find_dev() knows it, "vtbd0p1" or "/dev/vtbd0p1"), and
 * optionally a directory of the volume to present as the root.  A device
 * is mounted once at most (EBUSY).  A
 * read-write mount that the file system itself keeps read-only (a volume
 * not cleanly unmounted, a damaged or hostile one, or one larger than its
 * device) becomes MNT_RDONLY, with the reason printed.
 *
 * Vnodes: one per denode in use, found through the denode's private
 * pointer (msdosfs_private()) and holding one reference on it; the last
 * vnode reference (VOP_INACTIVE, under the mount's exclusive lock) frees
 * the vnode and drops the denode.  The root's vnode lives as long as the
 * mount (the VFS may take it again after a failed unmount).  mv_lock
 * covers the denode-vnode links: lookups run under the shared lock and
 * may race to make the same vnode.
 *
 * Attributes: FAT has no owners or permissions.  Everything belongs to
 * root; directories are 0755, files 0755 or 0555 with the read-only
 * attribute (FreeBSD's default mask); chmod changes only that attribute
 * (the owner's write bit), chown to anyone but root is EPERM, as are
 * links, symbolic links and device nodes.  ctime is the modification
 * time (FAT keeps none), birthtime the creation time.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/mutex.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <fs/msdosfs/msdosfs_vfs.h>
#include <geom/geom_disk.h>
#include "fs/msdosfs/msdosfs.h"

MALLOC_DEFINE(M_MSDOSFSVN, "msdosfs", "FAT mounts' vnodes");

#define MSDOS_SUPER_MAGIC	0x4d44	/* statfs f_type, as Linux's vfat */

struct msdosfs_vfs {
	struct msdosfsmount *mv_pmp;	/* the file system */
	struct bufdev	*mv_dev;	/* its device */
	char		 mv_subdir[MNAMELEN];	/* the volume's directory at the root ("": its root) */
	struct mtx	 mv_lock;	/* denode <-> vnode links, mv_nvnodes */
	struct vnode	 mv_rootvn;	/* the root's vnode, for the mount's life */
	struct denode	*mv_root;	/* its denode (one reference) */
	int		 mv_nvnodes;	/* other vnodes alive */
};

struct msdosfs_node {
	struct vnode	 mn_vnode;	/* first: the VFS's view */
	struct denode	*mn_de;		/* one reference */
};

static const struct vop_vector msdosfs_vnodeops;

#define VFSTOMV(mp)	((struct msdosfs_vfs *)(mp)->mnt_data)

static struct denode *
vtode(struct vnode *vp)
{
	struct msdosfs_vfs *mv = VFSTOMV(vp->v_mount);

	return (vp == &mv->mv_rootvn ? mv->mv_root : ((struct msdosfs_node *)vp)->mn_de);
}

/* The vnode of denode de (whose reference the caller gives up), referenced. */
static int
de_vnode(struct mount *mp, struct denode *de, struct vnode **vpp)
{
	struct msdosfs_vfs *mv = VFSTOMV(mp);
	struct msdosfs_node *n;
	struct msdosfs_attr va;
	struct vnode *vp;

	if (de == mv->mv_root) {
		msdosfs_vrele(de);
		vref(&mv->mv_rootvn);
		*vpp = &mv->mv_rootvn;
		return (0);
	}
	msdosfs_getattr(de, &va);
	mtx_lock(&mv->mv_lock);
	if ((vp = msdosfs_private(de)) != NULL) {
		vref(vp);
		mtx_unlock(&mv->mv_lock);
		msdosfs_vrele(de);	/* the vnode holds its own */
		*vpp = vp;
		return (0);
	}
	n = malloc(sizeof(*n), M_MSDOSFSVN, M_NOWAIT | M_ZERO);
	if (n == NULL) {
		mtx_unlock(&mv->mv_lock);
		msdosfs_vrele(de);
		return (ENOMEM);
	}
	vn_init(&n->mn_vnode, va.va_isdir ? VDIR : VREG, mp, &msdosfs_vnodeops, n);
	n->mn_de = de;
	msdosfs_set_private(de, &n->mn_vnode);
	mv->mv_nvnodes++;
	vref(&n->mn_vnode);
	mtx_unlock(&mv->mv_lock);
	*vpp = &n->mn_vnode;
	return (0);
}

/* ---- mounting ---- */

/*
 * Devices with a mounted FAT: a volume mounted twice would have two
 * copies of its state (its FAT's free map, its dirty flag) that disagree.
 */
#define MSDOSFS_MAXMOUNTS	16
static struct mtx mounted_mtx;
static struct bufdev *mounted[MSDOSFS_MAXMOUNTS];

static void
mounted_init(const void *dummy __unused)
{
	mtx_init(&mounted_mtx, "msdosfs devices", MTX_DEF);
}
SYSINIT(msdosfs_mounted, SI_SUB_LOCK, SI_ORDER_ANY, mounted_init, NULL);

/* Claims dev (add) or gives it back; EBUSY when it is mounted already or too many are. */
static int
mounted_claim(struct bufdev *dev, int add)
{
	int i, freeslot = -1, error = 0;

	mtx_lock(&mounted_mtx);
	for (i = 0; i < MSDOSFS_MAXMOUNTS; i++) {
		if (mounted[i] == dev) {
			if (add)
				error = EBUSY;
			else
				mounted[i] = NULL;
			goto out;
		}
		if (mounted[i] == NULL && freeslot < 0)
			freeslot = i;
	}
	if (add) {
		if (freeslot < 0)
			error = EBUSY;
		else
			mounted[freeslot] = dev;
	}
out:
	mtx_unlock(&mounted_mtx);
	return (error);
}

/* The directory `path` of the volume (from its root), referenced. */
static int
msdosfs_subdir(struct msdosfsmount *pmp, const char *path, struct denode **dpp)
{
	struct denode *d, *next;
	struct msdosfs_attr va;
	const char *p = path, *e;
	int error;

	msdosfs_root(pmp, &d);
	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		error = msdosfs_lookup(d, p, (size_t)(e - p), &next);
		msdosfs_vrele(d);
		if (error != 0)
			return (error);
		d = next;
		p = e;
	}
	msdosfs_getattr(d, &va);
	if (!va.va_isdir) {
		msdosfs_vrele(d);
		return (ENOTDIR);
	}
	*dpp = d;
	return (0);
}

static int
msdosfs_vfs_mount(struct mount *mp, void *data)
{
	const struct msdosfs_args *args = data;
	struct msdosfs_statfs sf;
	struct msdosfs_vfs *mv;
	struct bufdev *dev;
	char msg[256];
	int flags = 0, error;

	if (args == NULL || args->ma_fspec == NULL)
		return (EINVAL);
	if ((dev = disk_find_dev(args->ma_fspec)) == NULL)
		return (ENXIO);
	if ((error = mounted_claim(dev, 1)) != 0)
		return (error);
	if (mp->mnt_flag & MNT_RDONLY)
		flags |= MSDOSFS_MNT_RDONLY;
	if (args->ma_flags & MSDOSFS_ARGS_FORCE)
		flags |= MSDOSFS_MNT_FORCE;
	if (args->ma_flags & MSDOSFS_ARGS_CHECK)
		flags |= MSDOSFS_MNT_CHECK;
	mv = malloc(sizeof(*mv), M_MSDOSFSVN, M_WAITOK | M_ZERO);
	if ((error = msdosfs_mount(dev, flags, &mv->mv_pmp, msg, sizeof(msg))) != 0) {
		printf("msdosfs: %s: %s\n", dev->bd_name, msg);
		goto fail;
	}
	if (args->ma_subdir != NULL &&
	    (error = msdosfs_subdir(mv->mv_pmp, args->ma_subdir, &mv->mv_root)) != 0) {
		printf("msdosfs: %s: no directory %s on the volume\n", dev->bd_name,
		    args->ma_subdir);
		msdosfs_unmount(mv->mv_pmp);
		goto fail;
	}
	msdosfs_statfs(mv->mv_pmp, &sf);
	if (msg[0] != '\0')
		printf("msdosfs: %s: %s\n", dev->bd_name, msg);
	if (sf.f_rdonly)
		mp->mnt_flag |= MNT_RDONLY;
	mtx_init(&mv->mv_lock, "msdosfs vnodes", MTX_DEF);
	if (mv->mv_root == NULL)
		msdosfs_root(mv->mv_pmp, &mv->mv_root);
	vn_init(&mv->mv_rootvn, VDIR, mp, &msdosfs_vnodeops, NULL);
	mv->mv_dev = dev;
	if (args->ma_subdir != NULL)
		strlcpy(mv->mv_subdir, args->ma_subdir, sizeof(mv->mv_subdir));
	mp->mnt_data = mv;
	strlcpy(mp->mnt_stat.f_mntfromname, dev->bd_name, sizeof(mp->mnt_stat.f_mntfromname));
	return (0);
fail:
	free(mv, M_MSDOSFSVN);
	mounted_claim(dev, 0);
	return (error);
}

static int
msdosfs_vfs_unmount(struct mount *mp, int flags)
{
	struct msdosfs_vfs *mv = VFSTOMV(mp);
	int error;

	if (mv == NULL)
		return (0);
	mtx_lock(&mv->mv_lock);
	if (mv->mv_nvnodes > 0 || __atomic_load_n(&mv->mv_rootvn.v_usecount,
	    __ATOMIC_ACQUIRE) != 0) {
		mtx_unlock(&mv->mv_lock);
		/* Forced (shutdown) while files are open: synced, clean, read-only. */
		if ((flags & MNT_FORCE) && msdosfs_finish(mv->mv_pmp) == 0)
			mp->mnt_flag |= MNT_RDONLY;
		return (EBUSY);
	}
	mtx_unlock(&mv->mv_lock);
	msdosfs_vrele(mv->mv_root);
	if ((error = msdosfs_unmount(mv->mv_pmp)) == EBUSY) {
		if (msdosfs_subdir(mv->mv_pmp, mv->mv_subdir, &mv->mv_root) != 0)
			panic("msdosfs: %s lost its root", mv->mv_dev->bd_name);
		return (error);
	}
	if (error != 0)
		printf("msdosfs: unmount: write error %d: the volume stays marked dirty\n", error);
	mp->mnt_data = NULL;
	mounted_claim(mv->mv_dev, 0);
	free(mv, M_MSDOSFSVN);
	return (0);
}

static int
msdosfs_vfs_root(struct mount *mp, struct vnode **vpp)
{
	struct msdosfs_vfs *mv = VFSTOMV(mp);

	vref(&mv->mv_rootvn);
	*vpp = &mv->mv_rootvn;
	return (0);
}

static int
msdosfs_vfs_statfs(struct mount *mp, struct statfs *sbp)
{
	struct msdosfs_statfs sf;

	msdosfs_statfs(VFSTOMV(mp)->mv_pmp, &sf);
	sbp->f_type = MSDOS_SUPER_MAGIC;
	sbp->f_bsize = sf.f_bsize;
	sbp->f_blocks = sf.f_blocks;
	sbp->f_bfree = sbp->f_bavail = sf.f_bfree;
	sbp->f_files = 0;
	sbp->f_ffree = 0;
	sbp->f_namemax = MSDOSFS_NAME_MAX;
	return (0);
}

static int
msdosfs_vfs_sync(struct mount *mp)
{
	return (msdosfs_sync(VFSTOMV(mp)->mv_pmp));
}

static const struct vfsops msdosfs_vfsops = {
	.vfs_mount = msdosfs_vfs_mount,
	.vfs_unmount = msdosfs_vfs_unmount,
	.vfs_root = msdosfs_vfs_root,
	.vfs_statfs = msdosfs_vfs_statfs,
	.vfs_sync = msdosfs_vfs_sync,
};
VFS_SET(msdosfs_vfsops, msdosfs);

/* ---- names ---- */

static int
msdosfs_vop_lookup(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp)
{
	struct denode *de;
	int error;

	error = msdosfs_lookup(vtode(dvp), cnp->cn_nameptr, cnp->cn_namelen, &de);
	return (error != 0 ? error : de_vnode(dvp->v_mount, de, vpp));
}

static int
msdosfs_vop_create(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	struct denode *de;
	int error;

	if (vap->va_type != VREG)
		return (EPERM);		/* no device nodes, sockets or fifos on FAT */
	error = msdosfs_create(vtode(dvp), cnp->cn_nameptr, cnp->cn_namelen, &de);
	if (error != 0)
		return (error);
	if (vap->va_mode != (mode_t)VNOVAL && (vap->va_mode & S_IWUSR) == 0)
		msdosfs_setreadonly(de, 1);
	return (de_vnode(dvp->v_mount, de, vpp));
}

static int
msdosfs_vop_mkdir(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	struct denode *de;
	int error;

	(void)vap;
	error = msdosfs_mkdir(vtode(dvp), cnp->cn_nameptr, cnp->cn_namelen, &de);
	return (error != 0 ? error : de_vnode(dvp->v_mount, de, vpp));
}

static int
msdosfs_vop_nolink(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	(void)dvp;
	(void)vp;
	(void)cnp;
	return (EPERM);
}

static int
msdosfs_vop_symlink(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    const char *target, struct vnode **vpp)
{
	(void)dvp;
	(void)cnp;
	(void)vap;
	(void)target;
	(void)vpp;
	return (EPERM);
}

static int
msdosfs_vop_remove(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	(void)vp;
	return (msdosfs_remove(vtode(dvp), cnp->cn_nameptr, cnp->cn_namelen));
}

static int
msdosfs_vop_rmdir(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	(void)vp;
	return (msdosfs_rmdir(vtode(dvp), cnp->cn_nameptr, cnp->cn_namelen));
}

static int
msdosfs_vop_rename(struct vnode *fdvp, struct vnode *fvp, struct componentname *fcnp,
    struct vnode *tdvp, struct vnode *tvp, struct componentname *tcnp)
{
	(void)fvp;
	(void)tvp;
	return (msdosfs_rename(vtode(fdvp), fcnp->cn_nameptr, fcnp->cn_namelen, vtode(tdvp),
	    tcnp->cn_nameptr, tcnp->cn_namelen));
}

/* ---- attributes ---- */

static void
ts_set(struct timespec *ts, int64_t sec, long nsec)
{
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

static int
msdosfs_vop_getattr(struct vnode *vp, struct vattr *vap)
{
	struct msdosfs_attr a;
	int error;

	if ((error = msdosfs_getattr(vtode(vp), &a)) != 0)
		return (error);
	vattr_null(vap);
	vap->va_type = a.va_isdir ? VDIR : VREG;
	vap->va_mode = a.va_readonly && !a.va_isdir ? 0555 : 0755;
	vap->va_nlink = 1;
	vap->va_uid = 0;
	vap->va_gid = 0;
	vap->va_fsid = vp->v_mount->mnt_dev;
	vap->va_fileid = a.va_fileid;
	vap->va_size = a.va_size;
	vap->va_bytes = a.va_bytes;
	vap->va_blocksize = a.va_blksize;
	vap->va_rdev = 0;
	ts_set(&vap->va_atime, a.va_atime, 0);
	ts_set(&vap->va_mtime, a.va_mtime, 0);
	ts_set(&vap->va_ctime, a.va_mtime, 0);
	ts_set(&vap->va_birthtime, a.va_ctime, a.va_ctime_nsec);
	return (0);
}

static int
msdosfs_vop_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	struct denode *de = vtode(vp);
	int error = 0;

	(void)cred;
	if ((vap->va_uid != (uid_t)VNOVAL && vap->va_uid != 0) ||
	    (vap->va_gid != (gid_t)VNOVAL && vap->va_gid != 0))
		return (EPERM);		/* FAT has no owners: everything is root's */
	if (vap->va_size != (uint64_t)VNOVAL)
		error = msdosfs_truncate(de, vap->va_size);
	if (error == 0 && vap->va_mode != (mode_t)VNOVAL)
		error = msdosfs_setreadonly(de, (vap->va_mode & S_IWUSR) == 0);
	if (error == 0 && (vap->va_mtime.tv_sec != VNOVAL || vap->va_atime.tv_sec != VNOVAL))
		error = msdosfs_settimes(de, vap->va_mtime.tv_sec != VNOVAL ?
		    vap->va_mtime.tv_sec : -1, vap->va_atime.tv_sec != VNOVAL ?
		    vap->va_atime.tv_sec : -1);
	return (error);
}

/* ---- data ---- */

static int
uio_copy(void *arg, void *fsbuf, size_t n, size_t done)
{
	(void)done;
	return (uiomove(fsbuf, n, arg));
}

static int
msdosfs_vop_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	size_t done;

	(void)ioflag;
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (uio->uio_offset < 0)
		return (EINVAL);
	return (msdosfs_read(vtode(vp), (uint64_t)uio->uio_offset, (size_t)uio->uio_resid,
	    uio_copy, uio, &done));
}

static int
msdosfs_vop_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct denode *de = vtode(vp);
	struct msdosfs_attr a;
	size_t done;

	if (vp->v_type == VDIR)
		return (EISDIR);
	if (ioflag & IO_APPEND) {
		msdosfs_getattr(de, &a);
		uio->uio_offset = (off_t)a.va_size;
	}
	if (uio->uio_offset < 0)
		return (EINVAL);
	return (msdosfs_write(de, (uint64_t)uio->uio_offset, (size_t)uio->uio_resid, uio_copy,
	    uio, &done));
}

static int
msdosfs_vop_fsync(struct vnode *vp)
{
	return (msdosfs_fsync(vtode(vp)));
}

/* ---- listing: ".", "..", then the entries (cookies 2 + the directory offset) ---- */

struct readdir_ctx {
	vop_readdir_cb_t *cb;
	void		*arg;
	int		 error;		/* what cb returned to stop */
};

static int
readdir_one(void *arg, const char *name, size_t namelen, uint64_t fileid, int isdir,
    uint64_t next)
{
	struct readdir_ctx *rc = arg;

	rc->error = rc->cb(rc->arg, name, namelen, (ino_t)fileid, isdir ? VDIR : VREG,
	    (off_t)(next + 2));
	return (rc->error != 0);
}

static int
msdosfs_vop_readdir(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg)
{
	struct denode *de = vtode(vp), *parent;
	struct readdir_ctx rc = { cb, arg, 0 };
	struct msdosfs_attr a, pa;
	uint64_t c;
	int error;

	msdosfs_getattr(de, &a);
	pa = a;
	if (*cookiep <= 1 && msdosfs_lookup(de, "..", 2, &parent) == 0) {
		msdosfs_getattr(parent, &pa);
		msdosfs_vrele(parent);
	}
	if (*cookiep == 0) {
		if ((error = cb(arg, ".", 1, (ino_t)a.va_fileid, VDIR, 1)) != 0)
			return (error == -1 ? 0 : error);
		*cookiep = 1;
	}
	if (*cookiep == 1) {
		if ((error = cb(arg, "..", 2, (ino_t)pa.va_fileid, VDIR, 2)) != 0)
			return (error == -1 ? 0 : error);
		*cookiep = 2;
	}
	c = (uint64_t)*cookiep - 2;
	error = msdosfs_readdir(de, &c, readdir_one, &rc);
	*cookiep = (off_t)(c + 2);
	if (error == 0 && rc.error != 0 && rc.error != -1)
		error = rc.error;
	return (error);
}

/* ---- the last reference ---- */

static void
msdosfs_vop_inactive(struct vnode *vp)
{
	struct msdosfs_vfs *mv = VFSTOMV(vp->v_mount);
	struct msdosfs_node *n = (struct msdosfs_node *)vp;

	if (vp == &mv->mv_rootvn)
		return;		/* lives as long as the mount */
	mtx_lock(&mv->mv_lock);
	msdosfs_set_private(n->mn_de, NULL);
	mv->mv_nvnodes--;
	mtx_unlock(&mv->mv_lock);
	msdosfs_vrele(n->mn_de);
	free(n, M_MSDOSFSVN);
}

static const struct vop_vector msdosfs_vnodeops = {
	.vop_lookup = msdosfs_vop_lookup,
	.vop_create = msdosfs_vop_create,
	.vop_mkdir = msdosfs_vop_mkdir,
	.vop_symlink = msdosfs_vop_symlink,
	.vop_link = msdosfs_vop_nolink,
	.vop_remove = msdosfs_vop_remove,
	.vop_rmdir = msdosfs_vop_rmdir,
	.vop_rename = msdosfs_vop_rename,
	.vop_getattr = msdosfs_vop_getattr,
	.vop_setattr = msdosfs_vop_setattr,
	.vop_read = msdosfs_vop_read,
	.vop_write = msdosfs_vop_write,
	.vop_readdir = msdosfs_vop_readdir,
	.vop_fsync = msdosfs_vop_fsync,
	.vop_inactive = msdosfs_vop_inactive,
};
