# mk/bench-user.mk - `make bench-user`: system-call round trip, fork+exec+wait,
# page-fault cost, pipe throughput (a 64 KiB write) and a busybox sh loop
# command in Sanpo and in Debian's Linux (the make bench-boot
# guest) under the same QEMU, one run, printed as Sanpo / Linux ratios
# (tools/bench_user.py).  Prints figures, asserts nothing.

.PHONY: bench-user
bench-user: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory all
	SANPO_BUILD=$(abspath $(BUILD)) SMP=$(SMP) /usr/bin/python3 tools/bench_user.py
