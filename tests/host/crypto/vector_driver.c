/*
 * vector_driver.c - host test driver for crypto/: reads one request per
 * line on stdin, hex-encoded fields separated by spaces ("-" = empty),
 * writes one answer line per request on stdout.  Driven by
 * tests/host/crypto/test_crypto.py, which streams whole published vector files
 * through one process.
 *
 * Requests (all fields hex unless noted):
 *   aes-enc KEY PT            -> CT        (ECB, whole blocks)
 *   aes-dec KEY CT            -> PT
 *   cbc-enc KEY IV PT         -> CT
 *   cbc-dec KEY IV CT         -> PT
 *   ctr KEY CTRBLOCK IN       -> OUT       (128-bit counter)
 *   ctr-split KEY CTRBLOCK IN -> OUT       (same, fed 1,2,3.. byte pieces)
 *   gcm-enc KEY IV AAD PT TAGLEN(dec) -> CT TAG
 *   gcm-dec KEY IV AAD CT TAG -> PT | FAIL  (FAIL-DIRTY if out was written)
 *   ccp-enc KEY NONCE AAD PT TAGLEN(dec) -> CT TAG
 *   ccp-dec KEY NONCE AAD CT TAG -> PT | FAIL | FAIL-DIRTY
 *   hash NAME MSG             -> MD
 *   hash-split NAME MSG       -> MD, or SPLITBAD if some split differs
 *   hash-monte NAME SEED      -> 100 checkpoint digests separated by ','
 *   hmac NAME KEY MSG         -> MAC (full length)
 *   chacha-block KEY NONCE CTR(dec) -> 64-byte block
 *   chacha KEY NONCE CTR(dec) IN -> OUT
 *   poly KEY MSG              -> TAG
 *   poly-split KEY MSG        -> TAG (every split point), SPLITBAD
 *   ghash H DATA              -> Y
 *   selftest                  -> selftest.c output (if linked in)
 * Errors from the library print "ERR <code>".
 *   caps                      -> "CAPS aesni=A shani=S simd=L" (0/1, level 0-3)
 * With argument "aesni" (driver built with -DSANPO_AESNI and
 * every crypto/arch/x86_64 file) the AES, CBC, CTR and GCM requests run through
 * the AES-NI functions, SHA-1/224/256 (hash, HMAC) through SHA-NI when the
 * CPU has it, and ChaCha20, Poly1305 and ChaCha20-Poly1305 through the
 * widest SIMD level (AVX-512, AVX2 or SSSE3: chacha_simd.h); "accel-avx2"
 * and "accel-ssse3" do the same with that level held to AVX2 or SSSE3 (so
 * a wide machine tests every level).  Prints "NOAESNI" and exits if the
 * CPU lacks AES-NI.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aes.h"
#include "crypto/aes_modes.h"
#include "crypto/cryptodefs.h"
#include "crypto/chacha20.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/gcm.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "crypto/poly1305.h"
#ifdef SANPO_AESNI
#include "crypto/arch/x86_64/aesni.h"
#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/arch/x86_64/shani.h"
#endif

/* argv[1] == "aesni": AES, CBC, CTR and GCM requests use the AES-NI path */
static int use_ni;

typedef struct {
	uint8_t *p;
	size_t n;
} buf;

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static buf
unhex(const char *s)
{
	buf b;
	size_t l = strlen(s), i;

	if (strcmp(s, "-") == 0)
		l = 0;
	b.n = l / 2;
	/* never NULL, so the driver's pointers are always valid */
	b.p = malloc(b.n + 1);
	for (i = 0; i < b.n; i++) {
		int h = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
		if (h < 0 || lo < 0 || l % 2) {
			fprintf(stderr, "bad hex: %s\n", s);
			exit(2);
		}
		b.p[i] = (uint8_t)(h << 4 | lo);
	}
	return b;
}

static void
puthex(const uint8_t *p, size_t n)
{
	size_t i;

	if (n == 0)
		fputs("-", stdout);
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static uint8_t *
xalloc(size_t n)
{
	return malloc(n ? n : 1);
}

static int
err(int e)
{
	printf("ERR %d\n", e);
	return 0;
}

/* out must still hold the 0xa5 sentinel after a failed decrypt */
static void
report_fail(const uint8_t *out, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i] != 0xa5) {
			puts("FAIL-DIRTY");
			return;
		}
	puts("FAIL");
}

#ifdef SANPO_AESNI
#define ni_enc_block aesni_encrypt_block
#define ni_dec_block aesni_decrypt_block
#define ni_ctr128 aesni_ctr128_xor
#define ni_gcm_enc aesni_gcm_encrypt
#define ni_gcm_dec aesni_gcm_decrypt
#define CBC_ENC(...) (use_ni ? aesni_cbc_encrypt : aes_cbc_encrypt)(__VA_ARGS__)
#define CBC_DEC(...) (use_ni ? aesni_cbc_decrypt : aes_cbc_decrypt)(__VA_ARGS__)
#define USE_SIMD (use_ni && chacha_simd_level() >= CHACHA_SIMD_SSSE3)
#define CCP_ENC (USE_SIMD ? chacha20_poly1305_simd_encrypt : chacha20_poly1305_encrypt)
#define CCP_DEC (USE_SIMD ? chacha20_poly1305_simd_decrypt : chacha20_poly1305_decrypt)
#define CHACHA_XOR (USE_SIMD ? chacha20_simd_xor : chacha20_xor)
#define POLY_BLOCKS (USE_SIMD ? chacha20_poly1305_simd_impl()->blocks : poly1305_blocks)
#else
#define ni_enc_block aes_encrypt_block
#define ni_dec_block aes_decrypt_block
#define ni_ctr128(a, c, i, o, n) (void)0
#define ni_gcm_enc gcm_encrypt
#define ni_gcm_dec gcm_decrypt
#define CBC_ENC aes_cbc_encrypt
#define CBC_DEC aes_cbc_decrypt
#define CCP_ENC chacha20_poly1305_encrypt
#define CCP_DEC chacha20_poly1305_decrypt
#define CHACHA_XOR chacha20_xor
#define POLY_BLOCKS poly1305_blocks
#endif

static const crypto_hash_desc *
hash_by_name(const char *n)
{
	const crypto_hash_desc *d = crypto_hash_lookup(n);
	if (d == NULL) {
		fprintf(stderr, "unknown hash %s\n", n);
		exit(2);
	}
#ifdef SANPO_AESNI
	/* the SHA-NI descriptor where there is one and the CPU has it */
	if (use_ni && shani_available() && crypto_hash_shani_lookup(d) != NULL)
		d = crypto_hash_shani_lookup(d);
#endif
	return d;
}

static void
do_hash(const crypto_hash_desc *d, const uint8_t *m, size_t n, uint8_t *out)
{
	crypto_hash_ctx c;

	d->init(&c);
	d->update(&c, m, n);
	d->final(&c, out);
}

static int
cmd(char **a, int na)
{
	const char *op = a[0];

	if (!strcmp(op, "aes-enc") || !strcmp(op, "aes-dec")) {
		buf k = unhex(a[1]), in = unhex(a[2]);
		aes_ctx c;
		uint8_t *out = xalloc(in.n);
		int e = aes_setkey(&c, k.p, k.n);
		size_t i;
		if (e)
			return err(e);
		for (i = 0; i + 16 <= in.n; i += 16) {
			if (op[4] == 'e')
				(use_ni ? ni_enc_block : aes_encrypt_block)(&c, in.p + i, out + i);
			else
				(use_ni ? ni_dec_block : aes_decrypt_block)(&c, in.p + i, out + i);
		}
		puthex(out, in.n); putchar('\n');
		free(k.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "cbc-enc") || !strcmp(op, "cbc-dec")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), in = unhex(a[3]);
		aes_ctx c;
		uint8_t *out = xalloc(in.n), ivb[16];
		int e = aes_setkey(&c, k.p, k.n);
		if (e)
			return err(e);
		memcpy(ivb, iv.p, 16);
		/* split into two calls to exercise IV chaining */
		size_t half = (in.n / 32) * 16;
		if (op[4] == 'e') {
			e = CBC_ENC(&c, ivb, in.p, out, half);
			e |= CBC_ENC(&c, ivb, in.p + half, out + half, in.n - half);
		} else {
			e = CBC_DEC(&c, ivb, in.p, out, half);
			e |= CBC_DEC(&c, ivb, in.p + half, out + half, in.n - half);
		}
		if (e)
			return err(e);
		puthex(out, in.n); putchar('\n');
		free(k.p); free(iv.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "ctr") || !strcmp(op, "ctr-split")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), in = unhex(a[3]);
		aes_ctx c;
		aes_ctr_ctx cc;
		uint8_t *out = xalloc(in.n);
		size_t off = 0, step = 1;
		int e = aes_setkey(&c, k.p, k.n);
		if (e)
			return err(e);
		aes_ctr_init(&cc, &c, iv.p, 128);
		if (use_ni) {
			/* whole request, 128-bit counter (carries across the 32-bit loop) */
			ni_ctr128(&c, iv.p, in.p, out, in.n);
		} else if (op[3] == '-') {
			while (off < in.n) {
				size_t n = step < in.n - off ? step : in.n - off;
				aes_ctr_xor(&cc, in.p + off, out + off, n);
				off += n;
				step++;
			}
		} else {
			aes_ctr_xor(&cc, in.p, out, in.n);
		}
		puthex(out, in.n); putchar('\n');
		free(k.p); free(iv.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "gcm-enc")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), aad = unhex(a[3]), in = unhex(a[4]);
		size_t tl = strtoul(a[5], NULL, 10);
		gcm_ctx g;
		uint8_t *out = xalloc(in.n), tag[16];
		int e = gcm_setkey(&g, k.p, k.n);
		if (!e)
			e = (use_ni ? ni_gcm_enc : gcm_encrypt)(&g, iv.p, iv.n, aad.p, aad.n, in.p, in.n, out, tag, tl);
		if (e)
			return err(e);
		puthex(out, in.n); putchar(' '); puthex(tag, tl); putchar('\n');
		free(k.p); free(iv.p); free(aad.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "gcm-dec")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), aad = unhex(a[3]), in = unhex(a[4]),
		    tag = unhex(a[5]);
		gcm_ctx g;
		uint8_t *out = xalloc(in.n);
		int e;
		memset(out, 0xa5, in.n);
		e = gcm_setkey(&g, k.p, k.n);
		if (!e)
			e = (use_ni ? ni_gcm_dec : gcm_decrypt)(&g, iv.p, iv.n, aad.p, aad.n, in.p, in.n, tag.p,
			    tag.n, out);
		if (e == CRYPTO_EBADMSG)
			report_fail(out, in.n);
		else if (e)
			return err(e);
		else {
			puthex(out, in.n); putchar('\n');
		}
		free(k.p); free(iv.p); free(aad.p); free(in.p); free(tag.p); free(out);
		return 0;
	}
	if (!strcmp(op, "ccp-enc")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), aad = unhex(a[3]), in = unhex(a[4]);
		size_t tl = strtoul(a[5], NULL, 10);
		uint8_t *out = xalloc(in.n), tag[16];
		int e = CCP_ENC(k.p, k.n, iv.p, iv.n, aad.p, aad.n,
		    in.p, in.n, out, tag, tl);
		if (e)
			return err(e);
		puthex(out, in.n); putchar(' '); puthex(tag, tl); putchar('\n');
		free(k.p); free(iv.p); free(aad.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "ccp-dec")) {
		buf k = unhex(a[1]), iv = unhex(a[2]), aad = unhex(a[3]), in = unhex(a[4]),
		    tag = unhex(a[5]);
		uint8_t *out = xalloc(in.n);
		int e;
		memset(out, 0xa5, in.n);
		e = CCP_DEC(k.p, k.n, iv.p, iv.n, aad.p, aad.n,
		    in.p, in.n, tag.p, tag.n, out);
		if (e == CRYPTO_EBADMSG)
			report_fail(out, in.n);
		else if (e)
			return err(e);
		else {
			puthex(out, in.n); putchar('\n');
		}
		free(k.p); free(iv.p); free(aad.p); free(in.p); free(tag.p); free(out);
		return 0;
	}
	if (!strcmp(op, "hash") || !strcmp(op, "hash-split")) {
		const crypto_hash_desc *d = hash_by_name(a[1]);
		buf m = unhex(a[2]);
		uint8_t md[64], md2[64];
		do_hash(d, m.p, m.n, md);
		if (op[4] == '-') {
			size_t s, t;
			for (s = 0; s <= m.n; s++) {
				crypto_hash_ctx c;
				d->init(&c);
				d->update(&c, m.p, s);
				/* and the rest in two pieces */
				t = s + (m.n - s) / 3;
				d->update(&c, m.p + s, t - s);
				d->update(&c, m.p + t, m.n - t);
				d->final(&c, md2);
				if (memcmp(md, md2, d->digest_size)) {
					puts("SPLITBAD");
					free(m.p);
					return 0;
				}
			}
		}
		puthex(md, d->digest_size); putchar('\n');
		free(m.p);
		return 0;
	}
	if (!strcmp(op, "hash-monte")) {
		/* SHAVS Monte Carlo (SHAVS 6.4) */
		const crypto_hash_desc *d = hash_by_name(a[1]);
		buf seed = unhex(a[2]);
		size_t ds = d->digest_size, j, i;
		uint8_t md[3][64], m[3 * 64];
		memcpy(md[2], seed.p, ds);
		for (j = 0; j < 100; j++) {
			memcpy(md[0], md[2], ds);
			memcpy(md[1], md[2], ds);
			for (i = 3; i < 1003; i++) {
				memcpy(m, md[0], ds);
				memcpy(m + ds, md[1], ds);
				memcpy(m + 2 * ds, md[2], ds);
				memcpy(md[0], md[1], ds);
				memcpy(md[1], md[2], ds);
				do_hash(d, m, 3 * ds, md[2]);
			}
			if (j)
				putchar(',');
			puthex(md[2], ds);
		}
		putchar('\n');
		free(seed.p);
		return 0;
	}
	if (!strcmp(op, "hmac")) {
		const crypto_hash_desc *d = hash_by_name(a[1]);
		buf k = unhex(a[2]), m = unhex(a[3]);
		uint8_t mac[64];
		int e = hmac(d, k.p, k.n, m.p, m.n, mac);
		if (e)
			return err(e);
		puthex(mac, d->digest_size); putchar('\n');
		free(k.p); free(m.p);
		return 0;
	}
	if (!strcmp(op, "chacha-block")) {
		buf k = unhex(a[1]), n = unhex(a[2]);
		uint8_t out[64];
		chacha20_block(k.p, n.p, (uint32_t)strtoul(a[3], NULL, 10), out);
		puthex(out, 64); putchar('\n');
		free(k.p); free(n.p);
		return 0;
	}
	if (!strcmp(op, "chacha")) {
		buf k = unhex(a[1]), n = unhex(a[2]), in = unhex(a[4]);
		chacha20_ctx c;
		uint8_t *out = xalloc(in.n);
		int e = chacha20_init(&c, k.p, k.n, n.p, n.n,
		    (uint32_t)strtoul(a[3], NULL, 10));
		if (e)
			return err(e);
		/* in pieces of 1, 2, 3, ... bytes: every leftover-keystream case */
		{
			size_t off = 0, step = 1;
			while (off < in.n) {
				size_t m = step < in.n - off ? step : in.n - off;
				CHACHA_XOR(&c, in.p + off, out + off, m);
				off += m;
				step = step < 600 ? step * 2 + 1 : 1;
			}
		}
		puthex(out, in.n); putchar('\n');
		free(k.p); free(n.p); free(in.p); free(out);
		return 0;
	}
	if (!strcmp(op, "poly") || !strcmp(op, "poly-split")) {
		buf k = unhex(a[1]), m = unhex(a[2]);
		uint8_t tag[16], t2[16];
		poly1305_ctx p0;
		int e = poly1305_init(&p0, k.p, k.n);
		if (e)
			return err(e);
		/* one update: the bulk through the SIMD block function if any */
		poly1305_update_with(&p0, m.p, m.n, POLY_BLOCKS);
		poly1305_final(&p0, tag);
		if (op[4] == '-') {
			size_t s;
			for (s = 0; s <= m.n; s++) {
				poly1305_ctx p;
				poly1305_init(&p, k.p, k.n);
				poly1305_update_with(&p, m.p, s, POLY_BLOCKS);
				poly1305_update_with(&p, m.p + s, m.n - s, POLY_BLOCKS);
				poly1305_final(&p, t2);
				if (memcmp(tag, t2, 16)) {
					puts("SPLITBAD");
					return 0;
				}
			}
		}
		puthex(tag, 16); putchar('\n');
		free(k.p); free(m.p);
		return 0;
	}
	if (!strcmp(op, "ghash")) {
		buf h = unhex(a[1]), d = unhex(a[2]);
		ghash_ctx g;
		uint8_t y[16];
		ghash_init(&g, h.p);
		ghash_update(&g, d.p, d.n);
		ghash_final(&g, y);
		puthex(y, 16); putchar('\n');
		free(h.p); free(d.p);
		return 0;
	}
	if (!strcmp(op, "caps")) {
#ifdef SANPO_AESNI
		printf("CAPS aesni=%d shani=%d simd=%d\n", aesni_available(),
		    shani_available(), use_ni ? chacha_simd_level() : 0);
#else
		puts("CAPS aesni=0 shani=0 simd=0");
#endif
		return 0;
	}
#ifdef CRYPTO_SELFTEST_NO_MAIN
	if (!strcmp(op, "selftest")) {
		int crypto_selftest_run(void);
		if (crypto_selftest_run())
			exit(1);
		return 0;
	}
#endif
	(void)na;
	fprintf(stderr, "unknown op %s\n", op);
	exit(2);
}

int
main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t l;

	if (argc > 1 && (strcmp(argv[1], "aesni") == 0 ||
	    strcmp(argv[1], "accel-ssse3") == 0 ||
	    strcmp(argv[1], "accel-avx2") == 0)) {
#ifdef SANPO_AESNI
		if (!aesni_available()) {
			puts("NOAESNI");
			return 0;
		}
		use_ni = 1;
		/* accel-X: ChaCha20-Poly1305 held to SIMD level X */
		if (strcmp(argv[1], "accel-ssse3") == 0)
			chacha_simd_set_level(CHACHA_SIMD_SSSE3);
		else if (strcmp(argv[1], "accel-avx2") == 0)
			chacha_simd_set_level(CHACHA_SIMD_AVX2);
#else
		puts("NOAESNI");
		return 0;
#endif
	}

	while ((l = getline(&line, &cap, stdin)) > 0) {
		char *a[16], *s = line, *tok;
		int na = 0;
		while ((tok = strsep(&s, " \t\r\n")) != NULL && na < 16)
			if (*tok)
				a[na++] = tok;
		if (na == 0)
			continue;
		cmd(a, na);
	}
	free(line);
	fflush(stdout);
	return 0;
}
