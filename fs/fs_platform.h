/*
 * What the portable storage code (fs/: the buffer cache, GPT discovery,
 * the FAT file system) needs from whatever it runs on.
 *
 * fs/ is compiled twice: into the kernel, where kernel/fs/fs_kern.c
 * implements this over kernel malloc, sleep mutexes, msleep/wakeup and the
 * clocks; and into Linux host tests under ASan/UBSan, where
 * tests/host/fs/fs_host.c implements it over libc and pthreads.  Nothing in
 * fs/ includes a kernel or libc header beyond the freestanding ones,
 * <string.h> and the error numbers (kernel/sys/errno.h: FreeBSD's values,
 * plain constants usable on both sides).
 *
 * Every function here may be called from thread context only; the ones
 * that may sleep say so.
 */
#ifndef FS_FS_PLATFORM_H
#define FS_FS_PLATFORM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Memory: zeroed on success, NULL when exhausted (never sleeps). */
void	*fs_malloc(size_t size);
void	 fs_free(void *p);

/*
 * Memory for buffer data, which devices reach by DMA: physically
 * contiguous in the kernel.  `size` is a multiple of 512; NULL when
 * exhausted (never sleeps).
 */
void	*fs_bufmem_alloc(size_t size);
void	 fs_bufmem_free(void *p, size_t size);

/* A sleep lock (kernel: an MTX_DEF mutex, witness-checked). */
struct fs_mtx;
struct fs_mtx *fs_mtx_create(const char *name);	/* NULL when out of memory */
void	 fs_mtx_destroy(struct fs_mtx *m);
void	 fs_mtx_lock(struct fs_mtx *m);
void	 fs_mtx_unlock(struct fs_mtx *m);
int	 fs_mtx_owned(struct fs_mtx *m);

/*
 * Sleeps on `chan` with `m` held: releases it, sleeps until fs_wakeup(chan)
 * or `timeout_ms` (0 = no timeout) and takes it again.  Returns 0 when
 * woken, FS_ETIMEDOUT on timeout.  Callers re-check their condition.
 */
#define FS_ETIMEDOUT	60
int	 fs_sleep(const void *chan, struct fs_mtx *m, const char *wmesg, uint32_t timeout_ms);
void	 fs_wakeup(const void *chan);

/* Time since boot (the syncer's ages), and the wall clock (file times). */
uint64_t fs_uptime_ms(void);
void	 fs_realtime(int64_t *sec, uint32_t *nsec);

/* Console/log output ("vtbd0p1: ..."), and a bounded formatter. */
void	 fs_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int	 fs_snprintf(char *buf, size_t size, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* A broken internal invariant: the kernel panics, the host test aborts. */
void	 fs_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define FS_ASSERT(cond, msg)	do { if (!(cond)) fs_panic("%s:%d: %s", \
				    __FILE__, __LINE__, (msg)); } while (0)

#endif /* FS_FS_PLATFORM_H */
