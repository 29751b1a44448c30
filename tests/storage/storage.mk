# tests/storage/: programs the storage boot tests run inside Sanpo (static
# musl), in the root file system as /usr/tests/sanpo/<name>.
STORAGE_TEST_OUT	:= $(BUILD)/tests/storage
STORAGE_TESTS		:= crash_writer

$(STORAGE_TEST_OUT)/%: tests/storage/%.c tests/storage/storage.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSLCC  $@"
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<

ROOTFS_FILES += $(foreach p,$(STORAGE_TESTS),$(STORAGE_TEST_OUT)/$(p):/usr/tests/sanpo/$(p))
