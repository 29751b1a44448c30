# fs/: the portable storage core -- the buffer cache, partition tables
# (GPT) and partitions as devices.  The same sources build into host unit
# tests (tests/host/fs/), which read this list.
FS_CORE_SRCS := \
	fs/vfs_bio.c fs/part.c fs/part_gpt.c

KERNEL_SRCS += $(FS_CORE_SRCS)

# The FAT file system's portable core (kernel glue: kernel/fs/msdosfs/).
MSDOSFS_SRCS := \
	fs/msdosfs/msdosfs_vfsops.c fs/msdosfs/msdosfs_vnops.c \
	fs/msdosfs/msdosfs_fat.c fs/msdosfs/msdosfs_dir.c \
	fs/msdosfs/msdosfs_denode.c fs/msdosfs/msdosfs_conv.c \
	fs/msdosfs/msdosfs_check.c

KERNEL_SRCS += $(MSDOSFS_SRCS)
