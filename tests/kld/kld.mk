# tests/kld/: modules for the kernel linker's boot tests (tests/boot/test_kld.py),
# built as kernel/modules' are (KMOD_RULE) into the root file system at
# /usr/tests/sanpo/kld/: good ones (a dependency and its user, a module
# that refuses to be unloaded while busy, one that shows and breaks the
# W^X of its own pages) and bad ones, each for one
# reason to refuse a module (an undefined symbol, a relocation that does
# not fit, a missing or circular dependency, a version out of range, a
# module name taken, a MOD_LOAD that fails, a sysctl name taken, a linker
# set modules may not extend), plus copies of kld_a.ko made bad by
# mutate.py (truncated, wrong machine, not ET_REL, unknown relocation).
KLD_TEST_OUT	:= $(BUILD)/tests/kld
KLD_TESTS	:= kld_a kld_b kld_badver kld_missing kld_cycle1 kld_cycle2 kld_dup \
		   kld_undef kld_abs32 kld_busy kld_failload kld_sysctl kld_driverset \
		   kld_panic kld_wx
KLD_MUTANTS	:= truncated machine exec reloc

$(foreach m,$(KLD_TESTS),$(eval $(call KMOD_RULE,$(KLD_TEST_OUT)/$(m).ko,\
	$(wildcard tests/kld/$(m).c tests/kld/$(m).S))))

$(KLD_TEST_OUT)/kld_%.ko: $(KLD_TEST_OUT)/kld_a.ko tests/kld/mutate.py
	@echo "  MUTATE  $@"
	$(Q)/usr/bin/python3 tests/kld/mutate.py $* $< $@

KLD_TEST_FILES	:= $(foreach m,$(KLD_TESTS) $(KLD_MUTANTS),$(KLD_TEST_OUT)/$(if \
	$(filter $(m),$(KLD_TESTS)),$(m),kld_$(m)).ko)
ROOTFS_FILES	+= $(foreach f,$(KLD_TEST_FILES),$(f):/usr/tests/sanpo/kld/$(notdir $(f)))
