/*
 * RDSEED and RDRAND as entropy sources, when CPUID reports them.  Each
 * instruction is retried as the vendors document (it may fail transiently
 * under load), and a start-up health check refuses a source whose samples
 * are constant, all zeros or all ones -- a broken or hostile implementation
 * must not be counted as entropy.  A repeated sample later disables it.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/random.h>
#include <machine/cpufunc.h>
#include <machine/md_var.h>

#define RDRAND_RETRIES	10	/* Intel DRNG guide: 10 for RDRAND */
#define RDSEED_RETRIES	100	/* RDSEED may need many, with pause */
#define HEALTH_SAMPLES	16

struct hwrng {
	int		 ok;		/* passed the health check, still trusted */
	uint64_t	 last;		/* previous sample: a repeat means trouble */
	const char	*name;
};

static struct hwrng rdseed_state = { 0, 0, "rdseed" }, rdrand_state = { 0, 0, "rdrand" };

static int
rdseed64(uint64_t *v)
{
	int i;
	uint8_t ok;

	for (i = 0; i < RDSEED_RETRIES; i++) {
		__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
		if (ok)
			return (1);
		cpu_pause();
	}
	return (0);
}

static int
rdrand64(uint64_t *v)
{
	int i;
	uint8_t ok;

	for (i = 0; i < RDRAND_RETRIES; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
		if (ok)
			return (1);
	}
	return (0);
}

static int
health_check(struct hwrng *h, int (*insn)(uint64_t *))
{
	uint64_t v, prev = 0;
	int i;

	for (i = 0; i < HEALTH_SAMPLES; i++) {
		if (!insn(&v)) {
			printf("random: %s keeps failing; not used\n", h->name);
			return (0);
		}
		if (v == 0 || v == ~0ULL || (i > 0 && v == prev)) {
			printf("random: %s failed its health check (sample 0x%llx); not used\n",
			    h->name, (unsigned long long)v);
			return (0);
		}
		prev = v;
	}
	h->last = prev;
	return (1);
}

static size_t
read_hw(struct hwrng *h, int (*insn)(uint64_t *), void *buf, size_t len)
{
	uint64_t v;
	size_t n = 0;

	while (h->ok && n + 8 <= len) {
		if (!insn(&v))
			break;
		if (v == h->last || v == 0 || v == ~0ULL) {
			printf("random: %s repeated a sample; disabled\n", h->name);
			h->ok = 0;
			break;
		}
		h->last = v;
		memcpy((uint8_t *)buf + n, &v, 8);
		n += 8;
	}
	return (n);
}

static size_t
rdseed_read(void *buf, size_t len)
{
	return (read_hw(&rdseed_state, rdseed64, buf, len));
}

static size_t
rdrand_read(void *buf, size_t len)
{
	return (read_hw(&rdrand_state, rdrand64, buf, len));
}

static const struct random_source rdseed_source = { RANDOM_RDSEED, "rdseed", rdseed_read, 8 };
/* RDRAND is a DRBG's output: credit half, as its seed rate is not ours to see. */
static const struct random_source rdrand_source = { RANDOM_RDRAND, "rdrand", rdrand_read, 4 };

static void
rdrand_attach(const void *dummy __unused)
{
	if ((cpu_id.stdext_ebx & (1U << 18)) && health_check(&rdseed_state, rdseed64)) {
		rdseed_state.ok = 1;
		random_source_register(&rdseed_source);
	}
	if ((cpu_id.feat_ecx & (1U << 30)) && health_check(&rdrand_state, rdrand64)) {
		rdrand_state.ok = 1;
		random_source_register(&rdrand_source);
	}
}
SYSINIT(rdrand, SI_SUB_RANDOM, SI_ORDER_SECOND, rdrand_attach, NULL);
