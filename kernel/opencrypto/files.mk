# kernel/opencrypto/: the crypto framework (sessions, dispatch, workers,
# completion), its drivers and the cryptotest command.  The portable part
# (crypto_platform.h) is also linked by the IPsec host tests and fuzzer,
# over tests/host/lib/crypto_host.c instead of crypto.c: session rules,
# buffer access, request checks with the process() frame every driver
# runs, and the software driver.
OPENCRYPTO_PORTABLE_SRCS := \
	kernel/opencrypto/crypto_params.c kernel/opencrypto/crypto_buffer.c \
	kernel/opencrypto/crypto_request.c kernel/opencrypto/cryptosoft.c

KERNEL_SRCS += $(OPENCRYPTO_PORTABLE_SRCS) \
	kernel/opencrypto/crypto.c kernel/opencrypto/cryptotest.c

# The accelerated driver is a module, /boot/kernel/aesni.ko (kernel/kernel.mk,
# "loadable modules"), with the SIMD algorithms it alone uses (crypto/files.mk).
KMODS += aesni
KMOD_aesni_SRCS := kernel/opencrypto/aesni_drv.c $(CRYPTO_X86_64_SRCS)
