/*
 * x86_caps.c - CPUID and XCR0 read once for the SIMD crypto code (see
 * x86_caps.h).
 */
#include <stddef.h>

#include <cpuid.h>

#include "crypto/arch/x86_64/x86_caps.h"

#define XCR0_SSE_YMM	0x06u	/* XMM and YMM upper halves */
#define XCR0_AVX512	0xe0u	/* opmask, ZMM0-15 upper halves, ZMM16-31 */

static unsigned caps_found;		/* probed set; 0 until probed */
static int caps_probed;
static unsigned caps_mask = ~0u;	/* x86_caps_limit() */

static unsigned
xcr0(void)
{
	unsigned lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	return lo;
}

static unsigned
probe(void)
{
	unsigned a, b, c1, c, d, x = 0, caps = 0;

	if (!__get_cpuid(1, &a, &b, &c1, &d))
		return 0;
	if (c1 & bit_SSSE3)
		caps |= X86_CAP_SSSE3;
	if (c1 & bit_SSE4_1)
		caps |= X86_CAP_SSE41;
	if (c1 & bit_AES)
		caps |= X86_CAP_AESNI;
	if (c1 & bit_PCLMUL)
		caps |= X86_CAP_PCLMUL;
	if (c1 & bit_OSXSAVE)
		x = xcr0();
	if ((c1 & bit_AVX) && (x & XCR0_SSE_YMM) == XCR0_SSE_YMM)
		caps |= X86_CAP_AVX;
	if (__get_cpuid_max(0, NULL) < 7)
		return caps;
	__cpuid_count(7, 0, a, b, c, d);
	if (b & bit_SHA)
		caps |= X86_CAP_SHA;
	if ((caps & X86_CAP_AVX) && (b & bit_AVX2))
		caps |= X86_CAP_AVX2;
	if ((caps & X86_CAP_AVX2) && (b & bit_AVX512F) && (b & bit_AVX512VL) &&
	    (x & XCR0_AVX512) == XCR0_AVX512)
		caps |= X86_CAP_AVX512;
	return caps;
}

unsigned
x86_caps(void)
{
	/* racing first callers compute the same value: no lock needed */
	if (!__atomic_load_n(&caps_probed, __ATOMIC_ACQUIRE)) {
		__atomic_store_n(&caps_found, probe(), __ATOMIC_RELAXED);
		__atomic_store_n(&caps_probed, 1, __ATOMIC_RELEASE);
	}
	return __atomic_load_n(&caps_found, __ATOMIC_RELAXED) &
	    __atomic_load_n(&caps_mask, __ATOMIC_RELAXED);
}

int
x86_caps_have(unsigned want)
{
	return (x86_caps() & want) == want;
}

void
x86_caps_limit(unsigned mask)
{
	__atomic_store_n(&caps_mask, mask, __ATOMIC_RELAXED);
}
