/*
 * IPv4 wire format (RFC 791): the header and its constants.
 * Software state, statistics and the API are in net/ip_var.h.
 */
#ifndef NET_IP_H
#define NET_IP_H

#include <stdint.h>

#include "net/in.h"

#define IPVERSION	4

/* The IPv4 header; multi-byte fields in network byte order. */
struct ip {
	uint8_t		ip_vhl;		/* version (high 4 bits), header length in words */
	uint8_t		ip_tos;		/* type of service / DSCP+ECN */
	uint16_t	ip_len;		/* total length, header included */
	uint16_t	ip_id;		/* identification (fragments) */
	uint16_t	ip_off;		/* flags and fragment offset in 8-byte units */
	uint8_t		ip_ttl;		/* time to live */
	uint8_t		ip_p;		/* protocol (IPPROTO_*) */
	uint16_t	ip_sum;		/* header checksum */
	struct in_addr	ip_src;		/* source address */
	struct in_addr	ip_dst;		/* destination address */
} __attribute__((packed, aligned(2)));

#define IP_VHL_V(vhl)		((vhl) >> 4)
#define IP_VHL_HL(vhl)		((vhl) & 0x0f)
#define IP_VHL_BORING		0x45	/* v4, 20-byte header */

/* ip_off (host order after ntohs) */
#define IP_RF		0x8000		/* reserved fragment flag */
#define IP_DF		0x4000		/* don't fragment */
#define IP_MF		0x2000		/* more fragments */
#define IP_OFFMASK	0x1fff		/* fragment offset, 8-byte units */

#define IP_MAXPACKET	65535		/* largest datagram */
#define IP_MINHLEN	20		/* header without options */
#define IP_MAXHLEN	60		/* header with the most options */
#define MAXTTL		255
#define IPDEFTTL	64
#define IPFRAGTTL	30		/* seconds a reassembly may take */

/* Options (skipped on input, never generated). */
#define IPOPT_EOL	0
#define IPOPT_NOP	1

#endif /* NET_IP_H */
