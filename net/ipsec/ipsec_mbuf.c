/*
 * Packet buffers for the IPsec transforms.
 *
 * The crypto framework takes a flat buffer or a segment chain; the
 * transforms also insert headers and trailers and must never write into
 * storage another mbuf shares.  One fresh, writable, contiguous copy per
 * packet (up to a 9 KiB jumbo cluster, enough for any MTU-sized or
 * reassembled-then-protected datagram this stack builds) keeps every
 * offset computation in the transforms a plain array index.
 */
#include <string.h>

#include "net/mbuf.h"
#include "net/ipsec/ipsec_var.h"

struct mbuf *
ipsec_linearize(struct mbuf *m, int room)
{
	int len = m->m_pkthdr.len, need = len + room, size;
	struct mbuf *n;

	if (need <= MCLBYTES)
		size = MCLBYTES;
	else if (need <= MJUMPAGESIZE)
		size = MJUMPAGESIZE;
	else if (need <= MJUM9BYTES)
		size = MJUM9BYTES;
	else {
		m_freem(m);
		return (NULL);
	}
	n = m_getjcl(M_NOWAIT, MT_DATA, M_PKTHDR, size);
	if (n == NULL) {
		ipsecstat.ips_nomem++;
		m_freem(m);
		return (NULL);
	}
	m_copydata(m, 0, len, mtod(n, void *));
	n->m_len = n->m_pkthdr.len = len;
	n->m_pkthdr.rcvif = m->m_pkthdr.rcvif;
	n->m_flags |= m->m_flags & (M_BCAST | M_MCAST);
	n->m_pkthdr.tags = m->m_pkthdr.tags;	/* the tags move with the packet */
	m->m_pkthdr.tags = NULL;
	m_freem(m);
	return (n);
}
