/*
 * The host side of net/net_platform.h (net_host.c): what a test may
 * control (the clock) or inspect (the lock).
 */
#ifndef TESTS_HOST_LIB_NET_HOST_H
#define TESTS_HOST_LIB_NET_HOST_H

#include <stdint.h>

/* Set / advance the uptime net_uptime_ms() returns. */
void	 net_host_set_time(uint64_t ms);
void	 net_host_advance(uint64_t ms);
/* Advance ms milliseconds, calling slowtimo (the stack's net_slowtimo) every
   NET_SLOWTIMO_MS with the net lock held. */
void	 net_host_run_timers(uint64_t ms, void (*slowtimo)(void));
/* Whether the net lock is held (tests check entry points release it). */
int	 net_host_locked(void);

#endif
