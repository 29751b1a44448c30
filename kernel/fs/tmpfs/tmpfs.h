/*
 * tmpfs: a file system in memory (FreeBSD's sys/fs/tmpfs, simplified).
 *
 * Every file is a tmpfs_node with its vnode embedded: the vnode lives
 * exactly as long as the node, which is freed when it has neither links
 * nor references (VOP_INACTIVE).  Directories are lists of entries kept in
 * the order of their readdir cookies; regular files keep their data in
 * whole physical pages found through a radix tree of page-sized index
 * arrays, so that a shared mapping can map the file's own page
 * (vn_getpage).  A mount has a page budget (ENOSPC beyond it, never a
 * kernel out-of-memory) and a node budget.
 *
 * All of a mount's state is guarded by its vnode lock (the mount lock,
 * sys/vnode.h): shared for lookups and reads, exclusive for changes.
 */
#ifndef FS_TMPFS_TMPFS_H
#define FS_TMPFS_TMPFS_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/vnode.h>

struct componentname;
struct mount;
struct ucred;

#define TMPFS_MAGIC		0x01021994	/* Linux's statfs f_type for tmpfs */
#define TMPFS_LINK_MAX		65000		/* links to one node (EMLINK beyond) */
#define TMPFS_PAGE_SHIFT	12
#define TMPFS_PAGE_SIZE		(1ULL << TMPFS_PAGE_SHIFT)
#define TMPFS_RADIX_SHIFT	9		/* 512 entries per index array */
#define TMPFS_RADIX_LEVELS	4		/* 2^48 bytes of file at most */
#define TMPFS_MAXFILESIZE	(1ULL << (TMPFS_PAGE_SHIFT + TMPFS_RADIX_SHIFT * TMPFS_RADIX_LEVELS))

/* A directory entry. */
struct tmpfs_dirent {
	struct tmpfs_dirent	*td_next;	/* next in cookie order */
	struct tmpfs_node	*td_node;	/* the file it names */
	off_t			 td_cookie;	/* readdir position; unique, increasing */
	uint16_t		 td_namelen;	/* bytes in td_name */
	char			 td_name[];	/* not NUL-terminated */
};

/* The data of a regular file. */
struct tmpfs_pages {
	uint64_t		*tp_root;	/* top index array, or NULL */
	int			 tp_levels;	/* depth of the tree (0: empty) */
};

struct tmpfs_node {
	struct vnode		 tn_vnode;	/* its vnode (v_data points back here) */
	struct tmpfs_node	*tn_allnext;	/* all nodes of the mount */
	struct tmpfs_node	*tn_allprev;
	enum vtype		 tn_type;	/* VREG, VDIR, VLNK, VCHR... */
	ino_t			 tn_id;		/* inode number */
	mode_t			 tn_mode;	/* permission bits (07777) */
	uid_t			 tn_uid;
	gid_t			 tn_gid;
	nlink_t			 tn_links;	/* directory entries naming it (+1 for a directory's ".") */
	unsigned		 tn_holds;	/* removed directories whose ".." is still this one */
	uint64_t		 tn_size;	/* bytes (a directory: entries * 32, as Linux's tmpfs) */
	struct timespec		 tn_atime, tn_mtime, tn_ctime, tn_birthtime;
	union {
		struct {
			struct tmpfs_dirent	*tn_dirhead;	/* entries, by cookie */
			struct tmpfs_node	*tn_parent;	/* "..", kept after removal (held) */
			off_t			 tn_nextcookie;	/* for the next entry */
		} tn_dir;
		struct {
			char			*tn_link;	/* target, NUL-terminated */
		} tn_lnk;
		struct tmpfs_pages		 tn_reg;
		dev_t				 tn_rdev;	/* VCHR, VBLK */
	} tn_spec;
};

struct tmpfs_mount {
	struct tmpfs_node	*tm_root;	/* "/" of this file system */
	struct tmpfs_node	*tm_allnodes;	/* every node */
	ino_t			 tm_nextid;	/* inode number of the next node */
	uint64_t		 tm_pages_max;	/* data and index pages allowed */
	uint64_t		 tm_pages_used;
	uint64_t		 tm_nodes_max;	/* nodes allowed */
	uint64_t		 tm_nodes_used;
};

/* vfs_mount's data argument for tmpfs (NULL: the defaults). */
struct tmpfs_args {
	uint64_t		 ta_size_max;	/* bytes; 0: half of free memory */
	uint64_t		 ta_nodes_max;	/* files; 0: one per page allowed */
	mode_t			 ta_root_mode;	/* permissions of "/" */
};

#define VP_TO_TMPFS_NODE(vp)	((struct tmpfs_node *)(vp)->v_data)
#define VFS_TO_TMPFS(mp)	((struct tmpfs_mount *)(mp)->mnt_data)

extern const struct vop_vector tmpfs_vnodeop_entries;

/* tmpfs_subr.c: nodes and directory entries. */
int	tmpfs_alloc_node(struct mount *mp, enum vtype type, mode_t mode, uid_t uid,
	    gid_t gid, struct tmpfs_node **nodep);
void	tmpfs_free_node(struct tmpfs_mount *tm, struct tmpfs_node *node);
/* Free node, and the removed parents only it kept, if nothing uses them. */
void	tmpfs_free_unused(struct tmpfs_mount *tm, struct tmpfs_node *node);
struct tmpfs_dirent *tmpfs_dir_lookup(struct tmpfs_node *dnode, const char *name, size_t len);
int	tmpfs_dir_attach(struct tmpfs_node *dnode, const char *name, size_t len,
	    struct tmpfs_node *node);
void	tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de);
/* Create a file named cnp in directory dvp (locked exclusive). */
int	tmpfs_create_file(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
	    const char *target, struct vnode **vpp);

/* tmpfs_pages.c: file data. */
#define TMPFS_PG_ALLOC	0x1	/* tmpfs_page_get: fill a hole with a zeroed page */
#define TMPFS_PG_HOLD	0x2	/* ... and a reference on it for the caller */
int	tmpfs_page_get(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t idx,
	    int flags, uint64_t *pap);	/* *pap 0: a hole (without TMPFS_PG_ALLOC) */
void	tmpfs_pages_truncate(struct tmpfs_mount *tm, struct tmpfs_pages *tp, uint64_t newsize);
void	tmpfs_pages_free(struct tmpfs_mount *tm, struct tmpfs_pages *tp);

#endif
