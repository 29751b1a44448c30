/*
 * Network interfaces: what a driver fills in and what the stack offers it.
 *
 * A driver allocates an ifnet (if_alloc), sets its name, softc, MTU and
 * if_transmit, and calls ether_ifattach() with its MAC address; the stack
 * then names it in the interface list and points if_input at ether_input.
 *
 * Contract:
 *  - The driver calls ifp->if_input(ifp, m) from thread context (never from
 *    an interrupt handler), without the net lock, one packet at a time with
 *    m_pkthdr.rcvif = ifp and m_pkthdr.len set (m_devget does both).
 *  - The stack calls ifp->if_transmit(ifp, m) with the net lock held; the
 *    driver consumes m in every case (frees it on error), must not sleep,
 *    and returns 0 or an errno (ENOBUFS when its ring is full).
 *  - The driver reports link changes with if_link_state_change().
 *  - Counters: the driver counts what it sees at the ring (packets, bytes,
 *    errors, drops); the stack counts protocol drops in its own stats.
 */
#ifndef NET_IF_VAR_H
#define NET_IF_VAR_H

#include <stdint.h>

struct mbuf;

#define IFNAMSIZ	16
#define ETHER_ADDR_LEN	6

/* if_flags (BSD values) */
#define IFF_UP		0x1		/* administratively up */
#define IFF_BROADCAST	0x2		/* broadcast capable */
#define IFF_LOOPBACK	0x8		/* the loopback interface */
#define IFF_RUNNING	0x40		/* driver resources allocated */
#define IFF_PROMISC	0x100		/* receive all frames */
#define IFF_SIMPLEX	0x800		/* can't hear its own transmissions */
#define IFF_MULTICAST	0x8000		/* multicast capable */

/* if_link_state */
#define LINK_STATE_UNKNOWN	0
#define LINK_STATE_DOWN		1
#define LINK_STATE_UP		2

struct ifnet {
	struct ifnet	*if_next;		/* the interface list */
	char		 if_xname[IFNAMSIZ];	/* "vtnet0" */
	uint32_t	 if_index;		/* 1, 2, ... in attach order */
	uint32_t	 if_flags;		/* IFF_* */
	int		 if_link_state;		/* LINK_STATE_* */
	uint32_t	 if_mtu;		/* bytes of IP payload per frame */
	uint64_t	 if_baudrate;		/* bits/s, 0 if unknown */
	uint8_t		 if_lladdr[ETHER_ADDR_LEN];	/* MAC address */
	uint8_t		 if_addrlen;		/* of if_lladdr: 6, or 0 (lo0: none) */
	void		*if_softc;		/* the driver's state */
	const char	*if_driver_desc;	/* one line: "VirtIO network (modern)" */

	int		(*if_transmit)(struct ifnet *, struct mbuf *);	/* driver */
	void		(*if_input)(struct ifnet *, struct mbuf *);	/* stack */

	/* Driver-maintained counters (ifconfig, netstat -i). */
	uint64_t	 if_ipackets;		/* frames received */
	uint64_t	 if_ibytes;		/* bytes received */
	uint64_t	 if_ierrors;		/* receive errors */
	uint64_t	 if_iqdrops;		/* received but dropped (no buffers) */
	uint64_t	 if_imcasts;		/* multicast/broadcast received */
	uint64_t	 if_opackets;		/* frames sent */
	uint64_t	 if_obytes;		/* bytes sent */
	uint64_t	 if_oerrors;		/* transmit errors */
	uint64_t	 if_oqdrops;		/* dropped on a full transmit ring */
	uint64_t	 if_omcasts;		/* multicast/broadcast sent */

	void		*if_inet;		/* IPv4 state, owned by net/ (in_var.h) */
	void		*if_arp;		/* ARP state, owned by net/ */
};

struct ifnet *if_alloc(void);			/* zeroed; NULL on failure */
void	 if_free(struct ifnet *ifp);
/* Names the interface `<dname><unit>` and attaches it as Ethernet. */
void	 ether_ifattach(struct ifnet *ifp, const char *dname, int unit,
	    const uint8_t lla[ETHER_ADDR_LEN]);
void	 ether_ifdetach(struct ifnet *ifp);
void	 if_link_state_change(struct ifnet *ifp, int link_state);
/* By name, NULL if none.  Takes the net lock: never call it with it held. */
struct ifnet *ifunit(const char *name);
/*
 * The head of the list (if_next walks it).  Interfaces are only appended
 * while attached, so a walk is safe without the lock as long as none is
 * detached meanwhile; take the net lock to read protocol state.
 */
struct ifnet *if_first(void);


/*
 * Administrative state (take the net lock themselves).  ether_ifattach
 * leaves an interface down; in_addr_add() brings it up, as BSD ifconfig
 * does when an address is set; a DHCP client calls if_up() before it has
 * an address.  A down interface drops what it receives (counted in
 * etherstat.ethers_in_down) and refuses to send (ENETDOWN).
 */
void	 if_up(struct ifnet *ifp);
void	 if_down(struct ifnet *ifp);
/* Number of attached interfaces. */
int	 if_count(void);

/*
 * The loopback interface (net/if_loop.c), FreeBSD's lo0: 127.0.0.0/8 is
 * this host, and every packet to it goes out and comes back in through
 * loif (ip_output's loopback path counts it on both sides).  The platform
 * attaches it after its NICs (so they keep the first indices, as on
 * FreeBSD) and gives it 127.0.0.1/8; until then (and in a stack that
 * never attaches one, like the host tests') loif is NULL and 127/8 is
 * this host with no interface.
 */
#define LOMTU	16384		/* FreeBSD's lo0 MTU */
extern struct ifnet *loif;
/* Attaches lo0 (UP, RUNNING, no address yet); ENOMEM, EEXIST. */
int	 if_loop_attach(void);
/*
 * Whether 127/8 can be reached now: 0, or ENETUNREACH while lo0 is down
 * (Linux's error: its local routes go with lo's carrier; FreeBSD's
 * looutput would say ENETDOWN).  Lock held.
 */
int	 if_loop_reachable(void);

#endif /* NET_IF_VAR_H */
