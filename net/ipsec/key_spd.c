/*
 * The SPD (security policy database) and ACQUIRE.
 *
 * Policies come from X_SPDADD/X_SPDUPDATE messages: a selector (source and
 * destination prefixes with optional ports, upper protocol, direction
 * in/out/fwd), an action (discard, none, ipsec) and, for ipsec, up to
 * IPSEC_MAXREQUESTS ordered requests (ESP or AH, transport or tunnel with
 * endpoints, level default/use/require/unique, reqid).  They are kept in
 * one list sorted by priority (lower first, then oldest first), which is
 * the order key_allocsp() matches in.
 *
 * When the datapath needs an SA that does not exist,
 * ipsec_getsa_for_request() calls key_acquire(), which sends an ACQUIRE
 * with a proposal of every supported algorithm to the sockets registered
 * for the SA type, at most once per KEY_ACQUIRE_INTERVAL seconds for the
 * same SA index (the rest are counted in pfkeystat.acquire_limited).
 * IPSEC_LEVEL_DEFAULT behaves as "use", FreeBSD's default.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/key_sadb.h"
#include "net/ipsec/keysock.h"

#define KEY_REQID_AUTO	16384	/* first reqid given to "unique" requests */

/* A pending ACQUIRE (FreeBSD's secacq). */
struct secacq {
	struct secacq	*next;		/* acqlist */
	struct secasindex saidx;	/* what was asked for */
	uint32_t	 seq;		/* sadb_msg_seq of the ACQUIRE */
	uint64_t	 created;	/* uptime s when sent */
};

static struct secpolicy *splist;	/* the SPD, in match order */
static int spcount;			/* policies in splist */
static uint32_t sp_lastid;		/* last policy id given */
static uint32_t sp_lastreqid = KEY_REQID_AUTO - 1; /* last auto reqid */
static struct secacq *acqlist;		/* pending ACQUIREs */
static uint32_t acq_seq;		/* last ACQUIRE sequence number */

int
key_sp_count(void)
{
	return (spcount);
}

static void
key_sp_unlink(struct secpolicy *sp)
{
	struct secpolicy **pp;

	for (pp = &splist; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == sp) {
			*pp = sp->next;
			spcount--;
			break;
		}
	}
	sp->linked = 0;
	key_freesp(&sp);
}

static void
key_sp_insert(struct secpolicy *sp)
{
	struct secpolicy **pp;

	for (pp = &splist; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->priority > sp->priority)
			break;
	sp->next = *pp;
	*pp = sp;
	sp->linked = 1;
	spcount++;
}

void
key_freesp(struct secpolicy **psp)
{
	struct secpolicy *sp = *psp;

	*psp = NULL;
	if (sp != NULL && --sp->refcnt == 0)
		net_free(sp);
}

/* Reads one request; *used is its length. */
static int
key_parse_request(const uint8_t *p, size_t room, struct ipsecrequest *isr,
    size_t *used)
{
	const struct sadb_x_ipsecrequest *xr = (const void *)p;
	const struct sockaddr *s, *d;
	size_t len, alen;

	if (room < sizeof(*xr))
		return (EINVAL);
	len = xr->sadb_x_ipsecrequest_len;
	if (len < sizeof(*xr) || len % 8 != 0 || len > room ||
	    xr->sadb_x_ipsecrequest_reserved1 != 0 ||
	    xr->sadb_x_ipsecrequest_reserved2 != 0)
		return (EINVAL);
	if ((xr->sadb_x_ipsecrequest_proto != IPPROTO_ESP &&
	    xr->sadb_x_ipsecrequest_proto != IPPROTO_AH) ||
	    (xr->sadb_x_ipsecrequest_mode != IPSEC_MODE_TRANSPORT &&
	    xr->sadb_x_ipsecrequest_mode != IPSEC_MODE_TUNNEL) ||
	    xr->sadb_x_ipsecrequest_level > IPSEC_LEVEL_UNIQUE)
		return (EINVAL);
	memset(isr, 0, sizeof(*isr));
	isr->saidx.proto = (uint8_t)xr->sadb_x_ipsecrequest_proto;
	isr->saidx.mode = xr->sadb_x_ipsecrequest_mode;
	isr->saidx.reqid = xr->sadb_x_ipsecrequest_reqid;
	isr->level = xr->sadb_x_ipsecrequest_level;
	alen = len - sizeof(*xr);
	if (alen == 0) {
		/* Tunnel mode needs its endpoints. */
		*used = len;
		return (isr->saidx.mode == IPSEC_MODE_TUNNEL ? EINVAL : 0);
	}
	s = (const void *)(xr + 1);
	if (!key_sockaddr_ok(s, alen))
		return (EINVAL);
	d = (const void *)((const uint8_t *)s + s->sa_len);
	if (!key_sockaddr_ok(d, alen - s->sa_len) || d->sa_family != s->sa_family ||
	    PFKEY_ALIGN8(sizeof(*xr) + s->sa_len + d->sa_len) != len)
		return (EINVAL);
	memcpy(&isr->saidx.src, s, s->sa_len);
	memcpy(&isr->saidx.dst, d, d->sa_len);
	*used = len;
	return (0);
}

/* X_POLICY extension into sp (type, direction, priority, requests). */
static int
key_msg2sp(const struct sadb_x_policy *xp, size_t extlen, struct secpolicy *sp)
{
	const uint8_t *p = (const uint8_t *)(xp + 1);
	size_t room = extlen - sizeof(*xp), used;
	int error;

	if (xp->sadb_x_policy_dir < IPSEC_DIR_INBOUND ||
	    xp->sadb_x_policy_dir > IPSEC_DIR_FORWARD ||
	    xp->sadb_x_policy_scope != 0)
		return (EINVAL);
	sp->spidx.dir = xp->sadb_x_policy_dir;
	sp->priority = xp->sadb_x_policy_priority;
	sp->policy = xp->sadb_x_policy_type;
	switch (sp->policy) {
	case IPSEC_POLICY_DISCARD:
	case IPSEC_POLICY_NONE:
		return (room == 0 ? 0 : EINVAL);
	case IPSEC_POLICY_IPSEC:
		break;
	default:
		return (EINVAL);
	}
	while (room > 0) {
		if (sp->nreq == IPSEC_MAXREQUESTS)
			return (EINVAL);
		error = key_parse_request(p, room, &sp->req[sp->nreq], &used);
		if (error != 0)
			return (error);
		sp->nreq++;
		p += used;
		room -= used;
	}
	return (sp->nreq == 0 ? EINVAL : 0);
}

/* Selector from the address extensions (ports kept). */
static void
key_msg2spidx(const struct sadb_msghdr *mhp, struct secpolicyindex *spidx)
{
	const struct sadb_address *s = (const void *)mhp->ext[SADB_EXT_ADDRESS_SRC];
	const struct sadb_address *d = (const void *)mhp->ext[SADB_EXT_ADDRESS_DST];
	const struct sockaddr *ss = (const void *)(s + 1);
	const struct sockaddr *ds = (const void *)(d + 1);

	memset(&spidx->src, 0, sizeof(spidx->src));
	memset(&spidx->dst, 0, sizeof(spidx->dst));
	memcpy(&spidx->src, ss, ss->sa_len);
	memcpy(&spidx->dst, ds, ds->sa_len);
	spidx->prefs = s->sadb_address_prefixlen;
	spidx->prefd = d->sadb_address_prefixlen;
	spidx->ul_proto = s->sadb_address_proto;
}

static int
key_spidx_eq(const struct secpolicyindex *a, const struct secpolicyindex *b)
{
	return (a->dir == b->dir && a->prefs == b->prefs &&
	    a->prefd == b->prefd && a->ul_proto == b->ul_proto &&
	    key_sockaddr_cmp(&a->src, &b->src, 1) == 0 &&
	    key_sockaddr_cmp(&a->dst, &b->dst, 1) == 0);
}

static struct secpolicy *
key_sp_byspidx(const struct secpolicyindex *spidx)
{
	struct secpolicy *sp;

	for (sp = splist; sp != NULL; sp = sp->next)
		if (key_spidx_eq(&sp->spidx, spidx))
			return (sp);
	return (NULL);
}

static struct secpolicy *
key_sp_byid(uint32_t id)
{
	struct secpolicy *sp;

	for (sp = splist; sp != NULL; sp = sp->next)
		if (sp->id == id)
			return (sp);
	return (NULL);
}

/* Message about sp: addresses and X_POLICY. */
static int
key_sp_send(struct keycb *so, const struct sadb_msg *tmpl, uint8_t type,
    const struct secpolicy *sp, int target)
{
	struct keybuf kb;
	int error;

	kb_init(&kb);
	kb_msg(&kb, tmpl, type, SADB_SATYPE_UNSPEC);
	kb_add_address(&kb, SADB_EXT_ADDRESS_SRC, &sp->spidx.src,
	    sp->spidx.prefs, sp->spidx.ul_proto);
	kb_add_address(&kb, SADB_EXT_ADDRESS_DST, &sp->spidx.dst,
	    sp->spidx.prefd, sp->spidx.ul_proto);
	kb_add_policy(&kb, sp);
	kb_finish(&kb);
	error = kb.error;
	if (error == 0)
		error = key_sendup(so, kb.buf, kb.len, target, 0);
	kb_free(&kb);
	return (error);
}

/* X_SPDADD and X_SPDUPDATE. */
static int
key_spdadd(struct keycb *so, const struct sadb_msghdr *mhp)
{
	const struct sadb_x_policy *xp = (const void *)mhp->ext[SADB_X_EXT_POLICY];
	struct secpolicy *sp, *old;
	int error, i;

	if ((sp = net_malloc(sizeof(*sp))) == NULL)
		return (ENOBUFS);
	sp->refcnt = 1;
	key_msg2spidx(mhp, &sp->spidx);
	error = key_msg2sp(xp, mhp->extlen[SADB_X_EXT_POLICY], sp);
	old = error ? NULL : key_sp_byspidx(&sp->spidx);
	if (error == 0 && old != NULL &&
	    mhp->msg->sadb_msg_type == SADB_X_SPDADD)
		error = EEXIST;
	if (error != 0) {
		key_freesp(&sp);
		return (error);
	}
	for (i = 0; i < sp->nreq; i++)
		if (sp->req[i].level == IPSEC_LEVEL_UNIQUE &&
		    sp->req[i].saidx.reqid == 0)
			sp->req[i].saidx.reqid = ++sp_lastreqid;
	if (old != NULL)
		key_sp_unlink(old);
	sp->id = ++sp_lastid;
	sp->created = key_now();
	key_sp_insert(sp);
	key_sp_send(so, mhp->msg, mhp->msg->sadb_msg_type, sp, KEY_SENDUP_ALL);
	return (0);
}

static int
key_spddelete(struct keycb *so, const struct sadb_msghdr *mhp)
{
	const struct sadb_x_policy *xp = (const void *)mhp->ext[SADB_X_EXT_POLICY];
	struct secpolicyindex spidx;
	struct secpolicy *sp;

	key_msg2spidx(mhp, &spidx);
	spidx.dir = xp->sadb_x_policy_dir;
	if ((sp = key_sp_byspidx(&spidx)) == NULL)
		return (ENOENT);
	key_sp_send(so, mhp->msg, SADB_X_SPDDELETE, sp, KEY_SENDUP_ALL);
	key_sp_unlink(sp);
	return (0);
}

/* X_SPDDELETE2 and X_SPDGET: by the policy id. */
static int
key_spd_byid_msg(struct keycb *so, const struct sadb_msghdr *mhp)
{
	const struct sadb_x_policy *xp = (const void *)mhp->ext[SADB_X_EXT_POLICY];
	struct secpolicy *sp = key_sp_byid(xp->sadb_x_policy_id);
	uint8_t type = mhp->msg->sadb_msg_type;

	if (sp == NULL)
		return (ENOENT);
	if (type == SADB_X_SPDGET)
		return (key_sp_send(so, mhp->msg, type, sp, KEY_SENDUP_ONE));
	key_sp_send(so, mhp->msg, type, sp, KEY_SENDUP_ALL);
	key_sp_unlink(sp);
	return (0);
}

/*
 * X_SPDDUMP: as SADB_DUMP (key.c), the policies there when it was asked
 * for, held by references and sent as the reader reads.
 */
struct key_spdump {
	struct key_dump	  kd;		/* the socket's view */
	struct sadb_msg	  tmpl;		/* the request's header */
	struct secpolicy **sps;		/* referenced policies, in match order */
	uint32_t	  n;		/* policies in sps */
	uint32_t	  next;		/* index of the next to send */
};

static int
key_spdump_next(struct keycb *so, struct key_dump *kd)
{
	struct key_spdump *d = (struct key_spdump *)kd;

	d->tmpl.sadb_msg_seq = d->n - 1 - d->next;
	/* FreeBSD's dump says the policy's reference count here (setkey's refcnt=). */
	d->tmpl.sadb_msg_reserved = (uint16_t)(d->sps[d->next]->refcnt > 0xffff ? 0xffff :
	    d->sps[d->next]->refcnt);
	if (key_sp_send(so, &d->tmpl, SADB_X_SPDDUMP, d->sps[d->next], KEY_SENDUP_ONE) != 0)
		return (-1);
	key_freesp(&d->sps[d->next]);
	return (++d->next < d->n);
}

static void
key_spdump_free(struct key_dump *kd)
{
	struct key_spdump *d = (struct key_spdump *)kd;

	while (d->next < d->n)
		key_freesp(&d->sps[d->next++]);
	net_free(d->sps);
	net_free(d);
}

static int
key_spddump(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct key_spdump *d;
	struct secpolicy *sp;
	int error;

	if (spcount == 0)
		return (ENOENT);
	if ((d = net_malloc(sizeof(*d))) == NULL ||
	    (d->sps = net_malloc((size_t)spcount * sizeof(d->sps[0]))) == NULL) {
		net_free(d);
		return (ENOBUFS);
	}
	d->kd.kd_next = key_spdump_next;
	d->kd.kd_free = key_spdump_free;
	d->tmpl = *mhp->msg;
	for (sp = splist; sp != NULL; sp = sp->next) {
		sp->refcnt++;
		d->sps[d->n++] = sp;
	}
	if ((error = key_socket_start_dump(so, &d->kd)) != 0)
		key_spdump_free(&d->kd);
	return (error);
}

static int
key_spdflush(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct sadb_msg m = *mhp->msg;

	while (splist != NULL)
		key_sp_unlink(splist);
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	return (key_sendup(so, &m, sizeof(m), KEY_SENDUP_ALL, 0));
}

int
key_spd_dispatch(struct keycb *so, const struct sadb_msghdr *mhp)
{
	switch (mhp->msg->sadb_msg_type) {
	case SADB_X_SPDADD:
	case SADB_X_SPDUPDATE:
		return (key_spdadd(so, mhp));
	case SADB_X_SPDDELETE:
		return (key_spddelete(so, mhp));
	case SADB_X_SPDDELETE2:
	case SADB_X_SPDGET:
		return (key_spd_byid_msg(so, mhp));
	case SADB_X_SPDDUMP:
		return (key_spddump(so, mhp));
	case SADB_X_SPDFLUSH:
		return (key_spdflush(so, mhp));
	}
	return (EOPNOTSUPP);
}

static int
key_sp_matches(const struct secpolicy *sp, int dir,
    const struct ipsec_selector *sel)
{
	if (sp->spidx.dir != dir)
		return (0);
	if (sp->spidx.ul_proto != IPSEC_ULPROTO_ANY &&
	    sp->spidx.ul_proto != sel->ul_proto)
		return (0);
	return (key_prefix_match(&sp->spidx.src, sp->spidx.prefs, &sel->src) &&
	    key_prefix_match(&sp->spidx.dst, sp->spidx.prefd, &sel->dst));
}

struct secpolicy *
key_allocsp(int dir, const struct ipsec_selector *sel)
{
	struct secpolicy *sp;

	net_assert_locked();
	for (sp = splist; sp != NULL; sp = sp->next) {
		if (key_sp_matches(sp, dir, sel)) {
			sp->refcnt++;
			sp->lastused = key_now();
			return (sp);
		}
	}
	return (NULL);
}

/* The SA index a request asks for, for a packet from src to dst. */
static void
key_isr_saidx(const struct ipsecrequest *isr, const union sockaddr_union *src,
    const union sockaddr_union *dst, struct secasindex *saidx)
{
	*saidx = isr->saidx;
	if (isr->saidx.mode != IPSEC_MODE_TUNNEL) {
		memset(&saidx->src, 0, sizeof(saidx->src));
		memset(&saidx->dst, 0, sizeof(saidx->dst));
		memcpy(&saidx->src, src, key_sa_len(src->sa.sa_family));
		memcpy(&saidx->dst, dst, key_sa_len(dst->sa.sa_family));
	}
	if (saidx->src.sa.sa_family == AF_INET) {
		saidx->src.sin.sin_port = 0;
		saidx->dst.sin.sin_port = 0;
	} else {
		saidx->src.sin6.sin6_port = 0;
		saidx->dst.sin6.sin6_port = 0;
	}
}

/* Whether an SA with index `have` serves the SA index `want` a request asks for. */
static int
key_saidx_fits(const struct secasindex *have, const struct secasindex *want)
{
	if (have->proto != want->proto ||
	    key_sockaddr_cmp(&have->src, &want->src, 0) != 0 ||
	    key_sockaddr_cmp(&have->dst, &want->dst, 0) != 0)
		return (0);
	if (have->mode != IPSEC_MODE_ANY && have->mode != want->mode)
		return (0);
	return (want->reqid == 0 || have->reqid == want->reqid);
}

int
key_request_allows(const struct ipsecrequest *isr, const union sockaddr_union *src,
    const union sockaddr_union *dst, const struct secasindex *have)
{
	struct secasindex want;

	if (src->sa.sa_family != dst->sa.sa_family || key_sa_len(src->sa.sa_family) == 0)
		return (0);
	key_isr_saidx(isr, src, dst, &want);
	return (key_saidx_fits(have, &want));
}

int
ipsec_getsa_for_request(struct secpolicy *sp, int isr_index,
    const union sockaddr_union *src, const union sockaddr_union *dst,
    struct secasvar **psav)
{
	const struct ipsecrequest *isr;
	struct secasindex saidx;
	struct secasvar *sav, *best = NULL;
	int state;

	net_assert_locked();
	*psav = NULL;
	if (sp == NULL || isr_index < 0 || isr_index >= sp->nreq ||
	    src->sa.sa_family != dst->sa.sa_family ||
	    key_sa_len(src->sa.sa_family) == 0)
		return (EINVAL);
	isr = &sp->req[isr_index];
	key_isr_saidx(isr, src, dst, &saidx);
	/* A mature SA before a dying one; the newest of a state (FreeBSD). */
	for (state = SADB_SASTATE_MATURE; state <= SADB_SASTATE_DYING &&
	    best == NULL; state++)
		for (sav = key_sav_first(state); sav != NULL; sav = sav->state_next)
			if (key_saidx_fits(&sav->saidx, &saidx))
				best = sav;
	if (best != NULL) {
		best->refcnt++;
		*psav = best;
		return (0);
	}
	key_acquire(sp, &saidx);
	return (isr->level == IPSEC_LEVEL_USE ||
	    isr->level == IPSEC_LEVEL_DEFAULT ? 0 : ENOENT);
}

static int
key_acq_same(const struct secasindex *a, const struct secasindex *b)
{
	return (a->proto == b->proto && a->mode == b->mode &&
	    a->reqid == b->reqid &&
	    key_sockaddr_cmp(&a->src, &b->src, 0) == 0 &&
	    key_sockaddr_cmp(&a->dst, &b->dst, 0) == 0);
}

static void
key_add_comb(struct keybuf *kb, const struct ipsec_alg *e,
    const struct ipsec_alg *a)
{
	struct sadb_comb *c = kb_append(kb, sizeof(*c));

	if (c == NULL)
		return;
	if (e != NULL) {
		c->sadb_comb_encrypt = e->sadb_id;
		c->sadb_comb_encrypt_minbits = e->minbits;
		c->sadb_comb_encrypt_maxbits = e->maxbits;
	}
	if (a != NULL) {
		c->sadb_comb_auth = a->sadb_id;
		c->sadb_comb_auth_minbits = a->minbits;
		c->sadb_comb_auth_maxbits = a->maxbits;
	}
}

/*
 * PROPOSAL with one combination per usable algorithm pair: AH, each
 * HMAC; ESP, each AEAD alone and each other cipher with each HMAC.
 */
static void
key_add_proposal(struct keybuf *kb, uint8_t proto)
{
	const struct ipsec_alg *e, *a;
	struct sadb_prop *prop;
	size_t start = kb->len;
	int i, j;

	if ((prop = kb_append(kb, sizeof(*prop))) == NULL)
		return;
	prop->sadb_prop_exttype = SADB_EXT_PROPOSAL;
	prop->sadb_prop_replay = IPSEC_REPLAYWSIZE_DEF;
	if (proto == IPPROTO_AH) {
		for (j = 0; (a = ipsec_alg_index(0, j)) != NULL; j++)
			key_add_comb(kb, NULL, a);
	} else {
		for (i = 0; (e = ipsec_alg_index(1, i)) != NULL; i++) {
			if (e->aead) {
				key_add_comb(kb, e, NULL);
				continue;
			}
			for (j = 0; (a = ipsec_alg_index(0, j)) != NULL; j++)
				key_add_comb(kb, e, a);
		}
	}
	if (kb->error != 0)
		return;
	prop = (struct sadb_prop *)(kb->buf + start);
	prop->sadb_prop_len = (uint16_t)PFKEY_UNIT64(kb->len - start);
}

int
key_acquire(struct secpolicy *sp, const struct secasindex *saidx)
{
	uint8_t satype = key_proto2satype(saidx->proto);
	struct sadb_msg tmpl;
	struct secacq *acq;
	struct keybuf kb;
	int error;

	net_assert_locked();
	if (satype == SADB_SATYPE_UNSPEC || key_sa_len(saidx->dst.sa.sa_family) == 0)
		return (EINVAL);
	for (acq = acqlist; acq != NULL; acq = acq->next) {
		if (key_acq_same(&acq->saidx, saidx)) {
			if (key_now() - acq->created < KEY_ACQUIRE_INTERVAL) {
				pfkeystat.acquire_limited++;
				return (EEXIST);
			}
			break;
		}
	}
	if (acq == NULL) {
		if ((acq = net_malloc(sizeof(*acq))) == NULL)
			return (ENOBUFS);
		acq->saidx = *saidx;
		acq->next = acqlist;
		acqlist = acq;
	}
	acq->created = key_now();
	acq->seq = ++acq_seq;
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.sadb_msg_seq = acq->seq;
	kb_init(&kb);
	kb_msg(&kb, &tmpl, SADB_ACQUIRE, satype);
	kb_add_address(&kb, SADB_EXT_ADDRESS_SRC, &saidx->src,
	    saidx->src.sa.sa_family == AF_INET ? 32 : 128, IPSEC_ULPROTO_ANY);
	kb_add_address(&kb, SADB_EXT_ADDRESS_DST, &saidx->dst,
	    saidx->dst.sa.sa_family == AF_INET ? 32 : 128, IPSEC_ULPROTO_ANY);
	if (sp != NULL)
		kb_add_policy(&kb, sp);
	key_add_proposal(&kb, saidx->proto);
	kb_finish(&kb);
	error = kb.error;
	if (error == 0) {
		key_sendup(NULL, kb.buf, kb.len, KEY_SENDUP_REGISTERED, satype);
		pfkeystat.acquire_sent++;
	}
	kb_free(&kb);
	return (error);
}

/* Forgets pending ACQUIREs older than three intervals. */
void
key_acq_timehandler(void)
{
	struct secacq **pp = &acqlist, *acq;
	uint64_t now = key_now();

	while ((acq = *pp) != NULL) {
		if (now - acq->created >= 3 * KEY_ACQUIRE_INTERVAL) {
			*pp = acq->next;
			net_free(acq);
		} else {
			pp = &acq->next;
		}
	}
}

void
key_acq_forget(const struct secasindex *saidx)
{
	struct secacq **pp = &acqlist, *acq;

	while ((acq = *pp) != NULL) {
		if (acq->saidx.proto == saidx->proto &&
		    key_sockaddr_cmp(&acq->saidx.src, &saidx->src, 0) == 0 &&
		    key_sockaddr_cmp(&acq->saidx.dst, &saidx->dst, 0) == 0) {
			*pp = acq->next;
			net_free(acq);
		} else {
			pp = &acq->next;
		}
	}
}

void
key_spd_reset(void)
{
	struct secacq *acq;

	while (splist != NULL)
		key_sp_unlink(splist);
	while ((acq = acqlist) != NULL) {
		acqlist = acq->next;
		net_free(acq);
	}
}
