/*
 * AH wire format (RFC 4302).  Software state: ipsec_var.h.
 *
 *   [IP header][next header][length][reserved][SPI][sequence][ICV][payload]
 * ah_len is the AH length in 32-bit words minus 2.
 */
#ifndef NET_IPSEC_AH_H
#define NET_IPSEC_AH_H

#include <stdint.h>

struct newah {
	uint8_t		ah_nxt;		/* next header */
	uint8_t		ah_len;		/* 32-bit words, minus 2 */
	uint16_t	ah_reserve;	/* zero */
	uint32_t	ah_spi;		/* network order */
	uint32_t	ah_seq;		/* low 32 bits of the sequence number */
	/* ICV follows */
};

#define AH_HDR_LEN	12		/* sizeof(struct newah) without ICV */

#endif /* NET_IPSEC_AH_H */
