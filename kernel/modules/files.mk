# The modules the image ships in /boot/kernel (see kernel/kernel.mk,
# "loadable modules"): `kldload NAME` at the shell, NAME_load="YES" in
# loader.conf.
#
# example: the module to copy when writing one (README: "Kernel modules").
KMODS += example
KMOD_example_SRCS := kernel/modules/example/example.c
