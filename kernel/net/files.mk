# Kernel glue of the network stack: platform, configuration, DHCP thread,
# shell tools; and the portable DHCP client it runs (net/dhcp_client.c).
# Only with the stack itself (net/files.mk): the glue cannot link alone.
ifneq ($(wildcard net/files.mk),)
KERNEL_SRCS += kernel/net/net_kern.c kernel/net/net_config.c \
	kernel/net/net_dhcp.c kernel/net/net_cmds.c kernel/net/net_ping.c kernel/net/net_sysctl.c \
	kernel/net/if_ioctl.c kernel/net/net_procfs.c kernel/net/rtsock_kern.c \
	net/dhcp_client.c
KERNEL_SRCS += kernel/net/inet_usrreq.c
endif
