/*
 * aesni.h - x86_64 AES-NI + PCLMULQDQ implementations of AES block
 * encrypt/decrypt, CBC, CTR and AES-GCM, drop-in for the portable ones.
 *
 * They take the same aes_ctx / gcm_ctx as crypto/aes.h and crypto/gcm.h:
 * the portable key schedule already produces the exact byte layout of the
 * AES-NI round keys (and its decryption keys are the AESIMC form), so
 * aes_setkey()/gcm_setkey() are used unchanged and only the bulk
 * operations differ.  Semantics, argument checks and error codes are the
 * same as the portable functions (gcm decrypt verifies before writing).
 *
 * GHASH: blocks are byte-reversed into registers (one PSHUFB), which
 * holds each field element bit-reflected; PCLMULQDQ products are summed
 * unreduced over 8 blocks (powers H..H^8) and reduced once, shifts-only,
 * as in Gueron & Kounavis's Intel white paper on GCM.  CTR keeps 8 blocks
 * in flight, and GCM encryption stitches the CTR rounds of one 128-byte
 * chunk with the GHASH multiplies of the previous one (decryption, which
 * verifies before it writes, runs GHASH then CTR).
 * AES-NI and PCLMULQDQ run in constant time.
 *
 * Like the other arch/x86_64 files (shani.h, chacha_simd.h) this is SSE
 * code: the kernel runs it only inside fpu_kern_enter/leave (and checks
 * aesni_available() once at start-up).
 */
#ifndef SANPO_CRYPTO_ARCH_X86_64_AESNI_H
#define SANPO_CRYPTO_ARCH_X86_64_AESNI_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/aes.h"
#include "crypto/gcm.h"

/* 1 if the CPU has AES-NI, PCLMULQDQ and SSE4.1 (CPUID leaf 1 ECX) */
int aesni_available(void);

void aesni_encrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16]);
void aesni_decrypt_block(const aes_ctx *ctx, const uint8_t in[16], uint8_t out[16]);
int aesni_cbc_encrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len);
int aesni_cbc_decrypt(const aes_ctx *aes, uint8_t iv[16], const uint8_t *in,
    uint8_t *out, size_t len);
/* 32-bit big-endian counter in the last 4 bytes of ctr (GCM/RFC 3686
 * style); ctr is advanced by the number of blocks used.  len any size,
 * but a partial last block discards the rest of its keystream. */
int aesni_ctr32_xor(const aes_ctx *aes, uint8_t ctr[16], const uint8_t *in,
    uint8_t *out, size_t len);
/* The same over all 128 bits of ctr (SP 800-38A; OpenSSL's aes-*-ctr). */
int aesni_ctr128_xor(const aes_ctx *aes, uint8_t ctr[16], const uint8_t *in,
    uint8_t *out, size_t len);
int aesni_gcm_encrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen);
int aesni_gcm_decrypt(const gcm_ctx *g, const uint8_t *iv, size_t ivlen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out);

#endif
