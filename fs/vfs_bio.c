/*
 * The buffer cache (the interface and its rules are in fs/buf.h).
 *
 * Buffers are found through a hash of (device, block).  A buffer nobody
 * owns sits on exactly one list: the global clean LRU list, or its
 * device's dirty list (in the order buffers became dirty).  A BUSY buffer
 * is on no list; its owner, or the I/O in flight, holds it.  Memory is
 * bounded by bufspace: when a new buffer would pass it, the least recently
 * used clean buffer is recycled; when nothing is clean, the oldest delayed
 * write is started and the caller sleeps until a buffer comes back.
 *
 * One lock (buf_lock) covers the hash, the lists, every b_flags and the
 * devices' counters.  It is never held across a call into a driver or
 * across a sleep other than fs_sleep on it, so drivers may call bufdone()
 * from their completion thread freely.
 */
#include <string.h>

#include "fs/buf.h"
#include "fs/fs_platform.h"
#include <sys/errno.h>

#define QUEUE_NONE	0	/* busy, or on a private list */
#define QUEUE_CLEAN	1	/* the global LRU list */
#define QUEUE_DIRTY	2	/* its device's dirty list */

static struct fs_mtx *buf_lock;
static struct buf **buf_hash;		/* hash chains */
static uint32_t	 buf_hashmask;
static struct buf *lru_head, *lru_tail;	/* clean buffers, least recently used first */
static struct bufdev *bufdevs;		/* registered devices */
static int	 needbuffer;		/* someone waits for space */
static struct bufstats bst;

static uint32_t
buf_hashidx(const struct bufdev *dev, diskaddr_t blkno)
{
	uint64_t h = (uint64_t)(uintptr_t)dev ^ ((uint64_t)blkno * 0x9e3779b97f4a7c15ull);

	return ((uint32_t)(h ^ (h >> 29)) & buf_hashmask);
}

int
bufinit(uint64_t maxbufspace)
{
	uint32_t n = 64;

	while (n < 65536 && (uint64_t)n * 8192 < maxbufspace)
		n <<= 1;
	buf_lock = fs_mtx_create("bufcache");
	buf_hash = fs_malloc(n * sizeof(*buf_hash));
	if (buf_lock == NULL || buf_hash == NULL)
		return (ENOMEM);
	buf_hashmask = n - 1;
	bst.maxbufspace = maxbufspace;
	return (0);
}

/* --- lists (buf_lock held) ------------------------------------------------ */

static void
q_append(struct buf **head, struct buf **tail, struct buf *bp, int qindex)
{
	bp->b_qnext = NULL;
	bp->b_qprev = *tail;
	if (*tail != NULL)
		(*tail)->b_qnext = bp;
	else
		*head = bp;
	*tail = bp;
	bp->b_qindex = qindex;
}

static void
q_unlink(struct buf **head, struct buf **tail, struct buf *bp)
{
	if (bp->b_qprev != NULL)
		bp->b_qprev->b_qnext = bp->b_qnext;
	else
		*head = bp->b_qnext;
	if (bp->b_qnext != NULL)
		bp->b_qnext->b_qprev = bp->b_qprev;
	else
		*tail = bp->b_qprev;
	bp->b_qnext = bp->b_qprev = NULL;
	bp->b_qindex = QUEUE_NONE;
}

static void
buf_dequeue(struct buf *bp)
{
	if (bp->b_qindex == QUEUE_CLEAN)
		q_unlink(&lru_head, &lru_tail, bp);
	else if (bp->b_qindex == QUEUE_DIRTY)
		q_unlink(&bp->b_dev->bd_dirty_head, &bp->b_dev->bd_dirty_tail, bp);
}

static struct buf *
hash_lookup(struct bufdev *dev, diskaddr_t blkno)
{
	struct buf *bp;

	for (bp = buf_hash[buf_hashidx(dev, blkno)]; bp != NULL; bp = bp->b_hnext)
		if (bp->b_dev == dev && bp->b_blkno == blkno)
			return (bp);
	return (NULL);
}

static void
hash_remove(struct buf *bp)
{
	struct buf **pp = &buf_hash[buf_hashidx(bp->b_dev, bp->b_blkno)];

	while (*pp != bp)
		pp = &(*pp)->b_hnext;
	*pp = bp->b_hnext;
}

/* A buffer nobody can reach any more: its memory goes back. */
static void
buf_destroy(struct buf *bp)
{
	if (bp->b_flags & B_DELWRI) {
		bp->b_dev->bd_ndirty--;
		bst.ndirty--;
	}
	hash_remove(bp);
	bst.bufspace -= bp->b_bufsize;
	bst.nbufs--;
	bp->b_dev->bd_nbufs--;
	if (bp->b_data != NULL)
		fs_bufmem_free(bp->b_data, bp->b_bufsize);
	fs_free(bp);
}

/* Frees the least recently used clean buffer; 0 when there is none. */
static int
reclaim_clean(void)
{
	struct buf *bp = lru_head;

	if (bp == NULL)
		return (0);
	q_unlink(&lru_head, &lru_tail, bp);
	buf_destroy(bp);
	bst.recycled++;
	return (1);
}

static void
wakeup_waiters(struct buf *bp)
{
	if (bp->b_flags & B_WANTED) {
		bp->b_flags &= ~B_WANTED;
		fs_wakeup(bp);
	}
	if (needbuffer) {
		needbuffer = 0;
		fs_wakeup(&needbuffer);
	}
}

/*
 * The owner changes its buffer's flags under the lock too: others set
 * B_WANTED on a busy buffer, and a lost B_WANTED is a sleeper never woken.
 */
static void
buf_setflags(struct buf *bp, uint32_t flags)
{
	fs_mtx_lock(buf_lock);
	bp->b_flags |= flags;
	fs_mtx_unlock(buf_lock);
}

/* --- I/O ------------------------------------------------------------------ */

/* Checks and starts bp's I/O: the one way requests reach a driver. */
static void
bstrategy(struct buf *bp)
{
	struct bufdev *dev = bp->b_dev;
	uint64_t max = dev->bd_mediasize / DEV_BSIZE;

	bp->b_error = 0;
	bp->b_resid = bp->b_bcount;
	bp->b_iooffset = (uint64_t)bp->b_blkno * DEV_BSIZE;
	fs_mtx_lock(buf_lock);
	bp->b_flags &= ~B_DONE;
	if (bp->b_iocmd == BIO_WRITE) {
		dev->bd_writing++;
		bst.writes++;
	} else if (bp->b_iocmd == BIO_READ)
		bst.reads++;
	fs_mtx_unlock(buf_lock);
	if (bp->b_iocmd == BIO_FLUSH) {
		bp->b_iooffset = 0;
		dev->bd_strategy(dev, bp);
		return;
	}
	if (bp->b_blkno < 0 || (uint64_t)bp->b_blkno > max ||
	    bp->b_bcount > (max - (uint64_t)bp->b_blkno) * DEV_BSIZE ||
	    bp->b_iooffset % dev->bd_secsize != 0 || bp->b_bcount % dev->bd_secsize != 0 ||
	    bp->b_bcount == 0) {
		bp->b_error = EIO;	/* outside the device, or not whole sectors */
		bufdone(bp);
		return;
	}
	if (bp->b_iocmd == BIO_WRITE && dev->bd_readonly) {
		bp->b_error = EROFS;
		bufdone(bp);
		return;
	}
	dev->bd_strategy(dev, bp);
}

void
bufdone(struct buf *bp)
{
	struct bufdev *dev = bp->b_dev;

	fs_mtx_lock(buf_lock);
	bp->b_flags |= B_DONE;
	if (bp->b_iocmd == BIO_READ && bp->b_error == 0)
		bp->b_flags |= B_CACHE;		/* read-ahead buffers are released valid */
	if (bp->b_iocmd == BIO_WRITE && --dev->bd_writing == 0)
		fs_wakeup(&dev->bd_writing);
	if (bp->b_error != 0) {
		if (bp->b_iocmd == BIO_WRITE) {
			bst.write_errors++;
			if ((bp->b_flags & B_ASYNC) && dev->bd_error == 0)
				dev->bd_error = bp->b_error;
		} else
			bst.read_errors++;
		bp->b_flags |= B_INVAL;
	}
	if ((bp->b_flags & (B_ASYNC | B_NOCACHE)) == B_ASYNC) {
		fs_mtx_unlock(buf_lock);
		brelse(bp);
		return;
	}
	fs_wakeup(bp);
	fs_mtx_unlock(buf_lock);
}

static int
bufwait(struct buf *bp)
{
	fs_mtx_lock(buf_lock);
	while (!(bp->b_flags & B_DONE))
		fs_sleep(bp, buf_lock, "biowait", 0);
	fs_mtx_unlock(buf_lock);
	return (bp->b_error);
}

int
bufdev_io(struct bufdev *dev, int cmd, diskaddr_t blkno, void *data, size_t len)
{
	struct buf b;

	if ((len == 0) != (cmd == BIO_FLUSH) || len > UINT32_MAX)
		return (EINVAL);
	memset(&b, 0, sizeof(b));
	b.b_dev = dev;
	b.b_blkno = blkno;
	b.b_bcount = b.b_bufsize = (uint32_t)len;
	b.b_data = data;
	b.b_flags = B_BUSY | B_NOCACHE;
	b.b_iocmd = (uint8_t)cmd;
	bstrategy(&b);
	return (bufwait(&b));
}

/* --- getting and releasing buffers --------------------------------------- */

/* Starts writing one delayed buffer (the first device's oldest); 0 if none. */
static int
start_one_writeback(void)
{
	struct bufdev *dev;
	struct buf *bp;

	for (dev = bufdevs; dev != NULL; dev = dev->bd_next)
		if ((bp = dev->bd_dirty_head) != NULL) {
			q_unlink(&dev->bd_dirty_head, &dev->bd_dirty_tail, bp);
			bp->b_flags |= B_BUSY;
			fs_mtx_unlock(buf_lock);
			bawrite(bp);
			fs_mtx_lock(buf_lock);
			return (1);
		}
	return (0);
}

/* A new buffer of `size` bytes; buf_lock held.  NULL when memory ran out. */
static struct buf *
buf_create(struct bufdev *dev, diskaddr_t blkno, int size)
{
	struct buf *bp = fs_malloc(sizeof(*bp));

	if (bp == NULL)
		return (NULL);
	bp->b_data = fs_bufmem_alloc((size_t)size);
	if (bp->b_data == NULL) {
		fs_free(bp);
		return (NULL);
	}
	bp->b_dev = dev;
	bp->b_blkno = blkno;
	bp->b_bcount = bp->b_bufsize = (uint32_t)size;
	bp->b_flags = B_BUSY;
	bp->b_hnext = buf_hash[buf_hashidx(dev, blkno)];
	buf_hash[buf_hashidx(dev, blkno)] = bp;
	bst.bufspace += (uint64_t)size;
	bst.nbufs++;
	dev->bd_nbufs++;
	return (bp);
}

/* A cached buffer of another size: its old contents go (written first if dirty). */
static int
buf_resize(struct buf *bp, int size)
{
	void *data = fs_bufmem_alloc((size_t)size);

	if (data == NULL)
		return (ENOMEM);
	fs_bufmem_free(bp->b_data, bp->b_bufsize);
	bst.bufspace -= bp->b_bufsize;
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = (uint32_t)size;
	bst.bufspace += (uint64_t)size;
	bp->b_flags &= ~B_CACHE;
	return (0);
}

struct buf *
getblk(struct bufdev *dev, diskaddr_t blkno, int size, int flags)
{
	struct buf *bp;

	FS_ASSERT(size > 0 && size <= MAXBSIZE && size % (int)dev->bd_secsize == 0,
	    "getblk: bad size");
	FS_ASSERT(dev->bd_registered, "getblk: device not registered");
	fs_mtx_lock(buf_lock);
again:
	if ((bp = hash_lookup(dev, blkno)) != NULL) {
		if (bp->b_flags & B_BUSY) {
			if (flags & GB_NOWAIT)
				goto fail;
			bp->b_flags |= B_WANTED;
			bst.waits++;
			fs_sleep(bp, buf_lock, "getblk", 0);
			goto again;
		}
		buf_dequeue(bp);
		bp->b_flags |= B_BUSY;
		if (bp->b_bcount != (uint32_t)size) {
			if (bp->b_flags & B_DELWRI) {
				fs_mtx_unlock(buf_lock);
				bwrite(bp);	/* an error is the device's to report */
				fs_mtx_lock(buf_lock);
				goto again;
			}
			if (buf_resize(bp, size) != 0) {
				buf_destroy(bp);
				goto fail;
			}
		}
		fs_mtx_unlock(buf_lock);
		return (bp);
	}
	if (flags & GB_NOCREAT)
		goto fail;
	/* Room first: recycle clean buffers, else write dirty ones back. */
	while (bst.bufspace + (uint64_t)size > bst.maxbufspace && !reclaim_clean()) {
		if (flags & GB_NOWAIT)
			goto fail;
		start_one_writeback();
		if (bst.bufspace + (uint64_t)size > bst.maxbufspace && lru_head == NULL) {
			needbuffer = 1;
			bst.waits++;
			fs_sleep(&needbuffer, buf_lock, "newbuf", 1000);
		}
		goto again;	/* the block may have arrived meanwhile */
	}
	while ((bp = buf_create(dev, blkno, size)) == NULL)
		if (!reclaim_clean())
			goto fail;
	fs_mtx_unlock(buf_lock);
	return (bp);
fail:
	fs_mtx_unlock(buf_lock);
	return (NULL);
}

/* Starts a read of bp (busy, not valid). */
static void
bstart_read(struct buf *bp)
{
	bp->b_iocmd = BIO_READ;
	bstrategy(bp);
}

int
breadn(struct bufdev *dev, diskaddr_t blkno, int size, const diskaddr_t *rablkno,
    const int *rasize, int cnt, struct buf **bpp)
{
	struct buf *bp, *rabp;
	int i, reading = 0, error;

	*bpp = NULL;
	if ((bp = getblk(dev, blkno, size, 0)) == NULL)
		return (ENOMEM);
	fs_mtx_lock(buf_lock);
	if (bp->b_flags & B_CACHE)
		bst.hits++;
	else {
		bst.misses++;
		reading = 1;
	}
	fs_mtx_unlock(buf_lock);
	if (reading)
		bstart_read(bp);
	for (i = 0; i < cnt; i++) {
		rabp = getblk(dev, rablkno[i], rasize[i], GB_NOWAIT);
		if (rabp == NULL)
			continue;
		if (rabp->b_flags & B_CACHE) {
			brelse(rabp);
			continue;
		}
		fs_mtx_lock(buf_lock);
		bst.readahead++;
		rabp->b_flags |= B_ASYNC | B_READAHEAD;
		fs_mtx_unlock(buf_lock);
		bstart_read(rabp);
	}
	if (reading && (error = bufwait(bp)) != 0) {
		brelse(bp);		/* bufdone marked it B_INVAL */
		return (error);
	}
	buf_setflags(bp, B_CACHE);
	*bpp = bp;
	return (0);
}

int
bread(struct bufdev *dev, diskaddr_t blkno, int size, struct buf **bpp)
{
	return (breadn(dev, blkno, size, NULL, NULL, 0, bpp));
}

int
bwrite(struct buf *bp)
{
	int error, async;

	FS_ASSERT(bp->b_flags & B_BUSY, "bwrite: buffer not owned");
	fs_mtx_lock(buf_lock);
	if (bp->b_flags & B_DELWRI) {
		bp->b_flags &= ~B_DELWRI;
		bp->b_dev->bd_ndirty--;
		bst.ndirty--;
	}
	bp->b_flags |= B_CACHE;
	async = bp->b_flags & B_ASYNC;
	fs_mtx_unlock(buf_lock);
	bp->b_iocmd = BIO_WRITE;
	bstrategy(bp);
	if (async)
		return (0);
	error = bufwait(bp);
	brelse(bp);
	return (error);
}

void
bawrite(struct buf *bp)
{
	buf_setflags(bp, B_ASYNC);
	bwrite(bp);
}

void
bdwrite(struct buf *bp)
{
	FS_ASSERT(bp->b_flags & B_BUSY, "bdwrite: buffer not owned");
	fs_mtx_lock(buf_lock);
	if (!(bp->b_flags & B_DELWRI)) {
		bp->b_flags |= B_DELWRI;
		bp->b_dirtytime = fs_uptime_ms();
		bp->b_dev->bd_ndirty++;
		bst.ndirty++;
		bst.delwri++;
	}
	bp->b_flags |= B_CACHE;
	fs_mtx_unlock(buf_lock);
	brelse(bp);
}

void
brelse(struct buf *bp)
{
	struct bufdev *dev = bp->b_dev;

	FS_ASSERT(bp->b_flags & B_BUSY, "brelse: buffer not owned");
	FS_ASSERT(!(bp->b_flags & B_NOCACHE), "brelse: private buffer");
	fs_mtx_lock(buf_lock);
	bp->b_flags &= ~(B_BUSY | B_ASYNC | B_READAHEAD);
	wakeup_waiters(bp);
	if ((bp->b_flags & B_INVAL) || !(bp->b_flags & B_CACHE))
		buf_destroy(bp);
	else if (bp->b_flags & B_DELWRI)
		q_append(&dev->bd_dirty_head, &dev->bd_dirty_tail, bp, QUEUE_DIRTY);
	else
		q_append(&lru_head, &lru_tail, bp, QUEUE_CLEAN);
	fs_mtx_unlock(buf_lock);
}

void
clrbuf(struct buf *bp)
{
	memset(bp->b_data, 0, bp->b_bcount);
	buf_setflags(bp, B_CACHE);
}

void
binval(struct buf *bp)
{
	buf_setflags(bp, B_INVAL);
	brelse(bp);
}

/* --- write-back ----------------------------------------------------------- */

/*
 * Takes every dirty buffer of dev (all devices when dev is NULL) older
 * than `age_ms` off its list, busy, chained through b_qnext; buf_lock held.
 */
static struct buf *
collect_dirty(struct bufdev *dev, uint64_t age_ms)
{
	struct bufdev *d;
	struct buf *bp, *next, *list = NULL, **tailp = &list;
	uint64_t now = fs_uptime_ms();

	for (d = bufdevs; d != NULL; d = d->bd_next) {
		if (dev != NULL && d != dev)
			continue;
		for (bp = d->bd_dirty_head; bp != NULL; bp = next) {
			next = bp->b_qnext;
			if (now - bp->b_dirtytime < age_ms)
				continue;
			q_unlink(&d->bd_dirty_head, &d->bd_dirty_tail, bp);
			bp->b_flags |= B_BUSY;
			*tailp = bp;
			tailp = &bp->b_qnext;
		}
	}
	return (list);
}

static void
write_list(struct buf *bp)
{
	struct buf *next;

	for (; bp != NULL; bp = next) {
		next = bp->b_qnext;
		bp->b_qnext = NULL;
		bawrite(bp);
	}
}

void
buf_syncer_pass(uint64_t age_ms)
{
	struct buf *list;

	fs_mtx_lock(buf_lock);
	list = collect_dirty(NULL, age_ms);
	fs_mtx_unlock(buf_lock);
	write_list(list);
}

int
bufsync(struct bufdev *dev)
{
	struct buf *list;
	int error, ferror;

	fs_mtx_lock(buf_lock);
	list = collect_dirty(dev, 0);
	fs_mtx_unlock(buf_lock);
	write_list(list);
	fs_mtx_lock(buf_lock);
	while (dev->bd_writing > 0)
		fs_sleep(&dev->bd_writing, buf_lock, "bufsync", 0);
	error = dev->bd_error;
	dev->bd_error = 0;
	fs_mtx_unlock(buf_lock);
	if (dev->bd_flush != NULL && !dev->bd_readonly) {
		ferror = dev->bd_flush(dev);
		fs_mtx_lock(buf_lock);
		bst.flushes++;
		fs_mtx_unlock(buf_lock);
		if (error == 0)
			error = ferror;
	}
	return (error);
}

/* Drops dev's unowned buffers (dirty ones too when `dirty`); buf_lock held. */
static void
drop_buffers(struct bufdev *dev, int dirty)
{
	struct buf *bp, *next;

	for (bp = lru_head; bp != NULL; bp = next) {
		next = bp->b_qnext;
		if (bp->b_dev == dev) {
			q_unlink(&lru_head, &lru_tail, bp);
			buf_destroy(bp);
		}
	}
	while (dirty && (bp = dev->bd_dirty_head) != NULL) {
		q_unlink(&dev->bd_dirty_head, &dev->bd_dirty_tail, bp);
		buf_destroy(bp);
	}
}

void
bufinval_clean(struct bufdev *dev)
{
	fs_mtx_lock(buf_lock);
	drop_buffers(dev, 0);
	fs_mtx_unlock(buf_lock);
}

void
bufdev_register(struct bufdev *dev)
{
	FS_ASSERT(dev->bd_secsize >= DEV_BSIZE && (dev->bd_secsize & (dev->bd_secsize - 1)) == 0,
	    "bufdev_register: bad sector size");
	fs_mtx_lock(buf_lock);
	dev->bd_dirty_head = dev->bd_dirty_tail = NULL;
	dev->bd_ndirty = dev->bd_nbufs = dev->bd_writing = 0;
	dev->bd_error = 0;
	dev->bd_registered = 1;
	dev->bd_next = bufdevs;
	bufdevs = dev;
	fs_mtx_unlock(buf_lock);
}

void
bufdev_unregister(struct bufdev *dev)
{
	struct bufdev **pp;

	fs_mtx_lock(buf_lock);
	while (dev->bd_writing > 0)
		fs_sleep(&dev->bd_writing, buf_lock, "bufunreg", 0);
	if (dev->bd_ndirty > 0)
		fs_log("%s: %u delayed writes discarded\n", dev->bd_name, dev->bd_ndirty);
	drop_buffers(dev, 1);
	if (dev->bd_nbufs != 0)
		fs_log("%s: %u buffers still owned at detach\n", dev->bd_name, dev->bd_nbufs);
	for (pp = &bufdevs; *pp != NULL; pp = &(*pp)->bd_next)
		if (*pp == dev) {
			*pp = dev->bd_next;
			break;
		}
	dev->bd_registered = 0;
	fs_mtx_unlock(buf_lock);
}

void
bufstats_get(struct bufstats *st)
{
	fs_mtx_lock(buf_lock);
	*st = bst;
	fs_mtx_unlock(buf_lock);
}
