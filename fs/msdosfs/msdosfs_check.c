/*
 * The mount-time check: before a volume may be written, every directory is
 * read and every cluster chain followed once, so that a write can never
 * follow a chain into somebody else's clusters.
 *
 * Problems that make a volume unsafe to write (it is then mounted
 * read-only, the first one named in the warning): a chain that leaves the
 * volume, runs into a free, bad or reserved cluster, or reaches a cluster
 * some chain already reached (cross-linked files, or a loop); a file whose
 * size its chain cannot hold; a directory without clusters; a used slot
 * after a directory's end marker.  Clusters the
 * FAT says are in use but no file reaches are lost clusters: counted
 * (statfs), harmless.  A chain longer than its file needs is what an
 * interrupted write leaves: harmless too.
 *
 * Directories are visited breadth first from a queue on the heap, not by
 * recursion: a hostile volume can nest them as deep as it likes.
 */
#include <string.h>

#include <sanpo/endian.h>

#include "fs/msdosfs/msdosfs_var.h"
#include <sys/errno.h>

struct ckstate {
	struct msdosfsmount *pmp;
	uint32_t	*seen;		/* bit per cluster: reached by a chain */
	uint32_t	*queue;		/* directories to visit (first clusters; 0: root) */
	uint32_t	 qlen, qcap, qhead;
	char		*msg;		/* the first problem */
	size_t		 msglen;
	int		 problems;
	char		 name[40];	/* the entry being checked, for messages */
};

#define PROBLEM(cs, ...) do {						\
	if ((cs)->problems++ == 0)					\
		fs_snprintf((cs)->msg, (cs)->msglen, __VA_ARGS__);	\
} while (0)

static int
seen(const struct ckstate *cs, uint32_t cn)
{
	return ((cs->seen[cn / 32] >> (cn % 32)) & 1);
}

/*
 * Follows one chain, marking its clusters.  0 with *len (clusters) when
 * sound; 1 after reporting a problem; an errno when the FAT is unreadable.
 */
static int
check_chain(struct ckstate *cs, uint32_t start, uint32_t *len)
{
	struct msdosfsmount *pmp = cs->pmp;
	uint32_t cn = start, next, n = 0;
	int error;

	for (;;) {
		if (!clust_valid(pmp, cn)) {
			PROBLEM(cs, "%s: chain leaves the volume (cluster %u)", cs->name, cn);
			return (1);
		}
		if (seen(cs, cn)) {
			PROBLEM(cs, "%s: cluster %u is in two chains (cross-linked or looping)",
			    cs->name, cn);
			return (1);
		}
		cs->seen[cn / 32] |= 1u << (cn % 32);
		n++;
		if ((error = fat_get(pmp, cn, &next)) != 0)
			return (error);
		if (next == CLUST_FREE) {
			PROBLEM(cs, "%s: cluster %u is in use but free in the FAT", cs->name, cn);
			return (1);
		}
		if (fat_eoc(pmp, next))
			break;
		if (next >= CLUST_RSRVD) {
			PROBLEM(cs, "%s: bad or reserved cluster after %u", cs->name, cn);
			return (1);
		}
		cn = next;
	}
	*len = n;
	return (0);
}

static int
enqueue(struct ckstate *cs, uint32_t cn)
{
	uint32_t *q;

	if (cs->qlen == cs->qcap) {
		cs->qcap = cs->qcap ? cs->qcap * 2 : 64;
		if ((q = fs_malloc(cs->qcap * sizeof(*q))) == NULL)
			return (ENOMEM);
		if (cs->queue != NULL) {
			memcpy(q, cs->queue, cs->qlen * sizeof(*q));
			fs_free(cs->queue);
		}
		cs->queue = q;
	}
	cs->queue[cs->qlen++] = cn;
	return (0);
}

/* One short entry of a directory being checked. */
static int
check_entry(struct ckstate *cs, const uint8_t *ep)
{
	struct msdosfsmount *pmp = cs->pmp;
	uint32_t start = de_entry_start(ep, pmp), size = le32dec(ep + DE_SIZE), len;
	int r;

	if (shortname_to_utf8(ep, 0, cs->name, sizeof(cs->name)) < 0)
		cs->name[0] = '\0';
	if (ep[DE_ATTR] & ATTR_DIRECTORY) {
		if (start == 0) {
			PROBLEM(cs, "%s: directory without clusters", cs->name);
			return (0);
		}
		if ((r = check_chain(cs, start, &len)) != 0)
			return (r == 1 ? 0 : r);
		return (enqueue(cs, start));
	}
	if (start == 0) {
		if (size != 0)
			PROBLEM(cs, "%s: %u bytes but no clusters", cs->name, size);
		return (0);
	}
	if ((r = check_chain(cs, start, &len)) != 0)
		return (r == 1 ? 0 : r);
	if (size > (uint64_t)len * pmp->pm_bpcluster)
		PROBLEM(cs, "%s: %u bytes in a chain of %u clusters", cs->name, size, len);
	return (0);
}

/* Every entry of the directory whose first cluster is dirclust (0: root). */
static int
check_dir(struct ckstate *cs, uint32_t dirclust)
{
	struct msdosfsmount *pmp = cs->pmp;
	struct denode tmp;
	struct diriter it;
	uint8_t *ep;
	int error, ended = 0;

	memset(&tmp, 0, sizeof(tmp));
	tmp.de_pmp = pmp;
	tmp.de_flags = DE_DIR | (dirclust == 0 ? DE_ROOT : 0);
	tmp.de_start = dirclust == 0 && pmp->pm_fattype == 32 ? pmp->pm_rootclust : dirclust;
	diriter_init(&it, &tmp, 0);
	for (;; it.off += DIRENT_SIZE) {
		if ((error = diriter_get(&it, &ep)) != 0)
			break;
		if (ended || ep[0] == SLOT_EMPTY) {
			/*
			 * After the end marker every slot must be free: an entry
			 * written there would bring back whatever follows it, which
			 * nothing has checked.
			 */
			if (ep[0] != SLOT_EMPTY) {
				PROBLEM(cs, "entries after the end of directory %u", dirclust);
				break;
			}
			ended = 1;
			continue;
		}
		if (ep[0] == SLOT_DELETED || (ep[DE_ATTR] & 0x3f) == ATTR_LFN ||
		    (ep[DE_ATTR] & ATTR_VOLUME) || memcmp(ep, ".          ", 11) == 0 ||
		    memcmp(ep, "..         ", 11) == 0)
			continue;
		if ((error = check_entry(cs, ep)) != 0)
			break;
	}
	diriter_done(&it);
	return (error == ENOENT ? 0 : error);
}

int
msdosfs_check(struct msdosfsmount *pmp, char *msg, size_t msglen, uint32_t *reclaimed)
{
	struct ckstate cs;
	uint32_t words = (pmp->pm_maxcluster + 1 + 31) / 32, cn, len, next;
	int error = 0;

	memset(&cs, 0, sizeof(cs));
	cs.pmp = pmp;
	cs.msg = msg;
	cs.msglen = msglen;
	if ((cs.seen = fs_malloc((size_t)words * 4)) == NULL)
		return (ENOMEM);
	if (pmp->pm_fattype == 32) {
		memcpy(cs.name, "/", 2);
		error = check_chain(&cs, pmp->pm_rootclust, &len);
		if (error == 1)
			error = 0;
	}
	if (error == 0 && cs.problems == 0)
		error = enqueue(&cs, 0);
	while (error == 0 && cs.qhead < cs.qlen)
		error = check_dir(&cs, cs.queue[cs.qhead++]);
	/*
	 * Lost clusters are freed only on a volume found sound: every chain
	 * was followed, so nothing reached is among them.
	 */
	if (reclaimed != NULL)
		*reclaimed = 0;
	if (error != 0 || cs.problems > 0)
		reclaimed = NULL;
	pmp->pm_lost = 0;
	for (cn = CLUST_FIRST; cn <= pmp->pm_maxcluster; cn++) {
		if (!clust_inuse(pmp, cn) || seen(&cs, cn))
			continue;
		if (error == 0 && (error = fat_get(pmp, cn, &next)) == 0 &&
		    next >= CLUST_RSRVD && next < CLUST_EOFS)
			continue;	/* marked bad or reserved: never in a file, not lost */
		if (reclaimed != NULL && error == 0 && (error = clust_reclaim(pmp, cn)) == 0) {
			(*reclaimed)++;
			continue;
		}
		pmp->pm_lost++;
	}
	if (reclaimed != NULL && *reclaimed > 0 && error == 0)
		error = fat_flush(pmp);
	fs_free(cs.seen);
	fs_free(cs.queue);
	if (error != 0)
		return (error);
	return (cs.problems > 0 ? EINVAL : 0);
}
