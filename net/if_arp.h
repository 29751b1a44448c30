/*
 * ARP wire format (RFC 826) for Ethernet/IPv4: struct ether_arp.
 * The ARP cache, resolution and its API are in net/if_ether.h.
 */
#ifndef NET_IF_ARP_H
#define NET_IF_ARP_H

#include <stdint.h>

#define ARPHRD_ETHER	1	/* ar_hrd: Ethernet */
#define ARPOP_REQUEST	1	/* ar_op: who-has */
#define ARPOP_REPLY	2	/* ar_op: is-at */

/* An ARP packet for Ethernet/IPv4 (28 bytes), all fields big endian. */
struct ether_arp {
	uint16_t	ar_hrd;		/* hardware type: ARPHRD_ETHER */
	uint16_t	ar_pro;		/* protocol type: ETHERTYPE_IP */
	uint8_t		ar_hln;		/* hardware address length: 6 */
	uint8_t		ar_pln;		/* protocol address length: 4 */
	uint16_t	ar_op;		/* ARPOP_* */
	uint8_t		arp_sha[6];	/* sender hardware address */
	uint8_t		arp_spa[4];	/* sender protocol address */
	uint8_t		arp_tha[6];	/* target hardware address */
	uint8_t		arp_tpa[4];	/* target protocol address */
} __attribute__((packed));

#endif /* NET_IF_ARP_H */
