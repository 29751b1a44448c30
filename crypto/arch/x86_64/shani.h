/*
 * shani.h - SHA-1 and SHA-256/224 compression with the x86 SHA extensions
 * (SHA-NI: sha1rnds4, sha1nexte, sha1msg1/2, sha256rnds2, sha256msg1/2),
 * drop-in for the portable compression functions of crypto/sha1.h and
 * crypto/sha256.h: same state layout, same contexts, the portable
 * buffering and padding (the *_update_with/_final_with functions).
 *
 * Run-time selection: shani_available() reads CPUID leaf 7 EBX bit 29
 * (plus SSSE3 and SSE4.1 from leaf 1, used for the byte swaps and blends).
 * crypto_hash_shani_lookup() gives hash descriptors (crypto/hash.h) that
 * use SHA-NI, for HMAC and the kernel's accelerated driver; those must
 * only be called after shani_available() said yes, and in the kernel
 * between fpu_kern_enter() and fpu_kern_leave() (they touch XMM
 * registers).  The instructions run in constant time.
 */
#ifndef SANPO_CRYPTO_ARCH_X86_64_SHANI_H
#define SANPO_CRYPTO_ARCH_X86_64_SHANI_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"

/* 1 if the CPU has SHA-NI, SSSE3 and SSE4.1 */
int shani_available(void);

void sha256_shani_blocks(uint32_t h[8], const uint8_t *p, size_t nblk);
void sha1_shani_blocks(uint32_t h[5], const uint8_t *p, size_t nblk);

extern const crypto_hash_desc crypto_hash_sha1_shani;
extern const crypto_hash_desc crypto_hash_sha224_shani;
extern const crypto_hash_desc crypto_hash_sha256_shani;

/*
 * The SHA-NI descriptor standing in for a portable one ("sha1", "sha224",
 * "sha256" by pointer), or NULL when there is none (SHA-384/512 have no
 * instructions).  Does not check shani_available().
 */
const crypto_hash_desc *crypto_hash_shani_lookup(const crypto_hash_desc *portable);

#endif
