/*
 * The Internet checksum (RFC 1071) over flat buffers and mbuf chains.
 *
 * Sums the bytes as 64-bit words in a one's-complement accumulator and
 * folds to 16 bits in big-endian word order at the end.  An mbuf may end
 * on an odd byte, so the walk carries a "swapped" state: the next mbuf's
 * bytes then fall in the other half of each word (RFC 1071 section 2(B):
 * byte swapping is transparent to the sum).
 */
#include <stddef.h>
#include <stdint.h>

#include "net/in_cksum.h"
#include "net/mbuf.h"

/* An unaligned 64-bit load (x86 loads any address; the type says so). */
typedef uint64_t cksum_u64 __attribute__((__may_alias__, __aligned__(1)));

/* One's-complement add: the carry out of bit 63 wraps around. */
static inline uint64_t
cksum_adc(uint64_t sum, uint64_t w)
{
	sum += w;
	return (sum + (sum < w));
}

/*
 * Sum of big-endian 16-bit words of buf (odd last byte padded), added to
 * sum.  Eight bytes a step in the machine's order: one's-complement
 * addition is the same in any word size and byte order up to a final byte
 * swap (RFC 1071 section 2(A, B)) -- and under TCG every guest instruction
 * counts: a byte-pair loop was the top item (a sixth of the busy time) of
 * a clear 1400-byte UDP echo.
 */
static uint64_t
cksum_add(uint64_t sum, const uint8_t *p, size_t len)
{
	uint64_t s = 0, a, b, c, d, w;

	while (len >= 32) {
		a = ((const cksum_u64 *)p)[0];
		b = ((const cksum_u64 *)p)[1];
		c = ((const cksum_u64 *)p)[2];
		d = ((const cksum_u64 *)p)[3];
		s = cksum_adc(cksum_adc(cksum_adc(cksum_adc(s, a), b), c), d);
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		s = cksum_adc(s, *(const cksum_u64 *)p);
		p += 8;
		len -= 8;
	}
	if (len) {	/* the tail in the low bytes (memory order), zero-padded */
		w = 0;
		for (size_t i = 0; i < len; i++)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			w |= (uint64_t)p[i] << (8 * i);
#else
			w |= (uint64_t)p[i] << (56 - 8 * i);
#endif
		s = cksum_adc(s, w);
	}
	/* 64 -> 16 bits, then into big-endian word order. */
	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s = ((s & 0xff) << 8) | (s >> 8);
#endif
	return (sum + s);
}

static uint16_t
cksum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)sum);
}

/* Final checksum in network byte order, ready to store. */
static uint16_t
cksum_finish(uint64_t sum)
{
	return (htons((uint16_t)~cksum_fold(sum)));
}

uint32_t
in_cksum_partial(uint32_t sum, const void *buf, size_t len)
{
	return (cksum_fold(cksum_add(sum, buf, len)));
}

uint16_t
in_cksum_buf(const void *buf, size_t len)
{
	return (cksum_finish(cksum_add(0, buf, len)));
}

/* Sum (host-order folded) of len bytes of m from off. */
static uint64_t
cksum_mbuf(const struct mbuf *m, int off, int len)
{
	uint64_t sum = 0;
	int odd = 0;

	while (m != NULL && off >= m->m_len) {
		off -= m->m_len;
		m = m->m_next;
	}
	for (; m != NULL && len > 0; m = m->m_next, off = 0) {
		int n = m->m_len - off < len ? m->m_len - off : len;
		uint64_t s = cksum_add(0, (const uint8_t *)m->m_data + off,
		    (size_t)n);

		s = cksum_fold(s);
		/* After an odd count, this mbuf's bytes are byte-swapped. */
		if (odd)
			s = ((s & 0xff) << 8) | (s >> 8);
		sum += s;
		if (n & 1)
			odd ^= 1;
		len -= n;
	}
	return (sum);
}

uint16_t
in_cksum_skip(struct mbuf *m, int len, int off)
{
	return (cksum_finish(cksum_mbuf(m, off, len)));
}

uint16_t
in_cksum(struct mbuf *m, int len)
{
	return (cksum_finish(cksum_mbuf(m, 0, len)));
}

uint16_t
in_cksum_pseudo(struct mbuf *m, int off, int len, struct in_addr src,
    struct in_addr dst, uint8_t proto)
{
	uint64_t sum = cksum_mbuf(m, off, len);
	uint32_t s = ntohl(src.s_addr), d = ntohl(dst.s_addr);

	sum += (s >> 16) + (s & 0xffff) + (d >> 16) + (d & 0xffff);
	sum += proto + (uint32_t)len;
	return (cksum_finish(sum));
}
