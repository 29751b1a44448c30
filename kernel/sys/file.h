/*
 * Open files (FreeBSD's struct file and fileops).
 *
 * A struct file is what a descriptor points at: an open vnode, a pipe end,
 * a device...  Descriptors in one or several tables (dup, fork) share it,
 * with its offset and its flags; f_count counts them plus the calls in
 * progress (fget takes a reference, fdrop releases it; the last fdrop
 * calls fo_close and frees the file).
 *
 * Each kind supplies its fileops; the generic calls (read, write, ioctl,
 * poll, fstat, lseek) dispatch through them:
 *   fo_read/fo_write(fp, uio, flags, td)   FOF_OFFSET in flags: use
 *                     uio_offset instead of the file offset (pread)
 *   fo_ioctl(fp, cmd, arg, td)             cmd and arg as the caller gave
 *                     them (Linux ioctl numbers; arg a user address or value)
 *   fo_poll(fp, events, td)                the POLL* bits ready now; when
 *                     none, the object calls selwakeup() when that changes
 *   fo_stat(fp, sb, td)                    struct stat
 *   fo_seek(fp, offset, whence, &newoff, td)   ESPIPE where meaningless
 *   fo_close(fp, td)                       the last reference went
 */
#ifndef SYS_FILE_H
#define SYS_FILE_H

#include <sys/types.h>
#include <sys/uio.h>
#include <sys/mutex.h>

struct file;
struct stat;
struct thread;
struct ucred;
struct vnode;

typedef int fo_rdwr_t(struct file *fp, struct uio *uio, int flags, struct thread *td);
typedef int fo_ioctl_t(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td);
typedef int fo_poll_t(struct file *fp, int events, struct thread *td);
typedef int fo_stat_t(struct file *fp, struct stat *sb, struct thread *td);
typedef int fo_seek_t(struct file *fp, off_t offset, int whence, off_t *newoff,
    struct thread *td);
typedef int fo_close_t(struct file *fp, struct thread *td);

struct fileops {
	fo_rdwr_t	*fo_read;
	fo_rdwr_t	*fo_write;
	fo_ioctl_t	*fo_ioctl;
	fo_poll_t	*fo_poll;
	fo_stat_t	*fo_stat;
	fo_seek_t	*fo_seek;
	fo_close_t	*fo_close;
};

#define FOF_OFFSET	0x0001	/* fo_read/fo_write: offset given in the uio */
#define FOF_APPEND	0x0002	/* fo_write: at the end, whatever O_APPEND says (RWF_APPEND) */

/* f_type */
#define DTYPE_NONE	0	/* being set up */
#define DTYPE_VNODE	1	/* a file, directory or symlink (O_PATH) */
#define DTYPE_SOCKET	2	/* a socket (sys/socketvar.h): f_data its struct socket */
#define DTYPE_PIPE	3	/* a pipe end */
#define DTYPE_DEV	4	/* a device (character special file) */
#define DTYPE_FIFO	8	/* a named pipe: f_data its pipe, f_vnode the FIFO */
#define DTYPE_EPOLL	10	/* an epoll instance (sys_epoll.c) */

struct file {
	void			*f_data;	/* the object: vnode, pipe, device */
	const struct fileops	*f_ops;		/* its operations */
	struct vnode		*f_vnode;	/* the vnode opened (devices too), referenced */
	struct ucred		*f_cred;	/* credentials of the opener */
	volatile int		 f_count;	/* references: descriptors + calls in progress */
	short			 f_type;	/* DTYPE_* */
	unsigned		 f_flag;	/* FREAD, FWRITE, FAPPEND, FNONBLOCK (sys/fcntl.h) */
	int			 f_offbusy;	/* a read or write owns f_offset (foffset_lock) */
	off_t			 f_offset;	/* the file offset */
	unsigned		 f_pipegen;	/* DTYPE_FIFO: writers' opens at this open (poll) */
	/*
	 * The path it was opened by, for /proc/<pid>/fd/ (file_setpath): Linux
	 * shows a file's present name, but Sanpo's vnodes keep no names, so a
	 * file renamed since shows the old one.  Relative to f_pathdir
	 * (referenced) unless absolute.  NULL: a pipe, or made by the kernel.
	 */
	char			*f_path;
	struct vnode		*f_pathdir;
};

extern const struct fileops badfileops;	/* every operation fails with EBADF */
extern const struct fileops vnops;	/* files opened through a vnode */

/* kern_descrip.c */
int	falloc_noinstall(struct thread *td, struct file **fpp);	/* f_count 1, badfileops */
void	finit(struct file *fp, unsigned flag, short type, void *data,
	    const struct fileops *ops);
void	fhold(struct file *fp);
/* Remember the path fp was opened by, relative to dir (referenced here) unless absolute. */
void	file_setpath(struct file *fp, struct vnode *dir, const char *path);
/* fp is named as `from` is (a file opened through a magic link to it). */
void	file_copypath(struct file *fp, const struct file *from);
int	fdrop(struct file *fp, struct thread *td);	/* 0, or fo_close's error */
/* kern_flock.c: fdrop drops the flock(2) lock of a description that goes. */
void	flock_release(struct file *fp);
/* The file at descriptor fd of td's table, referenced: EBADF if none. */
int	fget(struct thread *td, int fd, struct file **fpp);
int	fget_read(struct thread *td, int fd, struct file **fpp);	/* EBADF unless FREAD */
int	fget_write(struct thread *td, int fd, struct file **fpp);	/* EBADF unless FWRITE */
/* fs/devfs/devfs_vnops.c: open the device a VCHR vnode names into fp. */
int	devfs_open_file(struct thread *td, struct file *fp, struct vnode *vp, int fmode);
/*
 * kern/sys_pipe.c: open the named pipe a VFIFO vnode is into fp (holding
 * vp's reference in f_vnode): may wait for the other side; ENXIO, EINTR.
 */
int	fifo_open_file(struct thread *td, struct file *fp, struct vnode *vp, unsigned fflag);
/*
 * A pipe(2) pipe's end as a vnode to open again (/proc/<pid>/fd/N):
 * VFIFO, referenced, whose opens are the same pipe's.  pipe_anonymous:
 * fp is an end of a pipe(2) pipe, whichever way it was opened.
 */
int	pipe_vnode(struct file *fp, struct vnode **vpp);
int	pipe_anonymous(const struct file *fp);
/* The console as descriptors 0, 1, 2 of td's empty table (process 1, as on Linux). */
int	devfs_console_fds(struct thread *td);
/* Serialise use of f_offset by reads and writes (Linux's f_pos lock). */
off_t	foffset_lock(struct file *fp);
void	foffset_unlock(struct file *fp, off_t newoff);
int	foffset_seek(off_t base, off_t offset, off_t *offp);


#endif
