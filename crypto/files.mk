# crypto/: the algorithms, portable C (freestanding: <stdint.h>, <stddef.h>,
# <string.h>), for the kernel's crypto framework, the IPsec host tests and
# the benchmarks; and the x86_64 SIMD versions (AES-NI, SHA-NI, SSSE3/AVX2/
# AVX-512 ChaCha20 and Poly1305, the CPUID/XCR0 probe they share), which a
# kernel build compiles with SSE enabled (the rules at the end of
# kernel/kernel.mk) and runs only inside fpu_kern_enter/leave.
# Host tests and benchmarks read these lists (tests/lib/files_mk.py).
CRYPTO_SRCS := \
	crypto/aes.c crypto/aes_modes.c crypto/gcm.c crypto/chacha20.c \
	crypto/poly1305.c crypto/chacha20_poly1305.c crypto/sha1.c crypto/sha256.c \
	crypto/sha512.c crypto/hash.c crypto/hmac.c crypto/null_cipher.c \
	crypto/timingsafe.c crypto/xform.c
CRYPTO_X86_64_SRCS := \
	crypto/arch/x86_64/aesni.c crypto/arch/x86_64/shani.c \
	crypto/arch/x86_64/chacha_simd.c crypto/arch/x86_64/poly1305_simd.c \
	crypto/arch/x86_64/x86_caps.c

# The SIMD ones are only the aesni driver's: they go into aesni.ko
# (kernel/opencrypto/files.mk), not the kernel.
KERNEL_SRCS += $(CRYPTO_SRCS)
