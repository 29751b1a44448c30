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
	kernel/opencrypto/crypto.c kernel/opencrypto/aesni_drv.c \
	kernel/opencrypto/cryptotest.c
