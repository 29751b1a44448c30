/*
 * A block device over a file for host tests (tests/host/fs/fs_host.h).
 *
 * Synchronous mode does each request in the strategy call.  Asynchronous
 * mode queues it for a worker thread that picks queued requests in random
 * order, so completion order differs from submission order as on a real
 * device.  Faults: writes can start failing (EIO) after a number of them,
 * or start being silently dropped (a power cut: what was written before
 * is on the "disk", nothing after is); reads of a byte range can fail.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/host/fs/filedev.h"

_Static_assert(EIO == 5 && EROFS == 30, "Linux and FreeBSD agree on these errnos");

struct filedev_req {
	struct buf		*bp;
	struct filedev_req	*next;
};

static void
filedev_do(struct filedev *fd, struct buf *bp)
{
	uint64_t off = fd->fd_base + bp->b_iooffset;
	ssize_t n;

	if (bp->b_iocmd == BIO_FLUSH) {
		__atomic_add_fetch(&fd->fd_flushes, 1, __ATOMIC_SEQ_CST);
		if (fd->fd_mem == NULL && fdatasync(fd->fd_fd) != 0)
			bp->b_error = EIO;
		return;
	}
	if (bp->b_iocmd == BIO_READ) {
		__atomic_add_fetch(&fd->fd_reads, 1, __ATOMIC_SEQ_CST);
		if (bp->b_iooffset < fd->fd_bad_end &&
		    bp->b_iooffset + bp->b_bcount > fd->fd_bad_start) {
			bp->b_error = EIO;
			return;
		}
		if (fd->fd_mem != NULL) {
			memcpy(bp->b_data, fd->fd_mem + off, bp->b_bcount);
			n = (ssize_t)bp->b_bcount;
		} else
			n = pread(fd->fd_fd, bp->b_data, bp->b_bcount, (off_t)off);
	} else {
		long w = __atomic_add_fetch(&fd->fd_writes, 1, __ATOMIC_SEQ_CST);

		if (fd->fd_fail_writes_after >= 0 && w > fd->fd_fail_writes_after) {
			bp->b_error = EIO;
			return;
		}
		if (fd->fd_crash_after >= 0 && w > fd->fd_crash_after) {
			__atomic_add_fetch(&fd->fd_lost, 1, __ATOMIC_SEQ_CST);
			bp->b_resid = 0;
			return;
		}
		if (fd->fd_mem != NULL) {
			memcpy(fd->fd_mem + off, bp->b_data, bp->b_bcount);
			n = (ssize_t)bp->b_bcount;
		} else
			n = pwrite(fd->fd_fd, bp->b_data, bp->b_bcount, (off_t)off);
	}
	if (n < 0)
		bp->b_error = EIO;
	else if ((size_t)n < bp->b_bcount && bp->b_iocmd == BIO_READ) {
		memset((char *)bp->b_data + n, 0, bp->b_bcount - (size_t)n);	/* past EOF */
		bp->b_resid = 0;
	} else
		bp->b_resid = bp->b_bcount - (uint32_t)n;
	if (bp->b_resid != 0 && bp->b_error == 0)
		bp->b_error = EIO;
}

static void *
filedev_worker(void *arg)
{
	struct filedev *fd = arg;
	struct filedev_req *r, **pp;
	int pick;

	pthread_mutex_lock(&fd->fd_lock);
	for (;;) {
		while (fd->fd_queued == 0 && !fd->fd_stop)
			pthread_cond_wait(&fd->fd_cv, &fd->fd_lock);
		if (fd->fd_queued == 0)
			break;
		pick = rand() % fd->fd_queued;
		for (pp = &fd->fd_queue; pick-- > 0; pp = &(*pp)->next)
			;
		r = *pp;
		*pp = r->next;
		fd->fd_queued--;
		pthread_mutex_unlock(&fd->fd_lock);
		filedev_do(fd, r->bp);
		bufdone(r->bp);
		free(r);
		pthread_mutex_lock(&fd->fd_lock);
	}
	pthread_mutex_unlock(&fd->fd_lock);
	return (NULL);
}

static void
filedev_strategy(struct bufdev *dev, struct buf *bp)
{
	struct filedev *fd = (struct filedev *)dev;
	struct filedev_req *r;

	if (!fd->fd_async) {
		filedev_do(fd, bp);
		bufdone(bp);
		return;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL)
		abort();
	r->bp = bp;
	pthread_mutex_lock(&fd->fd_lock);
	r->next = fd->fd_queue;
	fd->fd_queue = r;
	fd->fd_queued++;
	pthread_cond_signal(&fd->fd_cv);
	pthread_mutex_unlock(&fd->fd_lock);
}

static int
filedev_flush(struct bufdev *dev)
{
	struct filedev *fd = (struct filedev *)dev;

	__atomic_add_fetch(&fd->fd_flushes, 1, __ATOMIC_SEQ_CST);
	if (fd->fd_crash_after >= 0 && fd->fd_writes > fd->fd_crash_after)
		return (0);	/* the power is off: nothing more reaches the disk */
	if (fd->fd_mem != NULL)
		return (0);
	return (fdatasync(fd->fd_fd) == 0 ? 0 : EIO);
}

int
filedev_open(struct filedev *fd, const char *name, const char *path, uint64_t offset,
    uint64_t size, uint32_t secsize, int readonly, int async)
{
	struct stat st;

	memset(fd, 0, sizeof(*fd));
	fd->fd_fail_writes_after = fd->fd_crash_after = -1;
	if ((fd->fd_fd = open(path, readonly ? O_RDONLY : O_RDWR)) < 0 ||
	    fstat(fd->fd_fd, &st) != 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (-1);
	}
	if (size == 0)
		size = (uint64_t)st.st_size > offset ? (uint64_t)st.st_size - offset : 0;
	snprintf(fd->fd_dev.bd_name, sizeof(fd->fd_dev.bd_name), "%s", name);
	fd->fd_dev.bd_secsize = secsize;
	fd->fd_dev.bd_mediasize = size / secsize * secsize;
	fd->fd_dev.bd_readonly = readonly;
	fd->fd_dev.bd_strategy = filedev_strategy;
	fd->fd_dev.bd_flush = filedev_flush;
	fd->fd_dev.bd_softc = fd;
	fd->fd_base = offset;
	fd->fd_async = async;
	if (async) {
		pthread_mutex_init(&fd->fd_lock, NULL);
		pthread_cond_init(&fd->fd_cv, NULL);
		pthread_create(&fd->fd_worker, NULL, filedev_worker, fd);
	}
	return (0);
}

void
filedev_open_mem(struct filedev *fd, const char *name, uint8_t *mem, uint64_t size,
    uint32_t secsize)
{
	memset(fd, 0, sizeof(*fd));
	fd->fd_fail_writes_after = fd->fd_crash_after = -1;
	fd->fd_fd = -1;
	fd->fd_mem = mem;
	snprintf(fd->fd_dev.bd_name, sizeof(fd->fd_dev.bd_name), "%s", name);
	fd->fd_dev.bd_secsize = secsize;
	fd->fd_dev.bd_mediasize = size / secsize * secsize;
	fd->fd_dev.bd_strategy = filedev_strategy;
	fd->fd_dev.bd_flush = filedev_flush;
	fd->fd_dev.bd_softc = fd;
}

void
filedev_close(struct filedev *fd)
{
	if (fd->fd_async) {
		pthread_mutex_lock(&fd->fd_lock);
		fd->fd_stop = 1;
		pthread_cond_signal(&fd->fd_cv);
		pthread_mutex_unlock(&fd->fd_lock);
		pthread_join(fd->fd_worker, NULL);
	}
	if (fd->fd_fd >= 0)
		close(fd->fd_fd);
}
