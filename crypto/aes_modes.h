/*
 * aes_modes.h - AES-CBC and AES-CTR (NIST SP 800-38A; RFC 3602, RFC 3686).
 *
 * CBC: whole blocks only (len % 16 == 0, else CRYPTO_EINVAL); the IV
 * buffer is updated to the last ciphertext block so consecutive calls
 * chain.  in == out (in place) is allowed.
 *
 * CTR: a 16-byte counter block incremented big-endian after each block,
 * either over all 128 bits (SP 800-38A style) or over the low 32 bits
 * only (RFC 3686 / GCM style, wrapping).  Incremental: any split of the
 * data gives the same stream.  aes_ctr_init_rfc3686() builds the ESP
 * counter block nonce(4) || IV(8) || 00000001.
 */
#ifndef SANPO_CRYPTO_AES_MODES_H
#define SANPO_CRYPTO_AES_MODES_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aes.h"

int aes_cbc_encrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len);
int aes_cbc_decrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len);

typedef struct aes_ctr_ctx {
	const aes_ctx *aes;
	uint8_t ctr[16];	/* next counter block */
	uint8_t ks[64];		/* keystream: 4 blocks at a time */
	unsigned used;		/* bytes of ks consumed (64 = none left) */
	unsigned ctr_bits;	/* 32 or 128 */
} aes_ctr_ctx;

/* ctr_bits: 32 or 128. */
int aes_ctr_init(aes_ctr_ctx *c, const aes_ctx *aes, const uint8_t ctrblk[16],
    unsigned ctr_bits);
/* RFC 3686: nonce is 4 bytes (from the key material), iv 8 bytes. */
int aes_ctr_init_rfc3686(aes_ctr_ctx *c, const aes_ctx *aes,
    const uint8_t nonce[4], const uint8_t iv[8]);
/* encrypt == decrypt; in == out allowed. */
int aes_ctr_xor(aes_ctr_ctx *c, const uint8_t *in, uint8_t *out, size_t len);

#endif
