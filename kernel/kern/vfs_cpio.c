/*
 * Unpack a newc cpio archive into a directory tree, as Linux unpacks its
 * initramfs: every member's type, permissions, owner and modification
 * time; symbolic links; device files; hard links (members sharing an
 * inode number with nlink > 1 become links to the first one, and the data,
 * wherever it comes, is written into the shared file).
 *
 * The whole archive is checked first (subr_cpio.c decodes each member;
 * here names are checked too: no ".." component, a symlink target of
 * sensible length, no data on directories or devices).  A corrupt archive
 * is refused with one line saying where and why, and nothing is created.
 * Once it is known good, a member that still fails (no room, a missing
 * parent directory) is reported and skipped, and the rest goes on.
 */
#include <sys/systm.h>
#include <sys/cpio.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vnode.h>
#include <sys/vfs_cpio.h>

MALLOC_DEFINE(M_CPIO, "cpio", "archive unpacking");

/* A hard-link group seen so far: its key and the file made for it. */
struct cpio_link {
	uint32_t	 ino, devmajor, devminor;
	struct vnode	*vp;		/* referenced */
};

struct cpio_ctx {
	struct vnode		*root;
	struct ucred		*cred;
	struct cpio_link	*links;
	size_t			 nlinks, maxlinks;
	struct cpio_stats	*st;
};

/* The member's path without leading "/" and "./"; "" is the root itself. */
static const char *
cpio_path(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '.' && name[1] == '\0')
			name++;
		else
			return (name);
	}
}

/* Checks beyond the header's: the ones that need the file type. */
static int
cpio_check(const struct cpio_entry *e, char *err, size_t errlen)
{
	const char *p = cpio_path(e->name), *c;

	for (c = p; *c != '\0'; ) {
		size_t n = 0;

		while (c[n] != '\0' && c[n] != '/')
			n++;

		if (n == 2 && c[0] == '.' && c[1] == '.') {
			snprintf(err, errlen, "%.100s: a \"..\" component", e->name);
			return (-1);
		}
		if (n > NAME_MAX) {
			snprintf(err, errlen, "%.100s: a component longer than %d bytes", e->name,
			    NAME_MAX);
			return (-1);
		}
		c += n;
		while (*c == '/')
			c++;
	}
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return (0);
	case S_IFLNK:
		if (e->filesize == 0 || e->filesize >= MAXPATHLEN ||
		    memchr(e->data, '\0', e->filesize) != NULL) {
			snprintf(err, errlen, "%.100s: symlink target of %zu bytes%s", e->name,
			    e->filesize, e->filesize != 0 && e->filesize < MAXPATHLEN ?
			    " has a NUL" : "");
			return (-1);
		}
		return (0);
	case S_IFDIR: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		if (e->filesize != 0) {
			snprintf(err, errlen, "%.100s: %zu bytes of data on a %s", e->name,
			    e->filesize, S_ISDIR(e->mode) ? "directory" : "special file");
			return (-1);
		}
		return (0);
	default:
		snprintf(err, errlen, "%.100s: unknown file type 0%o", e->name,
		    (unsigned)(e->mode & S_IFMT));
		return (-1);
	}
}

/* Walk the archive once, checking; the member count, or -1 with err set. */
static int
cpio_validate(const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	struct cpio_entry e;
	size_t off = 0;
	unsigned index = 0;
	char why[200];
	int r;

	for (;;) {
		r = cpio_next(buf, len, &off, index, &e, err, errlen);
		if (r < 0)
			return (-1);
		if (r == 0)
			return ((int)index);
		if (cpio_check(&e, why, sizeof(why)) != 0) {
			snprintf(err, errlen, "entry %u: %s", index, why);
			return (-1);
		}
		if (++index > 10000000) {
			snprintf(err, errlen, "more than 10000000 members");
			return (-1);
		}
	}
}

static void
cpio_report(struct cpio_ctx *cx, const char *path, const char *what, int error)
{
	cx->st->cs_errors++;
	printf("cpio: %s: %s: error %d\n", *path != '\0' ? path : ".", what, error);
}

/* Owner, permissions and modification time from the member. */
static int
cpio_setattr(struct cpio_ctx *cx, struct vnode *vp, const struct cpio_entry *e)
{
	struct vattr va;
	int error;

	vattr_null(&va);
	va.va_uid = e->uid;
	va.va_gid = e->gid;
	va.va_mode = e->mode & ALLPERMS;
	va.va_mtime.tv_sec = e->mtime;
	va.va_mtime.tv_nsec = 0;
	vn_lock(vp, LK_EXCLUSIVE);
	error = VOP_SETATTR(vp, &va, cx->cred);
	VOP_UNLOCK(vp);
	return (error);
}

/* Remove what is at the name namei found (dvp locked, vp referenced). */
static int
cpio_unlink_old(struct nameidata *nd)
{
	struct vnode *vp = nd->ni_vp;

	if (vp->v_type == VDIR)
		return (VOP_RMDIR(nd->ni_dvp, vp, &nd->ni_cnd));
	return (VOP_REMOVE(nd->ni_dvp, vp, &nd->ni_cnd));
}

static struct cpio_link *
cpio_link_find(struct cpio_ctx *cx, const struct cpio_entry *e)
{
	size_t i;

	for (i = 0; i < cx->nlinks; i++)
		if (cx->links[i].ino == e->ino && cx->links[i].devmajor == e->devmajor &&
		    cx->links[i].devminor == e->devminor)
			return (&cx->links[i]);
	return (NULL);
}

static void
cpio_link_add(struct cpio_ctx *cx, const struct cpio_entry *e, struct vnode *vp)
{
	struct cpio_link *n;

	if (cx->nlinks == cx->maxlinks) {
		cx->maxlinks = cx->maxlinks ? cx->maxlinks * 2 : 16;
		n = malloc(cx->maxlinks * sizeof(*n), M_CPIO, M_WAITOK);
		if (cx->nlinks > 0)
			memcpy(n, cx->links, cx->nlinks * sizeof(*n));
		free(cx->links, M_CPIO);
		cx->links = n;
	}
	vref(vp);
	cx->links[cx->nlinks].ino = e->ino;
	cx->links[cx->nlinks].devmajor = e->devmajor;
	cx->links[cx->nlinks].devminor = e->devminor;
	cx->links[cx->nlinks].vp = vp;
	cx->nlinks++;
}

/*
 * Make the file for one member at path, in place of whatever is there
 * (a directory that is already there keeps its contents).  *vpp: the new
 * file, referenced.
 */
static int
cpio_make(struct cpio_ctx *cx, const char *path, const struct cpio_entry *e,
    struct cpio_link *link, struct vnode **vpp)
{
	struct nameidata nd;
	struct vattr va;
	char *target = NULL;
	int error;

	NDINIT(&nd, CREATE, NOFOLLOW, path, cx->root, cx->root, cx->cred);
	if ((error = namei(&nd)) != 0)
		return (error);
	if (nd.ni_vp != NULL) {
		if (S_ISDIR(e->mode) && nd.ni_vp->v_type == VDIR) {
			*vpp = nd.ni_vp;
			VOP_UNLOCK(nd.ni_dvp);
			goto done;
		}
		error = cpio_unlink_old(&nd);
		VOP_UNLOCK(nd.ni_dvp);
		vrele(nd.ni_vp);
		vrele(nd.ni_dvp);
		NDFREE(&nd);
		if (error != 0)
			return (error);
		return (cpio_make(cx, path, e, link, vpp));	/* gone now: once more */
	}
	if (link != NULL) {
		error = VOP_LINK(nd.ni_dvp, link->vp, &nd.ni_cnd);
		if (error == 0) {
			vref(link->vp);
			*vpp = link->vp;
		}
		goto unlock;
	}
	vattr_null(&va);
	va.va_mode = e->mode & ALLPERMS;
	va.va_rdev = makedev(e->rdevmajor, e->rdevminor);
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		error = VOP_MKDIR(nd.ni_dvp, &nd.ni_cnd, &va, vpp);
		break;
	case S_IFLNK:
		target = malloc(e->filesize + 1, M_CPIO, M_WAITOK);
		memcpy(target, e->data, e->filesize);
		target[e->filesize] = '\0';
		error = VOP_SYMLINK(nd.ni_dvp, &nd.ni_cnd, &va, target, vpp);
		free(target, M_CPIO);
		break;
	default:
		va.va_type = S_ISREG(e->mode) ? VREG : S_ISCHR(e->mode) ? VCHR :
		    S_ISBLK(e->mode) ? VBLK : S_ISFIFO(e->mode) ? VFIFO : VSOCK;
		error = VOP_CREATE(nd.ni_dvp, &nd.ni_cnd, &va, vpp);
		break;
	}
unlock:
	VOP_UNLOCK(nd.ni_dvp);
done:
	vrele(nd.ni_dvp);
	NDFREE(&nd);
	return (error);
}

/* Write a regular member's data (a hard link's too: into the shared file). */
static int
cpio_write(struct vnode *vp, const struct cpio_entry *e, struct ucred *cred)
{
	struct vattr va;
	size_t resid;
	int error;

	if (e->filesize == 0)
		return (0);
	vattr_null(&va);
	va.va_size = 0;
	vn_lock(vp, LK_EXCLUSIVE);
	error = VOP_SETATTR(vp, &va, cred);
	VOP_UNLOCK(vp);
	if (error == 0)
		error = vn_rdwr_kern(vp, UIO_WRITE, (void *)(uintptr_t)e->data, e->filesize,
		    0, &resid);
	if (error == 0 && resid != 0)
		error = ENOSPC;
	return (error);
}

static void
cpio_member(struct cpio_ctx *cx, const struct cpio_entry *e)
{
	const char *path = cpio_path(e->name);
	struct cpio_link *link = NULL;
	struct cpio_stats *st = cx->st;
	struct vnode *vp;
	int error;

	if (*path == '\0') {			/* "." : the root's own attributes */
		if (S_ISDIR(e->mode) && (error = cpio_setattr(cx, cx->root, e)) != 0)
			cpio_report(cx, path, "cannot set attributes", error);
		return;
	}
	if (S_ISREG(e->mode) && e->nlink > 1)
		link = cpio_link_find(cx, e);
	if ((error = cpio_make(cx, path, e, link, &vp)) != 0) {
		cpio_report(cx, path, link != NULL ? "cannot link" : "cannot create", error);
		return;
	}
	if (S_ISREG(e->mode) && link == NULL && e->nlink > 1)
		cpio_link_add(cx, e, vp);
	/* Data (a hard link's goes into the shared file), then the times it changed. */
	if (S_ISREG(e->mode) && (error = cpio_write(vp, e, cx->cred)) != 0)
		cpio_report(cx, path, "cannot write", error);
	else if ((error = cpio_setattr(cx, vp, e)) != 0)
		cpio_report(cx, path, "cannot set attributes", error);
	vrele(vp);
	if (error != 0)
		return;
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		if (link != NULL)
			st->cs_hardlinks++;
		else
			st->cs_files++;
		st->cs_bytes += e->filesize;
		break;
	case S_IFDIR:	st->cs_dirs++; break;
	case S_IFLNK:	st->cs_symlinks++; break;
	default:	st->cs_special++; break;
	}
}

int
cpio_unpack(const void *archive, size_t len, struct vnode *root, struct ucred *cred,
    struct cpio_stats *st, char *err, size_t errlen)
{
	struct cpio_ctx cx = { .root = root, .cred = cred, .st = st };
	struct cpio_entry e;
	size_t off = 0, i;
	unsigned index = 0;

	memset(st, 0, sizeof(*st));
	if (cpio_validate(archive, len, err, errlen) < 0)
		return (EFTYPE);
	while (cpio_next(archive, len, &off, index++, &e, err, errlen) > 0)
		cpio_member(&cx, &e);
	for (i = 0; i < cx.nlinks; i++)
		vrele(cx.links[i].vp);
	free(cx.links, M_CPIO);
	return (0);
}
