/*
 * Building PF_KEY messages, and the sockaddr helpers the key engine uses.
 *
 * Every message the kernel sends up is built in a keybuf: a growable
 * buffer whose appends are zeroed and padded to 8 bytes, so extension
 * lengths are always exact multiples of 64 bits and padding never leaks
 * old memory.  A failed allocation or a message that would pass
 * KEY_MSG_MAX sets kb->error once; later appends do nothing, and the
 * caller checks the error when the message is finished.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"

uint64_t
key_now(void)
{
	return (net_uptime_ms() / 1000);
}

uint64_t
key_walltime(uint64_t up)
{
	return (net_boottime_sec() + up);
}

size_t
key_sa_len(int family)
{
	if (family == AF_INET)
		return (sizeof(struct sockaddr_in));
	if (family == AF_INET6)
		return (sizeof(struct sockaddr_in6));
	return (0);
}

/* A sockaddr of a known family whose sa_len is exact and fits in room. */
int
key_sockaddr_ok(const struct sockaddr *sa, size_t room)
{
	size_t need;

	if (room < 2)
		return (0);
	need = key_sa_len(sa->sa_family);
	return (need != 0 && sa->sa_len == need && need <= room);
}

static const uint8_t *
key_sa_addr(const union sockaddr_union *a, size_t *len)
{
	if (a->sa.sa_family == AF_INET) {
		*len = 4;
		return ((const uint8_t *)&a->sin.sin_addr);
	}
	*len = 16;
	return (a->sin6.sin6_addr.s6_addr);
}

static uint16_t
key_sa_port(const union sockaddr_union *a)
{
	return (a->sa.sa_family == AF_INET ? a->sin.sin_port : a->sin6.sin6_port);
}

int
key_sockaddr_cmp(const union sockaddr_union *a, const union sockaddr_union *b,
    int ports)
{
	const uint8_t *pa, *pb;
	size_t la, lb;

	if (a->sa.sa_family != b->sa.sa_family)
		return (1);
	if (a->sa.sa_family != AF_INET && a->sa.sa_family != AF_INET6)
		return (1);
	pa = key_sa_addr(a, &la);
	pb = key_sa_addr(b, &lb);
	if (memcmp(pa, pb, la) != 0)
		return (1);
	if (ports && key_sa_port(a) != key_sa_port(b))
		return (1);
	return (0);
}

/*
 * addr inside net/plen, and the port of net (0: any) equal to addr's.
 */
int
key_prefix_match(const union sockaddr_union *net, int plen,
    const union sockaddr_union *addr)
{
	const uint8_t *pn, *pa;
	size_t ln, la;
	int i, bits;

	if (net->sa.sa_family != addr->sa.sa_family)
		return (0);
	pn = key_sa_addr(net, &ln);
	pa = key_sa_addr(addr, &la);
	for (i = 0, bits = plen; bits > 0 && (size_t)i < ln; i++, bits -= 8) {
		uint8_t mask = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));

		if ((pn[i] & mask) != (pa[i] & mask))
			return (0);
	}
	if (key_sa_port(net) != 0 && key_sa_port(net) != key_sa_port(addr))
		return (0);
	return (1);
}

void
kb_init(struct keybuf *kb)
{
	memset(kb, 0, sizeof(*kb));
}

void
kb_free(struct keybuf *kb)
{
	net_free(kb->buf);
	kb_init(kb);
}

void *
kb_append(struct keybuf *kb, size_t len)
{
	size_t need = PFKEY_ALIGN8(len), cap;
	uint8_t *nb;
	void *p;

	if (kb->error != 0)
		return (NULL);
	if (kb->len + need > KEY_MSG_MAX - 8) {
		kb->error = EMSGSIZE;
		return (NULL);
	}
	if (kb->len + need > kb->cap) {
		cap = kb->cap ? kb->cap : 256;
		while (cap < kb->len + need)
			cap *= 2;
		nb = net_malloc(cap);
		if (nb == NULL) {
			kb->error = ENOBUFS;
			return (NULL);
		}
		if (kb->len != 0)
			memcpy(nb, kb->buf, kb->len);
		net_free(kb->buf);
		kb->buf = nb;
		kb->cap = cap;
	}
	p = kb->buf + kb->len;
	memset(p, 0, need);
	kb->len += need;
	return (p);
}

/*
 * Starts a message: header copied from tmpl (seq, pid, and reserved: 0 in
 * what key_parse accepted, a reference count in a dump's) or zero.
 */
void
kb_msg(struct keybuf *kb, const struct sadb_msg *tmpl, uint8_t type,
    uint8_t satype)
{
	struct sadb_msg *m = kb_append(kb, sizeof(*m));

	if (m == NULL)
		return;
	if (tmpl != NULL) {
		m->sadb_msg_seq = tmpl->sadb_msg_seq;
		m->sadb_msg_pid = tmpl->sadb_msg_pid;
		m->sadb_msg_reserved = tmpl->sadb_msg_reserved;
	}
	m->sadb_msg_version = PF_KEY_V2;
	m->sadb_msg_type = type;
	m->sadb_msg_satype = satype;
}

void
kb_finish(struct keybuf *kb)
{
	if (kb->error == 0 && kb->len >= sizeof(struct sadb_msg))
		((struct sadb_msg *)kb->buf)->sadb_msg_len =
		    (uint16_t)PFKEY_UNIT64(kb->len);
}

void
kb_add_raw(struct keybuf *kb, const struct sadb_ext *ext)
{
	size_t len = PFKEY_UNUNIT64(ext->sadb_ext_len);
	void *p = kb_append(kb, len);

	if (p != NULL)
		memcpy(p, ext, len);
}

void
kb_add_sa(struct keybuf *kb, const struct secasvar *sav)
{
	struct sadb_sa *sa = kb_append(kb, sizeof(*sa));

	if (sa == NULL)
		return;
	sa->sadb_sa_len = PFKEY_UNIT64(sizeof(*sa));
	sa->sadb_sa_exttype = SADB_EXT_SA;
	sa->sadb_sa_spi = sav->spi;
	sa->sadb_sa_replay = sav->replay.wsize > 255 ? 255 :
	    (uint8_t)sav->replay.wsize;
	sa->sadb_sa_state = sav->state;
	sa->sadb_sa_auth = sav->alg_auth;
	sa->sadb_sa_encrypt = sav->alg_enc;
	sa->sadb_sa_flags = sav->flags;
}

void
kb_add_sa2(struct keybuf *kb, const struct secasvar *sav)
{
	struct sadb_x_sa2 *s2 = kb_append(kb, sizeof(*s2));

	if (s2 == NULL)
		return;
	s2->sadb_x_sa2_len = PFKEY_UNIT64(sizeof(*s2));
	s2->sadb_x_sa2_exttype = SADB_X_EXT_SA2;
	s2->sadb_x_sa2_mode = sav->saidx.mode;
	s2->sadb_x_sa2_reqid = sav->saidx.reqid;
	s2->sadb_x_sa2_sequence = (uint32_t)sav->replay.count;
}

void
kb_add_lifetime(struct keybuf *kb, uint16_t exttype, const struct seclifetime *lt)
{
	struct sadb_lifetime *l = kb_append(kb, sizeof(*l));

	if (l == NULL)
		return;
	l->sadb_lifetime_len = PFKEY_UNIT64(sizeof(*l));
	l->sadb_lifetime_exttype = exttype;
	l->sadb_lifetime_allocations = lt->allocations;
	l->sadb_lifetime_bytes = lt->bytes;
	l->sadb_lifetime_addtime = lt->addtime;
	l->sadb_lifetime_usetime = lt->usetime;
	/* The current lifetime's times are kept as uptime; FreeBSD sends dates. */
	if (exttype == SADB_EXT_LIFETIME_CURRENT) {
		l->sadb_lifetime_addtime = key_walltime(lt->addtime);
		/* usetime 0: never used (key_sadb.c makes a use at second 0 1). */
		l->sadb_lifetime_usetime = lt->usetime ? key_walltime(lt->usetime) : 0;
	}
}

void
kb_add_address(struct keybuf *kb, uint16_t exttype,
    const union sockaddr_union *a, uint8_t plen, uint8_t proto)
{
	size_t salen = key_sa_len(a->sa.sa_family);
	struct sadb_address *ad;

	if (salen == 0) {
		kb->error = EINVAL;
		return;
	}
	ad = kb_append(kb, sizeof(*ad) + salen);
	if (ad == NULL)
		return;
	ad->sadb_address_len = PFKEY_UNIT64(PFKEY_ALIGN8(sizeof(*ad) + salen));
	ad->sadb_address_exttype = exttype;
	ad->sadb_address_proto = proto;
	ad->sadb_address_prefixlen = plen;
	memcpy(ad + 1, a, salen);
}

void
kb_add_key(struct keybuf *kb, uint16_t exttype, const struct seckey *k)
{
	struct sadb_key *kk = kb_append(kb, sizeof(*kk) + k->len);

	if (kk == NULL)
		return;
	kk->sadb_key_len = PFKEY_UNIT64(PFKEY_ALIGN8(sizeof(*kk) + k->len));
	kk->sadb_key_exttype = exttype;
	kk->sadb_key_bits = k->bits;
	memcpy(kk + 1, k->data, k->len);
}

void
kb_add_replay(struct keybuf *kb, uint32_t wsize)
{
	struct sadb_x_sa_replay *r = kb_append(kb, sizeof(*r));

	if (r == NULL)
		return;
	r->sadb_x_sa_replay_len = PFKEY_UNIT64(sizeof(*r));
	r->sadb_x_sa_replay_exttype = SADB_X_EXT_SA_REPLAY;
	r->sadb_x_sa_replay_replay = wsize;
}

/* X_POLICY with its requests (tunnel endpoints after each request). */
void
kb_add_policy(struct keybuf *kb, const struct secpolicy *sp)
{
	size_t start = kb->len, len;
	struct sadb_x_policy *xp;
	int i;

	xp = kb_append(kb, sizeof(*xp));
	if (xp == NULL)
		return;
	xp->sadb_x_policy_exttype = SADB_X_EXT_POLICY;
	xp->sadb_x_policy_type = sp->policy;
	xp->sadb_x_policy_dir = sp->spidx.dir;
	xp->sadb_x_policy_id = sp->id;
	xp->sadb_x_policy_priority = sp->priority;
	for (i = 0; i < sp->nreq; i++) {
		const struct ipsecrequest *isr = &sp->req[i];
		size_t slen = 0, dlen = 0;
		struct sadb_x_ipsecrequest *xr;

		if (isr->saidx.mode == IPSEC_MODE_TUNNEL) {
			slen = key_sa_len(isr->saidx.src.sa.sa_family);
			dlen = key_sa_len(isr->saidx.dst.sa.sa_family);
		}
		xr = kb_append(kb, sizeof(*xr) + slen + dlen);
		if (xr == NULL)
			return;
		xr->sadb_x_ipsecrequest_len =
		    (uint16_t)PFKEY_ALIGN8(sizeof(*xr) + slen + dlen);
		xr->sadb_x_ipsecrequest_proto = isr->saidx.proto;
		xr->sadb_x_ipsecrequest_mode = isr->saidx.mode;
		xr->sadb_x_ipsecrequest_level = isr->level;
		xr->sadb_x_ipsecrequest_reqid = isr->saidx.reqid;
		memcpy((uint8_t *)(xr + 1), &isr->saidx.src, slen);
		memcpy((uint8_t *)(xr + 1) + slen, &isr->saidx.dst, dlen);
	}
	/* kb->buf may have moved while appending: find the header again. */
	len = kb->len - start;
	xp = (struct sadb_x_policy *)(kb->buf + start);
	xp->sadb_x_policy_len = (uint16_t)PFKEY_UNIT64(len);
}
