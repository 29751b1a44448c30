/*
 * Kernel glue of the network stack, shared by the files of kernel/net: the start-up
 * state, the DHCP threads and rc.conf-style configuration.
 */
#ifndef KERNEL_NET_NET_KERN_H
#define KERNEL_NET_NET_KERN_H

#include <sys/malloc.h>

struct ifnet;

MALLOC_DECLARE(M_NET);

/* net_init() has run (kernel/net/net_kern.c). */
int	 net_kern_started(void);

/*
 * Start a DHCP client thread for ifp (kernel/net/net_dhcp.c): 0, EEXIST
 * when one runs already, ENOMEM.
 */
int	 net_dhclient_start(struct ifnet *ifp);

/*
 * Shared by the shell and rc.conf configuration (kernel/net/net_config.c):
 * apply `ifconfig` words to ifp ("inet A[/len] [netmask M]", "up",
 * "down", "DHCP").  Prints one line per action (when `verbose`) or a
 * one-line error; returns 0 or 1.
 */
int	 net_ifconfig_words(struct ifnet *ifp, int argc, char **argv, int verbose);
/*
 * `route add|delete [-net|-host] dest[/len] [gw]` and `route add default
 * gw` (kernel/net/net_cmds.c): argv[0] is "add" or "delete".  Prints the
 * result as FreeBSD's route does; returns 0 or 1.
 */
int	 net_route_words(int argc, char **argv);

#endif /* KERNEL_NET_NET_KERN_H */
