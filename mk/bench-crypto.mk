# mk/bench-crypto.mk - `make bench-crypto`: throughput of crypto/ (portable
# and, on x86_64, AES-NI, SHA-NI and SIMD ChaCha20-Poly1305) against OpenSSL's EVP
# in the same run, at 64, 256, 1500 and 16384 bytes.
# Included from the top GNUmakefile; uses $(BUILD) and $(Q); outputs go to
# $(BUILD)/bench/.  Host build: -O2, no sanitizers, linked with -lcrypto
# (Debian package libssl-dev).  Prints figures, asserts nothing.
# OPENSSL_ia32cap=:~0x10000 (passed through the environment) holds OpenSSL
# to AVX2, to compare our AVX2 rows like for like on an AVX-512 host.

BENCH_CRYPTO_CC     ?= gcc
BENCH_CRYPTO_CFLAGS ?= -std=gnu11 -O2 -Wall -Wextra -Werror
BENCH_CRYPTO_BIN    := $(BUILD)/bench/crypto_bench
# The lists of crypto/files.mk (included by kernel/kernel.mk).
BENCH_CRYPTO_SRCS   := $(CRYPTO_SRCS) crypto/bench/crypto_bench.c
BENCH_CRYPTO_DEFS   :=
ifeq ($(shell uname -m),x86_64)
BENCH_CRYPTO_SRCS   += $(CRYPTO_X86_64_SRCS)
BENCH_CRYPTO_DEFS   += -DSANPO_AESNI
endif

$(BENCH_CRYPTO_BIN): $(BENCH_CRYPTO_SRCS) $(wildcard crypto/*.h crypto/arch/x86_64/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(BENCH_CRYPTO_CC) $(BENCH_CRYPTO_CFLAGS) $(BENCH_CRYPTO_DEFS) \
		-I include -I . -o $@ $(BENCH_CRYPTO_SRCS) -lcrypto

.PHONY: bench-crypto
bench-crypto: $(BENCH_CRYPTO_BIN)
	$(Q)$(if $(OPENSSL_ia32cap),OPENSSL_ia32cap='$(OPENSSL_ia32cap)' )$(BENCH_CRYPTO_BIN)
