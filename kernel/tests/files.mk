# kernel/tests/: the kernel's self-tests, as one module, selftest.ko
# (kernel/kernel.mk, "loadable modules"), shipped in /boot/kernel and
# preloaded by the boot tests of kernel services (tests/lib/qemu.py).
KMODS += selftest
KMOD_selftest_SRCS := kernel/tests/selftest.c kernel/tests/selftest_threads.c \
	kernel/tests/selftest_malloc.c kernel/tests/selftest_witness.c \
	kernel/tests/selftest_crypto.c kernel/tests/selftest_disk.c \
	kernel/tests/selftest_irq.c kernel/tests/selftest_rcu.c
