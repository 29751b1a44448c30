/*
 * x86_caps.h - which x86 SIMD extensions the crypto code may use: the one
 * place that reads CPUID and XCR0 for crypto/arch/x86_64 (aesni.c,
 * shani.c, chacha_simd.c, poly1305_simd.c ask here instead of probing on
 * their own).
 *
 * A capability is usable when the CPU has it and, for the AVX families,
 * when the OS saves the register state it needs: OSXSAVE set and XCR0
 * holding SSE|YMM (AVX, AVX2) or also opmask|ZMM_Hi256|Hi16_ZMM
 * (AVX-512).  The Sanpo kernel sets XCR0 only when it switches that state
 * per thread, so a kernel without XSAVE simply sees no AVX here.
 *
 * x86_caps_limit() lowers what x86_caps() reports (never raises it): the
 * tests and the benchmark use it to run the narrower paths on a wide CPU.
 */
#ifndef SANPO_CRYPTO_ARCH_X86_64_X86_CAPS_H
#define SANPO_CRYPTO_ARCH_X86_64_X86_CAPS_H

enum x86_cap {
	X86_CAP_SSSE3	= 1u << 0,	/* PSHUFB: byte swaps, rotations by 8/16 */
	X86_CAP_SSE41	= 1u << 1,	/* PINSRD, PBLENDW */
	X86_CAP_AESNI	= 1u << 2,	/* AESENC and friends */
	X86_CAP_PCLMUL	= 1u << 3,	/* PCLMULQDQ (GHASH) */
	X86_CAP_SHA	= 1u << 4,	/* SHA-1/SHA-256 instructions */
	X86_CAP_AVX	= 1u << 5,	/* VEX encoding, YMM state saved */
	X86_CAP_AVX2	= 1u << 6,	/* 256-bit integer SIMD */
	X86_CAP_AVX512	= 1u << 7,	/* AVX-512 F and VL, ZMM state saved */
};

/* the usable set (cached after the first call), within the limit */
unsigned x86_caps(void);
/* 1 if every capability in `want` is usable */
int x86_caps_have(unsigned want);
/* report at most `mask` from now on (all ones: no limit) */
void x86_caps_limit(unsigned mask);

#endif
