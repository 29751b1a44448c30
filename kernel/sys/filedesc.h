/*
 * Per-process file descriptor tables and path state (FreeBSD's filedesc
 * and pwddesc).
 *
 * struct filedesc maps descriptor numbers to open files, with each slot's
 * close-on-exec flag.  fork copies it (fdcopy: the same files, shared
 * offsets), clone(CLONE_FILES) shares it (fdshare: one table, counted),
 * exec closes the close-on-exec ones (fdcloseexec), exit drops it (fdfree:
 * the last holder closes everything).  New descriptors take the lowest
 * free number, below the RLIMIT_NOFILE limit (EMFILE beyond).
 *
 * struct pwddesc holds the current and root directories and the umask:
 * copied by fork (pdcopy), shared by clone(CLONE_FS) (pdshare).  pdinit()
 * makes the first one, at the root file system's root.
 */
#ifndef SYS_FILEDESC_H
#define SYS_FILEDESC_H

#include <sys/types.h>
#include <sys/sx.h>
#include <sys/mutex.h>

struct file;
struct thread;
struct vnode;

#define NOFILE_DEFAULT	1024	/* RLIMIT_NOFILE, soft and hard (Linux's default soft) */
#define UF_EXCLOSE	0x01	/* close on exec */

struct filedescent {
	struct file	*fde_file;	/* NULL: free slot */
	uint8_t		 fde_flags;	/* UF_EXCLOSE */
};

struct filedesc {
	struct filedescent *fd_ofiles;	/* the slots */
	int		 fd_nfiles;	/* slots allocated */
	int		 fd_freefile;	/* no free slot below this */
	int		 fd_lastfile;	/* highest slot in use, or -1 */
	int		 fd_maxfiles;	/* RLIMIT_NOFILE: descriptors must stay below */
	volatile int	 fd_refcnt;	/* processes sharing the table (CLONE_FILES) */
	struct sx	 fd_sx;		/* guards the slots */
};

struct pwddesc {
	struct vnode	*pd_cdir;	/* current directory, referenced */
	struct vnode	*pd_rdir;	/* root directory, referenced */
	mode_t		 pd_cmask;	/* umask */
	volatile int	 pd_refcount;	/* processes sharing it (CLONE_FS) */
	struct mtx	 pd_lock;	/* guards the fields above */
};

struct filedesc	*fdinit(void);
struct filedesc	*fdcopy(struct filedesc *fdp);
struct filedesc	*fdshare(struct filedesc *fdp);
void		 fdfree(struct filedesc *fdp);
void		 fdcloseexec(struct filedesc *fdp);
/*
 * Another process's table (pinned by procfs: p_fdpeek): fdpeek says
 * whether descriptor fd is open (0 or ENOENT) and how (*flagp: f_flag);
 * with nextp, the first open descriptor >= fd, *nextp its number.  It takes
 * no reference, so that a lookup under a vnode lock never ends up closing
 * a file.  fdget_at: the file at fd, referenced (fdrop it), or NULL.
 */
int		 fdpeek(struct filedesc *fdp, int fd, int *nextp, unsigned *flagp);
struct file	*fdget_at(struct filedesc *fdp, int fd);

struct pwddesc	*pdinit(void);
struct pwddesc	*pdcopy(struct pwddesc *pdp);
struct pwddesc	*pdshare(struct pwddesc *pdp);
void		 pdfree(struct pwddesc *pdp);

/*
 * Install fp at the lowest free descriptor >= minfd (taking a reference
 * for the table); flags: UF_EXCLOSE.  EMFILE when the table is full.
 */
int	finstall(struct thread *td, struct file *fp, int minfd, int flags, int *fdp);
/* Close descriptor fd; EBADF if it is not open. */
int	kern_close(struct thread *td, int fd);
/* The working and root directories of td, referenced (vrele each); either may be NULL. */
void	pwd_get(struct thread *td, struct vnode **cdirp, struct vnode **rdirp);
/* The working directory becomes vp (its reference passes to the table). */
void	pwd_chdir(struct thread *td, struct vnode *vp);
mode_t	pwd_umask(struct thread *td);

#endif
