# mk/bench-datapath.mk - `make bench-datapath`: Sanpo's UDP and IPsec
# datapath against Debian's Linux in the same QEMU, with the same client,
# in the same run (tools/bench_datapath.py): UDP echo of 64- and 1400-byte
# datagrams in clear, through ESP AES-GCM-128 and through ESP AES-CBC +
# HMAC-SHA-256, at -smp 1 and -smp 4 (one virtio-net queue pair per CPU,
# one client flow per CPU), with the ratio Sanpo/Linux per case,
# Sanpo's direct-path share and the crypto driver each side ran.  Sanpo
# boots its user land (the bench logs in as root and drives the setkey,
# ping and sysctl programs; --profile: sysctl debug.kprof.running and
# /proc/kprof).  The Linux kernel package is fetched (not installed) as
# for `make bench-boot`; the Linux guest's echo server (tools/udp_echo.c)
# is built static by the tool.  Needs root.  Prints tables, asserts
# nothing.  BENCH_DATAPATH_ARGS passes options through (--smp, --sizes,
# --seconds, --window, --only, --profile, --sanpo-conf).

BENCH_DATAPATH_ARGS ?=

.PHONY: bench-datapath
bench-datapath: $(BUILD)/disk.img
	$(Q)SANPO_BUILD=$(abspath $(BUILD)) /usr/bin/python3 tools/bench_datapath.py $(BENCH_DATAPATH_ARGS)
