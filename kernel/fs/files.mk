# The file system layer: vnodes, name lookup, mounts, path operations,
# uio, the cpio parser and unpacker, and tmpfs.  VFS_PORTABLE_SRCS compile
# unchanged into the host tests (tests/host/kernel/fs/test_vfs.py reads this list)
# against a small shim of kernel services (tests/host/lib/kern_host.c).
VFS_PORTABLE_SRCS := \
	kernel/kern/vfs_subr.c kernel/kern/vfs_mount.c kernel/kern/vfs_lookup.c \
	kernel/kern/vfs_vnops.c kernel/kern/vfs_path.c kernel/kern/vfs_cpio.c \
	kernel/kern/subr_uio.c kernel/kern/subr_cpio.c kernel/kern/subr_cred.c \
	kernel/fs/tmpfs/tmpfs_subr.c kernel/fs/tmpfs/tmpfs_pages.c \
	kernel/fs/tmpfs/tmpfs_vnops.c kernel/fs/tmpfs/tmpfs_vfsops.c

KERNEL_SRCS += $(VFS_PORTABLE_SRCS) kernel/kern/vfs_rootfs.c kernel/kern/vfs_cmds.c \
	kernel/kern/vfs_mountname.c \
	kernel/kern/subr_module.c

# Open files, descriptors and the file system calls (Linux's ABI at the
# boundary), poll and select, pipes, device files and the console terminal.
KERNEL_SRCS += \
	kernel/kern/kern_descrip.c kernel/kern/vfs_file.c kernel/kern/sys_generic.c \
	kernel/kern/kern_flock.c \
	kernel/kern/sys_poll.c kernel/kern/sys_epoll.c \
	kernel/kern/vfs_syscalls.c kernel/kern/linux_file.c kernel/kern/sys_pipe.c \
	kernel/kern/kern_conf.c kernel/fs/devfs/devfs_vnops.c kernel/kern/tty.c \
	kernel/dev/null/null.c kernel/dev/random/random_dev.c kernel/kern/subr_log.c

# pseudofs, and the file systems on it: devfs at /dev, procfs at /proc.
KERNEL_SRCS += kernel/kern/subr_sbuf.c kernel/fs/pseudofs/pseudofs_vnops.c \
	kernel/fs/devfs/devfs_vfsops.c kernel/fs/procfs/procfs.c kernel/fs/procfs/procfs_pid.c \
	kernel/fs/procfs/procfs_sys.c

# The FAT file system in the VFS (its portable core: fs/files.mk).
KERNEL_SRCS += kernel/fs/msdosfs/msdosfs_vfs.c
