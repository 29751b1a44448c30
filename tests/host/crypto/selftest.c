/*
 * selftest.c - negative and structural tests for crypto/: wrong key and
 * parameter lengths are rejected with CRYPTO_EINVAL, NULL pointers with a
 * non-zero length are rejected (never dereferenced), AEAD tag failures
 * return CRYPTO_EBADMSG without writing the output buffer, zero-length
 * inputs work, in-place operation works, CTR counter widths, the
 * streaming AEAD interfaces match the one-shot ones for many splits and
 * refuse to decrypt before the tag is verified, the xform
 * table is consistent.  Prints "selftest: N checks, F failed".
 * Built into vector_driver (request "selftest") with
 * -DCRYPTO_SELFTEST_NO_MAIN, or on its own.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/aes.h"
#include "crypto/aes_modes.h"
#include "crypto/chacha20.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"
#include "crypto/gcm.h"
#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "crypto/null_cipher.h"
#include "crypto/poly1305.h"
#include "crypto/timingsafe.h"
#include "crypto/xform.h"
#ifdef SANPO_AESNI
#include "crypto/arch/x86_64/chacha_simd.h"
#include "crypto/arch/x86_64/shani.h"
#endif

static int nchecks, nfailed;

#define CHECK(cond) do {						\
	nchecks++;							\
	if (!(cond)) {							\
		nfailed++;						\
		printf("FAILED %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	}								\
} while (0)

static uint8_t key[1100], iv[64], pt[300], ct[300], out[300], tag[16];

static int
all(const uint8_t *p, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

static void
test_aes(void)
{
	aes_ctx a;
	size_t bad[] = { 0, 1, 8, 15, 17, 20, 23, 25, 31, 33, 64 };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(aes_setkey(&a, key, bad[i]) == CRYPTO_EINVAL);
	CHECK(aes_setkey(&a, NULL, 16) == CRYPTO_EINVAL);
	CHECK(aes_setkey(NULL, key, 16) == CRYPTO_EINVAL);
	CHECK(aes_setkey(&a, key, 16) == 0);
	CHECK(aes_setkey(&a, key, 24) == 0);
	CHECK(aes_setkey(&a, key, 32) == 0);

	/* CBC: partial blocks rejected, zero length fine, in place works */
	CHECK(aes_cbc_encrypt(&a, iv, pt, ct, 15) == CRYPTO_EINVAL);
	CHECK(aes_cbc_decrypt(&a, iv, pt, ct, 17) == CRYPTO_EINVAL);
	CHECK(aes_cbc_encrypt(&a, iv, NULL, ct, 16) == CRYPTO_EINVAL);
	CHECK(aes_cbc_encrypt(&a, NULL, pt, ct, 16) == CRYPTO_EINVAL);
	CHECK(aes_cbc_encrypt(&a, iv, NULL, NULL, 0) == 0);
	{
		uint8_t v1[16], v2[16], buf[64];
		memset(v1, 7, 16);
		memcpy(v2, v1, 16);
		memcpy(buf, pt, 64);
		CHECK(aes_cbc_encrypt(&a, v1, pt, ct, 64) == 0);
		CHECK(aes_cbc_encrypt(&a, v2, buf, buf, 64) == 0);
		CHECK(memcmp(buf, ct, 64) == 0);
		memset(v2, 7, 16);
		CHECK(aes_cbc_decrypt(&a, v2, buf, buf, 64) == 0);
		CHECK(memcmp(buf, pt, 64) == 0);
		CHECK(memcmp(v1, v2, 16) == 0);
	}

	/* CTR: 32-bit counter wraps inside the low word, 128-bit carries */
	{
		aes_ctr_ctx c;
		uint8_t blk[16], ks[32], want[32], zero[32] = { 0 };
		memset(blk, 0xff, 16);
		blk[11] = 0x42;
		CHECK(aes_ctr_init(&c, &a, blk, 33) == CRYPTO_EINVAL);
		CHECK(aes_ctr_init(&c, &a, blk, 32) == 0);
		CHECK(aes_ctr_xor(&c, zero, ks, 32) == 0);
		aes_encrypt_block(&a, blk, want);
		memset(blk + 12, 0, 4);			/* wrapped, byte 11 kept */
		aes_encrypt_block(&a, blk, want + 16);
		CHECK(memcmp(ks, want, 32) == 0);
		memset(blk, 0xff, 16);
		blk[11] = 0x42;
		CHECK(aes_ctr_init(&c, &a, blk, 128) == 0);
		CHECK(aes_ctr_xor(&c, zero, ks, 32) == 0);
		memset(blk + 12, 0, 4);
		blk[11] = 0x43;				/* carried */
		aes_encrypt_block(&a, blk, want + 16);
		CHECK(memcmp(ks, want, 32) == 0);
		CHECK(aes_ctr_xor(&c, NULL, ks, 5) == CRYPTO_EINVAL);
		CHECK(aes_ctr_xor(&c, NULL, NULL, 0) == 0);
		CHECK(aes_ctr_init_rfc3686(&c, &a, NULL, iv) == CRYPTO_EINVAL);
	}
}

static void
test_gcm(void)
{
	gcm_ctx g;
	size_t badtag[] = { 0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 17, 32 };
	size_t i;

	CHECK(gcm_setkey(&g, key, 20) == CRYPTO_EINVAL);
	CHECK(gcm_setkey(&g, key, 0) == CRYPTO_EINVAL);
	CHECK(gcm_setkey(NULL, key, 16) == CRYPTO_EINVAL);
	CHECK(gcm_setkey(&g, key, 16) == 0);
	for (i = 0; i < sizeof(badtag) / sizeof(badtag[0]); i++) {
		CHECK(gcm_encrypt(&g, iv, 12, NULL, 0, pt, 16, ct, tag, badtag[i]) ==
		    CRYPTO_EINVAL);
		CHECK(gcm_decrypt(&g, iv, 12, NULL, 0, ct, 16, tag, badtag[i], out) ==
		    CRYPTO_EINVAL);
	}
	CHECK(gcm_encrypt(&g, iv, 0, NULL, 0, pt, 16, ct, tag, 16) == CRYPTO_EINVAL);
	CHECK(gcm_encrypt(&g, NULL, 12, NULL, 0, pt, 16, ct, tag, 16) == CRYPTO_EINVAL);
	CHECK(gcm_encrypt(&g, iv, 12, NULL, 3, pt, 16, ct, tag, 16) == CRYPTO_EINVAL);
	CHECK(gcm_encrypt(&g, iv, 12, NULL, 0, NULL, 16, ct, tag, 16) == CRYPTO_EINVAL);
	CHECK(gcm_encrypt(&g, iv, 12, NULL, 0, pt, 16, NULL, tag, 16) == CRYPTO_EINVAL);
	CHECK(gcm_encrypt(&g, iv, 12, NULL, 0, pt, 16, ct, NULL, 16) == CRYPTO_EINVAL);
	CHECK(gcm_decrypt(&g, iv, 12, NULL, 0, ct, 16, NULL, 16, out) == CRYPTO_EINVAL);

	/* zero-length everything: tag only (NIST test case 1 key = 0) */
	{
		static const uint8_t t1[16] = { 0x58, 0xe2, 0xfc, 0xce, 0xfa, 0x7e,
		    0x30, 0x61, 0x36, 0x7f, 0x1d, 0x57, 0xa4, 0xe7, 0x45, 0x5a };
		uint8_t z[16] = { 0 }, t[16];
		gcm_ctx g0;
		CHECK(gcm_setkey(&g0, z, 16) == 0);
		CHECK(gcm_encrypt(&g0, z, 12, NULL, 0, NULL, 0, NULL, t, 16) == 0);
		CHECK(memcmp(t, t1, 16) == 0);
		CHECK(gcm_decrypt(&g0, z, 12, NULL, 0, NULL, 0, t, 16, NULL) == 0);
		t[15] ^= 1;
		CHECK(gcm_decrypt(&g0, z, 12, NULL, 0, NULL, 0, t, 16, NULL) ==
		    CRYPTO_EBADMSG);
	}

	/* tag failure: output untouched, for every tag byte and the AAD/CT */
	CHECK(gcm_encrypt(&g, iv, 12, iv, 20, pt, 100, ct, tag, 16) == 0);
	for (i = 0; i < 16 + 100 + 20; i++) {
		uint8_t t[16], c[100], ad[20];
		memcpy(t, tag, 16);
		memcpy(c, ct, 100);
		memcpy(ad, iv, 20);
		if (i < 16)
			t[i] ^= 0x80;
		else if (i < 116)
			c[i - 16] ^= 1;
		else
			ad[i - 116] ^= 0x10;
		memset(out, 0xa5, sizeof(out));
		CHECK(gcm_decrypt(&g, iv, 12, ad, 20, c, 100, t, 16, out) ==
		    CRYPTO_EBADMSG);
		CHECK(all(out, sizeof(out), 0xa5));
	}
	/* truncated tag: only the prefix is compared */
	CHECK(gcm_decrypt(&g, iv, 12, iv, 20, ct, 100, tag, 12, out) == 0);
	CHECK(memcmp(out, pt, 100) == 0);
	/* in place */
	{
		uint8_t buf[100];
		memcpy(buf, pt, 100);
		CHECK(gcm_encrypt(&g, iv, 12, iv, 20, buf, 100, buf, tag, 16) == 0);
		CHECK(memcmp(buf, ct, 100) == 0);
		CHECK(gcm_decrypt(&g, iv, 12, iv, 20, buf, 100, tag, 16, buf) == 0);
		CHECK(memcmp(buf, pt, 100) == 0);
	}
}

static void
test_chacha_poly(void)
{
	chacha20_ctx c;
	poly1305_ctx p;
	size_t i;

	CHECK(chacha20_init(&c, key, 16, iv, 12, 0) == CRYPTO_EINVAL);
	CHECK(chacha20_init(&c, key, 32, iv, 8, 0) == CRYPTO_EINVAL);
	CHECK(chacha20_init(&c, NULL, 32, iv, 12, 0) == CRYPTO_EINVAL);
	CHECK(chacha20_init(&c, key, 32, iv, 12, 0) == 0);
	CHECK(chacha20_xor(&c, NULL, out, 1) == CRYPTO_EINVAL);
	CHECK(chacha20_xor(&c, NULL, NULL, 0) == 0);
	CHECK(poly1305_init(&p, key, 16) == CRYPTO_EINVAL);
	CHECK(poly1305_init(&p, NULL, 32) == CRYPTO_EINVAL);
	CHECK(poly1305(key, NULL, 3, tag) == CRYPTO_EINVAL);
	CHECK(poly1305(key, NULL, 0, tag) == 0);
	{
		/* NULL data in the incremental updates is a no-op, not a crash */
		uint8_t t1[16], t2[16];
		ghash_ctx gh;
		poly1305_init(&p, key, 32);
		poly1305_update(&p, NULL, 7);
		poly1305_update(&p, pt, 20);
		poly1305_final(&p, t1);
		poly1305(key, pt, 20, t2);
		CHECK(memcmp(t1, t2, 16) == 0);
		ghash_init(&gh, key);
		ghash_update(&gh, NULL, 9);
		ghash_final(&gh, t1);
		CHECK(all(t1, 16, 0));
	}

	/* split at every offset equals one-shot */
	{
		uint8_t one[300], part[300];
		size_t s;
		chacha20_init(&c, key, 32, iv, 12, 7);
		chacha20_xor(&c, pt, one, 300);
		for (s = 0; s <= 300; s += 1) {
			chacha20_init(&c, key, 32, iv, 12, 7);
			chacha20_xor(&c, pt, part, s);
			chacha20_xor(&c, pt + s, part + s, 300 - s);
			CHECK(memcmp(one, part, 300) == 0);
		}
	}

	CHECK(chacha20_poly1305_encrypt(key, 31, iv, 12, NULL, 0, pt, 10, ct,
	    tag, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 33, iv, 12, NULL, 0, pt, 10, ct,
	    tag, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 8, NULL, 0, pt, 10, ct,
	    tag, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 0, pt, 10, ct,
	    tag, 0) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 0, pt, 10, ct,
	    tag, 17) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 1, pt, 10, ct,
	    tag, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_decrypt(key, 32, iv, 12, NULL, 0, NULL, 10, tag,
	    16, out) == CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 12, NULL, 0, NULL, 0, NULL,
	    tag, 16) == 0);
	CHECK(chacha20_poly1305_decrypt(key, 32, iv, 12, NULL, 0, NULL, 0, tag,
	    16, NULL) == 0);

	CHECK(chacha20_poly1305_encrypt(key, 32, iv, 12, iv, 33, pt, 200, ct,
	    tag, 16) == 0);
	for (i = 0; i < 16 + 200 + 33; i++) {
		uint8_t t[16], cc[200], ad[33];
		memcpy(t, tag, 16);
		memcpy(cc, ct, 200);
		memcpy(ad, iv, 33);
		if (i < 16)
			t[i] ^= 0x01;
		else if (i < 216)
			cc[i - 16] ^= 0x80;
		else
			ad[i - 216] ^= 0x02;
		memset(out, 0xa5, sizeof(out));
		CHECK(chacha20_poly1305_decrypt(key, 32, iv, 12, ad, 33, cc, 200, t,
		    16, out) == CRYPTO_EBADMSG);
		CHECK(all(out, sizeof(out), 0xa5));
	}
	CHECK(chacha20_poly1305_decrypt(key, 32, iv, 12, iv, 33, ct, 200, tag,
	    16, out) == 0);
	CHECK(memcmp(out, pt, 200) == 0);
}

/* streaming AEAD == one-shot for many splits; order rules enforced */
static void
test_streams(void)
{
	gcm_ctx g;
	uint8_t ref[200], rtag[16], t[16], buf[200];
	size_t a, b;
	int alg;

	gcm_setkey(&g, key, 32);
	for (alg = 0; alg < 2; alg++) {
		if (alg == 0)
			gcm_encrypt(&g, iv, 12, iv, 33, pt, 200, ref, rtag, 16);
		else
			chacha20_poly1305_encrypt(key, 32, iv, 12, iv, 33, pt, 200, ref,
			    rtag, 16);
		for (a = 0; a <= 200; a += 7) {
			for (b = a; b <= 200; b += 13) {
				gcm_stream gs;
				chacha20_poly1305_stream cs;
				int e = 0;
				/* encrypt: AAD in two pieces, text in three */
				if (alg == 0) {
					e |= gcm_stream_init(&gs, &g, iv, 12);
					e |= gcm_stream_aad(&gs, iv, a % 34);
					e |= gcm_stream_aad(&gs, iv + a % 34, 33 - a % 34);
					e |= gcm_stream_encrypt(&gs, pt, buf, a);
					e |= gcm_stream_encrypt(&gs, pt + a, buf + a, b - a);
					e |= gcm_stream_encrypt(&gs, pt + b, buf + b, 200 - b);
					e |= gcm_stream_final(&gs, t, 16);
				} else {
					e |= chacha20_poly1305_stream_init(&cs, key, 32, iv, 12);
					e |= chacha20_poly1305_stream_aad(&cs, iv, a % 34);
					e |= chacha20_poly1305_stream_aad(&cs, iv + a % 34, 33 - a % 34);
					e |= chacha20_poly1305_stream_encrypt(&cs, pt, buf, a);
					e |= chacha20_poly1305_stream_encrypt(&cs, pt + a, buf + a, b - a);
					e |= chacha20_poly1305_stream_encrypt(&cs, pt + b, buf + b, 200 - b);
					e |= chacha20_poly1305_stream_final(&cs, t, 16);
				}
				CHECK(e == 0);
				CHECK(memcmp(buf, ref, 200) == 0 && memcmp(t, rtag, 16) == 0);
				/* decrypt: auth all pieces, verify, then decrypt pieces */
				memset(out, 0xa5, sizeof(out));
				if (alg == 0) {
					e = gcm_stream_init(&gs, &g, iv, 12);
					e |= gcm_stream_aad(&gs, iv, 33);
					e |= gcm_stream_auth(&gs, ref, a);
					e |= gcm_stream_auth(&gs, ref + a, 200 - a);
					CHECK(gcm_stream_decrypt(&gs, ref, out, 1) == CRYPTO_EINVAL);
					CHECK(gcm_stream_aad(&gs, iv, 1) == CRYPTO_EINVAL);
					e |= gcm_stream_verify(&gs, rtag, 16);
					e |= gcm_stream_decrypt(&gs, ref, out, b);
					e |= gcm_stream_decrypt(&gs, ref + b, out + b, 200 - b);
					CHECK(gcm_stream_decrypt(&gs, ref, out + 200, 1) ==
					    CRYPTO_EINVAL);
				} else {
					e = chacha20_poly1305_stream_init(&cs, key, 32, iv, 12);
					e |= chacha20_poly1305_stream_aad(&cs, iv, 33);
					e |= chacha20_poly1305_stream_auth(&cs, ref, a);
					e |= chacha20_poly1305_stream_auth(&cs, ref + a, 200 - a);
					CHECK(chacha20_poly1305_stream_decrypt(&cs, ref, out, 1) ==
					    CRYPTO_EINVAL);
					CHECK(chacha20_poly1305_stream_aad(&cs, iv, 1) ==
					    CRYPTO_EINVAL);
					e |= chacha20_poly1305_stream_verify(&cs, rtag, 16);
					e |= chacha20_poly1305_stream_decrypt(&cs, ref, out, b);
					e |= chacha20_poly1305_stream_decrypt(&cs, ref + b, out + b,
					    200 - b);
					CHECK(chacha20_poly1305_stream_decrypt(&cs, ref, out + 200,
					    1) == CRYPTO_EINVAL);
				}
				CHECK(e == 0);
				CHECK(memcmp(out, pt, 200) == 0);
			}
		}
		/* a bad tag: EBADMSG, and decrypt stays refused */
		{
			gcm_stream gs;
			chacha20_poly1305_stream cs;
			memcpy(t, rtag, 16);
			t[5] ^= 0x40;
			memset(out, 0xa5, sizeof(out));
			if (alg == 0) {
				CHECK(gcm_stream_init(&gs, &g, iv, 12) == 0);
				CHECK(gcm_stream_aad(&gs, iv, 33) == 0);
				CHECK(gcm_stream_auth(&gs, ref, 200) == 0);
				CHECK(gcm_stream_verify(&gs, t, 16) == CRYPTO_EBADMSG);
				CHECK(gcm_stream_decrypt(&gs, ref, out, 200) == CRYPTO_EINVAL);
				CHECK(gcm_stream_verify(&gs, rtag, 16) == CRYPTO_EINVAL);
				CHECK(gcm_stream_init(&gs, &g, NULL, 12) == CRYPTO_EINVAL);
				CHECK(gcm_stream_init(&gs, &g, iv, 12) == 0);
				CHECK(gcm_stream_encrypt(&gs, pt, buf, 10) == 0);
				CHECK(gcm_stream_auth(&gs, pt, 10) == CRYPTO_EINVAL);
				CHECK(gcm_stream_final(&gs, t, 3) == CRYPTO_EINVAL);
			} else {
				CHECK(chacha20_poly1305_stream_init(&cs, key, 32, iv, 12) == 0);
				CHECK(chacha20_poly1305_stream_aad(&cs, iv, 33) == 0);
				CHECK(chacha20_poly1305_stream_auth(&cs, ref, 200) == 0);
				CHECK(chacha20_poly1305_stream_verify(&cs, t, 16) ==
				    CRYPTO_EBADMSG);
				CHECK(chacha20_poly1305_stream_decrypt(&cs, ref, out, 200) ==
				    CRYPTO_EINVAL);
				CHECK(chacha20_poly1305_stream_init(&cs, key, 31, iv, 12) ==
				    CRYPTO_EINVAL);
				CHECK(chacha20_poly1305_stream_init(&cs, key, 32, iv, 12) == 0);
				CHECK(chacha20_poly1305_stream_encrypt(&cs, pt, buf, 10) == 0);
				CHECK(chacha20_poly1305_stream_auth(&cs, pt, 10) == CRYPTO_EINVAL);
			}
			CHECK(all(out, sizeof(out), 0xa5));
		}
		/* empty message: tag of AAD only, and of nothing */
		{
			gcm_stream gs;
			chacha20_poly1305_stream cs;
			uint8_t t2[16];
			if (alg == 0) {
				gcm_encrypt(&g, iv, 12, NULL, 0, NULL, 0, NULL, t2, 16);
				CHECK(gcm_stream_init(&gs, &g, iv, 12) == 0);
				CHECK(gcm_stream_final(&gs, t, 16) == 0);
				CHECK(memcmp(t, t2, 16) == 0);
				CHECK(gcm_stream_init(&gs, &g, iv, 12) == 0);
				CHECK(gcm_stream_verify(&gs, t2, 16) == 0);
			} else {
				chacha20_poly1305_encrypt(key, 32, iv, 12, iv, 5, NULL, 0, NULL,
				    t2, 16);
				CHECK(chacha20_poly1305_stream_init(&cs, key, 32, iv, 12) == 0);
				CHECK(chacha20_poly1305_stream_aad(&cs, iv, 5) == 0);
				CHECK(chacha20_poly1305_stream_final(&cs, t, 16) == 0);
				CHECK(memcmp(t, t2, 16) == 0);
				CHECK(chacha20_poly1305_stream_init(&cs, key, 32, iv, 12) == 0);
				CHECK(chacha20_poly1305_stream_aad(&cs, iv, 5) == 0);
				CHECK(chacha20_poly1305_stream_verify(&cs, t2, 16) == 0);
			}
		}
	}
}

static void
test_hash_hmac(void)
{
	const char *names[] = { "sha1", "sha224", "sha256", "sha384", "sha512",
	    "sha512_224", "sha512_256" };
	size_t i, s;
	hmac_ctx hm;
	uint8_t m1[64], m2[64];

	CHECK(crypto_hash_lookup("md5") == NULL);
	CHECK(crypto_hash_lookup(NULL) == NULL);
	CHECK(crypto_hash_lookup("sha2") == NULL);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const crypto_hash_desc *d = crypto_hash_lookup(names[i]);
		crypto_hash_ctx c;
		CHECK(d != NULL && strcmp(d->name, names[i]) == 0);
		if (d == NULL)
			continue;
		/* every split of a 300-byte message, and NULL/0 updates */
		d->init(&c);
		d->update(&c, pt, 300);
		d->final(&c, m1);
		for (s = 0; s <= 300; s++) {
			d->init(&c);
			d->update(&c, NULL, 0);
			d->update(&c, pt, s);
			d->update(&c, pt + s, 300 - s);
			d->final(&c, m2);
			CHECK(memcmp(m1, m2, d->digest_size) == 0);
		}
		/* HMAC incremental == one-shot; verify with truncation */
		CHECK(hmac(d, key, 40, pt, 300, m1) == 0);
		CHECK(hmac_init(&hm, d, key, 40) == 0);
		hmac_update(&hm, pt, 123);
		hmac_update(&hm, pt + 123, 177);
		hmac_final(&hm, m2);
		CHECK(memcmp(m1, m2, d->digest_size) == 0);
		CHECK(hmac_init(&hm, d, key, 40) == 0);
		hmac_update(&hm, pt, 300);
		CHECK(hmac_verify(&hm, m1, 12) == 0);
		m1[3] ^= 4;
		CHECK(hmac_init(&hm, d, key, 40) == 0);
		hmac_update(&hm, pt, 300);
		CHECK(hmac_verify(&hm, m1, d->digest_size) == CRYPTO_EBADMSG);
		CHECK(hmac_init(&hm, d, key, 40) == 0);
		CHECK(hmac_verify(&hm, m1, d->digest_size + 1) == CRYPTO_EINVAL);
		CHECK(hmac_init(&hm, d, NULL, 0) == 0);
		hmac_final(&hm, m2);
		CHECK(hmac_init(&hm, d, NULL, 5) == CRYPTO_EINVAL);
		CHECK(hmac(d, key, 5, NULL, 5, m2) == CRYPTO_EINVAL);
	}
	CHECK(hmac_init(&hm, NULL, key, 5) == CRYPTO_EINVAL);
	CHECK(timingsafe_bcmp(pt, pt, 0) == 0);
	CHECK(timingsafe_bcmp("abc", "abd", 3) == 1);
	CHECK(timingsafe_bcmp("abc", "abc", 3) == 0);
	CHECK(timingsafe_memcmp("abc", "abd", 3) < 0);
	CHECK(timingsafe_memcmp("abd", "abc", 3) > 0);
	CHECK(timingsafe_memcmp("\x01\xff", "\x02\x00", 2) < 0);
	CHECK(timingsafe_memcmp("abc", "abc", 3) == 0);
}

static void
test_xform(void)
{
	int id, nfound = 0;
	crypto_xform_ctx ctx;

	CHECK(crypto_xform_lookup(0) == NULL);
	CHECK(crypto_xform_lookup(CRYPTO_ALG_MAX) == NULL);
	CHECK(crypto_xform_lookup(-1) == NULL);
	CHECK(crypto_xform_lookup_name("des") == NULL);
	CHECK(crypto_xform_setkey(NULL, &ctx, key, 16) == CRYPTO_EINVAL);
	for (id = 1; id < CRYPTO_ALG_MAX; id++) {
		const crypto_xform *x = crypto_xform_lookup(id);
		size_t kl;
		CHECK(x != NULL);
		if (x == NULL)
			continue;
		nfound++;
		CHECK((int)x->id == id);
		CHECK(crypto_xform_lookup_name(x->name) == x);
		if (x->kind == CRYPTO_KIND_HASH) {
			uint8_t d[64];
			CHECK(x->mac(NULL, pt, 10, d) == 0);
			CHECK(x->mac(NULL, NULL, 10, d) == CRYPTO_EINVAL);
			CHECK(x->icv_size == x->hash->digest_size);
			continue;
		}
		/* key sizes: every length 0..80 accepted iff in the table */
		for (kl = 0; kl <= 80; kl++) {
			int ok = kl >= x->key_min && kl <= x->key_max &&
			    (kl - x->key_min) % x->key_step == 0;
			int e = crypto_xform_setkey(x, &ctx, key, kl);
			CHECK(crypto_xform_keylen_ok(x, kl) == ok);
			CHECK(ok ? e == 0 : e == CRYPTO_EINVAL);
		}
		CHECK(crypto_xform_setkey(x, &ctx, NULL, x->key_max ? x->key_max : 1) ==
		    CRYPTO_EINVAL || x->key_max == 0);
		CHECK(crypto_xform_setkey(x, NULL, key, x->key_min) == CRYPTO_EINVAL);
		CHECK(crypto_xform_setkey(x, &ctx, key, x->key_max) == 0);
		if (x->kind == CRYPTO_KIND_CIPHER) {
			size_t n = 64;
			CHECK(x->encrypt(&ctx, iv, pt, ct, n) == 0);
			if (id != CRYPTO_ALG_NULL)
				CHECK(memcmp(ct, pt, n) != 0);
			CHECK(x->decrypt(&ctx, iv, ct, out, n) == 0);
			CHECK(memcmp(out, pt, n) == 0);
			if (x->block_size > 1)
				CHECK(x->encrypt(&ctx, iv, pt, ct, n + 1) == CRYPTO_EINVAL);
			CHECK(x->encrypt(&ctx, iv, NULL, ct, n) == CRYPTO_EINVAL);
		} else if (x->kind == CRYPTO_KIND_AEAD) {
			uint8_t icv[16];
			CHECK(x->icv_size == 16);
			CHECK(x->aead_encrypt(&ctx, iv, iv, 8, pt, 77, ct, icv) == 0);
			CHECK(x->aead_decrypt(&ctx, iv, iv, 8, ct, 77, icv, out) == 0);
			CHECK(memcmp(out, pt, 77) == 0);
			icv[0] ^= 1;
			memset(out, 0xa5, sizeof(out));
			CHECK(x->aead_decrypt(&ctx, iv, iv, 8, ct, 77, icv, out) ==
			    CRYPTO_EBADMSG);
			CHECK(all(out, sizeof(out), 0xa5));
			CHECK(x->aead_encrypt(&ctx, NULL, iv, 8, pt, 77, ct, icv) ==
			    CRYPTO_EINVAL);
		} else if (x->kind == CRYPTO_KIND_MAC) {
			uint8_t icv[64], full[64];
			CHECK(x->mac(&ctx, pt, 100, icv) == 0);
			CHECK(hmac(x->hash, key, x->key_max, pt, 100, full) == 0);
			CHECK(memcmp(icv, full, x->icv_size) == 0);
			CHECK(x->mac(&ctx, NULL, 100, icv) == CRYPTO_EINVAL);
		}
		crypto_xform_wipe(&ctx);
	}
	CHECK(nfound == CRYPTO_ALG_MAX - 1);

	/* RFC 4106 / RFC 3686 / RFC 7634 key layout == raw algorithm */
	{
		const crypto_xform *x = crypto_xform_lookup(CRYPTO_ALG_AES_GCM_16);
		uint8_t n[12], icv[16], t2[16], c2[50];
		gcm_ctx g;
		CHECK(crypto_xform_setkey(x, &ctx, key, 20) == 0);
		CHECK(x->aead_encrypt(&ctx, iv, NULL, 0, pt, 50, ct, icv) == 0);
		memcpy(n, key + 16, 4);
		memcpy(n + 4, iv, 8);
		gcm_setkey(&g, key, 16);
		CHECK(gcm_encrypt(&g, n, 12, NULL, 0, pt, 50, c2, t2, 16) == 0);
		CHECK(memcmp(c2, ct, 50) == 0 && memcmp(t2, icv, 16) == 0);

		x = crypto_xform_lookup(CRYPTO_ALG_CHACHA20_POLY1305_ESP);
		CHECK(crypto_xform_setkey(x, &ctx, key, 36) == 0);
		CHECK(x->aead_encrypt(&ctx, iv, NULL, 0, pt, 50, ct, icv) == 0);
		memcpy(n, key + 32, 4);
		CHECK(chacha20_poly1305_encrypt(key, 32, n, 12, NULL, 0, pt, 50, c2,
		    t2, 16) == 0);
		CHECK(memcmp(c2, ct, 50) == 0 && memcmp(t2, icv, 16) == 0);

		x = crypto_xform_lookup(CRYPTO_ALG_AES_CTR);
		aes_ctx a;
		aes_ctr_ctx cc;
		CHECK(crypto_xform_setkey(x, &ctx, key, 28) == 0);
		CHECK(x->encrypt(&ctx, iv, pt, ct, 50) == 0);
		aes_setkey(&a, key, 24);
		aes_ctr_init_rfc3686(&cc, &a, key + 24, iv);
		aes_ctr_xor(&cc, pt, c2, 50);
		CHECK(memcmp(c2, ct, 50) == 0);
	}
	CHECK(null_cipher_xor(NULL, out, 1) == CRYPTO_EINVAL);
	CHECK(null_cipher_xor(pt, out, 0) == 0);
}

#ifdef SANPO_AESNI
/*
 * The x86 accelerated paths: bad arguments get the portable functions'
 * errors, a failed tag leaves the output untouched, and the SHA-NI lookup
 * maps exactly the hashes that have instructions.
 */
static void
test_accel(void)
{
	chacha20_ctx c;
	uint8_t o[300];

	CHECK(crypto_hash_shani_lookup(&crypto_hash_sha256) == &crypto_hash_sha256_shani);
	CHECK(crypto_hash_shani_lookup(&crypto_hash_sha224) == &crypto_hash_sha224_shani);
	CHECK(crypto_hash_shani_lookup(&crypto_hash_sha1) == &crypto_hash_sha1_shani);
	CHECK(crypto_hash_shani_lookup(&crypto_hash_sha512) == NULL);
	CHECK(crypto_hash_shani_lookup(&crypto_hash_sha384) == NULL);
	if (chacha_simd_level() < CHACHA_SIMD_SSSE3)
		return;
	CHECK(chacha20_simd_xor(NULL, pt, o, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_init(&c, key, 32, iv, 12, 1) == 0);
	CHECK(chacha20_simd_xor(&c, NULL, o, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_simd_xor(&c, pt, NULL, 16) == CRYPTO_EINVAL);
	CHECK(chacha20_simd_xor(&c, NULL, NULL, 0) == 0);
	CHECK(chacha20_poly1305_simd_encrypt(key, 31, iv, 12, NULL, 0, pt, 16, ct, tag, 16) ==
	    CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_simd_encrypt(key, 32, iv, 8, NULL, 0, pt, 16, ct, tag, 16) ==
	    CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_simd_encrypt(key, 32, iv, 12, NULL, 0, pt, 300, ct, tag, 17) ==
	    CRYPTO_EINVAL);
	CHECK(chacha20_poly1305_simd_encrypt(key, 32, iv, 12, NULL, 0, pt, 300, ct, tag, 16) == 0);
	tag[3] ^= 1;
	memset(o, 0xa5, sizeof(o));
	CHECK(chacha20_poly1305_simd_decrypt(key, 32, iv, 12, NULL, 0, ct, 300, tag, 16, o) ==
	    CRYPTO_EBADMSG);
	CHECK(o[0] == 0xa5 && o[299] == 0xa5);
	tag[3] ^= 1;
	CHECK(chacha20_poly1305_simd_decrypt(key, 32, iv, 12, NULL, 0, ct, 300, tag, 16, o) == 0);
	CHECK(memcmp(o, pt, 300) == 0);
}
#endif

int
crypto_selftest_run(void)
{
	size_t i;

	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < sizeof(iv); i++)
		iv[i] = (uint8_t)(i * 13 + 5);
	for (i = 0; i < sizeof(pt); i++)
		pt[i] = (uint8_t)(i * 31 + 3);
	test_aes();
	test_gcm();
	test_chacha_poly();
	test_streams();
	test_hash_hmac();
	test_xform();
#ifdef SANPO_AESNI
	test_accel();
#endif
	printf("selftest: %d checks, %d failed\n", nchecks, nfailed);
	return nfailed != 0;
}

#ifndef CRYPTO_SELFTEST_NO_MAIN
int
main(void)
{
	return crypto_selftest_run();
}
#endif
