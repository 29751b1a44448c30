/*
 * pseudofs (fs/pseudofs/pseudofs.h): the vnode operations and mount
 * handling every pseudofs file system shares.  A vnode is (node, id),
 * allocated by each lookup and freed by VOP_INACTIVE; the root's lives as
 * long as the mount.  Inode numbers are id * 1024 + the node's pn_ino, so
 * a file keeps its number across lookups; every file's times are the
 * mount's (nothing here is ever modified by a write).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/pcpu.h>
#include <sys/sbuf.h>
#include <sys/stat.h>
#include <sys/sx.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>
#include <fs/pseudofs/pseudofs.h>

MALLOC_DEFINE(M_PFSVN, "pfs vnode", "pseudofs vnodes and file texts");

/* A node and its instance: what a pseudofs vnode stands for. */
struct pfs_at {
	const struct pfs_node	*pa_node;
	uint64_t		 pa_id;		/* instance (pid, device), 0 if none */
};

struct pfs_vnode {
	struct vnode		 pv_vnode;
	const struct pfs_node	*pv_node;
	uint64_t		 pv_id;		/* instance (pid, device), 0 if none */
	/*
	 * The directories it was found through, the root first: ".." is the
	 * last of them.  Kept by value: a reference on the parent vnode could
	 * not be dropped from VOP_INACTIVE, which runs under the mount's lock.
	 */
	int			 pv_depth;	/* 0: the root */
	struct pfs_at		 pv_up[PFS_DEPTH];
	struct sx		 pv_lock;	/* the text below */
	struct sbuf		*pv_text;	/* PFS_FILE: last generated contents */
};

struct pfs_mount {
	const struct pfs_info	*pm_info;
	struct pfs_vnode	*pm_root;
	volatile int		 pm_nvnodes;	/* live vnodes, the root's included */
	struct timespec		 pm_time;	/* every file's times: the mount's */
};

#define VTOPV(vp)	((struct pfs_vnode *)(vp)->v_data)
#define VFSTOPM(mp)	((struct pfs_mount *)(mp)->mnt_data)

static const struct vop_vector pfs_vnodeops;

static enum vtype
pfs_vtype(const struct pfs_node *pn)
{
	switch (pn->pn_type) {
	case PFS_DIR:	return (VDIR);
	case PFS_FILE:	return (VREG);
	case PFS_LINK:	return (VLNK);
	case PFS_DEV:	return (VCHR);
	}
	return (VNON);
}

static uint64_t
pfs_ino(const struct pfs_node *pn, uint64_t id)
{
	return (id * 1024 + pn->pn_ino);
}

/*
 * A new referenced vnode for (pn, id): found in directory dpv (NULL: the
 * root), or, with up >= 0, the ancestor at that depth of dpv.
 */
static struct vnode *
pfs_vnalloc(struct mount *mp, const struct pfs_node *pn, uint64_t id,
    const struct pfs_vnode *dpv, int up)
{
	struct pfs_vnode *pv = malloc(sizeof(*pv), M_PFSVN, M_WAITOK | M_ZERO);

	pv->pv_node = pn;
	pv->pv_id = id;
	if (dpv != NULL && up >= 0) {
		pv->pv_depth = up;
		memcpy(pv->pv_up, dpv->pv_up, sizeof(pv->pv_up[0]) * (size_t)up);
	} else if (dpv != NULL) {
		pv->pv_depth = dpv->pv_depth + 1;
		memcpy(pv->pv_up, dpv->pv_up, sizeof(pv->pv_up[0]) * (size_t)dpv->pv_depth);
		pv->pv_up[dpv->pv_depth] = (struct pfs_at){ dpv->pv_node, dpv->pv_id };
	}
	sx_init(&pv->pv_lock, "pfs text");
	vn_init(&pv->pv_vnode, pfs_vtype(pn), mp, &pfs_vnodeops, pv);
	if (pn->pn_type == PFS_DEV)
		pv->pv_vnode.v_rdev = (dev_t)id;
	__atomic_add_fetch(&VFSTOPM(mp)->pm_nvnodes, 1, __ATOMIC_RELAXED);
	vref(&pv->pv_vnode);
	return (&pv->pv_vnode);
}

static void
pfs_vnfree(struct pfs_vnode *pv)
{
	__atomic_sub_fetch(&VFSTOPM(pv->pv_vnode.v_mount)->pm_nvnodes, 1, __ATOMIC_RELAXED);
	sbuf_delete(pv->pv_text);
	free(pv, M_PFSVN);
}

/* The node an instance of a dynamic entry is. */
static const struct pfs_node *
pfs_dyn_node(const struct pfs_dyn *pd, uint64_t id)
{
	return (pd->pd_nodeof != NULL ? pd->pd_nodeof(id) : pd->pd_node);
}

static int
pfs_name_is(const struct pfs_node *pn, struct componentname *cnp)
{
	return (strlen(pn->pn_name) == cnp->cn_namelen &&
	    memcmp(pn->pn_name, cnp->cn_nameptr, cnp->cn_namelen) == 0);
}

static int
pfs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct pfs_vnode *pv = VTOPV(vp);
	const struct pfs_node *pn = pv->pv_node;
	const struct pfs_info *pi = VFSTOPM(vp->v_mount)->pm_info;

	memset(vap, 0, sizeof(*vap));
	vap->va_type = vp->v_type;
	vap->va_mode = pn->pn_mode;
	vap->va_nlink = pn->pn_type == PFS_DIR ? 2 : 1;
	vap->va_fsid = vp->v_mount->mnt_dev;
	vap->va_fileid = pfs_ino(pn, pv->pv_id);
	vap->va_blocksize = 1024;
	vap->va_rdev = pn->pn_type == PFS_DEV ? (dev_t)pv->pv_id : 0;
	vap->va_mtime = VFSTOPM(vp->v_mount)->pm_time;
	vap->va_atime = vap->va_ctime = vap->va_birthtime = vap->va_mtime;
	vap->va_vaflags = 0;
	return (pi->pi_attr != NULL ? pi->pi_attr(pn, pv->pv_id, vap) : 0);
}

static int
pfs_lookup(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp)
{
	struct pfs_vnode *dpv = VTOPV(dvp);
	const struct pfs_node *dn = dpv->pv_node, *pn;
	struct vattr va;
	uint64_t id;
	int error;

	/* The directory itself may be gone (a process that exited). */
	if ((error = pfs_getattr(dvp, &va)) != 0)
		return (error);
	if (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' && cnp->cn_nameptr[1] == '.') {
		const struct pfs_at *up;

		if (dpv->pv_depth == 0)
			return (ENOENT);	/* the root: namei never asks */
		if (dpv->pv_depth == 1) {
			vref(&VFSTOPM(dvp->v_mount)->pm_root->pv_vnode);
			*vpp = &VFSTOPM(dvp->v_mount)->pm_root->pv_vnode;
			return (0);
		}
		up = &dpv->pv_up[dpv->pv_depth - 1];
		*vpp = pfs_vnalloc(dvp->v_mount, up->pa_node, up->pa_id, dpv, dpv->pv_depth - 1);
		return (0);
	}
	if (dpv->pv_depth + 1 >= PFS_DEPTH)
		return (ENAMETOOLONG);
	for (pn = dn->pn_children; pn != NULL && pn->pn_name != NULL; pn++)
		if (pfs_name_is(pn, cnp)) {
			*vpp = pfs_vnalloc(dvp->v_mount, pn, dpv->pv_id, dpv, -1);
			return (0);
		}
	if (dn->pn_dyn != NULL && dn->pn_dyn->pd_lookup(dpv->pv_id, cnp->cn_nameptr,
	    cnp->cn_namelen, &id) == 0) {
		*vpp = pfs_vnalloc(dvp->v_mount, pfs_dyn_node(dn->pn_dyn, id), id, dpv, -1);
		return (0);
	}
	return (ENOENT);
}

/*
 * Cookies: 0 ".", 1 "..", 2.. the static entries, then dynamic entries at
 * DYN_BASE + id, so that entries coming and going never shift the others.
 */
#define DYN_BASE	1024

static int
pfs_readdir(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg)
{
	struct pfs_vnode *pv = VTOPV(vp);
	const struct pfs_node *dn = pv->pv_node, *pn, *parent;
	off_t c = *cookiep;
	char name[NAME_MAX + 1];
	uint64_t id, pid;
	struct vattr va;
	int error = 0, i;

	if ((error = pfs_getattr(vp, &va)) != 0)
		return (error);
	parent = pv->pv_depth > 0 ? pv->pv_up[pv->pv_depth - 1].pa_node : dn;
	pid = pv->pv_depth > 0 ? pv->pv_up[pv->pv_depth - 1].pa_id : 0;
	if (c == 0) {
		if ((error = cb(arg, ".", 1, pfs_ino(dn, pv->pv_id), VDIR, 1)) != 0)
			goto out;
		c = 1;
	}
	if (c == 1) {
		if ((error = cb(arg, "..", 2, pfs_ino(parent, pid), VDIR, 2)) != 0)
			goto out;
		c = 2;
	}
	for (i = 0, pn = dn->pn_children; pn != NULL && pn->pn_name != NULL; pn++, i++) {
		if (c > 2 + i)
			continue;
		if ((error = cb(arg, pn->pn_name, strlen(pn->pn_name), pfs_ino(pn, pv->pv_id),
		    pfs_vtype(pn), 3 + i)) != 0)
			goto out;
		c = 3 + i;
	}
	if (dn->pn_dyn == NULL)
		goto out;
	if (c < DYN_BASE)
		c = DYN_BASE;
	while (dn->pn_dyn->pd_next(pv->pv_id, (uint64_t)(c - DYN_BASE), &id, name,
	    sizeof(name)) == 0) {
		pn = pfs_dyn_node(dn->pn_dyn, id);
		if ((error = cb(arg, name, strlen(name), pfs_ino(pn, id), pfs_vtype(pn),
		    DYN_BASE + (off_t)id + 1)) != 0)
			goto out;
		c = DYN_BASE + (off_t)id + 1;
	}
out:
	*cookiep = c;
	return (error == -1 ? 0 : error);
}

/* Generates pn's text for the instance into a new sbuf; 0 or an errno. */
static int
pfs_generate(struct pfs_vnode *pv, struct sbuf **sbp)
{
	struct sbuf *sb = sbuf_new_auto();
	int error;

	if ((error = pv->pv_node->pn_fill(pv->pv_node, pv->pv_id, curthread, sb)) == 0)
		error = sbuf_finish(sb);
	if (error != 0) {
		sbuf_delete(sb);
		return (error);
	}
	*sbp = sb;
	return (0);
}

static int
pfs_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct pfs_vnode *pv = VTOPV(vp);
	struct sbuf *sb;
	size_t len;
	int error = 0;

	(void)ioflag;
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (pv->pv_node->pn_type != PFS_FILE || pv->pv_node->pn_fill == NULL)
		return (EINVAL);
	if (uio->uio_offset < 0)
		return (EINVAL);
	/*
	 * Called locked shared (every reader is).  The mount's lock is let go
	 * while the text is made and copied: a fill takes other locks (a
	 * process's map for maps, which page faults take before vnode locks),
	 * and pv_lock guards the text.
	 */
	VOP_UNLOCK(vp);
	sx_xlock(&pv->pv_lock);
	/* A read from the start sees the present; later ones continue that text. */
	if (pv->pv_text == NULL || uio->uio_offset == 0) {
		if ((error = pfs_generate(pv, &sb)) != 0)
			goto out;
		sbuf_delete(pv->pv_text);
		pv->pv_text = sb;
	}
	len = sbuf_len(pv->pv_text);
	if ((uint64_t)uio->uio_offset < len)
		error = uiomove(sbuf_data(pv->pv_text) + uio->uio_offset,
		    len - (size_t)uio->uio_offset < (size_t)uio->uio_resid ?
		    len - (size_t)uio->uio_offset : (size_t)uio->uio_resid, uio);
out:
	sx_xunlock(&pv->pv_lock);
	vn_lock(vp, LK_SHARED);
	return (error);
}

/*
 * A write: handed whole to the node's store function (Linux's proc files
 * that take writes see one write(2) at a time); at most a page.
 */
static int
pfs_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct pfs_vnode *pv = VTOPV(vp);
	size_t len = (size_t)uio->uio_resid;
	int64_t off = uio->uio_offset;
	char *buf;
	int error;

	(void)ioflag;
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (pv->pv_node->pn_store == NULL)
		return (EINVAL);
	if (len >= PAGE_SIZE)
		len = PAGE_SIZE;	/* (the store function refuses it: EINVAL) */
	buf = malloc(len + 1, M_TEMP, M_WAITOK);
	if ((error = uiomove(buf, len, uio)) == 0) {
		size_t moved = len;

		if (uio->uio_resid > 0)
			len = PAGE_SIZE;
		error = pv->pv_node->pn_store(pv->pv_node, pv->pv_id, curthread, uio->uio_cred,
		    buf, len, off);
		if (error != 0) {
			/* Refused: nothing was written, the file position stays (Linux). */
			uio->uio_resid += (ssize_t)moved;
			uio->uio_offset -= (off_t)moved;
		}
	}
	free(buf, M_TEMP);
	return (error);
}

/*
 * Linux's proc_setattr: a made-up file's owner and mode are not to be
 * changed (EPERM); a size (open's O_TRUNC: `echo 1 > /proc/sys/...`) and
 * times are taken and mean nothing, the text being made at each read.
 */
static int
pfs_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	(void)vp;
	(void)cred;
	if (vap->va_mode != (mode_t)VNOVAL || vap->va_uid != (uid_t)VNOVAL ||
	    vap->va_gid != (gid_t)VNOVAL)
		return (EPERM);
	return (0);
}

/*
 * Called with vp locked shared (namei, readlink).  The lock -- the whole
 * mount's -- is let go while the text is made: procfs's link texts are
 * paths elsewhere (fd/, cwd), found by locking other vnodes, and nothing
 * of a pseudofs vnode needs it.
 */
static int
pfs_readlink(struct vnode *vp, struct uio *uio)
{
	struct pfs_vnode *pv = VTOPV(vp);
	struct sbuf *sb;
	int error;

	VOP_UNLOCK(vp);
	error = pfs_generate(pv, &sb);
	vn_lock(vp, LK_SHARED);
	if (error != 0)
		return (error);
	error = uiomove(sbuf_data(sb), sbuf_len(sb) < (size_t)uio->uio_resid ?
	    sbuf_len(sb) : (size_t)uio->uio_resid, uio);
	sbuf_delete(sb);
	return (error);
}

/* A magic link: the file it stands for; EJUSTRETURN for an ordinary link. */
static int
pfs_jumplink(struct vnode *vp, struct vnode **vpp, struct file **fpp)
{
	struct pfs_vnode *pv = VTOPV(vp);

	if (pv->pv_node->pn_jump == NULL)
		return (EJUSTRETURN);
	return (pv->pv_node->pn_jump(pv->pv_node, pv->pv_id, curthread, vpp, fpp));
}

/* The last reference went: the vnode is forgotten (the root stays). */
static void
pfs_inactive(struct vnode *vp)
{
	struct pfs_vnode *pv = VTOPV(vp);

	if (vp->v_vflag & VV_ROOT)
		return;
	pfs_vnfree(pv);
}

static const struct vop_vector pfs_vnodeops = {
	.vop_lookup = pfs_lookup,
	.vop_getattr = pfs_getattr,
	.vop_read = pfs_read,
	.vop_write = pfs_write,
	.vop_setattr = pfs_setattr,
	.vop_readdir = pfs_readdir,
	.vop_readlink = pfs_readlink,
	.vop_jumplink = pfs_jumplink,
	.vop_inactive = pfs_inactive,
};

int
pfs_mount(struct mount *mp, const struct pfs_info *pi)
{
	struct pfs_mount *pm = malloc(sizeof(*pm), M_PFSVN, M_WAITOK | M_ZERO);
	struct vnode *vp;

	pm->pm_info = pi;
	vfs_timestamp(&pm->pm_time);
	mp->mnt_data = pm;
	vp = pfs_vnalloc(mp, pi->pi_root, 0, NULL, -1);
	vp->v_vflag |= VV_ROOT;
	pm->pm_root = VTOPV(vp);
	__atomic_sub_fetch(&vp->v_usecount, 1, __ATOMIC_RELAXED);	/* vfs_root gives them */
	return (0);
}

int
pfs_unmount(struct mount *mp, int flags)
{
	struct pfs_mount *pm = VFSTOPM(mp);

	(void)flags;
	if (pm == NULL)
		return (0);
	/* Only the root may remain, and nobody may hold it. */
	if (__atomic_load_n(&pm->pm_nvnodes, __ATOMIC_ACQUIRE) != 1 ||
	    __atomic_load_n(&pm->pm_root->pv_vnode.v_usecount, __ATOMIC_ACQUIRE) != 0)
		return (EBUSY);
	pfs_vnfree(pm->pm_root);
	free(pm, M_PFSVN);
	mp->mnt_data = NULL;
	return (0);
}

int
pfs_root(struct mount *mp, struct vnode **vpp)
{
	struct vnode *vp = &VFSTOPM(mp)->pm_root->pv_vnode;

	vref(vp);
	*vpp = vp;
	return (0);
}

int
pfs_statfs(struct mount *mp, struct statfs *sbp)
{
	sbp->f_type = VFSTOPM(mp)->pm_info->pi_magic;
	sbp->f_bsize = 4096;
	sbp->f_namemax = NAME_MAX;
	return (0);
}
