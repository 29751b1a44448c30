/*
 * The kernel's side of fs/fs_platform.h: what the portable storage code
 * (the buffer cache, GPT discovery, the FAT file system) needs, built on
 * kernel services.
 *
 *  - memory: kernel malloc, never sleeping (the cache allocates with its
 *    lock held); buffer data has a type of its own (`vmstat -m` shows the
 *    cache's size as "bufdata") and is physically contiguous, as every
 *    kernel malloc is (zone items never cross a page, large blocks are
 *    contiguous pages), so a buffer is one DMA segment;
 *  - locks: MTX_DEF sleep mutexes, checked by witness;
 *  - sleeping: msleep on the caller's channel with the mutex as interlock,
 *    the timeout converted from milliseconds to ticks;
 *  - time: uptime from the TSC, the wall clock from the RTC's boot time.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include "fs/fs_platform.h"

MALLOC_DEFINE(M_FS, "fs", "storage: buffer headers, FAT mounts and denodes");
MALLOC_DEFINE(M_BUFDATA, "bufdata", "buffer cache contents");

struct fs_mtx {
	struct mtx	m;
};

void *
fs_malloc(size_t size)
{
	return (malloc(size, M_FS, M_NOWAIT | M_ZERO));
}

void
fs_free(void *p)
{
	if (p != NULL)
		free(p, M_FS);
}

void *
fs_bufmem_alloc(size_t size)
{
	return (malloc(size, M_BUFDATA, M_NOWAIT));
}

void
fs_bufmem_free(void *p, size_t size)
{
	(void)size;
	free(p, M_BUFDATA);
}

struct fs_mtx *
fs_mtx_create(const char *name)
{
	struct fs_mtx *m = malloc(sizeof(*m), M_FS, M_NOWAIT | M_ZERO);

	if (m != NULL)
		mtx_init(&m->m, name, MTX_DEF);
	return (m);
}

void
fs_mtx_destroy(struct fs_mtx *m)
{
	free(m, M_FS);
}

void
fs_mtx_lock(struct fs_mtx *m)
{
	mtx_lock(&m->m);
}

void
fs_mtx_unlock(struct fs_mtx *m)
{
	mtx_unlock(&m->m);
}

int
fs_mtx_owned(struct fs_mtx *m)
{
	return (mtx_owned(&m->m));
}

int
fs_sleep(const void *chan, struct fs_mtx *m, const char *wmesg, uint32_t timeout_ms)
{
	int timo = 0;

	if (timeout_ms != 0) {
		timo = (int)((uint64_t)timeout_ms * (uint64_t)(hz > 0 ? hz : 100) / 1000);
		if (timo == 0)
			timo = 1;
	}
	return (msleep(chan, &m->m, wmesg, timo) == EWOULDBLOCK ? FS_ETIMEDOUT : 0);
}

void
fs_wakeup(const void *chan)
{
	wakeup(chan);
}

uint64_t
fs_uptime_ms(void)
{
	return (uptime_us() / 1000);
}

void
fs_realtime(int64_t *sec, uint32_t *nsec)
{
	uint64_t up = uptime_us();

	*sec = (int64_t)(boottime_sec + up / 1000000);
	*nsec = (uint32_t)(up % 1000000) * 1000;
}

void
fs_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int
fs_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

void
fs_panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	panic("%s", msg);
}
