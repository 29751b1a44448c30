/*
 * chacha_simd.h - ChaCha20 keystream on x86_64 SIMD, 4 blocks at a time
 * with SSSE3, 8 with AVX2 or 16 with AVX-512 (each 32-bit lane of a vector
 * register holds the same state word of a different block), drop-in for
 * the portable chacha20_xor() on the same chacha20_ctx (crypto/chacha20.h),
 * and the RFC 8439 AEAD over it with the matching Poly1305 (portable below
 * AVX2, poly1305_simd.h from AVX2 up).
 *
 * chacha_simd_level() picks the widest usable one at run time from
 * x86_caps() (x86_caps.h): AVX2 and AVX-512 need an OS that saves their
 * register state (OSXSAVE and the XCR0 bits); the Sanpo kernel enables
 * XSAVE with every state CPUID offers (`sysctl hw.fpu`), so -cpu max runs
 * AVX2 there too, and a kernel without XSAVE gets SSSE3.  In the kernel
 * every call must sit between fpu_kern_enter() and fpu_kern_leave().
 * Add/rotate/xor only: constant time.
 */
#ifndef SANPO_CRYPTO_ARCH_X86_64_CHACHA_SIMD_H
#define SANPO_CRYPTO_ARCH_X86_64_CHACHA_SIMD_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/chacha20.h"
#include "crypto/chacha20_poly1305.h"

enum chacha_simd_level {
	CHACHA_SIMD_NONE = 0,	/* use the portable code */
	CHACHA_SIMD_SSSE3 = 1,	/* 4 blocks per step */
	CHACHA_SIMD_AVX2 = 2,	/* 8 blocks per step; Poly1305 4 blocks at once */
	CHACHA_SIMD_AVX512 = 3,	/* 16 blocks per step; Poly1305 8 at once */
};

/* detected once (CPUID is cheap, but callers ask per request) */
int chacha_simd_level(void);
/* caps the level used by chacha20_simd_xor (tests and the bench compare
 * SSSE3 and AVX2 on one machine); never raises it above what the CPU has */
void chacha_simd_set_level(int level);

/*
 * Same contract as chacha20_xor(): any split of the data, the context's
 * leftover keystream used first.  Whole blocks go through SIMD, the last
 * partial block through the portable code.  Requires level >= SSSE3.
 */
int chacha20_simd_xor(chacha20_ctx *c, const uint8_t *in, uint8_t *out,
    size_t len);

/* the keystream and Poly1305 block functions of the level in use */
const chacha20_poly1305_impl *chacha20_poly1305_simd_impl(void);

/* RFC 8439 AEAD with the SIMD halves (arguments as chacha20_poly1305.h) */
int chacha20_poly1305_simd_encrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen);
int chacha20_poly1305_simd_decrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out);

#endif
