/*
 * crypto_bench.c - throughput of crypto/ against OpenSSL's EVP in the same
 * run (host program; built by mk/bench-crypto.mk with -O2, no sanitizers,
 * linked with -lcrypto).
 *
 * For each algorithm and each size (64, 256, 1500 and 16384 bytes, the
 * issue's table): run ours and OpenSSL's on the same input alternately in
 * slices for at least BENCH_SECONDS of process CPU time each (so load from
 * other processes hits both alike), and print MB/s (10^6 bytes/s) and the
 * ratio ours/OpenSSL.  Both sides keep their keys set up between
 * operations (ours: keyed contexts; OpenSSL: a keyed EVP context, only the
 * IV set per operation), as a protocol does; HMAC is one-shot on both
 * sides.  The first outputs are compared so a broken build is noticed.
 * The accelerated paths (AES-NI, SHA-NI, SIMD ChaCha20-Poly1305) are
 * measured when built with -DSANPO_AESNI and the CPU has them; the issue's
 * targets are checked at the end against the figures of this run.
 * OpenSSL runs its widest code on every row, so a narrower row of ours
 * (ChaCha20-Poly1305 on AVX2, the level the kernel has under TCG) meets
 * OpenSSL's AVX-512 there; `make bench-crypto OPENSSL_ia32cap=:~0x10000`
 * holds OpenSSL to AVX2 (CPUID 7 EBX bit 16, AVX512F, masked) for the
 * like-for-like figure.
 *
 * Every slice starts from a clean upper-register state (VZEROUPPER where
 * AVX is usable): OpenSSL's AVX-512 ChaCha20-Poly1305 returns with the
 * upper halves dirty, and every later legacy-SSE instruction in the
 * process then pays a transition penalty -- whichever side runs next, ours
 * or OpenSSL's own SHA-NI code (measured: SHA-256 on SHA-NI lost a third).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crypto/aes_modes.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/gcm.h"
#include "crypto/hmac.h"
#include "crypto/sha1.h"
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#ifdef SANPO_AESNI
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/arch/x86_64/shani.h"
#include "crypto/arch/x86_64/x86_caps.h"
#endif

#define BUFSZ		16384
#define BENCH_SECONDS	0.25	/* per side, per algorithm and size (CPU time) */

static const size_t sizes[] = { 64, 256, 1500, 16384 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static size_t cur;		/* bytes per operation in this measurement */
static uint8_t key[32], iv[16], in[BUFSZ], out[BUFSZ], out2[BUFSZ];
static uint8_t tag[64], tag2[64];
static gcm_ctx g128;
static aes_ctx a256;
static int mismatch;

/* process CPU time: steadier than wall time on a shared machine */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

typedef void (*bench_fn)(uint8_t *o, uint8_t *t);

/* clean upper halves of the vector registers (see the top of the file) */
static void
settle(void)
{
#ifdef SANPO_AESNI
	if (x86_caps_have(X86_CAP_AVX))
		__asm__ volatile("vzeroupper" ::: "memory");
#endif
}

/* run f for at least `secs`; add bytes and seconds to the totals */
static void
run_for(bench_fn f, uint8_t *o, uint8_t *t, double secs, double *bytes,
    double *elapsed)
{
	double t0, t1;
	long n = 0;

	settle();
	t0 = now();
	do {
		int i;

		for (i = 0; i < 16; i++)	/* amortise the clock at 64 B */
			f(o, t);
		n += 16;
		t1 = now();
	} while (t1 - t0 < secs);
	*bytes += (double)n * cur;
	*elapsed += t1 - t0;
}

/*
 * Ours and OpenSSL's alternate in ROUNDS slices so that a change of load
 * on the machine affects both figures alike.  Results in MB/s.
 */
#define ROUNDS 4
static void
measure_pair(bench_fn a, uint8_t *oa, uint8_t *ta, bench_fn b, uint8_t *ob,
    uint8_t *tb, double *ra, double *rb)
{
	double ba = 0, ea = 0, bb = 0, eb = 0;
	int i;

	settle();
	a(oa, ta);	/* warm-up; outputs compared by the caller */
	settle();
	b(ob, tb);
	for (i = 0; i < ROUNDS; i++) {
		run_for(a, oa, ta, BENCH_SECONDS / ROUNDS, &ba, &ea);
		run_for(b, ob, tb, BENCH_SECONDS / ROUNDS, &bb, &eb);
	}
	*ra = ba / ea / 1e6;
	*rb = bb / eb / 1e6;
}

/* CBC works on whole blocks: 1500 bytes are padded to 1504, as ESP does */
#define CBC_LEN(n) (((n) + 15) & ~(size_t)15)

/* ---- ours ---- */
static void
our_gcm(uint8_t *o, uint8_t *t)
{
	gcm_encrypt(&g128, iv, 12, NULL, 0, in, cur, o, t, 16);
}

static void
our_cbc_hmac_with(const crypto_hash_desc *hd,
    int (*cbc)(const aes_ctx *, uint8_t *, const uint8_t *, uint8_t *, size_t),
    uint8_t *o, uint8_t *t)
{
	uint8_t v[16];
	size_t n = CBC_LEN(cur);

	memcpy(v, iv, 16);
	cbc(&a256, v, in, o, n);
	hmac(hd, key, 32, o, n, t);
}

static void
our_cbc_hmac(uint8_t *o, uint8_t *t)
{
	our_cbc_hmac_with(&crypto_hash_sha256, aes_cbc_encrypt, o, t);
}

static void
our_ccp(uint8_t *o, uint8_t *t)
{
	chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 0, in, cur, o, t, 16);
}

static void
our_sha1(uint8_t *o, uint8_t *t)
{
	(void)o;
	sha1(in, cur, t);
}

static void
our_sha256(uint8_t *o, uint8_t *t)
{
	(void)o;
	sha256(in, cur, t);
}

static void
our_sha512(uint8_t *o, uint8_t *t)
{
	(void)o;
	sha512(in, cur, t);
}

#ifdef SANPO_AESNI
static void
ni_gcm(uint8_t *o, uint8_t *t)
{
	aesni_gcm_encrypt(&g128, iv, 12, NULL, 0, in, cur, o, t, 16);
}

/* AES-NI CBC with the portable SHA-256 (the state before SHA-NI) */
static void
ni_cbc_hmac(uint8_t *o, uint8_t *t)
{
	our_cbc_hmac_with(&crypto_hash_sha256, aesni_cbc_encrypt, o, t);
}

static void
ni_cbc_hmac_shani(uint8_t *o, uint8_t *t)
{
	our_cbc_hmac_with(&crypto_hash_sha256_shani, aesni_cbc_encrypt, o, t);
}

static void
hash_desc(const crypto_hash_desc *hd, uint8_t *t)
{
	crypto_hash_ctx c;

	hd->init(&c);
	hd->update(&c, in, cur);
	hd->final(&c, t);
}

static void
ni_sha1(uint8_t *o, uint8_t *t)
{
	(void)o;
	hash_desc(&crypto_hash_sha1_shani, t);
}

static void
ni_sha256(uint8_t *o, uint8_t *t)
{
	(void)o;
	hash_desc(&crypto_hash_sha256_shani, t);
}

static void
simd_ccp(uint8_t *o, uint8_t *t)
{
	chacha20_poly1305_simd_encrypt(key, 32, iv, 12, NULL, 0, in, cur, o, t, 16);
}
#endif

/* ---- OpenSSL EVP: keyed once, IV per operation ---- */
static EVP_CIPHER_CTX *ctx_gcm, *ctx_ccp, *ctx_cbc;

static void
ossl_aead(EVP_CIPHER_CTX *c, uint8_t *o, uint8_t *t)
{
	int l = 0, l2 = 0;

	EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(c, o, &l, in, (int)cur);
	EVP_EncryptFinal_ex(c, o + l, &l2);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, t);
}

static void
ossl_gcm(uint8_t *o, uint8_t *t)
{
	ossl_aead(ctx_gcm, o, t);
}

static void
ossl_ccp(uint8_t *o, uint8_t *t)
{
	ossl_aead(ctx_ccp, o, t);
}

static void
ossl_cbc_hmac(uint8_t *o, uint8_t *t)
{
	int l = 0;
	unsigned ml = 0;

	EVP_EncryptInit_ex(ctx_cbc, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(ctx_cbc, o, &l, in, (int)CBC_LEN(cur));
	HMAC(EVP_sha256(), key, 32, o, CBC_LEN(cur), t, &ml);
}

static void
ossl_digest(const EVP_MD *md, uint8_t *t)
{
	unsigned l = 0;

	EVP_Digest(in, cur, t, &l, md, NULL);
}

static void
ossl_sha1(uint8_t *o, uint8_t *t)
{
	(void)o;
	ossl_digest(EVP_sha1(), t);
}

static void
ossl_sha256(uint8_t *o, uint8_t *t)
{
	(void)o;
	ossl_digest(EVP_sha256(), t);
}

static void
ossl_sha512(uint8_t *o, uint8_t *t)
{
	(void)o;
	ossl_digest(EVP_sha512(), t);
}

/* ---- the table ---- */

/* ratios kept for the target check, by row name and size index */
#define MAXROWS 16
static struct {
	const char *name;
	double ratio[NSIZES];
} rows[MAXROWS];
static int nrows;

static void
row(const char *name, bench_fn ours, bench_fn theirs, size_t taglen, int cmp_out)
{
	size_t i;

	for (i = 0; i < NSIZES; i++) {
		double a, b;
		const char *ok;

		cur = sizes[i];
		memset(out, 0, sizeof(out));
		memset(out2, 1, sizeof(out2));
		measure_pair(ours, out, tag, theirs, out2, tag2, &a, &b);
		ok = (memcmp(tag, tag2, taglen) == 0 &&
		    (!cmp_out || memcmp(out, out2, cur) == 0)) ? "" :
		    "  OUTPUT MISMATCH";
		if (*ok)
			mismatch = 1;
		printf("%-30s %6zu %10.1f %10.1f %9.3f%s\n", name, cur, a, b,
		    a / b, ok);
		fflush(stdout);
		if (nrows < MAXROWS)
			rows[nrows].ratio[i] = a / b;
	}
	if (nrows < MAXROWS)
		rows[nrows++].name = name;
}

static void
skipped(const char *name, const char *why)
{
	printf("%-30s (%s)\n", name, why);
}

#ifdef SANPO_AESNI
/* the SIMD AEAD held to one level, if the CPU has it */
static void
simd_ccp_row(int level, const char *name, const char *why)
{
	int top;

	chacha_simd_set_level(CHACHA_SIMD_AVX512);
	top = chacha_simd_level();
	if (top < level) {
		skipped(name, why);
		return;
	}
	chacha_simd_set_level(level);
	row(name, simd_ccp, ossl_ccp, 16, 1);
	chacha_simd_set_level(CHACHA_SIMD_AVX512);
}
#endif

/* the targets, judged on this run's ratios; name may be a list
 * "a|b|c": the first of them this run measured (the widest SIMD path) */
static void
target(const char *names, size_t size, double want)
{
	char list[128], *save = NULL, *name;
	size_t i;
	int r = nrows;

	snprintf(list, sizeof(list), "%s", names);
	for (name = strtok_r(list, "|", &save); name != NULL;
	    name = strtok_r(NULL, "|", &save)) {
		for (r = 0; r < nrows; r++)
			if (strcmp(rows[r].name, name) == 0)
				break;
		if (r < nrows)
			break;
	}
	if (name == NULL) {		/* none measured: name the first */
		snprintf(list, sizeof(list), "%s", names);
		name = strtok_r(list, "|", &save);
	}
	for (i = 0; i < NSIZES && sizes[i] != size; i++)
		;
	if (r == nrows || i == NSIZES) {
		printf("  %-30s %6zu  >= %.2fx  not measured\n", name, size, want);
		return;
	}
	printf("  %-30s %6zu  >= %.2fx  %.3fx  %s\n", name, size, want,
	    rows[r].ratio[i], rows[r].ratio[i] >= want ? "met" : "MISSED");
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 11 + 7);
	for (i = 0; i < sizeof(iv); i++)
		iv[i] = (uint8_t)(i * 3 + 1);
	for (i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 29 + 5);
	gcm_setkey(&g128, key, 16);
	aes_setkey(&a256, key, 32);
	ctx_gcm = EVP_CIPHER_CTX_new();
	ctx_ccp = EVP_CIPHER_CTX_new();
	ctx_cbc = EVP_CIPHER_CTX_new();
	EVP_EncryptInit_ex(ctx_gcm, EVP_aes_128_gcm(), NULL, key, iv);
	EVP_EncryptInit_ex(ctx_ccp, EVP_chacha20_poly1305(), NULL, key, iv);
	EVP_EncryptInit_ex(ctx_cbc, EVP_aes_256_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(ctx_cbc, 0);

	printf("crypto bench: >= %.2f s CPU time per figure and side "
	    "(interleaved), MB/s = 10^6 B/s\n", BENCH_SECONDS);
	if (getenv("OPENSSL_ia32cap") != NULL)
		printf("OpenSSL's code held by OPENSSL_ia32cap=%s\n",
		    getenv("OPENSSL_ia32cap"));
	printf("%-30s %6s %10s %10s %9s\n", "algorithm", "bytes", "ours",
	    "OpenSSL", "ours/ossl");
	row("AES-128-GCM", our_gcm, ossl_gcm, 16, 1);
#ifdef SANPO_AESNI
	if (aesni_available())
		row("AES-128-GCM (AES-NI)", ni_gcm, ossl_gcm, 16, 1);
	else
		skipped("AES-128-GCM (AES-NI)", "CPU lacks AES-NI/PCLMULQDQ");
#endif
	row("AES-256-CBC+HMAC-SHA256", our_cbc_hmac, ossl_cbc_hmac, 32, 1);
#ifdef SANPO_AESNI
	if (aesni_available())
		row("AES-256-CBC+HMAC (AES-NI)", ni_cbc_hmac, ossl_cbc_hmac, 32, 1);
	if (aesni_available() && shani_available())
		row("AES-256-CBC+HMAC (AES+SHA-NI)", ni_cbc_hmac_shani,
		    ossl_cbc_hmac, 32, 1);
	else
		skipped("AES-256-CBC+HMAC (AES+SHA-NI)", "CPU lacks AES-NI or SHA-NI");
#endif
	row("ChaCha20-Poly1305", our_ccp, ossl_ccp, 16, 1);
#ifdef SANPO_AESNI
	simd_ccp_row(CHACHA_SIMD_SSSE3, "ChaCha20-Poly1305 (SSSE3)", "CPU lacks SSSE3");
	simd_ccp_row(CHACHA_SIMD_AVX2, "ChaCha20-Poly1305 (AVX2)", "CPU/OS lacks AVX2");
	simd_ccp_row(CHACHA_SIMD_AVX512, "ChaCha20-Poly1305 (AVX-512)",
	    "CPU/OS lacks AVX-512 F+VL");
#endif
	row("SHA-1", our_sha1, ossl_sha1, 20, 0);
#ifdef SANPO_AESNI
	if (shani_available())
		row("SHA-1 (SHA-NI)", ni_sha1, ossl_sha1, 20, 0);
	else
		skipped("SHA-1 (SHA-NI)", "CPU lacks SHA-NI");
#endif
	row("SHA-256", our_sha256, ossl_sha256, 32, 0);
#ifdef SANPO_AESNI
	if (shani_available())
		row("SHA-256 (SHA-NI)", ni_sha256, ossl_sha256, 32, 0);
	else
		skipped("SHA-256 (SHA-NI)", "CPU lacks SHA-NI");
#endif
	row("SHA-512", our_sha512, ossl_sha512, 64, 0);

	/*
	 * Issue 19: the best path of each algorithm at >= 0.9x OpenSSL at 1500
	 * and 16384 bytes, and the small sizes kept where the issue found them
	 * (2026-12-02: 1.93x, 2.78x, 2.22x, 1.15x at 64 B; the floors below
	 * leave room for run-to-run noise).
	 */
	printf("targets (issue 19), ratios of this run:\n");
	for (i = 0; i < NSIZES; i++) {
		static const struct { const char *name; double small; } best[] = {
			{ "AES-128-GCM (AES-NI)", 1.5 },
			{ "AES-256-CBC+HMAC (AES+SHA-NI)", 2.0 },
			{ "SHA-256 (SHA-NI)", 1.8 },
			{ "ChaCha20-Poly1305 (AVX-512)|ChaCha20-Poly1305 (AVX2)|"
			    "ChaCha20-Poly1305 (SSSE3)", 1.0 },
		};
		size_t b;

		if (sizes[i] == 256)
			continue;
		for (b = 0; b < sizeof(best) / sizeof(best[0]); b++)
			target(best[b].name, sizes[i],
			    sizes[i] == 64 ? best[b].small : 0.9);
	}
	printf("  (framework direct-path overhead at 64 B: in-kernel, "
	    "`cryptotest -o` in the Sanpo shell)\n");
	EVP_CIPHER_CTX_free(ctx_gcm);
	EVP_CIPHER_CTX_free(ctx_ccp);
	EVP_CIPHER_CTX_free(ctx_cbc);
	if (mismatch)
		printf("WARNING: some outputs differ from OpenSSL\n");
	return 0;
}
