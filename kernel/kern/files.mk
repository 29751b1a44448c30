# User space, machine-independent: system calls, processes, signals, exec
# (the Linux x86_64 ABI at the boundary), and the VM of user address spaces.
KERNEL_SRCS += \
	kernel/kern/subr_syscall.c kernel/kern/linux_errno.c kernel/kern/kern_prot.c kernel/kern/kern_userns.c \
	kernel/kern/kern_proc.c kernel/kern/kern_fork.c kernel/kern/kern_exit.c \
	kernel/kern/kern_exec.c kernel/kern/imgact_elf.c kernel/kern/kern_sig.c \
	kernel/kern/kern_sigcalls.c kernel/kern/kern_futex.c kernel/kern/kern_time.c \
	kernel/kern/kern_resource.c kernel/kern/kern_misc.c kernel/kern/init_user.c \
	kernel/vm/vm_page.c kernel/vm/vm_object.c kernel/vm/vm_map.c kernel/vm/vm_fault.c \
	kernel/vm/vm_mmap.c

# Sockets: the generic layer, the socket system calls and descriptors, and
# the local (AF_UNIX) family.
KERNEL_SRCS += \
	kernel/kern/uipc_socket.c kernel/kern/uipc_syscalls.c kernel/kern/sys_socket.c \
	kernel/kern/uipc_usrreq.c
# A tree without the interface layer (kernel/net/if_ioctl.c) answers every
# ioctl no protocol takes with ENOTTY (sys_socket_noif.c); with it, that
# file's ifioctl() takes them, as Linux's dev_ioctl does.
ifeq ($(wildcard kernel/net/if_ioctl.c),)
KERNEL_SRCS += kernel/kern/sys_socket_noif.c
endif
