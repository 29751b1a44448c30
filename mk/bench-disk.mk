# mk/bench-disk.mk - `make bench-disk`: the FAT file system and the virtio
# disk path against Debian's Linux (vfat) under the same QEMU, in one run:
# sequential write and read of a 32 MiB file and creating 1000 small files
# (tools/bench_disk.py).  Prints times and ratios, asserts nothing.

.PHONY: bench-disk
bench-disk: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory all
	SANPO_BUILD=$(abspath $(BUILD)) /usr/bin/python3 tools/bench_disk.py
