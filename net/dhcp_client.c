/*
 * The DHCP client state machine (RFC 2131 section 4.4), portable over the
 * stack's UDP and address APIs; see net/dhcp_client.h for the states.
 *
 * Everything received is validated in dhcp_parse() before it is used:
 * wrong op, hardware length, magic cookie, truncated or overlong options
 * are counted as `bad`; replies for another transaction or hardware
 * address, or of a type the current state does not expect, as `ignored`.
 *
 * Retransmission follows the RFC's exponential backoff (2, 4, 8 ... 64 s)
 * while discovering and requesting; while renewing and rebinding the
 * client retries at half the time left until T2 (resp. lease expiry), at
 * least a second apart, so short test leases work as well as day-long
 * ones.
 */
#include <string.h>

#include "net/dhcp.h"
#include "net/dhcp_client.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/route.h"
#include "net/udp_var.h"

#define DHCP_BACKOFF_MIN_MS	2000	/* first retransmission */
#define DHCP_BACKOFF_MAX_MS	64000	/* RFC 2131: at most 64 s */
#define DHCP_REQUEST_TRIES	4	/* REQUESTs before starting over */
#define DHCP_RETRY_MIN_MS	1000	/* renewing/rebinding retry floor */
#define DHCP_POLL_MS		1000	/* longest wait: notices dc_stop */
#define DHCP_DEFAULT_LEASE	86400	/* when an ACK names no lease time */

static struct dhcp_client *dhcp_clients;	/* all clients (net lock) */

const char *
dhcp_state_name(enum dhcp_state s)
{
	static const char *const names[] = { "INIT", "SELECTING", "REQUESTING",
	    "BOUND", "RENEWING", "REBINDING", "STOPPED" };

	return ((unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?");
}

/* Prefix length of a contiguous mask (network order), or -1. */
static int
mask_to_plen(struct in_addr mask)
{
	uint32_t m = ntohl(mask.s_addr);
	int plen = 0;

	while (plen < 32 && (m & (0x80000000u >> plen)) != 0)
		plen++;
	return (plen == 32 || (m << plen) == 0 ? plen : -1);
}

/* Classful prefix when the server sent no (or a bad) mask. */
static int
classful_plen(struct in_addr a)
{
	uint32_t h = ntohl(a.s_addr);

	return (h < 0x80000000u ? 8 : h < 0xc0000000u ? 16 : 24);
}

static uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

/* Reads one option into *lease / *type; option length already checked. */
static int
parse_option(int code, const uint8_t *v, int len, int *type,
    struct dhcp_lease *lease, int *have_mask)
{
	struct in_addr a;

	switch (code) {
	case DHO_MESSAGE_TYPE:
		if (len != 1)
			return (EINVAL);
		*type = v[0];
		break;
	case DHO_SUBNET_MASK:
		if (len != 4)
			return (EINVAL);
		memcpy(&a, v, 4);
		lease->plen = mask_to_plen(a);
		*have_mask = lease->plen >= 0;
		break;
	case DHO_ROUTERS:		/* a list: the first is preferred */
		if (len < 4 || len % 4 != 0)
			return (EINVAL);
		memcpy(&lease->router, v, 4);
		break;
	case DHO_SERVER_ID:
		if (len != 4)
			return (EINVAL);
		memcpy(&lease->server, v, 4);
		break;
	case DHO_LEASE_TIME:
	case DHO_RENEWAL_TIME:
	case DHO_REBINDING_TIME:
		if (len != 4)
			return (EINVAL);
		if (code == DHO_LEASE_TIME)
			lease->lease_s = get32(v);
		else if (code == DHO_RENEWAL_TIME)
			lease->t1_s = get32(v);
		else
			lease->t2_s = get32(v);
		break;
	default:			/* everything else is skipped */
		break;
	}
	return (0);
}

/* Fills T1/T2 defaults (RFC 2131 4.4.5) and repairs inconsistent ones. */
static void
lease_defaults(struct dhcp_lease *l)
{
	if (l->lease_s == 0)
		l->lease_s = DHCP_DEFAULT_LEASE;
	if (l->t1_s == 0 || l->t1_s > l->lease_s)
		l->t1_s = l->lease_s / 2;
	if (l->t2_s == 0 || l->t2_s > l->lease_s || l->t2_s < l->t1_s)
		l->t2_s = (uint32_t)((uint64_t)l->lease_s * 7 / 8);
	if (l->t2_s < l->t1_s)
		l->t2_s = l->t1_s;
}

int
dhcp_parse(const uint8_t *buf, int len, int *type, uint32_t *xid,
    const uint8_t **chaddr, struct dhcp_lease *lease)
{
	const struct dhcp_hdr *h = (const void *)buf;
	int off = DHCP_HDR_LEN, have_mask = 0, end = 0;

	*type = 0;
	memset(lease, 0, sizeof(*lease));
	if (len < DHCP_HDR_LEN || h->op != BOOTREPLY || h->htype != DHCP_HTYPE_ETHER ||
	    h->hlen != ETHER_ADDR_LEN || ntohl(h->magic) != DHCP_MAGIC)
		return (EINVAL);
	while (off < len && !end) {
		int code = buf[off++], olen;

		if (code == DHO_PAD)
			continue;
		if (code == DHO_END) {
			end = 1;
			break;
		}
		if (off >= len)
			return (EINVAL);	/* length byte missing */
		olen = buf[off++];
		if (off + olen > len)
			return (EINVAL);	/* option runs past the message */
		if (parse_option(code, buf + off, olen, type, lease, &have_mask) != 0)
			return (EINVAL);
		off += olen;
	}
	if (*type < DHCPDISCOVER || *type > DHCPINFORM)
		return (EINVAL);		/* not DHCP, or plain BOOTP */
	*xid = ntohl(h->xid);
	*chaddr = h->chaddr;
	lease->addr = h->yiaddr;
	if (!have_mask)
		lease->plen = classful_plen(lease->addr);
	lease_defaults(lease);
	return (0);
}

/* Appends option code/len/value at *off if it fits. */
static void
put_option(uint8_t *buf, int size, int *off, int code, const void *v, int len)
{
	if (*off + 2 + len > size - 1)	/* keep room for DHO_END */
		return;
	buf[(*off)++] = (uint8_t)code;
	buf[(*off)++] = (uint8_t)len;
	memcpy(buf + *off, v, (size_t)len);
	*off += len;
}

int
dhcp_build(const struct dhcp_client *c, int type, uint64_t now_ms, uint8_t *buf,
    int size)
{
	static const uint8_t params[] = { DHO_SUBNET_MASK, DHO_ROUTERS, DHO_DNS,
	    DHO_LEASE_TIME, DHO_RENEWAL_TIME, DHO_REBINDING_TIME };
	struct dhcp_hdr *h = (void *)buf;
	uint8_t mt = (uint8_t)type, cid[1 + ETHER_ADDR_LEN];
	uint16_t maxsz = htons(DHCP_MSG_ACCEPT);
	uint64_t secs = (now_ms - c->dc_start_ms) / 1000;
	int off = DHCP_HDR_LEN;

	if (size < BOOTP_MIN_LEN)
		return (0);
	memset(buf, 0, (size_t)size);
	h->op = BOOTREQUEST;
	h->htype = DHCP_HTYPE_ETHER;
	h->hlen = ETHER_ADDR_LEN;
	h->xid = htonl(c->dc_xid);
	h->secs = htons(secs > 0xffff ? 0xffff : (uint16_t)secs);
	memcpy(h->chaddr, c->dc_ifp->if_lladdr, ETHER_ADDR_LEN);
	h->magic = htonl(DHCP_MAGIC);
	/* Renewing/rebinding: we own the address and can receive unicast. */
	if (c->dc_state == DHCP_RENEWING || c->dc_state == DHCP_REBINDING)
		h->ciaddr = c->dc_lease.addr;
	else
		h->flags = htons(DHCP_FLAGS_BROADCAST);
	put_option(buf, size, &off, DHO_MESSAGE_TYPE, &mt, 1);
	cid[0] = DHCP_HTYPE_ETHER;
	memcpy(cid + 1, c->dc_ifp->if_lladdr, ETHER_ADDR_LEN);
	put_option(buf, size, &off, DHO_CLIENT_ID, cid, sizeof(cid));
	if (type == DHCPREQUEST && c->dc_state == DHCP_REQUESTING) {
		put_option(buf, size, &off, DHO_REQUESTED_ADDRESS, &c->dc_offer.addr, 4);
		put_option(buf, size, &off, DHO_SERVER_ID, &c->dc_offer.server, 4);
	}
	put_option(buf, size, &off, DHO_MAX_MESSAGE_SIZE, &maxsz, 2);
	put_option(buf, size, &off, DHO_HOST_NAME, "sanpo", 5);
	put_option(buf, size, &off, DHO_PARAMETER_REQUEST, params, sizeof(params));
	buf[off++] = DHO_END;
	return (off < BOOTP_MIN_LEN ? BOOTP_MIN_LEN : off);
}

/* Builds and sends `type` to dst (broadcast unless renewing). */
static void
dhcp_send(struct dhcp_client *c, int type, struct in_addr dst, uint64_t now)
{
	uint8_t buf[DHCP_MSG_MAX];
	int len = dhcp_build(c, type, now, buf, sizeof(buf)), r;

	if (type == DHCPDISCOVER)
		c->dc_stats.discovers++;
	else
		c->dc_stats.requests++;
	r = udp_sendto(c->dc_so, buf, (size_t)len, dst, DHCP_SERVER_PORT);
	if (r < 0)
		net_log("dhclient: %s: send failed (error %d)\n",
		    c->dc_ifp->if_xname, -r);
}

static struct in_addr
bcast(void)
{
	struct in_addr a = { htonl(INADDR_BROADCAST) };

	return (a);
}

/* Exponential backoff for transmission number `tries` (0-based). */
static uint64_t
backoff_ms(int tries)
{
	uint64_t t = DHCP_BACKOFF_MIN_MS;

	while (tries-- > 0 && t < DHCP_BACKOFF_MAX_MS)
		t *= 2;
	if (t > DHCP_BACKOFF_MAX_MS)
		t = DHCP_BACKOFF_MAX_MS;
	return (t + net_random() % 1000);	/* RFC: +-1 s of randomisation */
}

/* Next retry while renewing/rebinding: half the time left to `limit`. */
static uint64_t
retry_before(uint64_t now, uint64_t limit)
{
	uint64_t half = limit > now ? (limit - now) / 2 : 0;

	if (half < DHCP_RETRY_MIN_MS)
		half = DHCP_RETRY_MIN_MS;
	return (now + half < limit ? now + half : limit);
}

static uint64_t
lease_at(const struct dhcp_lease *l, uint32_t s)
{
	return (l->bound_ms + (uint64_t)s * 1000);
}

/* Removes the applied lease from the interface (NAK, expiry). */
static void
dhcp_unbind(struct dhcp_client *c, const char *why)
{
	char a[INET_ADDRSTRLEN];
	struct in_addr any = { 0 };

	if (!c->dc_bound)
		return;
	net_log("dhclient: %s: %s: removing %s\n", c->dc_ifp->if_xname, why,
	    inet_ntoa_r(c->dc_lease.addr, a));
	if (c->dc_lease.router.s_addr != 0)
		(void)route_delete(any, 0);
	(void)in_addr_delete(c->dc_ifp, c->dc_lease.addr);
	c->dc_bound = 0;
}

/* Applies an ACKed lease: address, prefix, default route. */
static void
dhcp_bind(struct dhcp_client *c, const struct dhcp_lease *l)
{
	char a[INET_ADDRSTRLEN], r[INET_ADDRSTRLEN];
	struct in_addr any = { 0 };
	int error, same = c->dc_bound && c->dc_lease.addr.s_addr == l->addr.s_addr &&
	    c->dc_lease.plen == l->plen && c->dc_lease.router.s_addr == l->router.s_addr;

	if (!same) {
		dhcp_unbind(c, "new lease");
		error = in_addr_add(c->dc_ifp, l->addr, l->plen);
		if (error != 0 && error != EEXIST) {
			net_log("dhclient: %s: cannot set %s/%d (error %d)\n",
			    c->dc_ifp->if_xname, inet_ntoa_r(l->addr, a), l->plen, error);
			return;
		}
		if (l->router.s_addr != 0) {
			(void)route_delete(any, 0);	/* replace a stale default */
			error = route_add(any, 0, l->router, NULL,
			    RTF_GATEWAY | RTF_STATIC);
			if (error != 0)
				net_log("dhclient: %s: default route via %s failed "
				    "(error %d)\n", c->dc_ifp->if_xname,
				    inet_ntoa_r(l->router, r), error);
		}
	}
	c->dc_lease = *l;
	c->dc_bound = 1;
	c->dc_state = DHCP_BOUND;
	c->dc_next_ms = lease_at(l, l->t1_s);
	net_log("dhclient: %s: bound to %s/%d -- renewal in %u seconds.\n",
	    c->dc_ifp->if_xname, inet_ntoa_r(l->addr, a), l->plen, l->t1_s);
}

/* Starts a new exchange in `state`. */
static void
dhcp_new_xid(struct dhcp_client *c, enum dhcp_state state, uint64_t now)
{
	c->dc_state = state;
	c->dc_xid = net_random();
	c->dc_start_ms = now;
	c->dc_tries = 0;
}

/* The timer: whatever is due in the current state. */
static void
dhcp_timer(struct dhcp_client *c, uint64_t now)
{
	const struct dhcp_lease *l = &c->dc_lease;

	switch (c->dc_state) {
	case DHCP_INIT:
		dhcp_new_xid(c, DHCP_SELECTING, now);
		/* FALLTHROUGH */
	case DHCP_SELECTING:
		net_log("dhclient: %s: DHCPDISCOVER\n", c->dc_ifp->if_xname);
		dhcp_send(c, DHCPDISCOVER, bcast(), now);
		c->dc_next_ms = now + backoff_ms(c->dc_tries++);
		break;
	case DHCP_REQUESTING:
		if (c->dc_tries >= DHCP_REQUEST_TRIES) {
			c->dc_state = DHCP_INIT;	/* the offer went stale */
			c->dc_next_ms = now;
			break;
		}
		dhcp_send(c, DHCPREQUEST, bcast(), now);
		c->dc_next_ms = now + backoff_ms(c->dc_tries++);
		break;
	case DHCP_BOUND:			/* T1 */
		dhcp_new_xid(c, DHCP_RENEWING, now);
		/* FALLTHROUGH */
	case DHCP_RENEWING:
		if (now >= lease_at(l, l->t2_s)) {
			dhcp_new_xid(c, DHCP_REBINDING, now);
			dhcp_timer(c, now);
			break;
		}
		net_log("dhclient: %s: renewing: DHCPREQUEST to server\n",
		    c->dc_ifp->if_xname);
		dhcp_send(c, DHCPREQUEST, l->server, now);
		c->dc_next_ms = retry_before(now, lease_at(l, l->t2_s));
		break;
	case DHCP_REBINDING:
		if (now >= lease_at(l, l->lease_s)) {
			c->dc_stats.expiries++;
			dhcp_unbind(c, "lease expired");
			c->dc_state = DHCP_INIT;
			c->dc_next_ms = now;
			break;
		}
		net_log("dhclient: %s: rebinding: DHCPREQUEST broadcast\n",
		    c->dc_ifp->if_xname);
		dhcp_send(c, DHCPREQUEST, bcast(), now);
		c->dc_next_ms = retry_before(now, lease_at(l, l->lease_s));
		break;
	case DHCP_STOPPED:
		c->dc_next_ms = now + DHCP_POLL_MS;
		break;
	}
}

/* An OFFER while selecting: request it. */
static void
dhcp_got_offer(struct dhcp_client *c, const struct dhcp_lease *l, uint64_t now)
{
	char a[INET_ADDRSTRLEN], s[INET_ADDRSTRLEN];

	if (l->server.s_addr == 0 || l->addr.s_addr == 0) {
		c->dc_stats.bad++;	/* an offer must name both */
		return;
	}
	c->dc_stats.offers++;
	net_log("dhclient: %s: DHCPOFFER of %s from %s\n", c->dc_ifp->if_xname,
	    inet_ntoa_r(l->addr, a), inet_ntoa_r(l->server, s));
	c->dc_offer = *l;
	c->dc_state = DHCP_REQUESTING;
	c->dc_tries = 0;
	net_log("dhclient: %s: DHCPREQUEST for %s\n", c->dc_ifp->if_xname, a);
	dhcp_send(c, DHCPREQUEST, bcast(), now);
	c->dc_next_ms = now + backoff_ms(c->dc_tries++);
}

/* One received datagram from port 67. */
static void
dhcp_input(struct dhcp_client *c, const uint8_t *buf, int len, uint64_t now)
{
	struct dhcp_lease l;
	const uint8_t *chaddr;
	uint32_t xid;
	int type, waiting = c->dc_state == DHCP_REQUESTING ||
	    c->dc_state == DHCP_RENEWING || c->dc_state == DHCP_REBINDING;

	if (dhcp_parse(buf, len, &type, &xid, &chaddr, &l) != 0) {
		c->dc_stats.bad++;
		return;
	}
	if (xid != c->dc_xid || memcmp(chaddr, c->dc_ifp->if_lladdr, ETHER_ADDR_LEN) != 0) {
		c->dc_stats.ignored++;
		return;
	}
	if (type == DHCPOFFER && c->dc_state == DHCP_SELECTING) {
		dhcp_got_offer(c, &l, now);
	} else if (type == DHCPACK && waiting && l.addr.s_addr != 0) {
		char s[INET_ADDRSTRLEN];

		c->dc_stats.acks++;
		if (c->dc_state != DHCP_REQUESTING)
			c->dc_stats.renewals++;
		if (l.server.s_addr == 0)
			l.server = c->dc_state == DHCP_REQUESTING ?
			    c->dc_offer.server : c->dc_lease.server;
		net_log("dhclient: %s: DHCPACK from %s\n", c->dc_ifp->if_xname,
		    inet_ntoa_r(l.server, s));
		l.bound_ms = now;
		dhcp_bind(c, &l);
	} else if (type == DHCPNAK && waiting) {
		c->dc_stats.naks++;
		net_log("dhclient: %s: DHCPNAK\n", c->dc_ifp->if_xname);
		dhcp_unbind(c, "lease refused");
		c->dc_state = DHCP_INIT;
		c->dc_next_ms = now;
	} else {
		c->dc_stats.ignored++;
	}
}

int
dhcp_client_create(struct ifnet *ifp, struct dhcp_client **cp)
{
	struct dhcp_client *c;
	struct in_addr any = { 0 };
	int error;

	if (dhcp_client_find(ifp) != NULL)
		return (EEXIST);
	if ((c = net_malloc(sizeof(*c))) == NULL)
		return (ENOMEM);
	if ((c->dc_so = udp_socket()) == NULL) {
		net_free(c);
		return (ENOMEM);
	}
	if ((error = udp_bind(c->dc_so, any, DHCP_CLIENT_PORT)) != 0)
		goto undo_socket;
	udp_bindif(c->dc_so, ifp);
	if_up(ifp);
	c->dc_ifp = ifp;
	c->dc_state = DHCP_INIT;
	c->dc_next_ms = net_uptime_ms();
	net_lock();
	c->dc_next = dhcp_clients;
	dhcp_clients = c;
	net_unlock();
	*cp = c;
	return (0);

undo_socket:
	udp_close(c->dc_so);
	net_free(c);
	return (error);
}

void
dhcp_client_run(struct dhcp_client *c)
{
	uint8_t buf[DHCP_MSG_ACCEPT];

	while (!c->dc_stop) {
		uint64_t now = net_uptime_ms(), wait;
		int n;

		if (now >= c->dc_next_ms) {
			dhcp_timer(c, now);
			continue;
		}
		wait = c->dc_next_ms - now;
		if (wait > DHCP_POLL_MS)
			wait = DHCP_POLL_MS;
		n = udp_recvfrom(c->dc_so, buf, sizeof(buf), NULL, NULL, (uint32_t)wait);
		if (n == -ETIMEDOUT)
			continue;
		/* Socket trouble (don't spin), or longer than we said we accept. */
		if (n < 0 || n > (int)sizeof(buf)) {
			c->dc_stats.bad++;
			continue;
		}
		dhcp_input(c, buf, n, net_uptime_ms());
	}
	c->dc_state = DHCP_STOPPED;
}

void
dhcp_client_stop(struct dhcp_client *c)
{
	c->dc_stop = 1;
}

void
dhcp_client_destroy(struct dhcp_client *c)
{
	struct dhcp_client **pp;

	net_lock();
	for (pp = &dhcp_clients; *pp != NULL; pp = &(*pp)->dc_next)
		if (*pp == c) {
			*pp = c->dc_next;
			break;
		}
	net_unlock();
	udp_close(c->dc_so);
	net_free(c);
}

struct dhcp_client *
dhcp_client_find(const struct ifnet *ifp)
{
	struct dhcp_client *c;

	net_lock();
	for (c = dhcp_clients; c != NULL; c = c->dc_next)
		if (c->dc_ifp == ifp)
			break;
	net_unlock();
	return (c);
}

void
dhcp_client_print(const struct dhcp_client *c)
{
	const struct dhcp_lease *l = &c->dc_lease;
	const struct dhcp_stats *s = &c->dc_stats;
	char a[INET_ADDRSTRLEN], sv[INET_ADDRSTRLEN];
	uint64_t now = net_uptime_ms();

	if (c->dc_bound) {
		uint64_t t1 = lease_at(l, l->t1_s), end = lease_at(l, l->lease_s);

		net_log("\tdhcp: %s %s from %s lease %us renew in %llus expires in %llus\n",
		    dhcp_state_name(c->dc_state), inet_ntoa_r(l->addr, a),
		    inet_ntoa_r(l->server, sv), l->lease_s,
		    (unsigned long long)(t1 > now ? (t1 - now) / 1000 : 0),
		    (unsigned long long)(end > now ? (end - now) / 1000 : 0));
	} else {
		net_log("\tdhcp: %s (no lease)\n", dhcp_state_name(c->dc_state));
	}
	net_log("\tdhcp: discover %u request %u offer %u ack %u nak %u renewed %u "
	    "expired %u bad %u ignored %u\n", s->discovers, s->requests, s->offers,
	    s->acks, s->naks, s->renewals, s->expiries, s->bad, s->ignored);
}
