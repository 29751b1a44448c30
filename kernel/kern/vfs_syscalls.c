/*
 * The file system calls that take a path or a directory (FreeBSD's
 * vfs_syscalls.c, Linux's numbers and rules): open, openat, creat, the
 * stat family, access, readlink, getdents, getcwd, chdir, fchdir,
 * chroot, mkdir, mknod, rmdir, unlink, symlink, link, rename, truncate,
 * chmod, chown, umask, statfs, sync, fsync -- and vn_open_exec for exec.
 *
 * Each call copies its path in (ENAMETOOLONG, EFAULT), builds a vfs_ctx
 * from the thread (the working directory, or the directory a dirfd
 * names; the root; the credential; the umask) and hands the rest to the
 * path operations of vfs_path.c.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/proc.h>
#include <sys/stat.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_PATH, "path", "path names copied in from user space");

/* --- paths and contexts ------------------------------------------------------------- */

static int
path_in(const char *upath, char **kpathp)
{
	char *k = malloc(MAXPATHLEN, M_PATH, M_WAITOK);
	int error;

	if ((error = copyinstr(upath, k, MAXPATHLEN, NULL)) != 0) {
		free(k, M_PATH);
		return (error);
	}
	*kpathp = k;
	return (0);
}

static void
path_free(char *kpath)
{
	free(kpath, M_PATH);
}

/*
 * The context of a lookup of kpath relative to dirfd: an absolute path
 * ignores dirfd; otherwise dirfd must be AT_FDCWD or an open directory
 * (EBADF, ENOTDIR).  emptyok: "" names dirfd's file itself, whatever it
 * is (AT_EMPTY_PATH), and comes back in *fpp (referenced).
 */
static int
ctx_at(struct thread *td, int dirfd, const char *kpath, int emptyok, struct vfs_ctx *c,
    struct file **fpp)
{
	struct file *fp;
	int error;

	if (fpp != NULL)
		*fpp = NULL;
	c->vc_cred = td->td_ucred;
	c->vc_umask = pwd_umask(td);
	if (kpath[0] == '/' || dirfd == LINUX_AT_FDCWD) {
		pwd_get(td, &c->vc_cdir, &c->vc_rdir);
		return (0);
	}
	if ((error = fget(td, dirfd, &fp)) != 0)
		return (error);
	if (kpath[0] == '\0' && emptyok && fpp != NULL) {
		*fpp = fp;
		pwd_get(td, NULL, &c->vc_rdir);
		c->vc_cdir = NULL;
		return (0);
	}
	if (fp->f_type != DTYPE_VNODE || fp->f_vnode->v_type != VDIR) {
		fdrop(fp, td);
		return (ENOTDIR);
	}
	c->vc_cdir = fp->f_vnode;
	vref(c->vc_cdir);
	fdrop(fp, td);
	pwd_get(td, NULL, &c->vc_rdir);
	return (0);
}

static void
ctx_done(struct vfs_ctx *c)
{
	if (c->vc_cdir != NULL)
		vrele(c->vc_cdir);
	vrele(c->vc_rdir);
}

/* Copy the path in and set up its context: the common start of every *at call. */
static int
path_at(struct thread *td, int dirfd, const char *upath, char **kpathp, struct vfs_ctx *c)
{
	int error;

	if ((error = path_in(upath, kpathp)) != 0)
		return (error);
	if ((error = ctx_at(td, dirfd, *kpathp, 0, c, NULL)) != 0)
		path_free(*kpathp);
	return (error);
}

/* --- open ---------------------------------------------------------------------------- */

static int
kern_openat(struct thread *td, int dirfd, const char *upath, int lflags, mode_t mode)
{
	int oflags = linux_to_open_flags(lflags), noaccess = 0, fd, error;
	const struct fileops *ops = &vnops;
	struct file *fp, *jumpfp = NULL;
	struct vfs_ctx c;
	struct vnode *vp;
	unsigned fflag;
	char *path;

	/* Access mode 3: neither reads nor writes (ioctls only), but both permissions. */
	if ((lflags & LINUX_O_ACCMODE) == LINUX_O_ACCMODE) {
		noaccess = 1;
		oflags = (oflags & ~O_ACCMODE) | O_RDWR;
	}
	if ((lflags & LINUX_O_TMPFILE) == LINUX_O_TMPFILE)
		return (EOPNOTSUPP);
	if (oflags & O_PATH)
		oflags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	error = vfs_open_named(&c, path, oflags, mode, &vp, NULL, &jumpfp);
	if (error != 0) {
		ctx_done(&c);
		path_free(path);
		return (error);
	}
	falloc_noinstall(td, &fp);
	/*
	 * Its name, for /proc/<pid>/fd/: through a magic link, that file's
	 * (Linux's dentry), if it has one (the console init got has none).
	 */
	if (jumpfp != NULL && jumpfp->f_path != NULL)
		file_copypath(fp, jumpfp);
	else
		file_setpath(fp, c.vc_cdir, path);
	if (jumpfp != NULL)
		fdrop(jumpfp, td);
	ctx_done(&c);
	path_free(path);
	fp->f_vnode = vp;
	fflag = (unsigned)FFLAGS(oflags) & (noaccess ? ~(unsigned)(FREAD | FWRITE) : ~0u);
	if (vp->v_type == VCHR && !(oflags & O_PATH)) {
		if ((error = devfs_open_file(td, fp, vp, (int)fflag)) != 0)
			goto fail;
	} else if (vp->v_type == VFIFO && !(oflags & O_PATH)) {
		if ((error = fifo_open_file(td, fp, vp, fflag)) != 0)
			goto fail;
	} else
		finit(fp, fflag & FMASK, DTYPE_VNODE, vp, ops);
	error = finstall(td, fp, 0, (oflags & O_CLOEXEC) ? UF_EXCLOSE : 0, &fd);
	fdrop(fp, td);			/* the table holds it now, or nobody does */
	if (error == 0)
		td->td_retval[0] = (uint64_t)fd;
	return (error);
fail:
	fp->f_ops = &badfileops;	/* nothing to close but the vnode */
	fdrop(fp, td);
	vrele(vp);
	return (error);
}

int
sys_open(struct thread *td, struct open_args *uap)
{
	return (kern_openat(td, LINUX_AT_FDCWD, uap->path, uap->flags, uap->mode));
}

int
sys_openat(struct thread *td, struct openat_args *uap)
{
	return (kern_openat(td, uap->fd, uap->path, uap->flags, uap->mode));
}

int
sys_creat(struct thread *td, struct creat_args *uap)
{
	return (kern_openat(td, LINUX_AT_FDCWD, uap->path,
	    LINUX_O_CREAT | LINUX_O_WRONLY | LINUX_O_TRUNC, uap->mode));
}

/* --- exec's lookup ------------------------------------------------------------------- */

/*
 * execveat's lookup: path relative to dirfd (AT_FDCWD: the working
 * directory); lflags LINUX_AT_EMPTY_PATH runs the file dirfd itself is open
 * on (fexecve; an O_PATH descriptor will do, as on Linux), and
 * LINUX_AT_SYMLINK_NOFOLLOW refuses a symlink as the last component with
 * ELOOP.  Any other flag is EINVAL.
 */
int
vn_open_execat(struct thread *td, int dirfd, const char *path, int lflags, struct vnode **vpp,
    struct file **jumpfpp)
{
	struct file *jumpfp = NULL;
	struct nameidata nd;
	struct vfs_ctx c;
	struct file *fp;
	struct vnode *vp;
	int error;

	if (lflags & ~(LINUX_AT_EMPTY_PATH | LINUX_AT_SYMLINK_NOFOLLOW))
		return (EINVAL);
	if ((error = ctx_at(td, dirfd, path, lflags & LINUX_AT_EMPTY_PATH, &c, &fp)) != 0)
		return (error);
	if (fp != NULL) {
		/* "" with AT_EMPTY_PATH: the descriptor's own file. */
		vp = fp->f_type == DTYPE_VNODE ? fp->f_vnode : NULL;
		if (vp != NULL)
			vref(vp);
		fdrop(fp, td);
		if (vp == NULL) {
			ctx_done(&c);
			return (EACCES);
		}
	} else {
		NDINIT(&nd, LOOKUP, ((lflags & LINUX_AT_SYMLINK_NOFOLLOW) ? NOFOLLOW : FOLLOW) |
		    ((lflags & LINUX_AT_EMPTY_PATH) ? EMPTYPATH : 0), path, c.vc_cdir,
		    c.vc_rdir, c.vc_cred);
		error = namei(&nd);
		if (error != 0) {
			ctx_done(&c);
			return (error);
		}
		jumpfp = nd.ni_jumpfile;
		nd.ni_jumpfile = NULL;
		NDFREE(&nd);
		vp = nd.ni_vp;
	}
	vn_lock(vp, LK_SHARED);
	if (vp->v_type == VLNK)
		error = ELOOP;		/* AT_SYMLINK_NOFOLLOW met a symlink */
	else if (vp->v_type != VREG || (vp->v_mount->mnt_flag & MNT_NOEXEC))
		error = EACCES;
	else
		error = VOP_ACCESS(vp, VEXEC, c.vc_cred);
	VOP_UNLOCK(vp);
	ctx_done(&c);
	if (error != 0) {
		vrele(vp);
		if (jumpfp != NULL)
			fdrop(jumpfp, td);
		return (error);
	}
	*vpp = vp;
	if (jumpfpp != NULL)
		*jumpfpp = jumpfp;
	else if (jumpfp != NULL)
		fdrop(jumpfp, td);
	return (0);
}

int
vn_open_exec(struct thread *td, const char *path, struct vnode **vpp)
{
	return (vn_open_execat(td, LINUX_AT_FDCWD, path, 0, vpp, NULL));
}

/* --- stat ----------------------------------------------------------------------------- */

static int
stat_out(const struct stat *sb, struct l_stat *ubuf)
{
	struct l_stat lsb;

	stat_to_linux(sb, &lsb);
	return (copyout(&lsb, ubuf, sizeof(lsb)));
}

static int
kern_fstat(struct thread *td, struct file *fp, struct l_stat *ubuf)
{
	struct stat sb;
	int error;

	if ((error = fp->f_ops->fo_stat(fp, &sb, td)) == 0)
		error = stat_out(&sb, ubuf);
	return (error);
}

/* The stat of dirfd/upath (lflag: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH) into *sb. */
static int
kern_statat_sb(struct thread *td, int dirfd, const char *upath, int lflag, struct stat *sb)
{
	struct file *fp;
	struct vfs_ctx c;
	char *path;
	int error;

	if ((error = path_in(upath, &path)) != 0)
		return (error);
	if ((error = ctx_at(td, dirfd, path, lflag & LINUX_AT_EMPTY_PATH, &c, &fp)) != 0)
		goto out;
	if (fp != NULL) {
		error = fp->f_ops->fo_stat(fp, sb, td);	/* "" with AT_EMPTY_PATH */
		fdrop(fp, td);
	} else
		error = vfs_stat(&c, path, ((lflag & LINUX_AT_SYMLINK_NOFOLLOW) ? NOFOLLOW : FOLLOW) |
		    ((lflag & LINUX_AT_EMPTY_PATH) ? EMPTYPATH : 0), sb);
	ctx_done(&c);
out:
	path_free(path);
	return (error);
}

static int
kern_statat(struct thread *td, int dirfd, const char *upath, int lflag, struct l_stat *ubuf)
{
	struct stat sb;
	int error;

	if (lflag & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH | LINUX_AT_NO_AUTOMOUNT))
		return (EINVAL);
	if ((error = kern_statat_sb(td, dirfd, upath, lflag, &sb)) == 0)
		error = stat_out(&sb, ubuf);
	return (error);
}

/*
 * statx: the stat family's answer in struct statx.  Everything a
 * struct stat holds is always filled, whatever the mask asks (Linux may
 * fill more than asked, and says what in stx_mask); sync flags mean
 * nothing to file systems without a server.
 */
int
sys_statx(struct thread *td, struct statx_args *uap)
{
	struct l_statx stx;
	struct stat sb;
	int error;

	if (uap->mask & LINUX_STATX__RESERVED)
		return (EINVAL);
	if ((uap->flags & LINUX_AT_STATX_SYNC_TYPE) == LINUX_AT_STATX_SYNC_TYPE)
		return (EINVAL);
	if (uap->flags & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH | LINUX_AT_NO_AUTOMOUNT |
	    LINUX_AT_STATX_SYNC_TYPE))
		return (EINVAL);
	if ((error = kern_statat_sb(td, uap->dirfd, uap->pathname, uap->flags, &sb)) != 0)
		return (error);
	stat_to_statx(&sb, &stx);
	return (copyout(&stx, uap->statxbuf, sizeof(stx)));
}

int
sys_stat(struct thread *td, struct stat_args *uap)
{
	return (kern_statat(td, LINUX_AT_FDCWD, uap->path, 0, uap->buf));
}

int
sys_lstat(struct thread *td, struct lstat_args *uap)
{
	return (kern_statat(td, LINUX_AT_FDCWD, uap->path, LINUX_AT_SYMLINK_NOFOLLOW, uap->buf));
}

int
sys_newfstatat(struct thread *td, struct newfstatat_args *uap)
{
	return (kern_statat(td, uap->fd, uap->path, uap->flag, uap->buf));
}

int
sys_fstat(struct thread *td, struct fstat_args *uap)
{
	struct file *fp;
	int error;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	error = kern_fstat(td, fp, uap->buf);
	fdrop(fp, td);
	return (error);
}

static int
kern_statfs_out(struct mount *mp, struct l_statfs *ubuf)
{
	struct l_statfs lsf;
	struct statfs sf;
	int error;

	if ((error = vfs_statfs(mp, &sf)) != 0)
		return (error);
	statfs_to_linux(&sf, &lsf);
	return (copyout(&lsf, ubuf, sizeof(lsf)));
}

int
sys_statfs(struct thread *td, struct statfs_args *uap)
{
	struct vfs_ctx c;
	struct vnode *vp;
	struct file *fp;
	char *path;
	int error;

	if ((error = path_at(td, LINUX_AT_FDCWD, uap->path, &path, &c)) != 0)
		return (error);
	/* Any file will do, not only a directory: open it as O_PATH would. */
	error = vfs_open(&c, path, O_PATH, 0, &vp, NULL);
	ctx_done(&c);
	path_free(path);
	(void)fp;
	if (error != 0)
		return (error);
	error = kern_statfs_out(vp->v_mount, uap->buf);
	vrele(vp);
	return (error);
}

int
sys_fstatfs(struct thread *td, struct fstatfs_args *uap)
{
	struct file *fp;
	int error;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	error = fp->f_vnode != NULL ? kern_statfs_out(fp->f_vnode->v_mount, uap->buf) : ENOSYS;
	fdrop(fp, td);
	return (error);
}

/* --- access, readlink -------------------------------------------------------------------- */

static int
kern_accessat(struct thread *td, int dirfd, const char *upath, int amode, int lflags)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if (lflags & ~(LINUX_AT_EACCESS | LINUX_AT_SYMLINK_NOFOLLOW))
		return (EINVAL);
	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	error = vfs_access(&c, path, amode, ((lflags & LINUX_AT_EACCESS) ? AT_EACCESS : 0) |
	    ((lflags & LINUX_AT_SYMLINK_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0));
	ctx_done(&c);
	path_free(path);
	return (error);
}

int
sys_access(struct thread *td, struct access_args *uap)
{
	return (kern_accessat(td, LINUX_AT_FDCWD, uap->path, uap->amode, 0));
}

int
sys_faccessat(struct thread *td, struct faccessat_args *uap)
{
	return (kern_accessat(td, uap->fd, uap->path, uap->amode, 0));
}

static int
kern_readlinkat(struct thread *td, int dirfd, const char *upath, char *ubuf, size_t count)
{
	struct file *fp;
	struct vfs_ctx c;
	char *path, *buf;
	size_t len;
	int error;

	if ((ssize_t)count <= 0)
		return (EINVAL);
	if ((error = path_in(upath, &path)) != 0)
		return (error);
	if ((error = ctx_at(td, dirfd, path, 1, &c, &fp)) != 0) {
		path_free(path);
		return (error);
	}
	if (count > MAXPATHLEN)
		count = MAXPATHLEN;
	buf = malloc(count, M_PATH, M_WAITOK);
	if (fp != NULL) {
		/* readlinkat(fd, "") on an O_PATH|O_NOFOLLOW descriptor of the link. */
		if (fp->f_type != DTYPE_VNODE) {
			error = ENOENT;
		} else {
			struct vfs_ctx fc = { fp->f_vnode, c.vc_rdir, c.vc_cred, 0 };

			error = vfs_readlink(&fc, "", EMPTYPATH, buf, count, &len);
		}
		fdrop(fp, td);
	} else
		error = vfs_readlink(&c, path, 0, buf, count, &len);
	if (error == 0 && (error = copyout(buf, ubuf, len)) == 0)
		td->td_retval[0] = len;
	free(buf, M_PATH);
	ctx_done(&c);
	path_free(path);
	return (error);
}

int
sys_readlink(struct thread *td, struct readlink_args *uap)
{
	return (kern_readlinkat(td, LINUX_AT_FDCWD, uap->path, uap->buf, uap->count));
}

int
sys_readlinkat(struct thread *td, struct readlinkat_args *uap)
{
	return (kern_readlinkat(td, uap->fd, uap->path, uap->buf, uap->bufsize));
}

/* --- directories: getdents, getcwd, chdir, chroot ------------------------------------- */

struct dirent_buf {
	char	*buf;		/* kernel buffer of records */
	size_t	 len;		/* its size */
	size_t	 used;
	int	 d64;		/* getdents64 records, else the old ones */
	int	 full;		/* an entry did not fit */
};

static int
dirent_fill(void *arg, const char *name, size_t namelen, ino_t ino, enum vtype type,
    off_t next)
{
	struct dirent_buf *db = arg;
	size_t reclen;

	if (db->d64) {
		struct l_dirent64 *d;

		reclen = (offsetof(struct l_dirent64, d_name) + namelen + 1 + 7) & ~(size_t)7;
		if (db->used + reclen > db->len) {
			db->full = 1;
			return (-1);
		}
		d = (struct l_dirent64 *)(db->buf + db->used);
		memset(d, 0, reclen);
		d->d_ino = ino;
		d->d_off = next;
		d->d_reclen = (uint16_t)reclen;
		d->d_type = vtype_to_linux_dt(type);
		memcpy(d->d_name, name, namelen);
	} else {
		struct l_dirent *d;

		/* name, NUL, then d_type in the record's last byte */
		reclen = (offsetof(struct l_dirent, d_name) + namelen + 2 + 7) & ~(size_t)7;
		if (db->used + reclen > db->len) {
			db->full = 1;
			return (-1);
		}
		d = (struct l_dirent *)(db->buf + db->used);
		memset(d, 0, reclen);
		d->d_ino = ino;
		d->d_off = next;
		d->d_reclen = (uint16_t)reclen;
		memcpy(d->d_name, name, namelen);
		((char *)d)[reclen - 1] = (char)vtype_to_linux_dt(type);
	}
	db->used += reclen;
	return (0);
}

static int
kern_getdents(struct thread *td, int fd, char *ubuf, unsigned count, int d64)
{
	struct dirent_buf db = { NULL, count > 65536 ? 65536 : count, 0, d64, 0 };
	struct vnode *vp;
	struct file *fp;
	off_t cookie;
	int error;

	if ((error = fget_read(td, fd, &fp)) != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE || (vp = fp->f_vnode)->v_type != VDIR) {
		fdrop(fp, td);
		return (ENOTDIR);
	}
	db.buf = malloc(db.len + 1, M_PATH, M_WAITOK);
	cookie = foffset_lock(fp);
	vn_lock(vp, LK_SHARED);
	error = VOP_READDIR(vp, &cookie, dirent_fill, &db);
	VOP_UNLOCK(vp);
	/* Nothing fitted although an entry remains: the buffer is too small. */
	if (error == 0 && db.used == 0 && db.full)
		error = EINVAL;
	if (error == 0 && (error = copyout(db.buf, ubuf, db.used)) == 0)
		td->td_retval[0] = db.used;
	foffset_unlock(fp, error == 0 ? cookie : fp->f_offset);
	free(db.buf, M_PATH);
	fdrop(fp, td);
	return (error);
}

int
sys_getdents64(struct thread *td, struct getdents64_args *uap)
{
	return (kern_getdents(td, uap->fd, uap->dirent, uap->count, 1));
}

int
sys_getdents(struct thread *td, struct getdents_args *uap)
{
	return (kern_getdents(td, uap->fd, uap->dent, uap->count, 0));
}

int
sys_getcwd(struct thread *td, struct getcwd_args *uap)
{
	size_t len = uap->bufsize > MAXPATHLEN ? MAXPATHLEN : uap->bufsize, outlen;
	struct vfs_ctx c = { NULL, NULL, td->td_ucred, 0 };
	char *buf;
	int error;

	if (len == 0)
		return (ERANGE);
	buf = malloc(len, M_PATH, M_WAITOK);
	pwd_get(td, &c.vc_cdir, &c.vc_rdir);
	error = vfs_getcwd(&c, buf, len, &outlen);
	ctx_done(&c);
	if (error == 0 && (error = copyout(buf, uap->buf, outlen)) == 0)
		td->td_retval[0] = outlen;
	free(buf, M_PATH);
	return (error);
}

int
sys_chdir(struct thread *td, struct chdir_args *uap)
{
	struct vfs_ctx c;
	struct vnode *vp;
	char *path;
	int error;

	if ((error = path_at(td, LINUX_AT_FDCWD, uap->path, &path, &c)) != 0)
		return (error);
	error = vfs_lookup_dir(&c, path, &vp);
	ctx_done(&c);
	path_free(path);
	if (error == 0)
		pwd_chdir(td, vp);
	return (error);
}

int
sys_fchdir(struct thread *td, struct fchdir_args *uap)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if ((error = fget(td, uap->fd, &fp)) != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE || (vp = fp->f_vnode)->v_type != VDIR) {
		fdrop(fp, td);
		return (ENOTDIR);
	}
	vn_lock(vp, LK_SHARED);
	error = VOP_ACCESS(vp, VEXEC, td->td_ucred);
	VOP_UNLOCK(vp);
	if (error == 0) {
		vref(vp);
		pwd_chdir(td, vp);
	}
	fdrop(fp, td);
	return (error);
}

int
sys_chroot(struct thread *td, struct chroot_args *uap)
{
	struct pwddesc *pdp = td->td_proc->p_pd;
	struct vnode *vp, *old;
	struct vfs_ctx c;
	char *path;
	int error;

	if ((error = path_at(td, LINUX_AT_FDCWD, uap->path, &path, &c)) != 0)
		return (error);
	error = vfs_lookup_dir(&c, path, &vp);
	ctx_done(&c);
	path_free(path);
	if (error != 0)
		return (error);
	/* (Linux asks it in the caller's own user namespace) */
	if (ns_priv_check(td->td_ucred, td->td_ucred->cr_userns, CAP_SYS_CHROOT) != 0) {
		vrele(vp);
		return (EPERM);
	}
	mtx_lock(&pdp->pd_lock);
	old = pdp->pd_rdir;
	pdp->pd_rdir = vp;
	mtx_unlock(&pdp->pd_lock);
	vrele(old);
	return (0);
}

int
sys_umask(struct thread *td, struct umask_args *uap)
{
	struct pwddesc *pdp = td->td_proc->p_pd;

	td->td_retval[0] = __atomic_exchange_n(&pdp->pd_cmask, uap->newmask & 0777,
	    __ATOMIC_RELAXED);
	return (0);
}

/* --- names: mkdir, mknod, rmdir, unlink, symlink, link -------------------------------------- */

static int
kern_mkdirat(struct thread *td, int dirfd, const char *upath, mode_t mode)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	error = vfs_mkdir(&c, path, mode);
	ctx_done(&c);
	path_free(path);
	return (error);
}

int
sys_mkdir(struct thread *td, struct mkdir_args *uap)
{
	return (kern_mkdirat(td, LINUX_AT_FDCWD, uap->path, uap->mode));
}

int
sys_mkdirat(struct thread *td, struct mkdirat_args *uap)
{
	return (kern_mkdirat(td, uap->fd, uap->path, uap->mode));
}

static int
kern_mknodat(struct thread *td, int dirfd, const char *upath, mode_t mode, dev_t ldev)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	/* Linux's dev_t from user space is the same 32-bit encoding as makedev's. */
	error = vfs_mknod(&c, path, mode, makedev(major(ldev), minor(ldev)));
	ctx_done(&c);
	path_free(path);
	return (error);
}

int
sys_mknod(struct thread *td, struct mknod_args *uap)
{
	return (kern_mknodat(td, LINUX_AT_FDCWD, uap->path, uap->mode, uap->dev));
}

int
sys_mknodat(struct thread *td, struct mknodat_args *uap)
{
	return (kern_mknodat(td, uap->fd, uap->path, uap->mode, uap->dev));
}

static int
kern_unlinkat(struct thread *td, int dirfd, const char *upath, int lflag)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if (lflag & ~LINUX_AT_REMOVEDIR)
		return (EINVAL);
	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	error = (lflag & LINUX_AT_REMOVEDIR) ? vfs_rmdir(&c, path) : vfs_unlink(&c, path);
	ctx_done(&c);
	path_free(path);
	return (error);
}

int
sys_unlink(struct thread *td, struct unlink_args *uap)
{
	return (kern_unlinkat(td, LINUX_AT_FDCWD, uap->path, 0));
}

int
sys_rmdir(struct thread *td, struct rmdir_args *uap)
{
	return (kern_unlinkat(td, LINUX_AT_FDCWD, uap->path, LINUX_AT_REMOVEDIR));
}

int
sys_unlinkat(struct thread *td, struct unlinkat_args *uap)
{
	return (kern_unlinkat(td, uap->fd, uap->path, uap->flag));
}

static int
kern_symlinkat(struct thread *td, const char *utarget, int dirfd, const char *upath)
{
	struct vfs_ctx c;
	char *target, *path;
	int error;

	if ((error = path_in(utarget, &target)) != 0)
		return (error);
	if ((error = path_at(td, dirfd, upath, &path, &c)) == 0) {
		error = vfs_symlink(&c, target, path);
		ctx_done(&c);
		path_free(path);
	}
	path_free(target);
	return (error);
}

int
sys_symlink(struct thread *td, struct symlink_args *uap)
{
	return (kern_symlinkat(td, uap->path, LINUX_AT_FDCWD, uap->to));
}

int
sys_symlinkat(struct thread *td, struct symlinkat_args *uap)
{
	return (kern_symlinkat(td, uap->path1, uap->fd, uap->path2));
}

static int
kern_linkat(struct thread *td, int fd1, const char *upath1, int fd2, const char *upath2,
    int lflag)
{
	struct vfs_ctx oc, nc;
	char *p1, *p2;
	int error;

	if (lflag & ~(LINUX_AT_SYMLINK_FOLLOW | LINUX_AT_EMPTY_PATH))
		return (EINVAL);
	if ((error = path_at(td, fd1, upath1, &p1, &oc)) != 0)
		return (error);
	if ((error = path_at(td, fd2, upath2, &p2, &nc)) == 0) {
		error = vfs_link(&oc, p1, &nc, p2, lflag & LINUX_AT_SYMLINK_FOLLOW);
		ctx_done(&nc);
		path_free(p2);
	}
	ctx_done(&oc);
	path_free(p1);
	return (error);
}

int
sys_link(struct thread *td, struct link_args *uap)
{
	return (kern_linkat(td, LINUX_AT_FDCWD, uap->path, LINUX_AT_FDCWD, uap->to, 0));
}

int
sys_linkat(struct thread *td, struct linkat_args *uap)
{
	return (kern_linkat(td, uap->fd1, uap->path1, uap->fd2, uap->path2, uap->flag));
}

/* --- attributes: truncate, chmod, chown --------------------------------------------------------- */

int
sys_truncate(struct thread *td, struct truncate_args *uap)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if ((error = path_at(td, LINUX_AT_FDCWD, uap->path, &path, &c)) != 0)
		return (error);
	error = vfs_truncate(&c, path, uap->length);
	ctx_done(&c);
	path_free(path);
	return (error);
}

/* Change the attributes va sets on the file fd names (which must be writable for a size). */
static int
kern_fsetattr(struct thread *td, int fd, struct vattr *va)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if ((error = fget(td, fd, &fp)) != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE && fp->f_type != DTYPE_DEV && fp->f_type != DTYPE_FIFO) {
		fdrop(fp, td);
		return (va->va_size != (uint64_t)VNOVAL ? EINVAL : EBADF);
	}
	vp = fp->f_vnode;
	if (va->va_size != (uint64_t)VNOVAL && !(fp->f_flag & FWRITE))
		error = EINVAL;		/* Linux: ftruncate of a read-only descriptor */
	else if (va->va_size == (uint64_t)VNOVAL && (fp->f_flag & FPATH))
		error = EBADF;
	else {
		vn_lock(vp, LK_EXCLUSIVE);
		error = VOP_SETATTR(vp, va, td->td_ucred);
		VOP_UNLOCK(vp);
	}
	fdrop(fp, td);
	return (error);
}

int
sys_ftruncate(struct thread *td, struct ftruncate_args *uap)
{
	struct vattr va;

	if (uap->length < 0)
		return (EINVAL);
	vattr_null(&va);
	va.va_size = (uint64_t)uap->length;
	return (kern_fsetattr(td, uap->fd, &va));
}

static int
kern_setattrat(struct thread *td, int dirfd, const char *upath, int follow, struct vattr *va)
{
	struct vfs_ctx c;
	struct vnode *vp;
	char *path;
	int error;

	if ((error = path_at(td, dirfd, upath, &path, &c)) != 0)
		return (error);
	error = vfs_open(&c, path, O_PATH | (follow ? 0 : O_NOFOLLOW), 0, &vp, NULL);
	ctx_done(&c);
	path_free(path);
	if (error != 0)
		return (error);
	vn_lock(vp, LK_EXCLUSIVE);
	error = VOP_SETATTR(vp, va, td->td_ucred);
	VOP_UNLOCK(vp);
	vrele(vp);
	return (error);
}

static void
vattr_mode(struct vattr *va, mode_t mode)
{
	vattr_null(va);
	va->va_mode = mode & ALLPERMS;
}

/* The ids as the caller's user namespace names them, made global: EINVAL if unmapped. */
static int
vattr_owner(struct thread *td, struct vattr *va, uid_t uid, gid_t gid)
{
	vattr_null(va);
	/* -1 leaves that id alone, as on Linux. */
	va->va_uid = uid == (uid_t)-1 ? uid : make_kuid(td->td_ucred->cr_userns, uid);
	va->va_gid = gid == (gid_t)-1 ? gid : make_kgid(td->td_ucred->cr_userns, gid);
	va->va_vaflags |= VA_CHOWN;
	if ((uid != (uid_t)-1 && va->va_uid == (uid_t)-1) ||
	    (gid != (gid_t)-1 && va->va_gid == (gid_t)-1))
		return (EINVAL);
	return (0);
}

int
sys_chmod(struct thread *td, struct chmod_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (kern_setattrat(td, LINUX_AT_FDCWD, uap->path, 1, &va));
}

int
sys_fchmodat(struct thread *td, struct fchmodat_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (kern_setattrat(td, uap->fd, uap->path, 1, &va));
}

int
sys_fchmod(struct thread *td, struct fchmod_args *uap)
{
	struct vattr va;

	vattr_mode(&va, uap->mode);
	return (kern_fsetattr(td, uap->fd, &va));
}

int
sys_chown(struct thread *td, struct chown_args *uap)
{
	struct vattr va;

	if (vattr_owner(td, &va, uap->uid, uap->gid) != 0)
		return (EINVAL);
	return (kern_setattrat(td, LINUX_AT_FDCWD, uap->path, 1, &va));
}

int
sys_lchown(struct thread *td, struct lchown_args *uap)
{
	struct vattr va;

	if (vattr_owner(td, &va, uap->uid, uap->gid) != 0)
		return (EINVAL);
	return (kern_setattrat(td, LINUX_AT_FDCWD, uap->path, 0, &va));
}

int
sys_fchownat(struct thread *td, struct fchownat_args *uap)
{
	struct vattr va;

	if (uap->flag & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
		return (EINVAL);
	if (vattr_owner(td, &va, uap->uid, uap->gid) != 0)
		return (EINVAL);
	return (kern_setattrat(td, uap->fd, uap->path,
	    !(uap->flag & LINUX_AT_SYMLINK_NOFOLLOW), &va));
}

int
sys_fchown(struct thread *td, struct fchown_args *uap)
{
	struct vattr va;

	if (vattr_owner(td, &va, uap->uid, uap->gid) != 0)
		return (EINVAL);
	return (kern_fsetattr(td, uap->fd, &va));
}

/* --- times: utimensat, and utime, utimes, futimesat over it ------------------------------------ */

static int
utime_nsec_valid(int64_t nsec)
{
	return (nsec == LINUX_UTIME_NOW || nsec == LINUX_UTIME_OMIT ||
	    (nsec >= 0 && nsec < (int64_t)NSEC_PER_SEC));
}

static int
vn_setattr(struct thread *td, struct vnode *vp, struct vattr *va)
{
	int error;

	vn_lock(vp, LK_EXCLUSIVE);
	error = VOP_SETATTR(vp, va, td->td_ucred);
	VOP_UNLOCK(vp);
	return (error);
}

/*
 * Linux's do_utimes, with the times already copied in (ts NULL: none
 * given).  No times, or UTIME_NOW for both, is "now" and open to anyone
 * who may write the file (VA_UTIMES_NULL); any other value is the
 * owner's to set (the file system checks).  UTIME_OMIT leaves that time
 * alone.  A NULL path with a descriptor is futimens(fd).  As on Linux, the
 * path is looked up before the times are checked.
 */
static int
kern_utimensat(struct thread *td, int dirfd, const char *upath, const struct l_timespec *ts,
    int lflag)
{
	struct timespec now, *dst[2];
	struct vfs_ctx c;
	struct vattr va;
	struct vnode *vp;
	struct file *fp;
	char *path;
	int error, i;

	if (upath == NULL && dirfd != LINUX_AT_FDCWD) {
		if (lflag != 0)
			return (EINVAL);
		if ((error = fget(td, dirfd, &fp)) != 0)
			return (error);
		/* O_PATH descriptors and pipes carry no attributes to set (EBADF). */
		vp = (fp->f_type == DTYPE_VNODE || fp->f_type == DTYPE_DEV ||
		    fp->f_type == DTYPE_FIFO) && !(fp->f_flag & FPATH) ? fp->f_vnode : NULL;
		if (vp != NULL)
			vref(vp);
		fdrop(fp, td);
		if (vp == NULL)
			return (EBADF);
	} else {
		if (lflag & ~(LINUX_AT_SYMLINK_NOFOLLOW | LINUX_AT_EMPTY_PATH))
			return (EINVAL);
		if ((error = path_in(upath, &path)) != 0)
			return (error);
		if ((error = ctx_at(td, dirfd, path, lflag & LINUX_AT_EMPTY_PATH, &c, &fp)) != 0) {
			path_free(path);
			return (error);
		}
		if (fp != NULL) {		/* "" with AT_EMPTY_PATH: dirfd's own file */
			vp = fp->f_vnode;
			if (vp != NULL)
				vref(vp);
			fdrop(fp, td);
			error = vp != NULL ? 0 : EBADF;
		} else
			error = vfs_open(&c, path, O_PATH |
			    ((lflag & LINUX_AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0), 0, &vp, NULL);
		ctx_done(&c);
		path_free(path);
		if (error != 0)
			return (error);
	}
	vattr_null(&va);
	vfs_timestamp(&now);
	if (ts != NULL && (!utime_nsec_valid(ts[0].tv_nsec) || !utime_nsec_valid(ts[1].tv_nsec)))
		error = EINVAL;
	else if (ts == NULL || (ts[0].tv_nsec == LINUX_UTIME_NOW &&
	    ts[1].tv_nsec == LINUX_UTIME_NOW)) {
		va.va_atime = va.va_mtime = now;
		va.va_vaflags |= VA_UTIMES_NULL;
	} else {
		dst[0] = &va.va_atime;
		dst[1] = &va.va_mtime;
		for (i = 0; i < 2; i++) {
			if (ts[i].tv_nsec == LINUX_UTIME_NOW)
				*dst[i] = now;
			else if (ts[i].tv_nsec != LINUX_UTIME_OMIT) {
				dst[i]->tv_sec = (time_t)ts[i].tv_sec;
				dst[i]->tv_nsec = (long)ts[i].tv_nsec;
			}
		}
	}
	if (error == 0)
		error = vn_setattr(td, vp, &va);
	vrele(vp);
	return (error);
}

int
sys_utimensat(struct thread *td, struct utimensat_args *uap)
{
	struct l_timespec ts[2];
	int error;

	if (uap->times != NULL) {
		if ((error = copyin(uap->times, ts, sizeof(ts))) != 0)
			return (error);
		/* Nothing to do: Linux does not even look the path up. */
		if (ts[0].tv_nsec == LINUX_UTIME_OMIT && ts[1].tv_nsec == LINUX_UTIME_OMIT)
			return (0);
	}
	return (kern_utimensat(td, uap->fd, uap->path, uap->times != NULL ? ts : NULL, uap->flag));
}

/* futimesat and utimes: microseconds, checked here (UTIME_NOW/OMIT are not theirs). */
static int
kern_futimesat(struct thread *td, int dirfd, const char *upath, const struct l_timeval *utv)
{
	struct l_timeval tv[2];
	struct l_timespec ts[2];
	int error, i;

	if (utv == NULL)
		return (kern_utimensat(td, dirfd, upath, NULL, 0));
	if ((error = copyin(utv, tv, sizeof(tv))) != 0)
		return (error);
	for (i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return (EINVAL);
		ts[i].tv_sec = tv[i].tv_sec;
		ts[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return (kern_utimensat(td, dirfd, upath, ts, 0));
}

int
sys_futimesat(struct thread *td, struct futimesat_args *uap)
{
	return (kern_futimesat(td, uap->fd, uap->path, uap->tptr));
}

int
sys_utimes(struct thread *td, struct utimes_args *uap)
{
	return (kern_futimesat(td, LINUX_AT_FDCWD, uap->path, uap->tptr));
}

int
sys_utime(struct thread *td, struct utime_args *uap)
{
	struct l_utimbuf ub;
	struct l_timespec ts[2];
	int error;

	if (uap->times == NULL)
		return (kern_utimensat(td, LINUX_AT_FDCWD, uap->fname, NULL, 0));
	if ((error = copyin(uap->times, &ub, sizeof(ub))) != 0)
		return (error);
	ts[0].tv_sec = ub.actime;
	ts[1].tv_sec = ub.modtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return (kern_utimensat(td, LINUX_AT_FDCWD, uap->fname, ts, 0));
}

/* --- sync, mount, umount2 ----------------------------------------------------------------------- */

int
sys_sync(struct thread *td, struct sync_args *uap)
{
	(void)td;
	(void)uap;
	vfs_sync_all();		/* sync(2) reports nothing (Linux) */
	return (0);
}

/* Linux's mount(2) flags Sanpo understands; the rest are EINVAL. */
#define LINUX_MS_RDONLY		0x00000001
#define LINUX_MS_NOSUID		0x00000002
#define LINUX_MS_NODEV		0x00000004
#define LINUX_MS_NOEXEC		0x00000008
#define LINUX_MS_SILENT		0x00008000
#define LINUX_MS_RELATIME	0x00200000
#define LINUX_MS_MGC_MSK	0xffff0000u	/* old magic in the high half: ignored */
#define LINUX_MS_KNOWN		(LINUX_MS_RDONLY | LINUX_MS_NOSUID | LINUX_MS_NODEV | \
				 LINUX_MS_NOEXEC | LINUX_MS_SILENT | LINUX_MS_RELATIME)

int
sys_mount(struct thread *td, struct mount_args *uap)
{
	char *source = NULL, *fstype = NULL, *opts = NULL, *target;
	uint64_t flags = uap->flags;
	struct vfs_ctx c;
	int error;

	if ((flags & LINUX_MS_MGC_MSK) == 0xc0ed0000u)
		flags &= ~(uint64_t)LINUX_MS_MGC_MSK;
	if (flags & ~(uint64_t)LINUX_MS_KNOWN)
		return (EINVAL);	/* remount, bind, move, propagation: not supported */
	if (uap->fstype == NULL)
		return (EINVAL);
	if ((error = path_in(uap->fstype, &fstype)) != 0)
		return (error);
	if (uap->source != NULL && (error = path_in(uap->source, &source)) != 0)
		goto out;
	if (uap->data != NULL && (error = path_in(uap->data, &opts)) != 0)
		goto out;
	if ((error = path_at(td, LINUX_AT_FDCWD, uap->target, &target, &c)) != 0)
		goto out;
	if (priv_check_cred(td->td_ucred, CAP_SYS_ADMIN) != 0)
		error = EPERM;		/* Linux's may_mount */
	else
		error = kern_mount(&c, fstype, source, target,
		    ((flags & LINUX_MS_RDONLY) ? MNT_RDONLY : 0) |
		    ((flags & LINUX_MS_NOSUID) ? MNT_NOSUID : 0) |
		    ((flags & LINUX_MS_NOEXEC) ? MNT_NOEXEC : 0), opts);
	ctx_done(&c);
	path_free(target);
out:
	if (opts != NULL)
		path_free(opts);
	if (source != NULL)
		path_free(source);
	path_free(fstype);
	return (error);
}

#define LINUX_MNT_FORCE		0x00000001
#define LINUX_MNT_DETACH	0x00000002
#define LINUX_UMOUNT_NOFOLLOW	0x00000008

int
sys_umount2(struct thread *td, struct umount2_args *uap)
{
	struct vfs_ctx c;
	char *path;
	int error;

	if (uap->flags & ~(LINUX_MNT_FORCE | LINUX_MNT_DETACH | LINUX_UMOUNT_NOFOLLOW))
		return (EINVAL);
	if ((error = path_at(td, LINUX_AT_FDCWD, uap->path, &path, &c)) != 0)
		return (error);
	if (priv_check_cred(td->td_ucred, CAP_SYS_ADMIN) != 0)
		error = EPERM;		/* Linux's may_mount */
	else
		error = kern_unmount(&c, path, (uap->flags & LINUX_MNT_FORCE) ? MNT_FORCE : 0);
	ctx_done(&c);
	path_free(path);
	return (error);
}

static int
kern_fsync(struct thread *td, int fd)
{
	struct file *fp;
	int error;

	if ((error = fget(td, fd, &fp)) != 0)
		return (error);
	if (fp->f_type != DTYPE_VNODE)
		error = EINVAL;
	else {
		vn_lock(fp->f_vnode, LK_EXCLUSIVE);
		error = VOP_FSYNC(fp->f_vnode);
		VOP_UNLOCK(fp->f_vnode);
	}
	fdrop(fp, td);
	return (error);
}

int
sys_fsync(struct thread *td, struct fsync_args *uap)
{
	return (kern_fsync(td, uap->fd));
}

int
sys_fdatasync(struct thread *td, struct fdatasync_args *uap)
{
	return (kern_fsync(td, uap->fd));
}

/* --- rename ------------------------------------------------------------------------------------- */

static int
kern_renameat(struct thread *td, int oldfd, const char *uold, int newfd, const char *unew,
    unsigned flags)
{
	struct vfs_ctx oc, nc;
	char *from, *to;
	int error;

	if (flags & ~RENAME_NOREPLACE)
		return (EINVAL);	/* RENAME_EXCHANGE, RENAME_WHITEOUT: not supported */
	if ((error = path_at(td, oldfd, uold, &from, &oc)) != 0)
		return (error);
	if ((error = path_at(td, newfd, unew, &to, &nc)) == 0) {
		error = vfs_rename(&oc, from, &nc, to, (int)flags);
		ctx_done(&nc);
		path_free(to);
	}
	ctx_done(&oc);
	path_free(from);
	return (error);
}

int
sys_rename(struct thread *td, struct rename_args *uap)
{
	return (kern_renameat(td, LINUX_AT_FDCWD, uap->from, LINUX_AT_FDCWD, uap->to, 0));
}

int
sys_renameat(struct thread *td, struct renameat_args *uap)
{
	return (kern_renameat(td, uap->oldfd, uap->old, uap->newfd, uap->new, 0));
}

int
sys_renameat2(struct thread *td, struct renameat2_args *uap)
{
	return (kern_renameat(td, uap->oldfd, uap->old, uap->newfd, uap->new, uap->flags));
}
