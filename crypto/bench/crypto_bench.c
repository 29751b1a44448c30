/*
 * crypto_bench.c - throughput of crypto/ against OpenSSL's EVP in the same
 * run (host program; built by mk/bench-crypto.mk with -O2, no sanitizers,
 * linked with -lcrypto).
 *
 * For each algorithm: encrypt/hash a 16 KiB buffer repeatedly for at least
 * BENCH_SECONDS of process CPU time, ours and OpenSSL's alternating in
 * slices (so load from other processes hits both alike), and print MB/s
 * (10^6 bytes/s) and the ratio ours/OpenSSL.  Figures only, no asserts;
 * the first iteration's outputs are compared so a broken build is noticed.
 * With -DSANPO_AESNI the AES-NI GCM/CBC paths are measured as well.
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
#include "crypto/sha256.h"
#include "crypto/sha512.h"
#ifdef SANPO_AESNI
#include "crypto/arch/x86_64/aesni.h"
#endif

#define BUFSZ		16384
#define BENCH_SECONDS	0.8	/* per side, per algorithm (CPU time) */

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

/* run f for at least `secs`; add bytes and seconds to the totals */
static void
run_for(bench_fn f, uint8_t *o, uint8_t *t, double secs, double *bytes,
    double *elapsed)
{
	double t0 = now(), t1;
	long n = 0;

	do {
		f(o, t);
		n++;
		t1 = now();
	} while (t1 - t0 < secs);
	*bytes += (double)n * BUFSZ;
	*elapsed += t1 - t0;
}

/*
 * Ours and OpenSSL's alternate in ROUNDS slices so that a change of load
 * on the machine affects both figures alike.  Results in MB/s.
 */
#define ROUNDS 8
static void
measure_pair(bench_fn a, uint8_t *oa, uint8_t *ta, bench_fn b, uint8_t *ob,
    uint8_t *tb, double *ra, double *rb)
{
	double ba = 0, ea = 0, bb = 0, eb = 0;
	int i;

	a(oa, ta);	/* warm-up; outputs compared by the caller */
	b(ob, tb);
	for (i = 0; i < ROUNDS; i++) {
		run_for(a, oa, ta, BENCH_SECONDS / ROUNDS, &ba, &ea);
		run_for(b, ob, tb, BENCH_SECONDS / ROUNDS, &bb, &eb);
	}
	*ra = ba / ea / 1e6;
	*rb = bb / eb / 1e6;
}

/* ---- ours ---- */
static void
our_gcm(uint8_t *o, uint8_t *t)
{
	gcm_encrypt(&g128, iv, 12, NULL, 0, in, BUFSZ, o, t, 16);
}

#ifdef SANPO_AESNI
static void
ni_gcm(uint8_t *o, uint8_t *t)
{
	aesni_gcm_encrypt(&g128, iv, 12, NULL, 0, in, BUFSZ, o, t, 16);
}

static void
ni_cbc_hmac(uint8_t *o, uint8_t *t)
{
	uint8_t v[16];

	memcpy(v, iv, 16);
	aesni_cbc_encrypt(&a256, v, in, o, BUFSZ);
	hmac(&crypto_hash_sha256, key, 32, o, BUFSZ, t);
}
#endif

static void
our_cbc_hmac(uint8_t *o, uint8_t *t)
{
	uint8_t v[16];

	memcpy(v, iv, 16);
	aes_cbc_encrypt(&a256, v, in, o, BUFSZ);
	hmac(&crypto_hash_sha256, key, 32, o, BUFSZ, t);
}

static void
our_ccp(uint8_t *o, uint8_t *t)
{
	chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 0, in, BUFSZ, o, t, 16);
}

static void
our_sha256(uint8_t *o, uint8_t *t)
{
	(void)o;
	sha256(in, BUFSZ, t);
}

static void
our_sha512(uint8_t *o, uint8_t *t)
{
	(void)o;
	sha512(in, BUFSZ, t);
}

/* ---- OpenSSL EVP ---- */
static EVP_CIPHER_CTX *ectx;

static void
ossl_aead(const EVP_CIPHER *c, uint8_t *o, uint8_t *t)
{
	int l = 0, l2 = 0;

	EVP_EncryptInit_ex(ectx, c, NULL, key, iv);
	EVP_EncryptUpdate(ectx, o, &l, in, BUFSZ);
	EVP_EncryptFinal_ex(ectx, o + l, &l2);
	EVP_CIPHER_CTX_ctrl(ectx, EVP_CTRL_AEAD_GET_TAG, 16, t);
}

static void
ossl_gcm(uint8_t *o, uint8_t *t)
{
	ossl_aead(EVP_aes_128_gcm(), o, t);
}

static void
ossl_ccp(uint8_t *o, uint8_t *t)
{
	ossl_aead(EVP_chacha20_poly1305(), o, t);
}

static void
ossl_cbc_hmac(uint8_t *o, uint8_t *t)
{
	int l = 0;
	unsigned ml = 0;

	EVP_EncryptInit_ex(ectx, EVP_aes_256_cbc(), NULL, key, iv);
	EVP_CIPHER_CTX_set_padding(ectx, 0);
	EVP_EncryptUpdate(ectx, o, &l, in, BUFSZ);
	HMAC(EVP_sha256(), key, 32, o, BUFSZ, t, &ml);
}

static void
ossl_digest(const EVP_MD *md, uint8_t *t)
{
	unsigned l = 0;

	EVP_Digest(in, BUFSZ, t, &l, md, NULL);
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

static void
row(const char *name, bench_fn ours, bench_fn theirs, size_t taglen, int cmp_out)
{
	double a, b;
	const char *ok;

	memset(out, 0, sizeof(out));
	memset(out2, 1, sizeof(out2));
	measure_pair(ours, out, tag, theirs, out2, tag2, &a, &b);
	ok = (memcmp(tag, tag2, taglen) == 0 &&
	    (!cmp_out || memcmp(out, out2, BUFSZ) == 0)) ? "" : "  OUTPUT MISMATCH";
	if (*ok)
		mismatch = 1;
	printf("%-28s %10.1f %10.1f %9.3f%s\n", name, a, b, a / b, ok);
	fflush(stdout);
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
	ectx = EVP_CIPHER_CTX_new();

	printf("crypto bench: %d-byte buffers, >= %.1f s CPU time per figure "
	    "(interleaved), MB/s = 10^6 B/s\n", BUFSZ, BENCH_SECONDS);
	printf("%-28s %10s %10s %9s\n", "algorithm", "ours", "OpenSSL", "ours/ossl");
	row("AES-128-GCM", our_gcm, ossl_gcm, 16, 1);
#ifdef SANPO_AESNI
	if (aesni_available())
		row("AES-128-GCM (AES-NI)", ni_gcm, ossl_gcm, 16, 1);
	else
		printf("%-28s (CPU lacks AES-NI/PCLMULQDQ)\n", "AES-128-GCM (AES-NI)");
#endif
	row("AES-256-CBC+HMAC-SHA256", our_cbc_hmac, ossl_cbc_hmac, 32, 1);
#ifdef SANPO_AESNI
	if (aesni_available())
		row("AES-256-CBC+HMAC (AES-NI)", ni_cbc_hmac, ossl_cbc_hmac, 32, 1);
#endif
	row("ChaCha20-Poly1305", our_ccp, ossl_ccp, 16, 1);
	row("SHA-256", our_sha256, ossl_sha256, 32, 0);
	row("SHA-512", our_sha512, ossl_sha512, 64, 0);
	EVP_CIPHER_CTX_free(ectx);
	if (mismatch)
		printf("WARNING: some outputs differ from OpenSSL\n");
	return 0;
}
