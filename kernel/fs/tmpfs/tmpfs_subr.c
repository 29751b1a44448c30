/*
 * tmpfs nodes and directory entries: allocation against the mount's node
 * budget, freeing, and the sorted entry lists directories keep (FreeBSD's
 * tmpfs_subr.c).  Every function here runs with the mount's vnode lock
 * held exclusive (or, for lookups, shared).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vnode.h>
#include <fs/tmpfs/tmpfs.h>

MALLOC_DEFINE(M_TMPFSNODE, "tmpfs node", "tmpfs files");
MALLOC_DEFINE(M_TMPFSDIR, "tmpfs dirent", "tmpfs directory entries");
MALLOC_DEFINE(M_TMPFSNAME, "tmpfs name", "tmpfs symbolic link targets");

#define TMPFS_DIRENT_SIZE	32	/* what one entry adds to a directory's st_size */

int
tmpfs_alloc_node(struct mount *mp, enum vtype type, mode_t mode, uid_t uid, gid_t gid,
    struct tmpfs_node **nodep)
{
	struct tmpfs_mount *tm = VFS_TO_TMPFS(mp);
	struct tmpfs_node *node;

	if (tm->tm_nodes_used >= tm->tm_nodes_max)
		return (ENOSPC);
	if ((node = malloc(sizeof(*node), M_TMPFSNODE, M_NOWAIT | M_ZERO)) == NULL)
		return (ENOSPC);
	tm->tm_nodes_used++;
	vn_init(&node->tn_vnode, type, mp, &tmpfs_vnodeop_entries, node);
	node->tn_type = type;
	node->tn_id = tm->tm_nextid++;
	node->tn_mode = mode & ALLPERMS;
	node->tn_uid = uid;
	node->tn_gid = gid;
	vfs_timestamp(&node->tn_birthtime);
	node->tn_atime = node->tn_mtime = node->tn_ctime = node->tn_birthtime;
	if (type == VDIR)
		node->tn_spec.tn_dir.tn_nextcookie = 2;	/* 0 is ".", 1 is ".." */
	node->tn_allnext = tm->tm_allnodes;
	if (tm->tm_allnodes != NULL)
		tm->tm_allnodes->tn_allprev = node;
	tm->tm_allnodes = node;
	*nodep = node;
	return (0);
}

void
tmpfs_free_node(struct tmpfs_mount *tm, struct tmpfs_node *node)
{
	struct tmpfs_dirent *de, *next;

	switch (node->tn_type) {
	case VREG:
		tmpfs_pages_free(tm, &node->tn_spec.tn_reg);
		break;
	case VLNK:
		free(node->tn_spec.tn_lnk.tn_link, M_TMPFSNAME);
		break;
	case VDIR:
		/* Only unmount frees a directory that still has entries. */
		for (de = node->tn_spec.tn_dir.tn_dirhead; de != NULL; de = next) {
			next = de->td_next;
			free(de, M_TMPFSDIR);
		}
		break;
	default:
		break;
	}
	if (node->tn_allprev != NULL)
		node->tn_allprev->tn_allnext = node->tn_allnext;
	else
		tm->tm_allnodes = node->tn_allnext;
	if (node->tn_allnext != NULL)
		node->tn_allnext->tn_allprev = node->tn_allprev;
	tm->tm_nodes_used--;
	free(node, M_TMPFSNODE);
}

/*
 * A node goes when it has no links, no vnode references and no removed
 * child still pointing at it with "..".  A removed directory keeps its
 * parent so that ".." from inside it works, as on Linux; freeing it may
 * let the parent go too.  Mount lock held exclusive.
 */
void
tmpfs_free_unused(struct tmpfs_mount *tm, struct tmpfs_node *node)
{
	struct tmpfs_node *parent;

	while (node != NULL && node->tn_links == 0 && node->tn_holds == 0 &&
	    __atomic_load_n(&node->tn_vnode.v_usecount, __ATOMIC_ACQUIRE) == 0) {
		parent = node->tn_type == VDIR ? node->tn_spec.tn_dir.tn_parent : NULL;
		tmpfs_free_node(tm, node);
		if (parent != NULL)
			parent->tn_holds--;
		node = parent;
	}
}

struct tmpfs_dirent *
tmpfs_dir_lookup(struct tmpfs_node *dnode, const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	for (de = dnode->tn_spec.tn_dir.tn_dirhead; de != NULL; de = de->td_next)
		if (de->td_namelen == len && memcmp(de->td_name, name, len) == 0)
			return (de);
	return (NULL);
}

/* Add an entry for node at the end of the cookie order; node's link count grows. */
int
tmpfs_dir_attach(struct tmpfs_node *dnode, const char *name, size_t len,
    struct tmpfs_node *node)
{
	struct tmpfs_dirent *de, **dep;

	if (len == 0 || len > NAME_MAX)
		return (len == 0 ? ENOENT : ENAMETOOLONG);
	if ((de = malloc(sizeof(*de) + len, M_TMPFSDIR, M_NOWAIT)) == NULL)
		return (ENOSPC);
	de->td_next = NULL;
	de->td_node = node;
	de->td_cookie = dnode->tn_spec.tn_dir.tn_nextcookie++;
	de->td_namelen = (uint16_t)len;
	memcpy(de->td_name, name, len);
	for (dep = &dnode->tn_spec.tn_dir.tn_dirhead; *dep != NULL; dep = &(*dep)->td_next)
		;
	*dep = de;
	node->tn_links++;
	dnode->tn_size += TMPFS_DIRENT_SIZE;
	vfs_timestamp(&dnode->tn_mtime);
	dnode->tn_ctime = dnode->tn_mtime;
	return (0);
}

/* Remove entry de (freed); its node loses a link. */
void
tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	struct tmpfs_dirent **dep;

	for (dep = &dnode->tn_spec.tn_dir.tn_dirhead; *dep != de; dep = &(*dep)->td_next)
		;
	*dep = de->td_next;
	de->td_node->tn_links--;
	vfs_timestamp(&de->td_node->tn_ctime);
	dnode->tn_size -= TMPFS_DIRENT_SIZE;
	vfs_timestamp(&dnode->tn_mtime);
	dnode->tn_ctime = dnode->tn_mtime;
	free(de, M_TMPFSDIR);
}

/*
 * Create a node of vap->va_type named by cnp in dvp: the owner is the
 * caller, the group the directory's when it is set-group-id (as on
 * Linux), else the caller's.  target: a symlink's text.
 */
int
tmpfs_create_file(struct vnode *dvp, struct componentname *cnp, struct vattr *vap,
    const char *target, struct vnode **vpp)
{
	struct tmpfs_node *dnode = VP_TO_TMPFS_NODE(dvp), *node;
	struct tmpfs_mount *tm = VFS_TO_TMPFS(dvp->v_mount);
	gid_t gid = cnp->cn_cred->cr_fsgid;
	mode_t mode = vap->va_mode;
	size_t tlen = 0;
	int error;

	if (dnode->tn_links == 0)
		return (ENOENT);	/* the directory was removed */
	if (tmpfs_dir_lookup(dnode, cnp->cn_nameptr, cnp->cn_namelen) != NULL)
		return (EEXIST);
	if (vap->va_type == VDIR && dnode->tn_links >= TMPFS_LINK_MAX)
		return (EMLINK);
	if (dnode->tn_mode & S_ISGID) {
		gid = dnode->tn_gid;
		if (vap->va_type == VDIR)
			mode |= S_ISGID;
	}
	if (target != NULL && (tlen = strlen(target)) >= MAXPATHLEN)
		return (ENAMETOOLONG);
	if ((error = tmpfs_alloc_node(dvp->v_mount, vap->va_type, mode,
	    cnp->cn_cred->cr_fsuid, gid, &node)) != 0)
		return (error);
	switch (vap->va_type) {
	case VDIR:
		node->tn_spec.tn_dir.tn_parent = dnode;
		node->tn_links = 1;			/* its "." */
		break;
	case VLNK:
		node->tn_spec.tn_lnk.tn_link = malloc(tlen + 1, M_TMPFSNAME, M_NOWAIT);
		if (node->tn_spec.tn_lnk.tn_link == NULL) {
			tmpfs_free_node(tm, node);
			return (ENOSPC);
		}
		memcpy(node->tn_spec.tn_lnk.tn_link, target, tlen + 1);
		node->tn_size = tlen;
		break;
	case VCHR:
	case VBLK:
		node->tn_spec.tn_rdev = vap->va_rdev;
		node->tn_vnode.v_rdev = vap->va_rdev;
		break;
	default:
		break;
	}
	if ((error = tmpfs_dir_attach(dnode, cnp->cn_nameptr, cnp->cn_namelen, node)) != 0) {
		tmpfs_free_node(tm, node);
		return (error);
	}
	if (vap->va_type == VDIR)
		dnode->tn_links++;			/* the new directory's ".." */
	vref(&node->tn_vnode);
	*vpp = &node->tn_vnode;
	return (0);
}
