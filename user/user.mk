# user/: Sanpo's own programs and /etc, laid out as FreeBSD lays out its
# user land.  A program is a directory of C files:
#
#   user/bin/<prog>/       -> /bin/<prog>        user/sbin/<prog>/     -> /sbin/<prog>
#   user/usr.bin/<prog>/   -> /usr/bin/<prog>    user/usr.sbin/<prog>/ -> /usr/sbin/<prog>
#
# Every *.c of the directory is compiled into one static program with
# Debian's musl-gcc and goes into the root file system; nothing else to
# edit.  A program that also links code the kernel shares (net/ipsec's
# setkey parser, net/'s printers) names those files in user/<dir>/prog.mk:
#
#   PROG_SRCS_sbin_setkey += net/ipsec/setkey.c net/ipsec/setkey_print.c
#
# (the variable is PROG_SRCS_ and the directory with / and . as _).
# Files under user/etc/ go to /etc with their permission bits.
# Other fragments add their own files with ROOTFS_FILES += <file>:<path>.

USER_CC		:= musl-gcc
USER_CFLAGS	:= -std=gnu11 -static -O2 -g0 -Wall -Wextra -Werror
# The kernel's and the loader's declaration rules: a function is static or
# declared in a header, and no declaration hides inside a function.
USER_CFLAGS	+= -Wmissing-prototypes -Wmissing-declarations -Wnested-externs \
	-Wredundant-decls -Wstrict-prototypes -Wold-style-definition
# Sanpo's own interfaces: <sanpo/kld.h> and the like from include/, and
# <sanpo/syscall.h> (SANPO_SYS_*: Sanpo's system-call numbers, generated
# from kernel/kern/syscalls.master by kernel/kernel.mk).
USER_CFLAGS	+= -Iinclude -I$(KERNEL_GEN)/user
# Shared sources (prog.mk) include their own headers from the tree's top
# ("net/ip_var.h"), as the kernel and the host tests build them; -iquote,
# not -I, so that <net/route.h> and the like stay musl's.
USER_CFLAGS	+= -iquote .
USER_HDRS	:= $(wildcard include/sanpo/*.h) $(KERNEL_GEN)/user/sanpo/syscall.h
USER_OUT	:= $(BUILD)/user
# Linked into every program: getopt with FreeBSD's complaints.
USER_LIB_SRCS	:= user/lib/getopt/bsd_getopt.c

# "sbin/init", "usr.bin/foo"...
USER_PROGS := $(patsubst user/%/,%,$(sort $(dir $(wildcard \
	user/bin/*/*.c user/sbin/*/*.c user/usr.bin/*/*.c user/usr.sbin/*/*.c))))

-include $(wildcard user/*/*/prog.mk)
user_prog_var = PROG_SRCS_$(subst .,_,$(subst /,_,$(1)))

define USER_PROG_template
$(USER_OUT)/$(1)/$(notdir $(1)): $(wildcard user/$(1)/*.c user/$(1)/*.h user/$(1)/prog.mk) $$($(call user_prog_var,$(1))) $(USER_LIB_SRCS) $(USER_HDRS) user/user.mk $(DEPS_STAMP)
	@mkdir -p $$(@D)
	@echo "  MUSLCC  $$@"
	$(Q)$(USER_CC) $(USER_CFLAGS) -o $$@ $(wildcard user/$(1)/*.c) $$($(call user_prog_var,$(1))) $(USER_LIB_SRCS)
ROOTFS_FILES += $(USER_OUT)/$(1)/$(notdir $(1)):/$(subst usr.,usr/,$(1))
endef
$(foreach p,$(USER_PROGS),$(eval $(call USER_PROG_template,$(p))))

ROOTFS_FILES += $(foreach f,$(patsubst user/etc/%,%,$(wildcard user/etc/*)),user/etc/$(f):/etc/$(f))

# /etc/shadow is made at build time: SHA-512 crypt hashes of the test
# image's passwords (user/passwords), never committed; mode 0600 comes
# from disk-image/rootfs.spec.
$(USER_OUT)/etc/shadow: user/etc/passwd user/passwords tools/mkshadow.sh
	@mkdir -p $(@D)
	@echo "  SHADOW  $@"
	$(Q)sh tools/mkshadow.sh user/etc/passwd user/passwords > $@.tmp && mv $@.tmp $@
ROOTFS_FILES += $(USER_OUT)/etc/shadow:/etc/shadow

.PHONY: user
user: $(foreach p,$(USER_PROGS),$(USER_OUT)/$(p)/$(notdir $(p)))
