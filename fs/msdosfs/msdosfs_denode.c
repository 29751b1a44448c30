/*
 * Denodes: the in-memory form of a file or directory, found by where its
 * entry is (msdosfs_var.h), and writing an entry back.
 *
 * Only referenced denodes exist; the last reference writes a changed
 * entry back (delayed) and frees the denode, or, for an unlinked file,
 * frees its clusters (its entry is already gone from disk).
 */
#include <string.h>

#include <sanpo/endian.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

static uint32_t
dehash(uint32_t dirclust, uint32_t diroffset)
{
	return ((dirclust * 31u + diroffset / DIRENT_SIZE) % MSDOSFS_DEHASH);
}

static struct denode *
de_find(struct msdosfsmount *pmp, uint32_t dirclust, uint32_t diroffset)
{
	struct denode *dep;

	for (dep = pmp->pm_dehash[dehash(dirclust, diroffset)]; dep != NULL; dep = dep->de_hnext)
		if (dep->de_dirclust == dirclust && dep->de_diroffset == diroffset) {
			dep->de_refcnt++;
			return (dep);
		}
	return (NULL);
}

static void
de_hash(struct denode *dep)
{
	struct denode **head = &dep->de_pmp->pm_dehash[dehash(dep->de_dirclust,
	    dep->de_diroffset)];

	dep->de_hnext = *head;
	*head = dep;
}

void
de_unhash(struct denode *dep)
{
	struct denode **pp = &dep->de_pmp->pm_dehash[dehash(dep->de_dirclust,
	    dep->de_diroffset)];

	for (; *pp != NULL; pp = &(*pp)->de_hnext)
		if (*pp == dep) {
			*pp = dep->de_hnext;
			dep->de_hnext = NULL;
			return;
		}
}

void
de_rekey(struct denode *dep, uint32_t dirclust, uint32_t diroffset)
{
	de_unhash(dep);
	dep->de_dirclust = dirclust;
	dep->de_diroffset = diroffset;
	de_hash(dep);
}

uint32_t
de_entry_start(const uint8_t *ep, const struct msdosfsmount *pmp)
{
	uint32_t cn = le16dec(ep + DE_CLUS_LO);

	/* FAT12/16 never use the high half (OS/2 kept extended attributes there). */
	if (pmp->pm_fattype == 32)
		cn |= (uint32_t)le16dec(ep + DE_CLUS_HI) << 16;
	return (cn);
}

static void
de_load(struct denode *dep, const uint8_t *ep)
{
	memcpy(dep->de_name, ep + DE_NAME, 11);
	dep->de_attr = ep[DE_ATTR];
	dep->de_ntres = ep[DE_NTRES];
	dep->de_ctenth = ep[DE_CTIME_TENTH];
	dep->de_ctime = le16dec(ep + DE_CTIME);
	dep->de_cdate = le16dec(ep + DE_CDATE);
	dep->de_adate = le16dec(ep + DE_ADATE);
	dep->de_mtime = le16dec(ep + DE_MTIME);
	dep->de_mdate = le16dec(ep + DE_MDATE);
	dep->de_start = de_entry_start(ep, dep->de_pmp);
	dep->de_size = le32dec(ep + DE_SIZE);
}

/* The entry's fields from the denode; the name bytes are left as they are. */
void
de_fill_entry(const struct denode *dep, uint8_t *ep)
{
	ep[DE_ATTR] = dep->de_attr;
	ep[DE_NTRES] = dep->de_ntres;
	ep[DE_CTIME_TENTH] = dep->de_ctenth;
	le16enc(ep + DE_CTIME, dep->de_ctime);
	le16enc(ep + DE_CDATE, dep->de_cdate);
	le16enc(ep + DE_ADATE, dep->de_adate);
	le16enc(ep + DE_CLUS_HI, dep->de_pmp->pm_fattype == 32 ?
	    (uint16_t)(dep->de_start >> 16) : 0);
	le16enc(ep + DE_MTIME, dep->de_mtime);
	le16enc(ep + DE_MDATE, dep->de_mdate);
	le16enc(ep + DE_CLUS_LO, (uint16_t)dep->de_start);
	le32enc(ep + DE_SIZE, (dep->de_flags & DE_DIR) ? 0 : dep->de_size);
}

static struct denode *
de_alloc(struct msdosfsmount *pmp, uint32_t dirclust, uint32_t diroffset)
{
	struct denode *dep = fs_malloc(sizeof(*dep));

	if (dep == NULL)
		return (NULL);
	dep->de_pmp = pmp;
	dep->de_refcnt = 1;
	dep->de_dirclust = dirclust;
	dep->de_diroffset = diroffset;
	pmp->pm_ndenodes++;
	return (dep);
}

/* The file whose short entry (bytes `ent`) is at (dirclust, diroffset). */
int
deget(struct msdosfsmount *pmp, uint32_t dirclust, uint32_t diroffset, const uint8_t *ent,
    struct denode **dpp)
{
	struct denode *dep;

	if ((*dpp = de_find(pmp, dirclust, diroffset)) != NULL)
		return (0);
	if ((dep = de_alloc(pmp, dirclust, diroffset)) == NULL)
		return (ENOMEM);
	de_load(dep, ent);
	de_hash(dep);
	*dpp = dep;
	return (0);
}

/*
 * The directory whose first cluster is `cluster` (0: the root).  Its
 * attributes and times come from its "." entry.
 */
int
deget_dir(struct msdosfsmount *pmp, uint32_t cluster, struct denode **dpp)
{
	struct denode *dep;
	struct buf *bp;
	uint8_t *ep;
	int error;

	if (cluster == 0 || (pmp->pm_fattype == 32 && cluster == pmp->pm_rootclust)) {
		if ((*dpp = de_find(pmp, 0, DE_ROOT_OFFSET)) != NULL)
			return (0);
		if ((dep = de_alloc(pmp, 0, DE_ROOT_OFFSET)) == NULL)
			return (ENOMEM);
		dep->de_flags = DE_DIR | DE_ROOT;
		dep->de_attr = ATTR_DIRECTORY;
		memcpy(dep->de_name, "/          ", 11);
		dep->de_start = pmp->pm_fattype == 32 ? pmp->pm_rootclust : 0;
		dep->de_mdate = dep->de_cdate = dep->de_adate = 1 << DD_MONTH_SHIFT | 1;
		de_hash(dep);
		*dpp = dep;
		return (0);
	}
	if (!clust_valid(pmp, cluster))
		return (EIO);
	if ((*dpp = de_find(pmp, cluster, 0)) != NULL)
		return (0);
	error = bread(pmp->pm_dev, de_bn(pmp, cntosec(pmp, cluster)), (int)pmp->pm_bpcluster,
	    &bp);
	if (error != 0)
		return (error);
	if ((dep = de_alloc(pmp, cluster, 0)) == NULL) {
		brelse(bp);
		return (ENOMEM);
	}
	ep = bp->b_data;
	de_load(dep, ep);
	brelse(bp);
	dep->de_flags = DE_DIR;
	dep->de_attr |= ATTR_DIRECTORY;
	dep->de_start = cluster;	/* whatever "." says: this is where it is */
	dep->de_size = 0;
	de_hash(dep);
	*dpp = dep;
	return (0);
}

/* Writes a file's changed entry back: now (waitfor) or delayed. */
int
deupdat(struct denode *dep, int waitfor)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint64_t sec;
	uint32_t size, off;
	struct buf *bp;
	int error;

	if (!(dep->de_flags & DE_MODIFIED))
		return (0);
	dep->de_flags &= ~DE_MODIFIED;
	if (rdonly(pmp) || (dep->de_flags & (DE_DIR | DE_DELETED)))
		return (0);	/* directories' entries never change after creation */
	if (dep->de_dirclust == 0) {
		size = pmp->pm_secsize;
		sec = pmp->pm_rootsec + dep->de_diroffset / size;
		off = dep->de_diroffset % size;
	} else {
		size = pmp->pm_bpcluster;
		sec = cntosec(pmp, dep->de_dirclust);
		off = dep->de_diroffset;
	}
	if ((error = bread(pmp->pm_dev, de_bn(pmp, sec), (int)size, &bp)) != 0)
		return (error);
	de_fill_entry(dep, (uint8_t *)bp->b_data + off);
	if (!waitfor) {
		bdwrite(bp);
		return (0);
	}
	if ((error = bwrite(bp)) != 0)
		pmp->pm_flags |= MSDOSFS_ERROR;
	return (error);
}

int
de_flush_all(struct msdosfsmount *pmp)
{
	struct denode *dep;
	int i, error = 0, e;

	for (i = 0; i < MSDOSFS_DEHASH; i++)
		for (dep = pmp->pm_dehash[i]; dep != NULL; dep = dep->de_hnext)
			if ((e = deupdat(dep, 0)) != 0 && error == 0)
				error = e;
	return (error);
}

/* Drops a reference (mount lock held). */
void
de_put(struct denode *dep)
{
	struct msdosfsmount *pmp = dep->de_pmp;

	FS_ASSERT(dep->de_refcnt > 0, "de_put: no reference");
	if (--dep->de_refcnt > 0)
		return;
	if (dep->de_flags & DE_DELETED) {
		if (!rdonly(pmp) && !(pmp->pm_flags & MSDOSFS_ERROR) && dep->de_start != 0 &&
		    chain_free(pmp, dep->de_start) == 0)
			fat_flush(pmp);
	} else {
		deupdat(dep, 0);
		de_unhash(dep);
	}
	pmp->pm_ndenodes--;
	fs_free(dep);
}
