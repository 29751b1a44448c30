/*
 * mbufs: allocation with pool accounting, and the chain operations.
 *
 * Every mbuf (MSIZE bytes) comes from net_malloc, every cluster from
 * net_malloc_data (not zeroed; the kernel keeps a cache of them); the
 * "pool" is the accounting in `mbstat`: objects and bytes in use, totals,
 * and a byte limit beyond which allocations fail (counted in m_drops) so a
 * flood cannot eat the kernel's memory.  Drivers allocate without the net
 * lock, so the counters are updated atomically.
 *
 * A cluster is one allocation: a small header holding its reference count,
 * then the data.  m_copym and m_split share clusters by taking a
 * reference; a shared cluster is read-only (m_writable() says so), which
 * m_prepend respects by adding a fresh mbuf in front.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"

struct mbstat mbstat = {
	.m_limit_bytes = 64ull * 1024 * 1024,
};

/* Bytes before a cluster's data: its reference count, kept aligned. */
#define CL_HDR	16

static void
mb_count(uint64_t *ctr, int64_t delta)
{
	__atomic_add_fetch(ctr, (uint64_t)delta, __ATOMIC_RELAXED);
}

void
mb_set_limit(uint64_t bytes)
{
	__atomic_store_n(&mbstat.m_limit_bytes, bytes, __ATOMIC_RELAXED);
}

/* Reserve `size` bytes against the limit; 0 if over it (counted). */
static int
mb_reserve(uint64_t size)
{
	uint64_t limit = __atomic_load_n(&mbstat.m_limit_bytes, __ATOMIC_RELAXED);
	uint64_t now = __atomic_add_fetch(&mbstat.m_bytes_inuse, size,
	    __ATOMIC_RELAXED);

	if (limit != 0 && now > limit) {
		mb_count(&mbstat.m_bytes_inuse, -(int64_t)size);
		mb_count(&mbstat.m_drops, 1);
		return (0);
	}
	return (1);
}

static void *
mb_alloc_with(uint64_t size, void *(*alloc)(size_t))
{
	void *p;

	if (!mb_reserve(size))
		return (NULL);
	p = alloc(size);
	if (p == NULL) {
		mb_count(&mbstat.m_bytes_inuse, -(int64_t)size);
		mb_count(&mbstat.m_drops, 1);
	}
	return (p);
}

/* mbufs: zeroed (their headers must start clean) */
static void *
mb_alloc(uint64_t size)
{
	return (mb_alloc_with(size, net_malloc));
}

static void
mb_release(void *p, uint64_t size)
{
	net_free(p);
	mb_count(&mbstat.m_bytes_inuse, -(int64_t)size);
}

struct mbuf *
m_get(int how, short type)
{
	struct mbuf *m;

	(void)how;	/* never sleeps: net_malloc does not */
	m = mb_alloc(MSIZE);
	if (m == NULL)
		return (NULL);
	m->m_data = m->m_dat;
	m->m_type = (uint16_t)type;
	mb_count(&mbstat.m_mbufs, 1);
	mb_count(&mbstat.m_mbufs_total, 1);
	return (m);
}

struct mbuf *
m_gethdr(int how, short type)
{
	struct mbuf *m = m_get(how, type);

	if (m != NULL)
		m->m_flags = M_PKTHDR;
	return (m);
}

/* Give m a cluster of `size` bytes; 0 on failure (m untouched). */
static int
m_clget(struct mbuf *m, int size)
{
	/* packet data: no need to zero it, and the platform may recycle */
	char *buf = mb_alloc_with((uint64_t)size + CL_HDR, net_malloc_data);

	if (buf == NULL)
		return (0);
	m->m_ext.ext_cnt = (volatile uint32_t *)(void *)buf;
	*m->m_ext.ext_cnt = 1;
	m->m_ext.ext_buf = buf + CL_HDR;
	m->m_ext.ext_size = (uint32_t)size;
	m->m_data = m->m_ext.ext_buf;
	m->m_flags |= M_EXT;
	mb_count(&mbstat.m_clusters, 1);
	mb_count(&mbstat.m_clusters_total, 1);
	return (1);
}

struct mbuf *
m_getjcl(int how, short type, int flags, int size)
{
	struct mbuf *m;

	if (size != MCLBYTES && size != MJUMPAGESIZE && size != MJUM9BYTES)
		return (NULL);
	m = (flags & M_PKTHDR) ? m_gethdr(how, type) : m_get(how, type);
	if (m == NULL)
		return (NULL);
	if (!m_clget(m, size)) {
		m_free(m);
		return (NULL);
	}
	return (m);
}

struct mbuf *
m_getcl(int how, short type, int flags)
{
	return (m_getjcl(how, type, flags, MCLBYTES));
}

/* Drop one reference to m's cluster, freeing it with the last. */
static void
m_ext_release(struct mbuf *m)
{
	uint32_t left = __atomic_sub_fetch(m->m_ext.ext_cnt, 1, __ATOMIC_ACQ_REL);

	if (left == 0) {
		mb_release(m->m_ext.ext_buf - CL_HDR,
		    (uint64_t)m->m_ext.ext_size + CL_HDR);
		mb_count(&mbstat.m_clusters, -1);
	}
}

struct mbuf *
m_free(struct mbuf *m)
{
	struct mbuf *n = m->m_next;

	if (m->m_flags & M_PKTHDR)
		m_tag_delete_chain(m);
	if (m->m_flags & M_EXT)
		m_ext_release(m);
	mb_release(m, MSIZE);
	mb_count(&mbstat.m_mbufs, -1);
	return (n);
}

void
m_freem(struct mbuf *m)
{
	while (m != NULL)
		m = m_free(m);
}

char *
M_START(const struct mbuf *m)
{
	return ((m->m_flags & M_EXT) ? m->m_ext.ext_buf : (char *)m->m_dat);
}

static int
m_size(const struct mbuf *m)
{
	return ((m->m_flags & M_EXT) ? (int)m->m_ext.ext_size : MLEN);
}

int
m_writable(const struct mbuf *m)
{
	if (m->m_flags & M_RDONLY)
		return (0);
	if ((m->m_flags & M_EXT) &&
	    __atomic_load_n(m->m_ext.ext_cnt, __ATOMIC_ACQUIRE) != 1)
		return (0);
	return (1);
}

int
M_LEADINGSPACE(const struct mbuf *m)
{
	return (m_writable(m) ? (int)(m->m_data - M_START(m)) : 0);
}

int
M_TRAILINGSPACE(const struct mbuf *m)
{
	if (!m_writable(m))
		return (0);
	return ((int)(M_START(m) + m_size(m) - (m->m_data + m->m_len)));
}

/* Move the packet header (and tags) from `from` to `to`. */
static void
m_move_pkthdr(struct mbuf *to, struct mbuf *from)
{
	to->m_flags = (uint16_t)((to->m_flags & (M_EXT | M_RDONLY)) |
	    (from->m_flags & (M_PKTHDR | M_BCAST | M_MCAST | M_EOR)));
	to->m_pkthdr = from->m_pkthdr;
	from->m_flags &= (uint16_t)~M_PKTHDR;
	from->m_pkthdr.tags = NULL;
}

/* Copy the packet header of `from` to `to`, tags included; 1 or 0. */
static int
m_dup_pkthdr(struct mbuf *to, const struct mbuf *from, int how)
{
	to->m_flags = (uint16_t)((to->m_flags & (M_EXT | M_RDONLY)) |
	    (from->m_flags & (M_PKTHDR | M_BCAST | M_MCAST | M_EOR)));
	to->m_pkthdr = from->m_pkthdr;
	to->m_pkthdr.tags = NULL;
	return (m_tag_copy_chain(to, from, how));
}

int
m_length(const struct mbuf *m, struct mbuf **last)
{
	int len = 0;
	const struct mbuf *l = m;

	for (; m != NULL; m = m->m_next) {
		len += m->m_len;
		l = m;
	}
	if (last != NULL)
		*last = (struct mbuf *)(uintptr_t)l;
	return (len);
}

void
m_adj(struct mbuf *mp, int req_len)
{
	struct mbuf *m;
	int len = req_len, count;

	if (mp == NULL)
		return;
	if (len >= 0) {
		/* Trim from the head, emptying whole mbufs as needed. */
		for (m = mp; m != NULL && len > 0; m = m->m_next) {
			int t = m->m_len < len ? m->m_len : len;

			m->m_len -= t;
			m->m_data += t;
			len -= t;
		}
		if (mp->m_flags & M_PKTHDR)
			mp->m_pkthdr.len -= (req_len - len);
		return;
	}
	/* Trim from the tail: keep the first (total - |len|) bytes. */
	len = -len;
	count = m_length(mp, NULL) - len;
	if (count < 0)
		count = 0;
	if (mp->m_flags & M_PKTHDR)
		mp->m_pkthdr.len = count;
	for (m = mp; m != NULL; m = m->m_next) {
		if (m->m_len >= count) {
			m->m_len = count;
			break;
		}
		count -= m->m_len;
	}
	if (m != NULL)
		for (m = m->m_next; m != NULL; m = m->m_next)
			m->m_len = 0;
}

struct mbuf *
m_pullup(struct mbuf *n, int len)
{
	struct mbuf *m;
	int space;

	if (n->m_len >= len)
		return (n);
	if (len > MHLEN)
		goto bad;
	/*
	 * Pull into n itself when it is a plain writable mbuf with room;
	 * otherwise into a fresh mbuf that takes over the packet header.
	 */
	if (!(n->m_flags & M_EXT) && m_writable(n) &&
	    n->m_data + len <= (char *)n->m_dat + MLEN && n->m_next != NULL) {
		m = n;
		n = n->m_next;
		len -= m->m_len;
	} else {
		m = m_get(M_NOWAIT, n->m_type);
		if (m == NULL)
			goto bad;
		if (n->m_flags & M_PKTHDR)
			m_move_pkthdr(m, n);
	}
	space = (int)((char *)m->m_dat + MLEN - (m->m_data + m->m_len));
	while (len > 0 && n != NULL) {
		int count = len < n->m_len ? len : n->m_len;

		if (count > space)
			count = space;
		memcpy(m->m_data + m->m_len, n->m_data, (size_t)count);
		m->m_len += count;
		len -= count;
		space -= count;
		n->m_len -= count;
		n->m_data += count;
		if (n->m_len == 0)
			n = m_free(n);
	}
	m->m_next = n;
	if (len > 0) {
		m_freem(m);
		return (NULL);
	}
	return (m);
bad:
	m_freem(n);
	return (NULL);
}

struct mbuf *
m_prepend(struct mbuf *m, int len, int how)
{
	struct mbuf *mn;

	if (M_LEADINGSPACE(m) >= len) {
		m->m_data -= len;
		m->m_len += len;
		if (m->m_flags & M_PKTHDR)
			m->m_pkthdr.len += len;
		return (m);
	}
	if (len > MHLEN) {
		m_freem(m);
		return (NULL);
	}
	mn = (m->m_flags & M_PKTHDR) ? m_gethdr(how, m->m_type) :
	    m_get(how, m->m_type);
	if (mn == NULL) {
		m_freem(m);
		return (NULL);
	}
	if (m->m_flags & M_PKTHDR)
		m_move_pkthdr(mn, m);
	mn->m_next = m;
	/* Put the data at the end so later prepends find room too. */
	mn->m_data = mn->m_dat + MLEN - len;
	mn->m_len = len;
	if (mn->m_flags & M_PKTHDR)
		mn->m_pkthdr.len += len;
	return (mn);
}

void
m_copydata(const struct mbuf *m, int off, int len, void *vp)
{
	char *cp = vp;

	while (m != NULL && off >= m->m_len) {
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0 && m != NULL) {
		int count = m->m_len - off < len ? m->m_len - off : len;

		memcpy(cp, m->m_data + off, (size_t)count);
		len -= count;
		cp += count;
		off = 0;
		m = m->m_next;
	}
	/* Past the end of the chain: callers check lengths; never read out. */
	if (len > 0)
		memset(cp, 0, (size_t)len);
}

int
m_copyback(struct mbuf *m0, int off, int len, const void *vp)
{
	const char *cp = vp;
	struct mbuf *m = m0, *n;
	int totlen = 0, mlen;

	if (m0 == NULL)
		return (EINVAL);
	/* Walk to off, growing the chain with zeroed mbufs if it is short. */
	while (off > (mlen = m->m_len)) {
		off -= mlen;
		totlen += mlen;
		if (m->m_next == NULL) {
			n = m_get(M_NOWAIT, m->m_type);
			if (n == NULL)
				return (ENOBUFS);
			n->m_len = off < MLEN ? off : MLEN;
			m->m_next = n;
		}
		m = m->m_next;
	}
	while (len > 0) {
		if (m->m_next == NULL && m->m_len - off < len &&
		    M_TRAILINGSPACE(m) > 0) {
			int grow = len - (m->m_len - off);

			if (grow > M_TRAILINGSPACE(m))
				grow = M_TRAILINGSPACE(m);
			m->m_len += grow;
		}
		mlen = m->m_len - off < len ? m->m_len - off : len;
		memcpy(m->m_data + off, cp, (size_t)mlen);
		cp += mlen;
		len -= mlen;
		totlen += mlen + off;
		off = 0;
		if (len == 0)
			break;
		if (m->m_next == NULL) {
			n = len > MLEN ? m_getcl(M_NOWAIT, m->m_type, 0) :
			    m_get(M_NOWAIT, m->m_type);
			if (n == NULL)
				return (ENOBUFS);
			n->m_len = len < m_size(n) ? len : m_size(n);
			m->m_next = n;
		}
		m = m->m_next;
	}
	if ((m0->m_flags & M_PKTHDR) && m0->m_pkthdr.len < totlen)
		m0->m_pkthdr.len = totlen;
	return (0);
}

struct mbuf *
m_copym(struct mbuf *m, int off, int len, int how)
{
	struct mbuf *top = NULL, **np = &top, *n;
	const struct mbuf *m0 = m;

	if (off < 0 || len < 0)
		return (NULL);
	while (m != NULL && off >= m->m_len) {
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0 && m != NULL) {
		n = (top == NULL && (m0->m_flags & M_PKTHDR)) ?
		    m_gethdr(how, m->m_type) : m_get(how, m->m_type);
		if (n == NULL)
			goto nospace;
		if (top == NULL && (m0->m_flags & M_PKTHDR)) {
			if (!m_dup_pkthdr(n, m0, how)) {
				m_free(n);
				goto nospace;
			}
			n->m_pkthdr.len = 0;
		}
		*np = n;
		n->m_len = m->m_len - off < len ? m->m_len - off : len;
		if (m->m_flags & M_EXT) {
			/* Share the cluster: one more reference. */
			n->m_ext = m->m_ext;
			n->m_flags |= M_EXT;
			__atomic_add_fetch(m->m_ext.ext_cnt, 1, __ATOMIC_ACQ_REL);
			n->m_data = m->m_data + off;
		} else {
			memcpy(n->m_data, m->m_data + off, (size_t)n->m_len);
		}
		if (top->m_flags & M_PKTHDR)
			top->m_pkthdr.len += n->m_len;
		if (len != M_COPYALL)
			len -= n->m_len;
		off = 0;
		m = m->m_next;
		np = &n->m_next;
	}
	if (len > 0 && len != M_COPYALL && top != NULL && m == NULL)
		goto nospace;	/* the chain is shorter than asked */
	return (top);
nospace:
	m_freem(top);
	return (NULL);
}

struct mbuf *
m_dup(const struct mbuf *m, int how)
{
	struct mbuf *n;
	int len;

	if (m == NULL)
		return (NULL);
	len = m_length(m, NULL);
	if (len > MJUM9BYTES)
		n = m_getjcl(how, m->m_type, M_PKTHDR, MJUM9BYTES);
	else if (len > MCLBYTES)
		n = m_getjcl(how, m->m_type, M_PKTHDR, len > MJUMPAGESIZE ?
		    MJUM9BYTES : MJUMPAGESIZE);
	else if (len > MHLEN)
		n = m_getcl(how, m->m_type, M_PKTHDR);
	else
		n = m_gethdr(how, m->m_type);
	if (n == NULL)
		return (NULL);
	if (m->m_flags & M_PKTHDR) {
		if (!m_dup_pkthdr(n, m, how)) {
			m_free(n);
			return (NULL);
		}
	} else {
		n->m_flags &= (uint16_t)~M_PKTHDR;
	}
	n->m_pkthdr.len = 0;
	for (; m != NULL; m = m->m_next) {
		if (!m_append(n, m->m_len, m->m_data)) {
			m_freem(n);
			return (NULL);
		}
	}
	return (n);
}

struct mbuf *
m_split(struct mbuf *m0, int len0, int how)
{
	struct mbuf *m, *n;
	int len = len0, remain;

	for (m = m0; m != NULL && len > m->m_len; m = m->m_next)
		len -= m->m_len;
	if (m == NULL || len0 < 0)
		return (NULL);
	remain = m->m_len - len;
	if (remain == 0 && !(m0->m_flags & M_PKTHDR)) {
		/* Split at an mbuf boundary: just unlink. */
		n = m->m_next;
		m->m_next = NULL;
		return (n);
	}
	n = (m0->m_flags & M_PKTHDR) ? m_gethdr(how, m0->m_type) :
	    m_get(how, m->m_type);
	if (n == NULL)
		return (NULL);
	if (m0->m_flags & M_PKTHDR) {
		n->m_pkthdr.rcvif = m0->m_pkthdr.rcvif;
		n->m_pkthdr.len = m0->m_pkthdr.len - len0;
		m0->m_pkthdr.len = len0;
	}
	if (remain == 0) {
		n->m_next = m->m_next;
	} else if (m->m_flags & M_EXT) {
		n->m_ext = m->m_ext;
		n->m_flags |= M_EXT;
		__atomic_add_fetch(m->m_ext.ext_cnt, 1, __ATOMIC_ACQ_REL);
		n->m_data = m->m_data + len;
		n->m_len = remain;
		n->m_next = m->m_next;
	} else if (remain <= MLEN) {
		memcpy(n->m_data, m->m_data + len, (size_t)remain);
		n->m_len = remain;
		n->m_next = m->m_next;
	} else {
		/* Cannot happen: internal data is at most MLEN. */
		m_free(n);
		return (NULL);
	}
	m->m_len = len;
	m->m_next = NULL;
	return (n);
}

void
m_cat(struct mbuf *m, struct mbuf *n)
{
	while (m->m_next != NULL)
		m = m->m_next;
	m->m_next = n;
}

int
m_append(struct mbuf *m0, int len, const void *cpv)
{
	const char *cp = cpv;
	struct mbuf *m, *n;
	int remainder = len, space;

	for (m = m0; m->m_next != NULL; m = m->m_next)
		;
	space = M_TRAILINGSPACE(m);
	if (space > 0) {
		if (space > remainder)
			space = remainder;
		memcpy(m->m_data + m->m_len, cp, (size_t)space);
		m->m_len += space;
		cp += space;
		remainder -= space;
	}
	while (remainder > 0) {
		n = remainder > MLEN ? m_getcl(M_NOWAIT, m->m_type, 0) :
		    m_get(M_NOWAIT, m->m_type);
		if (n == NULL)
			break;
		n->m_len = remainder < m_size(n) ? remainder : m_size(n);
		memcpy(n->m_data, cp, (size_t)n->m_len);
		cp += n->m_len;
		remainder -= n->m_len;
		m->m_next = n;
		m = n;
	}
	if (m0->m_flags & M_PKTHDR)
		m0->m_pkthdr.len += len - remainder;
	return (remainder == 0);
}

struct mbuf *
m_devget(const void *buf, int len, struct ifnet *ifp)
{
	struct mbuf *m;

	if (len < 0)
		return (NULL);
	if (len <= MHLEN)
		m = m_gethdr(M_NOWAIT, MT_DATA);
	else if (len <= MCLBYTES)
		m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR);
	else if (len <= MJUMPAGESIZE)
		m = m_getjcl(M_NOWAIT, MT_DATA, M_PKTHDR, MJUMPAGESIZE);
	else
		m = m_getjcl(M_NOWAIT, MT_DATA, M_PKTHDR, MJUM9BYTES);
	if (m == NULL)
		return (NULL);
	m->m_pkthdr.rcvif = ifp;
	if (!m_append(m, len, buf)) {
		m_freem(m);
		return (NULL);
	}
	return (m);
}

struct mbuf *
m_getptr(struct mbuf *m, int off, int *offp)
{
	while (m != NULL) {
		if (off < m->m_len) {
			*offp = off;
			return (m);
		}
		off -= m->m_len;
		if (m->m_next == NULL && off == 0) {
			*offp = m->m_len;	/* just past the end */
			return (m);
		}
		m = m->m_next;
	}
	return (NULL);
}
