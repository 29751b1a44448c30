/*
 * namei: turn a path into a vnode, one component at a time (FreeBSD's
 * vfs_lookup.c, with Linux's rules; see sys/namei.h for the contract).
 *
 * The walk holds a reference on the directory it is in (dp) and locks it
 * only around the one VOP_LOOKUP, so it never holds two vnode locks; the
 * exception is the last component of a CREATE/DELETE/RENAME, whose
 * directory stays locked exclusive for the caller's VOP.  A symbolic link
 * is expanded in place: its text replaces the component in the path
 * buffer and the walk goes on from the link's directory (or the root).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/pcpu.h>
#include <sys/namei.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_NAMEI, "namei", "path names being looked up");

/* Copy the path into ni_pathbuf; ENAMETOOLONG at MAXPATHLEN bytes or more. */
static int
namei_copyin(struct nameidata *ndp)
{
	size_t len;
	int error;

	ndp->ni_pathbuf = malloc(MAXPATHLEN, M_NAMEI, M_WAITOK);
	if (ndp->ni_segflg == UIO_USERSPACE) {
		error = copyinstr(ndp->ni_dirp, ndp->ni_pathbuf, MAXPATHLEN, &len);
		return (error);
	}
	len = strnlen(ndp->ni_dirp, MAXPATHLEN);
	if (len == MAXPATHLEN)
		return (ENAMETOOLONG);
	memcpy(ndp->ni_pathbuf, ndp->ni_dirp, len + 1);
	return (0);
}

void
NDFREE(struct nameidata *ndp)
{
	if (ndp->ni_pathbuf != NULL) {
		free(ndp->ni_pathbuf, M_NAMEI);
		ndp->ni_pathbuf = NULL;
	}
	if (ndp->ni_jumpfile != NULL) {
		fdrop(ndp->ni_jumpfile, curthread);
		ndp->ni_jumpfile = NULL;
	}
}

/*
 * Replace the symlink component by the link's text: the path becomes
 * link + rest (rest starts at the '/' after the component, or is empty).
 * Returns 0 and whether the link is absolute.
 */
static int
namei_symlink(struct nameidata *ndp, struct vnode *lvp, const char *rest, int *absp)
{
	char *lbuf = malloc(MAXPATHLEN, M_NAMEI, M_WAITOK);
	size_t llen, rlen = strlen(rest);
	struct iovec iov;
	struct uio uio;
	int error;

	if (++ndp->ni_loopcnt > MAXSYMLINKS) {
		error = ELOOP;
		goto out;
	}
	uio_init_kern(&uio, &iov, lbuf, MAXPATHLEN, 0, UIO_READ);
	vn_lock(lvp, LK_SHARED);
	error = VOP_READLINK(lvp, &uio);
	VOP_UNLOCK(lvp);
	if (error != 0)
		goto out;
	llen = MAXPATHLEN - (size_t)uio.uio_resid;
	if (llen == 0) {
		error = ENOENT;
		goto out;
	}
	if (llen + rlen >= MAXPATHLEN) {
		error = ENAMETOOLONG;
		goto out;
	}
	memcpy(lbuf + llen, rest, rlen + 1);
	*absp = lbuf[0] == '/';
	free(ndp->ni_pathbuf, M_NAMEI);
	ndp->ni_pathbuf = lbuf;
	return (0);
out:
	free(lbuf, M_NAMEI);
	return (error);
}

/*
 * A magic link (vop_jumplink): *vpp, the link, is replaced by the file it
 * stands for (the link's reference dropped); it counts as a link followed.
 * EJUSTRETURN: an ordinary link, whose text is to be followed.  The open
 * file behind the path's last component is kept in ni_jumpfile.
 */
static int
namei_jump(struct nameidata *ndp, struct vnode **vpp, int islast)
{
	struct file *fp = NULL;
	struct vnode *tvp;
	int error;

	if ((*vpp)->v_op->vop_jumplink == NULL)
		return (EJUSTRETURN);
	if ((error = (*vpp)->v_op->vop_jumplink(*vpp, &tvp, &fp)) != 0) {
		if (error != EJUSTRETURN)
			vrele(*vpp);
		return (error);
	}
	vrele(*vpp);
	*vpp = tvp;
	if (fp != NULL && islast)
		ndp->ni_jumpfile = fp;
	else if (fp != NULL)
		fdrop(fp, curthread);
	if (++ndp->ni_loopcnt > MAXSYMLINKS) {
		vrele(tvp);
		return (ELOOP);
	}
	return (0);
}

/*
 * ".." of dp, referenced.  At the process's root it is dp itself; at the
 * root of a mounted file system it is ".." of the directory that mount
 * covers (and so on up through stacked mounts).  dp stays referenced.
 */
static int
namei_dotdot(struct nameidata *ndp, struct vnode *dp, struct vnode **vpp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	struct vnode *tdp;
	int error;

	vref(dp);
	for (;;) {
		if (dp == ndp->ni_rootdir || dp == rootvnode) {
			*vpp = dp;
			return (0);
		}
		if (!(dp->v_vflag & VV_ROOT) || dp->v_mount->mnt_vnodecovered == NULL)
			break;
		tdp = dp->v_mount->mnt_vnodecovered;
		vref(tdp);
		vrele(dp);
		dp = tdp;
	}
	vn_lock(dp, LK_SHARED);
	if ((error = VOP_ACCESS(dp, VEXEC, cnp->cn_cred)) == 0)
		error = VOP_LOOKUP(dp, cnp, vpp);
	VOP_UNLOCK(dp);
	vrele(dp);
	return (error);
}

/* Follow mounts stacked on *vpp down to the top one's root. */
static void
namei_crossmounts(struct vnode **vpp)
{
	struct vnode *rvp;

	while ((rvp = vfs_mountedroot(*vpp)) != NULL) {
		vrele(*vpp);
		*vpp = rvp;
	}
}

int
namei(struct nameidata *ndp)
{
	struct componentname *cnp = &ndp->ni_cnd;
	int op = cnp->cn_nameiop, wantparent, islast, trailing, abs, error;
	struct vnode *dp, *vp;
	char *cp, *name, *q;
	size_t namelen;

	wantparent = op != LOOKUP || (cnp->cn_flags & WANTPARENT);
	cnp->cn_flags &= ~(TRAILINGSLASH | ISDOTDOT | ISDOT);
	ndp->ni_vp = ndp->ni_dvp = NULL;
	if ((error = namei_copyin(ndp)) != 0)
		goto fail_free;
	cp = ndp->ni_pathbuf;
	if (*cp == '\0') {
		if (!(cnp->cn_flags & EMPTYPATH) || op != LOOKUP) {
			error = ENOENT;
			goto fail_free;
		}
		vref(ndp->ni_startdir);
		ndp->ni_vp = ndp->ni_startdir;
		cnp->cn_flags |= ISDOT;
		return (0);
	}
	dp = *cp == '/' ? ndp->ni_rootdir : ndp->ni_startdir;
	vref(dp);

	for (;;) {
		while (*cp == '/')
			cp++;
		if (*cp == '\0') {
			/* The path was "/" (or "/" after a link): dp itself. */
			name = cp;
			namelen = 0;
			trailing = 0;
			islast = 1;
			cnp->cn_flags |= ISDOT;
		} else {
			for (name = cp; *cp != '\0' && *cp != '/'; cp++)
				;
			namelen = (size_t)(cp - name);
			for (q = cp; *q == '/'; q++)
				;
			islast = *q == '\0';
			trailing = islast && q != cp;
		}
		if (namelen > NAME_MAX) {
			error = ENAMETOOLONG;
			goto fail_dp;
		}
		if (dp->v_type != VDIR) {
			error = ENOTDIR;
			goto fail_dp;
		}
		cnp->cn_nameptr = name;
		cnp->cn_namelen = namelen;
		if (trailing)
			cnp->cn_flags |= TRAILINGSLASH;

		vn_lock(dp, islast && op != LOOKUP ? LK_EXCLUSIVE : LK_SHARED);
		if ((error = VOP_ACCESS(dp, VEXEC, cnp->cn_cred)) != 0) {
			VOP_UNLOCK(dp);
			goto fail_dp;
		}
		if (namelen == 0 || (namelen == 1 && name[0] == '.')) {
			if (namelen == 1)
				cnp->cn_flags |= islast ? ISDOT : 0;
			vref(dp);
			vp = dp;
		} else if (namelen == 2 && name[0] == '.' && name[1] == '.') {
			VOP_UNLOCK(dp);
			if (islast)
				cnp->cn_flags |= ISDOTDOT;
			if ((error = namei_dotdot(ndp, dp, &vp)) != 0)
				goto fail_dp;
			if (islast && op != LOOKUP)
				vn_lock(dp, LK_EXCLUSIVE);
			goto found_unlocked;
		} else {
			error = VOP_LOOKUP(dp, cnp, &vp);
			if (error == ENOENT && islast && (op == CREATE || op == RENAME)) {
				/* Absent: the caller creates it in dp, still locked. */
				ndp->ni_dvp = dp;
				return (0);
			}
			if (error != 0) {
				VOP_UNLOCK(dp);
				goto fail_dp;
			}
		}
		if (!(islast && op != LOOKUP))
			VOP_UNLOCK(dp);
found_unlocked:
		/*
		 * vp is referenced.  A file system mounted on it hides it,
		 * except from DELETE/RENAME of the last component (busy).
		 */
		if (!(islast && (op == DELETE || op == RENAME)))
			namei_crossmounts(&vp);
		/*
		 * A symlink is followed in the middle of a path, and at its end
		 * with FOLLOW or, for a plain lookup, a trailing slash ("link/"
		 * means the directory it names; unlink("link/") does not).
		 */
		if (vp->v_type == VLNK &&
		    (!islast || (cnp->cn_flags & FOLLOW) || (trailing && op == LOOKUP))) {
			/* dp unlocked: dropping the link's reference may take its lock. */
			if (islast && op != LOOKUP)
				VOP_UNLOCK(dp);
			if ((error = namei_jump(ndp, &vp, islast)) == 0) {
				/* A magic link: vp is the file it stands for, as if found here. */
				if (islast && op != LOOKUP)
					vn_lock(dp, LK_EXCLUSIVE);
				goto jumped;
			}
			if (error != EJUSTRETURN)
				goto fail_dp;
			error = namei_symlink(ndp, vp, cp, &abs);
			vrele(vp);
			if (error != 0)
				goto fail_dp;
			cp = ndp->ni_pathbuf;
			cnp->cn_flags &= ~(TRAILINGSLASH | ISDOTDOT | ISDOT);
			if (abs) {
				vrele(dp);
				dp = ndp->ni_rootdir;
				vref(dp);
			}
			continue;
		}
jumped:
		if (!islast) {
			vrele(dp);
			dp = vp;
			continue;
		}
		/* "file/": not a directory.  CREATE leaves it to the caller (EEXIST, EISDIR). */
		if (trailing && vp->v_type != VDIR && op != CREATE) {
			if (op != LOOKUP)
				VOP_UNLOCK(dp);
			vrele(vp);
			error = ENOTDIR;
			goto fail_dp;
		}
		ndp->ni_vp = vp;
		if (wantparent)
			ndp->ni_dvp = dp;
		else
			vrele(dp);
		return (0);
	}

fail_dp:
	vrele(dp);
fail_free:
	NDFREE(ndp);
	return (error);
}
