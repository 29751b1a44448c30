/*
 * The buffer cache: FreeBSD's buffer interface over block devices.
 *
 * A file system reads and writes a device through buffers named by
 * (device, block number, size).  getblk() returns the buffer BUSY (owned
 * by the caller alone), creating it if needed; bread() also makes its
 * contents valid (B_CACHE), reading the device on a miss.  The owner gives
 * the buffer back with exactly one of
 *
 *   brelse(bp)    keep it cached as it is (clean, or still dirty)
 *   bdwrite(bp)   mark it dirty (B_DELWRI): written later by the syncer,
 *                 by bufsync(), or when its memory is needed
 *   bawrite(bp)   write it now, without waiting
 *   bwrite(bp)    write it now and wait; returns the write's error
 *
 * Released buffers stay in the cache on LRU lists: clean ones are reused
 * least-recently-used first when the cache reaches its size (bufspace,
 * set by bufinit() from physical memory); dirty ones are written back
 * oldest first.
 *
 * Block numbers are in DEV_BSIZE (512-byte) units whatever the device's
 * sector size; sizes are multiples of the device's sector size, at most
 * MAXBSIZE.  A file system must always read a given block with the same
 * size (buffers are found by their first block only; overlapping buffers
 * of different sizes would alias).
 *
 * Devices: a driver fills a struct bufdev (name, sector size, size, a
 * strategy routine), registers it with bufdev_register(), and completes
 * each I/O it was given with bufdone(), from thread context.  The strategy
 * routine sees only checked requests: whole sectors, inside the device.
 *
 * Errors: a failed read leaves no buffer behind (bread returns the error).
 * A failed write loses that buffer's data (it is dropped from the cache,
 * not retried forever): bwrite() returns the error; for delayed and
 * asynchronous writes the error is remembered on the device and returned
 * by the next bufsync() -- as fsync(2) reports write-back errors.
 *
 * Locking: one lock covers the cache's lists and every buffer's flags
 * (owners change flags only through these functions); B_BUSY is the
 * per-buffer lock, slept on by those who want the buffer.  The owner may
 * use b_data, b_bcount and b_blkno freely.
 */
#ifndef FS_BUF_H
#define FS_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef int64_t diskaddr_t;		/* block number, DEV_BSIZE units */

#define DEV_BSHIFT	9
#define DEV_BSIZE	(1 << DEV_BSHIFT)
#define MAXBSIZE	65536		/* largest buffer */

struct buf;
struct bufdev;

/* Start the I/O bp->b_iocmd describes at byte bp->b_iooffset; finish with bufdone(). */
typedef void bufdev_strategy_t(struct bufdev *dev, struct buf *bp);
/* Make completed writes stable (a volatile write cache flushed); may sleep. */
typedef int bufdev_flush_t(struct bufdev *dev);

struct bufdev {
	char		 bd_name[32];	/* "vtbd0p1": for messages */
	uint32_t	 bd_secsize;	/* bytes per sector: a power of two >= DEV_BSIZE */
	uint64_t	 bd_mediasize;	/* bytes */
	int		 bd_readonly;	/* writes fail with EROFS */
	bufdev_strategy_t *bd_strategy;	/* the driver's I/O routine */
	bufdev_flush_t	*bd_flush;	/* NULL: nothing to flush */
	void		*bd_softc;	/* the driver's */

	/* The buffer cache's own, under its lock (zero them before registering). */
	struct buf	*bd_dirty_head;	/* delayed writes, oldest first */
	struct buf	*bd_dirty_tail;
	struct bufdev	*bd_next;	/* registered devices, for the syncer */
	uint32_t	 bd_ndirty;	/* buffers on the dirty list */
	uint32_t	 bd_nbufs;	/* buffers of this device in the cache */
	uint32_t	 bd_writing;	/* writes in flight */
	int		 bd_error;	/* first unreported write-back error */
	int		 bd_registered;
};

struct buf {
	struct bufdev	*b_dev;		/* the device */
	diskaddr_t		 b_blkno;	/* first block, DEV_BSIZE units */
	uint64_t	 b_iooffset;	/* byte offset the strategy routine uses */
	uint32_t	 b_bcount;	/* bytes of data (the size getblk was asked) */
	uint32_t	 b_bufsize;	/* bytes allocated at b_data */
	void		*b_data;	/* the contents */
	uint32_t	 b_flags;	/* B_* */
	uint8_t		 b_iocmd;	/* BIO_* for the strategy routine */
	int		 b_error;	/* errno of the I/O, 0 when it succeeded */
	uint32_t	 b_resid;	/* bytes not transferred */
	uint64_t	 b_dirtytime;	/* uptime (ms) when it became dirty */
	void		*b_driver1;	/* the driver's, while the I/O is in flight */
	/* cache linkage (under the cache lock) */
	struct buf	*b_hnext;	/* hash chain */
	struct buf	*b_qnext;	/* LRU or dirty list */
	struct buf	*b_qprev;
	int		 b_qindex;	/* which list it is on (QUEUE_*, vfs_bio.c) */
};

/* b_flags */
#define B_BUSY		0x0001	/* owned by a thread or by I/O in flight */
#define B_WANTED	0x0002	/* someone sleeps waiting for it */
#define B_CACHE		0x0004	/* contents valid */
#define B_DELWRI	0x0008	/* dirty: to be written back */
#define B_ASYNC		0x0010	/* released by bufdone() when the I/O finishes */
#define B_DONE		0x0020	/* I/O finished */
#define B_INVAL		0x0040	/* drop it when released */
#define B_NOCACHE	0x0080	/* a private header (bufdev_io): not in the cache */
#define B_READAHEAD	0x0100	/* an asynchronous read-ahead */

/* b_iocmd */
#define BIO_READ	1
#define BIO_WRITE	2
#define BIO_FLUSH	3	/* no data: earlier completed writes made stable */

/* getblk flags */
#define GB_NOWAIT	0x0001	/* return NULL rather than sleep (busy buffer, full cache) */
#define GB_NOCREAT	0x0002	/* only a buffer already cached */

/* Set the cache's size (bytes of buffer data) and allocate its hash. */
int	 bufinit(uint64_t maxbufspace);

void	 bufdev_register(struct bufdev *dev);
/* Drops every buffer of dev (callers bufsync() first to keep dirty data). */
void	 bufdev_unregister(struct bufdev *dev);

struct buf *getblk(struct bufdev *dev, diskaddr_t blkno, int size, int flags);
int	 bread(struct bufdev *dev, diskaddr_t blkno, int size, struct buf **bpp);
/* bread, and start asynchronous reads of the `cnt` blocks rablkno[] (sizes rasize[]). */
int	 breadn(struct bufdev *dev, diskaddr_t blkno, int size, const diskaddr_t *rablkno,
	    const int *rasize, int cnt, struct buf **bpp);
int	 bwrite(struct buf *bp);
void	 bawrite(struct buf *bp);
void	 bdwrite(struct buf *bp);
void	 brelse(struct buf *bp);
void	 clrbuf(struct buf *bp);	/* zero the contents, mark them valid */
void	 binval(struct buf *bp);	/* release, dropping the contents */

/* The driver's completion call for every request it was given. */
void	 bufdone(struct buf *bp);

/*
 * Writes every delayed buffer of dev, waits for all of dev's writes, then
 * asks the device to flush its cache.  Returns the first write error since
 * the last bufsync (then forgotten), else the flush's result.
 */
int	 bufsync(struct bufdev *dev);
/* Drops dev's clean cached buffers (e.g. after a failed mount). */
void	 bufinval_clean(struct bufdev *dev);

/* The syncer's pass: starts writing every delayed buffer older than age_ms. */
void	 buf_syncer_pass(uint64_t age_ms);

/*
 * Uncached synchronous I/O of len bytes at block blkno (data: fs_bufmem
 * memory).  BIO_FLUSH (blkno, data and len 0) is how a driver's bd_flush
 * sends a flush request through its own strategy routine.
 */
int	 bufdev_io(struct bufdev *dev, int cmd, diskaddr_t blkno, void *data, size_t len);

struct bufstats {
	uint64_t	bufspace;	/* bytes of buffer data now held */
	uint64_t	maxbufspace;	/* the cache's size */
	uint64_t	nbufs;		/* buffers cached */
	uint64_t	ndirty;		/* delayed writes pending */
	uint64_t	hits;		/* getblk found valid contents */
	uint64_t	misses;		/* bread had to read the device */
	uint64_t	reads;		/* read requests sent to devices */
	uint64_t	writes;		/* write requests sent to devices */
	uint64_t	delwri;		/* bdwrite() of a clean buffer */
	uint64_t	readahead;	/* read-ahead requests started */
	uint64_t	recycled;	/* clean buffers reused for others */
	uint64_t	flushes;	/* device cache flushes */
	uint64_t	read_errors;
	uint64_t	write_errors;
	uint64_t	waits;		/* sleeps for a busy buffer or for space */
};
void	 bufstats_get(struct bufstats *st);

#endif /* FS_BUF_H */
