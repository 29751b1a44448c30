/*
 * FreeBSD's sysctl(3) interface on Sanpo: the constants of __sysctl(2)
 * (Sanpo's system call SANPO_SYS___sysctl, kernel/kern/kern_sysctl.c) and
 * the layouts of the Sanpo nodes netstat reads, shared by the kernel and
 * the programs (user/sbin/sysctl, user/usr.bin/netstat).  User wrappers:
 * <sanpo/sysctlsys.h>.
 *
 *   __sysctl(name, namelen, oldp, oldlenp, newp, newlen)
 *
 * name is a MIB, an array of ints.  The oid's value is copied to oldp
 * (*oldlenp bytes at most; *oldlenp becomes the bytes copied).  oldp NULL:
 * *oldlenp becomes the value's size.  A short buffer: what fits is copied
 * and the call fails with ENOMEM (FreeBSD's rule: *oldlenp is then the
 * bytes copied, ask with oldp NULL for the size).  newp: the new value
 * (an int for int oids, the text for strings); EPERM without
 * CAP_SYS_ADMIN over the initial user namespace or for a read-only oid.
 * ENOENT: no such oid; EISDIR: name is a node; ENOTDIR: name goes on past
 * a leaf; EINVAL: namelen outside [2, CTL_MAXNAME], or a new value the oid
 * refuses; EFAULT: a bad pointer.
 *
 * Values: int and unsigned int oids are 4 bytes, U64 8, strings and
 * formatted values NUL-terminated text, opaque oids ("S,ipstat") the
 * structure's bytes.
 *
 * The numbers: the top level and a few well-known oids have FreeBSD's
 * (kern 1, net 4, kern.ostype {1,1}, net.inet.ip.forwarding {4,2,0,1});
 * every other component is numbered from CTL_AUTO_START (0x100) in name
 * order among its siblings, as FreeBSD's OID_AUTO numbers come from the
 * order oids are registered.  They may change when a module with oids is
 * loaded or unloaded: programs look names up (name2oid) every time.
 *
 * The {0, x} nodes, as FreeBSD's sysctl(8) uses them:
 *   {0,1,mib...}  the name of mib ("kern.ostype")
 *   {0,2,mib...}  the MIB of the leaf after mib (mib may be a node: its first leaf;
 *                 {0,2} alone: the first leaf of all); ENOENT after the last
 *   {0,3}         name2oid: newp is the name (text), oldp gets the MIB
 *   {0,4,mib...}  oidfmt: an unsigned kind (CTLTYPE_* | CTLFLAG_*) then the
 *                 format text ("I", "IU", "QU", "A", "N", "S,ipstat")
 *   {0,5,mib...}  the description ("" for a node)
 *   {0,7,mib...}  as {0,2} (Sanpo has no CTLFLAG_SKIP oids)
 */
#ifndef SANPO_SYSCTL_H
#define SANPO_SYSCTL_H

#include <stdint.h>

#define CTL_MAXNAME		24	/* components of a MIB */
#define CTL_AUTO_START		0x100	/* first automatic component number */

/* Top level (FreeBSD's numbers). */
#define CTL_SYSCTL		0	/* the {0, x} nodes above */
#define CTL_KERN		1
#define CTL_VM			2
#define CTL_VFS			3
#define CTL_NET			4
#define CTL_DEBUG		5
#define CTL_HW			6
#define CTL_MACHDEP		7
#define CTL_USER		8

#define CTL_SYSCTL_NAME		1
#define CTL_SYSCTL_NEXT		2
#define CTL_SYSCTL_NAME2OID	3
#define CTL_SYSCTL_OIDFMT	4
#define CTL_SYSCTL_OIDDESCR	5
#define CTL_SYSCTL_NEXTNOSKIP	7

#define KERN_OSTYPE		1
#define KERN_OSRELEASE		2

/* oidfmt's kind: a type in the low bits, flags in the high ones. */
#define CTLTYPE			0xf
#define CTLTYPE_NODE		1
#define CTLTYPE_INT		2
#define CTLTYPE_STRING		3
#define CTLTYPE_OPAQUE		5
#define CTLTYPE_UINT		6
#define CTLTYPE_U64		9
#define CTLFLAG_RD		0x80000000u
#define CTLFLAG_WR		0x40000000u
#define CTLFLAG_RW		(CTLFLAG_RD | CTLFLAG_WR)

/*
 * net.link.iflist ("S,sysctl_ifentry"): one entry per interface, in
 * interface order; netstat -i.  Addresses are in network byte order; an
 * interface with more than SYSCTL_IF_MAXADDRS addresses shows the first
 * ones (ife_naddrs counts them all).
 */
#define SYSCTL_IFNAMSIZ		16
#define SYSCTL_IF_MAXADDRS	8
struct sysctl_ifentry {
	char		ife_name[SYSCTL_IFNAMSIZ];	/* "vtnet0", NUL-terminated */
	uint32_t	ife_index;
	uint32_t	ife_mtu;
	uint32_t	ife_flags;			/* IFF_UP... (BSD values) */
	uint32_t	ife_naddrs;			/* IPv4 addresses it has */
	uint8_t		ife_lladdr[6];			/* Ethernet address */
	uint8_t		ife_addrlen;			/* of it: 6, or 0 (lo0) */
	uint8_t		ife_pad;
	uint64_t	ife_ipackets, ife_ierrors, ife_iqdrops, ife_ibytes;
	uint64_t	ife_opackets, ife_oerrors, ife_oqdrops, ife_obytes;
	struct {
		uint32_t	addr;			/* the address */
		uint32_t	subnet;			/* its network (masked) */
		uint32_t	plen;			/* prefix length */
	} ife_addrs[SYSCTL_IF_MAXADDRS];
};

/*
 * net.route.table ("S,sysctl_rtentry"): the IPv4 routing table, longest
 * prefix first; netstat -r.  Addresses in network byte order.
 */
struct sysctl_rtentry {
	uint32_t	rte_dst;		/* destination (masked) */
	uint32_t	rte_mask;
	uint32_t	rte_gateway;		/* next hop when RTF_GATEWAY */
	uint32_t	rte_plen;		/* prefix length 0..32 */
	uint32_t	rte_flags;		/* RTF_* (net/route.h, BSD values) */
	uint32_t	rte_ifindex;
	char		rte_ifname[SYSCTL_IFNAMSIZ];
	uint64_t	rte_use;		/* packets that used it */
};

#endif /* SANPO_SYSCTL_H */
