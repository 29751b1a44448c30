# mk/user-tests.mk - user programs the boot tests run in Sanpo that are not
# differential (those are tests/conformance/): tests/user/*.c, each a static
# musl program built like user/'s (USER_CC, USER_CFLAGS), installed in the
# root file system as /usr/tests/sanpo/<name>.

USER_TEST_OUT	 := $(BUILD)/tests/user
USER_TEST_PROGS	 := $(patsubst tests/user/%.c,%,$(wildcard tests/user/*.c))

$(USER_TEST_OUT)/%: tests/user/%.c $(wildcard tests/user/*.h) mk/user-tests.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSLCC  $@"
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<

ROOTFS_FILES += $(foreach p,$(USER_TEST_PROGS),$(USER_TEST_OUT)/$(p):/usr/tests/sanpo/$(p))
