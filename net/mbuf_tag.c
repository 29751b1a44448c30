/*
 * Packet tags: typed metadata attached to a packet's header mbuf.
 *
 * A tag is one allocation (struct m_tag followed by m_tag_len bytes),
 * identified by (cookie, type).  IPsec uses them to remember that a packet
 * was already processed.  Tags in use are counted in mbstat.m_tags; they
 * are released with the packet (m_free of the header mbuf).
 */
#include <stdint.h>
#include <string.h>

#include "net/mbuf.h"
#include "net/net_platform.h"

void
m_tag_free_default(struct m_tag *t)
{
	net_free(t);
}

struct m_tag *
m_tag_alloc(uint32_t cookie, int type, int len, int how)
{
	struct m_tag *t;

	(void)how;
	if (len < 0 || len > 0xffff)
		return (NULL);
	t = net_malloc(sizeof(*t) + (size_t)len);
	if (t == NULL) {
		__atomic_add_fetch(&mbstat.m_drops, 1, __ATOMIC_RELAXED);
		return (NULL);
	}
	t->m_tag_id = (uint16_t)type;
	t->m_tag_len = (uint16_t)len;
	t->m_tag_cookie = cookie;
	t->m_tag_free = m_tag_free_default;
	__atomic_add_fetch(&mbstat.m_tags, 1, __ATOMIC_RELAXED);
	return (t);
}

/* Release a tag that is on no packet. */
static void
m_tag_release(struct m_tag *t)
{
	__atomic_sub_fetch(&mbstat.m_tags, 1, __ATOMIC_RELAXED);
	t->m_tag_free(t);
}

void
m_tag_prepend(struct mbuf *m, struct m_tag *t)
{
	t->m_tag_next = m->m_pkthdr.tags;
	m->m_pkthdr.tags = t;
}

void
m_tag_unlink(struct mbuf *m, struct m_tag *t)
{
	struct m_tag **pp;

	for (pp = &m->m_pkthdr.tags; *pp != NULL; pp = &(*pp)->m_tag_next) {
		if (*pp == t) {
			*pp = t->m_tag_next;
			t->m_tag_next = NULL;
			return;
		}
	}
}

void
m_tag_delete(struct mbuf *m, struct m_tag *t)
{
	m_tag_unlink(m, t);
	m_tag_release(t);
}

void
m_tag_delete_chain(struct mbuf *m)
{
	struct m_tag *t, *next;

	for (t = m->m_pkthdr.tags; t != NULL; t = next) {
		next = t->m_tag_next;
		m_tag_release(t);
	}
	m->m_pkthdr.tags = NULL;
}

struct m_tag *
m_tag_locate(struct mbuf *m, uint32_t cookie, int type, struct m_tag *start)
{
	struct m_tag *t;

	if (!(m->m_flags & M_PKTHDR))
		return (NULL);
	t = start == NULL ? m->m_pkthdr.tags : start->m_tag_next;
	for (; t != NULL; t = t->m_tag_next)
		if (t->m_tag_cookie == cookie && t->m_tag_id == (uint16_t)type)
			return (t);
	return (NULL);
}

/* A copy of tag t (same cookie, type and data), or NULL. */
static struct m_tag *
m_tag_copy(const struct m_tag *t, int how)
{
	struct m_tag *p = m_tag_alloc(t->m_tag_cookie, t->m_tag_id,
	    t->m_tag_len, how);

	if (p != NULL)
		memcpy(p + 1, t + 1, t->m_tag_len);
	return (p);
}

int
m_tag_copy_chain(struct mbuf *to, const struct mbuf *from, int how)
{
	const struct m_tag *t;
	struct m_tag *p, **tail = &to->m_pkthdr.tags;

	while (*tail != NULL)
		tail = &(*tail)->m_tag_next;
	/* Append in the same order, so the copy's newest-first order holds. */
	for (t = from->m_pkthdr.tags; t != NULL; t = t->m_tag_next) {
		p = m_tag_copy(t, how);
		if (p == NULL)
			return (0);
		p->m_tag_next = NULL;
		*tail = p;
		tail = &p->m_tag_next;
	}
	return (1);
}

int
m_tag_chain_equal(const struct mbuf *a, const struct mbuf *b)
{
	const struct m_tag *s = a->m_pkthdr.tags, *t = b->m_pkthdr.tags;

	for (; s != NULL && t != NULL; s = s->m_tag_next, t = t->m_tag_next)
		if (s->m_tag_cookie != t->m_tag_cookie || s->m_tag_id != t->m_tag_id ||
		    s->m_tag_len != t->m_tag_len || memcmp(s + 1, t + 1, s->m_tag_len) != 0)
			return (0);
	return (s == NULL && t == NULL);
}
