/*
 * IPv4 addresses and protocol numbers, and byte-order helpers.
 *
 * Addresses are kept in network byte order everywhere in net/ (struct
 * in_addr.s_addr), as on the wire; use ntohl() to compare or mask them
 * numerically.  The INADDR_* constants are in host order, as in BSD.
 */
#ifndef NET_IN_H
#define NET_IN_H

#include <stdint.h>

/* Byte order (x86_64 is little endian; the wire is big endian). */
static inline uint16_t net_htons(uint16_t x) { return __builtin_bswap16(x); }
static inline uint32_t net_htonl(uint32_t x) { return __builtin_bswap32(x); }
#ifndef htons
#define htons(x)	net_htons(x)
#define ntohs(x)	net_htons(x)
#define htonl(x)	net_htonl(x)
#define ntohl(x)	net_htonl(x)
#endif

/* An IPv4 address, network byte order. */
struct in_addr {
	uint32_t	s_addr;		/* big endian */
};

#define INADDR_ANY		0x00000000u	/* host order */
#define INADDR_BROADCAST	0xffffffffu
#define INADDR_LOOPBACK		0x7f000001u
#define IN_LOOPBACKNET		127
#define IN_MULTICAST(a)		(((uint32_t)(a) & 0xf0000000u) == 0xe0000000u)	/* host order */

/* IP protocol numbers (ip_p). */
#define IPPROTO_IP		0
#define IPPROTO_ICMP		1
#define IPPROTO_IPV4		4	/* IP in IP (tunnel mode) */
#define IPPROTO_TCP		6
#define IPPROTO_UDP		17
#define IPPROTO_ESP		50
#define IPPROTO_AH		51
#define IPPROTO_MAX		256

#define INET_ADDRSTRLEN		16

/* Netmask (network byte order) for a prefix length 0..32. */
static inline uint32_t in_prefix_mask(int plen)
{
	return plen <= 0 ? 0 : net_htonl(plen >= 32 ? 0xffffffffu :
	    ~(0xffffffffu >> plen));
}

/*
 * Formats `a` as dotted quad into buf (at least INET_ADDRSTRLEN bytes);
 * returns buf.  Parses a dotted quad into *a (0, or EINVAL).
 */
char	*inet_ntoa_r(struct in_addr a, char *buf);
int	 inet_aton_net(const char *s, struct in_addr *a);
/* Parses "a.b.c.d/len" (len defaults to 32 when absent); 0 or EINVAL. */
int	 inet_parse_prefix(const char *s, struct in_addr *a, int *plen);

#endif /* NET_IN_H */
