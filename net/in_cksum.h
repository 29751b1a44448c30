/*
 * The Internet checksum (RFC 1071) over buffers and mbuf chains.
 * Implementation: net/in_cksum.c.  All functions return the final
 * one's-complement checksum, ready to store (network byte order), except
 * in_cksum_partial() which returns a partial sum (folded to 16 bits, not
 * complemented, host order) to add to others.
 * A correct packet checksums to 0 when the stored checksum is included.
 */
#ifndef NET_IN_CKSUM_H
#define NET_IN_CKSUM_H

#include <stddef.h>
#include <stdint.h>

#include "net/in.h"

struct mbuf;

/* Checksum of the first len bytes of the chain m. */
uint16_t in_cksum(struct mbuf *m, int len);
/* Checksum of the len bytes that start at byte offset off of the chain
 * (unlike FreeBSD, len does not include off). */
uint16_t in_cksum_skip(struct mbuf *m, int len, int off);
/* Checksum of a flat buffer. */
uint16_t in_cksum_buf(const void *buf, size_t len);
/*
 * Checksum of an upper-layer segment at `off` (length `len`) of chain m,
 * including the IPv4 pseudo-header (src, dst, proto, len), as UDP and TCP
 * need.
 */
uint16_t in_cksum_pseudo(struct mbuf *m, int off, int len,
	    struct in_addr src, struct in_addr dst, uint8_t proto);
/* Partial sum of a buffer added to `sum` (see above). */
uint32_t in_cksum_partial(uint32_t sum, const void *buf, size_t len);

#endif /* NET_IN_CKSUM_H */
