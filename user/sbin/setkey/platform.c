/*
 * What net/ipsec's setkey code needs from net/net_platform.h, over libc:
 * memory, the clocks (for the dates it prints) and a log.  Only what the
 * linked files call: the lock, sleeps and the datapath's calls are not.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "net/net_platform.h"

void *
net_malloc(size_t size)
{
	return (calloc(1, size));
}

void
net_free(void *p)
{
	free(p);
}

static uint64_t
clock_ms(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

uint64_t
net_uptime_ms(void)
{
	return (clock_ms(CLOCK_MONOTONIC));
}

/* The wall clock less the uptime: key_walltime() gives back the date. */
uint64_t
net_boottime_sec(void)
{
	return ((clock_ms(CLOCK_REALTIME) - clock_ms(CLOCK_MONOTONIC)) / 1000);
}

void
net_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
