/*
 * net_platform.h for the IPsec host tests and the key_parse fuzzer: libc
 * memory, a net lock that only checks it is held (the tests are single
 * threaded), a fake clock the test advances, and a seeded generator.
 *
 * net_sleep() cannot block in a single thread: it returns NET_ETIMEDOUT at
 * once, so key_socket_recv() with a timeout behaves like a poll.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "net/net_platform.h"
#include "tests/host/lib/ipsec_host.h"

static uint64_t host_now_ms;		/* the fake clock */
static int host_locked;			/* net lock depth */
static uint32_t host_rand = 12345;	/* xorshift state */

void *
net_malloc(size_t size)
{
	return (calloc(1, size ? size : 1));
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

void
host_clock_advance(uint64_t ms)
{
	host_now_ms += ms;
}

void
host_clock_set(uint64_t ms)
{
	host_now_ms = ms;
}

void
net_lock(void)
{
	if (host_locked) {
		fprintf(stderr, "net lock taken twice\n");
		abort();
	}
	host_locked = 1;
}

void
net_unlock(void)
{
	if (!host_locked) {
		fprintf(stderr, "net lock released but not held\n");
		abort();
	}
	host_locked = 0;
}

void
net_assert_locked(void)
{
	if (!host_locked) {
		fprintf(stderr, "net lock not held\n");
		abort();
	}
}

int
net_sleep(const void *chan, uint32_t timeout_ms)
{
	(void)chan;
	(void)timeout_ms;
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
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int
net_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return (vsnprintf(buf, size, fmt, ap));
}

int
net_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

uint32_t
net_random(void)
{
	host_rand ^= host_rand << 13;
	host_rand ^= host_rand >> 17;
	host_rand ^= host_rand << 5;
	return (host_rand);
}
