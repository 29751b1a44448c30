/*
 * The buffer cache in the kernel (the cache itself is fs/vfs_bio.c).
 *
 * Start-up: the cache is sized from physical memory -- a tenth of what is
 * free, between 1 MiB and 256 MiB, or the loader's kern.maxbcache -- and
 * set up right after the real-time clock (SI_SUB_CLOCKS, third), early in
 * the boot as the system Sanpo models does, before any disk attaches.
 *
 * The syncer: a kernel thread that wakes every second and starts writing
 * every delayed-write buffer dirty for vfs.syncdelay seconds or more, so
 * that data written and never synced reaches the disk within a few
 * seconds.  (FreeBSD's syncer walks a wheel of vnodes; with one list of
 * dirty buffers per device, a pass over them is the same thing.)
 *
 * Statistics: sysctl vfs.bufspace and friends, and `vmstat -b`.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/buf.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <machine/vmparam.h>
#include <vm/vm_phys.h>

#define BUFSPACE_MIN	(1ull << 20)
#define BUFSPACE_MAX	(256ull << 20)

static uint64_t maxbufspace;		/* the cache's size, bytes */
static int syncdelay = 5;		/* seconds a buffer may stay dirty */
SYSCTL_U64("vfs.maxbufspace", &maxbufspace, "bytes the buffer cache may hold");
SYSCTL_INT("vfs.syncdelay", &syncdelay, "seconds before the syncer writes a dirty buffer");

static void
bufcache_init(const void *dummy __unused)
{
	uint64_t v;

	maxbufspace = vm_phys_free_pages() * PAGE_SIZE / 10;
	if (getenv_quad("kern.maxbcache", &v))
		maxbufspace = v;
	if (maxbufspace < BUFSPACE_MIN)
		maxbufspace = BUFSPACE_MIN;
	if (maxbufspace > BUFSPACE_MAX)
		maxbufspace = BUFSPACE_MAX;
	if (bufinit(maxbufspace) != 0)
		panic("bufinit: no memory for the buffer cache's hash");
	if (getenv_quad("vfs.syncdelay", &v) && v > 0 && v < 3600)
		syncdelay = (int)v;
	if (bootverbose)
		printf("bufcache: %llu KiB\n", (unsigned long long)(maxbufspace >> 10));
}
SYSINIT(bufcache, SI_SUB_CLOCKS, SI_ORDER_THIRD, bufcache_init, NULL);

static void
syncer_thread(void *arg __unused)
{
	for (;;) {
		pause_ticks("syncer", hz > 0 ? hz : 100);
		buf_syncer_pass((uint64_t)syncdelay * 1000);
	}
}

static void
syncer_start(const void *dummy __unused)
{
	kthread_create(syncer_thread, NULL, PRI_SOFT, NOCPU, "syncer");
}
SYSINIT(syncer, SI_SUB_KTHREAD_INIT, SI_ORDER_MIDDLE, syncer_start, NULL);

/* --- statistics ------------------------------------------------------------ */

#define BUFSTAT_SYSCTL(field, name, descr)				\
	static void							\
	bufstat_##field(char *buf, size_t len)				\
	{								\
		struct bufstats st;					\
									\
		bufstats_get(&st);					\
		snprintf(buf, len, "%llu", (unsigned long long)st.field); \
	}								\
	SYSCTL_PROC(name, bufstat_##field, descr)

BUFSTAT_SYSCTL(bufspace, "vfs.bufspace", "bytes of buffer data held");
BUFSTAT_SYSCTL(nbufs, "vfs.numbufs", "buffers in the cache");
BUFSTAT_SYSCTL(ndirty, "vfs.numdirtybuffers", "delayed writes pending");
BUFSTAT_SYSCTL(hits, "vfs.bufhits", "reads found in the cache");
BUFSTAT_SYSCTL(misses, "vfs.bufmisses", "reads that went to the device");
BUFSTAT_SYSCTL(reads, "vfs.bufreads", "read requests sent to devices");
BUFSTAT_SYSCTL(writes, "vfs.bufwrites", "write requests sent to devices");
BUFSTAT_SYSCTL(delwri, "vfs.bufdelwri", "buffers marked for delayed write");
BUFSTAT_SYSCTL(readahead, "vfs.bufreadahead", "read-ahead requests started");
BUFSTAT_SYSCTL(recycled, "vfs.bufrecycled", "clean buffers reused for other blocks");
BUFSTAT_SYSCTL(flushes, "vfs.bufflushes", "device cache flushes");
BUFSTAT_SYSCTL(read_errors, "vfs.bufreaderrors", "failed reads");
BUFSTAT_SYSCTL(write_errors, "vfs.bufwriteerrors", "failed writes (their data lost)");
BUFSTAT_SYSCTL(waits, "vfs.bufwaits", "sleeps for a busy buffer or for space");

void
vmstat_buf(void)
{
	struct bufstats st;
	uint64_t lookups;

	bufstats_get(&st);
	lookups = st.hits + st.misses;
	printf("buffer cache: %llu buffers, %llu KiB of %llu KiB, %llu dirty\n",
	    (unsigned long long)st.nbufs, (unsigned long long)(st.bufspace >> 10),
	    (unsigned long long)(st.maxbufspace >> 10), (unsigned long long)st.ndirty);
	printf("  lookups %llu: hits %llu (%llu%%), misses %llu; read-ahead %llu\n",
	    (unsigned long long)lookups, (unsigned long long)st.hits,
	    (unsigned long long)(lookups ? st.hits * 100 / lookups : 0),
	    (unsigned long long)st.misses, (unsigned long long)st.readahead);
	printf("  device reads %llu, writes %llu, flushes %llu, errors %llu/%llu, "
	    "recycled %llu, waits %llu\n", (unsigned long long)st.reads,
	    (unsigned long long)st.writes, (unsigned long long)st.flushes,
	    (unsigned long long)st.read_errors, (unsigned long long)st.write_errors,
	    (unsigned long long)st.recycled, (unsigned long long)st.waits);
}
