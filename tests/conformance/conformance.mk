# tests/conformance/: programs that print one line per system-call case and
# run both on the Linux host and inside Sanpo (as /usr/tests/sanpo/<name>);
# the boot tests compare the two outputs.  Static musl binaries.
CONFORMANCE_OUT	:= $(BUILD)/tests/conformance
CONFORMANCE	:= file_conformance syscall_conformance cred_conformance
CONFORMANCE	+= udp_conformance

CONFORMANCE	+= sock_conformance

$(CONFORMANCE_OUT)/%: tests/conformance/%.c tests/conformance/conformance.h $(wildcard tests/user/*.h) tests/conformance/conformance.mk $(DEPS_STAMP)
	@mkdir -p $(@D)
	@echo "  MUSLCC  $@"
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $@ $<

ROOTFS_FILES += $(foreach p,$(CONFORMANCE),$(CONFORMANCE_OUT)/$(p):/usr/tests/sanpo/$(p))
