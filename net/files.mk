# net/: the portable protocol core (Ethernet, ARP, the loopback interface,
# IPv4, ICMP, UDP, mbufs).
# The same sources build into host unit tests (tests/host/net/).
NET_CORE_SRCS := \
	net/mbuf.c net/mbuf_tag.c net/in_cksum.c \
	net/if.c net/if_ethersubr.c net/if_ether.c net/if_loop.c \
	net/in.c net/route.c \
	net/ip_input.c net/ip_reass.c net/ip_forward.c net/ip_output.c \
	net/ip_icmp.c net/in_pcb.c net/udp_usrreq.c net/raw_ip.c \
	net/net_init.c net/net_stats.c net/rtsock.c

KERNEL_SRCS += $(NET_CORE_SRCS)

# netstat's printers in FreeBSD's wording (net/netstat.c: the netstat
# program links it too) and the host tests' drivers of them over the
# stack's own snapshots (net/netstat_print.c).  Not in the kernel: its
# counters reach the netstat program through sysctl.
NET_PRINT_SRCS := net/netstat.c net/netstat_print.c
