/*
 * PF_KEY version 2 wire format (RFC 2367) with the KAME extensions that
 * FreeBSD, NetBSD and ipsec-tools use (X_PROMISC, X_SPD* messages,
 * sadb_x_policy, sadb_x_ipsecrequest, sadb_x_sa2, sadb_x_sa_replay).
 *
 * This header is only the bytes on the key socket: every structure is a
 * multiple of 8 bytes, lengths of messages and extensions count 64-bit
 * units (except sadb_x_ipsecrequest_len, which counts bytes, as in KAME),
 * and all integers are in host byte order except SPIs and the ports and
 * addresses inside sockaddrs, which are in network order.  Numeric values
 * are FreeBSD's so that messages captured from, or written for, a BSD
 * stack mean the same here.  The software state built from these
 * messages lives in net/ipsec/keydb.h.
 *
 * It is also the header user programs include (setkey, tests/user/
 * pfkey_fuzz.c): it needs only <stdint.h> and <stddef.h>, so it sits
 * beside <sys/socket.h>.  A key socket is
 *	socket(PF_KEY, SOCK_RAW, PF_KEY_V2)	(PF_KEY = AF_KEY = 15, Linux's)
 * and needs CAP_NET_ADMIN in the initial user namespace (else EPERM, as
 * Linux's pfkey_create).  One write() is one message; one read() returns
 * one message (a buffer too small for it loses the rest of it: read with
 * 64 KiB, PFKEY_MSG_MAX).  Replies go to the writer; REGISTER, EXPIRE and
 * ACQUIRE go to every (registered) socket, and a promiscuous socket
 * (SADB_X_PROMISC, satype 1) gets a copy of everything; when a socket's
 * receive buffer is full its copy is dropped and counted, never waited for.
 *
 * Addresses inside messages are BSD-layout sockaddrs, as FreeBSD carries
 * them -- a length byte first, then the family, with FreeBSD's AF_INET6
 * (28), not Linux's: struct pfkey_sockaddr_in and pfkey_sockaddr_in6 below.
 */
#ifndef SANPO_PFKEYV2_H
#define SANPO_PFKEYV2_H

#include <stddef.h>
#include <stdint.h>

#ifndef PF_KEY
#define PF_KEY			15	/* = AF_KEY: Linux's protocol family number */
#endif
#define PF_KEY_V2		2
#define PFKEY_MSG_MAX		65536	/* bytes: larger messages get EMSGSIZE */
#define PFKEY_AF_INET		2	/* sa_family of the sockaddrs below */
#define PFKEY_AF_INET6		28	/* FreeBSD's number */

/* The address after a struct sadb_address (BSD layout, 16 bytes). */
struct pfkey_sockaddr_in {
	uint8_t		sin_len;	/* 16 */
	uint8_t		sin_family;	/* PFKEY_AF_INET */
	uint16_t	sin_port;	/* network order; 0: any */
	uint8_t		sin_addr[4];
	uint8_t		sin_zero[8];
};

/* The same for IPv6 (28 bytes; an extension pads it to 32). */
struct pfkey_sockaddr_in6 {
	uint8_t		sin6_len;	/* 28 */
	uint8_t		sin6_family;	/* PFKEY_AF_INET6 */
	uint16_t	sin6_port;	/* network order; 0: any */
	uint32_t	sin6_flowinfo;
	uint8_t		sin6_addr[16];
	uint32_t	sin6_scope_id;
};
#define PFKEYV2_REVISION	199806L

/* Lengths: 64-bit units on the wire. */
#define PFKEY_ALIGN8(a)		(((a) + 7u) & ~(size_t)7u)
#define PFKEY_UNIT64(a)		((a) >> 3)
#define PFKEY_UNUNIT64(a)	((size_t)(a) << 3)

/* Base header of every message (RFC 2367 2.3.1). */
struct sadb_msg {
	uint8_t		sadb_msg_version;	/* PF_KEY_V2 */
	uint8_t		sadb_msg_type;		/* SADB_* below */
	uint8_t		sadb_msg_errno;		/* 0, or the error of a reply */
	uint8_t		sadb_msg_satype;	/* SADB_SATYPE_* */
	uint16_t	sadb_msg_len;		/* whole message, 64-bit units */
	uint16_t	sadb_msg_reserved;	/* must be 0 */
	uint32_t	sadb_msg_seq;		/* sender's sequence, echoed */
	uint32_t	sadb_msg_pid;		/* sender's pid; 0 from the kernel */
};

/* Generic extension header: every extension starts with it. */
struct sadb_ext {
	uint16_t	sadb_ext_len;		/* 64-bit units, header included */
	uint16_t	sadb_ext_type;		/* SADB_EXT_* */
};

/* Association (RFC 2367 2.3.2). */
struct sadb_sa {
	uint16_t	sadb_sa_len;
	uint16_t	sadb_sa_exttype;	/* SADB_EXT_SA */
	uint32_t	sadb_sa_spi;		/* network byte order */
	uint8_t		sadb_sa_replay;		/* window, packets (0..255) */
	uint8_t		sadb_sa_state;		/* SADB_SASTATE_* */
	uint8_t		sadb_sa_auth;		/* SADB_AALG_* */
	uint8_t		sadb_sa_encrypt;	/* SADB_EALG_* */
	uint32_t	sadb_sa_flags;		/* SADB_SAFLAGS_* */
};

/* Lifetime (2.3.3): current, hard or soft by sadb_lifetime_exttype. */
struct sadb_lifetime {
	uint16_t	sadb_lifetime_len;
	uint16_t	sadb_lifetime_exttype;
	uint32_t	sadb_lifetime_allocations;	/* packets */
	uint64_t	sadb_lifetime_bytes;
	uint64_t	sadb_lifetime_addtime;	/* s since add (current: when added) */
	uint64_t	sadb_lifetime_usetime;	/* s since first use (current: when) */
};

/* Address (2.3.4): followed by a sockaddr, padded to 8 bytes. */
struct sadb_address {
	uint16_t	sadb_address_len;
	uint16_t	sadb_address_exttype;	/* SRC, DST or PROXY */
	uint8_t		sadb_address_proto;	/* upper protocol, 255 = any */
	uint8_t		sadb_address_prefixlen;	/* bits */
	uint16_t	sadb_address_reserved;	/* must be 0 */
};

/* Key (2.3.5): followed by the key bits, padded to 8 bytes. */
struct sadb_key {
	uint16_t	sadb_key_len;
	uint16_t	sadb_key_exttype;	/* KEY_AUTH or KEY_ENCRYPT */
	uint16_t	sadb_key_bits;		/* key length in bits */
	uint16_t	sadb_key_reserved;	/* must be 0 */
};

/* Identity (2.3.6): followed by a string. */
struct sadb_ident {
	uint16_t	sadb_ident_len;
	uint16_t	sadb_ident_exttype;
	uint16_t	sadb_ident_type;
	uint16_t	sadb_ident_reserved;
	uint64_t	sadb_ident_id;
};

/* Sensitivity (2.3.7): followed by bitmaps. */
struct sadb_sens {
	uint16_t	sadb_sens_len;
	uint16_t	sadb_sens_exttype;
	uint32_t	sadb_sens_dpd;
	uint8_t		sadb_sens_sens_level;
	uint8_t		sadb_sens_sens_len;	/* 64-bit words of bitmap */
	uint8_t		sadb_sens_integ_level;
	uint8_t		sadb_sens_integ_len;	/* 64-bit words of bitmap */
	uint32_t	sadb_sens_reserved;
};

/* Proposal (2.3.8): followed by sadb_comb entries. */
struct sadb_prop {
	uint16_t	sadb_prop_len;
	uint16_t	sadb_prop_exttype;
	uint8_t		sadb_prop_replay;
	uint8_t		sadb_prop_reserved[3];
};

struct sadb_comb {
	uint8_t		sadb_comb_auth;
	uint8_t		sadb_comb_encrypt;
	uint16_t	sadb_comb_flags;
	uint16_t	sadb_comb_auth_minbits;
	uint16_t	sadb_comb_auth_maxbits;
	uint16_t	sadb_comb_encrypt_minbits;
	uint16_t	sadb_comb_encrypt_maxbits;
	uint32_t	sadb_comb_reserved;
	uint32_t	sadb_comb_soft_allocations;
	uint32_t	sadb_comb_hard_allocations;
	uint64_t	sadb_comb_soft_bytes;
	uint64_t	sadb_comb_hard_bytes;
	uint64_t	sadb_comb_soft_addtime;
	uint64_t	sadb_comb_hard_addtime;
	uint64_t	sadb_comb_soft_usetime;
	uint64_t	sadb_comb_hard_usetime;
};

/* Supported algorithms (2.3.9): followed by sadb_alg entries. */
struct sadb_supported {
	uint16_t	sadb_supported_len;
	uint16_t	sadb_supported_exttype;	/* SUPPORTED_AUTH / _ENCRYPT */
	uint32_t	sadb_supported_reserved;
};

struct sadb_alg {
	uint8_t		sadb_alg_id;		/* SADB_AALG_* / SADB_EALG_* */
	uint8_t		sadb_alg_ivlen;		/* bytes */
	uint16_t	sadb_alg_minbits;	/* key bits */
	uint16_t	sadb_alg_maxbits;
	uint16_t	sadb_alg_reserved;
};

/* SPI range (2.3.10) for GETSPI. */
struct sadb_spirange {
	uint16_t	sadb_spirange_len;
	uint16_t	sadb_spirange_exttype;
	uint32_t	sadb_spirange_min;	/* host byte order */
	uint32_t	sadb_spirange_max;
	uint32_t	sadb_spirange_reserved;
};

/* KAME: security policy, followed by sadb_x_ipsecrequest entries. */
struct sadb_x_policy {
	uint16_t	sadb_x_policy_len;
	uint16_t	sadb_x_policy_exttype;	/* SADB_X_EXT_POLICY */
	uint16_t	sadb_x_policy_type;	/* IPSEC_POLICY_* */
	uint8_t		sadb_x_policy_dir;	/* IPSEC_DIR_* */
	uint8_t		sadb_x_policy_scope;	/* must be 0 (global) */
	uint32_t	sadb_x_policy_id;	/* set by the kernel */
	uint32_t	sadb_x_policy_priority;	/* lower value matches first */
};

/*
 * KAME: one request of an IPSEC policy.  Its length counts bytes, and
 * in tunnel mode two sockaddrs (outer source, destination) follow.
 */
struct sadb_x_ipsecrequest {
	uint16_t	sadb_x_ipsecrequest_len;	/* bytes, multiple of 8 */
	uint16_t	sadb_x_ipsecrequest_proto;	/* IPPROTO_ESP / _AH */
	uint8_t		sadb_x_ipsecrequest_mode;	/* IPSEC_MODE_* */
	uint8_t		sadb_x_ipsecrequest_level;	/* IPSEC_LEVEL_* */
	uint16_t	sadb_x_ipsecrequest_reserved1;
	uint32_t	sadb_x_ipsecrequest_reqid;
	uint32_t	sadb_x_ipsecrequest_reserved2;
};

/* KAME: mode and reqid of an SA. */
struct sadb_x_sa2 {
	uint16_t	sadb_x_sa2_len;
	uint16_t	sadb_x_sa2_exttype;	/* SADB_X_EXT_SA2 */
	uint8_t		sadb_x_sa2_mode;	/* IPSEC_MODE_* */
	uint8_t		sadb_x_sa2_reserved1;
	uint16_t	sadb_x_sa2_reserved2;
	uint32_t	sadb_x_sa2_sequence;	/* lowest 32 bits of the seq */
	uint32_t	sadb_x_sa2_reqid;
};

/* FreeBSD: replay window larger than sadb_sa_replay can say. */
struct sadb_x_sa_replay {
	uint16_t	sadb_x_sa_replay_len;
	uint16_t	sadb_x_sa_replay_exttype;	/* SADB_X_EXT_SA_REPLAY */
	uint32_t	sadb_x_sa_replay_replay;	/* window, packets */
};

/* The wire sizes RFC 2367 and KAME define; any padding would break them. */
_Static_assert(sizeof(struct sadb_msg) == 16, "sadb_msg");
_Static_assert(sizeof(struct sadb_sa) == 16, "sadb_sa");
_Static_assert(sizeof(struct sadb_lifetime) == 32, "sadb_lifetime");
_Static_assert(sizeof(struct sadb_address) == 8, "sadb_address");
_Static_assert(sizeof(struct sadb_key) == 8, "sadb_key");
_Static_assert(sizeof(struct sadb_ident) == 16, "sadb_ident");
_Static_assert(sizeof(struct sadb_sens) == 16, "sadb_sens");
_Static_assert(sizeof(struct sadb_prop) == 8, "sadb_prop");
_Static_assert(sizeof(struct sadb_comb) == 72, "sadb_comb");
_Static_assert(sizeof(struct sadb_supported) == 8, "sadb_supported");
_Static_assert(sizeof(struct sadb_alg) == 8, "sadb_alg");
_Static_assert(sizeof(struct sadb_spirange) == 16, "sadb_spirange");
_Static_assert(sizeof(struct sadb_x_policy) == 16, "sadb_x_policy");
_Static_assert(sizeof(struct sadb_x_ipsecrequest) == 16, "sadb_x_ipsecrequest");
_Static_assert(sizeof(struct sadb_x_sa2) == 16, "sadb_x_sa2");
_Static_assert(sizeof(struct sadb_x_sa_replay) == 8, "sadb_x_sa_replay");

/* Message types. */
#define SADB_RESERVED		0
#define SADB_GETSPI		1
#define SADB_UPDATE		2
#define SADB_ADD		3
#define SADB_DELETE		4
#define SADB_GET		5
#define SADB_ACQUIRE		6
#define SADB_REGISTER		7
#define SADB_EXPIRE		8
#define SADB_FLUSH		9
#define SADB_DUMP		10
#define SADB_X_PROMISC		11
#define SADB_X_PCHANGE		12
#define SADB_X_SPDUPDATE	13
#define SADB_X_SPDADD		14
#define SADB_X_SPDDELETE	15	/* by policy index */
#define SADB_X_SPDGET		16
#define SADB_X_SPDACQUIRE	17
#define SADB_X_SPDDUMP		18
#define SADB_X_SPDFLUSH		19
#define SADB_X_SPDSETIDX	20
#define SADB_X_SPDEXPIRE	21
#define SADB_X_SPDDELETE2	22	/* by policy id */
#define SADB_MAX		22

/* SA flags. */
#define SADB_SAFLAGS_PFS	1
#define SADB_X_EXT_ESN		0x0200	/* extended sequence numbers (RFC 4303) */

/* SA states. */
#define SADB_SASTATE_LARVAL	0
#define SADB_SASTATE_MATURE	1
#define SADB_SASTATE_DYING	2
#define SADB_SASTATE_DEAD	3
#define SADB_SASTATE_MAX	3

/* SA types. */
#define SADB_SATYPE_UNSPEC	0
#define SADB_SATYPE_AH		2
#define SADB_SATYPE_ESP		3
#define SADB_SATYPE_RSVP	5
#define SADB_SATYPE_OSPFV2	6
#define SADB_SATYPE_RIPV2	7
#define SADB_SATYPE_MIP		8
#define SADB_X_SATYPE_IPCOMP	9
#define SADB_X_SATYPE_TCPSIGNATURE 11
#define SADB_SATYPE_MAX		11

/* Authentication algorithms (FreeBSD numbers). */
#define SADB_AALG_NONE		0
#define SADB_AALG_MD5HMAC	2
#define SADB_AALG_SHA1HMAC	3
#define SADB_X_AALG_SHA2_256	5
#define SADB_X_AALG_SHA2_384	6
#define SADB_X_AALG_SHA2_512	7
#define SADB_X_AALG_NULL	251
#define SADB_AALG_MAX		251

/* Encryption algorithms (FreeBSD numbers; ChaCha20 = IKEv2 id 28). */
#define SADB_EALG_NONE		0
#define SADB_EALG_DESCBC	2
#define SADB_EALG_3DESCBC	3
#define SADB_EALG_NULL		11
#define SADB_X_EALG_AESCBC	12	/* "rijndael-cbc" */
#define SADB_X_EALG_AESCTR	13
#define SADB_X_EALG_AESGCM8	18
#define SADB_X_EALG_AESGCM12	19
#define SADB_X_EALG_AESGCM16	20
#define SADB_X_EALG_CHACHA20POLY1305 28
#define SADB_EALG_MAX		28

/* Extension types. */
#define SADB_EXT_RESERVED		0
#define SADB_EXT_SA			1
#define SADB_EXT_LIFETIME_CURRENT	2
#define SADB_EXT_LIFETIME_HARD		3
#define SADB_EXT_LIFETIME_SOFT		4
#define SADB_EXT_ADDRESS_SRC		5
#define SADB_EXT_ADDRESS_DST		6
#define SADB_EXT_ADDRESS_PROXY		7
#define SADB_EXT_KEY_AUTH		8
#define SADB_EXT_KEY_ENCRYPT		9
#define SADB_EXT_IDENTITY_SRC		10
#define SADB_EXT_IDENTITY_DST		11
#define SADB_EXT_SENSITIVITY		12
#define SADB_EXT_PROPOSAL		13
#define SADB_EXT_SUPPORTED_AUTH		14
#define SADB_EXT_SUPPORTED_ENCRYPT	15
#define SADB_EXT_SPIRANGE		16
#define SADB_X_EXT_KMPRIVATE		17
#define SADB_X_EXT_POLICY		18
#define SADB_X_EXT_SA2			19
/* 20..25: NAT-T extensions, not supported (refused as unknown). */
#define SADB_X_EXT_SA_REPLAY		26
#define SADB_EXT_MAX			26

/* Identity types. */
#define SADB_IDENTTYPE_RESERVED	0
#define SADB_IDENTTYPE_PREFIX	1
#define SADB_IDENTTYPE_FQDN	2
#define SADB_IDENTTYPE_USERFQDN	3
#define SADB_IDENTTYPE_MAX	4

/* KAME policy values (netipsec/ipsec.h in FreeBSD). */
#define IPSEC_MODE_ANY		0	/* SA2: any mode */
#define IPSEC_MODE_TRANSPORT	1
#define IPSEC_MODE_TUNNEL	2

#define IPSEC_DIR_ANY		0
#define IPSEC_DIR_INBOUND	1
#define IPSEC_DIR_OUTBOUND	2
#define IPSEC_DIR_FORWARD	3	/* Linux/Sanpo: forwarded packets */
#define IPSEC_DIR_MAX		4	/* count of directions */

#define IPSEC_POLICY_DISCARD	0
#define IPSEC_POLICY_NONE	1
#define IPSEC_POLICY_IPSEC	2
#define IPSEC_POLICY_ENTRUST	3
#define IPSEC_POLICY_BYPASS	4

#define IPSEC_LEVEL_DEFAULT	0
#define IPSEC_LEVEL_USE		1
#define IPSEC_LEVEL_REQUIRE	2
#define IPSEC_LEVEL_UNIQUE	3

#define IPSEC_ULPROTO_ANY	255
#define IPSEC_PORT_ANY		0

#endif /* SANPO_PFKEYV2_H */
