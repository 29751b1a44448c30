/*
 * tmpfs vnode operations (FreeBSD's tmpfs_vnops.c): lookups and changes
 * in directories, file data through the page tree, attributes, symbolic
 * links, readdir with stable cookies, and pages for shared mappings.
 * Called with the vnode lock held as sys/vnode.h says; errors as Linux's
 * tmpfs gives them.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>
#include <fs/tmpfs/tmpfs.h>

static int
tmpfs_lookup(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node;
	struct tmpfs_dirent *de;

	if (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' && cnp->cn_nameptr[1] == '.') {
		if ((node = dnode->tn_spec.tn_dir.tn_parent) == NULL)
			return (ENOENT);	/* the root (namei stops before) */
	} else {
		if ((de = tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen)) == NULL)
			return (ENOENT);
		node = de->td_node;
	}
	vref(&node->tn_vnode);
	*vpp = &node->tn_vnode;
	return (0);
}

static int
tmpfs_create(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	switch (vap->va_type) {
	case VREG: case VCHR: case VBLK: case VFIFO: case VSOCK:
		return (tmpfs_create_file(dvp, cnp, vap, NULL, vpp));
	default:
		return (EINVAL);
	}
}

static int
tmpfs_mkdir(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    struct vnode **vpp)
{
	vap->va_type = VDIR;
	return (tmpfs_create_file(dvp, cnp, vap, NULL, vpp));
}

static int
tmpfs_symlink(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    const char *target, struct vnode **vpp)
{
	vap->va_type = VLNK;
	return (tmpfs_create_file(dvp, cnp, vap, target, vpp));
}

static int
tmpfs_link(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node = VP_TO_TMPFS_NODE(vp);

	if (vp->v_type == VDIR)
		return (EPERM);
	if (node->tn_links >= TMPFS_LINK_MAX)
		return (EMLINK);
	if (node->tn_links == 0 || dnode->tn_links == 0)
		return (ENOENT);
	if (tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen) != NULL)
		return (EEXIST);
	return (tmpfs_dir_attach(dnode, cnp->cn_nameptr, cnp->cn_namelen, node));
}

/* The sticky-directory rule: only the owner of the file or directory, or CAP_FOWNER. */
static int
tmpfs_sticky_ok(struct tmpfs_node *dnode, struct tmpfs_node *node, struct ucred *cred)
{
	return (!(dnode->tn_mode & S_ISVTX) ||
	    priv_check_wrt(cred, node->tn_uid, node->tn_gid, CAP_FOWNER) == 0 ||
	    cred->cr_fsuid == dnode->tn_uid || cred->cr_fsuid == node->tn_uid);
}

/* The entry of dvp named by cnp, which must be vp's. */
static struct tmpfs_dirent *
tmpfs_entry_of(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_dirent *de;

	de = tmpfs_dir_lookup(VP_TO_TMPFS_NODE(dvp), cnp->cn_nameptr, cnp->cn_namelen);
	return (de != NULL && de->td_node == VP_TO_TMPFS_NODE(vp) ? de : NULL);
}

static int
tmpfs_remove(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_dirent *de;

	if (vp->v_type == VDIR)
		return (EISDIR);
	if ((de = tmpfs_entry_of(dvp, vp, cnp)) == NULL)
		return (ENOENT);
	if (!tmpfs_sticky_ok(VP_TO_TMPFS_NODE(dvp), de->td_node, cnp->cn_cred))
		return (EPERM);
	tmpfs_dir_detach(VP_TO_TMPFS_NODE(dvp), de);
	return (0);
}

static int
tmpfs_rmdir(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_dirent *de;

	if (vp->v_type != VDIR)
		return (ENOTDIR);
	if (vp == dvp)
		return (EINVAL);
	if ((de = tmpfs_entry_of(dvp, vp, cnp)) == NULL)
		return (ENOENT);
	if (node->tn_spec.tn_dir.tn_dirhead != NULL)
		return (ENOTEMPTY);
	if (!tmpfs_sticky_ok(dnode, node, cnp->cn_cred))
		return (EPERM);
	tmpfs_dir_detach(dnode, de);
	node->tn_links--;			/* its "." */
	dnode->tn_links--;			/* its ".." */
	dnode->tn_holds++;			/* ... which still leads there */
	return (0);
}

/* 1 if directory node is dir or lies under it (walking ".." up to the root). */
static int
tmpfs_is_under(struct tmpfs_node *node, struct tmpfs_node *dir)
{
	for (; node != NULL; node = node->tn_spec.tn_dir.tn_parent)
		if (node == dir)
			return (1);
	return (0);
}

/*
 * rename with Linux's rules, decided on the directories as they are now
 * (the lookups that found fvp and tvp ran without the lock): the source
 * must still be there; a directory may replace only an empty directory
 * (ENOTEMPTY, ENOTDIR/EISDIR across types) and never moves under itself
 * (EINVAL); renaming a file onto another name of itself does nothing.
 */
static int
tmpfs_rename(struct vnode *fdvp, struct vnode *fvp, struct componentname *fcnp,
    struct vnode *tdvp, struct vnode *tvp, struct componentname *tcnp)
{
	struct tmpfs_node *fdnode = VP_TO_TMPFS_NODE(fdvp), *tdnode = VP_TO_TMPFS_NODE(tdvp);
	struct tmpfs_node *fnode = VP_TO_TMPFS_NODE(fvp), *tnode;
	struct tmpfs_dirent *fde, *tde;
	int error;

	(void)tvp;
	if ((fde = tmpfs_entry_of(fdvp, fvp, fcnp)) == NULL)
		return (ENOENT);
	if (tdnode->tn_links == 0)
		return (ENOENT);
	tde = tmpfs_dir_lookup(tdnode, tcnp->cn_nameptr, tcnp->cn_namelen);
	tnode = tde != NULL ? tde->td_node : NULL;
	if (tnode == fnode)
		return (0);
	if (fnode->tn_type == VDIR) {
		if (tnode != NULL && tnode->tn_type != VDIR)
			return (ENOTDIR);
		if (tmpfs_is_under(tdnode, fnode))
			return (EINVAL);
	} else if (tnode != NULL && tnode->tn_type == VDIR)
		return (EISDIR);
	if (tnode != NULL && tnode->tn_type == VDIR && tnode->tn_spec.tn_dir.tn_dirhead != NULL)
		return (ENOTEMPTY);
	if (!tmpfs_sticky_ok(fdnode, fnode, fcnp->cn_cred) ||
	    (tnode != NULL && !tmpfs_sticky_ok(tdnode, tnode, tcnp->cn_cred)))
		return (EPERM);
	if (fnode->tn_type == VDIR && fdnode != tdnode && tnode == NULL &&
	    tdnode->tn_links >= TMPFS_LINK_MAX)
		return (EMLINK);

	/* The new name first, so that a failure (no memory) changes nothing. */
	if (tde == NULL && (error = tmpfs_dir_attach(tdnode, tcnp->cn_nameptr, tcnp->cn_namelen,
	    fnode)) != 0)
		return (error);
	if (tde != NULL) {
		/* Point the existing entry at the file moved; its old file loses the name. */
		tnode->tn_links--;
		if (tnode->tn_type == VDIR) {
			tnode->tn_links--;		/* its "." */
			tdnode->tn_links--;		/* its ".." */
			tdnode->tn_holds++;		/* ... which still leads there */
		}
		vfs_timestamp(&tnode->tn_ctime);
		tde->td_node = fnode;
		fnode->tn_links++;
		vfs_timestamp(&tdnode->tn_mtime);
		tdnode->tn_ctime = tdnode->tn_mtime;
	}
	tmpfs_dir_detach(fdnode, fde);
	if (fnode->tn_type == VDIR && fdnode != tdnode) {
		fnode->tn_spec.tn_dir.tn_parent = tdnode;
		fdnode->tn_links--;
		tdnode->tn_links++;
	}
	vfs_timestamp(&fnode->tn_ctime);
	/* The file replaced, if nobody holds it (it need not be the tvp looked up). */
	if (tnode != NULL)
		tmpfs_free_unused(VFS_TO_TMPFS(fdvp->v_mount), tnode);
	return (0);
}

static int
tmpfs_getattr(struct vnode *vp, struct vattr *vap)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	vap->va_type = node->tn_type;
	vap->va_mode = node->tn_mode;
	vap->va_nlink = node->tn_links;
	vap->va_uid = node->tn_uid;
	vap->va_gid = node->tn_gid;
	vap->va_fsid = vp->v_mount->mnt_dev;
	vap->va_fileid = node->tn_id;
	vap->va_size = node->tn_size;
	vap->va_blocksize = TMPFS_PAGE_SIZE;
	vap->va_rdev = (node->tn_type == VCHR || node->tn_type == VBLK) ?
	    node->tn_spec.tn_rdev : 0;
	vap->va_atime = node->tn_atime;
	vap->va_mtime = node->tn_mtime;
	vap->va_ctime = node->tn_ctime;
	vap->va_birthtime = node->tn_birthtime;
	/* Storage: whole pages for data; nothing for the rest (as Linux shows). */
	vap->va_bytes = node->tn_type == VREG ?
	    ((node->tn_size + TMPFS_PAGE_SIZE - 1) & ~(TMPFS_PAGE_SIZE - 1)) : 0;
	return (0);
}

static int
tmpfs_truncate(struct vnode *vp, uint64_t size)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (size > TMPFS_MAXFILESIZE)
		return (EFBIG);
	if (size < node->tn_size)
		tmpfs_pages_truncate(VFS_TO_TMPFS(vp->v_mount), &node->tn_spec.tn_reg, size);
	node->tn_size = size;
	vfs_timestamp(&node->tn_mtime);
	node->tn_ctime = node->tn_mtime;
	return (0);
}

/*
 * Change what vap sets.  Permission rules: chmod and times need the
 * owner or root (times "now" without a value, VA_UTIMES_NULL, also anyone
 * who may write the file: EACCES otherwise); chown needs root, except
 * that the owner may change the group to one of its own; a chown by
 * anyone but root clears the set-id bits.  Size: the caller checked write
 * permission.
 */
static int
tmpfs_setattr(struct vnode *vp, struct vattr *vap, struct ucred *cred)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int fowner = cred->cr_fsuid == node->tn_uid ||
	    priv_check_wrt(cred, node->tn_uid, node->tn_gid, CAP_FOWNER) == 0;
	int error;

	if (vap->va_size != (uint64_t)VNOVAL && (error = tmpfs_truncate(vp, vap->va_size)) != 0)
		return (error);
	if (vap->va_uid != (uid_t)VNOVAL || vap->va_gid != (gid_t)VNOVAL ||
	    (vap->va_vaflags & VA_CHOWN)) {
		uid_t uid = vap->va_uid != (uid_t)VNOVAL ? vap->va_uid : node->tn_uid;
		gid_t gid = vap->va_gid != (gid_t)VNOVAL ? vap->va_gid : node->tn_gid;

		if (priv_check_wrt(cred, node->tn_uid, node->tn_gid, CAP_CHOWN) != 0 &&
		    (uid != node->tn_uid ||
		    cred->cr_fsuid != node->tn_uid ||
		    (gid != node->tn_gid && !groupmember(gid, cred))))
			return (EPERM);
		/*
		 * Linux clears set-user-ID on any chown of a non-directory,
		 * root's too, and set-group-ID when group-executable (or
		 * when the chowner could not have set it).
		 */
		if (vp->v_type != VDIR) {
			if ((node->tn_mode & S_ISGID) && ((node->tn_mode & S_IXGRP) ||
			    (!groupmember(node->tn_gid, cred) &&
			    priv_check_wrt(cred, node->tn_uid, node->tn_gid, CAP_FSETID) != 0)))
				node->tn_mode &= ~(mode_t)S_ISGID;
			node->tn_mode &= ~(mode_t)S_ISUID;
		}
		node->tn_uid = uid;
		node->tn_gid = gid;
	}
	if (vap->va_mode != (mode_t)VNOVAL) {
		if (!fowner)
			return (EPERM);
		node->tn_mode = vap->va_mode & ALLPERMS;
		if (!groupmember(node->tn_gid, cred) && priv_check_wrt(cred, node->tn_uid, node->tn_gid, CAP_FSETID) != 0)
			node->tn_mode &= ~(mode_t)S_ISGID;
	}
	if (VATTR_TIME_SET(vap->va_atime) || VATTR_TIME_SET(vap->va_mtime)) {
		if (!fowner) {
			if (!(vap->va_vaflags & VA_UTIMES_NULL))
				return (EPERM);
			if ((error = vaccess(vp->v_type, node->tn_mode, node->tn_uid,
			    node->tn_gid, VWRITE, cred)) != 0)
				return (error);
		}
		if (VATTR_TIME_SET(vap->va_atime))
			node->tn_atime = vap->va_atime;
		if (VATTR_TIME_SET(vap->va_mtime))
			node->tn_mtime = vap->va_mtime;
	}
	vfs_timestamp(&node->tn_ctime);
	return (0);
}

static int
tmpfs_read(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_mount *tm = VFS_TO_TMPFS(vp->v_mount);
	static const char zeros[PAGE_SIZE];
	int error = 0;

	(void)ioflag;
	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (uio->uio_offset < 0)
		return (EINVAL);
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < node->tn_size) {
		uint64_t off = (uint64_t)uio->uio_offset, pa;
		size_t pgoff = off & PAGE_MASK, n = PAGE_SIZE - pgoff;
		const char *src;

		if (n > node->tn_size - off)
			n = (size_t)(node->tn_size - off);
		if ((error = tmpfs_page_get(tm, &node->tn_spec.tn_reg, off >> TMPFS_PAGE_SHIFT,
		    0, &pa)) != 0)
			break;
		src = pa != 0 ? (const char *)PHYS_TO_DMAP(pa) + pgoff : zeros;
		if ((error = uiomove((void *)(uintptr_t)src, n, uio)) != 0)
			break;
	}
	return (error);
}

static int
tmpfs_write(struct vnode *vp, struct uio *uio, int ioflag)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	struct tmpfs_mount *tm = VFS_TO_TMPFS(vp->v_mount);
	int error = 0;

	if (vp->v_type == VDIR)
		return (EISDIR);
	if (vp->v_type != VREG)
		return (EINVAL);
	if (ioflag & IO_APPEND)
		uio->uio_offset = (off_t)node->tn_size;
	if (uio->uio_offset < 0)
		return (EINVAL);
	if (uio->uio_resid == 0)
		return (0);
	if ((uint64_t)uio->uio_offset >= TMPFS_MAXFILESIZE)
		return (EFBIG);
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < TMPFS_MAXFILESIZE) {
		uint64_t off = (uint64_t)uio->uio_offset, pa;
		size_t pgoff = off & PAGE_MASK, n = PAGE_SIZE - pgoff;

		if ((error = tmpfs_page_get(tm, &node->tn_spec.tn_reg, off >> TMPFS_PAGE_SHIFT,
		    TMPFS_PG_ALLOC, &pa)) != 0)
			break;
		if ((error = uiomove((char *)PHYS_TO_DMAP(pa) + pgoff, n, uio)) != 0)
			break;
		if ((uint64_t)uio->uio_offset > node->tn_size)
			node->tn_size = (uint64_t)uio->uio_offset;
	}
	vfs_timestamp(&node->tn_mtime);
	node->tn_ctime = node->tn_mtime;
	return (error);
}

static int
tmpfs_readdir(struct vnode *vp, off_t *cookiep, vop_readdir_cb_t *cb, void *arg)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp), *parent;
	struct tmpfs_dirent *de;
	off_t c = *cookiep;
	int error = 0;

	if (node->tn_links == 0)
		return (ENOENT);	/* removed (Linux: a dead directory cannot be read) */
	parent = node->tn_spec.tn_dir.tn_parent != NULL ? node->tn_spec.tn_dir.tn_parent : node;
	if (c == 0) {
		if ((error = cb(arg, ".", 1, node->tn_id, VDIR, 1)) != 0)
			goto out;
		c = 1;
	}
	if (c == 1) {
		if ((error = cb(arg, "..", 2, parent->tn_id, VDIR, 2)) != 0)
			goto out;
		c = 2;
	}
	for (de = node->tn_spec.tn_dir.tn_dirhead; de != NULL; de = de->td_next) {
		if (de->td_cookie < c)
			continue;
		if ((error = cb(arg, de->td_name, de->td_namelen, de->td_node->tn_id,
		    de->td_node->tn_type, de->td_cookie + 1)) != 0)
			goto out;
		c = de->td_cookie + 1;
	}
out:
	*cookiep = c;
	return (error == -1 ? 0 : error);
}

static int
tmpfs_readlink(struct vnode *vp, struct uio *uio)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);

	return (uiomove(node->tn_spec.tn_lnk.tn_link, node->tn_size, uio));
}

static int
tmpfs_getpage(struct vnode *vp, uint64_t pgindex, uint64_t *pap)
{
	struct tmpfs_node *node = VP_TO_TMPFS_NODE(vp);
	int error;

	vn_lock(vp, LK_EXCLUSIVE);
	if (pgindex >= (node->tn_size + TMPFS_PAGE_SIZE - 1) >> TMPFS_PAGE_SHIFT)
		error = EINVAL;
	else
		error = tmpfs_page_get(VFS_TO_TMPFS(vp->v_mount), &node->tn_spec.tn_reg,
		    pgindex, TMPFS_PG_ALLOC | TMPFS_PG_HOLD, pap);
	VOP_UNLOCK(vp);
	return (error);
}

/* The last reference went (lock held exclusive): a node without links goes too. */
static void
tmpfs_inactive(struct vnode *vp)
{
	tmpfs_free_unused(VFS_TO_TMPFS(vp->v_mount), VP_TO_TMPFS_NODE(vp));
}

const struct vop_vector tmpfs_vnodeop_entries = {
	.vop_lookup = tmpfs_lookup,
	.vop_create = tmpfs_create,
	.vop_mkdir = tmpfs_mkdir,
	.vop_symlink = tmpfs_symlink,
	.vop_link = tmpfs_link,
	.vop_remove = tmpfs_remove,
	.vop_rmdir = tmpfs_rmdir,
	.vop_rename = tmpfs_rename,
	.vop_getattr = tmpfs_getattr,
	.vop_setattr = tmpfs_setattr,
	.vop_read = tmpfs_read,
	.vop_write = tmpfs_write,
	.vop_readdir = tmpfs_readdir,
	.vop_readlink = tmpfs_readlink,
	.vop_getpage = tmpfs_getpage,
	.vop_inactive = tmpfs_inactive,
};
