# mk/bench-ipsec.mk - `make bench-ipsec`: what ESP costs.  Boots
# build/disk.img's user land with a virtio-net NIC on a tap device in a
# network namespace of its own, runs a UDP echo server there in user space
# (tests/user/udp_echo.c, /usr/tests/sanpo/udp_echo; keys from setkey) and
# measures, from Linux with the same client loop,
# UDP echo datagrams/s and throughput for 1400-byte datagrams in clear,
# through ESP AES-GCM-128 (the aesni driver) and through ESP AES-CBC +
# HMAC-SHA-256 (the software driver, chosen by the loader tunable
# kern.crypto.software_algs), with the ESP/clear ratio and the share of
# crypto requests on the direct path (tools/bench_ipsec.py).  Needs root.
# Prints a table, asserts nothing.  BENCH_IPSEC_ARGS passes options through
# (--size, --seconds, --window, --smp).

BENCH_IPSEC_ARGS ?=

.PHONY: bench-ipsec
bench-ipsec: $(BUILD)/disk.img
	$(Q)SANPO_BUILD=$(abspath $(BUILD)) /usr/bin/python3 tools/bench_ipsec.py $(BENCH_IPSEC_ARGS)
