/*
 * Directories: walking their entries, finding a name, adding and removing
 * entries, growing a directory, and the short names of new entries.
 *
 * A directory is a cluster chain (FAT32's root too) or, for FAT12/16's
 * root, a fixed region of sectors.  diriter hides the difference: entries
 * are addressed by byte offset in the directory, and the iterator keeps
 * the block holding the current one.  An entry whose first byte is 0 ends
 * the directory: it and everything after it are free.
 */
#include <string.h>

#include <sanpo/endian.h>
#include <sanpo/utf.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

#define DIR_MAX_BYTES	(65536u * DIRENT_SIZE)	/* a directory holds at most 65536 entries */

static int
is_root_region(const struct denode *dir)
{
	return ((dir->de_flags & DE_ROOT) && dir->de_pmp->pm_fattype != 32);
}

void
diriter_init(struct diriter *it, struct denode *dir, uint32_t off)
{
	memset(it, 0, sizeof(*it));
	it->dir = dir;
	it->off = off;
}

void
diriter_done(struct diriter *it)
{
	if (it->bp != NULL)
		brelse(it->bp);
	it->bp = NULL;
}

/* The entry at it->off: 0 with *ep pointing into the block; ENOENT past the end. */
int
diriter_get(struct diriter *it, uint8_t **ep)
{
	struct msdosfsmount *pmp = it->dir->de_pmp;
	uint32_t cn, size, idx;
	uint64_t sec;
	int error;

	if (it->bp != NULL && it->off >= it->blkoff && it->off - it->blkoff < it->bp->b_bcount) {
		*ep = (uint8_t *)it->bp->b_data + (it->off - it->blkoff);
		return (0);
	}
	diriter_done(it);
	if (it->off >= DIR_MAX_BYTES)
		return (ENOENT);
	if (is_root_region(it->dir)) {
		size = pmp->pm_secsize;
		idx = it->off / size;
		if (idx >= pmp->pm_rootsize)
			return (ENOENT);
		sec = pmp->pm_rootsec + idx;
		it->blkclust = 0;
	} else {
		size = pmp->pm_bpcluster;
		idx = it->off / size;
		if ((error = pcbmap(it->dir, idx, &cn)) != 0)
			return (error);
		sec = cntosec(pmp, cn);
		it->blkclust = cn;
	}
	if ((error = bread(pmp->pm_dev, de_bn(pmp, sec), (int)size, &it->bp)) != 0)
		return (error);
	it->blkoff = idx * size;
	it->blkbase = it->blkclust == 0 ? it->blkoff : 0;
	*ep = (uint8_t *)it->bp->b_data + (it->off - it->blkoff);
	return (0);
}

/* Writes the current block now (the iterator re-reads it from the cache if needed). */
int
diriter_write(struct diriter *it)
{
	struct buf *bp = it->bp;
	int error;

	it->bp = NULL;
	if ((error = bwrite(bp)) != 0)
		it->dir->de_pmp->pm_flags |= MSDOSFS_ERROR;
	return (error);
}

static int
is_dot_entry(const uint8_t *ep)
{
	return (memcmp(ep, ".          ", 11) == 0 || memcmp(ep, "..         ", 11) == 0);
}

/* The name, as UTF-16, a lookup compares (NULL result: cannot be any name). */
static int
lookup_units(const char *name, size_t len, uint16_t *u)
{
	return (utf8_to_utf16(name, len, u, MSDOSFS_NAME_MAX));
}

static int
short_matches(const uint8_t *ep, const uint16_t *u, int n)
{
	char s[40];
	uint16_t su[16];
	int sl, sn;

	if ((sl = shortname_to_utf8(ep, 0, s, sizeof(s))) < 0)
		return (0);
	if ((sn = utf8_to_utf16(s, (size_t)sl, su, 16)) < 0)
		return (0);
	return (name_equal(su, sn, u, n));
}

static void
slot_fill(struct dirslot *ds, const struct diriter *it, uint32_t start, const uint8_t *ep)
{
	ds->ds_start = start;
	ds->ds_off = it->off;
	ds->ds_clust = it->blkclust;
	ds->ds_clustoff = it->blkbase + (it->off - it->blkoff);
	memcpy(ds->ds_ent, ep, DIRENT_SIZE);
}

/* Finds `name` (not "." or ".."): 0 with *ds, ENOENT, or an I/O error. */
int
dir_lookup(struct denode *dir, const char *name, size_t len, struct dirslot *ds)
{
	uint16_t u[MSDOSFS_NAME_MAX];
	struct lfnbuf lfn;
	struct diriter it;
	uint8_t *ep;
	int n, error;

	if ((n = lookup_units(name, len, u)) <= 0)
		return (ENOENT);
	lfn_reset(&lfn);
	diriter_init(&it, dir, 0);
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
		if (!(ep[DE_ATTR] & ATTR_VOLUME) && !is_dot_entry(ep)) {
			int haslfn = lfn_complete(&lfn, ep);

			if ((haslfn && name_equal(lfn.u, lfn.n, u, n)) || short_matches(ep, u, n)) {
				slot_fill(ds, &it, haslfn ? lfn.start : it.off, ep);
				diriter_done(&it);
				return (0);
			}
		}
		lfn_reset(&lfn);
	}
	diriter_done(&it);
	return (error);
}

int
dir_is_empty(struct denode *dir)
{
	struct diriter it;
	uint8_t *ep;
	int error;

	diriter_init(&it, dir, 0);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if (ep[0] == SLOT_EMPTY)
			break;
		if (ep[0] == SLOT_DELETED || (ep[DE_ATTR] & 0x3f) == ATTR_LFN ||
		    (ep[DE_ATTR] & ATTR_VOLUME) || is_dot_entry(ep))
			continue;
		diriter_done(&it);
		return (ENOTEMPTY);
	}
	diriter_done(&it);
	return (error == ENOENT ? 0 : error);
}

/* --- short names for new entries -------------------------------------------- */

#define TAIL_SCAN	4096	/* tails ~1..~4095 found in one pass */

/* Does short name `sn` equal basis with tail number num?  Returns num or 0. */
static uint32_t
tail_number(const uint8_t *sn, const uint8_t *basis)
{
	uint32_t num = 0;
	int i, tilde = -1, nd, keep, blen;

	if (memcmp(sn + 8, basis + 8, 3) != 0)
		return (0);
	for (i = 0; i < 8; i++)
		if (sn[i] == '~')
			tilde = i;
	if (tilde < 1)
		return (0);
	for (i = tilde + 1, nd = 0; i < 8 && sn[i] >= '0' && sn[i] <= '9'; i++, nd++)
		num = num * 10 + (uint32_t)(sn[i] - '0');
	for (; i < 8; i++)
		if (sn[i] != ' ')
			return (0);
	if (nd == 0 || (nd > 1 && sn[tilde + 1] == '0'))
		return (0);
	for (blen = 8; blen > 0 && basis[blen - 1] == ' '; blen--)
		;
	keep = blen < 8 - 1 - nd ? blen : 8 - 1 - nd;
	if (keep != tilde || memcmp(sn, basis, (size_t)keep) != 0)
		return (0);
	return (num);
}

static int
shortname_exists(struct denode *dir, const uint8_t name[11], int *exists)
{
	struct diriter it;
	uint8_t *ep;
	int error;

	*exists = 0;
	diriter_init(&it, dir, 0);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if (ep[0] == SLOT_EMPTY)
			break;
		if (ep[0] != SLOT_DELETED && (ep[DE_ATTR] & 0x3f) != ATTR_LFN &&
		    memcmp(ep, name, 11) == 0) {
			*exists = 1;
			break;
		}
	}
	diriter_done(&it);
	return (error == ENOENT ? 0 : error);
}

/*
 * A short name for the long name u[0..n) that no entry in dir has: the
 * basis itself when nothing was lost making it, else basis~N with the
 * smallest free N (one pass over the directory finds the tails in use).
 */
int
dir_shortname_unique(struct denode *dir, const uint16_t *u, int n, uint8_t name[11])
{
	uint8_t basis[11], *used, *ep;
	struct diriter it;
	uint32_t num;
	int lossy, error, exists = 0;

	shortname_basis(u, n, basis, &lossy);
	if ((used = fs_malloc(TAIL_SCAN)) == NULL)
		return (ENOMEM);
	diriter_init(&it, dir, 0);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if (ep[0] == SLOT_EMPTY)
			break;
		if (ep[0] == SLOT_DELETED || (ep[DE_ATTR] & 0x3f) == ATTR_LFN)
			continue;
		if (memcmp(ep, basis, 11) == 0)
			exists = 1;
		if ((num = tail_number(ep, basis)) != 0 && num < TAIL_SCAN)
			used[num] = 1;
	}
	diriter_done(&it);
	if (error != 0 && error != ENOENT) {
		fs_free(used);
		return (error);
	}
	error = 0;
	if (!lossy && !exists) {
		memcpy(name, basis, 11);
		goto out;
	}
	for (num = 1; num < TAIL_SCAN; num++)
		if (!used[num]) {
			memcpy(name, basis, 11);
			shortname_tail(name, num);
			goto out;
		}
	for (num = TAIL_SCAN; num < 1000000; num++) {	/* thousands of alike names: rare */
		memcpy(name, basis, 11);
		shortname_tail(name, num);
		if ((error = shortname_exists(dir, name, &exists)) != 0 || !exists)
			goto out;
	}
	error = ENOSPC;
out:
	fs_free(used);
	return (error);
}

/* --- adding and removing entries --------------------------------------------- */

/*
 * Grows directory dir by `count` clusters: allocated, zeroed on disk, and
 * only then linked to the directory's chain.
 */
static int
dir_grow(struct denode *dir, uint32_t count)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	uint32_t first, last, cn, i;
	struct buf *bp;
	int error;

	if ((error = de_chain(dir)) != 0)
		return (error);
	if ((uint64_t)(dir->de_nclust + count) * pmp->pm_bpcluster > DIR_MAX_BYTES)
		return (ENOSPC);
	if ((error = chain_alloc(pmp, count, dir->de_lastclust + 1, &first, &last)) != 0 ||
	    (error = fat_flush(pmp)) != 0)
		return (error);
	for (cn = first, i = 0; i < count; i++) {
		bp = getblk(pmp->pm_dev, de_bn(pmp, cntosec(pmp, cn)), (int)pmp->pm_bpcluster, 0);
		if (bp == NULL)
			return (ENOMEM);
		clrbuf(bp);
		if ((error = bwrite(bp)) != 0)
			return (error);
		if (i + 1 < count && (error = fat_get(pmp, cn, &cn)) != 0)
			return (error);
	}
	if ((error = fat_set(pmp, dir->de_lastclust, first)) != 0 ||
	    (error = fat_flush(pmp)) != 0)
		return (error);
	dir->de_nclust += count;
	dir->de_lastclust = last;
	return (0);
}

/*
 * Finds `count` consecutive free entries: *start gets the first one's
 * offset.  Grows the directory when the free run at its end is too short
 * (FAT12/16's root cannot grow: ENOSPC).
 */
static int
dir_find_slots(struct denode *dir, int count, uint32_t *start)
{
	struct msdosfsmount *pmp = dir->de_pmp;
	uint32_t run = 0, runstart = 0, need;
	struct diriter it;
	uint8_t *ep;
	int error, ended = 0;

	diriter_init(&it, dir, 0);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		/* From the first end marker on, every slot is free whatever it holds. */
		ended |= ep[0] == SLOT_EMPTY;
		if (ended || ep[0] == SLOT_DELETED) {
			if (run++ == 0)
				runstart = it.off;
			if ((int)run == count) {
				diriter_done(&it);
				*start = runstart;
				return (0);
			}
		} else
			run = 0;
	}
	diriter_done(&it);
	if (error != ENOENT)
		return (error);
	if (is_root_region(dir))
		return (ENOSPC);
	if (run == 0)
		runstart = it.off;
	need = ((uint32_t)count - run) * DIRENT_SIZE;
	if ((error = dir_grow(dir, (need + pmp->pm_bpcluster - 1) / pmp->pm_bpcluster)) != 0)
		return (error);
	*start = runstart;
	return (0);
}

/*
 * Adds an entry: long-name entries for u[0..n) (none when n is 0), then
 * the short entry `shortent`, each block written as it is finished, the
 * short entry's last.  *ds says where it went.
 */
int
dir_add(struct denode *dir, const uint16_t *u, int n, const uint8_t *shortent,
    struct dirslot *ds)
{
	int nlfn = n > 0 ? lfn_entries(n) : 0, i, error;
	uint8_t chksum = shortname_chksum(shortent), *ep;
	struct diriter it;
	uint32_t start;

	if ((error = dir_find_slots(dir, nlfn + 1, &start)) != 0)
		return (error);
	diriter_init(&it, dir, start);
	for (i = 0; i <= nlfn; i++, it.off += DIRENT_SIZE) {
		if (it.bp != NULL && it.off - it.blkoff >= it.bp->b_bcount &&
		    (error = diriter_write(&it)) != 0)
			return (error);
		if ((error = diriter_get(&it, &ep)) != 0) {
			diriter_done(&it);
			return (error == ENOENT ? EIO : error);
		}
		if (i < nlfn)
			lfn_fill(ep, u, n, nlfn - i, i == 0, chksum);
		else {
			memcpy(ep, shortent, DIRENT_SIZE);
			slot_fill(ds, &it, start, ep);
		}
	}
	return (diriter_write(&it));
}

/*
 * Writes a new entry (long name u[0..n), short entry shortent) into the
 * slots of an existing one, ending at its short entry, so that an entry
 * is replaced by a single block write when its slots share a block.
 * ENOSPC when the new entry needs more slots than the old one had.
 */
int
dir_rewrite_slots(struct denode *dir, const struct dirslot *old, const uint16_t *u, int n,
    const uint8_t *shortent, struct dirslot *ds)
{
	int nlfn = n > 0 ? lfn_entries(n) : 0, error;
	uint8_t chksum = shortname_chksum(shortent), *ep;
	uint32_t newstart;
	struct diriter it;

	if ((uint32_t)nlfn * DIRENT_SIZE > old->ds_off - old->ds_start)
		return (ENOSPC);
	newstart = old->ds_off - (uint32_t)nlfn * DIRENT_SIZE;
	diriter_init(&it, dir, old->ds_start);
	for (; it.off <= old->ds_off; it.off += DIRENT_SIZE) {
		if (it.bp != NULL && it.off - it.blkoff >= it.bp->b_bcount &&
		    (error = diriter_write(&it)) != 0)
			return (error);
		if ((error = diriter_get(&it, &ep)) != 0) {
			diriter_done(&it);
			return (error);
		}
		if (it.off < newstart)
			ep[0] = SLOT_DELETED;
		else if (it.off < old->ds_off)
			lfn_fill(ep, u, n, nlfn - (int)((it.off - newstart) / DIRENT_SIZE),
			    it.off == newstart, chksum);
		else {
			memcpy(ep, shortent, DIRENT_SIZE);
			slot_fill(ds, &it, newstart, ep);
		}
	}
	return (diriter_write(&it));
}

/*
 * Marks an entry's slots free: the block with the short entry first (the
 * name is gone from then on), with whatever long-name entries share it,
 * then any earlier block holding the rest of its long name.
 */
int
dir_remove_slots(struct denode *dir, const struct dirslot *ds)
{
	struct diriter it;
	uint32_t off, first;
	uint8_t *ep;
	int error;

	diriter_init(&it, dir, ds->ds_off);
	if ((error = diriter_get(&it, &ep)) != 0) {
		diriter_done(&it);
		return (error);
	}
	ep[0] = SLOT_DELETED;
	first = it.blkoff > ds->ds_start ? it.blkoff : ds->ds_start;
	for (off = first; off < ds->ds_off; off += DIRENT_SIZE) {
		ep = (uint8_t *)it.bp->b_data + (off - it.blkoff);
		if ((ep[DE_ATTR] & 0x3f) == ATTR_LFN)
			ep[0] = SLOT_DELETED;
	}
	if ((error = diriter_write(&it)) != 0)
		return (error);
	for (it.off = ds->ds_start; it.off < first; it.off += DIRENT_SIZE) {
		if (it.bp != NULL && it.off - it.blkoff >= it.bp->b_bcount &&
		    (error = diriter_write(&it)) != 0)
			return (error);
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if ((ep[DE_ATTR] & 0x3f) == ATTR_LFN)
			ep[0] = SLOT_DELETED;
	}
	if (it.bp != NULL)
		return (diriter_write(&it));
	return (error);
}

/*
 * A new directory's first cluster: "." and ".." (parent 0 means the
 * root), the rest zero; written before anything points at it.
 */
int
dir_init_cluster(struct msdosfsmount *pmp, uint32_t cn, uint32_t parent, const uint8_t *dotent)
{
	struct buf *bp;
	uint8_t *ep;

	bp = getblk(pmp->pm_dev, de_bn(pmp, cntosec(pmp, cn)), (int)pmp->pm_bpcluster, 0);
	if (bp == NULL)
		return (ENOMEM);
	clrbuf(bp);
	ep = bp->b_data;
	memcpy(ep, dotent, DIRENT_SIZE);
	memcpy(ep, ".          ", 11);
	le16enc(ep + DE_CLUS_HI, (uint16_t)(cn >> 16));
	le16enc(ep + DE_CLUS_LO, (uint16_t)cn);
	ep += DIRENT_SIZE;
	memcpy(ep, dotent, DIRENT_SIZE);
	memcpy(ep, "..         ", 11);
	le16enc(ep + DE_CLUS_HI, (uint16_t)(parent >> 16));
	le16enc(ep + DE_CLUS_LO, (uint16_t)parent);
	return (bwrite(bp));
}
