/*
 * chacha20_poly1305.h - ChaCha20-Poly1305 AEAD (RFC 8439 section 2.8).
 *
 * 32-byte key, 12-byte nonce, 16-byte tag (shorter tags, 1..16 bytes, are
 * accepted for truncated-ICV uses and compare only that prefix).
 * Decryption computes and checks the tag over the ciphertext first (in
 * constant time) and decrypts only if it matches; on failure the output
 * buffer is untouched and CRYPTO_EBADMSG is returned.
 */
#ifndef SANPO_CRYPTO_CHACHA20_POLY1305_H
#define SANPO_CRYPTO_CHACHA20_POLY1305_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/chacha20.h"
#include "crypto/poly1305.h"

int chacha20_poly1305_encrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen);
int chacha20_poly1305_decrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out);

/*
 * The same over other implementations of the two halves (the SIMD ones of
 * arch/x86_64/chacha_simd.h): a keystream function of chacha20_xor()'s
 * contract and a Poly1305 block function of poly1305_blocks()'s.
 */
typedef int chacha20_xor_fn(chacha20_ctx *c, const uint8_t *in, uint8_t *out,
    size_t len);
typedef struct chacha20_poly1305_impl {
	chacha20_xor_fn *keystream;	/* chacha20_xor or a faster one */
	poly1305_blocks_fn *blocks;	/* poly1305_blocks or a faster one */
} chacha20_poly1305_impl;
int chacha20_poly1305_encrypt_with(const chacha20_poly1305_impl *impl,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen);
int chacha20_poly1305_decrypt_with(const chacha20_poly1305_impl *impl,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out);

/*
 * Streaming interface (same rules as gcm_stream in gcm.h):
 *   encrypt: init, aad*, encrypt*, final(tag)
 *   decrypt: init, aad*, auth*(all ciphertext), verify(tag), decrypt*
 * decrypt() refuses to run before a successful verify().
 */
typedef struct chacha20_poly1305_stream {
	chacha20_ctx c;
	poly1305_ctx p;
	uint64_t aadlen, textlen, declen;
	int state;
} chacha20_poly1305_stream;

int chacha20_poly1305_stream_init(chacha20_poly1305_stream *s,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen);
int chacha20_poly1305_stream_aad(chacha20_poly1305_stream *s,
    const uint8_t *aad, size_t len);
int chacha20_poly1305_stream_encrypt(chacha20_poly1305_stream *s,
    const uint8_t *in, uint8_t *out, size_t len);
int chacha20_poly1305_stream_final(chacha20_poly1305_stream *s, uint8_t *tag,
    size_t taglen);
int chacha20_poly1305_stream_auth(chacha20_poly1305_stream *s,
    const uint8_t *ct, size_t len);
int chacha20_poly1305_stream_verify(chacha20_poly1305_stream *s,
    const uint8_t *tag, size_t taglen);
int chacha20_poly1305_stream_decrypt(chacha20_poly1305_stream *s,
    const uint8_t *in, uint8_t *out, size_t len);

#endif
