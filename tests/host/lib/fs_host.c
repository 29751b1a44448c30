/*
 * fs/fs_platform.h for host tests: libc memory, pthread mutexes, and one
 * condition variable for every sleep channel (fs_wakeup wakes all
 * sleepers, each re-checks its own condition, which is what callers of
 * fs_sleep do anyway).  Time is the real monotonic clock plus an offset a
 * test may add (fs_host_advance) to age delayed writes without waiting.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fs/fs_platform.h"
#include "tests/host/lib/fs_host.h"

struct fs_mtx {
	pthread_mutex_t	m;
	pthread_t	owner;
	int		held;
	const char	*name;
};

static pthread_mutex_t chan_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t chan_cv = PTHREAD_COND_INITIALIZER;
static uint64_t wake_gen;		/* bumped by every fs_wakeup */
static uint64_t host_offset_ms;		/* fs_host_advance() */

void *
fs_malloc(size_t size)
{
	return (calloc(1, size));
}

void
fs_free(void *p)
{
	free(p);
}

void *
fs_bufmem_alloc(size_t size)
{
	if (size == 0 || size % 512 != 0)
		fs_panic("fs_bufmem_alloc(%zu): not whole sectors", size);
	return (calloc(1, size));
}

void
fs_bufmem_free(void *p, size_t size)
{
	(void)size;
	free(p);
}

struct fs_mtx *
fs_mtx_create(const char *name)
{
	struct fs_mtx *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return (NULL);
	pthread_mutex_init(&m->m, NULL);
	m->name = name;
	return (m);
}

void
fs_mtx_destroy(struct fs_mtx *m)
{
	if (m->held)
		fs_panic("fs_mtx_destroy(%s): held", m->name);
	pthread_mutex_destroy(&m->m);
	free(m);
}

void
fs_mtx_lock(struct fs_mtx *m)
{
	if (m->held && pthread_equal(m->owner, pthread_self()))
		fs_panic("fs_mtx_lock(%s): recursion", m->name);
	pthread_mutex_lock(&m->m);
	m->owner = pthread_self();
	m->held = 1;
}

void
fs_mtx_unlock(struct fs_mtx *m)
{
	if (!fs_mtx_owned(m))
		fs_panic("fs_mtx_unlock(%s): not owner", m->name);
	m->held = 0;
	pthread_mutex_unlock(&m->m);
}

int
fs_mtx_owned(struct fs_mtx *m)
{
	return (m->held && pthread_equal(m->owner, pthread_self()));
}

int
fs_sleep(const void *chan, struct fs_mtx *m, const char *wmesg, uint32_t timeout_ms)
{
	struct timespec ts;
	uint64_t gen;
	int rc = 0;

	(void)chan;
	(void)wmesg;
	/* Take the channel lock before dropping m: a wakeup in between is seen. */
	pthread_mutex_lock(&chan_lock);
	gen = wake_gen;
	fs_mtx_unlock(m);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms ? timeout_ms / 1000 : 5;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (gen == wake_gen && rc == 0)
		rc = pthread_cond_timedwait(&chan_cv, &chan_lock, &ts);
	pthread_mutex_unlock(&chan_lock);
	fs_mtx_lock(m);
	if (gen == wake_gen && timeout_ms == 0)
		fs_panic("fs_sleep(%s): nobody woke it in 5 s (a lost wakeup or a hang)", wmesg);
	return (gen == wake_gen ? FS_ETIMEDOUT : 0);
}

void
fs_wakeup(const void *chan)
{
	(void)chan;
	pthread_mutex_lock(&chan_lock);
	wake_gen++;
	pthread_cond_broadcast(&chan_cv);
	pthread_mutex_unlock(&chan_lock);
}

uint64_t
fs_uptime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000 + host_offset_ms);
}

void
fs_host_advance(uint64_t ms)
{
	__atomic_add_fetch(&host_offset_ms, ms, __ATOMIC_SEQ_CST);
}

static int64_t fixed_time_sec = -1;	/* fs_host_set_realtime() */

void
fs_host_set_realtime(int64_t sec)
{
	fixed_time_sec = sec;
}

void
fs_realtime(int64_t *sec, uint32_t *nsec)
{
	struct timespec ts;

	if (fixed_time_sec >= 0) {
		*sec = fixed_time_sec;
		*nsec = 0;
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	*sec = ts.tv_sec;
	*nsec = (uint32_t)ts.tv_nsec;
}

void
fs_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
}

int
fs_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

void
fs_panic(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "fs panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
