/*
 * UDP wire format (RFC 768).  Software state and the socket-like API are
 * in net/udp_var.h.
 */
#ifndef NET_UDP_H
#define NET_UDP_H

#include <stdint.h>

/* The 8-byte UDP header, big endian. */
struct udphdr {
	uint16_t	uh_sport;	/* source port */
	uint16_t	uh_dport;	/* destination port */
	uint16_t	uh_ulen;	/* length, header included */
	uint16_t	uh_sum;		/* checksum with pseudo-header; 0 = none */
} __attribute__((packed, aligned(2)));

#endif /* NET_UDP_H */
