/*
 * IPv4 reassembly with limits.
 *
 * A queue per (src, dst, id, protocol, packet tags) holds fragments sorted
 * by offset, each still starting with its own IP header (the tags keep
 * fragments IPsec decapsulated apart from others: see ipq_find).  Limits: ip_maxfragpackets
 * queues (the oldest is dropped to make room), ip_maxfragsperpacket
 * fragments per datagram, IP_MAXPACKET bytes per datagram, IPFRAGTTL
 * seconds per queue (net_slowtimo expires it and sends ICMP time exceeded
 * in reassembly when the first fragment had arrived).
 *
 * Overlaps: a fragment that overlaps one already queued (or disagrees
 * about where the datagram ends) makes the whole datagram suspect, as in
 * RFC 5722: the queue and the fragment are dropped and counted in
 * ips_fragoverlap (datagrams) and ips_fragdropped (fragments).  No byte
 * of one fragment is ever written over another's.
 */
#include <stdint.h>
#include <string.h>

#include "net/icmp_var.h"
#include "net/ip_icmp.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/net_private.h"

int ip_maxfragpackets = 64;
int ip_maxfragsperpacket = 64;

/* One datagram being reassembled (FreeBSD's struct ipq). */
struct ipq {
	struct ipq	*ipq_next;	/* all queues, newest first */
	struct in_addr	 ipq_src;	/* key: source */
	struct in_addr	 ipq_dst;	/* key: destination */
	uint16_t	 ipq_id;	/* key: ip_id (network order) */
	uint8_t		 ipq_p;		/* key: protocol */
	int		 ipq_nfrags;	/* fragments held */
	int		 ipq_total;	/* payload length once the last is seen, else -1 */
	uint64_t	 ipq_expire;	/* uptime ms when it times out */
	struct mbuf	*ipq_frags;	/* fragments by offset, m_nextpkt linked */
};

static struct ipq *ipq_list;	/* every queue */
static int ipq_count;		/* length of ipq_list */

/* Offset and payload length of a fragment (header at its start). */
static void
frag_span(const struct mbuf *m, int *off, int *len)
{
	const struct ip *ip = mtod(m, const struct ip *);

	*off = (ntohs(ip->ip_off) & IP_OFFMASK) << 3;
	*len = ntohs(ip->ip_len) - (IP_VHL_HL(ip->ip_vhl) << 2);
}

/* Header length of a queued fragment. */
static int
frag_hlen(const struct mbuf *m)
{
	return (IP_VHL_HL(mtod(m, const struct ip *)->ip_vhl) << 2);
}

int
ip_reass_count(void)
{
	return (ipq_count);
}

/* Free the queue at *pp with its fragments, counting them in *ctr. */
static void
ipq_free(struct ipq **pp, uint64_t *ctr)
{
	struct ipq *q = *pp;
	struct mbuf *m, *next;

	for (m = q->ipq_frags; m != NULL; m = next) {
		next = m->m_nextpkt;
		m->m_nextpkt = NULL;
		m_freem(m);
		if (ctr != NULL)
			(*ctr)++;
	}
	*pp = q->ipq_next;
	net_free(q);
	ipq_count--;
}

/*
 * The queue fragment m belongs to: same (src, dst, id, protocol) and the
 * same packet tags.  IPsec leaves a tag naming the SA on what it
 * decapsulated, so a fragment that came in clear never joins fragments
 * that came through an SA, nor one SA's fragments another's: a datagram is
 * protected only if every fragment was, by the same SAs.  A fragment of a
 * datagram already queued under other tags starts a queue of its own and
 * is counted (ips_fragmixed); the queues complete or time out separately,
 * so a forged fragment cannot spoil a genuine datagram either.
 */
static struct ipq **
ipq_find(const struct mbuf *m)
{
	const struct ip *ip = mtod(m, const struct ip *);
	struct ipq **pp;
	int mixed = 0;

	for (pp = &ipq_list; *pp != NULL; pp = &(*pp)->ipq_next) {
		struct ipq *q = *pp;

		if (q->ipq_id != ip->ip_id || q->ipq_p != ip->ip_p ||
		    q->ipq_src.s_addr != ip->ip_src.s_addr ||
		    q->ipq_dst.s_addr != ip->ip_dst.s_addr)
			continue;
		if (q->ipq_frags != NULL && m_tag_chain_equal(q->ipq_frags, m))
			return (pp);
		mixed = 1;
	}
	if (mixed)
		ipstat.ips_fragmixed++;
	return (NULL);
}

/* Drop the oldest queue (the last in the list) to make room. */
static void
ipq_drop_oldest(void)
{
	struct ipq **pp = &ipq_list;

	if (*pp == NULL)
		return;
	while ((*pp)->ipq_next != NULL)
		pp = &(*pp)->ipq_next;
	ipq_free(pp, &ipstat.ips_fragdropped);
}

static struct ipq *
ipq_create(const struct ip *ip)
{
	struct ipq *q;

	while (ipq_count >= ip_maxfragpackets && ipq_count > 0)
		ipq_drop_oldest();
	if (ip_maxfragpackets <= 0 || (q = net_malloc(sizeof(*q))) == NULL)
		return (NULL);
	q->ipq_src = ip->ip_src;
	q->ipq_dst = ip->ip_dst;
	q->ipq_id = ip->ip_id;
	q->ipq_p = ip->ip_p;
	q->ipq_total = -1;
	q->ipq_expire = net_uptime_ms() + IPFRAGTTL * 1000;
	q->ipq_next = ipq_list;
	ipq_list = q;
	ipq_count++;
	return (q);
}

/*
 * Insert fragment m ([off, off+len), last when !mf) into q in offset
 * order; 0, or -1 if it overlaps or contradicts what q holds.
 */
static int
ipq_insert(struct ipq *q, struct mbuf *m, int off, int len, int mf)
{
	struct mbuf **pp, *f;
	int foff, flen;

	if (!mf && q->ipq_total >= 0)
		return (-1);			/* a second "last" fragment */
	if (q->ipq_total >= 0 && off + len > q->ipq_total)
		return (-1);			/* beyond the known end */
	for (pp = &q->ipq_frags; (f = *pp) != NULL; pp = &f->m_nextpkt) {
		frag_span(f, &foff, &flen);
		if (off < foff + flen && foff < off + len)
			return (-1);		/* overlap */
		if (!mf && foff + flen > off + len)
			return (-1);		/* data beyond the end */
		if (foff > off)
			break;
	}
	for (; f != NULL && !mf; f = f->m_nextpkt) {
		frag_span(f, &foff, &flen);
		if (foff + flen > off + len)
			return (-1);
	}
	m->m_nextpkt = *pp;
	*pp = m;
	q->ipq_nfrags++;
	if (!mf)
		q->ipq_total = off + len;
	return (0);
}

/* Whether q holds every byte from 0 to its end. */
static int
ipq_complete(const struct ipq *q)
{
	const struct mbuf *f;
	int next = 0, foff, flen;

	if (q->ipq_total < 0)
		return (0);
	for (f = q->ipq_frags; f != NULL; f = f->m_nextpkt) {
		frag_span(f, &foff, &flen);
		if (foff != next)
			return (0);
		next += flen;
	}
	return (next == q->ipq_total);
}

/* Join q's fragments into one packet (the first keeps its header). */
static struct mbuf *
ipq_join(struct ipq **pp)
{
	struct ipq *q = *pp;
	struct mbuf *m = q->ipq_frags, *f, *next;
	struct ip *ip = mtod(m, struct ip *);
	int hlen = frag_hlen(m);

	for (f = m->m_nextpkt; f != NULL; f = next) {
		next = f->m_nextpkt;
		f->m_nextpkt = NULL;
		m_adj(f, frag_hlen(f));
		m_tag_delete_chain(f);
		f->m_flags &= (uint16_t)~M_PKTHDR;
		m_cat(m, f);
	}
	m->m_nextpkt = NULL;
	m->m_pkthdr.len = m_length(m, NULL);
	ip->ip_len = htons((uint16_t)(hlen + q->ipq_total));
	ip->ip_off = 0;
	q->ipq_frags = NULL;
	ipq_free(pp, NULL);
	return (m);
}

struct mbuf *
ip_reass(struct mbuf *m)
{
	struct ip *ip = mtod(m, struct ip *);
	int hlen = IP_VHL_HL(ip->ip_vhl) << 2, off, len;
	int mf = (ntohs(ip->ip_off) & IP_MF) != 0;
	struct ipq **pp, *q;

	net_assert_locked();
	frag_span(m, &off, &len);
	/* Every fragment but the last carries a multiple of 8 bytes. */
	if ((mf && (len == 0 || (len & 7) != 0)) || len < 0) {
		ipstat.ips_fragdropped++;
		m_freem(m);
		return (NULL);
	}
	if (hlen + off + len > IP_MAXPACKET) {
		ipstat.ips_toolong++;
		ipstat.ips_fragdropped++;
		m_freem(m);
		return (NULL);
	}
	pp = ipq_find(m);
	if (pp == NULL) {
		if ((q = ipq_create(ip)) == NULL) {
			ipstat.ips_fragdropped++;
			m_freem(m);
			return (NULL);
		}
		pp = &ipq_list;
	}
	q = *pp;
	if (q->ipq_nfrags >= ip_maxfragsperpacket) {
		ipstat.ips_fragdropped++;
		m_freem(m);
		ipq_free(pp, &ipstat.ips_fragdropped);
		return (NULL);
	}
	if (ipq_insert(q, m, off, len, mf) != 0) {
		ipstat.ips_fragoverlap++;
		ipstat.ips_fragdropped++;
		m_freem(m);
		ipq_free(pp, &ipstat.ips_fragdropped);
		return (NULL);
	}
	if (!ipq_complete(q))
		return (NULL);
	/*
	 * The datagram is the first fragment's header and every payload byte:
	 * each fragment was checked against its own header length, which may
	 * be shorter than the first's (options), so check the sum again.
	 */
	if (frag_hlen(q->ipq_frags) + q->ipq_total > IP_MAXPACKET) {
		ipstat.ips_toolong++;
		ipq_free(pp, &ipstat.ips_fragdropped);
		return (NULL);
	}
	ipstat.ips_reassembled++;
	return (ipq_join(pp));
}

/* Time out *pp: ICMP time exceeded if the first fragment is there. */
static void
ipq_timeout(struct ipq **pp)
{
	struct ipq *q = *pp;
	struct mbuf *first = q->ipq_frags;
	int off, len;

	if (first != NULL) {
		frag_span(first, &off, &len);
		if (off == 0) {
			q->ipq_frags = first->m_nextpkt;
			first->m_nextpkt = NULL;
			ipstat.ips_fragtimeout++;
			icmp_error(first, ICMP_TIMXCEED, ICMP_TIMXCEED_REASS, 0);
		}
	}
	ipq_free(pp, &ipstat.ips_fragtimeout);
}

void
ip_reass_slowtimo(void)
{
	struct ipq **pp = &ipq_list;
	uint64_t now = net_uptime_ms();

	while (*pp != NULL) {
		if (net_ms_diff((*pp)->ipq_expire, now) <= 0)
			ipq_timeout(pp);
		else
			pp = &(*pp)->ipq_next;
	}
}

void
ip_reass_drain(void)
{
	while (ipq_list != NULL)
		ipq_free(&ipq_list, &ipstat.ips_fragdropped);
}
