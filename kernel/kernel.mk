# The kernel: a higher-half ELF64 executable, build/kernel/kernel.
KERNEL_OUT	:= $(BUILD)/kernel
KERNEL		:= $(KERNEL_OUT)/kernel

KERNEL_SRCS := \
	kernel/arch/x86_64/locore.S kernel/arch/x86_64/exception.S \
	kernel/arch/x86_64/machdep.c kernel/arch/x86_64/cpu_identify.c \
	kernel/arch/x86_64/trap.c kernel/arch/x86_64/pmap.c \
	kernel/arch/x86_64/tsc.c \
	kernel/kern/init_main.c kernel/kern/subr_prf.c kernel/kern/subr_msgbuf.c \
	kernel/kern/kern_shutdown.c kernel/kern/subr_stack.c \
	kernel/kern/kern_environment.c kernel/kern/kern_testfault.c \
	kernel/kern/kern_bootreport.c kernel/kern/kern_sysctl.c kernel/kern/subr_sysctl_tree.c kernel/kern/kern_mib.c \
	kernel/kern/kern_clock.c kernel/kern/subr_pcpu.c kernel/kern/kern_shell.c \
	kernel/kern/kern_cons.c \
	kernel/kern/kern_cmds.c kernel/kern/kern_mutex.c kernel/kern/subr_witness.c \
	kernel/kern/subr_rcu.c \
	kernel/kern/kern_malloc.c kernel/kern/subr_eventhandler.c kernel/kern/kern_module.c \
	kernel/kern/kern_linker.c kernel/kern/link_elf.c kernel/kern/link_elf_obj.c \
	kernel/kern/kld_cmds.c kernel/kern/kld_syscalls.c kernel/vm/vm_kld.c \
	kernel/kern/kern_thread.c kernel/kern/sched_core.c kernel/kern/kern_synch.c \
	kernel/kern/kern_timeout.c kernel/kern/kern_sx.c kernel/kern/kern_condvar.c \
	kernel/kern/kern_bootchart.c kernel/kern/subr_prof.c \
	kernel/kern/fs_platform_kern.c kernel/kern/vfs_bio_kern.c \
	kernel/dev/random/chacha_drbg.c kernel/dev/random/random_kern.c \
	kernel/arch/x86_64/random_rdrand.c \
	kernel/arch/x86_64/fpu.c \
	kernel/arch/x86_64/swtch.S kernel/arch/x86_64/vm_machdep.c \
	kernel/vm/vm_phys.c kernel/vm/vm_kstack.c kernel/libkern/string.c \
	kernel/dev/uart/uart_16550.c kernel/dev/acpi/acpi_tables.c \
	$(COMMON_SRCS)

# Machine-dependent pieces add their own sources here (KERNEL_SRCS += ...).
# Each further kernel subsystem lists its sources in its own files.mk
# (crypto/, net/, net/ipsec/, fs/, kernel/opencrypto/, kernel/net/, kernel/dev/pci/, ...).
# The kernel is linked again when one changes: a source taken off a list
# (moved into a module, say) has an object that is still there.
KERNEL_SRC_LISTS := kernel/arch/x86_64/files.mk $(sort $(wildcard crypto/files.mk \
	net/files.mk net/*/files.mk fs/files.mk kernel/*/files.mk kernel/dev/*/files.mk))
-include $(KERNEL_SRC_LISTS)

# The system-call table, generated from kernel/kern/syscalls.master.
KERNEL_GEN	:= $(KERNEL_OUT)/gen
SYSCALL_GEN	:= $(KERNEL_GEN)/sys/syscall.h $(KERNEL_GEN)/sys/sysproto.h $(KERNEL_GEN)/init_sysent.c \
	$(KERNEL_GEN)/user/sanpo/syscall.h
$(SYSCALL_GEN) &: kernel/kern/syscalls.master tools/makesyscalls.py
	@echo "  GEN     $(KERNEL_GEN)/{sys/syscall.h,sys/sysproto.h,init_sysent.c,user/sanpo/syscall.h}"
	$(Q)/usr/bin/python3 tools/makesyscalls.py kernel/kern/syscalls.master $(KERNEL_GEN)

KERNEL_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Wmissing-prototypes -Wmissing-declarations -Wnested-externs -Wredundant-decls \
	-Wstrict-prototypes -Wold-style-definition \
	-ffreestanding -fno-pic -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Ikernel/include -Iinclude -Ikernel -Ikernel/arch/x86_64/include -I$(KERNEL_GEN) -I.

KERNEL_OBJS := $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(basename $(KERNEL_SRCS))) \
	$(KERNEL_OUT)/obj/gen/init_sysent.o

$(KERNEL_OUT)/obj/gen/init_sysent.o: $(KERNEL_GEN)/init_sysent.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(KERNEL_OUT)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(KERNEL_OUT)/obj/%.o: %.S
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -MMD -MP -c $< -o $@

$(KERNEL): $(KERNEL_OBJS) kernel/arch/x86_64/kernel.ld $(KERNEL_SRC_LISTS)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -static -z max-page-size=4096 -z noexecstack \
		-T kernel/arch/x86_64/kernel.ld $(KERNEL_OBJS) -o $@
	@# System calls listed in syscalls.master whose handler is not linked in (ENOSYS).
	$(Q){ nm $(KERNEL_OUT)/obj/gen/init_sysent.o; echo --; nm $@; } | awk \
		'/^--$$/ { k = 1; next } !k && $$1 == "w" { w[$$2] = 1 } k && $$3 ~ /^sys_/ { d[$$3] = 1 } \
		END { for (n in w) if (!(n in d)) { sub(/^sys_/, "", n); s = s " " n } \
		if (s != "") print "  NOTE    system calls without a handler yet (ENOSYS):" s }'

-include $(KERNEL_OBJS:.o=.d)

# Flags live here: objects rebuild when this file changes.  Every object may
# include the generated system-call headers.
$(KERNEL_OBJS): kernel/kernel.mk | $(SYSCALL_GEN)

# The one SSE file: AES-NI, only ever run inside fpu_kern_enter/leave.
$(KERNEL_OUT)/obj/crypto/arch/x86_64/aesni.o: KERNEL_CFLAGS := \
	$(filter-out -mgeneral-regs-only,$(KERNEL_CFLAGS)) -msse4.1 -maes -mpclmul \
	-D_MM_MALLOC_H_INCLUDED	# no <mm_malloc.h>: it wants the host libc

# SHA-NI, SIMD ChaCha20 and Poly1305 for the aesni driver (crypto/files.mk),
# also only run inside fpu_kern_enter/leave.  AVX2 and AVX-512 are compiled
# but selected only when XCR0 enables their state (x86_caps.c), as the
# kernel's XSAVE set-up does where the CPU has them (`sysctl hw.fpu`).
$(KERNEL_OUT)/obj/crypto/arch/x86_64/shani.o \
$(KERNEL_OUT)/obj/crypto/arch/x86_64/chacha_simd.o \
$(KERNEL_OUT)/obj/crypto/arch/x86_64/poly1305_simd.o: KERNEL_CFLAGS := \
	$(filter-out -mgeneral-regs-only,$(KERNEL_CFLAGS)) -msse4.1 \
	-D_MM_MALLOC_H_INCLUDED	# no <mm_malloc.h>: it wants the host libc

# --- loadable modules (.ko) ----------------------------------------------------
# A module is an ELF relocatable object, as FreeBSD's amd64 modules are: its
# sources compiled exactly as the kernel's (same rule, same flags, so the
# per-file flags above apply too), joined with `ld -r -d` (one section per
# linker set; common symbols allocated) and stripped of debugging sections.
# A fragment declares one with
#     KMODS += name
#     KMOD_name_SRCS := a.c b.c
# and gets $(KMOD_OUT)/name.ko; kernel/modules/files.mk lists those the
# image ships in /boot/kernel.  Sources of a module are not in KERNEL_SRCS.
KMOD_OUT	:= $(BUILD)/modules
kmod_objs	= $(patsubst %,$(KERNEL_OUT)/obj/%.o,$(basename $(1)))

# $(call KMOD_RULE,out.ko,sources)
define KMOD_RULE
$(1): $(call kmod_objs,$(2)) kernel/kernel.mk
	@mkdir -p $$(@D)
	@echo "  KMOD    $$@"
	$$(Q)$$(LD) -r -d -o $$@.full $(call kmod_objs,$(2))
	$$(Q)objcopy --strip-debug $$@.full $$@
-include $(patsubst %.o,%.d,$(call kmod_objs,$(2)))
$(call kmod_objs,$(2)): kernel/kernel.mk | $$(SYSCALL_GEN)
endef

KMOD_FILES	:= $(foreach m,$(KMODS),$(KMOD_OUT)/$(m).ko)
$(foreach m,$(KMODS),$(eval $(call KMOD_RULE,$(KMOD_OUT)/$(m).ko,$(KMOD_$(m)_SRCS))))
.PHONY: modules
modules: $(KMOD_FILES)
# The root file system carries them at /boot/kernel as well, so kldload
# finds them there whether or not the ESP is mounted.
ROOTFS_FILES += $(foreach m,$(KMODS),$(KMOD_OUT)/$(m).ko:/boot/kernel/$(m).ko)
