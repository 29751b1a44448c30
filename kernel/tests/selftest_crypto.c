/*
 * cryptostress [requests-per-CPU] [driver] [algorithm] (part of
 * selftest.ko): requests from every CPU on every path of the crypto
 * framework (direct or queued, callback direct or through the return
 * thread), AES-128-GCM unless an AEAD or cipher+HMAC algorithm is named;
 * checks that each callback runs exactly once with the result cryptosoft
 * computes.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sanpo/parse.h>
#include <opencrypto/cryptodev.h>
#include <opencrypto/cryptotest.h>

MALLOC_DEFINE(M_CRYPTOSTRESS, "cryptostress", "cryptostress requests");

#define STRESS_LEN	256

struct stress_req {
	struct cryptop	 crp;
	uint8_t		 buf[STRESS_LEN + 16];
	volatile int	 calls;		/* callbacks seen: must end at exactly 1 */
};

static crypto_session_t	stress_sid;
static uint8_t		stress_expect[STRESS_LEN + 16];
static volatile uint64_t stress_done, stress_wrong;
static volatile unsigned stress_threads_done;
static unsigned		stress_per_cpu;
static struct stress_req *stress_reqs[MAXCPU];

static int
stress_cb(struct cryptop *crp)
{
	struct stress_req *r = crp->crp_opaque;

	if (__atomic_add_fetch(&r->calls, 1, __ATOMIC_SEQ_CST) != 1 || crp->crp_etype != 0 ||
	    memcmp(r->buf, stress_expect, sizeof(r->buf)) != 0)
		__atomic_add_fetch(&stress_wrong, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&stress_done, 1, __ATOMIC_SEQ_CST);
	return (0);
}

static void
stress_fill(struct stress_req *r, unsigned i)
{
	memset(&r->crp, 0, sizeof(r->crp));
	memset(r->buf, 0, sizeof(r->buf));
	r->calls = 0;
	r->crp.crp_session = stress_sid;
	r->crp.crp_op = CRYPTO_OP_ENCRYPT;
	r->crp.crp_buf.cb_type = CRYPTO_BUF_CONTIG;
	r->crp.crp_buf.cb_contig.buf = r->buf;
	r->crp.crp_buf.cb_contig.len = sizeof(r->buf);
	r->crp.crp_payload_length = STRESS_LEN;
	r->crp.crp_digest_start = STRESS_LEN;
	r->crp.crp_callback = stress_cb;
	r->crp.crp_opaque = r;
	/* Every path: direct or queued, callback direct or through the return thread. */
	r->crp.crp_flags = CRYPTO_F_IV_SEPARATE | ((i & 1) ? CRYPTO_F_BATCH : 0) |
	    ((i & 2) ? CRYPTO_F_CBIMM : 0);
}

static void
stress_thread(void *arg)
{
	struct stress_req *reqs = arg;
	unsigned i;

	for (i = 0; i < stress_per_cpu; i++) {
		stress_fill(&reqs[i], i);
		if (crypto_dispatch(&reqs[i].crp) != 0)
			__atomic_add_fetch(&stress_wrong, 1, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&stress_threads_done, 1, __ATOMIC_SEQ_CST);
}

static int
cmd_cryptostress(int argc, char **argv)
{
	const char *alg = "aes-128-gcm";
	struct stress_req *ref;
	uint64_t total, end;
	unsigned i, ncpu = mp_ncpus;
	int ok, soft = crypto_find_driver("cryptosoft");

	int crid = CRYPTOCAP_F_HARDWARE | CRYPTOCAP_F_SOFTWARE;

	stress_per_cpu = 2000;
	if (argc > 2 && (crid = crypto_find_driver(argv[2])) < 0) {
		printf("cryptostress: no driver %s\n", argv[2]);
		return (1);
	}
	if (argc > 3)
		alg = argv[3];
	if (argc > 1) {
		uint64_t n;

		if (parse_uint(argv[1], 10, 20000, &n) != 0 || n == 0)
			return (shell_usage(argv[0], NULL));
		stress_per_cpu = (unsigned)n;
	}
	/* The expected ciphertext and ICV, from cryptosoft (the portable code). */
	if (cryptotest_session(alg, soft, &stress_sid) == EINVAL) {
		printf("cryptostress: %s is not an AEAD or cipher+HMAC algorithm\n", alg);
		return (1);
	}
	if (stress_sid == NULL) {
		printf("cryptostress: no reference session\n");
		return (1);
	}
	ref = malloc(sizeof(*ref), M_CRYPTOSTRESS, M_WAITOK);
	stress_fill(ref, 2);
	stress_done = stress_wrong = 0;
	crypto_dispatch(&ref->crp);
	memcpy(stress_expect, ref->buf, sizeof(stress_expect));
	free(ref, M_CRYPTOSTRESS);
	crypto_freesession(stress_sid);
	if (cryptotest_session(alg, crid, &stress_sid) != 0) {
		printf("cryptostress: no session\n");
		return (1);
	}
	stress_done = stress_wrong = 0;
	stress_threads_done = 0;
	for (i = 0; i < ncpu; i++) {
		stress_reqs[i] = malloc(sizeof(struct stress_req) * stress_per_cpu, M_CRYPTOSTRESS,
		    M_WAITOK | M_ZERO);
		kthread_create(stress_thread, stress_reqs[i], PRI_KERN, (int)i, "cstress%u", i);
	}
	total = (uint64_t)stress_per_cpu * ncpu;
	end = uptime_us() + 120000000ULL;
	while ((stress_done < total || stress_threads_done < ncpu) && uptime_us() < end)
		wait_a_little("cstress");
	for (i = 0; i < 10; i++)		/* a late duplicate would show up now */
		wait_a_little("cstress");
	ok = stress_done == total && stress_wrong == 0;
	printf("cryptostress: %s: %llu requests from %u CPUs via %s, %llu callbacks, %llu wrong or "
	    "duplicate\n", alg, (unsigned long long)total, ncpu, crypto_session_driver(stress_sid),
	    (unsigned long long)stress_done, (unsigned long long)stress_wrong);
	printf("cryptostress: %s\n", ok ? "ok" : "FAILED");
	for (i = 0; i < ncpu; i++)
		free(stress_reqs[i], M_CRYPTOSTRESS);
	crypto_freesession(stress_sid);
	return (!ok);
}
SHELL_COMMAND(cryptostress, cmd_cryptostress,
    "cryptostress [requests-per-CPU(1-20000)] [driver] [algorithm]",
    "test: requests from all CPUs on every path; each callback exactly once, "
    "each result equal to cryptosoft's");
