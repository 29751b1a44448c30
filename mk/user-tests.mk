# mk/user-tests.mk - user programs the boot tests run in Sanpo that are not
# differential (those are tests/conformance/): tests/user/*.c, each a static
# musl program built like user/'s (USER_CC, USER_CFLAGS), installed in the
# root file system as /usr/tests/sanpo/<name>.

USER_TEST_OUT	 := $(BUILD)/tests/user
USER_TEST_PROGS	 := $(patsubst tests/user/%.c,%,$(wildcard tests/user/*.c))

$(USER_TEST_OUT)/%: tests/user/%.c $(wildcard tests/user/*.h) $(USER_HDRS) mk/user-tests.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSLCC  $@"
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<

ROOTFS_FILES += $(foreach p,$(USER_TEST_PROGS),$(USER_TEST_OUT)/$(p):/usr/tests/sanpo/$(p))

# Two variants of hello for exec's image activators: a static PIE (ET_DYN,
# musl's self-relocating rcrt1.o) and a dynamically linked glibc program
# (PT_INTERP: exec refuses it with ENOEXEC and says why).
MUSL_LIB := /usr/lib/x86_64-linux-musl
$(USER_TEST_OUT)/hello-pie: tests/user/hello.c $(wildcard tests/user/*.h) mk/user-tests.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSLCC  $@ (static PIE)"
	$(Q)$(USER_CC) -std=gnu11 -O2 -Wall -Wextra -Werror -fPIE -c -o $@.o $<
	$(Q)$(CC) -static-pie -nostdlib -nostartfiles -o $@ $(MUSL_LIB)/rcrt1.o $(MUSL_LIB)/crti.o \
		$$($(CC) -print-file-name=crtbeginS.o) $@.o -L$(MUSL_LIB) -lc \
		$$($(CC) -print-libgcc-file-name) $$($(CC) -print-file-name=crtendS.o) $(MUSL_LIB)/crtn.o
$(USER_TEST_OUT)/hello-dynamic: tests/user/hello.c $(wildcard tests/user/*.h) mk/user-tests.mk
	@mkdir -p $(@D)
	@echo "  CC      $@ (dynamic)"
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<
ROOTFS_FILES += $(USER_TEST_OUT)/hello-pie:/usr/tests/sanpo/hello-pie \
	$(USER_TEST_OUT)/hello-dynamic:/usr/tests/sanpo/hello-dynamic
