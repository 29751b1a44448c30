/*
 * setkey's parser, message builder and printer (see setkey.h for the
 * language).  It is a PF_KEY client like ipsec-tools' setkey: each command
 * becomes one message written to a key socket, and the replies read back
 * are checked (errno) and printed.  Parsing errors are reported with the
 * line number and the offending word, and nothing is sent for them.
 */
#include <string.h>
#include <sanpo/kvprintf.h>
#include <sanpo/parse.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/setkey.h"

#define SK_MAXTOK	64		/* words in one command */
#define SK_MSGBUF	KEY_MSG_MAX	/* reply buffer */

/* One word of a command. */
struct sk_tok {
	const char	*s;		/* NUL-terminated, inside a copy */
	int		 quoted;	/* was "quoted" */
};

/* The words of one command and the parse position. */
struct sk_cmd {
	struct sk_tok	 tok[SK_MAXTOK];	/* the words */
	int		 n;			/* how many */
	int		 i;			/* next to read */
	char		 buf[SETKEY_CMD_MAX];	/* their storage */
};

static const char *
sk_strerror(int e)
{
	switch (e) {
	case ENOENT: return ("No such file or directory");
	case EEXIST: return ("File exists");
	case EINVAL: return ("Invalid argument");
	case ENOBUFS: return ("No buffer space available");
	case EOPNOTSUPP: return ("Operation not supported");
	case EMSGSIZE: return ("Message too long");
	case EPROTONOSUPPORT: return ("Protocol not supported");
	case EAGAIN: return ("Resource temporarily unavailable (no reply)");
	}
	return ("error");
}

static int
sk_error(struct setkey *sk, const char *what, const char *word)
{
	sk->errors++;
	setkey_printf(sk, "setkey: line %d: %s%s%s%s\n", sk->lineno, what,
	    word ? " '" : "", word ? word : "", word ? "'" : "");
	return (EINVAL);
}

/* Splits text into words; ';' is a word of its own. */
static int
sk_tokenize(struct setkey *sk, const char *text, struct sk_cmd *c)
{
	char *o = c->buf;
	const char *p = text;

	c->n = c->i = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (*p == '\0')
			return (0);
		if (c->n == SK_MAXTOK)
			return (sk_error(sk, "too many words", NULL));
		/* A word never grows: its text plus a NUL fits what is left. */
		if ((size_t)(o - c->buf) + strlen(p) + 1 > sizeof(c->buf))
			return (sk_error(sk, "command too long", NULL));
		c->tok[c->n].s = o;
		c->tok[c->n].quoted = *p == '"';
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\0')
					return (sk_error(sk, "unterminated string", NULL));
				*o++ = *p;
			}
			p++;
		} else if (*p == ';') {
			*o++ = *p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && *p != ';' &&
			    *p != '\n' && *p != '\r')
				*o++ = *p++;
		}
		*o++ = '\0';
		c->n++;
	}
}

static const char *
sk_next(struct sk_cmd *c)
{
	return (c->i < c->n ? c->tok[c->i++].s : NULL);
}

static const char *
sk_peek(struct sk_cmd *c)
{
	return (c->i < c->n ? c->tok[c->i].s : NULL);
}

/* Decimal or 0x hex, up to 64 bits: 0 or EINVAL. */
static int
sk_number(const char *s, uint64_t *v)
{
	return (parse_uint(s, 0, UINT64_MAX, v) == 0 ? 0 : EINVAL);
}

/* An IPv6 address with at most one "::". */
static int
sk_inet6(const char *s, uint8_t out[16])
{
	uint16_t w[8];
	int n = 0, gap = -1, i, v, d, digits;

	if (s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
	}
	while (*s) {
		for (v = 0, digits = 0; (d = parse_hexdigit(*s)) >= 0; s++) {
			if (++digits > 4)
				return (EINVAL);
			v = v * 16 + d;
		}
		if (digits == 0 || n == 8)
			return (EINVAL);
		w[n++] = (uint16_t)v;
		if (*s == '\0')
			break;
		if (*s++ != ':')
			return (EINVAL);
		if (*s == ':') {
			if (gap >= 0)
				return (EINVAL);
			gap = n;
			s++;
		}
	}
	if ((gap < 0 && n != 8) || (gap >= 0 && n > 7))
		return (EINVAL);
	memset(out, 0, 16);
	for (i = 0; i < n; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - (n - i) : i;

		out[2 * pos] = (uint8_t)(w[i] >> 8);
		out[2 * pos + 1] = (uint8_t)w[i];
	}
	return (0);
}

/* addr[/plen][[port]] into a sockaddr; plen defaults to the full length. */
static int
sk_address(const char *s, union sockaddr_union *a, int *plen, int ranges)
{
	char tmp[64];
	const char *slash, *br;
	size_t alen;
	uint64_t v;

	memset(a, 0, sizeof(*a));
	br = strchr(s, '[');
	slash = strchr(s, '/');
	if ((!ranges && (br || slash)) || (br && slash && slash > br))
		return (EINVAL);
	alen = slash ? (size_t)(slash - s) : br ? (size_t)(br - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(tmp))
		return (EINVAL);
	memcpy(tmp, s, alen);
	tmp[alen] = '\0';
	if (strchr(tmp, ':') != NULL) {
		if (sk_inet6(tmp, a->sin6.sin6_addr.s6_addr) != 0)
			return (EINVAL);
		a->sin6.sin6_len = sizeof(a->sin6);
		a->sin6.sin6_family = AF_INET6;
		*plen = 128;
	} else {
		const char *q = tmp;
		uint32_t h;

		if (parse_ipv4(&q, &h) != 0 || *q != '\0')
			return (EINVAL);
		a->sin.sin_addr.s_addr = htonl(h);
		a->sin.sin_len = sizeof(a->sin);
		a->sin.sin_family = AF_INET;
		*plen = 32;
	}
	if (slash != NULL) {
		alen = br ? (size_t)(br - slash - 1) : strlen(slash + 1);
		if (alen == 0 || alen >= sizeof(tmp))
			return (EINVAL);
		memcpy(tmp, slash + 1, alen);
		tmp[alen] = '\0';
		if (sk_number(tmp, &v) != 0 || v > (uint64_t)*plen)
			return (EINVAL);
		*plen = (int)v;
	}
	if (br != NULL) {
		alen = strlen(br + 1);
		if (alen < 2 || br[alen] != ']' || alen >= sizeof(tmp))
			return (EINVAL);
		memcpy(tmp, br + 1, alen - 1);
		tmp[alen - 1] = '\0';
		if (strcmp(tmp, "any") == 0)
			v = 0;
		else if (sk_number(tmp, &v) != 0 || v > 65535)
			return (EINVAL);
		if (a->sa.sa_family == AF_INET)
			a->sin.sin_port = htons((uint16_t)v);
		else
			a->sin6.sin6_port = htons((uint16_t)v);
	}
	return (0);
}

static int
sk_satype(const char *s)
{
	if (s == NULL)
		return (-1);
	if (strcmp(s, "esp") == 0)
		return (SADB_SATYPE_ESP);
	if (strcmp(s, "ah") == 0)
		return (SADB_SATYPE_AH);
	return (-1);
}

/* A key: 0x hex (even digits) or a quoted string. */
static int
sk_key(const struct sk_tok *t, struct seckey *k)
{
	const char *s = t->s;
	size_t n;

	memset(k, 0, sizeof(*k));
	if (t->quoted) {
		n = strlen(s);
		if (n == 0 || n > IPSEC_KEYLEN_MAX)
			return (EINVAL);
		memcpy(k->data, s, n);
	} else {
		if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
			return (EINVAL);
		if (parse_hex(s + 2, k->data, IPSEC_KEYLEN_MAX, &n) != 0 || n == 0)
			return (EINVAL);
	}
	k->len = (uint16_t)n;
	k->bits = (uint16_t)(n * 8);
	return (0);
}

/*
 * Refuses a key the algorithm does not take, naming the sizes it does
 * (the kernel would refuse it too, with a bare EINVAL).
 */
static int
sk_keylen(struct setkey *sk, const struct ipsec_alg *alg, const struct seckey *k)
{
	char sizes[128];
	size_t o = 0;
	unsigned b;

	if (k->bits >= alg->minbits && k->bits <= alg->maxbits &&
	    (alg->stepbits == 0 || (k->bits - alg->minbits) % alg->stepbits == 0))
		return (0);
	sk->errors++;
	if (alg->maxbits == 0) {
		setkey_printf(sk, "setkey: line %d: %s takes no key\n", sk->lineno,
		    alg->name);
		return (EINVAL);
	}
	sizes[0] = '\0';
	for (b = alg->minbits; b <= alg->maxbits && o < sizeof(sizes);
	    b += alg->stepbits ? alg->stepbits : alg->maxbits + 1u)
		o += (size_t)ksnprintf(sizes + o, sizeof(sizes) - o, "%s%u",
		    o ? ", " : "", b);
	setkey_printf(sk, "setkey: line %d: %s key of %u bits: %s takes %s bits\n",
	    sk->lineno, alg->name, k->bits, alg->name, sizes);
	return (EINVAL);
}

/* Writes msg, then prints or returns what came back for it. */
static int
sk_transact(struct setkey *sk, struct keybuf *kb, const char *what, int dump)
{
	const struct sadb_msg *req = (const void *)kb->buf;
	uint8_t *rbuf;
	const struct sadb_msg *r;
	int n, error = 0, more = 1;

	if (kb->error != 0)
		return (sk_error(sk, "message too large", what));
	kb_finish(kb);
	/* A refused message is answered too: the reply carries the errno. */
	(void)sk->io->send(sk, kb->buf, kb->len);
	if ((rbuf = net_malloc(SK_MSGBUF)) == NULL)
		return (sk_error(sk, "out of memory", what));
	while (more) {
		n = sk->io->recv(sk, rbuf, SK_MSGBUF, 1000);
		if (n <= 0) {
			error = n == 0 ? EAGAIN : ENOBUFS;
			break;
		}
		if ((size_t)n < sizeof(*r))
			continue;
		r = (const void *)rbuf;
		if (r->sadb_msg_pid != sk->pid || r->sadb_msg_type !=
		    req->sadb_msg_type || (!dump && r->sadb_msg_seq != req->sadb_msg_seq))
			continue;	/* someone else's message */
		if (r->sadb_msg_errno != 0) {
			error = r->sadb_msg_errno;
			break;
		}
		if (dump)
			setkey_print_msg(sk, rbuf, (size_t)n);
		else if (r->sadb_msg_type == SADB_GETSPI || r->sadb_msg_type == SADB_GET)
			setkey_print_msg(sk, rbuf, (size_t)n);
		more = dump && r->sadb_msg_seq != 0;
	}
	net_free(rbuf);
	if (error != 0) {
		sk->errors++;
		if (dump && error == ENOENT)
			setkey_printf(sk, "No %s entries.\n",
			    req->sadb_msg_type == SADB_DUMP ? "SAD" : "SPD");
		else
			setkey_printf(sk, "setkey: line %d: %s: %s\n", sk->lineno, what,
			    sk_strerror(error));
		if (dump && error == ENOENT)
			sk->errors--;
	}
	return (error);
}

static void
sk_msg(struct setkey *sk, struct keybuf *kb, uint8_t type, uint8_t satype)
{
	struct sadb_msg tmpl;

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.sadb_msg_seq = ++sk->seq;
	tmpl.sadb_msg_pid = sk->pid;
	kb_init(kb);
	kb_msg(kb, &tmpl, type, satype);
}

/* Options and algorithms of add/update. */
struct sk_sa {
	struct secasvar	 sav;		/* what the message will carry */
	int		 have_alg;	/* -E or -A seen */
};

static int
sk_sa_option(struct setkey *sk, struct sk_cmd *c, const char *opt,
    struct sk_sa *o)
{
	struct secasvar *sav = &o->sav;
	const struct ipsec_alg *alg;
	const char *arg = sk_next(c);
	uint64_t v = 0;

	if (arg == NULL)
		return (sk_error(sk, "missing value after", opt));
	if (strcmp(opt, "-E") == 0 || strcmp(opt, "-A") == 0) {
		int enc = opt[1] == 'E';

		if ((alg = ipsec_alg_byname(enc, arg)) == NULL)
			return (sk_error(sk, "unknown algorithm", arg));
		o->have_alg = 1;
		if (enc)
			sav->alg_enc = alg->sadb_id;
		else
			sav->alg_auth = alg->sadb_id;
		if (enc && alg->maxbits == 0 && (sk_peek(c) == NULL ||
		    sk_peek(c)[0] == '-' || sk_peek(c)[0] == ';'))
			return (0);	/* "-E null": no key */
		if (c->i >= c->n || sk_key(&c->tok[c->i++],
		    enc ? &sav->key_enc : &sav->key_auth) != 0)
			return (sk_error(sk, "bad key for", arg));
		return (sk_keylen(sk, alg, enc ? &sav->key_enc : &sav->key_auth));
	}
	if (strcmp(opt, "-m") == 0) {
		if (strcmp(arg, "transport") == 0)
			sav->saidx.mode = IPSEC_MODE_TRANSPORT;
		else if (strcmp(arg, "tunnel") == 0)
			sav->saidx.mode = IPSEC_MODE_TUNNEL;
		else if (strcmp(arg, "any") == 0)
			sav->saidx.mode = IPSEC_MODE_ANY;
		else
			return (sk_error(sk, "bad mode", arg));
		return (0);
	}
	if (strcmp(opt, "-f") == 0) {
		if (strcmp(arg, "esn") != 0)
			return (sk_error(sk, "unsupported flag", arg));
		sav->flags |= SADB_X_EXT_ESN;
		return (0);
	}
	if (sk_number(arg, &v) != 0)
		return (sk_error(sk, "bad number", arg));
	if (strcmp(opt, "-r") == 0 && v <= IPSEC_REPLAYWSIZE_MAX / 8)
		sav->replay.wsize = (uint32_t)v * 8;	/* bytes -> packets */
	else if (strcmp(opt, "-u") == 0 && v <= 0xffffffffu)
		sav->saidx.reqid = (uint32_t)v;
	else if (strcmp(opt, "-lh") == 0)
		sav->lft_h.addtime = v;
	else if (strcmp(opt, "-ls") == 0)
		sav->lft_s.addtime = v;
	else if (strcmp(opt, "-bh") == 0)
		sav->lft_h.bytes = v;
	else if (strcmp(opt, "-bs") == 0)
		sav->lft_s.bytes = v;
	else
		return (sk_error(sk, "bad option or value", opt));
	return (0);
}

/* src dst proto: the start of every SA command. */
static int
sk_sa_head(struct setkey *sk, struct sk_cmd *c, struct secasvar *sav)
{
	const char *s;
	int plen, satype;

	while ((s = sk_peek(c)) != NULL && (strcmp(s, "-4") == 0 ||
	    strcmp(s, "-6") == 0 || strcmp(s, "-n") == 0))
		c->i++;
	if ((s = sk_next(c)) == NULL || sk_address(s, &sav->saidx.src, &plen, 0))
		return (sk_error(sk, "bad source address", s));
	if ((s = sk_next(c)) == NULL || sk_address(s, &sav->saidx.dst, &plen, 0))
		return (sk_error(sk, "bad destination address", s));
	if (sav->saidx.src.sa.sa_family != sav->saidx.dst.sa.sa_family)
		return (sk_error(sk, "address families differ", s));
	if ((satype = sk_satype(s = sk_next(c))) < 0)
		return (sk_error(sk, "bad protocol (esp or ah)", s));
	sav->satype = (uint8_t)satype;
	return (0);
}

static int
sk_spi(struct setkey *sk, struct sk_cmd *c, struct secasvar *sav)
{
	const char *s = sk_next(c);
	uint64_t v;

	if (sk_number(s, &v) != 0 || v > 0xffffffffu)
		return (sk_error(sk, "bad SPI", s));
	sav->spi = htonl((uint32_t)v);
	return (0);
}

static int
sk_end(struct setkey *sk, struct sk_cmd *c)
{
	const char *s = sk_next(c);

	if (s != NULL)
		return (sk_error(sk, "unexpected word", s));
	return (0);
}

static void
sk_add_addrs(struct keybuf *kb, const struct secasvar *sav)
{
	int plen = sav->saidx.src.sa.sa_family == AF_INET ? 32 : 128;

	kb_add_address(kb, SADB_EXT_ADDRESS_SRC, &sav->saidx.src, (uint8_t)plen,
	    IPSEC_ULPROTO_ANY);
	kb_add_address(kb, SADB_EXT_ADDRESS_DST, &sav->saidx.dst, (uint8_t)plen,
	    IPSEC_ULPROTO_ANY);
}

/* add / update */
static int
sk_cmd_add(struct setkey *sk, struct sk_cmd *c, uint8_t type)
{
	struct sk_sa o;
	struct secasvar *sav = &o.sav;
	struct keybuf kb;
	const char *s;
	int error;

	memset(&o, 0, sizeof(o));
	/* No -r: no replay check, as in FreeBSD's setkey (setkey.h). */
	if (sk_sa_head(sk, c, sav) != 0 || sk_spi(sk, c, sav) != 0)
		return (EINVAL);
	while ((s = sk_next(c)) != NULL) {
		if (s[0] != '-')
			return (sk_error(sk, "unexpected word", s));
		if ((error = sk_sa_option(sk, c, s, &o)) != 0)
			return (error);
	}
	if (!o.have_alg)
		return (sk_error(sk, "no algorithm (-E or -A)", NULL));
	sk_msg(sk, &kb, type, sav->satype);
	kb_add_sa(&kb, sav);
	kb_add_sa2(&kb, sav);
	if (sav->replay.wsize > 255)
		kb_add_replay(&kb, sav->replay.wsize);
	if (sav->lft_h.addtime || sav->lft_h.bytes)
		kb_add_lifetime(&kb, SADB_EXT_LIFETIME_HARD, &sav->lft_h);
	if (sav->lft_s.addtime || sav->lft_s.bytes)
		kb_add_lifetime(&kb, SADB_EXT_LIFETIME_SOFT, &sav->lft_s);
	sk_add_addrs(&kb, sav);
	if (sav->key_auth.bits)
		kb_add_key(&kb, SADB_EXT_KEY_AUTH, &sav->key_auth);
	if (sav->key_enc.bits)
		kb_add_key(&kb, SADB_EXT_KEY_ENCRYPT, &sav->key_enc);
	error = sk_transact(sk, &kb, type == SADB_ADD ? "add" : "update", 0);
	kb_free(&kb);
	return (error);
}

/* get / delete (with SPI), deleteall (without) */
static int
sk_cmd_sa(struct setkey *sk, struct sk_cmd *c, uint8_t type, int with_spi,
    const char *what)
{
	struct secasvar sav;
	struct keybuf kb;
	int error;

	memset(&sav, 0, sizeof(sav));
	if (sk_sa_head(sk, c, &sav) != 0 ||
	    (with_spi && sk_spi(sk, c, &sav) != 0) || sk_end(sk, c) != 0)
		return (EINVAL);
	sk_msg(sk, &kb, type, sav.satype);
	if (with_spi)
		kb_add_sa(&kb, &sav);
	sk_add_addrs(&kb, &sav);
	error = sk_transact(sk, &kb, what, 0);
	kb_free(&kb);
	return (error);
}

/* getspi src dst proto [min max] (Sanpo) */
static int
sk_cmd_getspi(struct setkey *sk, struct sk_cmd *c)
{
	struct secasvar sav;
	struct sadb_spirange *r;
	struct keybuf kb;
	uint64_t min = KEY_SPI_MIN, max = KEY_SPI_MAX;
	int error;

	memset(&sav, 0, sizeof(sav));
	if (sk_sa_head(sk, c, &sav) != 0)
		return (EINVAL);
	if (sk_peek(c) != NULL && (sk_number(sk_next(c), &min) != 0 ||
	    sk_number(sk_next(c), &max) != 0 || min > 0xffffffffu ||
	    max > 0xffffffffu))
		return (sk_error(sk, "bad SPI range", NULL));
	if (sk_end(sk, c) != 0)
		return (EINVAL);
	sk_msg(sk, &kb, SADB_GETSPI, sav.satype);
	sk_add_addrs(&kb, &sav);
	if ((r = kb_append(&kb, sizeof(*r))) != NULL) {
		r->sadb_spirange_len = PFKEY_UNIT64(sizeof(*r));
		r->sadb_spirange_exttype = SADB_EXT_SPIRANGE;
		r->sadb_spirange_min = (uint32_t)min;
		r->sadb_spirange_max = (uint32_t)max;
	}
	error = sk_transact(sk, &kb, "getspi", 0);
	kb_free(&kb);
	return (error);
}

/* flush/dump [proto] and the SPD ones (no arguments). */
static int
sk_cmd_simple(struct setkey *sk, struct sk_cmd *c, uint8_t type, int proto_ok,
    const char *what)
{
	struct keybuf kb;
	const char *s = sk_peek(c);
	int satype = 0, error;

	if (proto_ok && s != NULL) {
		if ((satype = sk_satype(sk_next(c))) < 0)
			return (sk_error(sk, "bad protocol", s));
	}
	if (sk_end(sk, c) != 0)
		return (EINVAL);
	sk_msg(sk, &kb, type, (uint8_t)satype);
	error = sk_transact(sk, &kb, what,
	    type == SADB_DUMP || type == SADB_X_SPDDUMP);
	kb_free(&kb);
	return (error);
}

static int
sk_upper(const char *s, uint8_t *proto)
{
	uint64_t v;

	if (s == NULL)
		return (EINVAL);
	if (strcmp(s, "any") == 0)
		*proto = IPSEC_ULPROTO_ANY;
	else if (strcmp(s, "icmp") == 0)
		*proto = IPPROTO_ICMP;
	else if (strcmp(s, "tcp") == 0)
		*proto = IPPROTO_TCP;
	else if (strcmp(s, "udp") == 0)
		*proto = IPPROTO_UDP;
	else if (sk_number(s, &v) == 0 && v < 255)
		*proto = (uint8_t)v;
	else
		return (EINVAL);
	return (0);
}

/* proto/mode/[src-dst]/level[:reqid] */
static int
sk_request(struct setkey *sk, const char *s, struct ipsecrequest *isr)
{
	char tmp[160], *f[4], *p, *dash;
	int nf = 0, plen;
	uint64_t v;

	memset(isr, 0, sizeof(*isr));
	if (strlen(s) >= sizeof(tmp))
		return (sk_error(sk, "request too long", s));
	memcpy(tmp, s, strlen(s) + 1);
	for (p = tmp, f[nf++] = p; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (nf == 4)
				return (sk_error(sk, "bad request", s));
			f[nf++] = p + 1;
		}
	}
	if (nf < 3)
		return (sk_error(sk, "bad request", s));
	if (strcmp(f[0], "esp") == 0)
		isr->saidx.proto = IPPROTO_ESP;
	else if (strcmp(f[0], "ah") == 0)
		isr->saidx.proto = IPPROTO_AH;
	else
		return (sk_error(sk, "bad request protocol", s));
	if (strcmp(f[1], "transport") == 0)
		isr->saidx.mode = IPSEC_MODE_TRANSPORT;
	else if (strcmp(f[1], "tunnel") == 0)
		isr->saidx.mode = IPSEC_MODE_TUNNEL;
	else
		return (sk_error(sk, "bad request mode", s));
	if (f[2][0] != '\0') {
		if ((dash = strchr(f[2], '-')) == NULL)
			return (sk_error(sk, "bad tunnel endpoints", s));
		*dash = '\0';
		if (sk_address(f[2], &isr->saidx.src, &plen, 0) != 0 ||
		    sk_address(dash + 1, &isr->saidx.dst, &plen, 0) != 0 ||
		    isr->saidx.src.sa.sa_family != isr->saidx.dst.sa.sa_family)
			return (sk_error(sk, "bad tunnel endpoints", s));
	} else if (isr->saidx.mode == IPSEC_MODE_TUNNEL) {
		return (sk_error(sk, "tunnel mode needs endpoints", s));
	}
	p = nf == 4 ? f[3] : (char *)"default";
	if ((dash = strchr(p, ':')) != NULL) {
		*dash = '\0';
		if (sk_number(dash + 1, &v) != 0 || v > 0xffffffffu)
			return (sk_error(sk, "bad reqid", s));
		isr->saidx.reqid = (uint32_t)v;
	}
	if (strcmp(p, "default") == 0)
		isr->level = IPSEC_LEVEL_DEFAULT;
	else if (strcmp(p, "use") == 0)
		isr->level = IPSEC_LEVEL_USE;
	else if (strcmp(p, "require") == 0)
		isr->level = IPSEC_LEVEL_REQUIRE;
	else if (strcmp(p, "unique") == 0)
		isr->level = IPSEC_LEVEL_UNIQUE;
	else
		return (sk_error(sk, "bad level", s));
	return (0);
}

static int
sk_direction(const char *s)
{
	if (s == NULL)
		return (-1);
	if (strcmp(s, "in") == 0)
		return (IPSEC_DIR_INBOUND);
	if (strcmp(s, "out") == 0)
		return (IPSEC_DIR_OUTBOUND);
	if (strcmp(s, "fwd") == 0)
		return (IPSEC_DIR_FORWARD);
	return (-1);
}

/* spdadd / spdupdate / spddelete */
static int
sk_cmd_spd(struct setkey *sk, struct sk_cmd *c, uint8_t type, const char *what)
{
	struct secpolicy sp;
	struct keybuf kb;
	const char *s;
	int plen, dir, error;
	uint64_t v;

	memset(&sp, 0, sizeof(sp));
	while ((s = sk_peek(c)) != NULL && (strcmp(s, "-4") == 0 ||
	    strcmp(s, "-6") == 0 || strcmp(s, "-n") == 0))
		c->i++;
	if ((s = sk_next(c)) == NULL || sk_address(s, &sp.spidx.src, &plen, 1))
		return (sk_error(sk, "bad source range", s));
	sp.spidx.prefs = (uint8_t)plen;
	if ((s = sk_next(c)) == NULL || sk_address(s, &sp.spidx.dst, &plen, 1))
		return (sk_error(sk, "bad destination range", s));
	sp.spidx.prefd = (uint8_t)plen;
	if (sp.spidx.src.sa.sa_family != sp.spidx.dst.sa.sa_family)
		return (sk_error(sk, "address families differ", s));
	if (sk_upper(s = sk_next(c), &sp.spidx.ul_proto) != 0)
		return (sk_error(sk, "bad upper-layer protocol", s));
	if ((s = sk_next(c)) == NULL || strcmp(s, "-P") != 0)
		return (sk_error(sk, "expected -P", s));
	if ((dir = sk_direction(s = sk_next(c))) < 0)
		return (sk_error(sk, "bad direction", s));
	sp.spidx.dir = (uint8_t)dir;
	if (type != SADB_X_SPDDELETE) {
		if ((s = sk_peek(c)) != NULL && strcmp(s, "prio") == 0) {
			c->i++;
			if (sk_number(s = sk_next(c), &v) != 0 || v > 0xffffffffu)
				return (sk_error(sk, "bad priority", s));
			sp.priority = (uint32_t)v;
		}
		if ((s = sk_next(c)) == NULL)
			return (sk_error(sk, "missing policy", NULL));
		if (strcmp(s, "discard") == 0)
			sp.policy = IPSEC_POLICY_DISCARD;
		else if (strcmp(s, "none") == 0)
			sp.policy = IPSEC_POLICY_NONE;
		else if (strcmp(s, "ipsec") == 0)
			sp.policy = IPSEC_POLICY_IPSEC;
		else
			return (sk_error(sk, "bad policy", s));
		while (sp.policy == IPSEC_POLICY_IPSEC && (s = sk_next(c)) != NULL) {
			if (sp.nreq == IPSEC_MAXREQUESTS)
				return (sk_error(sk, "too many requests", s));
			if (sk_request(sk, s, &sp.req[sp.nreq++]) != 0)
				return (EINVAL);
		}
		if (sp.policy == IPSEC_POLICY_IPSEC && sp.nreq == 0)
			return (sk_error(sk, "ipsec policy without request", NULL));
	}
	if (sk_end(sk, c) != 0)
		return (EINVAL);
	sk_msg(sk, &kb, type, SADB_SATYPE_UNSPEC);
	kb_add_address(&kb, SADB_EXT_ADDRESS_SRC, &sp.spidx.src, sp.spidx.prefs,
	    sp.spidx.ul_proto);
	kb_add_address(&kb, SADB_EXT_ADDRESS_DST, &sp.spidx.dst, sp.spidx.prefd,
	    sp.spidx.ul_proto);
	kb_add_policy(&kb, &sp);
	error = sk_transact(sk, &kb, what, 0);
	kb_free(&kb);
	return (error);
}

/* One command, without its ';'. */
static int
sk_command(struct setkey *sk, const char *text)
{
	static struct sk_cmd c;		/* big: not on a kernel stack */
	const char *verb;

	if (sk_tokenize(sk, text, &c) != 0)
		return (EINVAL);
	if ((verb = sk_next(&c)) == NULL)
		return (0);
	if (strcmp(verb, "add") == 0)
		return (sk_cmd_add(sk, &c, SADB_ADD));
	if (strcmp(verb, "update") == 0)
		return (sk_cmd_add(sk, &c, SADB_UPDATE));
	if (strcmp(verb, "get") == 0)
		return (sk_cmd_sa(sk, &c, SADB_GET, 1, "get"));
	if (strcmp(verb, "delete") == 0)
		return (sk_cmd_sa(sk, &c, SADB_DELETE, 1, "delete"));
	if (strcmp(verb, "deleteall") == 0)
		return (sk_cmd_sa(sk, &c, SADB_DELETE, 0, "deleteall"));
	if (strcmp(verb, "getspi") == 0)
		return (sk_cmd_getspi(sk, &c));
	if (strcmp(verb, "flush") == 0)
		return (sk_cmd_simple(sk, &c, SADB_FLUSH, 1, "flush"));
	if (strcmp(verb, "dump") == 0)
		return (sk_cmd_simple(sk, &c, SADB_DUMP, 1, "dump"));
	if (strcmp(verb, "spdflush") == 0)
		return (sk_cmd_simple(sk, &c, SADB_X_SPDFLUSH, 0, "spdflush"));
	if (strcmp(verb, "spddump") == 0)
		return (sk_cmd_simple(sk, &c, SADB_X_SPDDUMP, 0, "spddump"));
	if (strcmp(verb, "spdadd") == 0)
		return (sk_cmd_spd(sk, &c, SADB_X_SPDADD, "spdadd"));
	if (strcmp(verb, "spdupdate") == 0)
		return (sk_cmd_spd(sk, &c, SADB_X_SPDUPDATE, "spdupdate"));
	if (strcmp(verb, "spddelete") == 0)
		return (sk_cmd_spd(sk, &c, SADB_X_SPDDELETE, "spddelete"));
	return (sk_error(sk, "unknown command", verb));
}

/* Inside a "quoted" key of the command being gathered. */
static int
sk_in_string(const struct setkey *sk)
{
	size_t i;
	int in = 0;

	for (i = 0; i < sk->pend; i++)
		if (sk->cmd[i] == '"')
			in = !in;
	return (in);
}

int
setkey_feed(struct setkey *sk, const char *line)
{
	const char *p;
	size_t n;

	sk->lineno++;
	for (p = line; *p; p++) {
		if (*p == '#' && !sk_in_string(sk))
			break;		/* comment to the end of the line */
		if (*p == ';') {
			sk->cmd[sk->pend] = '\0';
			sk_command(sk, sk->cmd);
			sk->pend = 0;
			continue;
		}
		if (sk->pend + 2 >= sizeof(sk->cmd)) {
			sk_error(sk, "command too long", NULL);
			sk->pend = 0;
			return (sk->errors);
		}
		sk->cmd[sk->pend++] = *p;
	}
	n = sk->pend;
	if (n > 0)
		sk->cmd[sk->pend++] = ' ';	/* the line break */
	return (sk->errors);
}

int
setkey_finish(struct setkey *sk)
{
	size_t i;

	for (i = 0; i < sk->pend; i++)
		if (sk->cmd[i] != ' ' && sk->cmd[i] != '\t')
			break;
	if (i < sk->pend)
		sk_error(sk, "command not terminated by ';'", NULL);
	sk->pend = 0;
	return (sk->errors);
}

int
setkey_dump(struct setkey *sk, int spd)
{
	return (sk_command(sk, spd ? "spddump" : "dump"));
}

int
setkey_flush(struct setkey *sk, int spd)
{
	return (sk_command(sk, spd ? "spdflush" : "flush"));
}

int
setkey_monitor_start(struct setkey *sk)
{
	struct keybuf kb;
	int error;

	sk_msg(sk, &kb, SADB_X_PROMISC, 1);
	error = sk_transact(sk, &kb, "promisc", 0);
	kb_free(&kb);
	return (error);
}

int
setkey_monitor_once(struct setkey *sk, uint32_t timeout_ms)
{
	uint8_t *buf;
	int n;

	if ((buf = net_malloc(SK_MSGBUF)) == NULL)
		return (-1);
	n = sk->io->recv(sk, buf, SK_MSGBUF, timeout_ms);
	if (n > 0)
		setkey_print_msg(sk, buf, (size_t)n);
	net_free(buf);
	return (n);
}

void
setkey_init(struct setkey *sk, const struct setkey_io *io, void *ioarg,
    void (*put)(void *, const char *), void *arg, uint32_t pid)
{
	memset(sk, 0, sizeof(*sk));
	sk->io = io;
	sk->ioarg = ioarg;
	sk->put = put;
	sk->arg = arg;
	sk->pid = pid;
}

void
setkey_close(struct setkey *sk)
{
	if (sk->io != NULL && sk->io->close != NULL)
		sk->io->close(sk);
	sk->io = NULL;
	sk->ioarg = NULL;
}
