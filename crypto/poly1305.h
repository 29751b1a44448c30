/*
 * poly1305.h - Poly1305 one-time authenticator (RFC 8439 section 2.5).
 *
 * 32-byte one-time key (r || s), 16-byte tag, incremental.  Arithmetic
 * modulo 2^130 - 5 in five 26-bit limbs with 64-bit products; the final
 * reduction selects with masks, so no branch depends on secret data.
 */
#ifndef SANPO_CRYPTO_POLY1305_H
#define SANPO_CRYPTO_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#define POLY1305_KEY_SIZE	32
#define POLY1305_TAG_SIZE	16

typedef struct poly1305_ctx {
	uint32_t r[5], h[5], pad[4];
	uint8_t buf[16];
	unsigned nbuf;
} poly1305_ctx;

int poly1305_init(poly1305_ctx *p, const uint8_t *key, size_t keylen);
/* NULL m is a no-op */
void poly1305_update(poly1305_ctx *p, const uint8_t *m, size_t len);
void poly1305_final(poly1305_ctx *p, uint8_t tag[16]);	/* wipes p */
int poly1305(const uint8_t key[32], const uint8_t *m, size_t len,
    uint8_t tag[16]);

#endif
