# mk/bench-crypto-kernel.mk - `make bench-crypto-kernel`: the kernel crypto
# framework measured inside the booted kernel -- `cryptotest -o` for the
# aesni and cryptosoft drivers: each request straight to the driver, on the
# direct path and on the queued path, and the direct path's overhead
# (tools/bench_crypto_kernel.py).  Prints figures, asserts nothing.

.PHONY: bench-crypto-kernel
bench-crypto-kernel: $(BUILD)/disk.img
	$(Q)SANPO_BUILD=$(abspath $(BUILD)) SMP=$(SMP) /usr/bin/python3 tools/bench_crypto_kernel.py
