/*
 * The FAT file system's private state and the functions its files share
 * (FreeBSD's msdosfsmount.h, denode.h and fat.h in one place).
 *
 * Units.  "Sectors" are the file system's (pm_secsize bytes, from its boot
 * sector), counted from the start of the device; the buffer cache wants
 * DEV_BSIZE blocks (de_bn()).  Clusters are numbered from 2; cluster n
 * starts at sector pm_datasec + (n - 2) * pm_secperclust.
 *
 * Buffers.  Each region is always read with one buffer size: FAT blocks
 * are one sector (FAT12: the whole FAT, whose entries straddle sectors),
 * the FAT12/16 root directory region is read a sector at a time, and
 * everything in the data area a cluster at a time.
 *
 * Write ordering (crash safety).  The in-memory contents of every buffer
 * must be safe to reach the disk at any moment, since the syncer may
 * write any of them.  So a change that makes something point at a cluster
 * (a FAT link, a directory entry's first cluster, a larger size) is made
 * only after the clusters it points at are on disk (fat_flush() writes the
 * FAT blocks an operation changed, synchronously, into every FAT copy).
 * And clusters are freed only after the entry or link that pointed at
 * them is on disk.  The result after a crash is at worst lost clusters,
 * or a chain longer than its file's size (the same thing: fsck frees the
 * tail).
 *
 * Denodes.  A file is known by where its short entry is: (the cluster
 * holding it, byte offset in that cluster), or (0, offset in the FAT12/16
 * root region).  A directory by (its first cluster, 0): where its "."
 * entry is, so reaching it by name or by ".." gives the same denode.  The
 * root is (0, DE_ROOT_OFFSET).  Referenced denodes are in a hash; a
 * denode goes when its last reference does.
 */
#ifndef FS_MSDOSFS_MSDOSFS_VAR_H
#define FS_MSDOSFS_MSDOSFS_VAR_H

#include <stdint.h>

#include "fs/buf.h"
#include "fs/fs_platform.h"
#include "fs/msdosfs/direntry.h"
#include "fs/msdosfs/msdosfs.h"

/* FAT entry values (after masking with pm_fatmask) */
#define CLUST_FREE	0
#define CLUST_FIRST	2		/* first data cluster */
#define CLUST_RSRVD	0x0ffffff0	/* reserved values start (masked) */
#define CLUST_BAD	0x0ffffff7	/* a bad cluster (masked) */
#define CLUST_EOFS	0x0ffffff8	/* end of chain: this or above (masked) */
#define CLUST_EOFE	0x0fffffff	/* the end-of-chain value written */

#define FAT32_MAX_CLUSTERS	0x0ffffff5u	/* highest cluster number FAT32 allows + 1 */
#define MSDOSFS_MAX_INUSE_BYTES	(16u << 20)	/* bitmap limit: 128 Mi clusters */
#define MSDOSFS_MAX_DEPTH	128		/* directory nesting the mount check follows */
#define MSDOSFS_FATPEND		32		/* FAT blocks changed between flushes */
#define MSDOSFS_DEHASH		64		/* denode hash buckets */

/* pm_flags */
#define MSDOSFS_RONLY		0x0001	/* mounted read-only */
#define MSDOSFS_FSINFO		0x0002	/* FAT32 FSInfo valid: kept up to date */
#define MSDOSFS_WASDIRTY	0x0004	/* the volume was marked dirty at mount */
#define MSDOSFS_ERROR		0x0008	/* a metadata write failed: no more writes */
#define MSDOSFS_MIRROR		0x0010	/* every FAT copy is written */

struct msdosfsmount {
	struct bufdev	*pm_dev;	/* the device */
	struct fs_mtx	*pm_lock;	/* serialises every operation */
	int		 pm_flags;	/* MSDOSFS_* */
	int		 pm_fattype;	/* 12, 16, 32 */
	uint32_t	 pm_secsize;	/* bytes per sector */
	uint32_t	 pm_secperclust; /* sectors per cluster */
	uint32_t	 pm_bpcluster;	/* bytes per cluster */
	uint32_t	 pm_fatmask;	/* 0xfff, 0xffff, 0x0fffffff */
	uint64_t	 pm_fatsec;	/* first sector of FAT 0 */
	uint32_t	 pm_fatsize;	/* sectors per FAT */
	uint32_t	 pm_nfats;	/* FAT copies */
	uint32_t	 pm_activefat;	/* the one read (FAT32 may pick another than 0) */
	uint32_t	 pm_fatblksize;	/* bytes per FAT buffer */
	uint64_t	 pm_rootsec;	/* FAT12/16 root directory region */
	uint32_t	 pm_rootsize;	/* its size in sectors */
	uint32_t	 pm_rootclust;	/* FAT32 root directory's first cluster */
	uint64_t	 pm_datasec;	/* first sector of cluster 2 */
	uint32_t	 pm_maxcluster;	/* highest valid cluster number */
	uint32_t	 pm_freeclust;	/* free clusters (exact) */
	uint32_t	 pm_nxtfree;	/* where allocation looks first */
	uint32_t	*pm_inuse;	/* bit per cluster: the FAT says in use */
	uint64_t	 pm_lost;	/* in use but in no file, at mount */
	uint32_t	 pm_fsinfo;	/* FSInfo sector (0: none) */
	uint32_t	 pm_serial;	/* volume serial number */
	char		 pm_label[12];	/* volume label */
	uint64_t	 pm_fatpend[MSDOSFS_FATPEND]; /* FAT-0-relative sectors to flush */
	int		 pm_nfatpend;
	struct denode	*pm_dehash[MSDOSFS_DEHASH]; /* referenced denodes */
	uint32_t	 pm_ndenodes;	/* how many */
	struct denode	*pm_root;	/* held while mounted */
};

#define DE_ROOT_OFFSET	0xffffffffu	/* the root's de_diroffset */

/* de_flags */
#define DE_DIR		0x0001	/* a directory */
#define DE_ROOT		0x0002	/* the root directory */
#define DE_MODIFIED	0x0004	/* the entry must be written */
#define DE_DELETED	0x0008	/* unlinked: clusters freed with the last reference */
#define DE_CHAINOK	0x0010	/* chain walked: de_nclust, de_lastclust valid */

struct denode {
	struct msdosfsmount *de_pmp;	/* its file system */
	struct denode	*de_hnext;	/* hash chain */
	uint32_t	 de_refcnt;	/* references */
	int		 de_flags;	/* DE_* */
	uint32_t	 de_dirclust;	/* where its entry is (see the top of this file) */
	uint32_t	 de_diroffset;
	/* the directory entry, in host values */
	uint8_t		 de_name[11];	/* short name (for ".." and messages) */
	uint8_t		 de_attr;	/* ATTR_* */
	uint8_t		 de_ntres;	/* NTRES_* */
	uint8_t		 de_ctenth;	/* creation time, 10 ms part */
	uint16_t	 de_ctime, de_cdate; /* creation */
	uint16_t	 de_adate;	/* last access */
	uint16_t	 de_mtime, de_mdate; /* last write */
	uint32_t	 de_start;	/* first cluster, 0 when none */
	uint32_t	 de_size;	/* bytes (0 for directories) */
	/* the chain, once walked (DE_CHAINOK) */
	uint32_t	 de_nclust;	/* clusters in it */
	uint32_t	 de_lastclust;	/* its last one (0 when empty) */
	uint32_t	 de_fc_index;	/* last mapping pcbmap made: file cluster index */
	uint32_t	 de_fc_clust;	/* -> disk cluster (0: none cached) */
	uint32_t	 de_lastread;	/* file cluster index read last (read-ahead) */
	void		*de_private;	/* the presenter's (msdosfs_private()) */
};

static inline int
de_isdir(const struct denode *dep)
{
	return ((dep->de_flags & DE_DIR) != 0);
}

/* DEV_BSIZE block number of file-system sector `sec`. */
static inline diskaddr_t
de_bn(const struct msdosfsmount *pmp, uint64_t sec)
{
	return ((diskaddr_t)(sec * (pmp->pm_secsize / DEV_BSIZE)));
}

/* First sector of cluster cn (>= 2). */
static inline uint64_t
cntosec(const struct msdosfsmount *pmp, uint32_t cn)
{
	return (pmp->pm_datasec + (uint64_t)(cn - CLUST_FIRST) * pmp->pm_secperclust);
}

static inline int
clust_valid(const struct msdosfsmount *pmp, uint32_t cn)
{
	return (cn >= CLUST_FIRST && cn <= pmp->pm_maxcluster);
}

static inline int
rdonly(const struct msdosfsmount *pmp)
{
	return ((pmp->pm_flags & MSDOSFS_RONLY) != 0);
}

/* msdosfs_fat.c: the FAT, chains, the in-use bitmap */
int	fat_get(struct msdosfsmount *pmp, uint32_t cn, uint32_t *val);
int	fat_set(struct msdosfsmount *pmp, uint32_t cn, uint32_t val);
int	fat_flush(struct msdosfsmount *pmp);
int	fat_read_all(struct msdosfsmount *pmp);
int	fat_eoc(const struct msdosfsmount *pmp, uint32_t val);
int	clust_inuse(const struct msdosfsmount *pmp, uint32_t cn);
int	chain_alloc(struct msdosfsmount *pmp, uint32_t count, uint32_t hint, uint32_t *first,
	    uint32_t *last);
int	chain_free(struct msdosfsmount *pmp, uint32_t start);
/* Frees lost cluster cn (the mount walk's: reached by nothing, not marked bad). */
int	clust_reclaim(struct msdosfsmount *pmp, uint32_t cn);
int	chain_walk(struct msdosfsmount *pmp, uint32_t start, uint32_t *len, uint32_t *last);
int	pcbmap(struct denode *dep, uint32_t findex, uint32_t *cnp);
int	de_chain(struct denode *dep);
int	de_extend(struct denode *dep, uint32_t nclust);
int	de_shrink(struct denode *dep, uint32_t nclust);
int	fat_set_clean(struct msdosfsmount *pmp, int clean);
int	fat_is_clean(struct msdosfsmount *pmp, int *clean);

/* msdosfs_conv.c: names and times */
struct lfnbuf {
	uint16_t	u[LFN_MAX_ENTRIES * LFN_CHARS]; /* UTF-16 of the long name gathered */
	int		n;			/* units gathered */
	int		next;			/* ordinal expected next, 0: none pending */
	uint8_t		chksum;			/* the run's checksum */
	uint32_t	start;			/* directory offset of its first entry */
};
uint8_t	shortname_chksum(const uint8_t name[11]);
int	shortname_to_utf8(const uint8_t name[11], uint8_t ntres, char *out, size_t outsize);
int	name_check(const char *name, size_t len, uint16_t *u16, int *nunits);
int	name_is_short(const uint16_t *u, int n, uint8_t out[11]);
void	shortname_basis(const uint16_t *u, int n, uint8_t out[11], int *lossy);
void	shortname_tail(uint8_t name[11], uint32_t num);
int	name_equal(const uint16_t *a, int an, const uint16_t *b, int bn);
void	lfn_reset(struct lfnbuf *l);
void	lfn_gather(struct lfnbuf *l, const uint8_t *ep, uint32_t off);
int	lfn_complete(const struct lfnbuf *l, const uint8_t *shortent);
void	lfn_fill(uint8_t *ep, const uint16_t *u, int n, int ord, int last, uint8_t chksum);
int	lfn_entries(int nunits);
void	dos_time_now(uint16_t *date, uint16_t *time, uint8_t *tenth);
void	unix_to_dos(int64_t t, uint16_t *date, uint16_t *time);
int64_t	dos_to_unix(uint16_t date, uint16_t time);

/* msdosfs_dir.c: directory blocks and entries */
struct diriter {
	struct denode	*dir;		/* the directory */
	uint32_t	 off;		/* byte offset of the current entry */
	struct buf	*bp;		/* the block holding it, or NULL */
	uint32_t	 blkoff;	/* directory offset of bp's first byte */
	uint32_t	 blkclust;	/* disk cluster of bp (0: root region) */
	uint32_t	 blkbase;	/* offset of bp within that cluster or region */
};
void	diriter_init(struct diriter *it, struct denode *dir, uint32_t off);
int	diriter_get(struct diriter *it, uint8_t **ep);
void	diriter_done(struct diriter *it);
int	diriter_write(struct diriter *it);

struct dirslot {
	uint32_t	ds_start;	/* directory offset of the first entry (LFN or short) */
	uint32_t	ds_off;		/* directory offset of the short entry */
	uint32_t	ds_clust;	/* where the short entry is: cluster (0: root region) */
	uint32_t	ds_clustoff;	/* and offset there */
	uint8_t		ds_ent[DIRENT_SIZE]; /* the short entry */
};
int	dir_lookup(struct denode *dir, const char *name, size_t len, struct dirslot *ds);
int	dir_add(struct denode *dir, const uint16_t *u, int n, const uint8_t *shortent,
	    struct dirslot *ds);
int	dir_remove_slots(struct denode *dir, const struct dirslot *ds);
int	dir_rewrite_slots(struct denode *dir, const struct dirslot *old, const uint16_t *u, int n,
	    const uint8_t *shortent, struct dirslot *ds);
int	dir_is_empty(struct denode *dir);
int	dir_shortname_unique(struct denode *dir, const uint16_t *u, int n, uint8_t name[11]);
int	dir_init_cluster(struct msdosfsmount *pmp, uint32_t cn, uint32_t parent,
	    const uint8_t *dotent);

/* msdosfs_denode.c: denodes and their entries */
int	deget(struct msdosfsmount *pmp, uint32_t dirclust, uint32_t diroffset,
	    const uint8_t *ent, struct denode **dpp);
int	deget_dir(struct msdosfsmount *pmp, uint32_t cluster, struct denode **dpp);
void	de_put(struct denode *dep);
void	de_rekey(struct denode *dep, uint32_t dirclust, uint32_t diroffset);
void	de_unhash(struct denode *dep);
int	deupdat(struct denode *dep, int waitfor);
void	de_fill_entry(const struct denode *dep, uint8_t *ep);
uint32_t de_entry_start(const uint8_t *ep, const struct msdosfsmount *pmp);
int	de_flush_all(struct msdosfsmount *pmp);

/*
 * msdosfs_check.c: the mount-time walk.  0 when sound (lost clusters --
 * in use, reached by no chain, not marked bad -- counted in pm_lost),
 * EINVAL with msg for a problem, or an I/O errno.
 * With `reclaimed` (a read-write mount), a sound volume's lost clusters
 * are freed and counted there instead.
 */
int	msdosfs_check(struct msdosfsmount *pmp, char *msg, size_t msglen, uint32_t *reclaimed);

/* Mount lock helpers (msdosfs_vfsops.c). */
void	msdosfs_lock(struct msdosfsmount *pmp);
void	msdosfs_unlock(struct msdosfsmount *pmp);

#endif /* FS_MSDOSFS_MSDOSFS_VAR_H */
