/*
 * poly1305.h - Poly1305 one-time authenticator (RFC 8439 section 2.5).
 *
 * 32-byte one-time key (r || s), 16-byte tag, incremental.  Arithmetic
 * modulo 2^130 - 5 in radix 2^64 with 128-bit products (unsigned
 * __int128); the final reduction selects with masks, so no branch depends
 * on secret data.
 */
#ifndef SANPO_CRYPTO_POLY1305_H
#define SANPO_CRYPTO_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define POLY1305_KEY_SIZE	32
#define POLY1305_TAG_SIZE	16

typedef struct poly1305_ctx {
	uint64_t r[2];		/* clamped r, little-endian halves */
	uint64_t h[3];		/* accumulator h0 + h1*2^64 + h2*2^128 */
	uint64_t pad[2];	/* s, added at the end */
	uint8_t buf[16];	/* partial block */
	unsigned nbuf;		/* bytes used in buf */
} poly1305_ctx;

int poly1305_init(poly1305_ctx *p, const uint8_t *key, size_t keylen);
/* NULL m is a no-op */
void poly1305_update(poly1305_ctx *p, const uint8_t *m, size_t len);
void poly1305_final(poly1305_ctx *p, uint8_t tag[16]);	/* wipes p */
int poly1305(const uint8_t key[32], const uint8_t *m, size_t len,
    uint8_t tag[16]);

/*
 * Whole 16-byte blocks (each with the 2^128 bit) into the accumulator: the
 * portable function, and the type of a faster one (poly1305_simd.h) that
 * poly1305_update_with() hands the bulk of its input to.
 */
typedef void poly1305_blocks_fn(poly1305_ctx *p, const uint8_t *m, size_t nblk);
void poly1305_blocks(poly1305_ctx *p, const uint8_t *m, size_t nblk);
void poly1305_update_with(poly1305_ctx *p, const uint8_t *m, size_t len,
    poly1305_blocks_fn *blocks);
/* h = h * r (p's r), partially reduced: how the SIMD code makes r^2, r^3... */
void poly1305_mul_r(const poly1305_ctx *p, uint64_t h[3]);

#endif
