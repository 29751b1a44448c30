/*
 * ARP (RFC 826) for IPv4 over Ethernet: the cache, resolution with held
 * packets, replies to requests for our addresses, gratuitous ARP, and the
 * timeouts driven by the slow timer.  See net/if_ether.h for the entry
 * life cycle.  Everything here runs with the net lock held, except the
 * accessors for the shell (arp_foreach, arp_print_all, arp_delete).
 */
#include <stdint.h>
#include <string.h>

#include "net/ether_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"

int arpt_keep = 1200;
int arpt_down = 20;
int arp_maxtries = 5;
int arp_maxhold = 16;
int arp_maxentries = 512;

#define ARP_RETRY_MS	1000	/* between requests for an incomplete entry */

struct arpstat arpstat;

/* A cache entry (FreeBSD's llentry, IPv4 only). */
struct llentry {
	struct llentry	*la_next;		/* the cache list */
	struct ifnet	*la_ifp;		/* interface it lives on */
	struct in_addr	 la_addr;		/* IPv4 address */
	uint8_t		 la_lladdr[ETHER_ADDR_LEN];	/* MAC when resolved */
	int		 la_state;		/* ARP_* */
	int		 la_asked;		/* requests sent */
	uint64_t	 la_expire;		/* uptime ms: expiry or next retry */
	struct mbuf	*la_hold;		/* held packets, m_nextpkt linked */
	int		 la_numheld;		/* packets in la_hold */
	uint64_t	 la_created;		/* uptime ms it was made */
	uint64_t	 la_used;		/* uptime ms we last sent through it, 0: never */
};

static struct llentry *arp_cache;	/* all entries */
static int arp_nentries;		/* length of arp_cache */
static uint64_t arp_dup_logged;		/* uptime of the last duplicate-IP message */

#define ARP_DUPLOG_MS	10000	/* at most one duplicate-IP message per 10 s */

static struct llentry *
arp_lookup(const struct ifnet *ifp, struct in_addr addr)
{
	struct llentry *la;

	for (la = arp_cache; la != NULL; la = la->la_next)
		if (la->la_ifp == ifp && la->la_addr.s_addr == addr.s_addr)
			return (la);
	return (NULL);
}

/* Drop every held packet of la, counting them. */
static void
arp_drop_held(struct llentry *la)
{
	struct mbuf *m, *next;

	for (m = la->la_hold; m != NULL; m = next) {
		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		m_freem(m);
		arpstat.dropped++;
	}
	la->la_hold = NULL;
	la->la_numheld = 0;
}

/* Unlink and free the entry at *pp. */
static void
arp_destroy(struct llentry **pp)
{
	struct llentry *la = *pp;

	*pp = la->la_next;
	arp_drop_held(la);
	net_free(la);
	arp_nentries--;
}

/*
 * Eviction order when the cache is full: entries that are not resolved
 * (incomplete or failed) first, then resolved ones we never sent through
 * (learned from someone's request), then the least recently used; the
 * oldest first within each.  A flood of strangers' requests thus pushes
 * out strangers before the peers we talk to, and never locks anyone out.
 */
static int
arp_evicts_before(const struct llentry *a, const struct llentry *b)
{
	int ca = a->la_state != ARP_RESOLVED ? 0 : a->la_used == 0 ? 1 : 2;
	int cb = b->la_state != ARP_RESOLVED ? 0 : b->la_used == 0 ? 1 : 2;
	uint64_t ta = ca == 2 ? a->la_used : a->la_created;
	uint64_t tb = cb == 2 ? b->la_used : b->la_created;

	return (ca != cb ? ca < cb : net_ms_diff(tb, ta) > 0);
}

static void
arp_evict_one(void)
{
	struct llentry **pp, **victim = NULL;

	for (pp = &arp_cache; *pp != NULL; pp = &(*pp)->la_next)
		if (victim == NULL || arp_evicts_before(*pp, *victim))
			victim = pp;
	if (victim != NULL) {
		arpstat.evicted++;
		arp_destroy(victim);
	}
}

static struct llentry *
arp_create(struct ifnet *ifp, struct in_addr addr)
{
	struct llentry *la;

	while (arp_nentries >= arp_maxentries && arp_cache != NULL)
		arp_evict_one();
	la = arp_maxentries > 0 ? net_malloc(sizeof(*la)) : NULL;
	if (la == NULL) {
		arpstat.cachefull++;
		return (NULL);
	}
	la->la_ifp = ifp;
	la->la_addr = addr;
	la->la_state = ARP_INCOMPLETE;
	la->la_created = net_uptime_ms();
	la->la_next = arp_cache;
	arp_cache = la;
	arp_nentries++;
	return (la);
}

int
arp_count(void)
{
	return (arp_nentries);
}

int
arp_request(struct ifnet *ifp, struct in_addr sip, struct in_addr tip)
{
	struct ether_arp *ea;
	struct mbuf *m;

	m = m_gethdr(M_NOWAIT, MT_DATA);
	if (m == NULL)
		return (ENOBUFS);
	/* Leave room in front for the Ethernet header. */
	m->m_data += 32;
	m->m_len = m->m_pkthdr.len = sizeof(*ea);
	ea = mtod(m, struct ether_arp *);
	memset(ea, 0, sizeof(*ea));
	ea->ar_hrd = htons(ARPHRD_ETHER);
	ea->ar_pro = htons(ETHERTYPE_IP);
	ea->ar_hln = ETHER_ADDR_LEN;
	ea->ar_pln = 4;
	ea->ar_op = htons(ARPOP_REQUEST);
	memcpy(ea->arp_sha, ifp->if_lladdr, ETHER_ADDR_LEN);
	memcpy(ea->arp_spa, &sip, 4);
	memcpy(ea->arp_tpa, &tip, 4);
	arpstat.txrequests++;
	return (ether_output_frame(ifp, m, etherbroadcastaddr, ETHERTYPE_ARP));
}

void
arp_ifinit(struct ifnet *ifp, struct in_addr addr)
{
	if (ifp->if_addrlen == 0)
		return;		/* no link layer (lo0): nobody to tell */
	(void)arp_request(ifp, addr, addr);
}

/* Hold m on the incomplete entry la, dropping the oldest beyond the cap. */
static void
arp_hold(struct llentry *la, struct mbuf *m)
{
	struct mbuf **pp;

	m->m_nextpkt = NULL;
	for (pp = &la->la_hold; *pp != NULL; pp = &(*pp)->m_nextpkt)
		;
	*pp = m;
	la->la_numheld++;
	while (la->la_numheld > arp_maxhold && la->la_hold != NULL) {
		struct mbuf *old = la->la_hold;

		la->la_hold = old->m_nextpkt;
		old->m_nextpkt = NULL;
		m_freem(old);
		la->la_numheld--;
		arpstat.dropped++;
	}
}

int
arpresolve(struct ifnet *ifp, struct in_addr nexthop, struct mbuf *m,
    uint8_t desten[ETHER_ADDR_LEN])
{
	struct llentry *la;
	struct in_addr src;
	uint64_t now = net_uptime_ms();

	net_assert_locked();
	if (in_broadcast(nexthop, ifp)) {
		memcpy(desten, etherbroadcastaddr, ETHER_ADDR_LEN);
		return (0);
	}
	la = arp_lookup(ifp, nexthop);
	if (la != NULL && la->la_state == ARP_RESOLVED &&
	    net_ms_diff(la->la_expire, now) > 0) {
		memcpy(desten, la->la_lladdr, ETHER_ADDR_LEN);
		la->la_used = now ? now : 1;
		return (0);
	}
	if (la != NULL && la->la_state == ARP_FAILED) {
		m_freem(m);
		arpstat.dropped++;
		return (EHOSTDOWN);
	}
	if (la == NULL && (la = arp_create(ifp, nexthop)) == NULL) {
		m_freem(m);
		arpstat.dropped++;
		return (ENOBUFS);
	}
	if (la->la_state == ARP_RESOLVED) {
		/* Expired between timer ticks: resolve again. */
		la->la_state = ARP_INCOMPLETE;
		la->la_asked = 0;
	}
	la->la_used = now ? now : 1;
	arp_hold(la, m);
	if (la->la_asked == 0) {
		la->la_asked = 1;
		la->la_expire = now + ARP_RETRY_MS;
		if (in_ifaddr_source(ifp, nexthop, &src) == 0)
			(void)arp_request(ifp, src, nexthop);
	}
	return (EWOULDBLOCK);
}

/* la is resolved to lladdr: mark it and send what it held. */
static void
arp_resolved(struct llentry *la, const uint8_t *lladdr)
{
	struct mbuf *m, *next;

	memcpy(la->la_lladdr, lladdr, ETHER_ADDR_LEN);
	la->la_state = ARP_RESOLVED;
	la->la_asked = 0;
	la->la_expire = net_uptime_ms() + (uint64_t)arpt_keep * 1000;
	m = la->la_hold;
	la->la_hold = NULL;
	la->la_numheld = 0;
	for (; m != NULL; m = next) {
		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		(void)ether_output_frame(la->la_ifp, m, la->la_lladdr,
		    ETHERTYPE_IP);
	}
}

/* Whether the ARP header is one we handle (Ethernet/IPv4, known op). */
static int
arp_valid(const struct ether_arp *ea)
{
	uint16_t op = ntohs(ea->ar_op);

	return (ntohs(ea->ar_hrd) == ARPHRD_ETHER &&
	    ntohs(ea->ar_pro) == ETHERTYPE_IP && ea->ar_hln == ETHER_ADDR_LEN &&
	    ea->ar_pln == 4 && (op == ARPOP_REQUEST || op == ARPOP_REPLY));
}

/* Answer a request for our address `ours`, reusing m. */
static void
arp_reply(struct ifnet *ifp, struct mbuf *m, struct in_addr ours)
{
	struct ether_arp *ea = mtod(m, struct ether_arp *);
	uint8_t dst[ETHER_ADDR_LEN];

	memcpy(dst, ea->arp_sha, ETHER_ADDR_LEN);
	memcpy(ea->arp_tha, ea->arp_sha, ETHER_ADDR_LEN);
	memcpy(ea->arp_tpa, ea->arp_spa, 4);
	memcpy(ea->arp_sha, ifp->if_lladdr, ETHER_ADDR_LEN);
	memcpy(ea->arp_spa, &ours, 4);
	ea->ar_op = htons(ARPOP_REPLY);
	m_adj(m, -(m->m_pkthdr.len - (int)sizeof(*ea)));	/* drop padding */
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	arpstat.txreplies++;
	(void)ether_output_frame(ifp, m, dst, ETHERTYPE_ARP);
}

/* Whether a is one of ifp's addresses. */
static int
arp_is_ours(const struct ifnet *ifp, struct in_addr a)
{
	struct in_ifaddr *ia;

	for (ia = in_ifaddr_first(ifp); ia != NULL; ia = ia->ia_next)
		if (ia->ia_addr.s_addr == a.s_addr)
			return (1);
	return (0);
}

void
arp_input(struct mbuf *m)
{
	struct ifnet *ifp = m->m_pkthdr.rcvif;
	struct ether_arp *ea;
	struct llentry *la;
	struct in_addr isaddr, itaddr;
	int forus, op;

	net_assert_locked();
	arpstat.received++;
	if (m->m_pkthdr.len < (int)sizeof(*ea) ||
	    (m = m_pullup(m, sizeof(*ea))) == NULL) {
		arpstat.badpkt++;
		goto drop;
	}
	ea = mtod(m, struct ether_arp *);
	if (!arp_valid(ea) || ETHER_IS_MULTICAST(ea->arp_sha)) {
		arpstat.badpkt++;
		goto drop;
	}
	op = ntohs(ea->ar_op);
	if (op == ARPOP_REQUEST)
		arpstat.rxrequests++;
	else
		arpstat.rxreplies++;
	memcpy(&isaddr, ea->arp_spa, 4);
	memcpy(&itaddr, ea->arp_tpa, 4);
	if (memcmp(ea->arp_sha, ifp->if_lladdr, ETHER_ADDR_LEN) == 0)
		goto drop;	/* our own, looped back */
	if (isaddr.s_addr != 0 && arp_is_ours(ifp, isaddr)) {
		char mac[18];

		arpstat.dupips++;
		/* Counted every time, logged rarely: a flood must not flood the console. */
		if (arp_dup_logged == 0 ||
		    net_ms_diff(net_uptime_ms(), arp_dup_logged) >= ARP_DUPLOG_MS) {
			arp_dup_logged = net_uptime_ms();
			net_log("arp: %s is using my IP address on %s!\n",
			    ether_sprintf_r(ea->arp_sha, mac), ifp->if_xname);
		}
		goto drop;
	}
	forus = arp_is_ours(ifp, itaddr);
	la = isaddr.s_addr != 0 ? arp_lookup(ifp, isaddr) : NULL;
	/*
	 * RFC 826 merge: a request for us makes an entry for its sender --
	 * only one we could send to directly.  Anyone else on the wire can
	 * write any sender address, and entries for off-link ones would only
	 * take the room of real neighbours.  (The request is still answered.)
	 */
	if (la == NULL && forus && isaddr.s_addr != 0) {
		if (in_onlink(isaddr, ifp))
			la = arp_create(ifp, isaddr);
		else
			arpstat.offlink++;
	}
	if (la != NULL)
		arp_resolved(la, ea->arp_sha);
	if (!forus)
		arpstat.notours++;
	if (forus && op == ARPOP_REQUEST) {
		arp_reply(ifp, m, itaddr);
		return;
	}
drop:
	m_freem(m);
}

void
arp_slowtimo(void)
{
	struct llentry **pp = &arp_cache, *la;
	uint64_t now = net_uptime_ms();
	struct in_addr src;

	while ((la = *pp) != NULL) {
		if (net_ms_diff(la->la_expire, now) > 0) {
			pp = &la->la_next;
			continue;
		}
		switch (la->la_state) {
		case ARP_INCOMPLETE:
			if (la->la_asked >= arp_maxtries) {
				arpstat.timeouts++;
				arp_drop_held(la);
				la->la_state = ARP_FAILED;
				la->la_expire = now + (uint64_t)arpt_down * 1000;
			} else {
				la->la_asked++;
				la->la_expire = now + ARP_RETRY_MS;
				if (in_ifaddr_source(la->la_ifp, la->la_addr,
				    &src) == 0)
					(void)arp_request(la->la_ifp, src,
					    la->la_addr);
			}
			pp = &la->la_next;
			break;
		case ARP_RESOLVED:
			arpstat.expired++;
			/* FALLTHROUGH */
		default:
			arp_destroy(pp);
			break;
		}
	}
}

void
arp_ifdetach(struct ifnet *ifp)
{
	struct llentry **pp = &arp_cache;

	while (*pp != NULL) {
		if ((*pp)->la_ifp == ifp)
			arp_destroy(pp);
		else
			pp = &(*pp)->la_next;
	}
}

int
arp_delete(struct in_addr addr)
{
	int error;

	net_lock();
	error = arp_delete_locked(addr);
	net_unlock();
	return (error);
}

int
arp_delete_locked(struct in_addr addr)
{
	struct llentry **pp;
	int error = ESRCH;

	net_assert_locked();
	pp = &arp_cache;
	while (*pp != NULL) {
		if ((*pp)->la_addr.s_addr == addr.s_addr) {
			arp_destroy(pp);
			error = 0;
		} else {
			pp = &(*pp)->la_next;
		}
	}
	return (error);
}

void
arp_foreach(void (*fn)(const struct arp_entry_info *, void *), void *arg)
{
	net_lock();
	arp_foreach_locked(fn, arg);
	net_unlock();
}

void
arp_foreach_locked(void (*fn)(const struct arp_entry_info *, void *), void *arg)
{
	struct arp_entry_info info;
	struct llentry *la;
	uint64_t now;

	net_assert_locked();
	now = net_uptime_ms();
	for (la = arp_cache; la != NULL; la = la->la_next) {
		memset(&info, 0, sizeof(info));
		info.addr = la->la_addr;
		memcpy(info.lladdr, la->la_lladdr, ETHER_ADDR_LEN);
		info.ifp = la->la_ifp;
		info.state = la->la_state;
		info.held = la->la_numheld;
		info.asked = la->la_asked;
		info.expire_ms = net_ms_diff(la->la_expire, now);
		fn(&info, arg);
	}
}

/* One line of `arp -a`, FreeBSD's format. */
static void
arp_print_one(const struct arp_entry_info *e, void *arg)
{
	char ip[INET_ADDRSTRLEN], mac[18];

	(void)arg;
	inet_ntoa_r(e->addr, ip);
	if (e->state == ARP_RESOLVED)
		net_log("? (%s) at %s on %s expires in %d seconds [ethernet]\n",
		    ip, ether_sprintf_r(e->lladdr, mac), e->ifp->if_xname,
		    (int)(e->expire_ms / 1000));
	else
		net_log("? (%s) at (%s) on %s%s [ethernet]\n", ip,
		    e->state == ARP_FAILED ? "failed" : "incomplete",
		    e->ifp->if_xname, e->state == ARP_FAILED ? " expired" : "");
}

void
arp_print_all(void)
{
	struct ifnet *ifp;
	struct in_ifaddr *ia;
	char ip[INET_ADDRSTRLEN], mac[18];

	/* Our own addresses first, as FreeBSD lists them. */
	net_lock();
	for (ifp = if_first(); ifp != NULL; ifp = ifp->if_next)
		for (ia = in_ifaddr_first(ifp); ia != NULL && ifp->if_addrlen != 0;
		    ia = ia->ia_next)	/* lo0: no link layer, no ARP */
			net_log("? (%s) at %s on %s permanent [ethernet]\n",
			    inet_ntoa_r(ia->ia_addr, ip),
			    ether_sprintf_r(ifp->if_lladdr, mac), ifp->if_xname);
	net_unlock();
	arp_foreach(arp_print_one, NULL);
}
