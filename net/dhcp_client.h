/*
 * A DHCP client (RFC 2131) for one interface: the portable state machine.
 * Wire format: net/dhcp.h.  Implementation: net/dhcp_client.c.
 *
 * The client talks through the stack's UDP API (a socket on port 68 tied
 * to its interface, so it can broadcast from 0.0.0.0 before it has an
 * address) and configures the interface through in_addr_add/route_add.
 * It is driven by its host: dhcp_client_run() is the body of a thread
 * (kernel/net/net_dhcp.c starts one per interface); it waits for replies
 * with the deadline of the next timer and returns only after
 * dhcp_client_stop().
 *
 *   INIT --DISCOVER--> SELECTING --OFFER/REQUEST--> REQUESTING --ACK--> BOUND
 *   BOUND --T1: unicast REQUEST--> RENEWING --T2: broadcast--> REBINDING
 *   RENEWING/REBINDING --ACK--> BOUND;  NAK anywhere, or the lease
 *   expiring, removes the address and goes back to INIT.
 *
 * Functions take the net lock themselves (through the UDP and address
 * APIs): call them without it.
 */
#ifndef NET_DHCP_CLIENT_H
#define NET_DHCP_CLIENT_H

#include <stdint.h>

#include "net/in.h"

struct ifnet;
struct inpcb;

enum dhcp_state {
	DHCP_INIT,		/* no lease: start discovering */
	DHCP_SELECTING,		/* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING,	/* REQUEST sent for an offer, waiting for ACK */
	DHCP_BOUND,		/* lease applied, until T1 */
	DHCP_RENEWING,		/* T1 passed: REQUEST unicast to the server */
	DHCP_REBINDING,		/* T2 passed: REQUEST broadcast to any server */
	DHCP_STOPPED,		/* dhcp_client_stop() was called */
};

/* A lease, offered or bound. */
struct dhcp_lease {
	struct in_addr	addr;		/* our address (yiaddr) */
	int		plen;		/* prefix length from the subnet mask */
	struct in_addr	router;		/* default router, 0 if none offered */
	struct in_addr	server;		/* server identifier (option 54) */
	uint32_t	lease_s;	/* lease time, seconds */
	uint32_t	t1_s;		/* renewal time T1, seconds */
	uint32_t	t2_s;		/* rebinding time T2, seconds */
	uint64_t	bound_ms;	/* net_uptime_ms() when the ACK arrived */
};

/* Message counters, shown by `ifconfig`. */
struct dhcp_stats {
	uint32_t	discovers;	/* DISCOVERs sent */
	uint32_t	requests;	/* REQUESTs sent (all states) */
	uint32_t	offers;		/* OFFERs accepted */
	uint32_t	acks;		/* ACKs accepted */
	uint32_t	naks;		/* NAKs accepted */
	uint32_t	renewals;	/* leases extended from RENEWING/REBINDING */
	uint32_t	expiries;	/* leases that ran out */
	uint32_t	bad;		/* malformed replies dropped */
	uint32_t	ignored;	/* valid but not for us / not expected now */
};

struct dhcp_client {
	struct dhcp_client *dc_next;	/* all clients (net lock) */
	struct ifnet	*dc_ifp;	/* the interface it configures */
	struct inpcb	*dc_so;		/* port 68, tied to dc_ifp */
	enum dhcp_state	 dc_state;	/* see above */
	uint32_t	 dc_xid;	/* transaction id of the exchange */
	uint64_t	 dc_start_ms;	/* when this exchange began (secs field) */
	uint64_t	 dc_next_ms;	/* when the timer fires next */
	int		 dc_tries;	/* transmissions in this state */
	int		 dc_bound;	/* dc_lease is applied to the interface */
	struct dhcp_lease dc_offer;	/* the offer being requested */
	struct dhcp_lease dc_lease;	/* the lease in force (dc_bound) */
	volatile int	 dc_stop;	/* ask dhcp_client_run to return */
	struct dhcp_stats dc_stats;	/* counters */
};

/*
 * A client for ifp: brings ifp up, opens its socket.  Returns 0 and *cp,
 * or EEXIST (ifp has a client), ENOMEM, or the bind error.
 */
int	 dhcp_client_create(struct ifnet *ifp, struct dhcp_client **cp);
/* The thread body: runs the state machine until dhcp_client_stop(). */
void	 dhcp_client_run(struct dhcp_client *c);
/* Ask the client to stop; dhcp_client_run returns within a second. */
void	 dhcp_client_stop(struct dhcp_client *c);
/* After dhcp_client_run returned: close the socket, free (lease kept). */
void	 dhcp_client_destroy(struct dhcp_client *c);
/* The client of ifp, or NULL (takes the lock). */
struct dhcp_client *dhcp_client_find(const struct ifnet *ifp);
/* "BOUND" etc. */
const char *dhcp_state_name(enum dhcp_state s);
/* One or two lines about c for `ifconfig`, through net_log. */
void	 dhcp_client_print(const struct dhcp_client *c);

/*
 * Pure parts, exposed for host tests.  dhcp_parse validates a received
 * message (op, hlen, magic, option lengths) and fills *type, *xid and
 * *lease (defaults for absent T1/T2); returns 0 or EINVAL.
 */
int	 dhcp_parse(const uint8_t *buf, int len, int *type, uint32_t *xid,
	    const uint8_t **chaddr, struct dhcp_lease *lease);
/* Builds a client message of `type` for c into buf; returns its length. */
int	 dhcp_build(const struct dhcp_client *c, int type, uint64_t now_ms,
	    uint8_t *buf, int size);

#endif /* NET_DHCP_CLIENT_H */
