/*
 * The buffer cache, kernel side: the interface is fs/buf.h (portable, also
 * built into host tests); the kernel adds its start-up (sized from
 * physical memory, right after the real-time clock), the syncer thread
 * and the statistics (kernel/kern/vfs_bio_kern.c).
 */
#ifndef SYS_BUF_H
#define SYS_BUF_H

#include "fs/buf.h"

/* `vmstat -b`: the cache's size, buffers, dirty ones, hit rate. */
void	vmstat_buf(void);

#endif
