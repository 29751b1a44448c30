# kernel/opencrypto/files.mk - SIMD sources of the aesni driver beyond
# AES-NI (which kernel/kernel.mk lists): SHA-NI and SSSE3/AVX2 ChaCha20.
# Built with SSE enabled by the special-flags rules at the end of
# kernel/kernel.mk; only ever called inside fpu_kern_enter/leave.
KERNEL_SRCS += crypto/arch/x86_64/shani.c crypto/arch/x86_64/chacha_simd.c
