/*
 * pseudofs: file systems whose files the kernel makes up as they are read
 * (FreeBSD's pseudofs, on which its procfs and linprocfs stand; here
 * procfs at /proc and devfs at /dev).  A file system of this kind is a
 * constant tree of struct pfs_node: directories, files whose contents a
 * fill function writes into an sbuf at each read from offset 0, symbolic
 * links whose target a fill function writes, and device nodes.  A
 * directory may also have dynamic entries (struct pfs_dyn): one per
 * process, one per device, each an instance of one node told apart by an
 * id (the pid, the device number) that the nodes below it inherit.
 *
 * A vnode is made per lookup and freed when its last reference goes, so
 * nothing is cached that could go stale: a file's text is generated for
 * the open file that reads it (and kept for reads past offset 0, so that
 * a reader taking it in pieces sees one consistent text).
 */
#ifndef FS_PSEUDOFS_H
#define FS_PSEUDOFS_H

#include <sys/types.h>

struct file;
struct mount;
struct sbuf;
struct statfs;
struct thread;
struct vattr;
struct vnode;

enum pfs_type { PFS_DIR, PFS_FILE, PFS_LINK, PFS_DEV };

struct pfs_node;

/*
 * A file's contents or a link's target, for the instance `id` (0 outside
 * dynamic entries), as seen by td.  0 or an errno (ENOENT: the process or
 * device went away).
 */
typedef int pfs_fill_t(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct sbuf *sb);
/*
 * A write to a file that takes them (one write(2): the bytes at offset
 * off, under a page): 0 or an errno.  The writer's credential is td's;
 * fcred is the open file's (its opener's, Linux's file->f_cred), or NULL
 * for a write from inside the kernel.
 */
struct ucred;
typedef int pfs_store_t(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off);

/*
 * Dynamic entries of a directory, each an instance of pd_node (or of the
 * node pd_nodeof gives for its id, when entries differ in type: /proc/sys
 * has directories and files side by side).  `dir` is the id of the
 * directory they are listed in (a pid for /proc/<pid>/fd/).
 */
struct pfs_dyn {
	const struct pfs_node	*pd_node;
	/* The entry with the smallest id >= from: 0 with *idp and name set, or ENOENT. */
	int	(*pd_next)(uint64_t dir, uint64_t from, uint64_t *idp, char *name,
		    size_t namelen);
	/* The id `name` stands for (the entry exists now), or ENOENT. */
	int	(*pd_lookup)(uint64_t dir, const char *name, size_t namelen, uint64_t *idp);
	/* May be NULL (every entry is a pd_node). */
	const struct pfs_node *(*pd_nodeof)(uint64_t id);
};

/* Directories nest at most this deep below a pseudofs root (deeper: ENAMETOOLONG). */
#define PFS_DEPTH	16

/*
 * A "magic" link's file (Linux's /proc/<pid>/fd/N and cwd): the vnode the
 * link stands for, referenced, which a lookup takes in place of following
 * the link's text (an open file whose name changed, or that has none);
 * *fpp (NULL on entry) may get the open file itself, referenced, whose name
 * an open through the link takes (vop_jumplink).
 */
typedef int pfs_jump_t(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct vnode **vpp, struct file **fpp);

struct pfs_node {
	const char		*pn_name;	/* NULL ends a children array */
	enum pfs_type		 pn_type;
	mode_t			 pn_mode;	/* permission bits */
	uint32_t		 pn_ino;	/* unique among the file system's nodes, < 1024 */
	pfs_fill_t		*pn_fill;	/* PFS_FILE, PFS_LINK */
	const struct pfs_node	*pn_children;	/* PFS_DIR: static entries */
	const struct pfs_dyn	*pn_dyn;	/* PFS_DIR: dynamic entries, or NULL */
	pfs_store_t		*pn_store;	/* PFS_FILE that takes writes, or NULL */
	pfs_jump_t		*pn_jump;	/* PFS_LINK: a magic link's file, or NULL */
};

/* One pseudofs file system type. */
struct pfs_info {
	const struct pfs_node	*pi_root;
	uint64_t		 pi_magic;	/* statfs f_type (Linux's) */
	/*
	 * May adjust the attributes pseudofs made up (owner of a process's
	 * files, a device's mode); ENOENT if instance `id` is gone.  May be NULL.
	 */
	int	(*pi_attr)(const struct pfs_node *pn, uint64_t id, struct vattr *vap);
};

/* The vfsops of a pseudofs type: mp's mount data is set to pi first. */
int	pfs_mount(struct mount *mp, const struct pfs_info *pi);
int	pfs_unmount(struct mount *mp, int flags);
int	pfs_root(struct mount *mp, struct vnode **vpp);
int	pfs_statfs(struct mount *mp, struct statfs *sbp);

#endif
