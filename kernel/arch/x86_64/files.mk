# x86_64 interrupt controllers, timers and SMP (included by kernel/kernel.mk).
KERNEL_SRCS += \
	kernel/arch/x86_64/intr_vectors.S kernel/arch/x86_64/intr_machdep.c \
	kernel/arch/x86_64/local_apic.c kernel/arch/x86_64/io_apic.c \
	kernel/arch/x86_64/clock.c kernel/arch/x86_64/mpboot.S \
	kernel/arch/x86_64/mp_machdep.c \
	kernel/arch/x86_64/support.S kernel/arch/x86_64/copy_machdep.c \
	kernel/arch/x86_64/pmap_user.c kernel/arch/x86_64/syscall_machdep.c \
	kernel/arch/x86_64/sig_machdep.c kernel/arch/x86_64/procfs_machdep.c
