/*
 * Ethernet wire format: the frame header, its types and addresses.
 * Software state and the input/output API are in net/if_var.h and
 * net/if_ethersubr.c.
 */
#ifndef NET_ETHERNET_H
#define NET_ETHERNET_H

#include <stdint.h>

#ifndef ETHER_ADDR_LEN
#define ETHER_ADDR_LEN		6
#endif
#define ETHER_TYPE_LEN		2
#define ETHER_HDR_LEN		(ETHER_ADDR_LEN * 2 + ETHER_TYPE_LEN)	/* 14 */
#define ETHER_CRC_LEN		4
#define ETHER_MIN_LEN		64	/* with CRC: frames are padded to 60 + CRC */
#define ETHER_MAX_LEN		1518
#define ETHERMTU		1500

#define ETHERTYPE_IP		0x0800
#define ETHERTYPE_ARP		0x0806
#define ETHERTYPE_VLAN		0x8100
#define ETHERTYPE_IPV6		0x86dd

/* The 14-byte Ethernet II header; ether_type in network byte order. */
struct ether_header {
	uint8_t		ether_dhost[ETHER_ADDR_LEN];	/* destination MAC */
	uint8_t		ether_shost[ETHER_ADDR_LEN];	/* source MAC */
	uint16_t	ether_type;			/* ETHERTYPE_*, big endian */
} __attribute__((packed));

/* ff:ff:ff:ff:ff:ff */
extern const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN];

#define ETHER_IS_MULTICAST(addr)	(*(const uint8_t *)(addr) & 0x01)
#define ETHER_IS_BROADCAST(addr) \
	(((addr)[0] & (addr)[1] & (addr)[2] & (addr)[3] & (addr)[4] & (addr)[5]) == 0xff)

#endif /* NET_ETHERNET_H */
