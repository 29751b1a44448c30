/*
 * The file allocation table: reading and writing entries, chains of
 * clusters, allocation from the in-use bitmap, and the FAT copies.
 *
 * Entries are read from the active FAT and changed there (delayed
 * writes); fat_flush() then writes each changed block synchronously into
 * every FAT copy.  Operations call it at their ordering points (see
 * msdosfs_var.h): a new chain is flushed before it is linked, a link
 * before the entry that grows the file.
 *
 * Values are handled in FAT32's space: FAT12/16 reserved, bad and
 * end-of-chain values are widened on reading (0xFFF8 -> 0x0FFFFFF8), so
 * one set of constants serves all three.
 */
#include <string.h>

#include <sanpo/endian.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

/* Where entry cn lives: the FAT-relative sector of its block, its size, the byte in it. */
static void
fat_locate(const struct msdosfsmount *pmp, uint32_t cn, uint64_t *sec, uint32_t *size,
    uint32_t *off)
{
	uint64_t byte;

	if (pmp->pm_fattype == 12) {
		*sec = 0;
		*size = pmp->pm_fatblksize;
		*off = cn + cn / 2;
		return;
	}
	byte = (uint64_t)cn * (pmp->pm_fattype == 16 ? 2 : 4);
	*sec = byte / pmp->pm_secsize;
	*size = pmp->pm_secsize;
	*off = (uint32_t)(byte % pmp->pm_secsize);
}

/* Block `sec` of FAT copy `copy`, as a DEV_BSIZE block number. */
static diskaddr_t
fat_bn(const struct msdosfsmount *pmp, uint32_t copy, uint64_t sec)
{
	return (de_bn(pmp, pmp->pm_fatsec + (uint64_t)copy * pmp->pm_fatsize + sec));
}

static uint32_t
fat_decode(const struct msdosfsmount *pmp, const uint8_t *p, uint32_t cn)
{
	uint32_t v;

	switch (pmp->pm_fattype) {
	case 12:
		v = le16dec(p);
		return ((cn & 1) ? v >> 4 : v & 0xfff);
	case 16:
		return (le16dec(p));
	default:
		return (le32dec(p) & 0x0fffffff);
	}
}

static void
fat_encode(const struct msdosfsmount *pmp, uint8_t *p, uint32_t cn, uint32_t v)
{
	uint32_t old;

	switch (pmp->pm_fattype) {
	case 12:
		old = le16dec(p);
		v &= 0xfff;
		le16enc(p, (uint16_t)((cn & 1) ? (old & 0x000f) | v << 4 : (old & 0xf000) | v));
		break;
	case 16:
		le16enc(p, (uint16_t)v);
		break;
	default:	/* the top four bits are reserved: kept as they are */
		le32enc(p, (le32dec(p) & 0xf0000000) | (v & 0x0fffffff));
		break;
	}
}

/* FAT12/16 values in FAT32's space: reserved/bad/EOC stay recognisable. */
static uint32_t
fat_widen(const struct msdosfsmount *pmp, uint32_t v)
{
	if (v >= (CLUST_RSRVD & pmp->pm_fatmask))
		v |= CLUST_EOFE & ~pmp->pm_fatmask;
	return (v);
}

/* Reads (set == 0) or writes entry cn raw, as the FAT holds it. */
static int
fat_raw(struct msdosfsmount *pmp, uint32_t cn, int set, uint32_t *val)
{
	uint64_t sec;
	uint32_t size, off;
	struct buf *bp;
	int error, i;

	if (cn > pmp->pm_maxcluster)
		return (EIO);
	fat_locate(pmp, cn, &sec, &size, &off);
	error = bread(pmp->pm_dev, fat_bn(pmp, pmp->pm_activefat, sec), (int)size, &bp);
	if (error != 0)
		return (error);
	if (!set) {
		*val = fat_decode(pmp, (uint8_t *)bp->b_data + off, cn);
		brelse(bp);
		return (0);
	}
	fat_encode(pmp, (uint8_t *)bp->b_data + off, cn, *val);
	bdwrite(bp);
	for (i = 0; i < pmp->pm_nfatpend; i++)
		if (pmp->pm_fatpend[i] == sec)
			return (0);
	pmp->pm_fatpend[pmp->pm_nfatpend++] = sec;
	if (pmp->pm_nfatpend == MSDOSFS_FATPEND)
		return (fat_flush(pmp));
	return (0);
}

int
fat_get(struct msdosfsmount *pmp, uint32_t cn, uint32_t *val)
{
	int error = fat_raw(pmp, cn, 0, val);

	if (error == 0)
		*val = fat_widen(pmp, *val);
	return (error);
}

int
fat_set(struct msdosfsmount *pmp, uint32_t cn, uint32_t val)
{
	FS_ASSERT(!rdonly(pmp), "fat_set on a read-only mount");
	val &= pmp->pm_fatmask;
	return (fat_raw(pmp, cn, 1, &val));
}

int
fat_eoc(const struct msdosfsmount *pmp, uint32_t val)
{
	(void)pmp;
	return (val >= CLUST_EOFS);
}

/* One changed FAT block into every copy, synchronously. */
static int
fat_flush_block(struct msdosfsmount *pmp, uint64_t sec, uint32_t size)
{
	struct buf *bp, *cp;
	uint32_t k;
	int error, e;

	error = bread(pmp->pm_dev, fat_bn(pmp, pmp->pm_activefat, sec), (int)size, &bp);
	if (error != 0)
		return (error);
	for (k = 0; k < pmp->pm_nfats && (pmp->pm_flags & MSDOSFS_MIRROR); k++) {
		if (k == pmp->pm_activefat)
			continue;
		if ((cp = getblk(pmp->pm_dev, fat_bn(pmp, k, sec), (int)size, 0)) == NULL) {
			error = ENOMEM;
			continue;
		}
		memcpy(cp->b_data, bp->b_data, size);
		if ((e = bwrite(cp)) != 0 && error == 0)
			error = e;
	}
	if ((e = bwrite(bp)) != 0 && error == 0)
		error = e;
	return (error);
}

int
fat_flush(struct msdosfsmount *pmp)
{
	uint32_t size = pmp->pm_fattype == 12 ? pmp->pm_fatblksize : pmp->pm_secsize;
	int i, n = pmp->pm_nfatpend, error = 0, e;

	pmp->pm_nfatpend = 0;
	for (i = 0; i < n; i++)
		if ((e = fat_flush_block(pmp, pmp->pm_fatpend[i], size)) != 0 && error == 0)
			error = e;
	if (error != 0) {
		pmp->pm_flags |= MSDOSFS_ERROR;
		fs_log("%s: FAT write failed (error %d): no more writes to this volume\n",
		    pmp->pm_dev->bd_name, error);
	}
	return (error);
}

/* --- the in-use bitmap ----------------------------------------------------- */

int
clust_inuse(const struct msdosfsmount *pmp, uint32_t cn)
{
	return ((pmp->pm_inuse[cn / 32] >> (cn % 32)) & 1);
}

static void
clust_mark(struct msdosfsmount *pmp, uint32_t cn, int inuse)
{
	if (inuse)
		pmp->pm_inuse[cn / 32] |= 1u << (cn % 32);
	else
		pmp->pm_inuse[cn / 32] &= ~(1u << (cn % 32));
}

/*
 * Reads the whole FAT once at mount: the in-use bitmap and the free count.
 * FAT blocks are read with read-ahead; anything not free counts as in use
 * (bad and reserved clusters are never allocated).
 */
int
fat_read_all(struct msdosfsmount *pmp)
{
	uint32_t words = (pmp->pm_maxcluster + 1 + 31) / 32, cn, size, off, v;
	uint64_t sec, cursec = UINT64_MAX, s;
	diskaddr_t ra[8];
	int rasz[8], i, nra, error;
	struct buf *bp = NULL;

	if ((pmp->pm_inuse = fs_malloc((size_t)words * 4)) == NULL)
		return (ENOMEM);
	pmp->pm_freeclust = 0;
	clust_mark(pmp, 0, 1);
	clust_mark(pmp, 1, 1);
	for (cn = CLUST_FIRST; cn <= pmp->pm_maxcluster; cn++) {
		fat_locate(pmp, cn, &sec, &size, &off);
		if (sec != cursec) {
			if (bp != NULL)
				brelse(bp);
			for (nra = 0, s = sec + 1; nra < 8 && pmp->pm_fattype != 12 &&
			    s < pmp->pm_fatsize; nra++, s++) {
				ra[nra] = fat_bn(pmp, pmp->pm_activefat, s);
				rasz[nra] = (int)size;
			}
			error = breadn(pmp->pm_dev, fat_bn(pmp, pmp->pm_activefat, sec), (int)size,
			    ra, rasz, (sec % 8 == 0) ? nra : 0, &bp);
			if (error != 0)
				return (error);
			cursec = sec;
		}
		v = fat_decode(pmp, (uint8_t *)bp->b_data + off, cn);
		clust_mark(pmp, cn, v != CLUST_FREE);
		if (v == CLUST_FREE)
			pmp->pm_freeclust++;
	}
	if (bp != NULL)
		brelse(bp);
	(void)i;
	return (0);
}

/* --- chains ---------------------------------------------------------------- */

/*
 * A new chain of `count` free clusters, looked for from `hint` on (so a
 * growing file tends to stay contiguous), each linked to the next, the last
 * marked end-of-chain.  Nothing points at it yet: the caller flushes it
 * before linking it anywhere.
 */
int
chain_alloc(struct msdosfsmount *pmp, uint32_t count, uint32_t hint, uint32_t *first,
    uint32_t *last)
{
	uint32_t cn, prev = 0, found = 0, scanned = 0, span;
	int error;

	if (count == 0 || count > pmp->pm_freeclust)
		return (ENOSPC);
	span = pmp->pm_maxcluster - CLUST_FIRST + 1;
	cn = clust_valid(pmp, hint) ? hint : pmp->pm_nxtfree;
	if (!clust_valid(pmp, cn))
		cn = CLUST_FIRST;
	for (; found < count && scanned < span; scanned++, cn++) {
		if (cn > pmp->pm_maxcluster)
			cn = CLUST_FIRST;
		if (clust_inuse(pmp, cn))
			continue;
		clust_mark(pmp, cn, 1);
		pmp->pm_freeclust--;
		if (prev == 0)
			*first = cn;
		else if ((error = fat_set(pmp, prev, cn)) != 0)
			return (error);
		prev = cn;
		found++;
	}
	FS_ASSERT(found == count, "chain_alloc: the free count was wrong");
	*last = prev;
	pmp->pm_nxtfree = prev + 1 <= pmp->pm_maxcluster ? prev + 1 : CLUST_FIRST;
	return (fat_set(pmp, prev, CLUST_EOFE));
}

/*
 * Frees the chain from `start`.  The caller has made sure nothing on disk
 * points at it any more.  Stops at anything that is not a sound link (it
 * frees only what it can follow).
 */
int
chain_free(struct msdosfsmount *pmp, uint32_t start)
{
	uint32_t cn = start, next, steps;
	int error;

	for (steps = 0; clust_valid(pmp, cn) && clust_inuse(pmp, cn) &&
	    steps <= pmp->pm_maxcluster; steps++) {
		if ((error = fat_get(pmp, cn, &next)) != 0)
			return (error);
		if ((error = fat_set(pmp, cn, CLUST_FREE)) != 0)
			return (error);
		clust_mark(pmp, cn, 0);
		pmp->pm_freeclust++;
		if (fat_eoc(pmp, next))
			break;
		cn = next;
	}
	return (0);
}

/*
 * Lost cluster cn (in use in the FAT, reached by no chain and not marked
 * bad, as the mount walk found) back to free.  The caller flushes.
 */
int
clust_reclaim(struct msdosfsmount *pmp, uint32_t cn)
{
	int error;

	if ((error = fat_set(pmp, cn, CLUST_FREE)) != 0)
		return (error);
	clust_mark(pmp, cn, 0);
	pmp->pm_freeclust++;
	return (0);
}

/* A link read from the FAT: 1 when it continues the chain soundly. */
static int
link_ok(const struct msdosfsmount *pmp, uint32_t next)
{
	return (clust_valid(pmp, next) && clust_inuse(pmp, next));
}

/*
 * Walks the whole chain from start: EIO unless every link is a valid,
 * in-use cluster and it ends with an end-of-chain mark within as many
 * steps as the volume has clusters.
 */
int
chain_walk(struct msdosfsmount *pmp, uint32_t start, uint32_t *len, uint32_t *last)
{
	uint32_t cn = start, next, n = 0;
	int error;

	if (!link_ok(pmp, cn))
		return (EIO);
	for (;;) {
		if (++n > pmp->pm_maxcluster)
			return (EIO);		/* a loop */
		if ((error = fat_get(pmp, cn, &next)) != 0)
			return (error);
		if (fat_eoc(pmp, next))
			break;
		if (!link_ok(pmp, next))
			return (EIO);
		cn = next;
	}
	*len = n;
	*last = cn;
	return (0);
}

/*
 * The disk cluster holding file cluster `findex`: 0, ENOENT past the end of
 * the chain, EIO where the chain is broken.  Sequential use costs one FAT
 * lookup per cluster: the last mapping is remembered.
 */
int
pcbmap(struct denode *dep, uint32_t findex, uint32_t *cnp)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t i = 0, cn = dep->de_start, next;
	int error;

	if (dep->de_start == 0)
		return (ENOENT);
	if (dep->de_fc_clust != 0 && dep->de_fc_index <= findex) {
		i = dep->de_fc_index;
		cn = dep->de_fc_clust;
	}
	if (!link_ok(pmp, cn))
		return (EIO);
	while (i < findex) {
		if ((error = fat_get(pmp, cn, &next)) != 0)
			return (error);
		if (fat_eoc(pmp, next))
			return (ENOENT);
		if (!link_ok(pmp, next))
			return (EIO);
		cn = next;
		i++;
	}
	dep->de_fc_index = findex;
	dep->de_fc_clust = cn;
	*cnp = cn;
	return (0);
}

/* Walks dep's chain once, so writes know it is sound and where it ends. */
int
de_chain(struct denode *dep)
{
	int error;

	if (dep->de_flags & DE_CHAINOK)
		return (0);
	if (dep->de_start == 0) {
		dep->de_nclust = 0;
		dep->de_lastclust = 0;
	} else if ((error = chain_walk(dep->de_pmp, dep->de_start, &dep->de_nclust,
	    &dep->de_lastclust)) != 0)
		return (error);		/* the mount said the volume is damaged */
	dep->de_flags |= DE_CHAINOK;
	return (0);
}

/*
 * Grows dep's chain to nclust clusters: the new clusters are on disk
 * first, then linked (a FAT link, flushed; or, for an empty file, the first
 * cluster in its entry, which the caller writes after this returns).
 */
int
de_extend(struct denode *dep, uint32_t nclust)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t first, last;
	int error;

	if ((error = de_chain(dep)) != 0)
		return (error);
	if (nclust <= dep->de_nclust)
		return (0);
	error = chain_alloc(pmp, nclust - dep->de_nclust,
	    dep->de_lastclust != 0 ? dep->de_lastclust + 1 : pmp->pm_nxtfree, &first, &last);
	if (error == 0)
		error = fat_flush(pmp);
	if (error != 0)
		return (error);		/* what was allocated is lost clusters at worst */
	if (dep->de_nclust == 0) {
		dep->de_start = first;
		dep->de_flags |= DE_MODIFIED;
	} else if ((error = fat_set(pmp, dep->de_lastclust, first)) != 0 ||
	    (error = fat_flush(pmp)) != 0)
		return (error);
	dep->de_nclust = nclust;
	dep->de_lastclust = last;
	return (0);
}

/*
 * Shrinks dep's chain to nclust clusters.  The caller has already written
 * the entry with the smaller size; for nclust == 0 the entry (first cluster
 * 0) is written here before anything is freed.
 */
int
de_shrink(struct denode *dep, uint32_t nclust)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t cn, next, start;
	int error;

	if ((error = de_chain(dep)) != 0)
		return (error);
	if (nclust >= dep->de_nclust)
		return (0);
	dep->de_fc_clust = 0;
	if (nclust == 0) {
		start = dep->de_start;
		dep->de_start = 0;
		dep->de_nclust = 0;
		dep->de_lastclust = 0;
		dep->de_flags |= DE_MODIFIED;
		if ((error = deupdat(dep, 1)) != 0)
			return (error);
		error = chain_free(pmp, start);
		return (error != 0 ? error : fat_flush(pmp));
	}
	if ((error = pcbmap(dep, nclust - 1, &cn)) != 0 ||
	    (error = fat_get(pmp, cn, &next)) != 0)
		return (error);
	/* The tail is cut off first (lost clusters if we stop here), then freed. */
	if ((error = fat_set(pmp, cn, CLUST_EOFE)) != 0 || (error = fat_flush(pmp)) != 0)
		return (error);
	dep->de_nclust = nclust;
	dep->de_lastclust = cn;
	if (!fat_eoc(pmp, next) && (error = chain_free(pmp, next)) != 0)
		return (error);
	return (fat_flush(pmp));
}

/* --- the volume's clean flag (FAT[1]'s high bits) ------------------------- */

static uint32_t
clean_bits(const struct msdosfsmount *pmp)
{
	/* "cleanly unmounted" and "no disk errors": both set when all is well */
	return (pmp->pm_fattype == 32 ? 0x0c000000 : 0xc000);
}

int
fat_is_clean(struct msdosfsmount *pmp, int *clean)
{
	uint32_t v;
	int error;

	if (pmp->pm_fattype == 12) {
		*clean = 1;		/* FAT12 has no such flag */
		return (0);
	}
	if ((error = fat_raw(pmp, 1, 0, &v)) != 0)
		return (error);
	*clean = (v & clean_bits(pmp)) == clean_bits(pmp);
	return (0);
}

/* Marks the volume clean or dirty, on disk before returning. */
int
fat_set_clean(struct msdosfsmount *pmp, int clean)
{
	uint32_t v;
	int error;

	if (pmp->pm_fattype == 12)
		return (0);
	if ((error = fat_raw(pmp, 1, 0, &v)) != 0)
		return (error);
	if (clean)
		v |= clean_bits(pmp);
	else
		v &= ~(clean_bits(pmp) & (pmp->pm_fattype == 32 ? 0x08000000 : 0x8000));
	if ((error = fat_raw(pmp, 1, 1, &v)) != 0)
		return (error);
	return (fat_flush(pmp));
}
