/*
 * A block device over a file for the fs/ host tests (tests/host/fs/
 * filedev.c): a whole image or a window of it, completing I/O in the
 * caller or on a worker thread in random order, with injected faults.
 */
#ifndef TESTS_HOST_FS_FILEDEV_H
#define TESTS_HOST_FS_FILEDEV_H

#include <pthread.h>
#include <stdint.h>

#include "fs/buf.h"

struct filedev_req;

struct filedev {
	struct bufdev	 fd_dev;		/* first: the buffer cache's view */
	int		 fd_fd;			/* the image, or -1: in memory */
	uint8_t		*fd_mem;		/* the image in memory (filedev_open_mem) */
	uint64_t	 fd_base;		/* byte offset of the device in it */
	/* asynchronous mode: a worker thread completes requests in random order */
	int		 fd_async;
	pthread_t	 fd_worker;
	pthread_mutex_t	 fd_lock;
	pthread_cond_t	 fd_cv;
	struct filedev_req *fd_queue;
	int		 fd_queued;
	int		 fd_stop;
	/* faults */
	long		 fd_fail_writes_after;	/* >= 0: writes past this many fail with EIO */
	long		 fd_crash_after;	/* >= 0: writes past this many are silently lost */
	uint64_t	 fd_bad_start, fd_bad_end; /* reads of bytes in [start, end) fail */
	/* counters */
	long		 fd_reads, fd_writes, fd_flushes, fd_lost;
};

/* 0, or -1 with a message on stderr.  size 0: to the end of the file. */
int	filedev_open(struct filedev *fd, const char *name, const char *path, uint64_t offset,
	    uint64_t size, uint32_t secsize, int readonly, int async);
/* A device over memory: the caller's `size` bytes at mem (fuzzers). */
void	filedev_open_mem(struct filedev *fd, const char *name, uint8_t *mem, uint64_t size,
	    uint32_t secsize);
void	filedev_close(struct filedev *fd);

#endif
