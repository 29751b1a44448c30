/*
 * gcm.h - AES-GCM authenticated encryption (NIST SP 800-38D, RFC 4106).
 *
 * Any IV length >= 1 byte (12 bytes is the fast, recommended case); tag
 * lengths 4, 8 and 12..16 bytes.  AAD and text lengths are limited only by
 * the SP 800-38D bounds (text < 2^36 - 32 bytes).
 *
 * Decryption verifies the tag over the ciphertext FIRST (one GHASH pass),
 * compares it in constant time and only then decrypts; on failure it
 * returns CRYPTO_EBADMSG and has not written a single byte of `out`.
 *
 * Constant time GHASH: no tables.  GF(2^128) products use a carry-less
 * multiply emulated with ordinary integer multiplies on masked operands
 * (every 4th bit kept, so the carries of a 32x32->64 product stay in the
 * "holes" and are masked away), Karatsuba to 64x64 and 128x128, and a
 * shift/xor reduction modulo x^128 + x^7 + x^2 + x + 1 in bit-reflected
 * form.  AES is the table-free implementation of aes.c.
 *
 * The ghash_* functions are exported for the AES-NI path and tests.
 */
#ifndef SANPO_CRYPTO_GCM_H
#define SANPO_CRYPTO_GCM_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aes.h"
#include "crypto/aes_modes.h"

typedef struct ghash_ctx {
	uint64_t h[2];		/* hash key, bit-reflected (h[0] = x^0..x^63) */
	uint64_t y[2];		/* accumulator, same form */
	uint8_t buf[16];
	unsigned nbuf;
} ghash_ctx;

void ghash_init(ghash_ctx *g, const uint8_t h[16]);
/* Absorb data; a partial block is held until more data or ghash_pad().
 * NULL p is a no-op. */
void ghash_update(ghash_ctx *g, const uint8_t *p, size_t len);
/* Zero-pad the pending partial block (if any) and absorb it. */
void ghash_pad(ghash_ctx *g);
/* Pad, then output the accumulator as a 16-byte block. */
void ghash_final(ghash_ctx *g, uint8_t out[16]);

typedef struct gcm_ctx {
	aes_ctx aes;
	uint8_t h[16];
	/* H^1..H^8 as GCM byte strings, made once by gcm_setkey: the AES-NI
	 * code's aggregated GHASH needs them per request, and eight CLMUL
	 * products per request were 3% of an ESP echo's busy time under TCG */
	uint8_t hpow[8][16];
} gcm_ctx;

int gcm_setkey(gcm_ctx *g, const uint8_t *key, size_t keylen);
int gcm_encrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen);
/* Returns 0, CRYPTO_EINVAL, or CRYPTO_EBADMSG (out untouched). */
int gcm_decrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out);
void gcm_wipe(gcm_ctx *g);

/*
 * Streaming interface, for data in several pieces (mbuf chains).  The
 * order is enforced; a call out of order returns CRYPTO_EINVAL.
 *   encrypt: init, aad*, encrypt*, final(tag)
 *   decrypt: init, aad*, auth*(all ciphertext), verify(tag), decrypt*
 * gcm_stream_decrypt() refuses to run unless verify() succeeded, so
 * plaintext is never released before the tag is checked.
 */
typedef struct gcm_stream {
	const gcm_ctx *key;
	ghash_ctx gh;
	uint8_t ekj0[16];	/* E(J0), for the tag */
	aes_ctr_ctx ctr;	/* from inc32(J0) */
	uint64_t aadlen, textlen, declen;
	int state;
} gcm_stream;

int gcm_stream_init(gcm_stream *s, const gcm_ctx *g, const uint8_t *iv,
    size_t ivlen);
int gcm_stream_aad(gcm_stream *s, const uint8_t *aad, size_t len);
int gcm_stream_encrypt(gcm_stream *s, const uint8_t *in, uint8_t *out,
    size_t len);
int gcm_stream_final(gcm_stream *s, uint8_t *tag, size_t taglen);
int gcm_stream_auth(gcm_stream *s, const uint8_t *ct, size_t len);
/* 0 or CRYPTO_EBADMSG (constant-time compare) */
int gcm_stream_verify(gcm_stream *s, const uint8_t *tag, size_t taglen);
/* only after a successful verify, and at most the authenticated length */
int gcm_stream_decrypt(gcm_stream *s, const uint8_t *in, uint8_t *out,
    size_t len);

#endif
