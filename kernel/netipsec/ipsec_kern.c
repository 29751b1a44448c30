/*
 * Kernel glue of the key engine (net/ipsec/): start-up, the periodic
 * lifetime timer and the net.key sysctls.
 *
 *  - key_init() runs once the net lock exists and before anything could
 *    open a key socket (SI_SUB_DRIVERS, after net_init); the ESP/AH
 *    datapath attaches to the transforms and to IPv4's hooks then too;
 *  - a kernel thread calls key_timehandler() once a second with the net
 *    lock held: lifetimes (soft -> DYING + EXPIRE, hard -> removed +
 *    EXPIRE), larval timeouts and the ACQUIRE rate limiter all run there.
 *    A thread rather than a callout, like net's slow timeout, so a long
 *    sweep over many SAs never delays other callouts;
 *  - net.key.* sysctls show pfkeystat's counters.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/sysctl.h>

#include "net/net_platform.h"
#include "net/ipsec/key.h"
#include "net/ipsec/ipsec_var.h"
#include "net/ip.h"


static void
key_kern_init(const void *dummy __unused)
{
	net_lock();
	key_init();
	ipsec_attach();		/* ip_input/ip_output/ip_forward call IPsec from now on */
	net_unlock();
}
SYSINIT(key_init, SI_SUB_DRIVERS, SI_ORDER_MIDDLE, key_kern_init, NULL);

static void
key_timer_thread(void *arg __unused)
{
	for (;;) {
		pause_ticks("keytimer", hz > 0 ? hz : 100);
		net_lock();
		key_timehandler();
		net_unlock();
	}
}

static void
key_kern_threads(const void *dummy __unused)
{
	kthread_create(key_timer_thread, NULL, PRI_SOFT, NOCPU, "key timer");
}
SYSINIT(key_threads, SI_SUB_KTHREAD_INIT, SI_ORDER_MIDDLE, key_kern_threads, NULL);

SYSCTL_U64("net.key.stats.out_total", &pfkeystat.out_total,
    "PF_KEY messages written by key sockets");
SYSCTL_U64("net.key.stats.out_invalid", &pfkeystat.out_invalid,
    "PF_KEY messages refused by key_parse");
SYSCTL_U64("net.key.stats.in_total", &pfkeystat.in_total,
    "PF_KEY messages queued to key sockets");
SYSCTL_U64("net.key.stats.in_nomem", &pfkeystat.in_nomem,
    "PF_KEY messages dropped: receive queue full");
SYSCTL_U64("net.key.stats.acquire_sent", &pfkeystat.acquire_sent,
    "ACQUIRE messages sent to key managers");
SYSCTL_U64("net.key.stats.acquire_limited", &pfkeystat.acquire_limited,
    "ACQUIRE messages suppressed by the rate limit");
SYSCTL_U64("net.key.stats.expire_soft", &pfkeystat.expire_soft,
    "SAs that reached a soft lifetime");
SYSCTL_U64("net.key.stats.expire_hard", &pfkeystat.expire_hard,
    "SAs removed at a hard lifetime");
SYSCTL_U64("net.key.stats.larval_timeout", &pfkeystat.larval_timeout,
    "larval SAs dropped without UPDATE");
