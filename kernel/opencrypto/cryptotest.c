/*
 * Shell commands over the crypto framework:
 *   cryptotest -a ALG [-k KEYHEX] [-i IVHEX] [-A AADHEX] -p DATAHEX [-d] [-D DRIVER]
 *       one operation, result as one line of hex (ciphertext then tag for
 *       AEAD, the digest for hashes and HMAC; with -d the plaintext, or
 *       "authentication failed"); ALG names are OpenSSL's.
 *   cryptotest [-D DRIVER] [-s SIZE]
 *       throughput of each algorithm through the framework, on the direct
 *       and the queued path, for each driver: ops/s and MB/s.
 *   cryptotest -o [-D DRIVER] [-s SIZE]
 *       the framework's cost: time per request (default 64 bytes) with the
 *       driver called straight, through the direct path and through the
 *       queued path, and the direct path's overhead over the driver call.
 * Besides OpenSSL's names, "aes-128-cbc+hmac-sha256" and
 * "aes-256-cbc+hmac-sha256" are encrypt-then-authenticate (ESP style):
 * KEY is the AES key followed by a 32-byte HMAC key, the output the
 * ciphertext then the 16-byte ICV (HMAC-SHA-256-128 over the AAD and the
 * ciphertext).
 * cryptotest_session() gives the self-tests (cryptostress, in selftest.ko)
 * a session of an algorithm by name.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <machine/cpufunc.h>
#include <sanpo/getopt.h>
#include <sanpo/parse.h>
#include <opencrypto/cryptodrv.h>
#include <opencrypto/cryptotest.h>

MALLOC_DEFINE(M_CRYPTOTEST, "cryptotest", "cryptotest buffers and requests");

struct alg_name {
	const char	*name;		/* OpenSSL's */
	enum csp_mode	 mode;
	int		 alg;		/* crypto_alg_id (the cipher for ETA) */
	int		 klen;		/* required key bytes, 0: any (HMAC), -1: none */
	int		 auth;		/* ETA: the HMAC's crypto_alg_id; its key is the last
					 * ETA_AUTH_KLEN bytes of the key */
};

#define ETA_AUTH_KLEN	32

static const struct alg_name algs[] = {
	{ "aes-128-cbc", CSP_MODE_CIPHER, CRYPTO_ALG_AES_CBC, 16, 0 },
	{ "aes-256-cbc", CSP_MODE_CIPHER, CRYPTO_ALG_AES_CBC, 32, 0 },
	/* OpenSSL's CTR: the IV is the whole 128-bit counter block (AES-ICM). */
	{ "aes-128-ctr", CSP_MODE_CIPHER, CRYPTO_ALG_AES_ICM, 16, 0 },
	{ "aes-256-ctr", CSP_MODE_CIPHER, CRYPTO_ALG_AES_ICM, 32, 0 },
	{ "aes-128-gcm", CSP_MODE_AEAD, CRYPTO_ALG_AES_GCM, 16, 0 },
	{ "aes-256-gcm", CSP_MODE_AEAD, CRYPTO_ALG_AES_GCM, 32, 0 },
	{ "chacha20-poly1305", CSP_MODE_AEAD, CRYPTO_ALG_CHACHA20_POLY1305, 32, 0 },
	{ "sha1", CSP_MODE_DIGEST, CRYPTO_ALG_SHA1, -1, 0 },
	{ "sha256", CSP_MODE_DIGEST, CRYPTO_ALG_SHA256, -1, 0 },
	{ "sha384", CSP_MODE_DIGEST, CRYPTO_ALG_SHA384, -1, 0 },
	{ "sha512", CSP_MODE_DIGEST, CRYPTO_ALG_SHA512, -1, 0 },
	{ "hmac-sha1", CSP_MODE_DIGEST, CRYPTO_ALG_HMAC_SHA1, 0, 0 },
	{ "hmac-sha256", CSP_MODE_DIGEST, CRYPTO_ALG_HMAC_SHA256, 0, 0 },
	{ "hmac-sha384", CSP_MODE_DIGEST, CRYPTO_ALG_HMAC_SHA384, 0, 0 },
	{ "hmac-sha512", CSP_MODE_DIGEST, CRYPTO_ALG_HMAC_SHA512, 0, 0 },
	{ "aes-128-cbc+hmac-sha256", CSP_MODE_ETA, CRYPTO_ALG_AES_CBC, 16 + ETA_AUTH_KLEN,
	  CRYPTO_ALG_HMAC_SHA256 },
	{ "aes-256-cbc+hmac-sha256", CSP_MODE_ETA, CRYPTO_ALG_AES_CBC, 32 + ETA_AUTH_KLEN,
	  CRYPTO_ALG_HMAC_SHA256 },
};

/* Option -ch's hex argument into out (at most max bytes), *len its bytes. */
static int
hex_arg(int ch, const char *arg, uint8_t *out, size_t max, int *len)
{
	size_t n;

	if (parse_hex(arg, out, max, &n) != 0) {
		printf("cryptotest: -%c: not hex, or too long\n", ch);
		return (-1);
	}
	*len = (int)n;
	return (0);
}


static const struct alg_name *
find_alg(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(algs); i++)
		if (strcmp(algs[i].name, name) == 0)
			return (&algs[i]);
	return (NULL);
}

/* Synchronous use of the asynchronous API: a callback that sets a flag. */
static int
sync_cb(struct cryptop *crp)
{
	__atomic_store_n((int *)crp->crp_opaque, 1, __ATOMIC_SEQ_CST);
	return (0);
}

static int
run_sync(struct cryptop *crp, int flags)
{
	volatile int done = 0;
	int error, waited = 0;

	crp->crp_flags = flags;
	crp->crp_callback = sync_cb;
	crp->crp_opaque = (void *)&done;
	if ((error = crypto_dispatch(crp)) != 0)
		return (error);
	while (!done && waited++ < 100000)
		if (flags & CRYPTO_F_BATCH)
			wait_a_little("cryptow");
	return (done ? crp->crp_etype : ETIMEDOUT);
}

#define TEST_MAX	4096
#define BENCH_SIZE_MAX	(1 << 20)	/* -s: largest buffer measured */

struct one_args {
	const struct alg_name	*alg;
	uint8_t			 key[128], iv[16], aad[256];
	int			 klen, ivlen, aadlen, decrypt;
	int			 crid;
};

static int
setup_session(const struct one_args *a, crypto_session_t *sid, int *ivlen_out)
{
	struct crypto_session_params csp = { .csp_mode = a->alg->mode };
	const struct crypto_xform *x;
	uint8_t key[64];
	int klen = a->klen;

	if (a->alg->mode == CSP_MODE_DIGEST) {
		csp.csp_auth_alg = a->alg->alg;
		/* The whole digest, as OpenSSL prints it (not the IPsec truncation). */
		csp.csp_auth_mlen = (int)crypto_xform_lookup(a->alg->alg)->hash->digest_size;
		csp.csp_auth_key = a->key;
		csp.csp_auth_klen = a->alg->klen < 0 ? 0 : klen;
	} else {
		x = crypto_xform_lookup(a->alg->alg);
		csp.csp_cipher_alg = a->alg->alg;
		csp.csp_ivlen = x->iv_size;
		memcpy(key, a->key, (size_t)klen);
		if (a->alg->mode == CSP_MODE_ETA) {
			klen -= ETA_AUTH_KLEN;
			csp.csp_auth_alg = a->alg->auth;
			csp.csp_auth_key = a->key + klen;
			csp.csp_auth_klen = ETA_AUTH_KLEN;
		}
		csp.csp_cipher_key = key;
		csp.csp_cipher_klen = klen;
	}
	*ivlen_out = csp.csp_ivlen;
	return (crypto_newsession(sid, &csp, a->crid));
}

static int
one_op(struct one_args *a, uint8_t *data, int dlen)
{
	crypto_session_t sid;
	struct cryptop crp;
	uint8_t *buf;
	int ivlen, error, icv = 0, plen = dlen, off;

	if ((error = setup_session(a, &sid, &ivlen)) != 0) {
		printf("cryptotest: cannot create a %s session (error %d)\n", a->alg->name, error);
		return (1);
	}
	if (a->alg->mode == CSP_MODE_DIGEST)
		icv = (int)crypto_xform_lookup(a->alg->alg)->hash->digest_size;
	else if (a->alg->mode == CSP_MODE_ETA)
		icv = crypto_xform_lookup(a->alg->auth)->icv_size;
	else if (a->alg->mode != CSP_MODE_CIPHER)
		icv = crypto_xform_lookup(a->alg->alg)->icv_size;
	if (a->decrypt && (a->alg->mode == CSP_MODE_AEAD || a->alg->mode == CSP_MODE_ETA))
		plen = dlen - icv;
	if (plen < 0) {
		printf("cryptotest: -d data must end with the %d-byte tag\n", icv);
		crypto_freesession(sid);
		return (1);
	}
	/* Buffer: AAD | payload | ICV, the way a protocol would lay it out. */
	buf = malloc((size_t)(a->aadlen + plen + icv + 1), M_CRYPTOTEST, M_WAITOK | M_ZERO);
	memcpy(buf, a->aad, (size_t)a->aadlen);
	memcpy(buf + a->aadlen, data, (size_t)dlen);
	memset(&crp, 0, sizeof(crp));
	crp.crp_session = sid;
	crp.crp_buf.cb_type = CRYPTO_BUF_CONTIG;
	crp.crp_buf.cb_contig.buf = buf;
	crp.crp_buf.cb_contig.len = (size_t)(a->aadlen + plen + icv);
	crp.crp_aad_start = 0;
	crp.crp_aad_length = (size_t)a->aadlen;
	crp.crp_payload_start = (size_t)a->aadlen;
	crp.crp_payload_length = (size_t)plen;
	crp.crp_digest_start = (size_t)(a->aadlen + plen);
	crp.crp_flags = CRYPTO_F_IV_SEPARATE;
	memcpy(crp.crp_iv, a->iv, (size_t)ivlen);
	if (a->alg->mode == CSP_MODE_DIGEST)
		crp.crp_op = CRYPTO_OP_COMPUTE_DIGEST;
	else
		crp.crp_op = a->decrypt ? CRYPTO_OP_DECRYPT : CRYPTO_OP_ENCRYPT;
	error = run_sync(&crp, CRYPTO_F_IV_SEPARATE | CRYPTO_F_CBIMM);
	off = a->aadlen;
	if (error == EBADMSG)
		printf("authentication failed\n");
	else if (error != 0)
		printf("cryptotest: %s failed with error %d\n", a->alg->name, error);
	else if (a->alg->mode == CSP_MODE_DIGEST)
		printf_hex(buf + off + plen, (size_t)icv);
	else
		printf_hex(buf + off, (size_t)(plen + (a->decrypt ? 0 : icv)));
	memset(buf, 0, (size_t)(a->aadlen + plen + icv));
	free(buf, M_CRYPTOTEST);
	crypto_freesession(sid);
	return (error != 0);
}

/* --- throughput ------------------------------------------------------------ */

static void
bench_one(const struct alg_name *alg, int crid, size_t size, int flags)
{
	struct one_args a = { .alg = alg, .klen = alg->klen > 0 ? alg->klen : alg->klen == 0 ? 32 : 0,
	    .crid = crid };
	crypto_session_t sid;
	struct cryptop crp;
	uint8_t *buf;
	uint64_t t0, t1, n = 0;
	int ivlen;

	memset(a.key, 0x42, sizeof(a.key));
	a.ivlen = 16;
	memset(a.iv, 0, 16);
	a.iv[15] = 1;
	if (setup_session(&a, &sid, &ivlen) != 0)
		return;
	buf = malloc(size + CRYPTO_MAX_ICV, M_CRYPTOTEST, M_WAITOK | M_ZERO);
	memset(&crp, 0, sizeof(crp));
	crp.crp_session = sid;
	crp.crp_buf.cb_type = CRYPTO_BUF_CONTIG;
	crp.crp_buf.cb_contig.buf = buf;
	crp.crp_buf.cb_contig.len = size + CRYPTO_MAX_ICV;
	crp.crp_payload_length = size;
	crp.crp_digest_start = size;
	crp.crp_op = alg->mode == CSP_MODE_DIGEST ? CRYPTO_OP_COMPUTE_DIGEST : CRYPTO_OP_ENCRYPT;
	t0 = t1 = uptime_us();
	do {
		if (run_sync(&crp, flags | CRYPTO_F_IV_SEPARATE | CRYPTO_F_CBIMM) != 0)
			break;
		n++;
		t1 = uptime_us();
	} while (t1 - t0 < 100000);
	if (t1 == t0)
		t1 = t0 + 1;
	printf("%-18s %-11s %-7s %6zu %10llu ops/s %9llu.%01llu MB/s\n", alg->name,
	    crypto_session_driver(sid), flags & CRYPTO_F_BATCH ? "queued" : "direct", size,
	    (unsigned long long)(n * 1000000 / (t1 - t0)),
	    (unsigned long long)(n * size / (t1 - t0)),
	    (unsigned long long)(n * size * 10 / (t1 - t0) % 10));
	free(buf, M_CRYPTOTEST);
	crypto_freesession(sid);
}

static int
bench(int crid, size_t only_size)
{
	static const size_t sizes[] = { 64, 256, 1500, 16384 };
	size_t i, j;
	int path;

	printf("%-18s %-11s %-7s %6s %16s %14s\n", "algorithm", "driver", "path", "size",
	    "rate", "throughput");
	for (i = 0; i < nitems(algs); i++)
		for (j = 0; j < nitems(sizes); j++) {
			if (only_size != 0 && sizes[j] != only_size)
				continue;
			for (path = 0; path < 2; path++)
				bench_one(&algs[i], crid, sizes[j], path ? CRYPTO_F_BATCH : 0);
		}
	return (0);
}

/* --- framework overhead ---------------------------------------------------- */

enum { OV_DRIVER, OV_DIRECT, OV_QUEUED, OV_NPATHS };

/* One request on one path, waiting for its callback; 0 or an errno. */
/*
 * The queued request waits by yielding, not sleeping a tick as run_sync()
 * does, so the figure is the queue's cost (hand-off to this CPU's worker
 * thread and back), not the clock's period.
 */
static int
ov_once(struct cryptop *crp, int path)
{
	volatile int done = 0;
	int error, spins = 0;

	crp->crp_flags = CRYPTO_F_IV_SEPARATE | CRYPTO_F_CBIMM |
	    (path == OV_QUEUED ? CRYPTO_F_BATCH : 0);
	crp->crp_callback = sync_cb;
	crp->crp_opaque = (void *)&done;
	if (path == OV_DRIVER)
		crypto_invoke_driver(crp);
	else if ((error = crypto_dispatch(crp)) != 0)
		return (error);
	while (!done && spins++ < 1000000)
		if (spins < 1000)
			sched_yield();
		else
			wait_a_little("cryptoov");
	return (done ? crp->crp_etype : ETIMEDOUT);
}

/*
 * Nanoseconds per request on each path: the median of OV_SAMPLES requests
 * timed one by one with the TSC.  The driver and direct paths take turns
 * request by request so that a slow spell of the machine -- under QEMU's
 * TCG, translation and other host load -- hits both alike, and the median
 * leaves it out.
 */
#define OV_SAMPLES	1001

static void
sort_u64(uint64_t *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint64_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static int
ov_measure(struct cryptop *crp, uint64_t ns[OV_NPATHS])
{
	uint64_t *cyc = malloc(sizeof(uint64_t) * OV_SAMPLES * OV_NPATHS, M_CRYPTOTEST, M_WAITOK);
	int i, k, path, error = 0;

	/* driver and direct in turns, ABBA, so each follows each alike */
	for (i = 0; i < OV_SAMPLES && error == 0; i++)
		for (k = 0; k < 2 && error == 0; k++) {
			uint64_t t0;

			path = (i & 1) ? 1 - k : k;
			t0 = rdtsc();
			error = ov_once(crp, path);
			cyc[path * OV_SAMPLES + i] = rdtsc() - t0;
		}
	/* queued after: its thread switches would slow the request after it */
	for (i = 0; i < OV_SAMPLES && error == 0; i++) {
		uint64_t t0 = rdtsc();

		error = ov_once(crp, OV_QUEUED);
		cyc[OV_QUEUED * OV_SAMPLES + i] = rdtsc() - t0;
	}
	for (path = 0; path < OV_NPATHS && error == 0; path++) {
		sort_u64(cyc + path * OV_SAMPLES, OV_SAMPLES);
		ns[path] = cyc[path * OV_SAMPLES + OV_SAMPLES / 2] * 1000000000ULL /
		    (tsc_freq ? tsc_freq : 1);
	}
	free(cyc, M_CRYPTOTEST);
	return (error ? EIO : 0);
}

static const char *const ov_algs[] = { "aes-128-gcm", "chacha20-poly1305",
    "aes-128-cbc+hmac-sha256", "hmac-sha256", "sha256", "aes-128-cbc" };

static int
overhead(int crid, size_t size)
{
	uint64_t ns[OV_NPATHS];
	int64_t worst = 0;
	size_t i;
	int failed = 0;

	printf("cryptotest -o: median ns per %zu-byte request (%d each); direct overhead = "
	    "direct path over the driver called straight\n", size, OV_SAMPLES);
	printf("%-24s %-11s %9s %9s %9s %9s\n", "algorithm", "driver", "driver", "direct",
	    "queued", "overhead");
	for (i = 0; i < nitems(ov_algs); i++) {
		const struct alg_name *alg = find_alg(ov_algs[i]);
		struct one_args a = { .alg = alg, .crid = crid, .ivlen = 16 };
		crypto_session_t sid;
		struct cryptop crp;
		uint8_t *buf;
		int64_t pct10;
		int ivlen;

		a.klen = alg->klen > 0 ? alg->klen : alg->klen == 0 ? 32 : 0;
		memset(a.key, 0x42, sizeof(a.key));
		a.iv[15] = 1;
		if (setup_session(&a, &sid, &ivlen) != 0)
			continue;	/* e.g. -D aesni on a CPU without it */
		buf = malloc(size + CRYPTO_MAX_ICV, M_CRYPTOTEST, M_WAITOK | M_ZERO);
		memset(&crp, 0, sizeof(crp));
		crp.crp_session = sid;
		crp.crp_buf.cb_type = CRYPTO_BUF_CONTIG;
		crp.crp_buf.cb_contig.buf = buf;
		crp.crp_buf.cb_contig.len = size + CRYPTO_MAX_ICV;
		crp.crp_payload_length = size;
		crp.crp_digest_start = size;
		crp.crp_op = alg->mode == CSP_MODE_DIGEST ? CRYPTO_OP_COMPUTE_DIGEST :
		    CRYPTO_OP_ENCRYPT;
		if (ov_measure(&crp, ns) != 0) {
			printf("%-24s %-11s request failed\n", alg->name, crypto_session_driver(sid));
			failed = 1;
		} else {
			/* tenths of a percent; below 0 is measurement noise, shown as is */
			pct10 = ((int64_t)ns[OV_DIRECT] - (int64_t)ns[OV_DRIVER]) * 1000 /
			    (int64_t)(ns[OV_DRIVER] ? ns[OV_DRIVER] : 1);
			if (pct10 > worst)
				worst = pct10;
			printf("%-24s %-11s %9llu %9llu %9llu %5s%lld.%lld%%\n", alg->name,
			    crypto_session_driver(sid), (unsigned long long)ns[OV_DRIVER],
			    (unsigned long long)ns[OV_DIRECT], (unsigned long long)ns[OV_QUEUED],
			    pct10 < 0 ? "-" : "", (long long)(pct10 < 0 ? -pct10 : pct10) / 10,
			    (long long)(pct10 < 0 ? -pct10 : pct10) % 10);
		}
		free(buf, M_CRYPTOTEST);
		crypto_freesession(sid);
	}
	printf("cryptotest -o: largest direct-path overhead %llu.%llu%% (target <= 15%%: %s)\n",
	    (unsigned long long)(worst / 10), (unsigned long long)(worst % 10),
	    worst <= 150 ? "met" : "MISSED");
	return (failed);
}

static int
cmd_cryptotest(int argc, char **argv)
{
	static struct one_args a;
	static uint8_t data[TEST_MAX];
	struct getopt_state g = GETOPT_INIT;
	int ch, dlen = -1, crid = CRYPTOCAP_F_HARDWARE | CRYPTOCAP_F_SOFTWARE;
	uint64_t size = 0;
	int ovh = 0, bad = 0;

	memset(&a, 0, sizeof(a));
	a.klen = -1;
	while (!bad && (ch = getopt_r(&g, argc, argv, "a:A:dD:i:k:op:s:")) != -1) {
		switch (ch) {
		case 'a':
			if ((a.alg = find_alg(g.arg)) == NULL) {
				printf("cryptotest: unknown algorithm %s\n", g.arg);
				return (1);
			}
			break;
		case 'A':
			bad = hex_arg(ch, g.arg, a.aad, sizeof(a.aad), &a.aadlen);
			break;
		case 'd':
			a.decrypt = 1;
			break;
		case 'D':
			if ((crid = crypto_find_driver(g.arg)) < 0) {
				printf("cryptotest: no driver %s\n", g.arg);
				return (1);
			}
			break;
		case 'i':
			bad = hex_arg(ch, g.arg, a.iv, sizeof(a.iv), &a.ivlen);
			break;
		case 'k':
			bad = hex_arg(ch, g.arg, a.key, sizeof(a.key), &a.klen);
			break;
		case 'o':
			ovh = 1;
			break;
		case 'p':
			bad = hex_arg(ch, g.arg, data, sizeof(data), &dlen);
			break;
		case 's':
			if (parse_uint(g.arg, 10, BENCH_SIZE_MAX, &size) != 0) {
				printf("cryptotest: -s: a size up to %d bytes\n", BENCH_SIZE_MAX);
				return (1);
			}
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (bad)
		return (1);
	if (g.ind != argc)
		return (shell_usage(argv[0], NULL));
	if (ovh)
		return (a.alg != NULL || dlen >= 0 ? (printf("cryptotest: -o takes only -D and -s\n"), 1) :
		    overhead(crid, size ? size : 64));
	if (a.alg == NULL && dlen < 0)
		return (bench(crid, size));
	if (a.alg == NULL || dlen < 0)
		return (shell_usage(argv[0], NULL));
	if (a.alg->klen == -1 && a.klen > 0) {
		printf("cryptotest: %s takes no key\n", a.alg->name);
		return (1);
	}
	if (a.alg->klen > 0 && a.klen != a.alg->klen) {
		printf("cryptotest: %s needs a %d-byte key\n", a.alg->name, a.alg->klen);
		return (1);
	}
	if (a.alg->klen == 0 && a.klen <= 0) {
		printf("cryptotest: %s needs a key\n", a.alg->name);
		return (1);
	}
	if (a.alg->klen < 0)
		a.klen = 0;
	if (a.decrypt && a.alg->mode == CSP_MODE_DIGEST) {
		printf("cryptotest: -d applies to ciphers and AEAD only\n");
		return (1);
	}
	if (a.alg->mode != CSP_MODE_DIGEST &&
	    a.ivlen != (int)crypto_xform_lookup(a.alg->alg)->iv_size) {
		printf("cryptotest: %s needs a %d-byte IV\n", a.alg->name,
		    (int)crypto_xform_lookup(a.alg->alg)->iv_size);
		return (1);
	}
	a.crid = crid;
	return (one_op(&a, data, dlen));
}
SHELL_COMMAND(cryptotest, cmd_cryptotest,
    "cryptotest -a ALG [-k KEYHEX] [-i IVHEX] [-A AADHEX] -p DATAHEX [-d] [-D DRIVER]"
    " | cryptotest [-o] [-D DRIVER] [-s SIZE]",
    "one crypto operation in hex, or throughput of every algorithm");

/* --- for cryptostress (selftest.ko) ----------------------------------------- */

int
cryptotest_session(const char *name, int crid, crypto_session_t *sid)
{
	const struct alg_name *alg = find_alg(name);
	struct one_args a = { .alg = alg, .crid = crid, .ivlen = 16 };
	int ivlen;

	*sid = NULL;
	if (alg == NULL || (alg->mode != CSP_MODE_AEAD && alg->mode != CSP_MODE_ETA))
		return (EINVAL);
	a.klen = alg->klen;
	memset(a.key, 0x5a, sizeof(a.key));
	a.iv[15] = 1;
	return (setup_session(&a, sid, &ivlen) != 0 ? EOPNOTSUPP : 0);
}
