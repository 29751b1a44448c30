/*
 * What the network stack (net/) needs from whatever it runs on.
 *
 * net/ is compiled twice: into the kernel, where kernel/net/net_kern.c
 * implements this interface over kernel malloc, a sleep mutex, sleep
 * queues and the uptime clock; and into Linux host tests under ASan/UBSan,
 * where tests/host/lib/net_host.c implements it over libc with a clock the
 * test sets.  Nothing in net/ includes a kernel or a libc header beyond
 * the freestanding ones and <string.h>; common/ (<sanpo/...>) is linked
 * into both.
 *
 * Concurrency model: one lock, the net lock, covers all protocol state
 * (interfaces' addresses, ARP, routes, reassembly, sockets, SADB/SPD).
 * Drivers call ifp->if_input() without it; the stack takes it.  The stack
 * calls ifp->if_transmit() with it held, so a driver's transmit must not
 * sleep.  Timers are one "slow timeout" the platform calls every
 * NET_SLOWTIMO_MS with the net lock held.
 */
#ifndef NET_NET_PLATFORM_H
#define NET_NET_PLATFORM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NET_SLOWTIMO_MS	500

/* Memory: zeroed on success, NULL when exhausted (never sleeps). */
void	*net_malloc(size_t size);
/*
 * The same, not zeroed: packet data (clusters), which the platform may
 * serve from a cache of recently freed blocks.  Freed with net_free().
 */
void	*net_malloc_data(size_t size);
void	 net_free(void *p);

/* Time since boot. */
uint64_t net_uptime_ms(void);
/*
 * The wall clock at boot, seconds since 1970 (0 if unknown): PF_KEY
 * reports SA creation and use times as dates, as FreeBSD's key engine does.
 */
uint64_t net_boottime_sec(void);

/* The net lock (see above).  net_assert_locked() panics/aborts if not held. */
void	 net_lock(void);
void	 net_unlock(void);
void	 net_assert_locked(void);
/* 1 if the calling thread holds the net lock (a crypto callback run inline) */
int	 net_owned(void);

/*
 * Sleep on `chan` with the net lock held: drops it, sleeps until
 * net_wakeup(chan) or `timeout_ms` (0 = forever), retakes it.  Returns 0
 * when woken, NET_ETIMEDOUT on timeout.
 */
#define NET_ETIMEDOUT	60
int	 net_sleep(const void *chan, uint32_t timeout_ms);
void	 net_wakeup(const void *chan);

/*
 * Console/log output.  (Formatting into a buffer needs no platform: the
 * stack uses the common library's ksnprintf, <sanpo/kvprintf.h>.)
 */
void	 net_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Random numbers (kernel: arc4random; host: a seeded generator). */
uint32_t net_random(void);

#endif /* NET_NET_PLATFORM_H */
