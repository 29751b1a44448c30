/*
 * PF_KEY message processing (FreeBSD's key.c): key_parse() validates a
 * message written to a key socket, then a dispatch table by message type
 * runs its handler; this file also holds the SA message handlers
 * (GETSPI, UPDATE, ADD, DELETE, GET, REGISTER, FLUSH, DUMP, X_PROMISC).
 * The SPD's handlers and ACQUIRE are in key_spd.c, SA storage and
 * lifetimes in key_sadb.c.
 *
 * Validation happens at one place, key_validate(), before anything is
 * changed: the message length (64-bit units) must equal the bytes written
 * and be at most KEY_MSG_MAX; version, reserved and errno fields; every
 * extension's length (non-zero, inside the message, the exact size of its
 * type), its type (known, allowed for the message type, not twice); the
 * extensions RFC 2367 section 3.1 requires for the message type; address
 * extensions (family, sa_len, prefix length, both ends one family) and
 * key extensions (bits against length).  Handlers then check what depends
 * on the SADB (SPI in use, SA missing, algorithm and key sizes through the
 * transform's init) also before changing anything, so a refused message
 * leaves the SADB exactly as it was and only gets an error reply.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/key_sadb.h"
#include "net/ipsec/keysock.h"

struct pfkeystat pfkeystat;

#define EXT(t)		(1u << (t))
#define EXT_ADDRS	(EXT(SADB_EXT_ADDRESS_SRC) | EXT(SADB_EXT_ADDRESS_DST))
#define EXT_SAOPT	(EXT(SADB_EXT_LIFETIME_HARD) | EXT(SADB_EXT_LIFETIME_SOFT) | \
	EXT(SADB_EXT_KEY_AUTH) | EXT(SADB_EXT_KEY_ENCRYPT) | \
	EXT(SADB_EXT_IDENTITY_SRC) | EXT(SADB_EXT_IDENTITY_DST) | \
	EXT(SADB_EXT_SENSITIVITY) | EXT(SADB_EXT_ADDRESS_PROXY) | \
	EXT(SADB_X_EXT_SA2) | EXT(SADB_X_EXT_SA_REPLAY))

/* Which SA types a message type accepts. */
enum satype_rule {
	SAT_SPECIFIC,		/* AH or ESP */
	SAT_ANY,		/* UNSPEC, AH or ESP */
	SAT_UNSPEC,		/* UNSPEC only (SPD messages) */
	SAT_FLAG,		/* X_PROMISC: 0 off, 1 on */
};

typedef int key_handler(struct keycb *so, const struct sadb_msghdr *mhp);

/* How one message type is checked and executed. */
struct key_msgtype {
	key_handler	*handler;	/* NULL: type not supported */
	uint32_t	 required;	/* EXT() bits that must be present */
	uint32_t	 allowed;	/* EXT() bits that may be present */
	enum satype_rule satype;	/* accepted sadb_msg_satype */
};

static key_handler key_getspi, key_update, key_add, key_delete, key_get,
    key_acquire2, key_register, key_expire_in, key_flush, key_dump,
    key_promisc;

static const struct key_msgtype key_msgtypes[SADB_MAX + 1] = {
	[SADB_GETSPI] = { key_getspi, EXT_ADDRS | EXT(SADB_EXT_SPIRANGE),
	    EXT(SADB_X_EXT_SA2) | EXT(SADB_EXT_ADDRESS_PROXY), SAT_SPECIFIC },
	[SADB_UPDATE] = { key_update, EXT(SADB_EXT_SA) | EXT_ADDRS, EXT_SAOPT,
	    SAT_SPECIFIC },
	[SADB_ADD] = { key_add, EXT(SADB_EXT_SA) | EXT_ADDRS, EXT_SAOPT,
	    SAT_SPECIFIC },
	/* KAME: DELETE without an SA extension deletes all (setkey deleteall). */
	[SADB_DELETE] = { key_delete, EXT_ADDRS, EXT(SADB_EXT_SA) |
	    EXT(SADB_EXT_ADDRESS_PROXY), SAT_SPECIFIC },
	[SADB_GET] = { key_get, EXT(SADB_EXT_SA) | EXT_ADDRS,
	    EXT(SADB_EXT_ADDRESS_PROXY), SAT_SPECIFIC },
	[SADB_ACQUIRE] = { key_acquire2, 0, EXT_ADDRS | EXT(SADB_EXT_PROPOSAL) |
	    EXT(SADB_EXT_ADDRESS_PROXY) | EXT(SADB_EXT_IDENTITY_SRC) |
	    EXT(SADB_EXT_IDENTITY_DST) | EXT(SADB_EXT_SENSITIVITY) |
	    EXT(SADB_X_EXT_POLICY), SAT_SPECIFIC },
	[SADB_REGISTER] = { key_register, 0, 0, SAT_ANY },
	[SADB_EXPIRE] = { key_expire_in, 0, 0, SAT_SPECIFIC },
	[SADB_FLUSH] = { key_flush, 0, 0, SAT_ANY },
	[SADB_DUMP] = { key_dump, 0, 0, SAT_ANY },
	[SADB_X_PROMISC] = { key_promisc, 0, 0, SAT_FLAG },
	[SADB_X_SPDUPDATE] = { key_spd_dispatch, EXT_ADDRS | EXT(SADB_X_EXT_POLICY),
	    EXT(SADB_EXT_LIFETIME_HARD), SAT_UNSPEC },
	[SADB_X_SPDADD] = { key_spd_dispatch, EXT_ADDRS | EXT(SADB_X_EXT_POLICY),
	    EXT(SADB_EXT_LIFETIME_HARD), SAT_UNSPEC },
	[SADB_X_SPDDELETE] = { key_spd_dispatch, EXT_ADDRS | EXT(SADB_X_EXT_POLICY),
	    0, SAT_UNSPEC },
	[SADB_X_SPDGET] = { key_spd_dispatch, EXT(SADB_X_EXT_POLICY), 0, SAT_UNSPEC },
	[SADB_X_SPDDUMP] = { key_spd_dispatch, 0, 0, SAT_UNSPEC },
	[SADB_X_SPDFLUSH] = { key_spd_dispatch, 0, 0, SAT_UNSPEC },
	[SADB_X_SPDDELETE2] = { key_spd_dispatch, EXT(SADB_X_EXT_POLICY), 0,
	    SAT_UNSPEC },
};

/* Exact size of fixed-size extensions; minimum of the others. */
static const struct {
	uint16_t	size;		/* bytes */
	uint8_t		exact;		/* size is exact */
} key_extsize[SADB_EXT_MAX + 1] = {
	[SADB_EXT_SA] = { sizeof(struct sadb_sa), 1 },
	[SADB_EXT_LIFETIME_CURRENT] = { sizeof(struct sadb_lifetime), 1 },
	[SADB_EXT_LIFETIME_HARD] = { sizeof(struct sadb_lifetime), 1 },
	[SADB_EXT_LIFETIME_SOFT] = { sizeof(struct sadb_lifetime), 1 },
	[SADB_EXT_ADDRESS_SRC] = { sizeof(struct sadb_address) + 16, 0 },
	[SADB_EXT_ADDRESS_DST] = { sizeof(struct sadb_address) + 16, 0 },
	[SADB_EXT_ADDRESS_PROXY] = { sizeof(struct sadb_address) + 16, 0 },
	[SADB_EXT_KEY_AUTH] = { sizeof(struct sadb_key) + 8, 0 },
	[SADB_EXT_KEY_ENCRYPT] = { sizeof(struct sadb_key) + 8, 0 },
	[SADB_EXT_IDENTITY_SRC] = { sizeof(struct sadb_ident), 0 },
	[SADB_EXT_IDENTITY_DST] = { sizeof(struct sadb_ident), 0 },
	[SADB_EXT_SENSITIVITY] = { sizeof(struct sadb_sens), 0 },
	[SADB_EXT_PROPOSAL] = { sizeof(struct sadb_prop), 0 },
	[SADB_EXT_SUPPORTED_AUTH] = { sizeof(struct sadb_supported), 0 },
	[SADB_EXT_SUPPORTED_ENCRYPT] = { sizeof(struct sadb_supported), 0 },
	[SADB_EXT_SPIRANGE] = { sizeof(struct sadb_spirange), 1 },
	[SADB_X_EXT_KMPRIVATE] = { sizeof(struct sadb_ext), 0 },
	[SADB_X_EXT_POLICY] = { sizeof(struct sadb_x_policy), 0 },
	[SADB_X_EXT_SA2] = { sizeof(struct sadb_x_sa2), 1 },
	[SADB_X_EXT_SA_REPLAY] = { sizeof(struct sadb_x_sa_replay), 1 },
};

uint8_t
key_satype2proto(uint8_t satype)
{
	if (satype == SADB_SATYPE_ESP)
		return (IPPROTO_ESP);
	if (satype == SADB_SATYPE_AH)
		return (IPPROTO_AH);
	return (0);
}

uint8_t
key_proto2satype(uint8_t proto)
{
	if (proto == IPPROTO_ESP)
		return (SADB_SATYPE_ESP);
	if (proto == IPPROTO_AH)
		return (SADB_SATYPE_AH);
	return (SADB_SATYPE_UNSPEC);
}

/* Error reply: the writer's header with errno set and no extensions. */
static int
key_senderror(struct keycb *so, const void *msg, size_t len, int error)
{
	struct sadb_msg m;

	memset(&m, 0, sizeof(m));
	memcpy(&m, msg, len < sizeof(m) ? len : sizeof(m));
	m.sadb_msg_version = PF_KEY_V2;
	m.sadb_msg_errno = (uint8_t)error;
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	m.sadb_msg_reserved = 0;
	if (so != NULL)
		key_sendup(so, &m, sizeof(m), KEY_SENDUP_ONE, 0);
	return (error);
}

static int
key_check_satype(uint8_t satype, enum satype_rule rule)
{
	switch (rule) {
	case SAT_FLAG:
		return (satype <= 1 ? 0 : EINVAL);
	case SAT_UNSPEC:
		return (satype == SADB_SATYPE_UNSPEC ? 0 : EINVAL);
	case SAT_ANY:
		if (satype == SADB_SATYPE_UNSPEC)
			return (0);
		/* FALLTHROUGH */
	case SAT_SPECIFIC:
		if (satype == SADB_SATYPE_AH || satype == SADB_SATYPE_ESP)
			return (0);
		if (satype == SADB_SATYPE_RSVP || satype == SADB_SATYPE_OSPFV2 ||
		    satype == SADB_SATYPE_RIPV2 || satype == SADB_SATYPE_MIP ||
		    satype == SADB_X_SATYPE_IPCOMP ||
		    satype == SADB_X_SATYPE_TCPSIGNATURE)
			return (EOPNOTSUPP);
		return (EINVAL);
	}
	return (EINVAL);
}

/* Address extension: reserved 0, a sockaddr filling it exactly. */
static int
key_check_address(const struct sadb_address *ad, size_t extlen)
{
	const struct sockaddr *sa = (const struct sockaddr *)(ad + 1);
	size_t room = extlen - sizeof(*ad);

	if (ad->sadb_address_reserved != 0)
		return (EINVAL);
	if (!key_sockaddr_ok(sa, room) ||
	    PFKEY_ALIGN8(sizeof(*ad) + sa->sa_len) != extlen)
		return (EINVAL);
	if (ad->sadb_address_prefixlen >
	    (sa->sa_family == AF_INET ? 32 : 128))
		return (EINVAL);
	return (0);
}

/* Key extension: bits fit exactly the bytes that follow. */
static int
key_check_key(const struct sadb_key *k, size_t extlen)
{
	size_t bytes = ((size_t)k->sadb_key_bits + 7) / 8;

	if (k->sadb_key_reserved != 0 || k->sadb_key_bits == 0 ||
	    bytes > IPSEC_KEYLEN_MAX)
		return (EINVAL);
	if (PFKEY_ALIGN8(sizeof(*k) + bytes) != extlen)
		return (EINVAL);
	return (0);
}

/* Contents of one extension whose length and type are already right. */
static int
key_check_ext(const struct sadb_ext *ext, size_t extlen)
{
	switch (ext->sadb_ext_type) {
	case SADB_EXT_ADDRESS_SRC:
	case SADB_EXT_ADDRESS_DST:
	case SADB_EXT_ADDRESS_PROXY:
		return (key_check_address((const struct sadb_address *)ext, extlen));
	case SADB_EXT_KEY_AUTH:
	case SADB_EXT_KEY_ENCRYPT:
		return (key_check_key((const struct sadb_key *)ext, extlen));
	case SADB_EXT_SPIRANGE: {
		const struct sadb_spirange *r = (const void *)ext;

		return (r->sadb_spirange_min > r->sadb_spirange_max ||
		    r->sadb_spirange_reserved != 0 ? EINVAL : 0);
	}
	case SADB_EXT_SENSITIVITY: {
		const struct sadb_sens *s = (const void *)ext;

		return (sizeof(*s) + 8 * ((size_t)s->sadb_sens_sens_len +
		    s->sadb_sens_integ_len) > extlen ? EINVAL : 0);
	}
	case SADB_EXT_PROPOSAL:
		return ((extlen - sizeof(struct sadb_prop)) %
		    sizeof(struct sadb_comb) != 0 ? EINVAL : 0);
	case SADB_X_EXT_SA2: {
		const struct sadb_x_sa2 *s2 = (const void *)ext;

		return (s2->sadb_x_sa2_mode > IPSEC_MODE_TUNNEL ? EINVAL : 0);
	}
	}
	return (0);
}

/* Splits the extensions into mhp, checking each. */
static int
key_split_exts(const uint8_t *p, size_t len, const struct key_msgtype *mt,
    struct sadb_msghdr *mhp)
{
	size_t off = sizeof(struct sadb_msg), extlen;
	const struct sadb_ext *ext;
	uint16_t t;
	int error;

	while (off < len) {
		if (len - off < sizeof(*ext)) {
			pfkeystat.out_invlen++;
			return (EINVAL);
		}
		ext = (const struct sadb_ext *)(p + off);
		extlen = PFKEY_UNUNIT64(ext->sadb_ext_len);
		if (extlen == 0 || extlen > len - off) {
			pfkeystat.out_invlen++;
			return (EINVAL);
		}
		t = ext->sadb_ext_type;
		if (t == SADB_EXT_RESERVED || t > SADB_EXT_MAX ||
		    key_extsize[t].size == 0 ||
		    !((mt->allowed | mt->required) & EXT(t)) ||
		    t == SADB_EXT_SUPPORTED_AUTH || t == SADB_EXT_SUPPORTED_ENCRYPT) {
			pfkeystat.out_invexttype++;
			return (EINVAL);
		}
		if (mhp->ext[t] != NULL) {
			pfkeystat.out_dupext++;
			return (EINVAL);
		}
		if (extlen < key_extsize[t].size ||
		    (key_extsize[t].exact && extlen != key_extsize[t].size)) {
			pfkeystat.out_invlen++;
			return (EINVAL);
		}
		if ((error = key_check_ext(ext, extlen)) != 0) {
			if (t >= SADB_EXT_ADDRESS_SRC && t <= SADB_EXT_ADDRESS_PROXY)
				pfkeystat.out_invaddr++;
			return (error);
		}
		mhp->ext[t] = ext;
		mhp->extlen[t] = extlen;
		off += extlen;
	}
	return (0);
}

static const struct sockaddr *
key_ext_sa(const struct sadb_msghdr *mhp, int t)
{
	return ((const struct sockaddr *)((const struct sadb_address *)
	    mhp->ext[t] + 1));
}

/* The one place a PF_KEY message is checked (see the top of the file). */
static int
key_validate(const void *msg, size_t len, struct sadb_msghdr *mhp)
{
	const struct sadb_msg *m = msg;
	const struct key_msgtype *mt;
	int error;

	memset(mhp, 0, sizeof(*mhp));
	if (len < sizeof(*m)) {
		pfkeystat.out_tooshort++;
		return (EINVAL);
	}
	if (len > KEY_MSG_MAX) {
		pfkeystat.out_toobig++;
		return (EMSGSIZE);
	}
	if (PFKEY_UNUNIT64(m->sadb_msg_len) != len) {
		pfkeystat.out_invlen++;
		return (EINVAL);
	}
	if (m->sadb_msg_version != PF_KEY_V2) {
		pfkeystat.out_invver++;
		return (EINVAL);
	}
	if (m->sadb_msg_reserved != 0 ||
	    (m->sadb_msg_errno != 0 && m->sadb_msg_type != SADB_ACQUIRE))
		return (EINVAL);
	if (m->sadb_msg_type == SADB_RESERVED || m->sadb_msg_type > SADB_MAX) {
		pfkeystat.out_invmsgtype++;
		return (EINVAL);
	}
	mt = &key_msgtypes[m->sadb_msg_type];
	if (mt->handler == NULL) {
		pfkeystat.out_invmsgtype++;
		return (EOPNOTSUPP);
	}
	if ((error = key_check_satype(m->sadb_msg_satype, mt->satype)) != 0) {
		pfkeystat.out_invsatype++;
		return (error);
	}
	mhp->msg = m;
	if ((error = key_split_exts(msg, len, mt, mhp)) != 0)
		return (error);
	for (int t = 1; t <= SADB_EXT_MAX; t++) {
		if ((mt->required & EXT(t)) && mhp->ext[t] == NULL) {
			pfkeystat.out_noext++;
			return (EINVAL);
		}
	}
	if (mhp->ext[SADB_EXT_ADDRESS_SRC] != NULL &&
	    mhp->ext[SADB_EXT_ADDRESS_DST] != NULL &&
	    key_ext_sa(mhp, SADB_EXT_ADDRESS_SRC)->sa_family !=
	    key_ext_sa(mhp, SADB_EXT_ADDRESS_DST)->sa_family) {
		pfkeystat.out_invaddr++;
		return (EINVAL);
	}
	return (0);
}

int
key_parse(struct keycb *so, const void *msg, size_t len)
{
	struct sadb_msghdr mh;
	int error;

	net_assert_locked();
	error = key_validate(msg, len, &mh);
	if (error != 0) {
		pfkeystat.out_invalid++;
		return (key_senderror(so, msg, len, error));
	}
	pfkeystat.out_msgtype[mh.msg->sadb_msg_type]++;
	error = key_msgtypes[mh.msg->sadb_msg_type].handler(so, &mh);
	if (error != 0)
		return (key_senderror(so, msg, len, error));
	return (0);
}

/* Copies an address extension's sockaddr into a union, port cleared. */
static void
key_copy_addr(const struct sadb_msghdr *mhp, int t, union sockaddr_union *a)
{
	const struct sockaddr *sa = key_ext_sa(mhp, t);

	memset(a, 0, sizeof(*a));
	memcpy(a, sa, sa->sa_len);
	if (a->sa.sa_family == AF_INET)
		a->sin.sin_port = 0;
	else
		a->sin6.sin6_port = 0;
}

int
key_saidx_from_msg(const struct sadb_msghdr *mhp, struct secasindex *saidx)
{
	const struct sadb_x_sa2 *s2 = (const void *)mhp->ext[SADB_X_EXT_SA2];

	memset(saidx, 0, sizeof(*saidx));
	key_copy_addr(mhp, SADB_EXT_ADDRESS_SRC, &saidx->src);
	key_copy_addr(mhp, SADB_EXT_ADDRESS_DST, &saidx->dst);
	saidx->proto = key_satype2proto(mhp->msg->sadb_msg_satype);
	if (s2 != NULL) {
		saidx->mode = s2->sadb_x_sa2_mode;
		saidx->reqid = s2->sadb_x_sa2_reqid;
	}
	return (0);
}

static void
key_copy_lifetime(const struct sadb_msghdr *mhp, int t, struct seclifetime *lt)
{
	const struct sadb_lifetime *l = (const void *)mhp->ext[t];

	memset(lt, 0, sizeof(*lt));
	if (l == NULL)
		return;
	lt->allocations = l->sadb_lifetime_allocations;
	lt->bytes = l->sadb_lifetime_bytes;
	lt->addtime = l->sadb_lifetime_addtime;
	lt->usetime = l->sadb_lifetime_usetime;
}

static void
key_copy_key(const struct sadb_msghdr *mhp, int t, struct seckey *k)
{
	const struct sadb_key *kk = (const void *)mhp->ext[t];

	memset(k, 0, sizeof(*k));
	if (kk == NULL)
		return;
	k->bits = kk->sadb_key_bits;
	k->len = (uint16_t)((k->bits + 7) / 8);
	memcpy(k->data, kk + 1, k->len);
}

/* A soft limit beyond its hard limit can never be reached in order. */
static int
key_lifetimes_ok(const struct seclifetime *h, const struct seclifetime *s)
{
	if (h->addtime && s->addtime > h->addtime)
		return (0);
	if (h->usetime && s->usetime > h->usetime)
		return (0);
	if (h->bytes && s->bytes > h->bytes)
		return (0);
	if (h->allocations && s->allocations > h->allocations)
		return (0);
	return (1);
}

/*
 * Fills an unlinked SA (`sav`, with saidx already set) from an ADD or
 * UPDATE message and lets its transform validate algorithms and keys.
 */
static int
key_setsaval(struct secasvar *sav, const struct sadb_msghdr *mhp)
{
	const struct sadb_sa *sa = (const void *)mhp->ext[SADB_EXT_SA];
	const struct sadb_x_sa_replay *rp = (const void *)
	    mhp->ext[SADB_X_EXT_SA_REPLAY];
	uint32_t wsize;

	if (ntohl(sa->sadb_sa_spi) < 256)	/* RFC 4303: 0..255 reserved */
		return (EINVAL);
	if (sa->sadb_sa_flags & ~(uint32_t)SADB_X_EXT_ESN)
		return (EINVAL);
	wsize = rp != NULL ? rp->sadb_x_sa_replay_replay : sa->sadb_sa_replay;
	if (wsize > IPSEC_REPLAYWSIZE_MAX)
		return (EINVAL);
	sav->spi = sa->sadb_sa_spi;
	sav->satype = mhp->msg->sadb_msg_satype;
	sav->alg_auth = sa->sadb_sa_auth;
	sav->alg_enc = sa->sadb_sa_encrypt;
	sav->flags = sa->sadb_sa_flags;
	sav->replay.wsize = wsize;
	sav->replay.esn = (sa->sadb_sa_flags & SADB_X_EXT_ESN) != 0;
	key_copy_key(mhp, SADB_EXT_KEY_AUTH, &sav->key_auth);
	key_copy_key(mhp, SADB_EXT_KEY_ENCRYPT, &sav->key_enc);
	key_copy_lifetime(mhp, SADB_EXT_LIFETIME_HARD, &sav->lft_h);
	key_copy_lifetime(mhp, SADB_EXT_LIFETIME_SOFT, &sav->lft_s);
	if (!key_lifetimes_ok(&sav->lft_h, &sav->lft_s))
		return (EINVAL);
	sav->tdb_xform = xform_lookup(sav->saidx.proto);
	if (sav->tdb_xform == NULL)
		return (EOPNOTSUPP);
	return (sav->tdb_xform->xf_init(sav));
}

/* Address prefix length of a full host address. */
static uint8_t
key_host_plen(const union sockaddr_union *a)
{
	return (a->sa.sa_family == AF_INET ? 32 : 128);
}

/*
 * The common reply to UPDATE/ADD/GET/DUMP: SA, SA2, lifetimes and
 * addresses, and the keys when `keys` (GET/DUMP only: RFC 2367 says not
 * to echo keys to every socket).
 */
static void
key_sa_msg(struct keybuf *kb, const struct sadb_msg *tmpl, uint8_t type,
    const struct secasvar *sav, int keys)
{
	kb_msg(kb, tmpl, type, sav->satype);
	kb_add_sa(kb, sav);
	kb_add_sa2(kb, sav);
	if (sav->replay.wsize > 255)
		kb_add_replay(kb, sav->replay.wsize);
	kb_add_lifetime(kb, SADB_EXT_LIFETIME_CURRENT, &sav->lft_c);
	kb_add_lifetime(kb, SADB_EXT_LIFETIME_HARD, &sav->lft_h);
	kb_add_lifetime(kb, SADB_EXT_LIFETIME_SOFT, &sav->lft_s);
	kb_add_address(kb, SADB_EXT_ADDRESS_SRC, &sav->saidx.src,
	    key_host_plen(&sav->saidx.src), IPSEC_ULPROTO_ANY);
	kb_add_address(kb, SADB_EXT_ADDRESS_DST, &sav->saidx.dst,
	    key_host_plen(&sav->saidx.dst), IPSEC_ULPROTO_ANY);
	if (keys && sav->key_auth.bits != 0)
		kb_add_key(kb, SADB_EXT_KEY_AUTH, &sav->key_auth);
	if (keys && sav->key_enc.bits != 0)
		kb_add_key(kb, SADB_EXT_KEY_ENCRYPT, &sav->key_enc);
	kb_finish(kb);
}

static int
key_send_sa(struct keycb *so, const struct sadb_msghdr *mhp, uint8_t type,
    const struct secasvar *sav, int keys, int target)
{
	struct keybuf kb;
	int error;

	kb_init(&kb);
	key_sa_msg(&kb, mhp->msg, type, sav, keys);
	error = kb.error;
	if (error == 0)
		error = key_sendup(so, kb.buf, kb.len, target, 0);
	kb_free(&kb);
	return (error);
}

/* A random SPI in [min, max] not used by another SA to dst. */
static int
key_pick_spi(const struct secasindex *saidx, uint32_t min, uint32_t max,
    uint32_t *spi)
{
	uint32_t span, cand;
	int tries;

	if (min < KEY_SPI_MIN)
		min = KEY_SPI_MIN;
	if (min > max)
		return (EINVAL);
	span = max - min;
	for (tries = 0; tries < 1000; tries++) {
		cand = span == 0xffffffffu ? net_random() :
		    min + net_random() % (span + 1);
		if (key_findsav(&saidx->dst, saidx->proto, htonl(cand)) == NULL) {
			*spi = htonl(cand);
			return (0);
		}
		if (span < 1000 && tries > (int)span * 4)
			break;
	}
	return (EEXIST);
}

static int
key_getspi(struct keycb *so, const struct sadb_msghdr *mhp)
{
	const struct sadb_spirange *r = (const void *)mhp->ext[SADB_EXT_SPIRANGE];
	struct secasindex saidx;
	struct secasvar *sav;
	struct keybuf kb;
	uint32_t spi;
	int error;

	key_saidx_from_msg(mhp, &saidx);
	error = key_pick_spi(&saidx, r->sadb_spirange_min,
	    r->sadb_spirange_max, &spi);
	if (error != 0)
		return (error);
	if ((sav = key_newsav()) == NULL)
		return (ENOBUFS);
	sav->saidx = saidx;
	sav->spi = spi;
	sav->satype = mhp->msg->sadb_msg_satype;
	sav->seq = mhp->msg->sadb_msg_seq;
	sav->pid = mhp->msg->sadb_msg_pid;
	kb_init(&kb);
	kb_msg(&kb, mhp->msg, SADB_GETSPI, sav->satype);
	kb_add_sa(&kb, sav);
	kb_add_address(&kb, SADB_EXT_ADDRESS_SRC, &saidx.src,
	    key_host_plen(&saidx.src), IPSEC_ULPROTO_ANY);
	kb_add_address(&kb, SADB_EXT_ADDRESS_DST, &saidx.dst,
	    key_host_plen(&saidx.dst), IPSEC_ULPROTO_ANY);
	kb_finish(&kb);
	if ((error = kb.error) != 0) {
		kb_free(&kb);
		key_freesav(&sav);
		return (error);
	}
	key_insertsav(sav, SADB_SASTATE_LARVAL);
	key_sendup(so, kb.buf, kb.len, KEY_SENDUP_ONE, 0);
	kb_free(&kb);
	return (0);
}

/* Looks up the SA named by the SA and address extensions. */
static struct secasvar *
key_msg_sav(const struct sadb_msghdr *mhp)
{
	const struct sadb_sa *sa = (const void *)mhp->ext[SADB_EXT_SA];
	struct secasindex saidx;
	struct secasvar *sav;

	key_saidx_from_msg(mhp, &saidx);
	sav = key_findsav(&saidx.dst, saidx.proto, sa->sadb_sa_spi);
	if (sav == NULL || key_sockaddr_cmp(&sav->saidx.src, &saidx.src, 0) != 0)
		return (NULL);
	return (sav);
}

static int
key_update(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct secasvar *sav = key_msg_sav(mhp), *tmp;
	int error;

	if (sav == NULL)
		return (ENOENT);
	if (sav->state != SADB_SASTATE_LARVAL)
		return (EINVAL);
	/* Build the result aside: the larval SA is untouched on error. */
	if ((tmp = key_newsav()) == NULL)
		return (ENOBUFS);
	key_saidx_from_msg(mhp, &tmp->saidx);
	error = key_setsaval(tmp, mhp);
	if (error != 0) {
		key_freesav(&tmp);
		return (error);
	}
	tmp->seq = sav->seq;
	tmp->pid = sav->pid;
	tmp->lft_c = sav->lft_c;
	tmp->created_ms = sav->created_ms;
	key_unlinksav(sav);
	key_insertsav(tmp, SADB_SASTATE_MATURE);
	key_send_sa(so, mhp, SADB_UPDATE, tmp, 0, KEY_SENDUP_ALL);
	return (0);
}

static int
key_add(struct keycb *so, const struct sadb_msghdr *mhp)
{
	const struct sadb_sa *sa = (const void *)mhp->ext[SADB_EXT_SA];
	struct secasvar *sav;
	int error;

	if ((sav = key_newsav()) == NULL)
		return (ENOBUFS);
	key_saidx_from_msg(mhp, &sav->saidx);
	if (key_findsav(&sav->saidx.dst, sav->saidx.proto, sa->sadb_sa_spi)) {
		key_freesav(&sav);
		return (EEXIST);
	}
	error = key_setsaval(sav, mhp);
	if (error != 0) {
		key_freesav(&sav);
		return (error);
	}
	sav->seq = mhp->msg->sadb_msg_seq;
	sav->pid = mhp->msg->sadb_msg_pid;
	key_insertsav(sav, SADB_SASTATE_MATURE);
	key_send_sa(so, mhp, SADB_ADD, sav, 0, KEY_SENDUP_ALL);
	return (0);
}

/* DELETE without SA extension: every SA from src to dst of the type. */
static int
key_delete_all(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct secasindex saidx;
	struct secasvar *sav, *next;
	struct keybuf kb;
	int state, n = 0;

	key_saidx_from_msg(mhp, &saidx);
	for (state = 0; state < SADB_SASTATE_DEAD; state++) {
		for (sav = key_sav_first(state); sav != NULL; sav = next) {
			next = sav->state_next;
			if (sav->saidx.proto == saidx.proto &&
			    key_sockaddr_cmp(&sav->saidx.src, &saidx.src, 0) == 0 &&
			    key_sockaddr_cmp(&sav->saidx.dst, &saidx.dst, 0) == 0) {
				key_unlinksav(sav);
				n++;
			}
		}
	}
	if (n == 0)
		return (ENOENT);
	kb_init(&kb);
	kb_msg(&kb, mhp->msg, SADB_DELETE, mhp->msg->sadb_msg_satype);
	kb_add_raw(&kb, mhp->ext[SADB_EXT_ADDRESS_SRC]);
	kb_add_raw(&kb, mhp->ext[SADB_EXT_ADDRESS_DST]);
	kb_finish(&kb);
	if (kb.error == 0)
		key_sendup(so, kb.buf, kb.len, KEY_SENDUP_ALL, 0);
	kb_free(&kb);
	return (0);
}

static int
key_delete(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct secasvar *sav;
	struct keybuf kb;

	if (mhp->ext[SADB_EXT_SA] == NULL)
		return (key_delete_all(so, mhp));
	if ((sav = key_msg_sav(mhp)) == NULL)
		return (ENOENT);
	kb_init(&kb);
	kb_msg(&kb, mhp->msg, SADB_DELETE, sav->satype);
	kb_add_sa(&kb, sav);
	kb_add_raw(&kb, mhp->ext[SADB_EXT_ADDRESS_SRC]);
	kb_add_raw(&kb, mhp->ext[SADB_EXT_ADDRESS_DST]);
	kb_finish(&kb);
	key_unlinksav(sav);
	if (kb.error == 0)
		key_sendup(so, kb.buf, kb.len, KEY_SENDUP_ALL, 0);
	kb_free(&kb);
	return (0);
}

static int
key_get(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct secasvar *sav = key_msg_sav(mhp);

	if (sav == NULL || sav->state == SADB_SASTATE_LARVAL)
		return (ENOENT);
	return (key_send_sa(so, mhp, SADB_GET, sav, 1, KEY_SENDUP_ONE));
}

/* Only a key manager's failure report: forget the pending ACQUIRE. */
static int
key_acquire2(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct secasindex saidx;

	(void)so;
	if (mhp->msg->sadb_msg_errno == 0 ||
	    mhp->ext[SADB_EXT_ADDRESS_SRC] == NULL ||
	    mhp->ext[SADB_EXT_ADDRESS_DST] == NULL)
		return (EINVAL);
	key_saidx_from_msg(mhp, &saidx);
	key_acq_forget(&saidx);
	return (0);
}

/* EXPIRE goes from the kernel to key managers only. */
static int
key_expire_in(struct keycb *so, const struct sadb_msghdr *mhp)
{
	(void)so;
	(void)mhp;
	return (EINVAL);
}

/* SUPPORTED_AUTH or SUPPORTED_ENCRYPT with every algorithm of the kind. */
static void
key_add_supported(struct keybuf *kb, int enc)
{
	const struct ipsec_alg *a;
	struct sadb_supported *sup;
	struct sadb_alg *alg;
	size_t start = kb->len;
	int i;

	sup = kb_append(kb, sizeof(*sup));
	if (sup == NULL)
		return;
	for (i = 0; (a = ipsec_alg_index(enc, i)) != NULL; i++) {
		alg = kb_append(kb, sizeof(*alg));
		if (alg == NULL)
			return;
		alg->sadb_alg_id = a->sadb_id;
		alg->sadb_alg_ivlen = a->ivlen;
		alg->sadb_alg_minbits = a->minbits;
		alg->sadb_alg_maxbits = a->maxbits;
	}
	sup = (struct sadb_supported *)(kb->buf + start);
	sup->sadb_supported_len = (uint16_t)PFKEY_UNIT64(kb->len - start);
	sup->sadb_supported_exttype = enc ? SADB_EXT_SUPPORTED_ENCRYPT :
	    SADB_EXT_SUPPORTED_AUTH;
}

static int
key_register(struct keycb *so, const struct sadb_msghdr *mhp)
{
	uint8_t satype = mhp->msg->sadb_msg_satype;
	struct keybuf kb;
	int error;

	kb_init(&kb);
	kb_msg(&kb, mhp->msg, SADB_REGISTER, satype);
	key_add_supported(&kb, 0);
	if (satype != SADB_SATYPE_AH)
		key_add_supported(&kb, 1);
	kb_finish(&kb);
	if ((error = kb.error) == 0) {
		if (satype != SADB_SATYPE_UNSPEC)
			key_socket_register(so, satype);
		/* RFC 2367 3.1.7: the reply goes to all registered sockets. */
		error = key_sendup(so, kb.buf, kb.len, satype ==
		    SADB_SATYPE_UNSPEC ? KEY_SENDUP_ONE : KEY_SENDUP_REGISTERED,
		    satype);
	}
	kb_free(&kb);
	return (error);
}

static int
key_flush(struct keycb *so, const struct sadb_msghdr *mhp)
{
	uint8_t proto = key_satype2proto(mhp->msg->sadb_msg_satype);
	struct secasvar *sav, *next;
	struct sadb_msg m;
	int state;

	for (state = 0; state < SADB_SASTATE_DEAD; state++) {
		for (sav = key_sav_first(state); sav != NULL; sav = next) {
			next = sav->state_next;
			if (proto == 0 || sav->saidx.proto == proto)
				key_unlinksav(sav);
		}
	}
	m = *mhp->msg;
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	key_sendup(so, &m, sizeof(m), KEY_SENDUP_ALL, 0);
	return (0);
}

/*
 * SADB_DUMP: one message per SA to the requester, sadb_msg_seq counting
 * down to 0 on the last one (as BSD does), so a reader knows when the dump
 * ends.  The SAs are those there when the dump was asked for, each held by
 * a reference; their messages are built only as the reader reads
 * (key_socket_start_dump), so the dump is whole whatever the SADB's size.
 * An SA deleted meanwhile is still reported, in state dead.
 */
struct key_sadump {
	struct key_dump	  kd;		/* the socket's view */
	struct sadb_msg	  tmpl;		/* the request's header */
	struct secasvar	**savs;		/* referenced SAs, in dump order */
	uint32_t	  n;		/* SAs in savs */
	uint32_t	  next;		/* index of the next to send */
};

static int
key_sadump_next(struct keycb *so, struct key_dump *kd)
{
	struct key_sadump *d = (struct key_sadump *)kd;
	struct keybuf kb;
	int error;

	d->tmpl.sadb_msg_seq = d->n - 1 - d->next;
	/* FreeBSD's dump says the SA's reference count here (setkey's refcnt=). */
	d->tmpl.sadb_msg_reserved = (uint16_t)(d->savs[d->next]->refcnt > 0xffff ? 0xffff :
	    d->savs[d->next]->refcnt);
	kb_init(&kb);
	/* A deleted SA's keys are wiped: say it is dead, show none. */
	key_sa_msg(&kb, &d->tmpl, SADB_DUMP, d->savs[d->next], d->savs[d->next]->linked);
	error = kb.error;
	if (error == 0)
		error = key_sendup(so, kb.buf, kb.len, KEY_SENDUP_ONE, 0);
	kb_free(&kb);
	if (error != 0)
		return (-1);
	key_freesav(&d->savs[d->next]);
	return (++d->next < d->n);
}

static void
key_sadump_free(struct key_dump *kd)
{
	struct key_sadump *d = (struct key_sadump *)kd;

	while (d->next < d->n)
		key_freesav(&d->savs[d->next++]);
	net_free(d->savs);
	net_free(d);
}

static int
key_dump(struct keycb *so, const struct sadb_msghdr *mhp)
{
	uint8_t proto = key_satype2proto(mhp->msg->sadb_msg_satype);
	struct key_sadump *d;
	struct secasvar *sav;
	uint32_t count = 0;
	int state, error;

	for (state = 0; state < SADB_SASTATE_DEAD; state++)
		for (sav = key_sav_first(state); sav != NULL; sav = sav->state_next)
			if (proto == 0 || sav->saidx.proto == proto)
				count++;
	if (count == 0)
		return (ENOENT);
	if ((d = net_malloc(sizeof(*d))) == NULL ||
	    (d->savs = net_malloc(count * sizeof(d->savs[0]))) == NULL) {
		net_free(d);
		return (ENOBUFS);
	}
	d->kd.kd_next = key_sadump_next;
	d->kd.kd_free = key_sadump_free;
	d->tmpl = *mhp->msg;
	for (state = 0; state < SADB_SASTATE_DEAD; state++)
		for (sav = key_sav_first(state); sav != NULL; sav = sav->state_next)
			if (proto == 0 || sav->saidx.proto == proto) {
				sav->refcnt++;
				d->savs[d->n++] = sav;
			}
	if ((error = key_socket_start_dump(so, &d->kd)) != 0)
		key_sadump_free(&d->kd);
	return (error);
}

/* KAME X_PROMISC: satype 1 turns copying of all messages on, 0 off. */
static int
key_promisc(struct keycb *so, const struct sadb_msghdr *mhp)
{
	struct sadb_msg m = *mhp->msg;

	key_socket_setpromisc_locked(so, m.sadb_msg_satype);
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	return (key_sendup(so, &m, sizeof(m), KEY_SENDUP_ONE, 0));
}

void
key_init(void)
{
	key_reset();
	memset(&pfkeystat, 0, sizeof(pfkeystat));
}

void
key_reset(void)
{
	key_sadb_reset();
	key_spd_reset();
}
