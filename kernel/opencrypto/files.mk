# kernel/opencrypto/files.mk - SIMD sources of the aesni driver beyond
# AES-NI (which kernel/kernel.mk lists): SHA-NI, SSSE3/AVX2/AVX-512
# ChaCha20 and AVX2/AVX-512 Poly1305, and the CPUID/XCR0 probe they share.
# Built with SSE enabled by the special-flags rules at the end of
# kernel/kernel.mk; only ever called inside fpu_kern_enter/leave.
KERNEL_SRCS += crypto/arch/x86_64/shani.c crypto/arch/x86_64/chacha_simd.c \
	crypto/arch/x86_64/poly1305_simd.c crypto/arch/x86_64/x86_caps.c
