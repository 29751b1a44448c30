/*
 * Path name lookup (FreeBSD's namei), with Linux's rules: "." and ".."
 * (".." of a process's root stays there; ".." of a mounted file system's
 * root goes to the directory it covers), symbolic links followed in the
 * middle of a path always and at its end with FOLLOW (at most MAXSYMLINKS
 * in one lookup: ELOOP), ENAMETOOLONG for a path of MAXPATHLEN bytes or
 * more or a component over NAME_MAX, ENOTDIR when a non-directory has a
 * component or a trailing slash after it, EACCES without search
 * permission on a directory on the way.
 *
 * Usage:
 *   struct nameidata nd;
 *   NDINIT(&nd, LOOKUP, FOLLOW, path, startdir, rootdir, cred);
 *   error = namei(&nd);      // nd.ni_vp referenced
 *   ...
 *   vrele(nd.ni_vp); NDFREE(&nd);
 *
 * For CREATE, DELETE and RENAME the last component's directory comes back
 * in ni_dvp referenced and locked exclusive (LOCKPARENT is implied), and
 * ni_vp is the existing file or NULL; the caller does its VOP with the
 * directory locked, then vput(ni_dvp).  ni_cnd names the last component.
 * A lookup for DELETE or RENAME does not enter a file system mounted on
 * the last component (that directory is busy).
 */
#ifndef SYS_NAMEI_H
#define SYS_NAMEI_H

#include <sys/types.h>
#include <sys/uio.h>

struct file;

struct ucred;
struct vnode;

#define MAXPATHLEN	4096	/* bytes in a path, with its NUL (PATH_MAX) */
#define NAME_MAX	255	/* bytes in one component */
#define MAXSYMLINKS	40	/* links followed in one lookup (Linux's) */

/* cn_nameiop */
#define LOOKUP		0
#define CREATE		1
#define DELETE		2
#define RENAME		3

/* cn_flags: what the caller asks */
#define FOLLOW		0x0001	/* follow a symlink in the last component */
#define NOFOLLOW	0x0000
#define EMPTYPATH	0x0002	/* "" names ni_startdir itself (AT_EMPTY_PATH) */
#define WANTPARENT	0x0004	/* LOOKUP: also return ni_dvp, referenced and unlocked */
/* cn_flags: what namei found */
#define TRAILINGSLASH	0x0100	/* the path ended in "/" */
#define ISDOTDOT	0x0200	/* the last component is ".." */
#define ISDOT		0x0400	/* the last component is "." (or the path was "/") */

struct componentname {
	int		 cn_nameiop;	/* LOOKUP, CREATE, DELETE, RENAME */
	int		 cn_flags;	/* see above */
	struct ucred	*cn_cred;	/* who asks (permission checks, new files' owner) */
	const char	*cn_nameptr;	/* the component (not NUL-terminated) */
	size_t		 cn_namelen;	/* its length */
};

struct nameidata {
	/* In. */
	const char	*ni_dirp;	/* the path */
	enum uio_seg	 ni_segflg;	/* where it is: user or kernel space */
	struct vnode	*ni_startdir;	/* relative paths start here (cwd or a dirfd) */
	struct vnode	*ni_rootdir;	/* absolute paths start here; ".." stops here */
	/* Out. */
	struct vnode	*ni_vp;		/* what the path names (NULL: absent, CREATE) */
	struct vnode	*ni_dvp;	/* its directory (CREATE/DELETE/RENAME, WANTPARENT) */
	struct componentname ni_cnd;	/* the last component */
	/*
	 * The last component was a magic link standing for this open file
	 * (referenced; NDFREE drops it unless taken): what is opened through
	 * it takes its name, as on Linux where it is the same dentry.
	 */
	struct file	*ni_jumpfile;
	/* Private. */
	char		*ni_pathbuf;	/* the path, copied in, then rewritten by symlinks */
	int		 ni_loopcnt;	/* symlinks followed */
};

#define NDINIT(ndp, op, flags, path, startdir, rootdir, cred) do {	\
	(ndp)->ni_dirp = (path);					\
	(ndp)->ni_segflg = UIO_SYSSPACE;				\
	(ndp)->ni_startdir = (startdir);				\
	(ndp)->ni_rootdir = (rootdir);					\
	(ndp)->ni_vp = (ndp)->ni_dvp = NULL;				\
	(ndp)->ni_cnd.cn_nameiop = (op);				\
	(ndp)->ni_cnd.cn_flags = (flags);				\
	(ndp)->ni_cnd.cn_cred = (cred);					\
	(ndp)->ni_pathbuf = NULL;					\
	(ndp)->ni_loopcnt = 0;						\
	(ndp)->ni_jumpfile = NULL;					\
} while (0)

int	namei(struct nameidata *ndp);
/* Frees the path buffer and drops ni_jumpfile; not the vnodes. */
void	NDFREE(struct nameidata *ndp);

#endif
