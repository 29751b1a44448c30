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

#endif /* KERNEL_NET_NET_KERN_H */
