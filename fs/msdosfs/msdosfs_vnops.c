/*
 * The FAT file system's operations (fs/msdosfs/msdosfs.h): names, data,
 * attributes.  Each takes the mount lock, checks what it is asked, and
 * keeps the write order of msdosfs_var.h: clusters on disk before they are
 * linked, entries removed before what they pointed at is freed.
 */
#include <string.h>

#include <sanpo/endian.h>
#include <sanpo/utf.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

#define FAT_MAX_FILESIZE	0xffffffffu

/* --- helpers ----------------------------------------------------------------- */

/* A stable number for a file (where its entry is) or a directory (its first cluster). */
static uint64_t
fileid(const struct msdosfsmount *pmp, int isdir, uint32_t clust, uint32_t off)
{
	uint64_t rootents = (uint64_t)pmp->pm_rootsize * pmp->pm_secsize / DIRENT_SIZE;

	if (isdir && (clust == 0 || (pmp->pm_fattype == 32 && clust == pmp->pm_rootclust)))
		return (1);
	if (!isdir && clust == 0)
		return (2 + off / DIRENT_SIZE);
	return (2 + rootents + (uint64_t)clust * (pmp->pm_bpcluster / DIRENT_SIZE) +
	    (isdir ? 0 : off / DIRENT_SIZE));
}

static uint64_t
de_fileid(const struct denode *dep)
{
	return (fileid(dep->de_pmp, de_isdir(dep), de_isdir(dep) ? dep->de_start :
	    dep->de_dirclust, dep->de_diroffset));
}

static int
writable(const struct msdosfsmount *pmp)
{
	if (rdonly(pmp))
		return (EROFS);
	if (pmp->pm_flags & MSDOSFS_ERROR)
		return (EIO);
	return (0);
}

static int
is_dotname(const char *name, size_t len, int dots)
{
	return (len == (size_t)dots && name[0] == '.' && (dots == 1 || name[1] == '.'));
}

/* The denode an entry found by dir_lookup names (a reference). */
static int
de_from_slot(struct msdosfsmount *pmp, const struct dirslot *ds, struct denode **dpp)
{
	if (ds->ds_ent[DE_ATTR] & ATTR_DIRECTORY) {
		uint32_t cn = de_entry_start(ds->ds_ent, pmp);

		if (cn == 0)
			return (EIO);	/* a directory without clusters: the check flagged it */
		return (deget_dir(pmp, cn, dpp));
	}
	return (deget(pmp, ds->ds_clust, ds->ds_clustoff, ds->ds_ent, dpp));
}

/* A directory's parent's first cluster, from its ".." entry (0: the root). */
static int
dir_parent(struct denode *dir, uint32_t *parent)
{
	struct diriter it;
	uint8_t *ep;
	int error;

	if (dir->de_flags & DE_ROOT) {
		*parent = 0;
		return (0);
	}
	diriter_init(&it, dir, DIRENT_SIZE);
	if ((error = diriter_get(&it, &ep)) == 0) {
		if (memcmp(ep, "..         ", 11) == 0)
			*parent = de_entry_start(ep, dir->de_pmp);
		else
			error = EIO;
	}
	diriter_done(&it);
	return (error);
}

/* A short entry for a new file or directory, named `sn`, times now. */
static void
new_entry(uint8_t *ep, const uint8_t sn[11], uint8_t attr, uint32_t start, int fat32)
{
	uint16_t date, time;
	uint8_t tenth;

	memset(ep, 0, DIRENT_SIZE);
	memcpy(ep + DE_NAME, sn, 11);
	ep[DE_ATTR] = attr;
	dos_time_now(&date, &time, &tenth);
	ep[DE_CTIME_TENTH] = tenth;
	le16enc(ep + DE_CTIME, time);
	le16enc(ep + DE_CDATE, date);
	le16enc(ep + DE_ADATE, date);
	le16enc(ep + DE_MTIME, time);
	le16enc(ep + DE_MDATE, date);
	le16enc(ep + DE_CLUS_HI, fat32 ? (uint16_t)(start >> 16) : 0);
	le16enc(ep + DE_CLUS_LO, (uint16_t)start);
}

/*
 * The short name for a new entry called u[0..n) in dir; *nlfn is 0 when
 * the name is itself a short name (no long-name entries are needed).
 */
static int
pick_shortname(struct denode *dir, const uint16_t *u, int n, uint8_t sn[11], int *needlfn)
{
	if (name_is_short(u, n, sn)) {
		*needlfn = 0;
		return (0);
	}
	*needlfn = 1;
	return (dir_shortname_unique(dir, u, n, sn));
}

/* --- the root, references, lookup ------------------------------------------- */

int
msdosfs_root(struct msdosfsmount *pmp, struct denode **dpp)
{
	msdosfs_lock(pmp);
	pmp->pm_root->de_refcnt++;
	*dpp = pmp->pm_root;
	msdosfs_unlock(pmp);
	return (0);
}

void
msdosfs_vref(struct denode *dep)
{
	msdosfs_lock(dep->de_pmp);
	dep->de_refcnt++;
	msdosfs_unlock(dep->de_pmp);
}

void
msdosfs_vrele(struct denode *dep)
{
	struct msdosfsmount *pmp = dep->de_pmp;

	msdosfs_lock(pmp);
	de_put(dep);
	msdosfs_unlock(pmp);
}

int
msdosfs_lookup(struct denode *dir, const char *name, size_t namelen, struct denode **dpp)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	struct dirslot ds;
	uint32_t parent;
	int error;

	msdosfs_lock(pmp);
	if (!de_isdir(dir))
		error = ENOTDIR;
	else if (namelen == 0)
		error = ENOENT;
	else if (is_dotname(name, namelen, 1)) {
		dir->de_refcnt++;
		*dpp = dir;
		error = 0;
	} else if (is_dotname(name, namelen, 2)) {
		if ((error = dir_parent(dir, &parent)) == 0)
			error = deget_dir(pmp, parent, dpp);
	} else if ((error = dir_lookup(dir, name, namelen, &ds)) == 0)
		error = de_from_slot(pmp, &ds, dpp);
	msdosfs_unlock(pmp);
	return (error);
}

/* --- creating and removing --------------------------------------------------- */

/* Checks common to every operation that adds `name` to dir; fills u[0..*n). */
static int
add_checks(struct denode *dir, const char *name, size_t len, uint16_t *u, int *n)
{
	struct dirslot ds;
	int error;

	if (!de_isdir(dir))
		return (ENOTDIR);
	if ((error = writable(dir->de_pmp)) != 0)
		return (error);
	if ((error = name_check(name, len, u, n)) != 0)
		return (error);
	error = dir_lookup(dir, name, len, &ds);
	return (error == 0 ? EEXIST : error == ENOENT ? 0 : error);
}

int
msdosfs_create(struct denode *dir, const char *name, size_t namelen, struct denode **dpp)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	uint16_t u[MSDOSFS_NAME_MAX];
	uint8_t sn[11], ent[DIRENT_SIZE];
	struct dirslot ds;
	int n, lfn, error;

	msdosfs_lock(pmp);
	if ((error = add_checks(dir, name, namelen, u, &n)) == 0 &&
	    (error = pick_shortname(dir, u, n, sn, &lfn)) == 0) {
		new_entry(ent, sn, ATTR_ARCHIVE, 0, pmp->pm_fattype == 32);
		if ((error = dir_add(dir, u, lfn ? n : 0, ent, &ds)) == 0)
			error = deget(pmp, ds.ds_clust, ds.ds_clustoff, ds.ds_ent, dpp);
	}
	msdosfs_unlock(pmp);
	return (error);
}

int
msdosfs_mkdir(struct denode *dir, const char *name, size_t namelen, struct denode **dpp)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	uint16_t u[MSDOSFS_NAME_MAX];
	uint8_t sn[11], ent[DIRENT_SIZE];
	struct dirslot ds;
	uint32_t cn;
	int n, lfn, error;

	msdosfs_lock(pmp);
	if ((error = add_checks(dir, name, namelen, u, &n)) != 0 ||
	    (error = pick_shortname(dir, u, n, sn, &lfn)) != 0)
		goto out;
	/* The new directory's cluster, "." and ".." in it, all on disk before its entry. */
	if ((error = chain_alloc(pmp, 1, pmp->pm_nxtfree, &cn, &cn)) != 0 ||
	    (error = fat_flush(pmp)) != 0)
		goto out;
	new_entry(ent, sn, ATTR_DIRECTORY, cn, pmp->pm_fattype == 32);
	error = dir_init_cluster(pmp, cn, (dir->de_flags & DE_ROOT) ? 0 : dir->de_start, ent);
	if (error == 0)
		error = dir_add(dir, u, lfn ? n : 0, ent, &ds);
	if (error != 0) {
		if (chain_free(pmp, cn) == 0)
			fat_flush(pmp);
		goto out;
	}
	error = deget_dir(pmp, cn, dpp);
out:
	msdosfs_unlock(pmp);
	return (error);
}

/* Removes the entry ds names and lets its denode free the clusters when unused. */
static int
unlink_slot(struct denode *dir, const struct dirslot *ds, struct denode *dep)
{
	int error;

	if ((error = dir_remove_slots(dir, ds)) != 0)
		return (error);
	dep->de_flags |= DE_DELETED;
	dep->de_flags &= ~DE_MODIFIED;
	de_unhash(dep);
	return (0);
}

static int
remove_common(struct denode *dir, const char *name, size_t len, int wantdir)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	struct denode *dep;
	struct dirslot ds;
	int error;

	if (!de_isdir(dir))
		return (ENOTDIR);
	if ((error = writable(pmp)) != 0)
		return (error);
	if (is_dotname(name, len, 1))
		return (EINVAL);
	if (is_dotname(name, len, 2))
		return (ENOTEMPTY);
	if ((error = dir_lookup(dir, name, len, &ds)) != 0)
		return (error);
	if (!!(ds.ds_ent[DE_ATTR] & ATTR_DIRECTORY) != wantdir)
		return (wantdir ? ENOTDIR : EISDIR);
	if ((error = de_from_slot(pmp, &ds, &dep)) != 0)
		return (error);
	if (wantdir && (error = dir_is_empty(dep)) != 0) {
		de_put(dep);
		return (error);
	}
	error = unlink_slot(dir, &ds, dep);
	de_put(dep);
	return (error);
}

int
msdosfs_remove(struct denode *dir, const char *name, size_t namelen)
{
	int error;

	msdosfs_lock(dir->de_pmp);
	error = remove_common(dir, name, namelen, 0);
	msdosfs_unlock(dir->de_pmp);
	return (error);
}

int
msdosfs_rmdir(struct denode *dir, const char *name, size_t namelen)
{
	int error;

	msdosfs_lock(dir->de_pmp);
	error = remove_common(dir, name, namelen, 1);
	msdosfs_unlock(dir->de_pmp);
	return (error);
}

/* --- rename -------------------------------------------------------------------- */

/* Is directory `dir` (first cluster) tdir or one of tdir's ancestors? */
static int
is_ancestor(struct denode *tdir, uint32_t dir)
{
	struct msdosfsmount *pmp = tdir->de_pmp;
	struct denode *d = tdir, *p;
	uint32_t parent, steps;
	int error = 0, found = 0;

	d->de_refcnt++;
	for (steps = 0; steps <= pmp->pm_maxcluster; steps++) {
		if (!(d->de_flags & DE_ROOT) && d->de_start == dir) {
			found = 1;
			break;
		}
		if ((d->de_flags & DE_ROOT) || (error = dir_parent(d, &parent)) != 0 ||
		    (error = deget_dir(pmp, parent, &p)) != 0)
			break;
		de_put(d);
		d = p;
	}
	de_put(d);
	return (error != 0 ? error : found ? EINVAL : 0);
}

/* A moved directory's ".." names its new parent. */
static int
set_dotdot(struct denode *dd, struct denode *newparent)
{
	uint32_t parent = (newparent->de_flags & DE_ROOT) ? 0 : newparent->de_start;
	struct diriter it;
	uint8_t *ep;
	int error;

	diriter_init(&it, dd, DIRENT_SIZE);
	if ((error = diriter_get(&it, &ep)) != 0) {
		diriter_done(&it);
		return (error);
	}
	if (memcmp(ep, "..         ", 11) != 0) {
		diriter_done(&it);
		return (EIO);
	}
	le16enc(ep + DE_CLUS_HI, dd->de_pmp->pm_fattype == 32 ? (uint16_t)(parent >> 16) : 0);
	le16enc(ep + DE_CLUS_LO, (uint16_t)parent);
	return (diriter_write(&it));
}

/*
 * What rename needs before it changes anything: the source, the target
 * (if any) and whether it may be replaced, the new short name.
 */
struct rename_plan {
	struct dirslot	 from, to;
	int		 have_to;	/* a target exists (and is not the source) */
	int		 isdir;
	struct denode	*src, *dst;	/* references */
	uint16_t	 u[MSDOSFS_NAME_MAX];
	int		 n, lfn;
	uint8_t		 sn[11];
};

static int
rename_plan(struct denode *fdir, const char *fname, size_t flen, struct denode *tdir,
    const char *tname, size_t tlen, struct rename_plan *rp)
{
	struct msdosfsmount *pmp = fdir->de_pmp;
	int error, same;

	if (!de_isdir(fdir) || !de_isdir(tdir))
		return (ENOTDIR);
	if ((error = writable(pmp)) != 0)
		return (error);
	if (is_dotname(fname, flen, 1) || is_dotname(fname, flen, 2))
		return (EINVAL);
	if ((error = name_check(tname, tlen, rp->u, &rp->n)) != 0)
		return (error);
	if ((error = dir_lookup(fdir, fname, flen, &rp->from)) != 0)
		return (error);
	rp->isdir = (rp->from.ds_ent[DE_ATTR] & ATTR_DIRECTORY) != 0;
	error = dir_lookup(tdir, tname, tlen, &rp->to);
	if (error != 0 && error != ENOENT)
		return (error);
	same = error == 0 && fdir == tdir && rp->to.ds_off == rp->from.ds_off;
	rp->have_to = error == 0 && !same;
	if (rp->have_to) {
		if (rp->isdir && !(rp->to.ds_ent[DE_ATTR] & ATTR_DIRECTORY))
			return (ENOTDIR);
		if (!rp->isdir && (rp->to.ds_ent[DE_ATTR] & ATTR_DIRECTORY))
			return (EISDIR);
	}
	if (rp->isdir && fdir != tdir &&
	    (error = is_ancestor(tdir, de_entry_start(rp->from.ds_ent, pmp))) != 0)
		return (error);
	if ((error = de_from_slot(pmp, &rp->from, &rp->src)) != 0)
		return (error);
	if (rp->have_to) {
		if ((error = de_from_slot(pmp, &rp->to, &rp->dst)) != 0)
			return (error);
		if (rp->isdir && (error = dir_is_empty(rp->dst)) != 0)
			return (error);
	}
	return (pick_shortname(tdir, rp->u, rp->n, rp->sn, &rp->lfn));
}

/*
 * The order keeps every crash point safe: never two entries for one
 * chain (a cross-link), at worst the renamed file lost.
 *  - Renaming within a directory to a name needing no more slots: the new
 *    entry is written over the old one's slots, one block write when they
 *    share a block (atomic).
 *  - Replacing a target: the source's entry goes first, then the new entry
 *    is written over the target's slots (a crash between keeps the old
 *    target); the target's clusters go when its last user does.
 *  - Otherwise the source's entry goes, then the new one is added.
 * A directory moving to another parent has its ".." changed in between,
 * while nothing names it.
 */
static int
rename_do(struct denode *fdir, struct denode *tdir, struct rename_plan *rp)
{
	struct msdosfsmount *pmp = fdir->de_pmp;
	int n = rp->lfn ? rp->n : 0, error;
	uint8_t ent[DIRENT_SIZE];
	struct dirslot ds;

	memcpy(ent, rp->from.ds_ent, DIRENT_SIZE);
	if (!rp->isdir)
		de_fill_entry(rp->src, ent);	/* the size and times it has now */
	memcpy(ent + DE_NAME, rp->sn, 11);
	if (!rp->have_to && fdir == tdir)
		error = dir_rewrite_slots(tdir, &rp->from, rp->u, n, ent, &ds);
	else
		error = ENOSPC;
	if (error == ENOSPC) {
		if ((error = dir_remove_slots(fdir, &rp->from)) != 0)
			return (error);
		/* A moved directory names its new parent before anything names it. */
		if (rp->isdir && fdir != tdir && (error = set_dotdot(rp->src, tdir)) != 0)
			return (error);
		if (rp->have_to) {
			error = dir_rewrite_slots(tdir, &rp->to, rp->u, n, ent, &ds);
			if (error == ENOSPC && (error = dir_remove_slots(tdir, &rp->to)) == 0)
				error = dir_add(tdir, rp->u, n, ent, &ds);
			rp->dst->de_flags |= DE_DELETED;
			rp->dst->de_flags &= ~DE_MODIFIED;
			de_unhash(rp->dst);
		} else
			error = dir_add(tdir, rp->u, n, ent, &ds);
		if (error != 0) {
			fs_log("%s: rename lost an entry (error %d): its clusters are lost\n",
			    pmp->pm_dev->bd_name, error);
			return (error);
		}
	} else if (error != 0)
		return (error);
	if (!rp->isdir) {
		rp->src->de_flags &= ~DE_MODIFIED;
		de_rekey(rp->src, ds.ds_clust, ds.ds_clustoff);
	}
	return (0);
}

int
msdosfs_rename(struct denode *fdir, const char *fname, size_t flen, struct denode *tdir,
    const char *tname, size_t tlen)
{
	struct msdosfsmount *pmp = fdir->de_pmp;
	struct rename_plan *rp;
	int error;

	if ((rp = fs_malloc(sizeof(*rp))) == NULL)
		return (ENOMEM);
	msdosfs_lock(pmp);
	error = rename_plan(fdir, fname, flen, tdir, tname, tlen, rp);
	if (error == 0)
		error = rename_do(fdir, tdir, rp);
	if (rp->dst != NULL)
		de_put(rp->dst);
	if (rp->src != NULL)
		de_put(rp->src);
	msdosfs_unlock(pmp);
	fs_free(rp);
	return (error);
}

/* --- data ------------------------------------------------------------------------ */

/* Up to `max` clusters after cn in its chain, for read-ahead (no errors: it is a hint). */
static int
readahead_list(struct denode *dep, uint32_t cn, diskaddr_t *ra, int *rasz, int max)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t next;
	int n = 0;

	while (n < max && fat_get(pmp, cn, &next) == 0 && !fat_eoc(pmp, next) &&
	    clust_valid(pmp, next)) {
		cn = next;
		ra[n] = de_bn(pmp, cntosec(pmp, cn));
		rasz[n++] = (int)pmp->pm_bpcluster;
	}
	return (n);
}

#define READAHEAD	8	/* clusters read ahead of a sequential reader */

int
msdosfs_read(struct denode *dep, uint64_t off, size_t len, msdosfs_copy_t *copy, void *arg,
    size_t *done)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t bpc = pmp->pm_bpcluster, findex, boff, cn;
	diskaddr_t ra[READAHEAD];
	int rasz[READAHEAD], nra, error = 0;
	struct buf *bp;
	size_t n;

	*done = 0;
	msdosfs_lock(pmp);
	if (de_isdir(dep)) {
		msdosfs_unlock(pmp);
		return (EISDIR);
	}
	/*
	 * The whole chain, once: a loop, a link out of the volume or into a
	 * free cluster, or a size the chain cannot hold is EIO for every read
	 * (the mount found the volume damaged and made it read-only).
	 */
	if (off < dep->de_size && ((error = de_chain(dep)) != 0 ||
	    (uint64_t)dep->de_nclust * pmp->pm_bpcluster < dep->de_size)) {
		msdosfs_unlock(pmp);
		return (EIO);
	}
	if (off < dep->de_size && len > dep->de_size - off)
		len = (size_t)(dep->de_size - off);
	while (off < dep->de_size && len > 0) {
		findex = (uint32_t)(off / bpc);
		boff = (uint32_t)(off % bpc);
		n = bpc - boff < len ? bpc - boff : len;
		if ((error = pcbmap(dep, findex, &cn)) != 0) {
			error = EIO;	/* the size says there is more chain than there is */
			break;
		}
		nra = findex == dep->de_lastread + 1 || findex == 0 ?
		    readahead_list(dep, cn, ra, rasz, READAHEAD) : 0;
		if ((error = breadn(pmp->pm_dev, de_bn(pmp, cntosec(pmp, cn)), (int)bpc, ra, rasz,
		    nra, &bp)) != 0)
			break;
		error = copy(arg, (uint8_t *)bp->b_data + boff, n, *done);
		brelse(bp);
		if (error != 0)
			break;
		dep->de_lastread = findex;
		off += n;
		len -= n;
		*done += n;
	}
	msdosfs_unlock(pmp);
	return (*done > 0 ? 0 : error);
}

/*
 * Fills [off, off + len) of dep's clusters (which exist) from `copy`, or
 * with zeros when copy is NULL.  Clusters wholly past `valid` (the old
 * size) hold nothing worth reading: they are zeroed, not read.
 */
static int
de_fill(struct denode *dep, uint64_t off, size_t len, uint64_t valid, msdosfs_copy_t *copy,
    void *arg, size_t *done)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t bpc = pmp->pm_bpcluster, findex, boff, cn;
	struct buf *bp;
	diskaddr_t bn;
	size_t n;
	int error;

	while (len > 0) {
		findex = (uint32_t)(off / bpc);
		boff = (uint32_t)(off % bpc);
		n = bpc - boff < len ? bpc - boff : len;
		if ((error = pcbmap(dep, findex, &cn)) != 0)
			return (error == ENOENT ? EIO : error);
		bn = de_bn(pmp, cntosec(pmp, cn));
		if ((uint64_t)findex * bpc >= valid || (boff == 0 && n == bpc)) {
			/* Nothing to keep: no read.  clrbuf so a short copy leaves zeros. */
			if ((bp = getblk(pmp->pm_dev, bn, (int)bpc, 0)) == NULL)
				return (ENOMEM);
			if (!(bp->b_flags & B_CACHE) || (uint64_t)findex * bpc >= valid)
				clrbuf(bp);
		} else if ((error = bread(pmp->pm_dev, bn, (int)bpc, &bp)) != 0)
			return (error);
		if (copy == NULL)
			memset((uint8_t *)bp->b_data + boff, 0, n);
		else if ((error = copy(arg, (uint8_t *)bp->b_data + boff, n, *done)) != 0) {
			bdwrite(bp);	/* what the copy got in is as good as a short write */
			return (error);
		}
		bdwrite(bp);
		off += n;
		len -= n;
		if (copy != NULL)
			*done += n;
	}
	return (0);
}

/* Grows dep to hold `end` bytes: clusters allocated and linked, the gap zeroed. */
static int
de_grow(struct denode *dep, uint64_t end)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint64_t old = dep->de_size;
	size_t none = 0;
	int error;

	if ((error = de_extend(dep, (uint32_t)((end + pmp->pm_bpcluster - 1) /
	    pmp->pm_bpcluster))) != 0)
		return (error);
	if (end > old && (error = de_fill(dep, old, (size_t)(end - old), old, NULL, NULL,
	    &none)) != 0)
		return (error);
	return (0);
}

static void
de_touch(struct denode *dep)
{
	dos_time_now(&dep->de_mdate, &dep->de_mtime, NULL);
	dep->de_adate = dep->de_mdate;
	dep->de_attr |= ATTR_ARCHIVE;
	dep->de_flags |= DE_MODIFIED;
}

int
msdosfs_write(struct denode *dep, uint64_t off, size_t len, msdosfs_copy_t *copy, void *arg,
    size_t *done)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint64_t old;
	int error;

	*done = 0;
	msdosfs_lock(pmp);
	if (de_isdir(dep))
		error = EISDIR;
	else if ((error = writable(pmp)) != 0 || (error = de_chain(dep)) != 0)
		;
	else if (len == 0)
		error = 0;
	else if (off >= FAT_MAX_FILESIZE)
		error = EFBIG;
	else {
		if (len > FAT_MAX_FILESIZE - off)
			len = (size_t)(FAT_MAX_FILESIZE - off);
		old = dep->de_size;
		/* The clusters first (and zeros in a gap before off), then the data. */
		if (off > old && (error = de_grow(dep, off)) == 0)
			dep->de_size = (uint32_t)off;
		if (error == 0)
			error = de_extend(dep, (uint32_t)((off + len + pmp->pm_bpcluster - 1) /
			    pmp->pm_bpcluster));
		if (error == 0)
			error = de_fill(dep, off, len, dep->de_size, copy, arg, done);
		if (*done > 0 && off + *done > dep->de_size)
			dep->de_size = (uint32_t)(off + *done);
		if (dep->de_size != old || *done > 0) {
			de_touch(dep);
			deupdat(dep, 0);
		}
	}
	msdosfs_unlock(pmp);
	return (*done > 0 ? 0 : error);
}

int
msdosfs_truncate(struct denode *dep, uint64_t size)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t bpc = pmp->pm_bpcluster;
	int error;

	msdosfs_lock(pmp);
	if (de_isdir(dep))
		error = EISDIR;
	else if ((error = writable(pmp)) != 0 || (error = de_chain(dep)) != 0)
		;
	else if (size > FAT_MAX_FILESIZE)
		error = EFBIG;
	else if (size < dep->de_size) {
		/* The smaller size on disk first, then the clusters go. */
		dep->de_size = (uint32_t)size;
		de_touch(dep);
		if ((error = deupdat(dep, 1)) == 0)
			error = de_shrink(dep, (uint32_t)((size + bpc - 1) / bpc));
	} else if (size > dep->de_size) {
		if ((error = de_grow(dep, size)) == 0) {
			dep->de_size = (uint32_t)size;
			de_touch(dep);
			error = deupdat(dep, 0);
		}
	}
	msdosfs_unlock(pmp);
	return (error);
}

int
msdosfs_fsync(struct denode *dep)
{
	return (msdosfs_sync(dep->de_pmp));
}

/* --- attributes -------------------------------------------------------------------- */

int
msdosfs_getattr(struct denode *dep, struct msdosfs_attr *va)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint64_t alloc;

	msdosfs_lock(pmp);
	memset(va, 0, sizeof(*va));
	va->va_fileid = de_fileid(dep);
	va->va_isdir = de_isdir(dep);
	va->va_attr = dep->de_attr;
	va->va_readonly = (dep->de_attr & ATTR_READONLY) != 0;
	va->va_blksize = pmp->pm_bpcluster;
	if ((dep->de_flags & DE_ROOT) && pmp->pm_fattype != 32)
		alloc = (uint64_t)pmp->pm_rootsize * pmp->pm_secsize;
	else
		alloc = de_chain(dep) == 0 ? (uint64_t)dep->de_nclust * pmp->pm_bpcluster : 0;
	va->va_bytes = alloc;
	va->va_size = de_isdir(dep) ? alloc : dep->de_size;
	va->va_mtime = dos_to_unix(dep->de_mdate, dep->de_mtime);
	va->va_ctime = dos_to_unix(dep->de_cdate, dep->de_ctime) + dep->de_ctenth / 100;
	va->va_ctime_nsec = (uint32_t)(dep->de_ctenth % 100) * 10000000;
	va->va_atime = dos_to_unix(dep->de_adate, 0);
	msdosfs_unlock(pmp);
	return (0);
}

int
msdosfs_settimes(struct denode *dep, int64_t mtime, int64_t atime)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint16_t t;
	int error;

	msdosfs_lock(pmp);
	if ((error = writable(pmp)) == 0 && !de_isdir(dep)) {
		if (mtime >= 0)
			unix_to_dos(mtime, &dep->de_mdate, &dep->de_mtime);
		if (atime >= 0)
			unix_to_dos(atime, &dep->de_adate, &t);
		dep->de_flags |= DE_MODIFIED;
		error = deupdat(dep, 0);
	}
	msdosfs_unlock(pmp);
	return (error);
}

int
msdosfs_setreadonly(struct denode *dep, int ro)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	int error;

	msdosfs_lock(pmp);
	if ((error = writable(pmp)) == 0 && !de_isdir(dep)) {
		dep->de_attr = (uint8_t)(ro ? dep->de_attr | ATTR_READONLY :
		    dep->de_attr & ~ATTR_READONLY);
		dep->de_flags |= DE_MODIFIED;
		error = deupdat(dep, 0);
	}
	msdosfs_unlock(pmp);
	return (error);
}

/* --- listing ------------------------------------------------------------------------- */

/* Gives one short entry (and its long name, if complete) to cb; 1 when cb stops. */
static int
readdir_entry(struct diriter *it, const uint8_t *ep, const struct lfnbuf *lfn,
    msdosfs_dirent_t *cb, void *arg)
{
	struct msdosfsmount *pmp = it->dir->de_pmp;
	char name[MSDOSFS_NAME_MAX * 3 + 1];
	int len, isdir = (ep[DE_ATTR] & ATTR_DIRECTORY) != 0;
	uint64_t id;

	if (lfn_complete(lfn, ep))
		len = utf16_to_utf8(lfn->u, (size_t)lfn->n, name, sizeof(name));
	else
		len = shortname_to_utf8(ep, ep[DE_NTRES], name, sizeof(name));
	if (len <= 0)
		return (0);
	id = isdir ? fileid(pmp, 1, de_entry_start(ep, pmp), 0) :
	    fileid(pmp, 0, it->blkclust, it->blkbase + (it->off - it->blkoff));
	return (cb(arg, name, (size_t)len, id, isdir, it->off + DIRENT_SIZE) != 0);
}

void *
msdosfs_private(const struct denode *dep)
{
	return (dep->de_private);
}

void
msdosfs_set_private(struct denode *dep, void *p)
{
	dep->de_private = p;
}

int
msdosfs_readdir(struct denode *dir, uint64_t *cookie, msdosfs_dirent_t *cb, void *arg)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	struct lfnbuf lfn;
	struct diriter it;
	uint8_t *ep;
	int error;

	msdosfs_lock(pmp);
	if (!de_isdir(dir)) {
		msdosfs_unlock(pmp);
		return (ENOTDIR);
	}
	lfn_reset(&lfn);
	if (*cookie % DIRENT_SIZE != 0 || *cookie > UINT32_MAX)
		*cookie = UINT32_MAX / DIRENT_SIZE * DIRENT_SIZE;	/* nothing there */
	diriter_init(&it, dir, (uint32_t)*cookie);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if (ep[0] == SLOT_EMPTY) {
			error = ENOENT;
			break;
		}
		if (ep[0] == SLOT_DELETED) {
			lfn_reset(&lfn);
			continue;
		}
		if ((ep[DE_ATTR] & 0x3f) == ATTR_LFN) {
			lfn_gather(&lfn, ep, it.off);
			continue;
		}
		if (!(ep[DE_ATTR] & ATTR_VOLUME) && memcmp(ep, ".          ", 11) != 0 &&
		    memcmp(ep, "..         ", 11) != 0 && readdir_entry(&it, ep, &lfn, cb, arg)) {
			*cookie = lfn_complete(&lfn, ep) ? lfn.start : it.off;
			diriter_done(&it);
			msdosfs_unlock(pmp);
			return (0);
		}
		lfn_reset(&lfn);
		*cookie = it.off + DIRENT_SIZE;
	}
	diriter_done(&it);
	if (error == ENOENT) {
		*cookie = it.off;
		error = 0;
	}
	msdosfs_unlock(pmp);
	return (error);
}
