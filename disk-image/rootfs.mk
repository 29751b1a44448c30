# build/rootfs.cpio: the root file system, as a newc cpio archive the
# loader preloads (rootfs_load in loader.conf) and the kernel unpacks into
# tmpfs at start-up.
#
# Staged in build/rootfs.stage from: busybox (Debian's busybox-static,
# copied at build time, never committed) with a symbolic link per applet
# (/bin/ls -> /bin/busybox...), everything in ROOTFS_FILES (user/user.mk:
# Sanpo's programs and /etc; other fragments add theirs as
# <file>:<path in the root>), which wins over a busybox applet of the same
# path; then disk-image/rootfs.spec adds devices and directory modes.
BUSYBOX		:= /bin/busybox
ROOTFS		:= $(BUILD)/rootfs.cpio
ROOTFS_STAGE	:= $(BUILD)/rootfs.stage
ROOTFS_SRCS	 = $(foreach f,$(ROOTFS_FILES),$(firstword $(subst :, ,$(f))))
ROOTFS_DESTS	 = $(foreach f,$(ROOTFS_FILES),$(lastword $(subst :, ,$(f))))
# Archive times: the last commit's, so the same tree gives the same bytes.
ROOTFS_EPOCH	:= $(shell git -C $(TOP) log -1 --format=%ct 2>/dev/null || echo 0)

# Second expansion: fragments included after this one may still add ROOTFS_FILES.
.SECONDEXPANSION:
$(ROOTFS): $$(ROOTFS_SRCS) disk-image/rootfs.spec disk-image/rootfs.mk tools/mkcpio.py \
		$(DEPS_STAMP)
	@echo "  ROOTFS  $@"
	$(Q)rm -rf $(ROOTFS_STAGE) && mkdir -p $(ROOTFS_STAGE)/bin
	$(Q)cp $(BUSYBOX) $(ROOTFS_STAGE)/bin/busybox
	$(Q)for a in $$($(BUSYBOX) --list-full); do \
		[ "$$a" = bin/busybox ] && continue; \
		mkdir -p $(ROOTFS_STAGE)/$$(dirname $$a); \
		ln -sf /bin/busybox $(ROOTFS_STAGE)/$$a; \
	done
	$(Q)for f in $(ROOTFS_FILES); do \
		src=$${f%%:*}; dest=$(ROOTFS_STAGE)$${f#*:}; \
		mkdir -p $$(dirname $$dest); rm -f $$dest; \
		cp --preserve=mode $$src $$dest || exit 1; \
	done
	$(Q)SOURCE_DATE_EPOCH=$(ROOTFS_EPOCH) /usr/bin/python3 tools/mkcpio.py $@ \
		$(ROOTFS_STAGE) disk-image/rootfs.spec

.PHONY: rootfs
rootfs: $(ROOTFS)
