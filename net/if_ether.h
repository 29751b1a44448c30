/*
 * ARP for IPv4 over Ethernet: the cache, resolution and its statistics.
 * Wire format: net/if_arp.h.  Implementation: net/if_ether.c.
 *
 * The cache holds one entry per (interface, IPv4 address):
 *  - INCOMPLETE while a request is outstanding: packets for it are held
 *    (at most arp_maxhold per entry; older ones are dropped and counted),
 *    the request is resent every second up to arp_maxtries times, after
 *    which the held packets are dropped (counted) and the entry turns
 *    FAILED for arpt_down seconds (sends fail with EHOSTDOWN meanwhile);
 *  - RESOLVED entries expire arpt_keep seconds after they were learned.
 * A request for one of our addresses makes (or refreshes) an entry for
 * its sender only when the sender is on one of the interface's subnets.
 * At arp_maxentries the cache makes room by evicting: unresolved entries
 * first, then ones we never sent through, then the least recently used.
 * Timeouts are driven by net_slowtimo().
 * All functions here expect the net lock held unless said otherwise.
 */
#ifndef NET_IF_ETHER_H
#define NET_IF_ETHER_H

#include <stdint.h>

#include "net/ethernet.h"
#include "net/if_arp.h"
#include "net/in.h"

struct ifnet;
struct mbuf;

/* Tunables (FreeBSD's net.link.ether.inet.* names and defaults). */
extern int arpt_keep;		/* seconds a resolved entry lives (1200) */
extern int arpt_down;		/* seconds a failed entry blocks sends (20) */
extern int arp_maxtries;	/* requests before giving up (5) */
extern int arp_maxhold;		/* packets held per incomplete entry (16) */
extern int arp_maxentries;	/* cache size, all interfaces (512): beyond it, evict */

/* ARP counters (netstat -s "arp:"), FreeBSD's struct arpstat names. */
struct arpstat {
	uint64_t txrequests;	/* requests sent (gratuitous included) */
	uint64_t txreplies;	/* replies sent */
	uint64_t rxrequests;	/* requests received */
	uint64_t rxreplies;	/* replies received */
	uint64_t received;	/* ARP packets received, all */
	uint64_t badpkt;	/* malformed (short, wrong hrd/pro/lengths) */
	uint64_t notours;	/* valid, target not one of our addresses */
	uint64_t dupips;	/* someone else claims one of our addresses */
	uint64_t dropped;	/* held packets dropped (hold full or timeout) */
	uint64_t timeouts;	/* resolutions that failed after maxtries */
	uint64_t expired;	/* resolved entries that aged out */
	uint64_t cachefull;	/* no entry: no memory (or arp_maxentries 0) */
	uint64_t evicted;	/* entries pushed out to make room (cache full) */
	uint64_t offlink;	/* requests for us from off-link senders: not cached */
};
extern struct arpstat arpstat;

/* Entry states, as the iterator reports them. */
#define ARP_INCOMPLETE	1	/* request outstanding */
#define ARP_RESOLVED	2	/* lladdr valid */
#define ARP_FAILED	3	/* gave up; sends fail until it expires */

/* One cache entry as seen by `arp -a` (a snapshot). */
struct arp_entry_info {
	struct in_addr	 addr;			/* IPv4 address */
	uint8_t		 lladdr[ETHER_ADDR_LEN];	/* MAC, when RESOLVED */
	struct ifnet	*ifp;			/* the interface */
	int		 state;			/* ARP_* */
	int		 held;			/* packets waiting (INCOMPLETE) */
	int		 asked;			/* requests sent so far */
	int64_t		 expire_ms;		/* ms until it expires/retries */
};

/*
 * Calls fn for every entry (net lock taken by arp_foreach and held during
 * the calls: fn may print but must not call into the stack).
 */
void	 arp_foreach(void (*fn)(const struct arp_entry_info *, void *),
	    void *arg);
/* The same with the lock held by the caller (routing-socket dumps). */
void	 arp_foreach_locked(void (*fn)(const struct arp_entry_info *, void *),
	    void *arg);
/* Prints the cache in `arp -a` format through net_log (takes the lock). */
void	 arp_print_all(void);
/* Removes the entry for addr (any interface); takes the lock; 0 or ESRCH. */
int	 arp_delete(struct in_addr addr);
int	 arp_delete_locked(struct in_addr addr);	/* the same, lock held */

/*
 * Resolve nexthop on ifp.  Returns 0 with desten filled, and m untouched
 * (the caller sends it).  Otherwise m has been consumed: held until the
 * reply (returns EWOULDBLOCK), or dropped (EHOSTDOWN when
 * resolution failed recently, ENOBUFS when no entry can be made).
 */
int	 arpresolve(struct ifnet *ifp, struct in_addr nexthop, struct mbuf *m,
	    uint8_t desten[ETHER_ADDR_LEN]);
/* Handle a received ARP packet (m starts at the ARP header); consumes m. */
void	 arp_input(struct mbuf *m);
/* Send a request for tip from sip on ifp (gratuitous when sip == tip). */
int	 arp_request(struct ifnet *ifp, struct in_addr sip, struct in_addr tip);
/* A new address on ifp: announce it with a gratuitous ARP. */
void	 arp_ifinit(struct ifnet *ifp, struct in_addr addr);
/* Forget every entry of ifp (interface detached or down). */
void	 arp_ifdetach(struct ifnet *ifp);
/* Timer work: retries, expiry.  Called from net_slowtimo(). */
void	 arp_slowtimo(void);
/* Entries in the cache. */
int	 arp_count(void);

#endif /* NET_IF_ETHER_H */
