/*
 * Ethernet software state: input/output entry points and counters.
 * Wire format: net/ethernet.h.  Implementation: net/if_ethersubr.c.
 */
#ifndef NET_ETHER_VAR_H
#define NET_ETHER_VAR_H

#include <stdint.h>

#include "net/ethernet.h"
#include "net/in.h"

struct ifnet;
struct mbuf;

/* Ethernet-level drops and traffic, all interfaces (netstat -s "ether:"). */
struct etherstat {
	uint64_t ethers_in;		/* frames handed up by drivers */
	uint64_t ethers_in_short;	/* runts: shorter than an Ethernet header */
	uint64_t ethers_in_down;	/* arrived on an interface that is down */
	uint64_t ethers_in_notours;	/* unicast to another MAC (not promiscuous) */
	uint64_t ethers_in_own;		/* our own source MAC looped back */
	uint64_t ethers_in_unknown;	/* unknown ethertype */
	uint64_t ethers_in_ip;		/* IPv4 frames passed to ip_input */
	uint64_t ethers_in_arp;		/* ARP frames passed to arp_input */
	uint64_t ethers_out;		/* frames given to drivers */
	uint64_t ethers_out_errors;	/* driver if_transmit returned an error */
	uint64_t ethers_out_down;	/* not sent: interface down */
	uint64_t ethers_out_nobufs;	/* not sent: no mbuf for the header */
};
extern struct etherstat etherstat;

/*
 * ether_input: the if_input of every Ethernet interface.  Called by drivers
 * WITHOUT the net lock (it takes it); consumes m.
 */
void	 ether_input(struct ifnet *ifp, struct mbuf *m);

/*
 * ether_output: send the IPv4 packet m (starting at its IP header) to the
 * next hop `nexthop` on ifp, resolving it with ARP (the packet may be held
 * until the reply comes).  mflags M_BCAST sends to ff:ff:ff:ff:ff:ff with
 * no ARP.  Net lock held.  Consumes m.  Returns 0 (sent or held for ARP),
 * EHOSTDOWN (ARP failed recently), ENETDOWN, ENOBUFS, or the driver's
 * error.
 */
int	 ether_output(struct ifnet *ifp, struct mbuf *m, struct in_addr nexthop,
	    int mflags);

/*
 * ether_output_frame: prepend an Ethernet header (dst, our MAC, type) to m
 * and hand it to the driver.  Net lock held.  Consumes m.  0 or errno.
 */
int	 ether_output_frame(struct ifnet *ifp, struct mbuf *m,
	    const uint8_t dst[ETHER_ADDR_LEN], uint16_t ethertype);

/* "52:54:00:12:34:56" into buf (at least 18 bytes); returns buf. */
char	*ether_sprintf_r(const uint8_t lla[ETHER_ADDR_LEN], char *buf);

#endif /* NET_ETHER_VAR_H */
