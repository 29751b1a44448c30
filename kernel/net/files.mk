# Kernel glue of the network stack: platform, sysctls, ioctls, /proc/net,
# the routing socket.
# Only with the stack itself (net/files.mk): the glue cannot link alone.
ifneq ($(wildcard net/files.mk),)
KERNEL_SRCS += kernel/net/net_kern.c kernel/net/net_sysctl.c \
	kernel/net/if_ioctl.c kernel/net/net_procfs.c kernel/net/rtsock_kern.c
KERNEL_SRCS += kernel/net/inet_usrreq.c
endif
