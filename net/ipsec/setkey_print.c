/*
 * setkey's printer: PF_KEY messages read from a key socket shown the way
 * FreeBSD's setkey shows them (-D for SAs, -DP for policies, -x for
 * everything the kernel sends up): algorithm names, "created:"/"current:"/
 * "last:" as dates (UTC: the kernel sends the current lifetime's times as
 * seconds since 1970), the window in bytes, "sadb_seq=... pid=...
 * refcnt=...", and a policy's direction and type without a zero priority.
 * The message is walked with bounds checks even though it comes from the
 * kernel, so a bad one prints a complaint instead of reading past its end.
 */
#include <stdarg.h>
#include <string.h>
#include <sanpo/civil_time.h>
#include <sanpo/kvprintf.h>

#include "net/net_platform.h"
#include "net/ipsec/key.h"
#include "net/ipsec/setkey.h"

/* A received message split by extension type. */
struct sk_exts {
	const struct sadb_ext *ext[SADB_EXT_MAX + 1];	/* NULL if absent */
};

void
setkey_printf(struct setkey *sk, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sk->put(sk->arg, line);
}

static int
sp_split(const uint8_t *p, size_t len, struct sk_exts *x)
{
	size_t off = sizeof(struct sadb_msg), el;
	const struct sadb_ext *e;

	memset(x, 0, sizeof(*x));
	while (off + sizeof(*e) <= len) {
		e = (const void *)(p + off);
		el = PFKEY_UNUNIT64(e->sadb_ext_len);
		if (el == 0 || el > len - off)
			return (-1);
		if (e->sadb_ext_type <= SADB_EXT_MAX)
			x->ext[e->sadb_ext_type] = e;
		off += el;
	}
	return (off == len ? 0 : -1);
}

/*
 * A sockaddr copied out of a message: the second endpoint of an IPv6
 * tunnel request is not 4-byte aligned, so it is never read in place.
 */
static void
sp_sockaddr(const struct sockaddr *sa, union sockaddr_union *a)
{
	memset(a, 0, sizeof(*a));
	memcpy(a, sa, sa->sa_len <= sizeof(*a) ? sa->sa_len : sizeof(*a));
}

/* Address text of a sockaddr (IPv6 without "::" compression). */
static void
sp_addr(const struct sockaddr *sa, char *buf, size_t size)
{
	union sockaddr_union a;

	sp_sockaddr(sa, &a);
	if (a.sa.sa_family == AF_INET) {
		const uint8_t *b = (const uint8_t *)&a.sin.sin_addr;

		ksnprintf(buf, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	} else if (a.sa.sa_family == AF_INET6) {
		const uint8_t *b = a.sin6.sin6_addr.s6_addr;
		size_t o = 0;
		int i;

		for (i = 0; i < 8 && o < size; i++)
			o += (size_t)ksnprintf(buf + o, size - o, "%s%x",
			    i ? ":" : "", b[2 * i] << 8 | b[2 * i + 1]);
	} else {
		ksnprintf(buf, size, "(family %u)", a.sa.sa_family);
	}
}

static uint16_t
sp_port(const struct sockaddr *sa)
{
	union sockaddr_union a;

	sp_sockaddr(sa, &a);
	return (ntohs(a.sa.sa_family == AF_INET ? a.sin.sin_port :
	    a.sin6.sin6_port));
}

static const struct sockaddr *
sp_ext_sa(const struct sk_exts *x, int t)
{
	return (x->ext[t] ? (const void *)((const struct sadb_address *)
	    x->ext[t] + 1) : NULL);
}

static const char *
sp_mode(uint8_t mode)
{
	return (mode == IPSEC_MODE_TRANSPORT ? "transport" :
	    mode == IPSEC_MODE_TUNNEL ? "tunnel" : "any");
}

static const char *
sp_state(uint8_t state)
{
	static const char *const names[] = { "larval", "mature", "dying", "dead" };

	return (state <= SADB_SASTATE_DEAD ? names[state] : "unknown");
}

static void
sp_key(struct setkey *sk, const char *tag, const char *alg,
    const struct sadb_ext *e)
{
	const struct sadb_key *k = (const void *)e;
	const uint8_t *b = (const uint8_t *)(k + 1);
	char line[400];
	size_t o, i, n = (k->sadb_key_bits + 7u) / 8u;

	o = (size_t)ksnprintf(line, sizeof(line), "\t%s: %s ", tag, alg);
	for (i = 0; i < n && o + 4 < sizeof(line); i++)
		o += (size_t)ksnprintf(line + o, sizeof(line) - o, "%s%02x",
		    i % 4 == 0 ? " " : "", b[i]);
	setkey_printf(sk, "%s\n", line);
}

/* The wall clock, seconds since 1970 (the printer's "current:"). */
static uint64_t
sp_now(void)
{
	return (key_walltime(key_now()));
}

/*
 * "Mmm dd hh:mm:ss yyyy" (20 characters, as ctime() + 4 prints it in
 * FreeBSD's setkey), or 20 blanks for 0: never.
 */
static const char *
sp_date(uint64_t t, char buf[24])
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int64_t y;
	unsigned m, d, s = (unsigned)(t % 86400);

	if (t == 0) {
		memset(buf, ' ', 20);
		buf[20] = '\0';
		return (buf);
	}
	civil_from_days((int64_t)(t / 86400), &y, &m, &d);
	ksnprintf(buf, 24, "%s %2u %02u:%02u:%02u %04lld", mon[(m - 1) % 12], d,
	    s / 3600, s / 60 % 60, s % 60, (long long)y);
	return (buf);
}

static const struct sadb_lifetime *
sp_lft(const struct sk_exts *x, int t)
{
	static const struct sadb_lifetime zero;

	return (x->ext[t] ? (const void *)x->ext[t] : &zero);
}

/* One SA (DUMP, GET, EXPIRE, ...), in setkey -D's layout. */
static void
sp_sa(struct setkey *sk, const struct sadb_msg *m, const struct sk_exts *x)
{
	const struct sadb_sa *sa = (const void *)x->ext[SADB_EXT_SA];
	const struct sadb_x_sa2 *s2 = (const void *)x->ext[SADB_X_EXT_SA2];
	const struct sadb_x_sa_replay *rp = (const void *)
	    x->ext[SADB_X_EXT_SA_REPLAY];
	const struct sadb_lifetime *c, *h, *s;
	const struct ipsec_alg *ea, *aa;
	char src[48] = "?", dst[48] = "?", d1[24], d2[24];
	uint64_t now = sp_now();
	uint32_t replay;
	uint32_t spi, reqid = s2 ? s2->sadb_x_sa2_reqid : 0;

	if (sp_ext_sa(x, SADB_EXT_ADDRESS_SRC))
		sp_addr(sp_ext_sa(x, SADB_EXT_ADDRESS_SRC), src, sizeof(src));
	if (sp_ext_sa(x, SADB_EXT_ADDRESS_DST))
		sp_addr(sp_ext_sa(x, SADB_EXT_ADDRESS_DST), dst, sizeof(dst));
	setkey_printf(sk, "%s %s\n", src, dst);
	if (sa == NULL)
		return;
	spi = ntohl(sa->sadb_sa_spi);
	setkey_printf(sk, "\t%s mode=%s spi=%u(0x%08x) reqid=%u(0x%08x)\n",
	    m->sadb_msg_satype == SADB_SATYPE_AH ? "ah" : "esp",
	    sp_mode(s2 ? s2->sadb_x_sa2_mode : 0), spi, spi, reqid, reqid);
	ea = ipsec_encalg(sa->sadb_sa_encrypt);
	aa = ipsec_authalg(sa->sadb_sa_auth);
	if (x->ext[SADB_EXT_KEY_ENCRYPT])
		sp_key(sk, "E", ea ? ea->name : "?", x->ext[SADB_EXT_KEY_ENCRYPT]);
	else if (ea != NULL && sa->sadb_sa_encrypt != SADB_EALG_NONE)
		setkey_printf(sk, "\tE: %s\n", ea->name);
	if (x->ext[SADB_EXT_KEY_AUTH])
		sp_key(sk, "A", aa ? aa->name : "?", x->ext[SADB_EXT_KEY_AUTH]);
	/* The window in packets on the wire, in bytes as setkey -r takes it. */
	replay = rp ? rp->sadb_x_sa_replay_replay : sa->sadb_sa_replay;
	setkey_printf(sk, "\tseq=0x%08x replay=%u flags=0x%08x state=%s\n",
	    s2 ? s2->sadb_x_sa2_sequence : 0, (replay + 7) / 8,
	    sa->sadb_sa_flags, sp_state(sa->sadb_sa_state));
	c = sp_lft(x, SADB_EXT_LIFETIME_CURRENT);
	h = sp_lft(x, SADB_EXT_LIFETIME_HARD);
	s = sp_lft(x, SADB_EXT_LIFETIME_SOFT);
	setkey_printf(sk, "\tcreated: %s\tcurrent: %s\n",
	    sp_date(c->sadb_lifetime_addtime, d1), sp_date(now, d2));
	setkey_printf(sk, "\tdiff: %llu(s)\thard: %llu(s)\tsoft: %llu(s)\n",
	    (unsigned long long)(c->sadb_lifetime_addtime == 0 ||
	    now < c->sadb_lifetime_addtime ? 0 : now - c->sadb_lifetime_addtime),
	    (unsigned long long)h->sadb_lifetime_addtime,
	    (unsigned long long)s->sadb_lifetime_addtime);
	setkey_printf(sk, "\tlast: %s\thard: %llu(s)\tsoft: %llu(s)\n",
	    sp_date(c->sadb_lifetime_usetime, d1),
	    (unsigned long long)h->sadb_lifetime_usetime,
	    (unsigned long long)s->sadb_lifetime_usetime);
	setkey_printf(sk, "\tcurrent: %llu(bytes)\thard: %llu(bytes)\tsoft: %llu(bytes)\n",
	    (unsigned long long)c->sadb_lifetime_bytes,
	    (unsigned long long)h->sadb_lifetime_bytes,
	    (unsigned long long)s->sadb_lifetime_bytes);
	setkey_printf(sk, "\tallocated: %u\thard: %u\tsoft: %u\n",
	    c->sadb_lifetime_allocations, h->sadb_lifetime_allocations,
	    s->sadb_lifetime_allocations);
	setkey_printf(sk, "\tsadb_seq=%u pid=%u refcnt=%u\n", m->sadb_msg_seq,
	    m->sadb_msg_pid, m->sadb_msg_reserved);
	if ((m->sadb_msg_type == SADB_DUMP || m->sadb_msg_type == SADB_GET) &&
	    sk->io != NULL && sk->io->sa_stats != NULL &&
	    sp_ext_sa(x, SADB_EXT_ADDRESS_DST) != NULL)
		sk->io->sa_stats(sk, sp_ext_sa(x, SADB_EXT_ADDRESS_DST),
		    m->sadb_msg_satype, sa->sadb_sa_spi);
}

/* addr[/plen][port] as setkey -DP prints a selector end. */
static void
sp_range(const struct sadb_address *ad, char *buf, size_t size)
{
	const struct sockaddr *sa = (const void *)(ad + 1);
	char a[48];
	uint16_t port = sp_port(sa);
	int full = ad->sadb_address_prefixlen ==
	    (sa->sa_family == AF_INET ? 32 : 128);
	char plen[8] = "", pstr[12] = "any";

	sp_addr(sa, a, sizeof(a));
	if (!full)
		ksnprintf(plen, sizeof(plen), "/%u", ad->sadb_address_prefixlen);
	if (port != 0)
		ksnprintf(pstr, sizeof(pstr), "%u", port);
	ksnprintf(buf, size, "%s%s[%s]", a, plen, pstr);
}

static const char *
sp_upper(uint8_t p, char *buf, size_t size)
{
	switch (p) {
	case IPSEC_ULPROTO_ANY: return ("any");
	case IPPROTO_ICMP: return ("icmp");
	case IPPROTO_TCP: return ("tcp");
	case IPPROTO_UDP: return ("udp");
	}
	ksnprintf(buf, size, "%u", p);
	return (buf);
}

static void
sp_requests(struct setkey *sk, const struct sadb_x_policy *xp)
{
	static const char *const levels[] = { "default", "use", "require", "unique" };
	const uint8_t *p = (const uint8_t *)(xp + 1);
	const uint8_t *end = (const uint8_t *)xp + PFKEY_UNUNIT64(xp->sadb_x_policy_len);
	char ends[100], s[48], d[48];

	while (p + sizeof(struct sadb_x_ipsecrequest) <= end) {
		const struct sadb_x_ipsecrequest *xr = (const void *)p;
		const struct sockaddr *ss = (const void *)(xr + 1), *ds;

		if (xr->sadb_x_ipsecrequest_len < sizeof(*xr) ||
		    p + xr->sadb_x_ipsecrequest_len > end)
			break;
		ends[0] = '\0';
		if (xr->sadb_x_ipsecrequest_len > sizeof(*xr)) {
			ds = (const void *)((const uint8_t *)ss + ss->sa_len);
			sp_addr(ss, s, sizeof(s));
			sp_addr(ds, d, sizeof(d));
			ksnprintf(ends, sizeof(ends), "%s-%s", s, d);
		}
		setkey_printf(sk, "\t%s/%s/%s/%s",
		    xr->sadb_x_ipsecrequest_proto == IPPROTO_AH ? "ah" : "esp",
		    sp_mode(xr->sadb_x_ipsecrequest_mode), ends,
		    levels[xr->sadb_x_ipsecrequest_level & 3]);
		if (xr->sadb_x_ipsecrequest_level == IPSEC_LEVEL_UNIQUE)
			setkey_printf(sk, ":%u", xr->sadb_x_ipsecrequest_reqid);
		setkey_printf(sk, "\n");
		p += xr->sadb_x_ipsecrequest_len;
	}
}

/* One policy (SPDDUMP, SPDADD, ...), in setkey -DP's layout. */
static void
sp_policy(struct setkey *sk, const struct sadb_msg *m, const struct sk_exts *x)
{
	static const char *const dirs[] = { "any", "in", "out", "fwd" };
	static const char *const types[] = { "discard", "none", "ipsec",
	    "entrust", "bypass" };
	const struct sadb_x_policy *xp = (const void *)x->ext[SADB_X_EXT_POLICY];
	char s[80] = "?", d[80] = "?", u[8], prio[16] = "";
	const char *upper = "any";

	if (x->ext[SADB_EXT_ADDRESS_SRC]) {
		const struct sadb_address *a = (const void *)x->ext[SADB_EXT_ADDRESS_SRC];

		sp_range(a, s, sizeof(s));
		upper = sp_upper(a->sadb_address_proto, u, sizeof(u));
	}
	if (x->ext[SADB_EXT_ADDRESS_DST])
		sp_range((const void *)x->ext[SADB_EXT_ADDRESS_DST], d, sizeof(d));
	setkey_printf(sk, "%s %s %s\n", s, d, upper);
	if (xp == NULL)
		return;
	/* FreeBSD prints no priority; a non-zero one (Sanpo's prio N) shows. */
	if (xp->sadb_x_policy_priority != 0)
		ksnprintf(prio, sizeof(prio), " prio %u", xp->sadb_x_policy_priority);
	setkey_printf(sk, "\t%s%s %s\n", dirs[xp->sadb_x_policy_dir & 3], prio,
	    xp->sadb_x_policy_type <= IPSEC_POLICY_BYPASS ?
	    types[xp->sadb_x_policy_type] : "?");
	sp_requests(sk, xp);
	setkey_printf(sk, "\tspid=%u seq=%u pid=%u\n\trefcnt=%u\n",
	    xp->sadb_x_policy_id, m->sadb_msg_seq, m->sadb_msg_pid,
	    m->sadb_msg_reserved);
}

static const char *
sp_typename(uint8_t type)
{
	static const char *const names[SADB_MAX + 1] = {
		"RESERVED", "GETSPI", "UPDATE", "ADD", "DELETE", "GET",
		"ACQUIRE", "REGISTER", "EXPIRE", "FLUSH", "DUMP", "X_PROMISC",
		"X_PCHANGE", "X_SPDUPDATE", "X_SPDADD", "X_SPDDELETE",
		"X_SPDGET", "X_SPDACQUIRE", "X_SPDDUMP", "X_SPDFLUSH",
		"X_SPDSETIDX", "X_SPDEXPIRE", "X_SPDDELETE2" };

	return (type <= SADB_MAX ? names[type] : "?");
}

void
setkey_print_msg(struct setkey *sk, const void *msg, size_t len)
{
	const struct sadb_msg *m = msg;
	struct sk_exts x;
	char d1[24];

	if (len < sizeof(*m) || PFKEY_UNUNIT64(m->sadb_msg_len) != len ||
	    sp_split(msg, len, &x) != 0) {
		setkey_printf(sk, "(malformed message, %u bytes)\n", (unsigned)len);
		return;
	}
	switch (m->sadb_msg_type) {
	case SADB_DUMP:
	case SADB_GET:
		sp_sa(sk, m, &x);
		return;
	case SADB_GETSPI:
		if (x.ext[SADB_EXT_SA] != NULL)
			setkey_printf(sk, "spi=%u(0x%08x)\n",
			    ntohl(((const struct sadb_sa *)x.ext[SADB_EXT_SA])->sadb_sa_spi),
			    ntohl(((const struct sadb_sa *)x.ext[SADB_EXT_SA])->sadb_sa_spi));
		return;
	case SADB_X_SPDDUMP:
	case SADB_X_SPDGET:
		sp_policy(sk, m, &x);
		return;
	}
	/* setkey -x: a header line, then the body if there is one. */
	setkey_printf(sk, "[%s] %s %s errno=%u seq=%u pid=%u%s\n",
	    sp_date(sp_now(), d1), sp_typename(m->sadb_msg_type),
	    m->sadb_msg_satype == SADB_SATYPE_AH ? "ah" :
	    m->sadb_msg_satype == SADB_SATYPE_ESP ? "esp" : "-",
	    m->sadb_msg_errno, m->sadb_msg_seq, m->sadb_msg_pid,
	    m->sadb_msg_type != SADB_EXPIRE ? "" :
	    x.ext[SADB_EXT_LIFETIME_HARD] ? " (hard)" : " (soft)");
	if (x.ext[SADB_X_EXT_POLICY] != NULL)
		sp_policy(sk, m, &x);
	else if (x.ext[SADB_EXT_ADDRESS_DST] != NULL)
		sp_sa(sk, m, &x);
}
