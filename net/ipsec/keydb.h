/*
 * Software state of the key engine: security associations (SADB),
 * security policies (SPD) and the transform switch.
 *
 * The wire format these are built from is pfkeyv2.h; this header is what
 * the datapath (ESP/AH input and output, ipsec_input.c/ipsec_output.c) reads.  Every SA
 * carries its algorithms, keys, replay window, counters and lifetimes, and
 * a pointer to its transform's function table (struct xformsw), so a new
 * protocol or algorithm plugs in without touching key.c.
 *
 * Locking: all of it is protected by the net lock (net_platform.h).  An
 * SA or policy handed out by key_allocsa()/key_allocsp() is referenced and
 * stays valid (its memory, not its state) until key_freesav()/key_freesp().
 */
#ifndef NET_IPSEC_KEYDB_H
#define NET_IPSEC_KEYDB_H

#include <stddef.h>
#include <stdint.h>

#include "net/ipsec/pfkeyv2.h"

#define IPSEC_REPLAYWSIZE_MAX	1024	/* packets; the bitmap's size */
#define IPSEC_REPLAYWSIZE_DEF	64	/* RFC 4303 default */
#define IPSEC_MAXREQUESTS	4	/* ordered requests per policy */
#define IPSEC_KEYLEN_MAX	64	/* bytes: HMAC-SHA-512's key */

/* Who an SA or an ACQUIRE is for (FreeBSD's secasindex). */
struct secasindex {
	union sockaddr_union src;	/* source address, port 0 */
	union sockaddr_union dst;	/* destination address, port 0 */
	uint8_t		proto;		/* IPPROTO_ESP / IPPROTO_AH */
	uint8_t		mode;		/* IPSEC_MODE_* */
	uint32_t	reqid;		/* 0: any */
};

/* One key as given by the key manager. */
struct seckey {
	uint16_t	bits;			/* as in sadb_key_bits */
	uint16_t	len;			/* bytes: (bits + 7) / 8 */
	uint8_t		data[IPSEC_KEYLEN_MAX];	/* key material */
};

/* Anti-replay state (RFC 4303 3.4.3), for the datapath. */
struct secreplay {
	uint32_t	wsize;		/* window, packets (0: check off) */
	uint64_t	lastseq;	/* highest sequence accepted (ESN: 64 bits) */
	uint64_t	count;		/* output: last sequence number sent */
	uint32_t	bitmap[IPSEC_REPLAYWSIZE_MAX / 32]; /* bit i: lastseq - i seen */
	int		esn;		/* extended sequence numbers in use */
	int		overflow;	/* output counter wrapped: SA unusable */
};

/* One lifetime (current, hard or soft) in native units. */
struct seclifetime {
	uint32_t	allocations;	/* packets */
	uint64_t	bytes;
	uint64_t	addtime;	/* limit: s after add; current: add time */
	uint64_t	usetime;	/* limit: s after first use; current: first use */
};

/* Per-SA counters, shown by setkey -D. */
struct secasvar_stats {
	uint64_t	ipackets;	/* input packets accepted */
	uint64_t	opackets;	/* output packets protected */
	uint64_t	ibytes;		/* input payload bytes */
	uint64_t	obytes;		/* output payload bytes */
	uint64_t	replay;		/* input dropped by the replay check */
	uint64_t	authfail;	/* input dropped: ICV mismatch */
};

struct secasvar;

/*
 * Transform switch (FreeBSD's xformsw): one per IPsec protocol.  init()
 * validates the SA's algorithms and key lengths (returns 0 or EINVAL);
 * zeroize() wipes keys and releases what the datapath set up.  The
 * datapath (it needs the crypto framework's API) fills in
 * input/output/release with xform_attach_datapath():
 *   input(m, sav, skip, protoff)   m = [IP header (skip)][ESP/AH...]
 *   output(m, sav, ctx, skip)      m = [IP header (skip)][payload]
 *   release(sav)                   frees sav->tdb_priv once nothing in
 *                                  flight still uses it
 * input and output consume m and the caller's reference on sav.
 */
struct mbuf;
struct ipsec_outctx;
struct xformsw {
	const char	*xf_name;	/* "esp", "ah" */
	uint8_t		 xf_proto;	/* IPPROTO_ESP / IPPROTO_AH */
	int		(*xf_init)(struct secasvar *sav);
	void		(*xf_zeroize)(struct secasvar *sav);
	int		(*xf_input)(struct mbuf *m, struct secasvar *sav, int skip, int protoff);
	int		(*xf_output)(struct mbuf *m, struct secasvar *sav,
			    struct ipsec_outctx *ctx, int skip);
	void		(*xf_release)(struct secasvar *sav);
};

/* One algorithm known to PF_KEY and how it maps to crypto/xform.h. */
struct ipsec_alg {
	uint8_t		 sadb_id;	/* SADB_AALG_* or SADB_EALG_* */
	int		 crypto_id;	/* enum crypto_alg_id, 0 for NULL */
	const char	*name;		/* FreeBSD setkey's name ("aes-cbc"), printed */
	const char	*alias;		/* ipsec-tools' other name ("rijndael-cbc"), or NULL */
	uint16_t	 minbits;	/* key bits, as PF_KEY counts them */
	uint16_t	 maxbits;
	uint16_t	 stepbits;	/* allowed sizes: min, min+step, ... max */
	uint8_t		 ivlen;		/* IV bytes in each packet */
	uint8_t		 icvlen;	/* ICV bytes (HMAC truncation, AEAD tag) */
	int		 aead;		/* combined mode: no separate auth */
};

/* A security association. */
struct secasvar {
	struct secasvar	*hash_next;	/* chain of its SPI hash bucket */
	struct secasvar	*state_next;	/* list of its state */
	struct secasvar	*state_prev;	/* the same list, backwards */
	struct secasindex saidx;	/* addresses, protocol, mode, reqid */
	uint32_t	 spi;		/* network byte order */
	uint8_t		 state;		/* SADB_SASTATE_* */
	uint8_t		 satype;	/* SADB_SATYPE_* */
	uint8_t		 alg_auth;	/* SADB_AALG_* */
	uint8_t		 alg_enc;	/* SADB_EALG_* */
	uint32_t	 flags;		/* sadb_sa_flags */
	uint32_t	 seq;		/* sadb_msg_seq of the GETSPI/ADD */
	uint32_t	 pid;		/* sadb_msg_pid of the GETSPI/ADD */
	uint32_t	 refcnt;	/* SADB's own reference + key_allocsa()s */
	int		 linked;	/* still in the hash and a state list */
	struct seckey	 key_auth;	/* bits 0: none */
	struct seckey	 key_enc;	/* bits 0: none */
	const struct ipsec_alg *tdb_authalg; /* NULL: no authentication */
	const struct ipsec_alg *tdb_encalg;  /* NULL: AH */
	const struct xformsw *tdb_xform; /* ESP or AH functions */
	void		*tdb_priv;	/* transform's private state */
	struct secreplay replay;	/* anti-replay window */
	struct seclifetime lft_c;	/* current: use so far, times in uptime s */
	struct seclifetime lft_h;	/* hard limits (0: none) */
	struct seclifetime lft_s;	/* soft limits (0: none) */
	uint64_t	 created_ms;	/* uptime at creation (larval timeout) */
	struct secasvar_stats stats;	/* counters */
};

/* One ordered request of an IPSEC policy. */
struct ipsecrequest {
	struct secasindex saidx;	/* proto, mode, level's reqid, tunnel ends */
	uint8_t		level;		/* IPSEC_LEVEL_* */
};

/* Traffic selector of a policy (FreeBSD's secpolicyindex). */
struct secpolicyindex {
	union sockaddr_union src;	/* source address and port (0: any) */
	union sockaddr_union dst;	/* destination address and port */
	uint8_t		prefs;		/* source prefix length */
	uint8_t		prefd;		/* destination prefix length */
	uint8_t		ul_proto;	/* upper protocol, IPSEC_ULPROTO_ANY */
	uint8_t		dir;		/* IPSEC_DIR_* */
};

/* A security policy. */
struct secpolicy {
	struct secpolicy *next;		/* SPD list, in priority order */
	struct secpolicyindex spidx;	/* selector */
	uint32_t	id;		/* kernel-assigned, for SPDDELETE2/GET */
	uint32_t	priority;	/* lower value is matched first */
	uint16_t	policy;		/* IPSEC_POLICY_* */
	uint32_t	refcnt;		/* SPD's reference + key_allocsp()s */
	int		linked;		/* still in the SPD */
	int		nreq;		/* requests used in req[] */
	struct ipsecrequest req[IPSEC_MAXREQUESTS]; /* in order of application */
	uint64_t	created;	/* uptime s when added */
	uint64_t	lastused;	/* uptime s of the last match */
};

/* What the datapath asks the SPD about (key_allocsp). */
struct ipsec_selector {
	union sockaddr_union src;	/* packet's source address and port */
	union sockaddr_union dst;	/* packet's destination address and port */
	uint8_t		ul_proto;	/* packet's upper protocol */
};

#endif /* NET_IPSEC_KEYDB_H */
