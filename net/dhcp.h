/*
 * DHCP wire format (RFC 2131 message, RFC 2132 options): the fixed BOOTP
 * header, the magic cookie and the option codes the client uses.
 * The client's state and API are in net/dhcp_client.h.
 */
#ifndef NET_DHCP_H
#define NET_DHCP_H

#include <stdint.h>

#include "net/in.h"

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

#define BOOTREQUEST		1	/* op: client to server */
#define BOOTREPLY		2	/* op: server to client */
#define DHCP_HTYPE_ETHER	1	/* htype: Ethernet (10Mb) */
#define DHCP_FLAGS_BROADCAST	0x8000	/* flags: please broadcast the reply */
#define DHCP_MAGIC		0x63825363u	/* first 4 option bytes, host order */

/* The fixed part of every message; multi-byte fields big endian. */
struct dhcp_hdr {
	uint8_t		op;		/* BOOTREQUEST / BOOTREPLY */
	uint8_t		htype;		/* hardware type (1 = Ethernet) */
	uint8_t		hlen;		/* hardware address length (6) */
	uint8_t		hops;		/* relay hops, 0 from a client */
	uint32_t	xid;		/* transaction id chosen by the client */
	uint16_t	secs;		/* seconds since the client started */
	uint16_t	flags;		/* DHCP_FLAGS_BROADCAST */
	struct in_addr	ciaddr;		/* client's current address (renew) */
	struct in_addr	yiaddr;		/* "your" address, offered by the server */
	struct in_addr	siaddr;		/* next server (boot), unused */
	struct in_addr	giaddr;		/* relay agent */
	uint8_t		chaddr[16];	/* client hardware address */
	uint8_t		sname[64];	/* server host name, unused */
	uint8_t		file[128];	/* boot file name, unused */
	uint32_t	magic;		/* DHCP_MAGIC, then the options */
} __attribute__((packed));

#define DHCP_HDR_LEN		240	/* sizeof(struct dhcp_hdr) */
#define DHCP_OPTIONS_MAX	312	/* option room a client may assume (RFC 2131) */
#define DHCP_MSG_MAX		(DHCP_HDR_LEN + DHCP_OPTIONS_MAX)	/* what we send */
/*
 * The largest message we accept: what DHO_MAX_MESSAGE_SIZE announces, and
 * the size of the receive buffer -- one number, so a server that takes us
 * at our word is never cut off.
 */
#define DHCP_MSG_ACCEPT		1500
#define BOOTP_MIN_LEN		300	/* BOOTP relays drop shorter messages */

/* Option codes (RFC 2132). */
#define DHO_PAD			0
#define DHO_SUBNET_MASK		1
#define DHO_ROUTERS		3
#define DHO_DNS			6
#define DHO_HOST_NAME		12
#define DHO_REQUESTED_ADDRESS	50
#define DHO_LEASE_TIME		51
#define DHO_MESSAGE_TYPE	53
#define DHO_SERVER_ID		54
#define DHO_PARAMETER_REQUEST	55
#define DHO_MESSAGE		56
#define DHO_MAX_MESSAGE_SIZE	57
#define DHO_RENEWAL_TIME	58	/* T1 */
#define DHO_REBINDING_TIME	59	/* T2 */
#define DHO_CLIENT_ID		61
#define DHO_END			255

/* DHO_MESSAGE_TYPE values. */
#define DHCPDISCOVER		1
#define DHCPOFFER		2
#define DHCPREQUEST		3
#define DHCPDECLINE		4
#define DHCPACK			5
#define DHCPNAK			6
#define DHCPRELEASE		7
#define DHCPINFORM		8

#endif /* NET_DHCP_H */
