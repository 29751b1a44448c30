/*
 * The host side of net/net_platform.h for unit tests: what a test may
 * control (the clock) or inspect (the lock).
 */
#ifndef TESTS_HOST_NET_NET_HOST_H
#define TESTS_HOST_NET_NET_HOST_H

#include <stdint.h>

/* Set / advance the uptime net_uptime_ms() returns. */
void	 net_host_set_time(uint64_t ms);
void	 net_host_advance(uint64_t ms);
/* Advance ms milliseconds, calling net_slowtimo() every NET_SLOWTIMO_MS. */
void	 net_host_run_timers(uint64_t ms);
/* Whether the net lock is held (tests check entry points release it). */
int	 net_host_locked(void);

#endif
