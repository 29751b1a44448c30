/*
 * File operations by path name (sys/vfs_path.h): the part of open, mkdir,
 * mknod, symlink, link, unlink, rmdir, stat, readlink, access and chdir
 * that does not depend on who calls, so that the system calls, start-up
 * code and host tests share it.  Linux decides the errors: which check
 * comes first matters as much as the check (EEXIST before EACCES for
 * mkdir of an existing name, EISDIR for unlink of a directory, ...).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/pcpu.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>

static void
nd_init(struct nameidata *nd, struct vfs_ctx *c, int op, int flags, const char *path)
{
	NDINIT(nd, op, flags, path, c->vc_cdir, c->vc_rdir, c->vc_cred);
}

/* Undo a CREATE/DELETE namei: unlock the directory, drop both references. */
static void
nd_done(struct nameidata *nd)
{
	VOP_UNLOCK(nd->ni_dvp);
	if (nd->ni_vp != NULL)
		vrele(nd->ni_vp);
	vrele(nd->ni_dvp);
	NDFREE(nd);
}

int
vfs_open(struct vfs_ctx *c, const char *path, int oflags, mode_t mode,
    struct vnode **vpp, int *createdp)
{
	return (vfs_open_named(c, path, oflags, mode, vpp, createdp, NULL));
}

int
vfs_open_named(struct vfs_ctx *c, const char *path, int oflags, mode_t mode,
    struct vnode **vpp, int *createdp, struct file **jumpfpp)
{
	struct file *jumpfp = NULL;
	int fmode = FFLAGS(oflags), created = 0, error;
	struct nameidata nd;
	struct vnode *vp;
	struct vattr va;

	if (oflags & O_CREAT) {
		nd_init(&nd, c, CREATE, (oflags & (O_EXCL | O_NOFOLLOW)) ? NOFOLLOW : FOLLOW,
		    path);
		if ((error = namei(&nd)) != 0)
			return (error);
		if (nd.ni_cnd.cn_flags & TRAILINGSLASH) {
			/* Linux: O_CREAT with "name/" is EISDIR, whether name exists or not. */
			nd_done(&nd);
			return (EISDIR);
		}
		if (nd.ni_vp == NULL) {
			if ((error = VOP_ACCESS(nd.ni_dvp, VWRITE, c->vc_cred)) == 0) {
				vattr_null(&va);
				va.va_type = VREG;
				va.va_mode = mode & ~c->vc_umask & ALLPERMS;
				error = VOP_CREATE(nd.ni_dvp, &nd.ni_cnd, &va, &nd.ni_vp);
			}
			if (error != 0) {
				nd_done(&nd);
				return (error);
			}
			created = 1;
			fmode &= ~O_TRUNC;
		} else if (oflags & O_EXCL) {
			nd_done(&nd);
			return (EEXIST);
		}
		vp = nd.ni_vp;
		nd.ni_vp = NULL;
		jumpfp = nd.ni_jumpfile;
		nd.ni_jumpfile = NULL;
		nd_done(&nd);
	} else {
		nd_init(&nd, c, LOOKUP, (oflags & O_NOFOLLOW) ? NOFOLLOW : FOLLOW, path);
		if ((error = namei(&nd)) != 0)
			return (error);
		vp = nd.ni_vp;
		jumpfp = nd.ni_jumpfile;
		nd.ni_jumpfile = NULL;
		NDFREE(&nd);
	}
	if (created) {
		/* A new file opens in the mode asked, whatever its permission bits. */
		vn_lock(vp, LK_SHARED);
		error = VOP_OPEN(vp, fmode, c->vc_cred);
		VOP_UNLOCK(vp);
	} else
		error = vn_open_vnode(vp, fmode, c->vc_cred);
	if (error != 0) {
		vrele(vp);
		if (jumpfp != NULL)
			fdrop(jumpfp, curthread);
		return (error);
	}
	*vpp = vp;
	if (createdp != NULL)
		*createdp = created;
	if (jumpfpp != NULL)
		*jumpfpp = jumpfp;
	else if (jumpfp != NULL)
		fdrop(jumpfp, curthread);
	return (0);
}

/* Shared by mkdir, mknod and symlink: a CREATE lookup that must find nothing. */
static int
create_lookup(struct vfs_ctx *c, const char *path, struct nameidata *nd)
{
	int error;

	nd_init(nd, c, CREATE, NOFOLLOW, path);
	if ((error = namei(nd)) != 0)
		return (error);
	if (nd->ni_vp != NULL)
		error = EEXIST;
	else
		error = VOP_ACCESS(nd->ni_dvp, VWRITE, c->vc_cred);
	if (error != 0)
		nd_done(nd);
	return (error);
}

int
vfs_mkdir(struct vfs_ctx *c, const char *path, mode_t mode)
{
	struct nameidata nd;
	struct vattr va;
	int error;

	if ((error = create_lookup(c, path, &nd)) != 0)
		return (error);
	vattr_null(&va);
	va.va_type = VDIR;
	va.va_mode = mode & ~c->vc_umask & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX);
	error = VOP_MKDIR(nd.ni_dvp, &nd.ni_cnd, &va, &nd.ni_vp);
	nd_done(&nd);
	return (error);
}

int
vfs_mknod(struct vfs_ctx *c, const char *path, mode_t mode, dev_t dev)
{
	return (vfs_mknod_vp(c, path, mode, dev, NULL));
}

int
vfs_mknod_vp(struct vfs_ctx *c, const char *path, mode_t mode, dev_t dev, struct vnode **vpp)
{
	struct nameidata nd;
	struct vattr va;
	int error;

	vattr_null(&va);
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:	va.va_type = VREG; break;
	case S_IFIFO:	va.va_type = VFIFO; break;
	case S_IFSOCK:	va.va_type = VSOCK; break;
	case S_IFCHR:	va.va_type = VCHR; break;
	case S_IFBLK:	va.va_type = VBLK; break;
	case S_IFDIR:	return (EPERM);
	default:	return (EINVAL);
	}
	if ((error = create_lookup(c, path, &nd)) != 0)
		return (error);
	if (nd.ni_cnd.cn_flags & TRAILINGSLASH)
		error = ENOENT;
	else if ((va.va_type == VCHR || va.va_type == VBLK) &&
	    priv_check_cred(c->vc_cred, CAP_MKNOD) != 0)
		error = EPERM;		/* after the directory's EACCES, as on Linux */
	else {
		va.va_mode = mode & ~c->vc_umask & ALLPERMS;
		va.va_rdev = dev;
		error = VOP_CREATE(nd.ni_dvp, &nd.ni_cnd, &va, &nd.ni_vp);
		if (error == 0 && vpp != NULL) {
			*vpp = nd.ni_vp;	/* the caller's reference now */
			nd.ni_vp = NULL;
		}
	}
	nd_done(&nd);
	return (error);
}

int
vfs_symlink(struct vfs_ctx *c, const char *target, const char *path)
{
	struct nameidata nd;
	struct vattr va;
	int error;

	if (*target == '\0')
		return (ENOENT);
	if ((error = create_lookup(c, path, &nd)) != 0)
		return (error);
	if (nd.ni_cnd.cn_flags & TRAILINGSLASH)
		error = ENOENT;
	else {
		vattr_null(&va);
		va.va_type = VLNK;
		va.va_mode = 0777;
		error = VOP_SYMLINK(nd.ni_dvp, &nd.ni_cnd, &va, target, &nd.ni_vp);
	}
	nd_done(&nd);
	return (error);
}

int
vfs_link(struct vfs_ctx *oc, const char *oldpath, struct vfs_ctx *nc, const char *newpath,
    int follow)
{
	struct nameidata nd;
	struct vnode *vp;
	int error;

	nd_init(&nd, oc, LOOKUP, follow ? FOLLOW : NOFOLLOW, oldpath);
	if ((error = namei(&nd)) != 0)
		return (error);
	vp = nd.ni_vp;
	NDFREE(&nd);
	if (vp->v_type == VDIR) {
		vrele(vp);
		return (EPERM);
	}
	nd_init(&nd, nc, CREATE, NOFOLLOW, newpath);
	if ((error = namei(&nd)) != 0) {
		vrele(vp);
		return (error);
	}
	if (nd.ni_vp != NULL)
		error = EEXIST;
	else if (nd.ni_dvp->v_mount != vp->v_mount)
		error = EXDEV;
	else if (nd.ni_cnd.cn_flags & TRAILINGSLASH)
		error = ENOENT;
	else if ((error = VOP_ACCESS(nd.ni_dvp, VWRITE, nc->vc_cred)) == 0)
		error = VOP_LINK(nd.ni_dvp, vp, &nd.ni_cnd);
	nd_done(&nd);
	vrele(vp);
	return (error);
}

/* The checks unlink and rmdir share, after the ones particular to each. */
static int
remove_checks(struct vfs_ctx *c, struct nameidata *nd)
{
	struct vnode *vp = nd->ni_vp;

	if (vp->v_mountedhere != NULL || (vp->v_vflag & VV_ROOT))
		return (EBUSY);
	return (VOP_ACCESS(nd->ni_dvp, VWRITE | VEXEC, c->vc_cred));
}

int
vfs_unlink(struct vfs_ctx *c, const char *path)
{
	struct nameidata nd;
	int error;

	nd_init(&nd, c, DELETE, NOFOLLOW, path);
	if ((error = namei(&nd)) != 0)
		return (error);
	if (nd.ni_vp->v_type == VDIR)
		error = EISDIR;
	else if ((error = remove_checks(c, &nd)) == 0)
		error = VOP_REMOVE(nd.ni_dvp, nd.ni_vp, &nd.ni_cnd);
	nd_done(&nd);
	return (error);
}

int
vfs_rmdir(struct vfs_ctx *c, const char *path)
{
	struct nameidata nd;
	int error;

	nd_init(&nd, c, DELETE, NOFOLLOW, path);
	if ((error = namei(&nd)) != 0)
		return (error);
	if (nd.ni_cnd.cn_flags & ISDOT)
		error = EINVAL;
	else if (nd.ni_cnd.cn_flags & ISDOTDOT)
		error = ENOTEMPTY;
	else if (nd.ni_vp->v_type != VDIR)
		error = ENOTDIR;
	else if ((error = remove_checks(c, &nd)) == 0)
		error = VOP_RMDIR(nd.ni_dvp, nd.ni_vp, &nd.ni_cnd);
	nd_done(&nd);
	return (error);
}

static int lookup_vnode(struct vfs_ctx *c, const char *path, int nameiflags,
    struct vnode **vpp);

int
vfs_lookup_vp(struct vfs_ctx *c, const char *path, int nameiflags, struct vnode **vpp)
{
	return (lookup_vnode(c, path, nameiflags, vpp));
}

/* A LOOKUP that returns the vnode referenced. */
static int
lookup_vnode(struct vfs_ctx *c, const char *path, int nameiflags, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	nd_init(&nd, c, LOOKUP, nameiflags, path);
	if ((error = namei(&nd)) != 0)
		return (error);
	*vpp = nd.ni_vp;
	NDFREE(&nd);
	return (0);
}

int
vfs_stat(struct vfs_ctx *c, const char *path, int nameiflags, struct stat *sb)
{
	struct vnode *vp;
	int error;

	if ((error = lookup_vnode(c, path, nameiflags, &vp)) != 0)
		return (error);
	error = vn_stat(vp, sb);
	vrele(vp);
	return (error);
}

int
vfs_readlink(struct vfs_ctx *c, const char *path, int nameiflags, char *buf, size_t len,
    size_t *outlen)
{
	struct vnode *vp;
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = lookup_vnode(c, path, nameiflags & ~FOLLOW, &vp)) != 0)
		return (error);
	uio_init_kern(&uio, &iov, buf, len, 0, UIO_READ);
	vn_lock(vp, LK_SHARED);
	error = VOP_READLINK(vp, &uio);
	VOP_UNLOCK(vp);
	vrele(vp);
	*outlen = len - (size_t)uio.uio_resid;
	return (error);
}

/*
 * access(2) checks with the real ids unless AT_EACCESS, as Linux does:
 * a copy of the credential with the real ids as the file-system ones, and
 * the permitted capabilities effective if the real uid is 0, none if not.
 */
int
vfs_access(struct vfs_ctx *c, const char *path, int amode, int flags)
{
	struct ucred cr = *c->vc_cred;
	struct vfs_ctx rc = *c;
	struct vnode *vp;
	int accmode = 0, error;

	if (amode & ~(R_OK | W_OK | X_OK))
		return (EINVAL);
	if (!(flags & AT_EACCESS)) {
		cr.cr_fsuid = cr.cr_ruid;
		cr.cr_fsgid = cr.cr_rgid;
		if (!(cr.cr_securebits & SECBIT_NO_SETUID_FIXUP))
			cr.cr_cap_eff = cr.cr_ruid == make_kuid(cr.cr_userns, 0) ? cr.cr_cap_prm : 0;
		rc.vc_cred = &cr;
	}
	if ((error = lookup_vnode(&rc, path, (flags & AT_SYMLINK_NOFOLLOW) ? NOFOLLOW : FOLLOW,
	    &vp)) != 0)
		return (error);
	if (amode & R_OK)
		accmode |= VREAD;
	if (amode & W_OK)
		accmode |= VWRITE;
	if (amode & X_OK)
		accmode |= VEXEC;
	if (accmode != 0) {
		vn_lock(vp, LK_SHARED);
		error = VOP_ACCESS(vp, accmode, rc.vc_cred);
		VOP_UNLOCK(vp);
	}
	vrele(vp);
	return (error);
}

int
vfs_lookup_dir(struct vfs_ctx *c, const char *path, struct vnode **vpp)
{
	struct vnode *vp;
	int error;

	if ((error = lookup_vnode(c, path, FOLLOW, &vp)) != 0)
		return (error);
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else {
		vn_lock(vp, LK_SHARED);
		error = VOP_ACCESS(vp, VEXEC, c->vc_cred);
		VOP_UNLOCK(vp);
	}
	if (error != 0) {
		vrele(vp);
		return (error);
	}
	*vpp = vp;
	return (0);
}

int
vfs_truncate(struct vfs_ctx *c, const char *path, off_t length)
{
	struct vnode *vp;
	struct vattr va;
	int error;

	if (length < 0)
		return (EINVAL);
	if ((error = lookup_vnode(c, path, FOLLOW, &vp)) != 0)
		return (error);
	vn_lock(vp, LK_EXCLUSIVE);
	if (vp->v_type == VDIR)
		error = EISDIR;
	else if (vp->v_type != VREG)
		error = EINVAL;
	else if ((error = VOP_ACCESS(vp, VWRITE, c->vc_cred)) == 0) {
		vattr_null(&va);
		va.va_size = (uint64_t)length;
		error = VOP_SETATTR(vp, &va, c->vc_cred);
	}
	VOP_UNLOCK(vp);
	vrele(vp);
	return (error);
}

/* --- getcwd ------------------------------------------------------------------ */

struct name_search {
	ino_t	 ino;			/* the inode whose name is wanted */
	char	*name;			/* NAME_MAX + 1 bytes */
	int	 found;
};

static int
name_search_cb(void *arg, const char *name, size_t len, ino_t ino, enum vtype type, off_t next)
{
	struct name_search *ns = arg;

	(void)type;
	(void)next;
	if (ino != ns->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return (0);
	memcpy(ns->name, name, len);
	ns->name[len] = '\0';
	ns->found = 1;
	return (1);
}

/*
 * One step up from directory vp: its parent (referenced, through ".."
 * and up across mount points) and vp's name in it.  ENOENT when vp was
 * removed.
 */
static int
getcwd_step(struct vfs_ctx *c, struct vnode *vp, struct vnode **pvp, char *name)
{
	struct componentname cn = { LOOKUP, 0, c->vc_cred, "..", 2 };
	struct name_search ns = { 0, name, 0 };
	struct vattr va;
	off_t cookie = 0;
	int error;

	vref(vp);
	/* The root of a mounted file system: carry on from the directory it covers. */
	while ((vp->v_vflag & VV_ROOT) && vp->v_mount->mnt_vnodecovered != NULL) {
		struct vnode *cvp = vp->v_mount->mnt_vnodecovered;

		vref(cvp);
		vrele(vp);
		vp = cvp;
	}
	if ((error = vn_getattr(vp, &va)) != 0)
		goto out;
	ns.ino = va.va_fileid;
	vn_lock(vp, LK_SHARED);
	error = VOP_LOOKUP(vp, &cn, pvp);
	VOP_UNLOCK(vp);
	if (error != 0)
		goto out;
	vn_lock(*pvp, LK_SHARED);
	error = VOP_ACCESS(*pvp, VREAD, c->vc_cred);
	if (error == 0)
		error = VOP_READDIR(*pvp, &cookie, name_search_cb, &ns);
	VOP_UNLOCK(*pvp);
	if (error == 1)
		error = 0;
	if (error == 0 && !ns.found)
		error = ENOENT;
	if (error != 0)
		vrele(*pvp);
out:
	vrele(vp);
	return (error);
}

int
vfs_getcwd(struct vfs_ctx *c, char *buf, size_t len, size_t *outlen)
{
	return (vfs_dirpath(c, c->vc_cdir, buf, len, outlen));
}

int
vfs_dirpath(struct vfs_ctx *c, struct vnode *dvp, char *buf, size_t len, size_t *outlen)
{
	char *name = malloc(NAME_MAX + 1, M_TEMP, M_WAITOK);
	struct vnode *vp = dvp, *pvp;
	size_t pos = len, n;
	int error = 0;

	if (len < 2) {
		free(name, M_TEMP);
		return (ERANGE);
	}
	buf[--pos] = '\0';
	vref(vp);
	while (vp != c->vc_rdir && vp != rootvnode) {
		if ((error = getcwd_step(c, vp, &pvp, name)) != 0)
			break;
		vrele(vp);
		vp = pvp;
		n = strlen(name);
		if (n + 1 > pos) {
			error = ERANGE;
			break;
		}
		pos -= n;
		memcpy(buf + pos, name, n);
		buf[--pos] = '/';
	}
	vrele(vp);
	free(name, M_TEMP);
	if (error != 0)
		return (error);
	if (pos == len - 1)
		buf[--pos] = '/';		/* the root itself */
	memmove(buf, buf + pos, len - pos);
	*outlen = len - pos;
	return (0);
}

/* --- rename ------------------------------------------------------------------------- */

/* The last component is ".", ".." or there is none ("/"): Linux's LAST_DOT and company. */
static int
last_is_special(const char *path)
{
	size_t n = strlen(path);

	while (n > 0 && path[n - 1] == '/')
		n--;
	if (n == 0)
		return (1);
	if (path[n - 1] == '.' && (n == 1 || path[n - 2] == '/'))
		return (1);
	return (n >= 2 && path[n - 1] == '.' && path[n - 2] == '.' && (n == 2 || path[n - 3] == '/'));
}

/*
 * Look up both names with their directories (referenced, unlocked), then
 * let the file system re-check and move under its lock: between the
 * lookups and the move, another thread may have changed either directory,
 * and VOP_RENAME decides on what is there when it holds the lock.
 */
int
vfs_rename(struct vfs_ctx *oc, const char *from, struct vfs_ctx *nc, const char *to,
    int flags)
{
	struct nameidata fnd, tnd;
	int error;

	if (flags & ~RENAME_NOREPLACE)
		return (EINVAL);
	if (last_is_special(from) || last_is_special(to))
		return (EBUSY);
	NDINIT(&fnd, LOOKUP, NOFOLLOW | WANTPARENT, from, oc->vc_cdir, oc->vc_rdir, oc->vc_cred);
	if ((error = namei(&fnd)) != 0)
		return (error);
	NDINIT(&tnd, RENAME, NOFOLLOW, to, nc->vc_cdir, nc->vc_rdir, nc->vc_cred);
	if ((error = namei(&tnd)) != 0)
		goto out_from;
	/* tnd's directory came back locked: unlock it, VOP_RENAME locks for both. */
	VOP_UNLOCK(tnd.ni_dvp);
	if (((fnd.ni_cnd.cn_flags | tnd.ni_cnd.cn_flags) & TRAILINGSLASH) &&
	    fnd.ni_vp->v_type != VDIR)
		error = ENOTDIR;	/* "name/" is only for directories */
	else if (fnd.ni_vp->v_mount != tnd.ni_dvp->v_mount)
		error = EXDEV;
	else if (tnd.ni_vp != NULL && (flags & RENAME_NOREPLACE))
		error = EEXIST;
	else if (fnd.ni_vp->v_mountedhere != NULL || (fnd.ni_vp->v_vflag & VV_ROOT) ||
	    (tnd.ni_vp != NULL && (tnd.ni_vp->v_mountedhere != NULL ||
	    (tnd.ni_vp->v_vflag & VV_ROOT))))
		error = EBUSY;
	else {
		vn_lock(fnd.ni_dvp, LK_EXCLUSIVE);
		if ((error = VOP_ACCESS(fnd.ni_dvp, VWRITE | VEXEC, oc->vc_cred)) == 0 &&
		    (error = VOP_ACCESS(tnd.ni_dvp, VWRITE | VEXEC, nc->vc_cred)) == 0)
			error = VOP_RENAME(fnd.ni_dvp, fnd.ni_vp, &fnd.ni_cnd, tnd.ni_dvp,
			    tnd.ni_vp, &tnd.ni_cnd);
		VOP_UNLOCK(fnd.ni_dvp);
	}
	if (tnd.ni_vp != NULL)
		vrele(tnd.ni_vp);
	vrele(tnd.ni_dvp);
	NDFREE(&tnd);
out_from:
	vrele(fnd.ni_vp);
	vrele(fnd.ni_dvp);
	NDFREE(&fnd);
	return (error);
}
