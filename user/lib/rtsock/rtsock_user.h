/*
 * The routing socket from user space (<sanpo/route.h>): what ifconfig,
 * route and arp share.  Linked into each through its prog.mk.
 */
#ifndef USER_RTSOCK_USER_H
#define USER_RTSOCK_USER_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include <sanpo/route.h>

/* A routing socket with a receive buffer large enough for dumps; exits on failure. */
int	 rts_open(const char *prog);
/*
 * Writes a dump request (RTM_SANPO_DUMP/IFLIST/LLDUMP) and calls fn for
 * each message of the answer; 0, or -1 with errno.
 */
int	 rts_dump(int s, int type, int index,
	    void (*fn)(const struct rt_msghdr *, void *), void *arg);
/*
 * The sockaddrs after a header of hdrlen bytes in a message of msglen,
 * by RTA_* index (NULL when absent or cut short).
 */
void	 rts_addrs(const void *msg, size_t hdrlen, size_t msglen, int addrs,
	    const void *sa[RTAX_MAX]);
/* The IPv4 address of an AF_INET sockaddr (0 for NULL or another family). */
struct in_addr rts_sin(const void *sa);
/* A link sockaddr's interface name into buf (IFNAMSIZ bytes). */
char	*rts_dl_name(const void *sa, char *buf);
/* Formats a MAC address as FreeBSD does (xx:xx:xx:xx:xx:xx). */
char	*rts_mac(const uint8_t *mac, char *buf);
/* The prefix length of a contiguous mask (network order), or -1. */
int	 rts_plen(struct in_addr mask);
/* The mask for a prefix length, network order. */
struct in_addr rts_mask(int plen);

#endif
