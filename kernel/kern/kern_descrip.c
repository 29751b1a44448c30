/*
 * Open files and descriptor tables (FreeBSD's kern_descrip.c): struct
 * file references, the per-process table of descriptors with their
 * close-on-exec flags, the working/root directory state, and the calls
 * that manage descriptors: close, dup, dup2, dup3, fcntl.
 *
 * A table's slots are guarded by its fd_sx (shared to look a descriptor
 * up, exclusive to change one); a file is referenced while a slot points
 * at it and while a call uses it (fget/fdrop), and closed when the last
 * reference goes.  Nothing sleeps on a file with fd_sx held except to
 * allocate.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_FILE, "file", "open files");
MALLOC_DEFINE(M_FILEDESC, "filedesc", "descriptor tables and cwd/root");

#define NDFILE		20	/* slots a new table starts with */

/* --- struct file ---------------------------------------------------------- */

static int
badfo_rdwr(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	(void)fp; (void)uio; (void)flags; (void)td;
	return (EBADF);
}

static int
badfo_ioctl(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	(void)fp; (void)cmd; (void)arg; (void)td;
	return (EBADF);
}

static int
badfo_poll(struct file *fp, int events, struct thread *td)
{
	(void)fp; (void)events; (void)td;
	return (0);
}

static int
badfo_stat(struct file *fp, struct stat *sb, struct thread *td)
{
	(void)fp; (void)sb; (void)td;
	return (EBADF);
}

static int
badfo_seek(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	(void)fp; (void)offset; (void)whence; (void)newoff; (void)td;
	return (ESPIPE);
}

static int
badfo_close(struct file *fp, struct thread *td)
{
	(void)fp; (void)td;
	return (0);
}

const struct fileops badfileops = {
	.fo_read = badfo_rdwr, .fo_write = badfo_rdwr, .fo_ioctl = badfo_ioctl,
	.fo_poll = badfo_poll, .fo_stat = badfo_stat, .fo_seek = badfo_seek,
	.fo_close = badfo_close,
};

int
falloc_noinstall(struct thread *td, struct file **fpp)
{
	struct file *fp = malloc(sizeof(*fp), M_FILE, M_WAITOK | M_ZERO);

	fp->f_count = 1;
	fp->f_ops = &badfileops;
	fp->f_cred = crhold(td->td_ucred);
	*fpp = fp;
	return (0);
}

void
finit(struct file *fp, unsigned flag, short type, void *data, const struct fileops *ops)
{
	fp->f_flag = flag;
	fp->f_type = type;
	fp->f_data = data;
	__atomic_store_n(&fp->f_ops, ops, __ATOMIC_RELEASE);
}

void
fhold(struct file *fp)
{
	__atomic_add_fetch(&fp->f_count, 1, __ATOMIC_RELAXED);
}

void
file_setpath(struct file *fp, struct vnode *dir, const char *path)
{
	size_t len = strlen(path);

	fp->f_path = malloc(len + 1, M_FILE, M_WAITOK);
	memcpy(fp->f_path, path, len + 1);
	if (path[0] != '/' && dir != NULL) {
		vref(dir);
		fp->f_pathdir = dir;
	}
}

void
file_copypath(struct file *fp, const struct file *from)
{
	if (from->f_path != NULL)
		file_setpath(fp, from->f_pathdir, from->f_path);
}

int
fdrop(struct file *fp, struct thread *td)
{
	int error = 0;

	if (__atomic_sub_fetch(&fp->f_count, 1, __ATOMIC_ACQ_REL) != 0)
		return (0);
	flock_release(fp);
	if (fp->f_ops->fo_close != NULL)
		error = fp->f_ops->fo_close(fp, td);
	crfree(fp->f_cred);
	if (fp->f_path != NULL)
		free(fp->f_path, M_FILE);
	if (fp->f_pathdir != NULL)
		vrele(fp->f_pathdir);
	free(fp, M_FILE);
	return (error);
}

/*
 * lseek's arithmetic: base + offset into *offp, EOVERFLOW past the largest
 * offset, EINVAL before the start (*offp untouched then).
 */
int
foffset_seek(off_t base, off_t offset, off_t *offp)
{
	if (offset > 0 && base > INT64_MAX - offset)
		return (EOVERFLOW);
	if (base + offset < 0)
		return (EINVAL);
	*offp = base + offset;
	return (0);
}

/*
 * The offset of reads and writes: one call at a time uses it, as Linux
 * serialises f_pos for regular files and directories, so that two
 * readers sharing an open file never get the same bytes.  One mutex for
 * all files guards the busy flags (held for a moment; files are made too
 * often for a lock each).
 */
static struct mtx foffset_mtx;

static void
foffset_init(const void *dummy __unused)
{
	mtx_init(&foffset_mtx, "f_offset", MTX_DEF);
}
SYSINIT(foffset, SI_SUB_VFS, SI_ORDER_SECOND, foffset_init, NULL);

off_t
foffset_lock(struct file *fp)
{
	off_t off;

	mtx_lock(&foffset_mtx);
	while (fp->f_offbusy)
		msleep(&fp->f_offbusy, &foffset_mtx, "foffset", 0);
	fp->f_offbusy = 1;
	off = fp->f_offset;
	mtx_unlock(&foffset_mtx);
	return (off);
}

void
foffset_unlock(struct file *fp, off_t newoff)
{
	mtx_lock(&foffset_mtx);
	fp->f_offset = newoff;
	fp->f_offbusy = 0;
	mtx_unlock(&foffset_mtx);
	wakeup(&fp->f_offbusy);
}

/* --- descriptor tables ----------------------------------------------------- */

static struct filedesc *
fdalloc_table(int nfiles)
{
	struct filedesc *fdp = malloc(sizeof(*fdp), M_FILEDESC, M_WAITOK | M_ZERO);

	fdp->fd_ofiles = malloc(sizeof(*fdp->fd_ofiles) * (size_t)nfiles, M_FILEDESC,
	    M_WAITOK | M_ZERO);
	fdp->fd_nfiles = nfiles;
	fdp->fd_lastfile = -1;
	fdp->fd_maxfiles = NOFILE_DEFAULT;
	fdp->fd_refcnt = 1;
	sx_init(&fdp->fd_sx, "filedesc");
	return (fdp);
}

struct filedesc *
fdinit(void)
{
	return (fdalloc_table(NDFILE));
}

/* fork: a table of its own with the same files (shared offsets), flags and limit. */
struct filedesc *
fdcopy(struct filedesc *fdp)
{
	struct filedesc *nfdp;
	int i;

	sx_slock(&fdp->fd_sx);
	nfdp = fdalloc_table(fdp->fd_nfiles);
	for (i = 0; i <= fdp->fd_lastfile; i++) {
		struct filedescent *fde = &fdp->fd_ofiles[i];

		if (fde->fde_file == NULL)
			continue;
		fhold(fde->fde_file);
		nfdp->fd_ofiles[i] = *fde;
	}
	nfdp->fd_lastfile = fdp->fd_lastfile;
	nfdp->fd_freefile = fdp->fd_freefile;
	nfdp->fd_maxfiles = fdp->fd_maxfiles;
	sx_sunlock(&fdp->fd_sx);
	return (nfdp);
}

int
fdpeek(struct filedesc *fdp, int fd, int *nextp, unsigned *flagp)
{
	struct file *fp = NULL;
	int i;

	sx_slock(&fdp->fd_sx);
	for (i = fd < 0 ? 0 : fd; i <= fdp->fd_lastfile; i++)
		if ((fp = fdp->fd_ofiles[i].fde_file) != NULL || nextp == NULL)
			break;
	if (fp != NULL) {
		if (nextp != NULL)
			*nextp = i;
		if (flagp != NULL)
			*flagp = fp->f_flag;
	}
	sx_sunlock(&fdp->fd_sx);
	return (fp != NULL ? 0 : ENOENT);
}

struct file *
fdget_at(struct filedesc *fdp, int fd)
{
	struct file *fp = NULL;

	sx_slock(&fdp->fd_sx);
	if (fd >= 0 && fd < fdp->fd_nfiles && (fp = fdp->fd_ofiles[fd].fde_file) != NULL)
		fhold(fp);
	sx_sunlock(&fdp->fd_sx);
	return (fp);
}

struct filedesc *
fdshare(struct filedesc *fdp)
{
	__atomic_add_fetch(&fdp->fd_refcnt, 1, __ATOMIC_RELAXED);
	return (fdp);
}

/* Remove and return the file in slot fd (fd_sx held exclusive). */
static struct file *
fdunused(struct filedesc *fdp, int fd)
{
	struct file *fp = fdp->fd_ofiles[fd].fde_file;

	fdp->fd_ofiles[fd].fde_file = NULL;
	fdp->fd_ofiles[fd].fde_flags = 0;
	if (fd < fdp->fd_freefile)
		fdp->fd_freefile = fd;
	while (fdp->fd_lastfile >= 0 && fdp->fd_ofiles[fdp->fd_lastfile].fde_file == NULL)
		fdp->fd_lastfile--;
	return (fp);
}

void
fdfree(struct filedesc *fdp)
{
	int i;

	if (__atomic_sub_fetch(&fdp->fd_refcnt, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	/* The last holder: nobody else can look at the table now. */
	for (i = 0; i <= fdp->fd_lastfile; i++)
		if (fdp->fd_ofiles[i].fde_file != NULL)
			fdrop(fdp->fd_ofiles[i].fde_file, curthread);
	free(fdp->fd_ofiles, M_FILEDESC);
	free(fdp, M_FILEDESC);
}

/* exec: close every descriptor marked close-on-exec. */
void
fdcloseexec(struct filedesc *fdp)
{
	struct file *fp;
	int i;

	for (i = 0; ; i++) {
		sx_xlock(&fdp->fd_sx);
		for (; i <= fdp->fd_lastfile; i++)
			if (fdp->fd_ofiles[i].fde_file != NULL &&
			    (fdp->fd_ofiles[i].fde_flags & UF_EXCLOSE))
				break;
		if (i > fdp->fd_lastfile) {
			sx_xunlock(&fdp->fd_sx);
			return;
		}
		fp = fdunused(fdp, i);
		sx_xunlock(&fdp->fd_sx);
		fdrop(fp, curthread);
	}
}

/* Make room for slot want (fd_sx held exclusive); the table only grows. */
static void
fdgrow(struct filedesc *fdp, int want)
{
	struct filedescent *n;
	int nfiles = fdp->fd_nfiles;

	if (want < nfiles)
		return;
	while (nfiles <= want)
		nfiles *= 2;
	n = malloc(sizeof(*n) * (size_t)nfiles, M_FILEDESC, M_WAITOK | M_ZERO);
	memcpy(n, fdp->fd_ofiles, sizeof(*n) * (size_t)fdp->fd_nfiles);
	free(fdp->fd_ofiles, M_FILEDESC);
	fdp->fd_ofiles = n;
	fdp->fd_nfiles = nfiles;
}

/* Put fp in slot fd (free, and grown to) with flags (fd_sx held exclusive). */
static void
fdinstall_at(struct filedesc *fdp, int fd, struct file *fp, int flags)
{
	fhold(fp);
	fdp->fd_ofiles[fd].fde_file = fp;
	fdp->fd_ofiles[fd].fde_flags = (uint8_t)flags;
	if (fd > fdp->fd_lastfile)
		fdp->fd_lastfile = fd;
	if (fd == fdp->fd_freefile)
		fdp->fd_freefile = fd + 1;
}

int
finstall(struct thread *td, struct file *fp, int minfd, int flags, int *fdp_out)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	int fd;

	sx_xlock(&fdp->fd_sx);
	fd = minfd > fdp->fd_freefile ? minfd : fdp->fd_freefile;
	for (; fd < fdp->fd_nfiles && fdp->fd_ofiles[fd].fde_file != NULL; fd++)
		;
	if (fd >= fdp->fd_maxfiles) {
		sx_xunlock(&fdp->fd_sx);
		return (EMFILE);
	}
	fdgrow(fdp, fd);
	fdinstall_at(fdp, fd, fp, flags);
	sx_xunlock(&fdp->fd_sx);
	*fdp_out = fd;
	return (0);
}

int
fget(struct thread *td, int fd, struct file **fpp)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp = NULL;

	sx_slock(&fdp->fd_sx);
	if (fd >= 0 && fd < fdp->fd_nfiles && (fp = fdp->fd_ofiles[fd].fde_file) != NULL)
		fhold(fp);
	sx_sunlock(&fdp->fd_sx);
	*fpp = fp;
	return (fp != NULL ? 0 : EBADF);
}

/* fget, and the file must be open for `want` (FREAD or FWRITE), not O_PATH. */
static int
fget_mode(struct thread *td, int fd, unsigned want, struct file **fpp)
{
	int error;

	if ((error = fget(td, fd, fpp)) != 0)
		return (error);
	if (((*fpp)->f_flag & want) == 0 || ((*fpp)->f_flag & FPATH)) {
		fdrop(*fpp, td);
		return (EBADF);
	}
	return (0);
}

int
fget_read(struct thread *td, int fd, struct file **fpp)
{
	return (fget_mode(td, fd, FREAD, fpp));
}

int
fget_write(struct thread *td, int fd, struct file **fpp)
{
	return (fget_mode(td, fd, FWRITE, fpp));
}

int
kern_close(struct thread *td, int fd)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp;

	sx_xlock(&fdp->fd_sx);
	if (fd < 0 || fd >= fdp->fd_nfiles || fdp->fd_ofiles[fd].fde_file == NULL) {
		sx_xunlock(&fdp->fd_sx);
		return (EBADF);
	}
	fp = fdunused(fdp, fd);
	sx_xunlock(&fdp->fd_sx);
	/* Linux's close reports nothing of the file's own closing but EINTR/EIO. */
	fdrop(fp, td);
	return (0);
}

/* --- cwd, root, umask ------------------------------------------------------- */

struct pwddesc *
pdinit(void)
{
	struct pwddesc *pdp = malloc(sizeof(*pdp), M_FILEDESC, M_WAITOK | M_ZERO);

	mtx_init(&pdp->pd_lock, "pwddesc", MTX_DEF);
	pdp->pd_refcount = 1;
	pdp->pd_cmask = 022;
	vref(rootvnode);
	vref(rootvnode);
	pdp->pd_cdir = pdp->pd_rdir = rootvnode;
	return (pdp);
}

struct pwddesc *
pdcopy(struct pwddesc *pdp)
{
	struct pwddesc *n = malloc(sizeof(*n), M_FILEDESC, M_WAITOK | M_ZERO);

	mtx_init(&n->pd_lock, "pwddesc", MTX_DEF);
	n->pd_refcount = 1;
	mtx_lock(&pdp->pd_lock);
	n->pd_cmask = pdp->pd_cmask;
	n->pd_cdir = pdp->pd_cdir;
	n->pd_rdir = pdp->pd_rdir;
	vref(n->pd_cdir);
	vref(n->pd_rdir);
	mtx_unlock(&pdp->pd_lock);
	return (n);
}

struct pwddesc *
pdshare(struct pwddesc *pdp)
{
	__atomic_add_fetch(&pdp->pd_refcount, 1, __ATOMIC_RELAXED);
	return (pdp);
}

void
pdfree(struct pwddesc *pdp)
{
	if (__atomic_sub_fetch(&pdp->pd_refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	vrele(pdp->pd_cdir);
	vrele(pdp->pd_rdir);
	free(pdp, M_FILEDESC);
}

void
pwd_get(struct thread *td, struct vnode **cdirp, struct vnode **rdirp)
{
	struct pwddesc *pdp = td->td_proc->p_pd;

	mtx_lock(&pdp->pd_lock);
	if (cdirp != NULL) {
		*cdirp = pdp->pd_cdir;
		vref(*cdirp);
	}
	if (rdirp != NULL) {
		*rdirp = pdp->pd_rdir;
		vref(*rdirp);
	}
	mtx_unlock(&pdp->pd_lock);
}

/* Replace the working directory with vp (referenced by the caller, given over). */
void
pwd_chdir(struct thread *td, struct vnode *vp)
{
	struct pwddesc *pdp = td->td_proc->p_pd;
	struct vnode *old;

	mtx_lock(&pdp->pd_lock);
	old = pdp->pd_cdir;
	pdp->pd_cdir = vp;
	mtx_unlock(&pdp->pd_lock);
	vrele(old);
}

mode_t
pwd_umask(struct thread *td)
{
	return (__atomic_load_n(&td->td_proc->p_pd->pd_cmask, __ATOMIC_RELAXED));
}

/* --- close, dup, dup2, dup3, fcntl ----------------------------------------------- */

int
sys_close(struct thread *td, struct close_args *uap)
{
	return (kern_close(td, uap->fd));
}

/* dup2/dup3: new is closed first if open; both check the limit as Linux does. */
static int
kern_dup_fixed(struct thread *td, int old, int new, int flags)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp, *closed = NULL;

	if (new < 0 || new >= fdp->fd_maxfiles)
		return (EBADF);
	if ((fget(td, old, &fp)) != 0)
		return (EBADF);
	sx_xlock(&fdp->fd_sx);
	fdgrow(fdp, new);
	if (fdp->fd_ofiles[new].fde_file != NULL)
		closed = fdunused(fdp, new);
	fdinstall_at(fdp, new, fp, flags);
	sx_xunlock(&fdp->fd_sx);
	fdrop(fp, td);
	if (closed != NULL)
		fdrop(closed, td);
	td->td_retval[0] = (uint64_t)new;
	return (0);
}

static int
kern_dup_min(struct thread *td, int old, int minfd, int flags)
{
	struct file *fp;
	int error, fd;

	if ((error = fget(td, old, &fp)) != 0)
		return (error);
	error = finstall(td, fp, minfd, flags, &fd);
	fdrop(fp, td);
	if (error == 0)
		td->td_retval[0] = (uint64_t)fd;
	return (error);
}

int
sys_dup(struct thread *td, struct dup_args *uap)
{
	return (kern_dup_min(td, uap->fd, 0, 0));
}

int
sys_dup2(struct thread *td, struct dup2_args *uap)
{
	struct file *fp;

	if (uap->from == uap->to) {
		/* dup2(fd, fd): fd if it is open, else EBADF. */
		if (fget(td, uap->from, &fp) != 0)
			return (EBADF);
		fdrop(fp, td);
		td->td_retval[0] = (uint64_t)uap->to;
		return (0);
	}
	return (kern_dup_fixed(td, uap->from, uap->to, 0));
}

int
sys_dup3(struct thread *td, struct dup3_args *uap)
{
	if (uap->flags & ~LINUX_O_CLOEXEC)
		return (EINVAL);
	if (uap->oldfd == uap->newfd)
		return (EINVAL);
	return (kern_dup_fixed(td, uap->oldfd, uap->newfd,
	    (uap->flags & LINUX_O_CLOEXEC) ? UF_EXCLOSE : 0));
}

static int
fd_flags(struct thread *td, int fd, int set, int newflags)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct filedescent *fde;
	int error = 0;

	sx_xlock(&fdp->fd_sx);
	if (fd < 0 || fd >= fdp->fd_nfiles || (fde = &fdp->fd_ofiles[fd])->fde_file == NULL)
		error = EBADF;
	else if (set)
		fde->fde_flags = (uint8_t)((fde->fde_flags & ~UF_EXCLOSE) |
		    ((newflags & LINUX_FD_CLOEXEC) ? UF_EXCLOSE : 0));
	else
		td->td_retval[0] = (fde->fde_flags & UF_EXCLOSE) ? LINUX_FD_CLOEXEC : 0;
	sx_xunlock(&fdp->fd_sx);
	return (error);
}

int
sys_fcntl(struct thread *td, struct fcntl_args *uap)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	struct file *fp;
	unsigned nflag;
	int error;

	switch (uap->cmd) {
	case LINUX_F_DUPFD:
	case LINUX_F_DUPFD_CLOEXEC:
		if (uap->arg >= (uint64_t)fdp->fd_maxfiles)
			return (EINVAL);
		return (kern_dup_min(td, uap->fd, (int)uap->arg,
		    uap->cmd == LINUX_F_DUPFD_CLOEXEC ? UF_EXCLOSE : 0));
	case LINUX_F_GETFD:
		return (fd_flags(td, uap->fd, 0, 0));
	case LINUX_F_SETFD:
		return (fd_flags(td, uap->fd, 1, (int)uap->arg));
	case LINUX_F_GETFL:
		if ((error = fget(td, uap->fd, &fp)) != 0)
			return (error);
		/* open(2) on a 64-bit kernel always adds O_LARGEFILE; pipes and sockets have none. */
		td->td_retval[0] = (uint64_t)open_flags_to_linux(fp->f_flag) |
		    (fp->f_type == DTYPE_PIPE || fp->f_type == DTYPE_SOCKET ? 0 : LINUX_O_LARGEFILE);
		fdrop(fp, td);
		return (0);
	case LINUX_F_SETFL:
		/* Only O_APPEND and O_NONBLOCK change; the rest is ignored, as on Linux. */
		if ((error = fget(td, uap->fd, &fp)) != 0)
			return (error);
		if (!(fp->f_flag & FPATH)) {
			nflag = (unsigned)linux_to_open_flags((int)uap->arg) & FCNTLFLAGS;
			__atomic_store_n(&fp->f_flag, (fp->f_flag & ~FCNTLFLAGS) | nflag,
			    __ATOMIC_RELAXED);
		} else
			error = EBADF;
		fdrop(fp, td);
		return (error);
	case LINUX_F_GETOWN:
	case LINUX_F_SETOWN:
		if ((error = fget(td, uap->fd, &fp)) != 0)
			return (error);
		fdrop(fp, td);
		td->td_retval[0] = 0;
		return (0);
	default:
		if ((error = fget(td, uap->fd, &fp)) != 0)
			return (error);
		fdrop(fp, td);
		return (EINVAL);
	}
}
