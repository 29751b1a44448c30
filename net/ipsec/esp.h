/*
 * ESP wire format (RFC 4303).  Software state: ipsec_var.h.
 *
 *   [IP header][SPI][sequence][IV][payload][padding][pad length][next header][ICV]
 *              \____ newesp ___/
 * The IV, padding and ICV sizes depend on the SA's algorithms.
 */
#ifndef NET_IPSEC_ESP_H
#define NET_IPSEC_ESP_H

#include <stdint.h>

struct newesp {
	uint32_t	esp_spi;	/* network order */
	uint32_t	esp_seq;	/* low 32 bits of the sequence number */
};

/* Trailer bytes that always follow the padding: pad length, next header. */
#define ESP_TRAILER_LEN	2
#define ESP_HDR_LEN	8		/* sizeof(struct newesp) */

#endif /* NET_IPSEC_ESP_H */
