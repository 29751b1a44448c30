/*
 * Mounting and unmounting a FAT volume: the boot sector checked field by
 * field, the FAT read into the in-use bitmap, the mount-time check, the
 * dirty flag, FSInfo, sync.
 *
 * What the boot sector may not get wrong (the mount is refused, saying
 * which field): sector and cluster sizes, reserved sectors, FAT count and
 * size, root directory size, a file system whose metadata does not fit in
 * it or on the device, a cluster count the FAT type cannot have.  A file
 * system claiming more sectors than the device has is mounted read-only,
 * clamped to the device.
 */
#include <string.h>

#include <sanpo/endian.h>

#include "fs/msdosfs/bpb.h"
#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

void
msdosfs_lock(struct msdosfsmount *pmp)
{
	fs_mtx_lock(pmp->pm_lock);
}

void
msdosfs_unlock(struct msdosfsmount *pmp)
{
	fs_mtx_unlock(pmp->pm_lock);
}

/* Appends a warning to msg ("; " between two). */
static void
warn(char *msg, size_t msglen, const char *text)
{
	size_t l = strlen(msg);

	if (l + 3 >= msglen)
		return;
	if (l > 0) {
		memcpy(msg + l, "; ", 3);
		l += 2;
	}
	fs_snprintf(msg + l, msglen - l, "%s", text);
}

#define REFUSE(...)	(fs_snprintf(msg, msglen, __VA_ARGS__), EINVAL)

static int
pow2(uint32_t v)
{
	return (v != 0 && (v & (v - 1)) == 0);
}

/* Sets pmp's geometry from boot sector bs; EINVAL with msg when it cannot be trusted. */
static int
bpb_parse(struct msdosfsmount *pmp, const uint8_t *bs, char *msg, size_t msglen)
{
	uint32_t rsvd, nfats, rootents, fatsz, totsec, rootsecs, clusters, entries;
	uint64_t meta, devsecs;
	struct bufdev *dev = pmp->pm_dev;
	char w[128];

	if (bs[BPB_JMP] != 0xeb && bs[BPB_JMP] != 0xe9)
		return (REFUSE("not a FAT boot sector (jump byte %#x)", bs[BPB_JMP]));
	pmp->pm_secsize = le16dec(bs + BPB_BYTSPERSEC);
	if (!pow2(pmp->pm_secsize) || pmp->pm_secsize < 512 || pmp->pm_secsize > 4096 ||
	    pmp->pm_secsize < dev->bd_secsize)
		return (REFUSE("bytes per sector %u", pmp->pm_secsize));
	pmp->pm_secperclust = bs[BPB_SECPERCLUS];
	if (!pow2(pmp->pm_secperclust) ||
	    pmp->pm_secperclust * pmp->pm_secsize > MAXBSIZE)
		return (REFUSE("sectors per cluster %u", pmp->pm_secperclust));
	pmp->pm_bpcluster = pmp->pm_secperclust * pmp->pm_secsize;
	rsvd = le16dec(bs + BPB_RSVDSECCNT);
	nfats = bs[BPB_NUMFATS];
	rootents = le16dec(bs + BPB_ROOTENTCNT);
	totsec = le16dec(bs + BPB_TOTSEC16) ? le16dec(bs + BPB_TOTSEC16) : le32dec(bs + BPB_TOTSEC32);
	fatsz = le16dec(bs + BPB_FATSZ16);
	if (rsvd == 0)
		return (REFUSE("no reserved sectors"));
	if (nfats == 0 || nfats > 16)
		return (REFUSE("%u FATs", nfats));
	if (fatsz == 0) {	/* FAT32's layout */
		pmp->pm_fattype = 32;
		fatsz = le32dec(bs + BPB_FATSZ32);
		if (rootents != 0)
			return (REFUSE("FAT32 with %u root entries", rootents));
		if (le16dec(bs + BPB_FSVER) != 0)
			return (REFUSE("FAT32 version %#x", le16dec(bs + BPB_FSVER)));
	} else if (rootents == 0)
		return (REFUSE("no root directory entries"));
	if (fatsz == 0)
		return (REFUSE("FAT of 0 sectors"));
	rootsecs = (rootents * DIRENT_SIZE + pmp->pm_secsize - 1) / pmp->pm_secsize;
	meta = rsvd + (uint64_t)nfats * fatsz + rootsecs;
	if (totsec == 0 || meta >= totsec)
		return (REFUSE("%u sectors cannot hold %llu of metadata", totsec,
		    (unsigned long long)meta));
	clusters = (uint32_t)((totsec - meta) / pmp->pm_secperclust);
	if (clusters == 0)
		return (REFUSE("no data clusters"));
	if (pmp->pm_fattype != 32)
		pmp->pm_fattype = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 0;
	if (pmp->pm_fattype == 0)
		return (REFUSE("%u clusters in a FAT12/16 layout", clusters));
	if (pmp->pm_fattype == 32 && clusters > FAT32_MAX_CLUSTERS - 2)
		return (REFUSE("%u clusters", clusters));
	pmp->pm_fatmask = pmp->pm_fattype == 12 ? 0xfff : pmp->pm_fattype == 16 ? 0xffff :
	    0x0fffffff;
	pmp->pm_fatsec = rsvd;
	pmp->pm_fatsize = fatsz;
	pmp->pm_nfats = nfats;
	pmp->pm_rootsec = rsvd + (uint64_t)nfats * fatsz;
	pmp->pm_rootsize = rootsecs;
	pmp->pm_datasec = meta;
	pmp->pm_maxcluster = clusters + 1;

	/* The FAT must have an entry for every cluster; fewer clusters if not. */
	entries = (uint32_t)(((uint64_t)fatsz * pmp->pm_secsize * 8) /
	    (pmp->pm_fattype == 12 ? 12 : pmp->pm_fattype));
	if (entries < pmp->pm_maxcluster + 1) {
		pmp->pm_maxcluster = entries - 1;
		fs_snprintf(w, sizeof(w), "FAT holds only %u of %u clusters: using %u", entries - 2,
		    clusters, entries - 2);
		warn(msg, msglen, w);
	}
	/* Larger than its device: read-only, and nothing past the device is used. */
	devsecs = dev->bd_mediasize / pmp->pm_secsize;
	if (meta + pmp->pm_secperclust > devsecs)
		return (REFUSE("metadata runs past the end of %s", dev->bd_name));
	if (totsec > devsecs) {
		uint64_t fit = (devsecs - meta) / pmp->pm_secperclust;

		if (fit + 1 < pmp->pm_maxcluster)
			pmp->pm_maxcluster = (uint32_t)fit + 1;
		pmp->pm_flags |= MSDOSFS_RONLY;
		fs_snprintf(w, sizeof(w), "file system of %u sectors is larger than %s "
		    "(%llu): read-only, clamped", totsec, dev->bd_name,
		    (unsigned long long)devsecs);
		warn(msg, msglen, w);
	}
	if ((pmp->pm_maxcluster + 1) / 8 > MSDOSFS_MAX_INUSE_BYTES)
		return (REFUSE("%u clusters: too many", pmp->pm_maxcluster - 1));
	if (pmp->pm_fattype == 12)
		pmp->pm_fatblksize = ((pmp->pm_maxcluster + 1) * 3 / 2 + 1 + pmp->pm_secsize - 1) /
		    pmp->pm_secsize * pmp->pm_secsize;
	else
		pmp->pm_fatblksize = pmp->pm_secsize;
	return (0);
}

/* FAT32's extra fields: the root cluster, which FAT is live, FSInfo. */
static int
bpb_parse32(struct msdosfsmount *pmp, const uint8_t *bs, char *msg, size_t msglen)
{
	uint16_t ext = le16dec(bs + BPB_EXTFLAGS);

	pmp->pm_rootclust = le32dec(bs + BPB_ROOTCLUS);
	if (!clust_valid(pmp, pmp->pm_rootclust))
		return (REFUSE("root directory cluster %u", pmp->pm_rootclust));
	if (ext & FAT32_EXTFLAGS_MIRROR_OFF) {
		pmp->pm_activefat = ext & FAT32_EXTFLAGS_ACTIVE;
		if (pmp->pm_activefat >= pmp->pm_nfats)
			return (REFUSE("active FAT %u of %u", pmp->pm_activefat, pmp->pm_nfats));
	} else
		pmp->pm_flags |= MSDOSFS_MIRROR;
	pmp->pm_fsinfo = le16dec(bs + BPB_FSINFO);
	if (pmp->pm_fsinfo == 0 || pmp->pm_fsinfo >= pmp->pm_fatsec)
		pmp->pm_fsinfo = 0;	/* none, or not in the reserved area: ignored */
	return (0);
}

static void
bpb_label(struct msdosfsmount *pmp, const uint8_t *bs)
{
	int sig = pmp->pm_fattype == 32 ? BS32_BOOTSIG : BS_BOOTSIG;
	int lab = pmp->pm_fattype == 32 ? BS32_VOLLAB : BS_VOLLAB;
	int i;

	if (bs[sig] != 0x29 && bs[sig] != 0x28)
		return;
	pmp->pm_serial = le32dec(bs + (pmp->pm_fattype == 32 ? BS32_VOLID : BS_VOLID));
	for (i = 0; i < 11; i++)
		pmp->pm_label[i] = bs[lab + i] >= 0x20 && bs[lab + i] < 0x7f ? (char)bs[lab + i] : '?';
	for (i = 11; i > 0 && pmp->pm_label[i - 1] == ' '; i--)
		pmp->pm_label[i - 1] = '\0';
}

/* FSInfo: used when its signatures are right and its hints possible. */
static void
fsinfo_read(struct msdosfsmount *pmp)
{
	struct buf *bp;
	uint8_t *p;
	uint32_t next;

	if (pmp->pm_fsinfo == 0 ||
	    bread(pmp->pm_dev, de_bn(pmp, pmp->pm_fsinfo), (int)pmp->pm_secsize, &bp) != 0)
		return;
	p = bp->b_data;
	if (le32dec(p + FSI_LEADSIG) == FSI_LEADSIG_VALUE &&
	    le32dec(p + FSI_STRUCSIG) == FSI_STRUCSIG_VALUE &&
	    le32dec(p + FSI_TRAILSIG) == FSI_TRAILSIG_VALUE) {
		pmp->pm_flags |= MSDOSFS_FSINFO;
		next = le32dec(p + FSI_NXT_FREE);
		if (clust_valid(pmp, next))
			pmp->pm_nxtfree = next;
	}
	brelse(bp);
}

static int
fsinfo_write(struct msdosfsmount *pmp)
{
	struct buf *bp;
	uint8_t *p;
	int error;

	if (!(pmp->pm_flags & MSDOSFS_FSINFO) || rdonly(pmp))
		return (0);
	error = bread(pmp->pm_dev, de_bn(pmp, pmp->pm_fsinfo), (int)pmp->pm_secsize, &bp);
	if (error != 0)
		return (error);
	p = bp->b_data;
	le32enc(p + FSI_FREE_COUNT, pmp->pm_freeclust);
	le32enc(p + FSI_NXT_FREE, pmp->pm_nxtfree);
	bdwrite(bp);
	return (0);
}

static void
pmp_free(struct msdosfsmount *pmp)
{
	if (pmp->pm_lock != NULL)
		fs_mtx_destroy(pmp->pm_lock);
	fs_free(pmp->pm_inuse);
	fs_free(pmp);
}

/* Reads the boot sector (uncached: its size is not known before reading it). */
static int
read_bootsector(struct bufdev *dev, uint8_t *bs)
{
	uint32_t size = dev->bd_secsize > 512 ? dev->bd_secsize : 512;
	uint8_t *b = fs_bufmem_alloc(size);
	int error;

	if (b == NULL)
		return (ENOMEM);
	if ((error = bufdev_io(dev, BIO_READ, 0, b, size)) == 0)
		memcpy(bs, b, 512);
	fs_bufmem_free(b, size);
	return (error);
}

/* After the boot sector: the FAT, the clean flag, the check, and what they mean. */
static int
mount_state(struct msdosfsmount *pmp, int flags, char *msg, size_t msglen)
{
	char why[160];
	uint32_t reclaimed = 0;
	int clean, error, repair;

	if ((error = fat_read_all(pmp)) != 0)
		return (error);
	if ((error = fat_is_clean(pmp, &clean)) != 0)
		return (error);
	/* A check asked for on a dirty volume mounted read-write: the walk may repair. */
	repair = !clean && (flags & MSDOSFS_MNT_CHECK) && !rdonly(pmp);
	if (!clean) {
		pmp->pm_flags |= MSDOSFS_WASDIRTY;
		if (!(flags & MSDOSFS_MNT_FORCE) && !repair && !rdonly(pmp)) {
			pmp->pm_flags |= MSDOSFS_RONLY;
			warn(msg, msglen, "volume not cleanly unmounted: read-only until checked");
		}
	}
	why[0] = '\0';
	error = msdosfs_check(pmp, why, sizeof(why), repair ? &reclaimed : NULL);
	if (error == EINVAL) {
		char w[200];

		fs_snprintf(w, sizeof(w), "damaged or hostile volume (%s): read-only", why);
		warn(msg, msglen, w);
		pmp->pm_flags |= MSDOSFS_RONLY;
	} else if (error != 0)
		return (error);
	else if (repair) {
		char w[120];

		fs_snprintf(w, sizeof(w), "volume not cleanly unmounted: checked, %u lost "
		    "cluster%s freed", reclaimed, reclaimed == 1 ? "" : "s");
		warn(msg, msglen, w);
		pmp->pm_flags &= ~MSDOSFS_WASDIRTY;
	}
	if (!rdonly(pmp) && (error = fat_set_clean(pmp, 0)) != 0)
		return (error);
	return (0);
}

int
msdosfs_mount(struct bufdev *dev, int flags, struct msdosfsmount **pmpp, char *msg,
    size_t msglen)
{
	struct msdosfsmount *pmp;
	uint8_t bs[512];
	int error;

	msg[0] = '\0';
	if ((pmp = fs_malloc(sizeof(*pmp))) == NULL ||
	    (pmp->pm_lock = fs_mtx_create("msdosfs")) == NULL) {
		if (pmp != NULL)
			pmp_free(pmp);
		return (ENOMEM);
	}
	pmp->pm_dev = dev;
	if (flags & MSDOSFS_MNT_RDONLY || dev->bd_readonly)
		pmp->pm_flags |= MSDOSFS_RONLY;
	pmp->pm_nxtfree = CLUST_FIRST;
	if ((error = read_bootsector(dev, bs)) != 0 ||
	    (error = bpb_parse(pmp, bs, msg, msglen)) != 0 ||
	    (pmp->pm_fattype == 32 && (error = bpb_parse32(pmp, bs, msg, msglen)) != 0))
		goto fail;
	bpb_label(pmp, bs);
	if (pmp->pm_fattype != 32)
		pmp->pm_flags |= MSDOSFS_MIRROR;
	fsinfo_read(pmp);
	if ((error = mount_state(pmp, flags, msg, msglen)) != 0 ||
	    (error = deget_dir(pmp, 0, &pmp->pm_root)) != 0)
		goto fail;
	*pmpp = pmp;
	return (0);
fail:
	if (error != EINVAL)
		fs_snprintf(msg, msglen, "cannot read %s (error %d)", dev->bd_name, error);
	bufinval_clean(dev);
	pmp_free(pmp);
	return (error);
}

/* Writes what the mount holds in memory; the caller then bufsync()s. */
static int
sync_locked(struct msdosfsmount *pmp)
{
	int error, e;

	if (rdonly(pmp))
		return (0);
	error = de_flush_all(pmp);
	if ((e = fsinfo_write(pmp)) != 0 && error == 0)
		error = e;
	if ((e = fat_flush(pmp)) != 0 && error == 0)
		error = e;
	return (error);
}

int
msdosfs_sync(struct msdosfsmount *pmp)
{
	int error, e;

	msdosfs_lock(pmp);
	error = sync_locked(pmp);
	msdosfs_unlock(pmp);
	if ((e = bufsync(pmp->pm_dev)) != 0 && error == 0)
		error = e;
	return (error);
}

/* Marks the volume clean once everything is on stable storage (mount unlocked). */
static int
mark_clean(struct msdosfsmount *pmp)
{
	int error, e;

	msdosfs_lock(pmp);
	error = fat_set_clean(pmp, 1);
	msdosfs_unlock(pmp);
	if ((e = bufsync(pmp->pm_dev)) != 0 && error == 0)
		error = e;
	return (error);
}

int
msdosfs_finish(struct msdosfsmount *pmp)
{
	int error, e;

	msdosfs_lock(pmp);
	error = sync_locked(pmp);
	msdosfs_unlock(pmp);
	if ((e = bufsync(pmp->pm_dev)) != 0 && error == 0)
		error = e;
	if (error == 0 && !rdonly(pmp) && !(pmp->pm_flags & MSDOSFS_ERROR))
		error = mark_clean(pmp);
	msdosfs_lock(pmp);
	pmp->pm_flags |= MSDOSFS_RONLY;
	msdosfs_unlock(pmp);
	return (error);
}

int
msdosfs_unmount(struct msdosfsmount *pmp)
{
	int error, e;

	msdosfs_lock(pmp);
	if (pmp->pm_ndenodes > 1 || pmp->pm_root->de_refcnt > 1) {
		msdosfs_unlock(pmp);
		return (EBUSY);
	}
	error = sync_locked(pmp);
	msdosfs_unlock(pmp);
	if ((e = bufsync(pmp->pm_dev)) != 0 && error == 0)
		error = e;
	/* Clean only once everything else is on stable storage. */
	if (error == 0 && !rdonly(pmp) && !(pmp->pm_flags & MSDOSFS_ERROR))
		error = mark_clean(pmp);
	msdosfs_lock(pmp);
	de_put(pmp->pm_root);
	msdosfs_unlock(pmp);
	pmp_free(pmp);
	return (error);
}

void
msdosfs_statfs(struct msdosfsmount *pmp, struct msdosfs_statfs *sf)
{
	msdosfs_lock(pmp);
	memset(sf, 0, sizeof(*sf));
	sf->f_bsize = pmp->pm_bpcluster;
	sf->f_blocks = pmp->pm_maxcluster - 1;
	sf->f_bfree = pmp->pm_freeclust;
	sf->f_fattype = pmp->pm_fattype;
	sf->f_rdonly = rdonly(pmp);
	sf->f_dirty = (pmp->pm_flags & MSDOSFS_WASDIRTY) != 0;
	sf->f_lost = pmp->pm_lost;
	memcpy(sf->f_label, pmp->pm_label, sizeof(sf->f_label));
	sf->f_serial = pmp->pm_serial;
	msdosfs_unlock(pmp);
}
