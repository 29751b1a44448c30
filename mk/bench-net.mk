# mk/bench-net.mk - `make bench-net`: the network baseline IPsec is compared
# against.  Boots build/disk.img into its user land (/etc/rc configures
# vtnet0; the bench logs in as root) with a virtio-net NIC on a tap device in
# a network namespace of its own and measures, from Linux: ping round-trip
# times (50 pings) and UDP echo datagrams/s and throughput at 64 and 1400
# bytes (tools/bench_net.py).  Needs root.  Prints figures, asserts nothing.
# BENCH_NET_ARGS passes options through (--pings, --seconds, --window, --smp).

BENCH_NET_ARGS ?=

.PHONY: bench-net
bench-net: $(BUILD)/disk.img
	$(Q)SANPO_BUILD=$(abspath $(BUILD)) /usr/bin/python3 tools/bench_net.py $(BENCH_NET_ARGS)
