/*
 * mbufs: packet buffers, BSD style.
 *
 * A packet is a chain of mbufs linked by m_next; the first carries a packet
 * header (M_PKTHDR) with the total length, the receiving interface and the
 * packet's tags.  Packets queue through m_nextpkt.  Small data lives in the
 * mbuf itself; large frames use external storage (clusters of MCLBYTES or
 * MJUMPAGESIZE), reference-counted so m_copym can share them.
 *
 * Packet tags (m_tag_*) attach typed metadata to a packet; IPsec marks a
 * packet it has processed with one so it is never processed twice.
 *
 * Implementation: net/mbuf.c (pools with statistics for `netstat -m`)
 * and net/mbuf_tag.c.
 */
#ifndef NET_MBUF_H
#define NET_MBUF_H

#include <stddef.h>
#include <stdint.h>

struct ifnet;

#define MSIZE		256			/* an mbuf, header included */
#define MCLBYTES	2048			/* a cluster */
#define MJUMPAGESIZE	4096			/* a page-sized cluster */
#define MJUM9BYTES	(9 * 1024)		/* a jumbo cluster */

/* Allocation: how (same values as the kernel's malloc flags). */
#ifndef M_NOWAIT
#define M_NOWAIT	0x0001
#define M_WAITOK	0x0002
#endif

/* m_flags */
#define M_EXT		0x0001	/* data in external storage */
#define M_PKTHDR	0x0002	/* first of a packet: m_pkthdr valid */
#define M_EOR		0x0004	/* end of record */
#define M_RDONLY	0x0008	/* shared storage: don't write */
#define M_BCAST		0x0010	/* received as link-level broadcast */
#define M_MCAST		0x0020	/* received as link-level multicast */
#define M_LOOP		0x0040	/* sent by this host to itself (never on a wire) */

/* m_type */
#define MT_DATA		1
#define MT_HEADER	2
#define MT_CONTROL	3

/* A packet tag: typed metadata on a packet (m_tag_alloc/prepend/find). */
struct m_tag {
	struct m_tag	*m_tag_next;	/* the packet's next tag */
	uint16_t	 m_tag_id;	/* type within the cookie's space */
	uint16_t	 m_tag_len;	/* bytes of data after this header */
	uint32_t	 m_tag_cookie;	/* ABI/module cookie (MTAG_ABI_COMPAT) */
	void		(*m_tag_free)(struct m_tag *);	/* destructor */
	/* m_tag_len bytes of data follow */
};
#define MTAG_ABI_COMPAT	0

/* Packet header: only in the first mbuf of a packet. */
struct pkthdr {
	struct ifnet	*rcvif;		/* interface it arrived on, or NULL */
	int		 len;		/* total bytes in the chain */
	struct m_tag	*tags;		/* packet tags, newest first */
	uint32_t	 csum_flags;	/* checksum work done/asked (CSUM_*) */
	uint16_t	 csum_data;	/* checksum data for csum_flags */
};

/* External storage. */
struct m_ext {
	char		*ext_buf;	/* start of the buffer */
	uint32_t	 ext_size;	/* its size */
	volatile uint32_t *ext_cnt;	/* references (shared by m_copym) */
};

struct mbuf {
	struct mbuf	*m_next;	/* next mbuf of this packet */
	struct mbuf	*m_nextpkt;	/* next packet in a queue */
	char		*m_data;	/* where this mbuf's bytes start */
	int		 m_len;		/* bytes in this mbuf */
	uint16_t	 m_flags;	/* M_* */
	uint16_t	 m_type;	/* MT_* */
	struct pkthdr	 m_pkthdr;	/* valid when M_PKTHDR */
	struct m_ext	 m_ext;		/* valid when M_EXT */
	char		 m_dat[];	/* internal storage up to MSIZE */
};

#define MLEN		((int)(MSIZE - offsetof(struct mbuf, m_dat)))	/* data room */
#define MHLEN		MLEN
#define mtod(m, t)	((t)(void *)((m)->m_data))

/* Allocation and release. */
struct mbuf *m_get(int how, short type);
struct mbuf *m_gethdr(int how, short type);
struct mbuf *m_getcl(int how, short type, int flags);	/* with an MCLBYTES cluster */
struct mbuf *m_getjcl(int how, short type, int flags, int size);
struct mbuf *m_free(struct mbuf *m);	/* one mbuf; returns m_next */
void	 m_freem(struct mbuf *m);	/* a whole chain (NULL ok) */

/* Chain operations. */
void	 m_adj(struct mbuf *m, int len);	/* trim len from head (>0) or tail (<0) */
struct mbuf *m_pullup(struct mbuf *m, int len);	/* first len bytes contiguous; frees m and returns NULL on failure */
struct mbuf *m_prepend(struct mbuf *m, int len, int how);
/* m_prepend uses leading space when the storage is writable, else a new mbuf. */
#define M_PREPEND(m, plen, how)	((m) = m_prepend((m), (plen), (how)))
void	 m_copydata(const struct mbuf *m, int off, int len, void *cp);
int	 m_copyback(struct mbuf *m, int off, int len, const void *cp);	/* extends the chain; 0 or ENOBUFS */
#define M_COPYALL	1000000000	/* m_copym: to the end of the chain */
struct mbuf *m_copym(struct mbuf *m, int off, int len, int how);	/* shares clusters */
struct mbuf *m_dup(const struct mbuf *m, int how);		/* deep, writable copy */
struct mbuf *m_split(struct mbuf *m, int len, int how);	/* m keeps len bytes, returns the rest */
void	 m_cat(struct mbuf *m, struct mbuf *n);
struct mbuf *m_devget(const void *buf, int len, struct ifnet *ifp);	/* a packet from a driver's buffer */
int	 m_length(const struct mbuf *m, struct mbuf **last);
int	 m_append(struct mbuf *m, int len, const void *cp);	/* 1 done, 0 no buffers (FreeBSD) */
struct mbuf *m_getptr(struct mbuf *m, int off, int *offp);
int	 m_writable(const struct mbuf *m);	/* not shared storage */
char	*M_START(const struct mbuf *m);	/* start of the mbuf's storage */
int	 M_LEADINGSPACE(const struct mbuf *m);
int	 M_TRAILINGSPACE(const struct mbuf *m);

/* Packet tags. */
struct m_tag *m_tag_alloc(uint32_t cookie, int type, int len, int how);
void	 m_tag_prepend(struct mbuf *m, struct m_tag *t);
void	 m_tag_unlink(struct mbuf *m, struct m_tag *t);
void	 m_tag_delete(struct mbuf *m, struct m_tag *t);
void	 m_tag_delete_chain(struct mbuf *m);
struct m_tag *m_tag_locate(struct mbuf *m, uint32_t cookie, int type, struct m_tag *start);
#define m_tag_get(type, len, how)	m_tag_alloc(MTAG_ABI_COMPAT, (type), (len), (how))
#define m_tag_find(m, type, start)	m_tag_locate((m), MTAG_ABI_COMPAT, (type), (start))
int	 m_tag_copy_chain(struct mbuf *to, const struct mbuf *from, int how);	/* 1 done, 0 failed */
/* 1 when both packets carry the same tags (types and data) in the same order. */
int	 m_tag_chain_equal(const struct mbuf *a, const struct mbuf *b);
/* The default m_tag_free: releases the tag's memory. */
void	 m_tag_free_default(struct m_tag *t);
/* The pool limit in bytes (0 = none); allocations beyond it fail, counted in m_drops. */
void	 mb_set_limit(uint64_t bytes);

/* Statistics for `netstat -m`. */
struct mbstat {
	uint64_t m_mbufs;	/* mbufs in use */
	uint64_t m_clusters;	/* clusters in use (all sizes) */
	uint64_t m_mbufs_total;	/* ever allocated */
	uint64_t m_clusters_total;
	uint64_t m_drops;	/* allocation failures */
	uint64_t m_tags;	/* tags in use */
	uint64_t m_bytes_inuse;	/* memory held by mbufs and clusters */
	uint64_t m_limit_bytes;	/* the pool limit (kern.ipc.nmbclusters) */
};
extern struct mbstat mbstat;

#endif /* NET_MBUF_H */
