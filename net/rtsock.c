/*
 * Routing socket messages (FreeBSD's rt_msghdr family, <sanpo/route.h>):
 * building announcements and dumps from the stack's state, and carrying
 * out the requests user programs write (route add/delete/change/get).
 * The sockets themselves are the kernel's (kernel/net/rtsock_kern.c).
 */
#include <stdint.h>
#include <string.h>

#include "net/ether_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/route.h"
#include "net/rtsock.h"

#define AF_INET_RT	2	/* AF_INET, as Linux and BSD number it */

void (*rtsock_output)(const void *msg, size_t len);

/*
 * The request being carried out (lock held throughout): its pid and seq
 * go into the announcements it causes, so the writer and `route monitor`
 * recognise them, as FreeBSD's echo of the request.
 */
static int rt_req_pid, rt_req_seq;

/* Stamps an announcement with the request in progress, if any. */
static void
rt_stamp(void *buf)
{
	struct rt_msghdr *rtm = buf;

	rtm->rtm_pid = rt_req_pid;
	rtm->rtm_seq = rt_req_seq;
}

/* A message being built: header first, sockaddrs appended. */
struct rtbuf {
	uint8_t	*p;
	size_t	 len, cap;
	int	 addrs;		/* RTA_* appended so far */
};

static void
rtb_sin(struct rtbuf *b, int rta, struct in_addr a)
{
	struct rt_sockaddr_in sin;
	size_t n = RT_SA_SIZE(AF_INET_RT);

	if (b->len + n > b->cap)
		return;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET_RT;
	sin.sin_addr = a.s_addr;
	memset(b->p + b->len, 0, n);
	memcpy(b->p + b->len, &sin, sizeof(sin));
	b->len += n;
	b->addrs |= rta;
}

/* The interface's type as FreeBSD's if_data and sockaddr_dl name it. */
static uint8_t
rt_if_type(const struct ifnet *ifp)
{
	return ((ifp->if_flags & IFF_LOOPBACK) ? IFT_LOOP : IFT_ETHER);
}

static void
rtb_dl(struct rtbuf *b, int rta, const struct ifnet *ifp, const uint8_t *lla)
{
	struct sockaddr_dl sdl;
	size_t n = RT_SA_SIZE(AF_LINK_SANPO), nlen = strlen(ifp->if_xname);

	if (b->len + n > b->cap)
		return;
	memset(&sdl, 0, sizeof(sdl));
	sdl.sdl_family = AF_LINK_SANPO;
	sdl.sdl_index = (uint16_t)ifp->if_index;
	sdl.sdl_type = rt_if_type(ifp);
	sdl.sdl_nlen = (uint8_t)nlen;
	memcpy(sdl.sdl_data, ifp->if_xname, nlen);
	if (lla != NULL && ifp->if_addrlen == ETHER_ADDR_LEN) {	/* lo0: none */
		sdl.sdl_alen = ETHER_ADDR_LEN;
		memcpy(sdl.sdl_data + nlen, lla, ETHER_ADDR_LEN);
	}
	memset(b->p + b->len, 0, n);
	memcpy(b->p + b->len, &sdl, sizeof(sdl));
	b->len += n;
	b->addrs |= rta;
}

/* A route into buf as message `type`; its length. */
static size_t
rt_build_route(int type, const struct rtentry *rt, void *buf, size_t cap)
{
	struct rtbuf b = { buf, sizeof(struct rt_msghdr), cap, 0 };
	struct rt_msghdr *rtm = buf;

	memset(buf, 0, sizeof(*rtm));
	rtb_sin(&b, RTA_DST, rt->rt_dst);
	if (rt->rt_flags & RTF_GATEWAY)
		rtb_sin(&b, RTA_GATEWAY, rt->rt_gateway);
	else
		rtb_dl(&b, RTA_GATEWAY, rt->rt_ifp, NULL);
	if (!(rt->rt_flags & RTF_HOST))
		rtb_sin(&b, RTA_NETMASK, rt->rt_mask);
	rtb_dl(&b, RTA_IFP, rt->rt_ifp, rt->rt_ifp->if_lladdr);
	rtm->rtm_msglen = (uint16_t)b.len;
	rtm->rtm_version = RTM_VERSION;
	rtm->rtm_type = (uint8_t)type;
	rtm->rtm_index = (uint16_t)rt->rt_ifp->if_index;
	rtm->rtm_flags = (int32_t)rt->rt_flags;
	rtm->rtm_addrs = b.addrs;
	rtm->rtm_rmx.rmx_mtu = rt->rt_ifp->if_mtu;
	rtm->rtm_rmx.rmx_pksent = rt->rt_use;
	return (b.len);
}

static size_t
rt_build_addr(int type, const struct in_ifaddr *ia, void *buf, size_t cap)
{
	struct rtbuf b = { buf, sizeof(struct ifa_msghdr), cap, 0 };
	struct ifa_msghdr *ifam = buf;

	memset(buf, 0, sizeof(*ifam));
	rtb_sin(&b, RTA_NETMASK, ia->ia_netmask);
	rtb_dl(&b, RTA_IFP, ia->ia_ifp, ia->ia_ifp->if_lladdr);
	rtb_sin(&b, RTA_IFA, ia->ia_addr);
	if (ia->ia_ifp->if_flags & IFF_BROADCAST)	/* lo0 has none */
		rtb_sin(&b, RTA_BRD, ia->ia_broadaddr);
	ifam->ifam_msglen = (uint16_t)b.len;
	ifam->ifam_version = RTM_VERSION;
	ifam->ifam_type = (uint8_t)type;
	ifam->ifam_addrs = b.addrs;
	ifam->ifam_flags = RTF_UP;
	ifam->ifam_index = (uint16_t)ia->ia_ifp->if_index;
	return (b.len);
}

static size_t
rt_build_if(const struct ifnet *ifp, void *buf, size_t cap)
{
	struct rtbuf b = { buf, sizeof(struct if_msghdr), cap, 0 };
	struct if_msghdr *ifm = buf;
	struct if_data *d = &ifm->ifm_data;

	memset(buf, 0, sizeof(*ifm));
	rtb_dl(&b, RTA_IFP, ifp, ifp->if_lladdr);
	ifm->ifm_msglen = (uint16_t)b.len;
	ifm->ifm_version = RTM_VERSION;
	ifm->ifm_type = RTM_IFINFO;
	ifm->ifm_addrs = b.addrs;
	ifm->ifm_flags = (int32_t)ifp->if_flags;
	ifm->ifm_index = (uint16_t)ifp->if_index;
	d->ifi_type = rt_if_type(ifp);
	d->ifi_addrlen = ifp->if_addrlen;
	d->ifi_hdrlen = ifp->if_addrlen != 0 ? 14 : 0;	/* Ethernet's, or none */
	d->ifi_link_state = (uint8_t)ifp->if_link_state;
	d->ifi_mtu = ifp->if_mtu;
	d->ifi_baudrate = ifp->if_baudrate;
	d->ifi_ipackets = ifp->if_ipackets;
	d->ifi_ierrors = ifp->if_ierrors;
	d->ifi_opackets = ifp->if_opackets;
	d->ifi_oerrors = ifp->if_oerrors;
	d->ifi_ibytes = ifp->if_ibytes;
	d->ifi_obytes = ifp->if_obytes;
	d->ifi_imcasts = ifp->if_imcasts;
	d->ifi_omcasts = ifp->if_omcasts;
	d->ifi_iqdrops = ifp->if_iqdrops;
	d->ifi_oqdrops = ifp->if_oqdrops;
	return (b.len);
}

static void
rt_announce(const void *msg, size_t len)
{
	if (rtsock_output != NULL && len > 0)
		rtsock_output(msg, len);
}

void
rt_routemsg(int type, const struct rtentry *rt)
{
	uint64_t buf[RTSOCK_MSG_MAX / 8];

	size_t len;

	if (rtsock_output == NULL)
		return;
	len = rt_build_route(type, rt, buf, sizeof(buf));
	rt_stamp(buf);
	((struct rt_msghdr *)buf)->rtm_flags |= RTF_DONE;	/* a change made */
	rt_announce(buf, len);
}

void
rt_addrmsg(int type, const struct in_ifaddr *ia)
{
	uint64_t buf[RTSOCK_MSG_MAX / 8];

	if (rtsock_output != NULL)
		rt_announce(buf, rt_build_addr(type, ia, buf, sizeof(buf)));
}

void
rt_ifmsg(const struct ifnet *ifp)
{
	uint64_t buf[RTSOCK_MSG_MAX / 8];

	if (rtsock_output != NULL)
		rt_announce(buf, rt_build_if(ifp, buf, sizeof(buf)));
}

int
rtsock_request_changes(int type)
{
	return (type == RTM_ADD || type == RTM_DELETE || type == RTM_CHANGE);
}

/* The request's sockaddrs by RTA_ index; EINVAL when they overrun it. */
static int
rt_parse_addrs(const uint8_t *p, size_t len, int addrs,
    const uint8_t *sa[RTAX_MAX])
{
	size_t off = sizeof(struct rt_msghdr);
	int i;

	for (i = 0; i < RTAX_MAX; i++) {
		uint16_t fam;
		size_t n;

		sa[i] = NULL;
		if (!(addrs & (1 << i)))
			continue;
		if (off + 2 > len)
			return (EINVAL);
		memcpy(&fam, p + off, 2);
		n = RT_SA_SIZE(fam);
		if (off + n > len)
			return (EINVAL);
		sa[i] = p + off;
		off += n;
	}
	return (0);
}

/* An AF_INET sockaddr's address; EINVAL for another family. */
static int
rt_sa_in(const uint8_t *sa, struct in_addr *a)
{
	struct rt_sockaddr_in sin;

	memcpy(&sin, sa, sizeof(sin));
	if (sin.sin_family != AF_INET_RT)
		return (EINVAL);
	a->s_addr = sin.sin_addr;
	return (0);
}

/* The mask's prefix length, or -1 when its ones are not contiguous. */
static int
rt_mask_plen(struct in_addr m)
{
	uint32_t h = ntohl(m.s_addr);
	int n;

	for (n = 0; n < 32 && (h & (0x80000000u >> n)) != 0; n++)
		;
	return (n < 32 && (h << n) != 0 ? -1 : n);
}

static struct rtentry *
rt_find_exact(struct in_addr dst, int plen)
{
	struct rtentry *rt;

	for (rt = rt_first(); rt != NULL; rt = rt->rt_next)
		if (rt->rt_plen == plen && rt->rt_dst.s_addr == dst.s_addr)
			return (rt);
	return (NULL);
}

/* The interface an RTA_IFP sockaddr_dl names (by index, else name). */
static struct ifnet *
rt_sa_ifp(const uint8_t *sa)
{
	struct sockaddr_dl sdl;
	struct ifnet *ifp;

	memcpy(&sdl, sa, sizeof(sdl));
	if (sdl.sdl_family != AF_LINK_SANPO)
		return (NULL);
	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next) {
		if (sdl.sdl_index != 0 && ifp->if_index == sdl.sdl_index)
			return (ifp);
		if (sdl.sdl_index == 0 && sdl.sdl_nlen == strlen(ifp->if_xname) &&
		    sdl.sdl_nlen < sizeof(sdl.sdl_data) &&
		    memcmp(sdl.sdl_data, ifp->if_xname, sdl.sdl_nlen) == 0)
			return (ifp);
	}
	return (NULL);
}

int
rtsock_request(const void *req, size_t len, void *reply, size_t *replylen)
{
	const uint8_t *sa[RTAX_MAX];
	struct rt_msghdr rtm;
	struct rt_msghdr *out = reply;
	struct in_addr dst, gw = { 0 }, mask;
	struct ifnet *ifp = NULL;
	struct rtentry *rt;
	int plen, error;

	net_assert_locked();
	*replylen = 0;
	if (len < sizeof(rtm))
		return (EINVAL);
	memcpy(&rtm, req, sizeof(rtm));
	if (rtm.rtm_msglen != len || rtm.rtm_version != RTM_VERSION)
		return (EINVAL);
	/* Echo the request whatever happens next (FreeBSD's reply). */
	*replylen = len < RTSOCK_MSG_MAX ? len : sizeof(rtm);
	memcpy(reply, req, *replylen);
	out->rtm_msglen = (uint16_t)*replylen;
	if ((error = rt_parse_addrs(req, len, rtm.rtm_addrs, sa)) != 0)
		goto done;
	error = EINVAL;
	if (sa[0] == NULL || rt_sa_in(sa[0], &dst) != 0)
		goto done;
	if (rtm.rtm_flags & RTF_HOST || sa[2] == NULL)
		plen = rtm.rtm_type == RTM_GET && sa[2] == NULL &&
		    !(rtm.rtm_flags & RTF_HOST) ? -1 : 32;
	else if (rt_sa_in(sa[2], &mask) != 0 || (plen = rt_mask_plen(mask)) < 0)
		goto done;
	if (sa[1] != NULL && rt_sa_in(sa[1], &gw) == 0)
		rtm.rtm_flags |= RTF_GATEWAY;
	else if (sa[1] != NULL && (ifp = rt_sa_ifp(sa[1])) == NULL)
		goto done;
	if (sa[4] != NULL && (ifp = rt_sa_ifp(sa[4])) == NULL)
		goto done;
	rt_req_pid = rtm.rtm_pid;
	rt_req_seq = rtm.rtm_seq;
	switch (rtm.rtm_type) {
	case RTM_ADD:
		error = rt_add_locked(dst, plen, gw, ifp,
		    ((uint32_t)rtm.rtm_flags & RTF_GATEWAY) | RTF_STATIC);
		rt = NULL;
		break;
	case RTM_DELETE:
		rt = NULL;
		if (rtm.rtm_flags & RTF_LLINFO) {
			/* arp -d: the cache entry, answered to the writer alone. */
			error = arp_delete_locked(dst);
			rt_req_pid = rt_req_seq = 0;
			out->rtm_errno = error;
			if (error == 0)
				out->rtm_flags |= RTF_DONE;
			return (error);
		}
		error = rt_delete_locked(dst, plen);
		break;
	case RTM_CHANGE:
		/* A new gateway: delete and add again, as one change. */
		if ((rt = rt_find_exact(dst, plen)) == NULL) {
			error = ESRCH;
			break;
		}
		if (!(rtm.rtm_flags & RTF_GATEWAY)) {
			error = EINVAL;
			rt = NULL;
			break;
		}
		error = rt_change_gateway_locked(rt, gw);
		break;
	case RTM_GET:
		rt = plen < 0 ? rt_lookup(dst) : rt_find_exact(dst, plen);
		error = rt == NULL ? ESRCH : 0;
		break;
	default:
		error = EOPNOTSUPP;
		rt = NULL;
		break;
	}
	rt_req_pid = rt_req_seq = 0;
	if (error == 0 && rtm.rtm_type != RTM_GET) {
		/* The announcement (stamped with pid and seq) is the reply. */
		*replylen = 0;
		return (0);
	}
	if (rt != NULL && rtm.rtm_type == RTM_GET) {
		/* The answer: the route as found, keeping pid and seq. */
		*replylen = rt_build_route(RTM_GET, rt, reply, RTSOCK_MSG_MAX);
		out->rtm_pid = rtm.rtm_pid;
		out->rtm_seq = rtm.rtm_seq;
	}
done:
	out->rtm_errno = error;
	if (error == 0)
		out->rtm_flags |= RTF_DONE;
	return (error);
}

/* A dump's opening (the request echoed) or closing message. */
static int
rt_dump_mark(int type, int pid, int seq,
    int (*emit)(const void *, size_t, void *), void *arg)
{
	struct rt_msghdr end;

	memset(&end, 0, sizeof(end));
	end.rtm_msglen = sizeof(end);
	end.rtm_version = RTM_VERSION;
	end.rtm_type = (uint8_t)type;
	end.rtm_pid = pid;
	end.rtm_seq = seq;
	return (emit(&end, sizeof(end), arg));
}

struct lldump_ctx {
	int	 pid, seq, error;
	int	(*emit)(const void *, size_t, void *);
	void	*arg;
};

/* One ARP entry as an RTM_GET with RTF_LLINFO (FreeBSD's arp -a source). */
static void
rt_lldump_one(const struct arp_entry_info *e, void *arg)
{
	struct lldump_ctx *c = arg;
	uint64_t buf[RTSOCK_MSG_MAX / 8];
	struct rt_msghdr *rtm = (struct rt_msghdr *)buf;
	struct rtbuf b = { (uint8_t *)buf, sizeof(*rtm), sizeof(buf), 0 };

	if (c->error != 0)
		return;
	memset(rtm, 0, sizeof(*rtm));
	rtb_sin(&b, RTA_DST, e->addr);
	rtb_dl(&b, RTA_GATEWAY, e->ifp, e->state == ARP_RESOLVED ? e->lladdr : NULL);
	rtm->rtm_msglen = (uint16_t)b.len;
	rtm->rtm_version = RTM_VERSION;
	rtm->rtm_type = RTM_GET;
	rtm->rtm_index = (uint16_t)e->ifp->if_index;
	rtm->rtm_flags = RTF_UP | RTF_HOST | RTF_LLINFO;
	rtm->rtm_addrs = b.addrs;
	rtm->rtm_pid = c->pid;
	rtm->rtm_seq = c->seq;
	/* A FAILED entry: the error its sends get (no link address). */
	rtm->rtm_errno = e->state == ARP_FAILED ? EHOSTDOWN : 0;
	rtm->rtm_rmx.rmx_expire = e->expire_ms <= 0 ? 0 :
	    (uint64_t)e->expire_ms / 1000;
	c->error = c->emit(buf, b.len, c->arg);
}

int
rtsock_dump(int type, int index, int pid, int seq,
    int (*emit)(const void *msg, size_t len, void *arg), void *arg)
{
	uint64_t buf[RTSOCK_MSG_MAX / 8];
	struct rt_msghdr *rtm = (struct rt_msghdr *)buf;
	struct rtentry *rt;
	struct ifnet *ifp;
	struct in_ifaddr *ia;
	struct lldump_ctx c;
	size_t len;
	int error;

	net_assert_locked();
	if (type != RTM_SANPO_DUMP && type != RTM_SANPO_IFLIST && type != RTM_SANPO_LLDUMP)
		return (EOPNOTSUPP);
	/*
	 * The request first: interface and address messages carry no pid
	 * and seq, and announcements queued before the dump may look alike.
	 */
	if ((error = rt_dump_mark(type, pid, seq, emit, arg)) != 0)
		return (error);
	switch (type) {
	case RTM_SANPO_DUMP:
		for (rt = rt_first(); rt != NULL; rt = rt->rt_next) {
			len = rt_build_route(RTM_GET, rt, buf, sizeof(buf));
			rtm->rtm_pid = pid;
			rtm->rtm_seq = seq;
			if ((error = emit(buf, len, arg)) != 0)
				return (error);
		}
		break;
	case RTM_SANPO_IFLIST:
		for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next) {
			if (index != 0 && ifp->if_index != (uint32_t)index)
				continue;
			len = rt_build_if(ifp, buf, sizeof(buf));
			if ((error = emit(buf, len, arg)) != 0)
				return (error);
			for (ia = in_ifaddr_first(ifp); ia != NULL; ia = ia->ia_next) {
				len = rt_build_addr(RTM_NEWADDR, ia, buf, sizeof(buf));
				if ((error = emit(buf, len, arg)) != 0)
					return (error);
			}
		}
		break;
	case RTM_SANPO_LLDUMP:
		c.pid = pid;
		c.seq = seq;
		c.emit = emit;
		c.arg = arg;
		c.error = 0;
		arp_foreach_locked(rt_lldump_one, &c);
		if (c.error != 0)
			return (c.error);
		break;
	default:
		return (EOPNOTSUPP);
	}
	return (rt_dump_mark(RTM_SANPO_END, pid, seq, emit, arg));
}
