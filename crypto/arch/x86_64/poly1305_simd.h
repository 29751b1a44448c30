/*
 * poly1305_simd.h - Poly1305 block functions on AVX2 (4 blocks in
 * parallel) and AVX-512 (8 blocks), drop-in for poly1305_blocks()
 * (crypto/poly1305.h): same context, the accumulator handed back in the
 * portable radix-2^64 form after every call, so the portable buffering,
 * final step and streaming work unchanged around them.
 *
 * Method (as in Goll and Gueron, "Vectorization of Poly1305 message
 * authentication code", and OpenSSL's poly1305-x86_64): the accumulator
 * and r^n are split into five 26-bit limbs, one 64-bit lane per parallel
 * block, so that VPMULUDQ's 32x32->64-bit products with the 2^130 = 5
 * wrap-around fit; each lane takes every n-th block, multiplying by r^n,
 * and the last group of n blocks is multiplied by r^n, r^(n-1) ... r so
 * that the lanes add up to the serial result.  The powers of r are made
 * per call with the portable arithmetic; below a few hundred bytes that
 * costs more than it saves and the portable function runs instead.
 *
 * Only call them when x86_caps() has AVX2 (or AVX-512), and in the kernel
 * between fpu_kern_enter() and fpu_kern_leave().  Multiplies, adds, shifts
 * and masks only: constant time.
 */
#ifndef SANPO_CRYPTO_ARCH_X86_64_POLY1305_SIMD_H
#define SANPO_CRYPTO_ARCH_X86_64_POLY1305_SIMD_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/poly1305.h"

void poly1305_blocks_avx2(poly1305_ctx *p, const uint8_t *m, size_t nblk);
void poly1305_blocks_avx512(poly1305_ctx *p, const uint8_t *m, size_t nblk);

#endif
