/*
 * The key engine's interface: PF_KEY message processing (key_parse), the
 * SADB and SPD lookups the datapath uses, the periodic lifetime check and
 * the statistics.
 *
 * Everything here runs with the net lock held (net_platform.h) unless it
 * says otherwise.  Errors are FreeBSD errno values (net/net_errno.h).
 * Message building helpers shared by key.c, key_sadb.c and key_spd.c are
 * declared at the end; they are internal to net/ipsec/.
 */
#ifndef NET_IPSEC_KEY_H
#define NET_IPSEC_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "net/ipsec/keydb.h"

struct keycb;

#define KEY_MSG_MAX		PFKEY_MSG_MAX	/* bytes: larger messages are refused */
#define KEY_LARVAL_LIFETIME	30	/* s a GETSPI'd SA waits for UPDATE */
#define KEY_ACQUIRE_INTERVAL	10	/* s between two ACQUIREs for one SA */
#define KEY_SPI_MIN		0x100	/* default GETSPI range (RFC 4303: */
#define KEY_SPI_MAX		0x0fffffff /* 1..255 reserved by IANA) */

/* Counters of the key engine (FreeBSD's pfkeystat, simplified). */
struct pfkeystat {
	uint64_t	out_total;	/* messages written by sockets */
	uint64_t	out_bytes;	/* bytes written */
	uint64_t	out_invalid;	/* refused by key_parse (any reason) */
	uint64_t	out_tooshort;	/* shorter than a sadb_msg */
	uint64_t	out_toobig;	/* over KEY_MSG_MAX */
	uint64_t	out_invlen;	/* sadb_msg_len or extension lengths wrong */
	uint64_t	out_invver;	/* not PF_KEY_V2 */
	uint64_t	out_invmsgtype;	/* unknown message type */
	uint64_t	out_invsatype;	/* bad SA type for the message */
	uint64_t	out_invexttype;	/* unknown or misplaced extension */
	uint64_t	out_dupext;	/* an extension twice */
	uint64_t	out_noext;	/* a required extension missing */
	uint64_t	out_invaddr;	/* bad sockaddr in an address extension */
	uint64_t	out_msgtype[SADB_MAX + 1]; /* accepted, per type */
	uint64_t	in_total;	/* messages queued to sockets */
	uint64_t	in_bytes;	/* bytes queued */
	uint64_t	in_msgtype[SADB_MAX + 1]; /* queued, per type */
	uint64_t	in_nomem;	/* dropped: receive queue full / no memory */
	uint64_t	acquire_sent;	/* ACQUIREs sent up */
	uint64_t	acquire_limited; /* ACQUIREs suppressed by the rate limit */
	uint64_t	expire_soft;	/* EXPIRE(soft) sent */
	uint64_t	expire_hard;	/* EXPIRE(hard) sent, SA removed */
	uint64_t	larval_timeout;	/* larval SAs dropped unfinished */
};
extern struct pfkeystat pfkeystat;

/* Set up (and, for tests, reset) the whole key engine. */
void	key_init(void);
/* Drop every SA, policy and pending ACQUIRE (fuzzer/test reset). */
void	key_reset(void);

/*
 * Validates one PF_KEY message written by `so` and executes it.  On any
 * error an error reply goes to `so` and nothing is changed.  Returns 0 or
 * the errno that was also sent back.
 */
int	key_parse(struct keycb *so, const void *msg, size_t len);

/* SADB lookups for the datapath. */
struct secasvar *key_allocsa(const union sockaddr_union *dst, uint8_t proto,
	    uint32_t spi);		/* spi network order; referenced or NULL */
void	key_freesav(struct secasvar **psav);
void	key_sa_recordxfer(struct secasvar *sav, uint64_t bytes);
int	key_sa_count(int state);	/* SAs in a state, -1: all */
/* Copies an SA's counters (setkey -D); takes the net lock itself. */
int	key_sa_getstats(const union sockaddr_union *dst, uint8_t proto,
	    uint32_t spi, struct secasvar_stats *st);

/* Lifetimes: called once a second (host tests: with a fake clock). */
void	key_timehandler(void);

/* SPD lookups for the datapath. */
struct secpolicy *key_allocsp(int dir, const struct ipsec_selector *sel);
void	key_freesp(struct secpolicy **psp);
int	key_sp_count(void);

/*
 * The SA for request `isr_index` of `sp` for a packet from src to dst.
 * Returns 0 with *psav referenced; 0 with *psav NULL when the level is
 * "use" and there is none; ENOENT when none exists for a "require"
 * request, after sending an ACQUIRE (rate-limited).
 */
int	ipsec_getsa_for_request(struct secpolicy *sp, int isr_index,
	    const union sockaddr_union *src, const union sockaddr_union *dst,
	    struct secasvar **psav);

/*
 * Whether an SA with index `have` is one request `isr` allows for a packet
 * from src to dst: the same protocol, mode and reqid (when the request
 * names one), and the addresses the request asks for -- the tunnel's ends,
 * or in transport mode the packet's own.  Output picks its SA by this rule;
 * input accepts what an SA delivered only by it too (RFC 4301 5.2).
 */
int	key_request_allows(const struct ipsecrequest *isr, const union sockaddr_union *src,
	    const union sockaddr_union *dst, const struct secasindex *have);

/* Sends an ACQUIRE for `saidx` to registered sockets (rate-limited). */
int	key_acquire(struct secpolicy *sp, const struct secasindex *saidx);

/* Transforms and algorithms (ipsec_xform.c). */
const struct xformsw *xform_lookup(uint8_t proto);
void	xform_attach_datapath(uint8_t proto,
	    int (*input)(struct mbuf *, struct secasvar *, int, int),
	    int (*output)(struct mbuf *, struct secasvar *, struct ipsec_outctx *, int),
	    void (*release)(struct secasvar *));
const struct ipsec_alg *ipsec_authalg(uint8_t sadb_id);
const struct ipsec_alg *ipsec_encalg(uint8_t sadb_id);
const struct ipsec_alg *ipsec_alg_byname(int enc, const char *name);
const struct ipsec_alg *ipsec_alg_index(int enc, int i);	/* NULL at end */

/* Address helpers (key_msg.c). */
size_t	key_sa_len(int family);		/* sockaddr size of a family, 0 if unknown */
int	key_sockaddr_ok(const struct sockaddr *sa, size_t room);
int	key_sockaddr_cmp(const union sockaddr_union *a,
	    const union sockaddr_union *b, int ports); /* 0 if equal */
int	key_prefix_match(const union sockaddr_union *net, int plen,
	    const union sockaddr_union *addr);
uint64_t key_now(void);			/* uptime seconds */
/* Uptime seconds `up` as seconds since 1970. */
uint64_t key_walltime(uint64_t up);

/* Message building (key_msg.c): a growable, 8-byte aligned buffer. */
struct keybuf {
	uint8_t		*buf;		/* the message so far */
	size_t		 len;		/* bytes used */
	size_t		 cap;		/* bytes allocated */
	int		 error;		/* ENOBUFS/EMSGSIZE once anything failed */
};
void	 kb_init(struct keybuf *kb);
void	 kb_free(struct keybuf *kb);
void	*kb_append(struct keybuf *kb, size_t len);	/* zeroed, padded to 8 */
void	 kb_msg(struct keybuf *kb, const struct sadb_msg *tmpl,
	    uint8_t type, uint8_t satype);
void	 kb_finish(struct keybuf *kb);			/* sets sadb_msg_len */
void	 kb_add_raw(struct keybuf *kb, const struct sadb_ext *ext);
void	 kb_add_sa(struct keybuf *kb, const struct secasvar *sav);
void	 kb_add_sa2(struct keybuf *kb, const struct secasvar *sav);
void	 kb_add_lifetime(struct keybuf *kb, uint16_t exttype,
	    const struct seclifetime *lt);
void	 kb_add_address(struct keybuf *kb, uint16_t exttype,
	    const union sockaddr_union *a, uint8_t plen, uint8_t proto);
void	 kb_add_key(struct keybuf *kb, uint16_t exttype, const struct seckey *k);
void	 kb_add_replay(struct keybuf *kb, uint32_t wsize);
void	 kb_add_policy(struct keybuf *kb, const struct secpolicy *sp);

/* Internal to net/ipsec: the parsed message handed to handlers. */
struct sadb_msghdr {
	const struct sadb_msg *msg;		/* base header */
	const struct sadb_ext *ext[SADB_EXT_MAX + 1];	/* NULL if absent */
	size_t		 extlen[SADB_EXT_MAX + 1];	/* bytes */
};
int	key_spd_dispatch(struct keycb *so, const struct sadb_msghdr *mhp);
void	key_spd_reset(void);
void	key_acq_timehandler(void);
void	key_acq_forget(const struct secasindex *saidx);
int	key_saidx_from_msg(const struct sadb_msghdr *mhp, struct secasindex *saidx);
uint8_t	key_satype2proto(uint8_t satype);
uint8_t	key_proto2satype(uint8_t proto);

#endif /* NET_IPSEC_KEY_H */
