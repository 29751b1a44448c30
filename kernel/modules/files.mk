# Modules the image ships in /boot/kernel (see kernel/kernel.mk, "loadable
# modules"): `kldload NAME` at the shell, NAME_load="YES" in loader.conf.
# A module made of a subsystem's sources is declared with them instead
# (aesni: kernel/opencrypto/files.mk).
#
# example: the module to copy when writing one (README: "Kernel modules").
KMODS += example
KMOD_example_SRCS := kernel/modules/example/example.c
