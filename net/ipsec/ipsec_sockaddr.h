/*
 * BSD-layout socket addresses as carried inside PF_KEY messages.
 *
 * RFC 2367 address extensions and KAME ipsec requests embed a struct
 * sockaddr whose first byte is its own length (sa_len) and second its
 * family, with FreeBSD's family numbers (AF_INET6 is 28, not Linux's 10).
 * net/ had no sockaddr when this was written, so the layouts are declared
 * here under the usual BSD names; a later net/ header declaring them must
 * define NET_SOCKADDR_DECLARED first so the two never clash.  Host test
 * programs must not include <sys/socket.h> together with this header.
 */
#ifndef NET_IPSEC_IPSEC_SOCKADDR_H
#define NET_IPSEC_IPSEC_SOCKADDR_H

#include <stdint.h>

#include "net/in.h"

#ifndef NET_SOCKADDR_DECLARED
#define NET_SOCKADDR_DECLARED

#define AF_UNSPEC	0
#define AF_INET		2
#define AF_INET6	28	/* FreeBSD */

/* Generic header every sockaddr starts with. */
struct sockaddr {
	uint8_t		sa_len;		/* total length, bytes */
	uint8_t		sa_family;	/* AF_* */
	char		sa_data[14];	/* family specific */
};

/* IPv4 address and port. */
struct sockaddr_in {
	uint8_t		sin_len;	/* sizeof(struct sockaddr_in) = 16 */
	uint8_t		sin_family;	/* AF_INET */
	uint16_t	sin_port;	/* network byte order */
	struct in_addr	sin_addr;	/* network byte order */
	char		sin_zero[8];	/* unused */
};

/* IPv6 address. */
struct in6_addr {
	uint8_t		s6_addr[16];	/* network byte order */
};

/* IPv6 address and port. */
struct sockaddr_in6 {
	uint8_t		sin6_len;	/* sizeof(struct sockaddr_in6) = 28 */
	uint8_t		sin6_family;	/* AF_INET6 */
	uint16_t	sin6_port;	/* network byte order */
	uint32_t	sin6_flowinfo;	/* unused here */
	struct in6_addr	sin6_addr;
	uint32_t	sin6_scope_id;	/* must be 0 here */
};

_Static_assert(sizeof(struct sockaddr_in) == 16, "sockaddr_in");
_Static_assert(sizeof(struct sockaddr_in6) == 28, "sockaddr_in6");

#endif /* NET_SOCKADDR_DECLARED */

/* Room for any address family PF_KEY carries. */
union sockaddr_union {
	struct sockaddr		sa;	/* common header */
	struct sockaddr_in	sin;	/* AF_INET */
	struct sockaddr_in6	sin6;	/* AF_INET6 */
};

#endif /* NET_IPSEC_IPSEC_SOCKADDR_H */
