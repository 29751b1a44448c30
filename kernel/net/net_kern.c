/*
 * The kernel's side of net/net_platform.h: what the portable network
 * stack needs from its host, built on kernel services.
 *
 *  - memory: kernel malloc with its own type (M_NET, `vmstat -m`), never
 *    sleeping, since the stack allocates with the net lock held and from
 *    driver receive threads;
 *  - the net lock: one sleep mutex (MTX_DEF), initialised early (at
 *    SI_SUB_LOCK) so that drivers attaching interfaces before the protocols
 *    start can already take it;
 *  - sleeping: msleep/wakeup on the caller's channel with the net lock as
 *    interlock, timeouts converted from milliseconds to ticks;
 *  - time: uptime from the calibrated TSC; randomness from arc4random;
 *  - the slow timeout: a kernel thread calling net_slowtimo() every
 *    NET_SLOWTIMO_MS with the lock held (a thread rather than a callout so
 *    that a long ARP or reassembly sweep never delays other callouts);
 *  - IPsec's crypto path: once the APs run, the per-CPU crypto workers
 *    when there is more than one CPU (packets a multiqueue NIC spreads are
 *    then encrypted in parallel), else the direct path; the loader
 *    tunable net.inet.ipsec.crypto_workers (0 or 1) decides instead;
 *  - start-up: net_init() runs at SI_SUB_DRIVERS, SI_ORDER_FIRST, not at
 *    FreeBSD's SI_SUB_PROTO_DOMAIN: net/netstat.h wants it before any
 *    interface attaches, and the PCI drivers attach theirs at
 *    SI_SUB_CONFIGURE, which comes before SI_SUB_PROTO_DOMAIN here;
 *  - lo0, after the NICs (net_loop_attach);
 *  - the UDP echo service on port 7 (RFC 862, inetd's internal one), once
 *    the APs run, except in single-user mode.  Interfaces, routes and
 *    forwarding are /etc/rc's, with the ifconfig, route, dhclient and
 *    sysctl programs: the kernel configures no network by itself
 *    beyond lo0's 127.0.0.1.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <sys/sysctl.h>
#include <machine/vmparam.h>

#include "net/net_platform.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/mbuf.h"
#include "net/ipsec/ipsec_var.h"
#include "net/netstat.h"
#include "net/udp_var.h"
#include <net/net_kern.h>

MALLOC_DEFINE(M_NET, "net", "network stack: mbufs, clusters, protocol state");
/* vmstat -m's line for it, for user space (/proc/sys/net/malloc/...). */
SYSCTL_U64("net.malloc.memuse", &M_NET[0].ks_memuse,
    "bytes the network stack holds (net/, key engine included)");
SYSCTL_U64("net.malloc.inuse", &M_NET[0].ks_inuse, "blocks the network stack holds");

/* The largest single allocation net/ makes is a jumbo cluster. */
_Static_assert(MJUM9BYTES <= 64 * 1024, "jumbo clusters must fit a malloc");
_Static_assert(sizeof(struct mbuf) < MSIZE, "mbuf header leaves no data room");

static struct mtx net_mtx;		/* the net lock (net_platform.h) */
static volatile int net_started;	/* net_init() has run */

void *
net_malloc(size_t size)
{
	return (malloc(size, M_NET, M_NOWAIT | M_ZERO));
}

/*
 * The cluster cache.  A cluster (2 KiB and its reference count) is a
 * one-page block of kernel malloc, which takes and gives back a page of
 * the physical allocator each time -- a tenth of a busy network CPU's time
 * (kprof), since a zero-copy receive ring replaces a cluster per frame.
 * Freed one-page blocks stay instead on a per-CPU list, up to
 * NET_CACHE_MAX each, for net_malloc_data() to hand out again.  Only
 * threads use the lists (drivers' interrupt handlers allocate nothing),
 * each its own CPU's, in a critical section: no lock.
 */
#define NET_CACHE_MAX	256
/* requests the cache serves: more than the largest zone, surely within a page */
#define NET_CACHE_MIN	2049
#define NET_CACHE_SIZE	(PAGE_SIZE - 256)

struct net_cache {
	void		*nc_head;	/* free blocks, linked through their first word */
	unsigned	 nc_count;
	uint64_t	 nc_hits, nc_misses;
};
static struct net_cache net_cache[MAXCPU];

void *
net_malloc_data(size_t size)
{
	struct net_cache *nc;
	void *p = NULL;

	if (size < NET_CACHE_MIN || size > NET_CACHE_SIZE)
		return (malloc(size, M_NET, M_NOWAIT));
	critical_enter();
	nc = &net_cache[curcpu];
	if ((p = nc->nc_head) != NULL) {
		nc->nc_head = *(void **)p;
		nc->nc_count--;
		nc->nc_hits++;
	} else
		nc->nc_misses++;
	critical_exit();
	/* a miss asks for the whole page, so any cached block fits any request */
	return (p != NULL ? p : malloc(NET_CACHE_SIZE, M_NET, M_NOWAIT));
}

void
net_free(void *p)
{
	struct net_cache *nc;

	if (p == NULL)
		return;
	if (malloc_usable_size(p) >= NET_CACHE_SIZE && malloc_usable_size(p) < PAGE_SIZE) {
		critical_enter();
		nc = &net_cache[curcpu];
		if (nc->nc_count < NET_CACHE_MAX) {
			*(void **)p = nc->nc_head;
			nc->nc_head = p;
			nc->nc_count++;
			p = NULL;
		}
		critical_exit();
		if (p == NULL)
			return;
	}
	free(p, M_NET);
}

static void
net_cache_stats(char *buf, size_t len)
{
	uint64_t hits = 0, misses = 0, held = 0;
	unsigned c;

	for (c = 0; c < MAXCPU; c++) {
		hits += net_cache[c].nc_hits;
		misses += net_cache[c].nc_misses;
		held += net_cache[c].nc_count;
	}
	snprintf(buf, len, "hits %llu misses %llu held %llu", (unsigned long long)hits,
	    (unsigned long long)misses, (unsigned long long)held);
}
SYSCTL_PROC("net.cluster_cache", net_cache_stats, "per-CPU cache of freed clusters");

uint64_t
net_uptime_ms(void)
{
	return (uptime_us() / 1000);
}

uint64_t
net_boottime_sec(void)
{
	return (boottime_sec);
}

void
net_lock(void)
{
	mtx_lock(&net_mtx);
}

void
net_unlock(void)
{
	mtx_unlock(&net_mtx);
}

int
net_owned(void)
{
	return (mtx_owned(&net_mtx));
}

void
net_assert_locked(void)
{
	if (!mtx_owned(&net_mtx))
		panic("net: net lock not held");
}

/* Milliseconds to ticks, rounded up so a short timeout never means "forever". */
static int
net_ms_to_ticks(uint32_t ms)
{
	uint64_t t;
	int h = hz > 0 ? hz : 100;

	if (ms == 0)
		return (0);
	t = ((uint64_t)ms * (uint64_t)h + 999) / 1000;
	if (t == 0)
		t = 1;
	if (t > 0x7fffffff)
		t = 0x7fffffff;
	return ((int)t);
}

int
net_sleep(const void *chan, uint32_t timeout_ms)
{
	int error;

	error = msleep(chan, &net_mtx, "net", net_ms_to_ticks(timeout_ms));
	return (error == EWOULDBLOCK ? NET_ETIMEDOUT : 0);
}

void
net_wakeup(const void *chan)
{
	wakeup(chan);
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
	return (arc4random());
}

int
net_kern_started(void)
{
	return (net_started);
}

/* Before any driver can attach an interface: the lock must exist. */
static void
net_lock_init(const void *dummy __unused)
{
	mtx_init(&net_mtx, "net", MTX_DEF);
}
SYSINIT(net_lock, SI_SUB_LOCK, SI_ORDER_ANY, net_lock_init, NULL);

/* Every NET_SLOWTIMO_MS: ARP retries and expiry, reassembly timeouts. */
static void
net_slowtimo_thread(void *arg __unused)
{
	for (;;) {
		pause_ticks("slowtimo", net_ms_to_ticks(NET_SLOWTIMO_MS));
		net_lock();
		net_slowtimo();
		net_unlock();
	}
}

static void
net_kern_init(const void *dummy __unused)
{
	net_init();
	net_started = 1;
	if (bootverbose)
		printf("net: protocols initialised\n");
}
SYSINIT(net_proto, SI_SUB_DRIVERS, SI_ORDER_FIRST, net_kern_init, NULL);

/*
 * lo0, once the PCI NICs have attached theirs (pci_attach_all is
 * SI_SUB_CONFIGURE, SI_ORDER_MIDDLE), so that they keep the first
 * indices and `ifconfig -l` says "vtnet0 lo0" as FreeBSD's does; with
 * 127.0.0.1/8, the address Linux gives lo and FreeBSD's rc gives lo0.
 */
static void
net_loop_attach(const void *dummy __unused)
{
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	int error;

	if (!net_started)
		return;
	if ((error = if_loop_attach()) == 0)
		error = in_addr_add(loif, lo, 8);
	if (error != 0)
		printf("net: lo0 failed to attach (error %d)\n", error);
}
SYSINIT(net_loop, SI_SUB_CONFIGURE, SI_ORDER_ANY, net_loop_attach, NULL);

/* Threads exist from SI_SUB_KTHREAD_INIT on (they run once the scheduler does). */
static void
net_kern_threads(const void *dummy __unused)
{
	kthread_create(net_slowtimo_thread, NULL, PRI_SOFT, NOCPU, "net slowtimo");
}
SYSINIT(net_threads, SI_SUB_KTHREAD_INIT, SI_ORDER_MIDDLE, net_kern_threads, NULL);

SYSCTL_INT("net.inet.ipsec.crypto_workers", &ipsec_crypto_workers,
    "IPsec crypto on the per-CPU workers (1) or the direct path (0)");

/* After mp_start, before anything is sent (net_echo is SI_ORDER_ANY). */
static void
net_ipsec_crypto_path(const void *dummy __unused)
{
	uint64_t v;

	ipsec_crypto_workers = mp_ncpus > 1;
	if (getenv_quad("net.inet.ipsec.crypto_workers", &v))
		ipsec_crypto_workers = v != 0;
}
SYSINIT(net_ipsec_path, SI_SUB_SMP, SI_ORDER_THIRD, net_ipsec_crypto_path, NULL);

static void
net_echo(const void *dummy __unused)
{
	int error;

	if (!net_started || (boothowto & RB_SINGLE))	/* as rc: no services */
		return;
	error = udp_echo_start();
	if (error != 0 && error != EADDRINUSE)
		printf("net: UDP echo service failed to start (error %d)\n", error);
}
SYSINIT(net_echo, SI_SUB_SMP, SI_ORDER_ANY, net_echo, NULL);
