/*
 * ICMP wire format (RFC 792): the header, types and codes.
 * Software state and statistics are in net/icmp_var.h.
 */
#ifndef NET_IP_ICMP_H
#define NET_IP_ICMP_H

#include <stdint.h>

#include "net/ip.h"

/* Types */
#define ICMP_ECHOREPLY		0
#define ICMP_UNREACH		3
#define ICMP_SOURCEQUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIMXCEED		11
#define ICMP_PARAMPROB		12
#define ICMP_MAXTYPE		18

/* Codes for ICMP_UNREACH */
#define ICMP_UNREACH_NET	0
#define ICMP_UNREACH_HOST	1
#define ICMP_UNREACH_PROTOCOL	2
#define ICMP_UNREACH_PORT	3
#define ICMP_UNREACH_NEEDFRAG	4
#define ICMP_UNREACH_SRCFAIL	5
/* Codes for ICMP_TIMXCEED */
#define ICMP_TIMXCEED_INTRANS	0	/* TTL reached 0 in transit */
#define ICMP_TIMXCEED_REASS	1	/* reassembly timed out */

#define ICMP_MINLEN		8	/* header: type, code, sum, 4 bytes */
#define ICMP_ADVLENMIN		(8 + IP_MINHLEN + 8)	/* error: header + quoted IP + 8 */

/* The 8-byte ICMP header; the data that follows depends on the type. */
struct icmp {
	uint8_t		icmp_type;	/* ICMP_* */
	uint8_t		icmp_code;	/* per type */
	uint16_t	icmp_cksum;	/* over the whole ICMP message */
	union {
		struct {
			uint16_t id;	/* echo identifier */
			uint16_t seq;	/* echo sequence number */
		} echo;
		struct {
			uint16_t unused;
			uint16_t mtu;	/* next-hop MTU (needfrag) */
		} frag;
		uint32_t	void32;	/* unused (time exceeded etc.) */
	} icmp_hun;
	/* echo data, or the quoted IP header + 8 bytes for errors */
} __attribute__((packed, aligned(2)));
#define icmp_id		icmp_hun.echo.id
#define icmp_seq	icmp_hun.echo.seq
#define icmp_nextmtu	icmp_hun.frag.mtu

#endif /* NET_IP_ICMP_H */
