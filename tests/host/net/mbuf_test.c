/*
 * Unit tests of net/mbuf.c and net/mbuf_tag.c: every chain operation on
 * chains built to cross mbuf and cluster boundaries, checked byte for
 * byte against a flat reference, and the pool statistics back at zero
 * once everything is freed.  Prints "ok <name>" per test; exits 1 at the
 * first failure.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/in_cksum.h"
#include "net/mbuf.h"
#include "net/net_errno.h"

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, \
	__LINE__, #c); exit(1); } } while (0)

static uint8_t ref[20000];	/* the reference bytes */

static void
fill_ref(void)
{
	for (size_t i = 0; i < sizeof(ref); i++)
		ref[i] = (uint8_t)(i * 7 + (i >> 8));
}

/* A packet of len reference bytes split in pieces of `piece` bytes. */
static struct mbuf *
make_chain(int len, int piece)
{
	struct mbuf *m = m_gethdr(M_NOWAIT, MT_DATA), *n, *last = m;
	int off = 0;

	CHECK(m != NULL);
	while (off < len) {
		int k = len - off < piece ? len - off : piece;

		n = k > MLEN ? m_getcl(M_NOWAIT, MT_DATA, 0) : m_get(M_NOWAIT, MT_DATA);
		CHECK(n != NULL);
		memcpy(n->m_data, ref + off, (size_t)k);
		n->m_len = k;
		last->m_next = n;
		last = n;
		off += k;
	}
	m->m_pkthdr.len = len;
	return (m);
}

/* The chain's bytes equal ref[off .. off+len) and pkthdr.len is len. */
static void
check_bytes(struct mbuf *m, int off, int len)
{
	uint8_t *buf = malloc((size_t)len + 1);

	CHECK(m_length(m, NULL) == len);
	if (m->m_flags & M_PKTHDR)
		CHECK(m->m_pkthdr.len == len);
	m_copydata(m, 0, len, buf);
	CHECK(memcmp(buf, ref + off, (size_t)len) == 0);
	free(buf);
}

static void
check_pool_empty(void)
{
	CHECK(mbstat.m_mbufs == 0);
	CHECK(mbstat.m_clusters == 0);
	CHECK(mbstat.m_tags == 0);
	CHECK(mbstat.m_bytes_inuse == 0);
}

static void
test_adj(void)
{
	struct mbuf *m = make_chain(1000, 100);

	m_adj(m, 150);		/* across the first data mbuf */
	check_bytes(m, 150, 850);
	m_adj(m, -250);		/* from the tail, across mbufs */
	check_bytes(m, 150, 600);
	m_adj(m, 10000);	/* more than there is: empty */
	CHECK(m_length(m, NULL) == 0 && m->m_pkthdr.len == 0);
	m_freem(m);
	check_pool_empty();
	printf("ok adj\n");
}

static void
test_pullup(void)
{
	struct mbuf *m = make_chain(500, 7);

	m = m_pullup(m, 60);
	CHECK(m != NULL && m->m_len >= 60);
	check_bytes(m, 0, 500);
	m_freem(m);
	/* Beyond the chain: fails and frees it. */
	m = make_chain(30, 10);
	CHECK(m_pullup(m, 40) == NULL);
	/* More than an mbuf holds: refused. */
	m = make_chain(1000, 100);
	CHECK(m_pullup(m, MHLEN + 1) == NULL);
	check_pool_empty();
	printf("ok pullup\n");
}

static void
test_prepend(void)
{
	struct mbuf *m = make_chain(300, 300), *n;
	uint8_t hdr[40];

	/* No leading space in the header mbuf's neighbours: a new mbuf. */
	memcpy(hdr, ref, sizeof(hdr));
	m_adj(m, 0);
	n = m_prepend(m, 40, M_NOWAIT);
	CHECK(n != NULL && (n->m_flags & M_PKTHDR) && n->m_pkthdr.len == 340);
	CHECK(n->m_len == 40);
	/* Now there is room in front: the same mbuf is reused. */
	m = n;
	M_PREPEND(m, 14, M_NOWAIT);
	CHECK(m == n && m->m_len == 54 && m->m_pkthdr.len == 354);
	m_freem(m);
	check_pool_empty();
	printf("ok prepend\n");
}

static void
test_split(void)
{
	struct mbuf *m, *n;
	int cuts[] = { 0, 1, 99, 100, 101, 2047, 2048, 2049, 4999, 5000 };

	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		m = make_chain(5000, i & 1 ? 100 : 2048);
		n = m_split(m, cuts[i], M_NOWAIT);
		CHECK(n != NULL);
		check_bytes(m, 0, cuts[i]);
		check_bytes(n, cuts[i], 5000 - cuts[i]);
		m_freem(m);
		m_freem(n);
	}
	m = make_chain(100, 50);
	CHECK(m_split(m, 101, M_NOWAIT) == NULL);	/* beyond the end */
	check_bytes(m, 0, 100);
	m_freem(m);
	check_pool_empty();
	printf("ok split\n");
}

static void
test_copydata_copyback(void)
{
	struct mbuf *m = make_chain(3000, 1000);
	uint8_t buf[1000], patch[300];

	m_copydata(m, 900, 500, buf);		/* across a boundary */
	CHECK(memcmp(buf, ref + 900, 500) == 0);
	memset(patch, 0xab, sizeof(patch));
	CHECK(m_copyback(m, 950, 300, patch) == 0);
	m_copydata(m, 950, 300, buf);
	CHECK(memcmp(buf, patch, 300) == 0);
	m_copydata(m, 0, 950, buf);
	CHECK(memcmp(buf, ref, 950) == 0);
	/* Past the end: the chain grows. */
	CHECK(m_copyback(m, 2900, 300, patch) == 0);
	CHECK(m->m_pkthdr.len == 3200 && m_length(m, NULL) == 3200);
	m_copydata(m, 2900, 300, buf);
	CHECK(memcmp(buf, patch, 300) == 0);
	m_freem(m);
	check_pool_empty();
	printf("ok copydata_copyback\n");
}

static void
test_copym_shares(void)
{
	struct mbuf *m = make_chain(6000, 2048), *c;
	uint64_t clusters = mbstat.m_clusters;

	c = m_copym(m, 1000, 3000, M_NOWAIT);
	CHECK(c != NULL);
	CHECK(mbstat.m_clusters == clusters);	/* shared, not copied */
	check_bytes(c, 1000, 3000);
	CHECK(!m_writable(c->m_next) || !m_writable(c));
	CHECK(M_LEADINGSPACE(c) == 0);		/* shared: read-only */
	/* Prepending to the copy must not write into the shared cluster. */
	c = m_prepend(c, 8, M_NOWAIT);
	CHECK(c != NULL);
	check_bytes(m, 0, 6000);
	m_freem(m);				/* c keeps the clusters alive */
	CHECK(mbstat.m_clusters > 0);
	m_adj(c, 8);
	check_bytes(c, 1000, 3000);
	m_freem(c);
	m = make_chain(700, 100);
	c = m_copym(m, 0, M_COPYALL, M_NOWAIT);
	check_bytes(c, 0, 700);
	m_freem(m);
	m_freem(c);
	check_pool_empty();
	printf("ok copym\n");
}

static void
test_dup_append_devget(void)
{
	struct mbuf *m = make_chain(9500, 2048), *d;

	d = m_dup(m, M_NOWAIT);
	CHECK(d != NULL && m_writable(d));
	check_bytes(d, 0, 9500);
	m_freem(m);
	m_freem(d);
	m = m_devget(ref, 1514, NULL);
	CHECK(m != NULL);
	check_bytes(m, 0, 1514);
	CHECK(m_append(m, 3000, ref + 1514));
	check_bytes(m, 0, 4514);
	m_freem(m);
	m = m_devget(ref, 60, NULL);
	check_bytes(m, 0, 60);
	m_freem(m);
	check_pool_empty();
	printf("ok dup_append_devget\n");
}

static void
test_tags(void)
{
	struct mbuf *m = make_chain(100, 100), *c;
	struct m_tag *t1, *t2, *f;

	t1 = m_tag_get(1, 4, M_NOWAIT);
	t2 = m_tag_alloc(0x5350, 1, 16, M_NOWAIT);	/* same type, other cookie */
	CHECK(t1 != NULL && t2 != NULL && mbstat.m_tags == 2);
	memcpy(t1 + 1, "abcd", 4);
	m_tag_prepend(m, t1);
	m_tag_prepend(m, t2);
	f = m_tag_find(m, 1, NULL);
	CHECK(f == t1 && memcmp(f + 1, "abcd", 4) == 0);
	CHECK(m_tag_locate(m, 0x5350, 1, NULL) == t2);
	CHECK(m_tag_find(m, 2, NULL) == NULL);
	CHECK(m_tag_find(m, 1, t1) == NULL);		/* no further match */
	/* Copies carry their own tags. */
	c = m_copym(m, 0, M_COPYALL, M_NOWAIT);
	CHECK(c != NULL && mbstat.m_tags == 4);
	f = m_tag_find(c, 1, NULL);
	CHECK(f != NULL && f != t1 && memcmp(f + 1, "abcd", 4) == 0);
	/* Equal chains: same tags, same data, same order (IPv4 reassembly). */
	CHECK(m_tag_chain_equal(m, c) && m_tag_chain_equal(c, m));
	memcpy(f + 1, "abcD", 4);
	CHECK(!m_tag_chain_equal(m, c));
	memcpy(f + 1, "abcd", 4);
	m_tag_delete(m, t1);
	CHECK(!m_tag_chain_equal(m, c) && !m_tag_chain_equal(c, m));
	CHECK(m_tag_find(m, 1, NULL) == NULL && mbstat.m_tags == 3);
	m_freem(m);			/* frees t2 */
	m_freem(c);			/* frees the copies */
	check_pool_empty();
	printf("ok tags\n");
}

static void
test_limit(void)
{
	struct mbuf *head = NULL, *m;
	uint64_t drops = mbstat.m_drops;
	int n = 0;

	mb_set_limit(64 * 1024);
	while ((m = m_getcl(M_NOWAIT, MT_DATA, M_PKTHDR)) != NULL) {
		m->m_nextpkt = head;
		head = m;
		n++;
		CHECK(n < 1000);
	}
	CHECK(mbstat.m_drops == drops + 1);
	CHECK(mbstat.m_bytes_inuse <= 64 * 1024);
	CHECK(n >= 20);
	while ((m = head) != NULL) {
		head = m->m_nextpkt;
		m_freem(m);
	}
	mb_set_limit(64ull * 1024 * 1024);
	check_pool_empty();
	CHECK(mbstat.m_mbufs_total > 0 && mbstat.m_clusters_total > 0);
	printf("ok limit\n");
}

/* RFC 1071 as written: big-endian byte pairs, odd byte padded, folded. */
static uint16_t
cksum_ref(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)sum);
}

/*
 * Checksums equal the byte-pair reference at every alignment and length
 * (the word-at-a-time sum, its tail and carries), and over chains split at
 * odd places equal the flat checksum.
 */
static void
test_cksum(void)
{
	static uint8_t buf[4200];
	uint32_t seed = 12345;

	for (size_t i = 0; i < sizeof(buf); i++) {
		seed = seed * 1103515245 + 12345;
		buf[i] = (uint8_t)(seed >> 16);
	}
	memset(buf + 3000, 0xff, 1200);	/* all-ones words: every add carries */
	for (size_t align = 0; align < 16; align++) {
		for (size_t len = 0; len < 300; len++) {
			CHECK(in_cksum_buf(buf + align, len) ==
			    htons((uint16_t)~cksum_ref(0, buf + align, len)));
			CHECK(in_cksum_partial(0xfffe, buf + align, len) ==
			    cksum_ref(0xfffe, buf + align, len));
		}
		for (size_t off = 2000; off < 3000; off += 499)
			for (size_t len = 1000; len < 1200; len += 37)
				CHECK(in_cksum_buf(buf + off + align, len) ==
				    htons((uint16_t)~cksum_ref(0, buf + off + align, len)));
	}

	int pieces[] = { 1, 3, 7, 100, 1001, 2048 };
	uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	/* RFC 1071's example: the sum is 0xddf2, the checksum its complement. */
	CHECK(in_cksum_buf(rfc, sizeof(rfc)) == htons(0x220d));
	for (size_t i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		for (int len = 0; len < 3000; len += 331) {
			struct mbuf *m = make_chain(len, pieces[i]);

			CHECK(in_cksum(m, len) == in_cksum_buf(ref, (size_t)len));
			if (len > 5)
				CHECK(in_cksum_skip(m, len - 5, 5) ==
				    in_cksum_buf(ref + 5, (size_t)len - 5));
			m_freem(m);
		}
	}
	check_pool_empty();
	printf("ok cksum\n");
}

int
main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	fill_ref();
	test_adj();
	test_pullup();
	test_prepend();
	test_split();
	test_copydata_copyback();
	test_copym_shares();
	test_dup_append_devget();
	test_tags();
	test_limit();
	test_cksum();
	printf("all ok\n");
	return (0);
}
