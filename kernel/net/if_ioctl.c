/*
 * Interface and route ioctls (Linux's SIOC* numbers and its struct
 * ifreq, ifconf and rtentry layouts), over the stack's configuration
 * entry points, plus Sanpo's SIOCAIFADDR/SIOCDIFADDR (FreeBSD's alias
 * ioctls, <sanpo/route.h>) that Linux's ioctls cannot express.
 *
 * Linux semantics kept where programs rely on them: SIOCSIFADDR replaces
 * the first address with a classful prefix (busybox then sets the mask
 * with SIOCSIFNETMASK), 0.0.0.0 removes it; SIOCGIFCONF lists one entry
 * per IPv4 address; reads are open to everyone, changes need
 * CAP_NET_ADMIN in the initial user namespace (checked before the
 * interface is looked up, as Linux's dev_ioctl and devinet_ioctl do).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/socketvar.h>
#include <sys/ucred.h>
#include <sanpo/route.h>

#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/net_platform.h"
#include "net/route.h"
#include "net/rtsock.h"
#include <net/net_kern.h>

/* Linux's numbers (include/uapi/linux/sockios.h). */
#define SIOCADDRT	0x890B
#define SIOCDELRT	0x890C
#define SIOCGIFNAME	0x8910
#define SIOCGIFCONF	0x8912
#define SIOCGIFFLAGS	0x8913
#define SIOCSIFFLAGS	0x8914
#define SIOCGIFADDR	0x8915
#define SIOCSIFADDR	0x8916
#define SIOCGIFDSTADDR	0x8917
#define SIOCGIFBRDADDR	0x8919
#define SIOCSIFBRDADDR	0x891a
#define SIOCGIFNETMASK	0x891b
#define SIOCSIFNETMASK	0x891c
#define SIOCGIFMETRIC	0x891d
#define SIOCGIFMTU	0x8921
#define SIOCSIFMTU	0x8922
#define SIOCGIFHWADDR	0x8927
#define SIOCGIFINDEX	0x8933
#define SIOCGIFCOUNT	0x8938
#define SIOCGIFTXQLEN	0x8942
#define SIOCGIFMAP	0x8970

/* Linux's interface flags (SIOCGIFFLAGS is Linux-numbered). */
#define LINUX_IFF_UP		0x1
#define LINUX_IFF_BROADCAST	0x2
#define LINUX_IFF_LOOPBACK	0x8
#define LINUX_IFF_RUNNING	0x40
#define LINUX_IFF_PROMISC	0x100
#define LINUX_IFF_MULTICAST	0x1000

#define LINUX_AF_INET		2
#define LINUX_ARPHRD_ETHER	1
#define LINUX_ARPHRD_LOOPBACK	772	/* busybox: "Link encap:Local Loopback" */
#define LINUX_RTF_GATEWAY	0x2
#define LINUX_RTF_HOST		0x4

#define ETHERMTU_MIN	68	/* the IPv4 minimum (RFC 791) */
#define ETHERMTU	1500	/* Sanpo's drivers size their buffers for it */

struct linux_sockaddr {
	uint16_t	sa_family;
	uint8_t		sa_data[14];
};

struct linux_sockaddr_in {
	uint16_t	sin_family;
	uint16_t	sin_port;
	uint32_t	sin_addr;
	uint8_t		sin_zero[8];
};

/* struct ifreq: the name, then a 24-byte union. */
struct linux_ifreq {
	char	ifr_name[IFNAMSIZ];
	union {
		struct linux_sockaddr	ifru_addr;
		int16_t			ifru_flags;
		int32_t			ifru_ivalue;	/* mtu, index, metric, qlen */
		uint8_t			ifru_map[24];
		uint64_t		ifru_data;
	} ifr_ifru;
};
_Static_assert(sizeof(struct linux_ifreq) == 40, "Linux's struct ifreq");

struct linux_ifconf {
	int32_t		ifc_len;
	int32_t		_pad;
	uint64_t	ifc_buf;	/* user pointer, may be 0 */
};
_Static_assert(sizeof(struct linux_ifconf) == 16, "Linux's struct ifconf");

struct linux_rtentry {
	uint64_t		rt_pad1;
	struct linux_sockaddr	rt_dst;
	struct linux_sockaddr	rt_gateway;
	struct linux_sockaddr	rt_genmask;
	uint16_t		rt_flags;
	int16_t			rt_pad2;
	uint64_t		rt_pad3;
	uint64_t		rt_pad4;
	int16_t			rt_metric;
	uint64_t		rt_dev;		/* user pointer to a name, or 0 */
	uint64_t		rt_mtu, rt_window;
	uint16_t		rt_irtt;
};
_Static_assert(sizeof(struct linux_rtentry) == 120, "Linux's struct rtentry");
_Static_assert(__builtin_offsetof(struct linux_rtentry, rt_flags) == 56, "rt_flags");
_Static_assert(__builtin_offsetof(struct linux_rtentry, rt_dev) == 88, "rt_dev");
_Static_assert(sizeof(struct in_aliasreq) == 68, "FreeBSD's in_aliasreq");

/* Whether cmd is one of the interface ioctls (else ENOIOCTL: not ours). */
static int
ifioctl_is_if_cmd(unsigned long cmd)
{
	if (cmd == SIOCAIFADDR_SANPO || cmd == SIOCDIFADDR_SANPO)
		return (1);
	return (cmd >= SIOCADDRT && cmd <= SIOCGIFMAP);	/* Linux's device ioctls */
}

static uint32_t
flags_to_linux(uint32_t f)
{
	uint32_t l = 0;

	if (f & IFF_UP)
		l |= LINUX_IFF_UP;
	if (f & IFF_BROADCAST)
		l |= LINUX_IFF_BROADCAST;
	if (f & IFF_LOOPBACK)
		l |= LINUX_IFF_LOOPBACK;
	if (f & IFF_RUNNING)
		l |= LINUX_IFF_RUNNING;
	if (f & IFF_PROMISC)
		l |= LINUX_IFF_PROMISC;
	if (f & IFF_MULTICAST)
		l |= LINUX_IFF_MULTICAST;
	return (l);
}

static void
sin_set(struct linux_sockaddr *sa, struct in_addr a)
{
	struct linux_sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = LINUX_AF_INET;
	sin.sin_addr = a.s_addr;
	memcpy(sa, &sin, sizeof(sin));
}

/* The address of an AF_INET sockaddr; EINVAL for another family. */
static int
sin_get(const void *sa, struct in_addr *a)
{
	struct linux_sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	if (sin.sin_family != LINUX_AF_INET)
		return (EINVAL);
	a->s_addr = sin.sin_addr;
	return (0);
}

/* Prefix length of a contiguous mask, or -1. */
static int
mask_plen(struct in_addr m)
{
	uint32_t h = ntohl(m.s_addr);
	int n;

	for (n = 0; n < 32 && (h & (0x80000000u >> n)) != 0; n++)
		;
	return (n < 32 && (h << n) != 0 ? -1 : n);
}

/* The classful length Linux's SIOCSIFADDR gives a new address. */
static int
classful_plen(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24);
}

/* IPv4 addresses on all interfaces (lock held). */
static int
ifconf_count(void)
{
	struct ifnet *ifp;
	struct in_ifaddr *ia;
	int n = 0;

	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		for (ia = in_ifaddr_first(ifp); ia != NULL; ia = ia->ia_next)
			n++;
	return (n);
}

/*
 * SIOCGIFCONF: one ifreq per IPv4 address (as many as fit, Linux does not
 * fail a short buffer), or with a NULL buffer the bytes needed.  The
 * entries are gathered under the net lock into a kernel copy first: the
 * copy out may fault and sleep, which the lock forbids.
 */
static int
ifconf(uintptr_t arg)
{
	struct linux_ifconf ifc;
	struct linux_ifreq *list;
	struct ifnet *ifp;
	struct in_ifaddr *ia;
	int n, max, error;

	if ((error = copyin((void *)arg, &ifc, sizeof(ifc))) != 0)
		return (error);
	net_lock();
	n = ifconf_count();
	net_unlock();
	if (ifc.ifc_buf == 0) {
		ifc.ifc_len = n * (int32_t)sizeof(*list);
		return (copyout(&ifc, (void *)arg, sizeof(ifc)));
	}
	max = ifc.ifc_len < 0 ? 0 : ifc.ifc_len / (int)sizeof(*list);
	if (max > n + 8)
		max = n + 8;	/* addresses added meanwhile: room for a few */
	list = malloc(sizeof(*list) * (size_t)(max + 1), M_NET, M_WAITOK | M_ZERO);
	n = 0;
	net_lock();
	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		for (ia = in_ifaddr_first(ifp); ia != NULL && n < max; ia = ia->ia_next) {
			strlcpy(list[n].ifr_name, ifp->if_xname, sizeof(list[n].ifr_name));
			sin_set(&list[n].ifr_ifru.ifru_addr, ia->ia_addr);
			n++;
		}
	net_unlock();
	error = copyout(list, (void *)(uintptr_t)ifc.ifc_buf, sizeof(*list) * (size_t)n);
	free(list, M_NET);
	if (error != 0)
		return (error);
	ifc.ifc_len = n * (int32_t)sizeof(*list);
	return (copyout(&ifc, (void *)arg, sizeof(ifc)));
}

/* The first IPv4 address of ifp into *a (and its mask, broadcast); lock taken. */
static int
if_first_addr(struct ifnet *ifp, struct in_addr *a, struct in_addr *mask,
    struct in_addr *brd)
{
	struct in_ifaddr *ia;
	int error = EADDRNOTAVAIL;

	net_lock();
	if ((ia = in_ifaddr_first(ifp)) != NULL) {
		if (a != NULL)
			*a = ia->ia_addr;
		if (mask != NULL)
			*mask = ia->ia_netmask;
		if (brd != NULL)
			*brd = ia->ia_broadaddr;
		error = 0;
	}
	net_unlock();
	return (error);
}

/* SIOCSIFADDR: Linux's replacement of the first address (0.0.0.0: removal). */
static int
if_set_addr(struct ifnet *ifp, struct in_addr a)
{
	struct in_addr old;
	int error;

	if (if_first_addr(ifp, &old, NULL, NULL) == 0) {
		if (old.s_addr == a.s_addr)
			return (0);
		(void)in_addr_delete(ifp, old);
	}
	if (a.s_addr == 0)
		return (0);
	error = in_addr_add(ifp, a, classful_plen(a));
	return (error == EEXIST ? EADDRINUSE : error);
}

/* SIOCSIFNETMASK: the first address again with the new prefix. */
static int
if_set_netmask(struct ifnet *ifp, struct in_addr mask)
{
	struct in_addr a, old;
	int plen;

	if ((plen = mask_plen(mask)) < 0)
		return (EINVAL);
	if (if_first_addr(ifp, &a, &old, NULL) != 0)
		return (EADDRNOTAVAIL);
	if (old.s_addr == mask.s_addr)
		return (0);
	(void)in_addr_delete(ifp, a);
	return (in_addr_add(ifp, a, plen));
}

static int
if_set_brdaddr(struct ifnet *ifp, struct in_addr brd)
{
	struct in_ifaddr *ia;
	int error = EADDRNOTAVAIL;

	net_lock();
	if ((ia = in_ifaddr_first(ifp)) != NULL) {
		ia->ia_broadaddr = brd;
		error = 0;
	}
	net_unlock();
	return (error);
}

static int
if_set_flags(struct ifnet *ifp, int16_t lflags)
{
	int up = (lflags & LINUX_IFF_UP) != 0;

	/* Only the administrative state is ours to change; the rest is the driver's. */
	if (up && !(ifp->if_flags & IFF_UP))
		if_up(ifp);
	else if (!up && (ifp->if_flags & IFF_UP))
		if_down(ifp);
	return (0);
}

static int
if_set_mtu(struct ifnet *ifp, int32_t mtu)
{
	/* lo0 has no buffers to size: up to its FreeBSD default. */
	if (mtu < ETHERMTU_MIN ||
	    mtu > ((ifp->if_flags & IFF_LOOPBACK) ? LOMTU : ETHERMTU))
		return (EINVAL);
	net_lock();
	if (ifp->if_mtu != (uint32_t)mtu) {
		ifp->if_mtu = (uint32_t)mtu;
		rt_ifmsg(ifp);
	}
	net_unlock();
	return (0);
}

/* The interface of index idx, or NULL. */
static struct ifnet *
if_byindex(int32_t idx)
{
	struct ifnet *ifp;

	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		if (idx > 0 && ifp->if_index == (uint32_t)idx)
			return (ifp);
	return (NULL);
}

/* Whether cmd changes state (CAP_NET_ADMIN). */
static int
if_cmd_sets(unsigned long cmd)
{
	switch (cmd) {
	case SIOCADDRT: case SIOCDELRT: case SIOCSIFFLAGS: case SIOCSIFADDR:
	case SIOCSIFBRDADDR: case SIOCSIFNETMASK: case SIOCSIFMTU:
	case SIOCAIFADDR_SANPO: case SIOCDIFADDR_SANPO:
		return (1);
	}
	return (0);
}

/* SIOCADDRT/SIOCDELRT with Linux's checks (rtentry_to_fib_config). */
static int
if_route(unsigned long cmd, uintptr_t arg)
{
	struct linux_rtentry rt;
	struct in_addr dst, gw = { 0 }, mask = { 0 };
	struct ifnet *ifp = NULL;
	char dev[IFNAMSIZ];
	int plen, error;

	if ((error = copyin((void *)arg, &rt, sizeof(rt))) != 0)
		return (error);
	if (sin_get(&rt.rt_dst, &dst) != 0)
		return (EAFNOSUPPORT);
	if (rt.rt_flags & LINUX_RTF_HOST) {
		plen = 32;
	} else {
		if (rt.rt_genmask.sa_family != 0 && sin_get(&rt.rt_genmask, &mask) != 0)
			return (EAFNOSUPPORT);
		if (rt.rt_genmask.sa_family != 0)
			(void)sin_get(&rt.rt_genmask, &mask);
		if ((plen = mask_plen(mask)) < 0 || (dst.s_addr & ~mask.s_addr) != 0)
			return (EINVAL);
	}
	if (rt.rt_dev != 0) {
		error = copyinstr((void *)(uintptr_t)rt.rt_dev, dev, sizeof(dev), NULL);
		if (error != 0)
			return (error == ENAMETOOLONG ? ENODEV : error);
		if ((ifp = ifunit(dev)) == NULL)
			return (ENODEV);
	}
	if (rt.rt_gateway.sa_family == LINUX_AF_INET)
		(void)sin_get(&rt.rt_gateway, &gw);
	if (cmd == SIOCDELRT)
		return (route_delete(dst, plen));
	if ((rt.rt_flags & LINUX_RTF_GATEWAY) && gw.s_addr == 0)
		return (EINVAL);
	return (route_add(dst, plen, gw, ifp, gw.s_addr != 0 ? RTF_GATEWAY : 0));
}

/* SIOCAIFADDR (Sanpo, FreeBSD's): add or re-mask one address, keep the others. */
static int
if_alias_add(uintptr_t arg)
{
	struct in_aliasreq ifra;
	struct in_addr a, mask, brd = { 0 };
	struct in_ifaddr *ia;
	struct ifnet *ifp;
	int plen, error;

	if ((error = copyin((void *)arg, &ifra, sizeof(ifra))) != 0)
		return (error);
	ifra.ifra_name[sizeof(ifra.ifra_name) - 1] = '\0';
	if ((ifp = ifunit(ifra.ifra_name)) == NULL)
		return (ENXIO);
	if (sin_get(&ifra.ifra_addr, &a) != 0)
		return (EAFNOSUPPORT);
	if (ifra.ifra_mask.sin_family == 0)
		plen = classful_plen(a);
	else if (sin_get(&ifra.ifra_mask, &mask) != 0 || (plen = mask_plen(mask)) < 0)
		return (EINVAL);
	if (ifra.ifra_broadaddr.sin_family != 0 &&
	    sin_get(&ifra.ifra_broadaddr, &brd) != 0)
		return (EINVAL);
	net_lock();
	ia = in_ifaddr_lookup(a);
	error = ia == NULL ? 0 : ia->ia_ifp != ifp ? EEXIST : -1;
	net_unlock();
	if (error > 0)
		return (error);
	if (error < 0)
		(void)in_addr_delete(ifp, a);	/* ours already: a new mask */
	if ((error = in_addr_add(ifp, a, plen)) != 0)
		return (error);
	if (brd.s_addr != 0) {
		net_lock();
		if ((ia = in_ifaddr_lookup(a)) != NULL)
			ia->ia_broadaddr = brd;
		net_unlock();
	}
	return (0);
}

/*
 * The socket layer's fallback for ioctls no protocol took (declared in
 * sys/socketvar.h), whatever the socket: busybox ifconfig and route open
 * an AF_INET datagram socket only to have somewhere to issue these.
 */
int
ifioctl(struct socket *so, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	struct linux_ifreq ifr;
	struct ifnet *ifp;
	struct in_addr a, mask, brd;
	int error;

	(void)so;
	if (!ifioctl_is_if_cmd(cmd))
		return (ENOIOCTL);
	if (if_cmd_sets(cmd) &&
	    (error = priv_check_cred(td->td_ucred, CAP_NET_ADMIN)) != 0)
		return (error);
	switch (cmd) {
	case SIOCGIFCONF:
		return (ifconf(arg));
	case SIOCADDRT:
	case SIOCDELRT:
		return (if_route(cmd, arg));
	case SIOCAIFADDR_SANPO:
		return (if_alias_add(arg));
	case SIOCGIFCOUNT:
		return (ENOTTY);	/* Linux has the number but no handler either */
	}
	if ((error = copyin((void *)arg, &ifr, sizeof(ifr))) != 0)
		return (error);
	ifr.ifr_name[sizeof(ifr.ifr_name) - 1] = '\0';
	if (cmd == SIOCGIFNAME) {
		if ((ifp = if_byindex(ifr.ifr_ifru.ifru_ivalue)) == NULL)
			return (ENODEV);
		strlcpy(ifr.ifr_name, ifp->if_xname, sizeof(ifr.ifr_name));
		return (copyout(&ifr, (void *)arg, sizeof(ifr)));
	}
	if ((ifp = ifunit(ifr.ifr_name)) == NULL)
		return (ENODEV);
	switch (cmd) {
	case SIOCGIFFLAGS:
		ifr.ifr_ifru.ifru_flags = (int16_t)flags_to_linux(ifp->if_flags);
		break;
	case SIOCSIFFLAGS:
		return (if_set_flags(ifp, ifr.ifr_ifru.ifru_flags));
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
		if ((error = if_first_addr(ifp, &a, &mask, &brd)) != 0)
			return (error);
		sin_set(&ifr.ifr_ifru.ifru_addr, cmd == SIOCGIFNETMASK ? mask :
		    cmd == SIOCGIFBRDADDR ? brd : a);
		break;
	case SIOCSIFADDR:
	case SIOCSIFNETMASK:
	case SIOCSIFBRDADDR:
		if (sin_get(&ifr.ifr_ifru.ifru_addr, &a) != 0)
			return (EINVAL);
		if (cmd == SIOCSIFADDR)
			return (if_set_addr(ifp, a));
		return (cmd == SIOCSIFNETMASK ? if_set_netmask(ifp, a) :
		    if_set_brdaddr(ifp, a));
	case SIOCDIFADDR_SANPO:
		if (sin_get(&ifr.ifr_ifru.ifru_addr, &a) != 0)
			return (EAFNOSUPPORT);
		if (a.s_addr == 0 && if_first_addr(ifp, &a, NULL, NULL) != 0)
			return (EADDRNOTAVAIL);
		return (in_addr_delete(ifp, a) == 0 ? 0 : EADDRNOTAVAIL);
	case SIOCGIFMTU:
		ifr.ifr_ifru.ifru_ivalue = (int32_t)ifp->if_mtu;
		break;
	case SIOCSIFMTU:
		return (if_set_mtu(ifp, ifr.ifr_ifru.ifru_ivalue));
	case SIOCGIFHWADDR:
		memset(&ifr.ifr_ifru, 0, sizeof(ifr.ifr_ifru));
		/* lo0 has no address: Linux's lo gives zeros too. */
		ifr.ifr_ifru.ifru_addr.sa_family = ifp->if_addrlen != 0 ?
		    LINUX_ARPHRD_ETHER : LINUX_ARPHRD_LOOPBACK;
		memcpy(ifr.ifr_ifru.ifru_addr.sa_data, ifp->if_lladdr, ifp->if_addrlen);
		break;
	case SIOCGIFINDEX:
		ifr.ifr_ifru.ifru_ivalue = (int32_t)ifp->if_index;
		break;
	case SIOCGIFMETRIC:
		ifr.ifr_ifru.ifru_ivalue = 0;
		break;
	case SIOCGIFTXQLEN:
		ifr.ifr_ifru.ifru_ivalue = 1000;	/* Linux's Ethernet default */
		break;
	case SIOCGIFMAP:
		memset(&ifr.ifr_ifru, 0, sizeof(ifr.ifr_ifru));
		break;
	default:
		return (ENOIOCTL);
	}
	return (copyout(&ifr, (void *)arg, sizeof(ifr)));
}
