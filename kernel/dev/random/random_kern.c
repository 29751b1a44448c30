/*
 * The random device's kernel side: the entropy pool, per-CPU DRBGs, the
 * arc4random() family, seeding and reseeding, `sysctl kern.random` and the
 * `random` shell command.
 *
 * Pool: a running SHA-256 over every harvested event (source id, data),
 * with an estimate of the entropy credited.  Seeded when 256 bits have
 * been credited.  Each CPU's DRBG is keyed from a pool extraction the first
 * time it is used, then reseeded when the pool's generation moves on
 * (every 60 s and whenever new sources report) or after 1 MiB of output.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/callout.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <sys/shell.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <machine/cpufunc.h>
#include <sanpo/getopt.h>
#include <sanpo/parse.h>
#include "crypto/sha256.h"
#include <dev/random/chacha_drbg.h>

#define SEED_BITS	256
#define RESEED_BYTES	(1ULL << 20)
#define RESEED_SECONDS	60
#define MAX_SOURCES	8
#define TSC_BATCH	16


static const char *const source_names[RANDOM_NSOURCES] = {
	"rdseed", "rdrand", "tsc_jitter", "boot", "virtio_rng",
};

static struct mtx	pool_lock;
static sha256_ctx	pool;
static uint64_t		pool_extracts;
static volatile uint64_t pool_generation = 1;
static uint64_t		credited_bits;
static volatile int	seeded;
static uint64_t		source_bytes[RANDOM_NSOURCES];
static uint64_t		source_events[RANDOM_NSOURCES];
static uint64_t		reseeds;
static const struct random_source *sources[MAX_SOURCES];
static unsigned		nsources;
static struct callout	reseed_callout;
static int		pool_ready;

struct cpu_rng {
	struct chacha_drbg	drbg;
	uint64_t		generation;	/* pool generation it was keyed from; 0: never */
	uint32_t		tsc_batch[TSC_BATCH];
	unsigned		tsc_n;
};
static struct cpu_rng	cpu_rng[MAXCPU];

SYSCTL_INT("kern.random.seeded", (const int *)&seeded,
    "1 once the pool holds enough entropy to key the generators");
SYSCTL_U64("kern.random.entropy_bits", &credited_bits, "entropy credited to the pool, in bits");
SYSCTL_U64("kern.random.reseeds", &reseeds, "times a CPU's generator was (re)keyed from the pool");

static void
sources_handler(char *buf, size_t len)
{
	struct sbuf sb;
	int i;

	sbuf_new_fixed(&sb, buf, len);
	for (i = 0; i < RANDOM_NSOURCES; i++)
		if (source_bytes[i] != 0)
			sbuf_printf(&sb, "%s%s", sbuf_len(&sb) ? " " : "", source_names[i]);
}
SYSCTL_PROC("kern.random.sources", sources_handler, "sources that contributed");

static void
bytes_handler(char *buf, size_t len)
{
	struct sbuf sb;
	int i;

	sbuf_new_fixed(&sb, buf, len);
	for (i = 0; i < RANDOM_NSOURCES; i++)
		sbuf_printf(&sb, "%s%s=%llu", sbuf_len(&sb) ? " " : "", source_names[i],
		    (unsigned long long)source_bytes[i]);
}
SYSCTL_PROC("kern.random.bytes", bytes_handler, "bytes each source contributed");

void
random_harvest(enum random_source_id id, const void *data, size_t len, unsigned bits)
{
	uint8_t tag = (uint8_t)id;
	int now_seeded = 0;

	if (!pool_ready || len == 0)
		return;
	mtx_lock_spin(&pool_lock);
	sha256_update(&pool, &tag, 1);
	sha256_update(&pool, data, len);
	source_bytes[id] += len;
	source_events[id]++;
	credited_bits += bits;
	if (!seeded && credited_bits >= SEED_BITS) {
		seeded = 1;
		now_seeded = 1;
		pool_generation++;
	}
	mtx_unlock_spin(&pool_lock);
	if (now_seeded) {
		printf("random: generator seeded (%llu bits from:", (unsigned long long)credited_bits);
		for (int i = 0; i < RANDOM_NSOURCES; i++)
			if (source_bytes[i] != 0)
				printf(" %s", source_names[i]);
		printf(")\n");
		if (sched_running)
			wakeup((const void *)&seeded);
	}
}

void
random_harvest_tsc(void)
{
	struct cpu_rng *r;
	uint64_t fl = read_rflags();

	disable_intr();
	r = &cpu_rng[curcpu];
	r->tsc_batch[r->tsc_n++] = (uint32_t)rdtsc();
	if (r->tsc_n == TSC_BATCH) {
		r->tsc_n = 0;
		/* Conservative: one bit per four interrupt timings. */
		random_harvest(RANDOM_TSC_JITTER, r->tsc_batch, sizeof(r->tsc_batch),
		    TSC_BATCH / 4);
	}
	if (fl & 0x200)
		enable_intr();
}

void
random_source_register(const struct random_source *src)
{
	if (nsources < MAX_SOURCES)
		sources[nsources++] = src;
}

static void
poll_sources(void)
{
	uint8_t buf[64];
	unsigned i;

	for (i = 0; i < nsources; i++) {
		size_t n = sources[i]->read(buf, sizeof(buf));

		if (n > 0)
			random_harvest(sources[i]->id, buf, n,
			    (unsigned)n * sources[i]->bits_per_byte);
	}
	memset(buf, 0, sizeof(buf));
}

/* 32 bytes of seed material for one DRBG: the pool's digest so far. */
static void
pool_extract(uint8_t out[32])
{
	sha256_ctx copy;

	mtx_lock_spin(&pool_lock);
	copy = pool;
	pool_extracts++;
	sha256_update(&copy, &pool_extracts, sizeof(pool_extracts));
	mtx_unlock_spin(&pool_lock);
	sha256_final(&copy, out);
	memset(&copy, 0, sizeof(copy));
}

int
random_seeded(void)
{
	return (seeded);
}

static int
can_sleep(void)
{
	return (sched_running && curthread != NULL && (read_rflags() & 0x200) != 0 &&
	    curthread != get_pcpu()->pc_idlethread);
}

int
arc4random_buf_flags(void *buf, size_t n, int flags)
{
	struct cpu_rng *r;
	uint8_t material[32];
	uint64_t fl;

	while (!seeded) {
		if ((flags & M_NOWAIT) || !can_sleep())
			return (EWOULDBLOCK);
		tsleep((const void *)&seeded, "rndseed", hz > 0 ? hz : 1);
	}
	fl = read_rflags();
	disable_intr();		/* this CPU's generator is ours until we are done */
	r = &cpu_rng[curcpu];
	if (r->generation != pool_generation || r->drbg.bytes >= RESEED_BYTES) {
		pool_extract(material);
		if (r->generation == 0)
			drbg_init(&r->drbg, material, sizeof(material));
		else
			drbg_reseed(&r->drbg, material, sizeof(material));
		r->generation = pool_generation;
		reseeds++;
		memset(material, 0, sizeof(material));
	}
	drbg_generate(&r->drbg, buf, n);
	if (fl & 0x200)
		enable_intr();
	return (0);
}

void
arc4random_buf(void *buf, size_t n)
{
	if (arc4random_buf_flags(buf, n, M_WAITOK) != 0)
		panic("arc4random_buf: generator not seeded and this context cannot sleep");
}

uint32_t
arc4random(void)
{
	uint32_t v;

	arc4random_buf(&v, sizeof(v));
	return (v);
}

static uint32_t
gen32(void *arg)
{
	(void)arg;
	return (arc4random());
}

uint32_t
arc4random_uniform(uint32_t bound)
{
	return (random_uniform(gen32, NULL, bound));
}

static void
reseed_tick(void *arg)
{
	(void)arg;
	poll_sources();
	__atomic_add_fetch(&pool_generation, 1, __ATOMIC_SEQ_CST);
	callout_reset(&reseed_callout, RESEED_SECONDS * (hz > 0 ? hz : 100), reseed_tick, NULL);
}

static void
random_init(const void *dummy __unused)
{
	mtx_init(&pool_lock, "random pool", MTX_SPIN);
	sha256_init(&pool);
	pool_ready = 1;
	/* Boot timestamps: unpredictable-ish, credited nothing. */
	random_harvest(RANDOM_BOOT, &bootinfo.tsc, sizeof(bootinfo.tsc), 0);
	random_harvest(RANDOM_BOOT, &kernel_entry_tsc, sizeof(kernel_entry_tsc), 0);
}
SYSINIT(random, SI_SUB_RANDOM, SI_ORDER_FIRST, random_init, NULL);

/* After the sources registered (SI_ORDER_SECOND): first harvest. */
static void
random_first_harvest(const void *dummy __unused)
{
	unsigned i;

	poll_sources();
	if (bootverbose)
		for (i = 0; i < nsources; i++)
			printf("random: source %s\n", sources[i]->name);
	if (!seeded)
		printf("random: not seeded yet (%llu of %d bits); waiting for "
		    "interrupt timing entropy\n", (unsigned long long)credited_bits, SEED_BITS);
}
SYSINIT(random_harvest0, SI_SUB_RANDOM, SI_ORDER_THIRD, random_first_harvest, NULL);

static void
random_reseed_start(const void *dummy __unused)
{
	callout_init(&reseed_callout);
	callout_reset(&reseed_callout, RESEED_SECONDS * (hz > 0 ? hz : 100), reseed_tick, NULL);
}
SYSINIT(random_reseed, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, random_reseed_start, NULL);

/* --- `random` ------------------------------------------------------------ */

static volatile int	pair_go, pair_done;
static uint8_t		pair_out[2][32];

static void
pair_thread(void *arg)
{
	uintptr_t i = (uintptr_t)arg;

	__atomic_add_fetch(&pair_go, 1, __ATOMIC_SEQ_CST);
	while (pair_go < 2)	/* both ask at the same moment */
		cpu_pause();
	arc4random_buf(pair_out[i], sizeof(pair_out[i]));
	__atomic_add_fetch(&pair_done, 1, __ATOMIC_SEQ_CST);
}


static int
random_pair(void)
{
	int waited = 0, i;

	if (mp_ncpus < 2) {
		printf("random: -c needs two CPUs\n");
		return (1);
	}
	pair_go = pair_done = 0;
	for (i = 0; i < 2; i++)
		kthread_create(pair_thread, (void *)(uintptr_t)i, PRI_KERN, i, "rndpair%d", i);
	while (pair_done < 2 && waited++ < 3000)
		wait_a_little("rndpair");
	if (pair_done < 2) {
		printf("random: the two CPUs did not answer\n");
		return (1);
	}
	for (i = 0; i < 2; i++) {
		printf("cpu%d: ", i);
		printf_hex(pair_out[i], sizeof(pair_out[i]));
	}
	return (0);
}

static int
cmd_random(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	uint64_t n = 16;
	uint8_t *buf;
	int ch, pair = 0;

	while ((ch = getopt_r(&g, argc, argv, "cn:x")) != -1) {
		switch (ch) {
		case 'c':
			pair = 1;
			break;
		case 'n':
			if (parse_uint(g.arg, 10, 1UL << 20, &n) != 0 || n == 0)
				return (shell_usage(argv[0], "-n: 1 to 1048576 bytes"));
			break;
		case 'x':
			break;		/* hex is the only output form on a console */
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind != argc)
		return (shell_usage(argv[0], NULL));
	if (pair)
		return (random_pair());
	if (!seeded)
		printf("random: waiting for the generator to be seeded...\n");
	buf = malloc(n, M_TEMP, M_WAITOK);
	arc4random_buf(buf, n);
	printf_hex(buf, n);
	memset(buf, 0, n);
	free(buf, M_TEMP);
	return (0);
}
SHELL_COMMAND(random, cmd_random, "random [-n bytes(1-1048576)] [-x] | random -c",
    "random bytes in hex (-c: two CPUs at once)");
