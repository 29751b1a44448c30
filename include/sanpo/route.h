/*
 * Sanpo's routing socket and interface-address ioctls: the layouts user
 * programs (ifconfig, route, arp, netstat) and the kernel share.
 *
 * The routing socket is FreeBSD's PF_ROUTE (route(4)) on a Sanpo family
 * number: Linux gives 16 (its AF_ROUTE) to AF_NETLINK, so
 *
 *	s = socket(PF_ROUTE_SANPO, SOCK_RAW, 0);
 *
 * Every routing socket receives a message for each route added, deleted
 * or changed and each interface event (RTM_IFINFO: flags or link state
 * changed; RTM_NEWADDR/RTM_DELADDR: an address came or went).  A socket
 * whose receive buffer is full loses the message: the drop is counted
 * (the socket's drop count) and the kernel never blocks.
 *
 * Writing a message is a request: RTM_ADD, RTM_DELETE, RTM_CHANGE and
 * RTM_GET as in FreeBSD (RTA_DST, RTA_GATEWAY, RTA_NETMASK; RTF_HOST for a
 * host route).  The request comes back as the reply to the writer (with
 * rtm_errno set and the answer filled in for RTM_GET), and changes are
 * broadcast to the other sockets too.  Changing needs CAP_NET_ADMIN.
 *
 * Sockaddrs after a header follow Linux's layout (a 16-bit family, no
 * sa_len: this is a Linux-ABI system), each padded to 8 bytes; a
 * sockaddr's size follows from its family: RT_SA_SIZE().  They come in
 * RTA_* bit order, one for each bit set in rtm_addrs/ifm_addrs/ifam_addrs.
 *
 * Sanpo's dumps (where FreeBSD has sysctl NET_RT_DUMP/IFLIST/FLAGS): write
 * an rt_msghdr of type RTM_SANPO_DUMP, _IFLIST or _LLDUMP and read back, on
 * that socket only and in one run, the request echoed (its rtm_pid and
 * rtm_seq tell it from announcements queued before), then the routes (RTM_GET each), the interfaces (RTM_IFINFO
 * then an RTM_NEWADDR per address, ifm_index = rtm_index or all when 0) or
 * the ARP cache (RTM_GET with RTF_LLINFO, the gateway an AF_LINK address,
 * rmx_expire the seconds left), then RTM_SANPO_END.  If the whole dump does
 * not fit in the receive buffer the write fails with ENOBUFS and nothing
 * is queued: raise SO_RCVBUF.
 */
#ifndef SANPO_ROUTE_H
#define SANPO_ROUTE_H

#include <stdint.h>

#define PF_ROUTE_SANPO	254		/* socket(PF_ROUTE_SANPO, SOCK_RAW, 0) */
#define AF_ROUTE_SANPO	PF_ROUTE_SANPO
#define AF_LINK_SANPO	253		/* struct sockaddr_dl's family */

#define RTM_VERSION	5		/* FreeBSD's */

/* rtm_type */
#define RTM_ADD		0x1	/* add a route */
#define RTM_DELETE	0x2	/* delete a route */
#define RTM_CHANGE	0x3	/* change its gateway */
#define RTM_GET		0x4	/* look a destination up */
#define RTM_NEWADDR	0xc	/* an address was added to an interface */
#define RTM_DELADDR	0xd	/* an address was removed */
#define RTM_IFINFO	0xe	/* interface flags or link state changed */
#define RTM_SANPO_DUMP		0x70	/* request: every route */
#define RTM_SANPO_IFLIST	0x71	/* request: interfaces and addresses */
#define RTM_SANPO_LLDUMP	0x72	/* request: the ARP cache */
#define RTM_SANPO_END		0x7f	/* end of a dump */

/* rtm_addrs bits and their sockaddr's index */
#define RTA_DST		0x1
#define RTA_GATEWAY	0x2
#define RTA_NETMASK	0x4
#define RTA_GENMASK	0x8
#define RTA_IFP		0x10
#define RTA_IFA		0x20
#define RTA_AUTHOR	0x40
#define RTA_BRD		0x80
#define RTAX_MAX	8

/* rtm_flags (FreeBSD's values) */
#define RTF_UP		0x1
#define RTF_GATEWAY	0x2
#define RTF_HOST	0x4
#define RTF_DONE	0x40		/* a reply: the request was carried out */
#define RTF_LLINFO	0x400		/* an ARP entry (dumps) */
#define RTF_STATIC	0x800
#define RTF_CONNECTED	0x10000		/* Sanpo: an interface's own prefix */

/* rmx_* of rtm_rmx */
struct rt_metrics {
	uint64_t rmx_locks, rmx_mtu, rmx_hopcount, rmx_expire, rmx_recvpipe,
	    rmx_sendpipe, rmx_ssthresh, rmx_rtt, rmx_rttvar, rmx_pksent,
	    rmx_weight, rmx_nhidx, rmx_filler[2];
};

struct rt_msghdr {
	uint16_t rtm_msglen;	/* bytes of the message, sockaddrs included */
	uint8_t	 rtm_version;	/* RTM_VERSION */
	uint8_t	 rtm_type;	/* RTM_* */
	uint16_t rtm_index;	/* interface index */
	uint16_t _rtm_spare1;
	int32_t	 rtm_flags;	/* RTF_* */
	int32_t	 rtm_addrs;	/* RTA_* present */
	int32_t	 rtm_pid;	/* the sender's pid, 0 for the kernel */
	int32_t	 rtm_seq;	/* the sender's sequence number */
	int32_t	 rtm_errno;	/* the reply's error */
	int32_t	 rtm_fmask;
	uint64_t rtm_inits;
	struct rt_metrics rtm_rmx;	/* rmx_expire: an ARP entry's seconds left */
};

/* Counters of an interface (FreeBSD's struct if_data, the fields Sanpo has). */
struct if_data {
	uint8_t	 ifi_type;	/* IFT_ETHER, IFT_LOOP */
	uint8_t	 ifi_physical;
	uint8_t	 ifi_addrlen;	/* 6, 0 for lo0 */
	uint8_t	 ifi_hdrlen;
	uint8_t	 ifi_link_state;	/* LINK_STATE_* */
	uint8_t	 ifi_vhid, _ifi_spare[2];
	uint32_t ifi_mtu;
	uint32_t ifi_metric;
	uint64_t ifi_baudrate;
	uint64_t ifi_ipackets, ifi_ierrors, ifi_opackets, ifi_oerrors,
	    ifi_collisions, ifi_ibytes, ifi_obytes, ifi_imcasts, ifi_omcasts,
	    ifi_iqdrops, ifi_oqdrops, ifi_noproto;
};
#define IFT_ETHER		0x6
#define IFT_LOOP		0x18	/* lo0 (FreeBSD's number) */
#define LINK_STATE_UNKNOWN	0
#define LINK_STATE_DOWN		1
#define LINK_STATE_UP		2

/* RTM_IFINFO: then RTA_IFP, the interface's sockaddr_dl. */
struct if_msghdr {
	uint16_t ifm_msglen;
	uint8_t	 ifm_version;
	uint8_t	 ifm_type;
	int32_t	 ifm_addrs;
	int32_t	 ifm_flags;	/* BSD IFF_* (UP 0x1, BROADCAST 0x2, RUNNING 0x40, SIMPLEX 0x800, MULTICAST 0x8000) */
	uint16_t ifm_index;
	uint16_t _ifm_spare1;
	struct if_data ifm_data;
};

/* RTM_NEWADDR/RTM_DELADDR: then RTA_NETMASK, RTA_IFP, RTA_IFA, RTA_BRD. */
struct ifa_msghdr {
	uint16_t ifam_msglen;
	uint8_t	 ifam_version;
	uint8_t	 ifam_type;
	int32_t	 ifam_addrs;
	int32_t	 ifam_flags;
	uint16_t ifam_index;
	uint16_t _ifam_spare1;
	int32_t	 ifam_metric;
};

/* An IPv4 sockaddr as in a routing message: Linux's sockaddr_in bytes. */
struct rt_sockaddr_in {
	uint16_t sin_family;	/* AF_INET (2) */
	uint16_t sin_port;
	uint32_t sin_addr;	/* network byte order */
	uint8_t	 sin_zero[8];
};

/* A link-level sockaddr (FreeBSD's, with a 16-bit family and no length). */
struct sockaddr_dl {
	uint16_t sdl_family;	/* AF_LINK_SANPO */
	uint16_t sdl_index;	/* interface index */
	uint8_t	 sdl_type;	/* IFT_ETHER */
	uint8_t	 sdl_nlen;	/* name bytes at sdl_data */
	uint8_t	 sdl_alen;	/* link address bytes after the name */
	uint8_t	 sdl_slen;
	char	 sdl_data[48];	/* name, then link address */
};
#define LLADDR(s)	((uint8_t *)((s)->sdl_data + (s)->sdl_nlen))

#define RT_ROUNDUP(n)	(((n) + 7) & ~(size_t)7)
/* Bytes a sockaddr takes in a message (its family's size, rounded up). */
#define RT_SA_SIZE(family) \
	((family) == AF_LINK_SANPO ? RT_ROUNDUP(sizeof(struct sockaddr_dl)) : \
	    RT_ROUNDUP(sizeof(struct rt_sockaddr_in)))

/*
 * Interface addresses by ioctl on any socket (FreeBSD's, on numbers of
 * Linux's encoding that Linux does not use): SIOCAIFADDR adds an address
 * (ifra_mask's prefix; the same address again changes its mask) without
 * touching the others; SIOCDIFADDR removes the address in an ifreq's
 * ifr_addr, or the first one when it is 0.0.0.0.  Both need
 * CAP_NET_ADMIN.  (Linux's own SIOCSIFADDR replaces the first address.)
 */
struct in_aliasreq {
	char	 ifra_name[16];
	struct rt_sockaddr_in ifra_addr;
	struct rt_sockaddr_in ifra_broadaddr;	/* 0: the subnet's */
	struct rt_sockaddr_in ifra_mask;
	int32_t	 ifra_vhid;
};
#define SIOCAIFADDR_SANPO	0x4044692bu	/* _IOW('i', 43, struct in_aliasreq) */
#define SIOCDIFADDR_SANPO	0x40286919u	/* _IOW('i', 25, struct ifreq) */

#endif /* SANPO_ROUTE_H */
