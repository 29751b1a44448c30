/*
 * net/net_platform.h for every host program that links net/ (the stack's
 * unit tests, the IPsec key engine and datapath tests, the fuzzers): libc
 * memory, a lock that only checks its own use (the programs are single
 * threaded, so a recursive or missing lock aborts at once), a clock the
 * test sets, and a seeded generator.  net_sleep cannot wait for another
 * thread, so it advances the clock by its timeout and reports the
 * timeout; waiting forever is a test bug.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/net_platform.h"
#include "tests/host/lib/net_host.h"

static uint64_t host_now_ms = 1000000;	/* uptime: not zero, like a real host */
static int host_locked;			/* net lock held */
static uint64_t host_rand = 0x9e3779b97f4a7c15ull;	/* xorshift state */

void *
net_malloc(size_t size)
{
	return (calloc(1, size ? size : 1));	/* malloc(0) may be NULL: not a failure */
}

void *
net_malloc_data(size_t size)
{
	return (malloc(size));
}

void
net_free(void *p)
{
	free(p);
}

uint64_t
net_uptime_ms(void)
{
	return (host_now_ms);
}

/* 0: the wall clock is the test clock, so dates are the seconds it set. */
uint64_t
net_boottime_sec(void)
{
	return (0);
}

void
net_host_set_time(uint64_t ms)
{
	host_now_ms = ms;
}

void
net_host_advance(uint64_t ms)
{
	host_now_ms += ms;
}

void
net_host_run_timers(uint64_t ms, void (*slowtimo)(void))
{
	uint64_t done;

	for (done = 0; done + NET_SLOWTIMO_MS <= ms; done += NET_SLOWTIMO_MS) {
		host_now_ms += NET_SLOWTIMO_MS;
		net_lock();
		slowtimo();
		net_unlock();
	}
	host_now_ms += ms - done;
}

static void
host_die(const char *why)
{
	fprintf(stderr, "net_host: %s\n", why);
	fflush(stdout);
	abort();
}

void
net_lock(void)
{
	if (host_locked)
		host_die("net_lock: already held (recursive locking)");
	host_locked = 1;
}

void
net_unlock(void)
{
	if (!host_locked)
		host_die("net_unlock: not held");
	host_locked = 0;
}

void
net_assert_locked(void)
{
	if (!host_locked)
		host_die("net_assert_locked: not held");
}

int
net_host_locked(void)
{
	return (host_locked);
}

int
net_owned(void)
{
	return (host_locked);	/* one thread */
}

int
net_sleep(const void *chan, uint32_t timeout_ms)
{
	(void)chan;
	net_assert_locked();
	if (timeout_ms == 0)
		host_die("net_sleep: would sleep forever in a single-threaded test");
	net_unlock();
	host_now_ms += timeout_ms;
	net_lock();
	return (NET_ETIMEDOUT);
}

void
net_wakeup(const void *chan)
{
	(void)chan;
}

void
net_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

uint32_t
net_random(void)
{
	host_rand ^= host_rand << 13;
	host_rand ^= host_rand >> 7;
	host_rand ^= host_rand << 17;
	return ((uint32_t)host_rand);
}
