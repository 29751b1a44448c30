# User space, machine-independent: system-call dispatch, processes,
# signals, exec (the Linux x86_64 ABI at the boundary).
KERNEL_SRCS += \
	kernel/kern/subr_syscall.c kernel/kern/linux_errno.c kernel/kern/kern_prot.c
