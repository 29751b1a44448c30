/*
 * ICMP: echo replies, error generation (rate limited), and the ping API.
 *
 * Input validates length and checksum (counted in icmpstat), answers echo
 * requests by reflecting the packet, and hands echo replies and errors
 * about our own echo requests to the pinger that owns the identifier.
 * icmp_error() never answers an ICMP error, a non-first fragment, or a
 * broadcast/multicast packet (RFC 1122 3.2.2), and sends at most icmplim
 * errors per second.
 */
#include <stdint.h>
#include <string.h>

#include "net/icmp_var.h"
#include "net/if_var.h"
#include "net/in_cksum.h"
#include "net/in_var.h"
#include "net/ip_icmp.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/udp_var.h"

struct icmpstat icmpstat;
int icmplim = 200;

static uint64_t icmp_rl_second;	/* the second icmp_rl_count counts for */
static int icmp_rl_count;	/* errors sent in that second */

#define PING_QLEN	32	/* replies a pinger can hold unread */
#define PING_MAXDATA	(IP_MAXPACKET - IP_MINHLEN - ICMP_MINLEN)

/* A ping session: its identifier and a ring of replies. */
struct icmp_pinger {
	struct icmp_pinger	*p_next;	/* all pingers */
	uint16_t		 p_id;		/* echo identifier (host order) */
	int			 p_head;	/* oldest unread in p_q */
	int			 p_count;	/* unread replies */
	struct icmp_ping_reply	 p_q[PING_QLEN];	/* the ring */
};

static struct icmp_pinger *icmp_pingers;	/* open pingers */
static uint16_t icmp_ping_nextid;		/* next identifier to try */
static int		icmp_ping_ready;	/* icmp_ping_nextid drawn yet */

void
icmp_init(void)
{
	icmp_rl_second = 0;
	icmp_rl_count = 0;
	icmp_ping_ready = 0;	/* drawn at first use (see ip_newid) */
}

/* The byte at offset i of the data of echo requests we send. */
static uint8_t
ping_pattern(int i)
{
	return ((uint8_t)(i + (i >> 8)));
}

/* 1 if it is time to send another error this second (else counted). */
static int
icmp_ratecheck(void)
{
	uint64_t sec = net_uptime_ms() / 1000;

	if (sec != icmp_rl_second) {
		icmp_rl_second = sec;
		icmp_rl_count = 0;
	}
	if (icmplim > 0 && icmp_rl_count >= icmplim) {
		icmpstat.icps_ratelimited++;
		return (0);
	}
	icmp_rl_count++;
	return (1);
}

/* Whether the ICMP type is an error (not a query or reply). */
static int
icmp_is_error(int type)
{
	return (type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH ||
	    type == ICMP_REDIRECT || type == ICMP_TIMXCEED ||
	    type == ICMP_PARAMPROB || type > ICMP_MAXTYPE);
}

/* Reasons not to answer the packet n with an error; 0 if none (counted). */
static int
icmp_error_refused(struct mbuf *n, const struct ip *oip, int hlen)
{
	uint8_t itype;

	if (ntohs(oip->ip_off) & IP_OFFMASK) {
		icmpstat.icps_bmcast++;
		return (1);
	}
	if ((n->m_flags & (M_BCAST | M_MCAST)) ||
	    in_broadcast(oip->ip_dst, n->m_pkthdr.rcvif) ||
	    IN_MULTICAST(ntohl(oip->ip_dst.s_addr)) ||
	    in_broadcast(oip->ip_src, n->m_pkthdr.rcvif) ||
	    IN_MULTICAST(ntohl(oip->ip_src.s_addr))) {
		icmpstat.icps_bmcast++;
		return (1);
	}
	if (oip->ip_p == IPPROTO_ICMP) {
		if (n->m_pkthdr.len < hlen + 1) {
			icmpstat.icps_oldshort++;
			return (1);
		}
		m_copydata(n, hlen, 1, &itype);
		if (icmp_is_error(itype)) {
			icmpstat.icps_oldicmp++;
			return (1);
		}
	}
	return (0);
}

/* The source for an error about oip: the address it was sent to if ours. */
static struct in_addr
icmp_error_source(const struct mbuf *n, const struct ip *oip)
{
	struct in_addr src = { 0 };

	if (in_ifaddr_lookup(oip->ip_dst) != NULL)
		return (oip->ip_dst);
	if (n->m_pkthdr.rcvif != NULL)
		(void)in_ifaddr_source(n->m_pkthdr.rcvif, oip->ip_src, &src);
	return (src);
}

void
icmp_error(struct mbuf *n, int type, int code, uint32_t mtu)
{
	struct ip *oip, *ip;
	struct icmp *icp;
	struct mbuf *m;
	int hlen, quote, total;

	net_assert_locked();
	icmpstat.icps_error++;
	if (n->m_pkthdr.len < IP_MINHLEN || (n = m_pullup(n, IP_MINHLEN)) == NULL) {
		icmpstat.icps_oldshort++;
		goto free;
	}
	oip = mtod(n, struct ip *);
	hlen = IP_VHL_HL(oip->ip_vhl) << 2;
	if (hlen < IP_MINHLEN || n->m_pkthdr.len < hlen) {
		icmpstat.icps_oldshort++;
		goto free;
	}
	if (icmp_error_refused(n, oip, hlen) || !icmp_ratecheck())
		goto free;
	quote = n->m_pkthdr.len < hlen + 8 ? n->m_pkthdr.len : hlen + 8;
	total = IP_MINHLEN + ICMP_MINLEN + quote;
	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		goto free;
	/* At the end of the mbuf, room in front for Ethernet, 4-aligned. */
	m->m_data = m->m_dat + ((MHLEN - total) & ~3);
	m->m_len = m->m_pkthdr.len = total;
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN + ICMP_MINLEN);
	icp = (struct icmp *)(ip + 1);
	icp->icmp_type = (uint8_t)type;
	icp->icmp_code = (uint8_t)code;
	if (type == ICMP_UNREACH && code == ICMP_UNREACH_NEEDFRAG)
		icp->icmp_nextmtu = htons((uint16_t)mtu);
	m_copydata(n, 0, quote, icp + 1);
	icp->icmp_cksum = in_cksum_buf(icp, (size_t)(ICMP_MINLEN + quote));
	ip->ip_len = htons((uint16_t)total);
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_src = icmp_error_source(n, oip);
	ip->ip_dst = oip->ip_src;
	if (type <= ICMP_MAXTYPE)
		icmpstat.icps_outhist[type]++;
	(void)ip_output(m, 0, NULL);
free:
	m_freem(n);
}

/* Answer an echo request in place: m becomes the reply. */
static void
icmp_reflect(struct mbuf *m, int off)
{
	struct ip *ip = mtod(m, struct ip *), hdr;
	struct icmp *icp;
	struct in_addr from = ip->ip_src;
	int icmplen = ntohs(ip->ip_len) - off;

	/* Drop any options: the reply has a plain 20-byte header. */
	memcpy(&hdr, ip, sizeof(hdr));
	if (off > IP_MINHLEN) {
		m_adj(m, off - IP_MINHLEN);
		ip = mtod(m, struct ip *);
		memcpy(ip, &hdr, sizeof(hdr));
	}
	icp = (struct icmp *)(ip + 1);
	icp->icmp_type = ICMP_ECHOREPLY;
	icp->icmp_cksum = 0;
	icp->icmp_cksum = in_cksum_skip(m, icmplen, IP_MINHLEN);
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + icmplen));
	ip->ip_src = hdr.ip_dst;
	ip->ip_dst = from;
	ip->ip_off = 0;
	ip->ip_ttl = 0;
	ip->ip_tos = hdr.ip_tos;
	m->m_flags &= (uint16_t)~(M_BCAST | M_MCAST);
	icmpstat.icps_reflect++;
	icmpstat.icps_outhist[ICMP_ECHOREPLY]++;
	(void)ip_output(m, 0, NULL);
}

static struct icmp_pinger *
icmp_pinger_find(uint16_t id)
{
	struct icmp_pinger *p;

	for (p = icmp_pingers; p != NULL; p = p->p_next)
		if (p->p_id == id)
			return (p);
	return (NULL);
}

/* Queue r to the pinger with identifier id, waking it. */
static void
icmp_ping_deliver(uint16_t id, const struct icmp_ping_reply *r)
{
	struct icmp_pinger *p = icmp_pinger_find(id);

	if (p == NULL) {
		icmpstat.icps_noping++;
		return;
	}
	if (p->p_count >= PING_QLEN) {
		icmpstat.icps_pingqfull++;
		return;
	}
	p->p_q[(p->p_head + p->p_count) % PING_QLEN] = *r;
	p->p_count++;
	net_wakeup(p);
}

/* Whether the echo data at off (len bytes) is our pattern. */
static int
ping_data_ok(struct mbuf *m, int off, int len)
{
	uint8_t buf[64];
	int done = 0, n, i;

	while (done < len) {
		n = len - done < (int)sizeof(buf) ? len - done : (int)sizeof(buf);
		m_copydata(m, off + done, n, buf);
		for (i = 0; i < n; i++)
			if (buf[i] != ping_pattern(done + i))
				return (0);
		done += n;
	}
	return (1);
}

static void
icmp_echoreply_input(struct mbuf *m, int off, int icmplen)
{
	struct ip *ip = mtod(m, struct ip *);
	struct icmp *icp = (struct icmp *)((char *)ip + off);
	struct icmp_ping_reply r;

	memset(&r, 0, sizeof(r));
	r.type = ICMP_ECHOREPLY;
	r.from = ip->ip_src;
	r.seq = ntohs(icp->icmp_seq);
	r.ttl = ip->ip_ttl;
	r.datalen = icmplen - ICMP_MINLEN;
	r.data_ok = ping_data_ok(m, off + ICMP_MINLEN, r.datalen);
	r.rx_ms = net_uptime_ms();
	icmp_ping_deliver(ntohs(icp->icmp_id), &r);
}

/*
 * An error: if it quotes one of our UDP datagrams, tell UDP (a connected
 * socket learns ECONNREFUSED); one of our echo requests, its pinger.
 */
static void
icmp_error_input(struct mbuf *m, int off, int icmplen)
{
	struct ip *ip = mtod(m, struct ip *), oip;
	struct icmp *icp = (struct icmp *)((char *)ip + off);
	struct icmp_ping_reply r;
	struct icmp oicp;
	int ohlen;

	if (icmplen < ICMP_ADVLENMIN) {
		icmpstat.icps_badlen++;
		return;
	}
	m_copydata(m, off + ICMP_MINLEN, IP_MINHLEN, &oip);
	ohlen = IP_VHL_HL(oip.ip_vhl) << 2;
	if (ohlen < IP_MINHLEN || icmplen < ICMP_MINLEN + ohlen + ICMP_MINLEN) {
		icmpstat.icps_badlen++;
		return;
	}
	if (oip.ip_p == IPPROTO_UDP) {
		struct udphdr ouh;

		m_copydata(m, off + ICMP_MINLEN + ohlen, sizeof(ouh), &ouh);
		udp_ctlinput(icp->icmp_type, icp->icmp_code, &oip, &ouh);
		return;
	}
	if (oip.ip_p != IPPROTO_ICMP)
		return;
	m_copydata(m, off + ICMP_MINLEN + ohlen, ICMP_MINLEN, &oicp);
	if (oicp.icmp_type != ICMP_ECHO)
		return;
	memset(&r, 0, sizeof(r));
	r.type = icp->icmp_type;
	r.code = icp->icmp_code;
	r.from = ip->ip_src;
	r.seq = ntohs(oicp.icmp_seq);
	r.ttl = ip->ip_ttl;
	r.rx_ms = net_uptime_ms();
	icmp_ping_deliver(ntohs(oicp.icmp_id), &r);
}

/* Whether the code is valid for the error type (else counted). */
static int
icmp_code_ok(int type, int code)
{
	int max = type == ICMP_UNREACH ? 15 : type == ICMP_TIMXCEED ? 1 :
	    type == ICMP_PARAMPROB ? 2 : 0;

	if (code > max) {
		icmpstat.icps_badcode++;
		return (0);
	}
	return (1);
}

int
icmp_input(struct mbuf *m, int off, int proto)
{
	struct ip *ip = mtod(m, struct ip *);
	struct icmp *icp;
	int icmplen = ntohs(ip->ip_len) - off, type;

	(void)proto;
	if (icmplen < ICMP_MINLEN) {
		icmpstat.icps_tooshort++;
		goto free;
	}
	if (in_cksum_skip(m, icmplen, off) != 0) {
		icmpstat.icps_checksum++;
		goto free;
	}
	if ((m = m_pullup(m, off + ICMP_MINLEN)) == NULL)
		return (ENOBUFS);
	ip = mtod(m, struct ip *);
	icp = (struct icmp *)((char *)ip + off);
	type = icp->icmp_type;
	if (type > ICMP_MAXTYPE)
		goto free;
	icmpstat.icps_inhist[type]++;
	switch (type) {
	case ICMP_ECHO:
		/* Not to a broadcast, nor from one: the answer would be one. */
		if ((m->m_flags & (M_BCAST | M_MCAST)) ||
		    in_broadcast(ip->ip_dst, m->m_pkthdr.rcvif) ||
		    in_broadcast(ip->ip_src, m->m_pkthdr.rcvif)) {
			icmpstat.icps_bmcastecho++;
			goto free;
		}
		icmp_reflect(m, off);
		return (0);
	case ICMP_ECHOREPLY:
		icmp_echoreply_input(m, off, icmplen);
		break;
	case ICMP_UNREACH:
	case ICMP_TIMXCEED:
	case ICMP_PARAMPROB:
	case ICMP_SOURCEQUENCH:
		if (icmp_code_ok(type, icp->icmp_code))
			icmp_error_input(m, off, icmplen);
		break;
	default:
		break;
	}
free:
	m_freem(m);
	return (0);
}

struct icmp_pinger *
icmp_ping_open(void)
{
	struct icmp_pinger *p = net_malloc(sizeof(*p));

	if (p == NULL)
		return (NULL);
	net_lock();
	if (!icmp_ping_ready) {
		icmp_ping_nextid = (uint16_t)net_random();
		icmp_ping_ready = 1;
	}
	do {
		p->p_id = icmp_ping_nextid++;
	} while (icmp_pinger_find(p->p_id) != NULL);
	p->p_next = icmp_pingers;
	icmp_pingers = p;
	net_unlock();
	return (p);
}

uint16_t
icmp_ping_id(const struct icmp_pinger *p)
{
	return (p->p_id);
}

/* An echo request packet with datalen bytes of pattern, or NULL. */
static struct mbuf *
icmp_echo_build(struct in_addr dst, uint16_t id, uint16_t seq, int datalen,
    int ttl)
{
	uint8_t chunk[128];
	struct mbuf *m;
	struct ip *ip;
	struct icmp *icp;
	int done, n, i;

	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		return (NULL);
	m->m_data += 16;	/* room for the Ethernet header */
	m->m_len = m->m_pkthdr.len = IP_MINHLEN + ICMP_MINLEN;
	ip = mtod(m, struct ip *);
	memset(ip, 0, IP_MINHLEN + ICMP_MINLEN);
	for (done = 0; done < datalen; done += n) {
		n = datalen - done < (int)sizeof(chunk) ? datalen - done :
		    (int)sizeof(chunk);
		for (i = 0; i < n; i++)
			chunk[i] = ping_pattern(done + i);
		if (!m_append(m, n, chunk)) {
			m_freem(m);
			return (NULL);
		}
	}
	ip = mtod(m, struct ip *);
	icp = (struct icmp *)(ip + 1);
	icp->icmp_type = ICMP_ECHO;
	icp->icmp_id = htons(id);
	icp->icmp_seq = htons(seq);
	icp->icmp_cksum = in_cksum_skip(m, ICMP_MINLEN + datalen, IP_MINHLEN);
	ip->ip_len = htons((uint16_t)(IP_MINHLEN + ICMP_MINLEN + datalen));
	ip->ip_ttl = (uint8_t)ttl;
	ip->ip_p = IPPROTO_ICMP;
	ip->ip_dst = dst;
	return (m);
}

int
icmp_ping_send(struct icmp_pinger *p, struct in_addr dst, uint16_t seq,
    int datalen, int ttl)
{
	struct mbuf *m;
	int error;

	if (datalen < 0 || datalen > PING_MAXDATA || ttl < 0 || ttl > MAXTTL)
		return (EINVAL);
	net_lock();
	m = icmp_echo_build(dst, p->p_id, seq, datalen, ttl);
	if (m == NULL) {
		net_unlock();
		return (ENOBUFS);
	}
	icmpstat.icps_outhist[ICMP_ECHO]++;
	error = ip_output(m, 0, NULL);
	net_unlock();
	return (error);
}

int
icmp_ping_wait(struct icmp_pinger *p, struct icmp_ping_reply *r,
    uint32_t timeout_ms)
{
	uint64_t deadline = net_uptime_ms() + timeout_ms;
	int64_t left;

	net_lock();
	while (p->p_count == 0) {
		left = net_ms_diff(deadline, net_uptime_ms());
		if (timeout_ms != 0 && left <= 0) {
			net_unlock();
			return (ETIMEDOUT);
		}
		(void)net_sleep(p, timeout_ms == 0 ? 0 : (uint32_t)left);
	}
	*r = p->p_q[p->p_head];
	p->p_head = (p->p_head + 1) % PING_QLEN;
	p->p_count--;
	net_unlock();
	return (0);
}

void
icmp_ping_close(struct icmp_pinger *p)
{
	struct icmp_pinger **pp;

	net_lock();
	for (pp = &icmp_pingers; *pp != NULL; pp = &(*pp)->p_next) {
		if (*pp == p) {
			*pp = p->p_next;
			break;
		}
	}
	net_unlock();
	net_free(p);
}
