/*
 * libFuzzer target: the inbound IPsec policy outcome, not only the absence
 * of crashes.  Two peers, A (10.0.0.2, fronting 192.168.5.0/24) and B
 * (10.0.0.3, fronting 192.168.6.0/24), each hold a transport and a tunnel
 * SA to us (10.0.0.1, test0); policies require each peer's address to come
 * through its own transport SA and each network through its own tunnel,
 * 192.168.7.0/24 is discarded and every other source is unprotected.
 *
 * An input is not a packet but a scenario, read a byte at a time (bytes
 * past the end read as 0): the inner datagram's source and destination
 * (chosen among the interesting addresses, or an unlisted one), its id and
 * length, how many IP fragments it is cut into and where, and for each
 * fragment how it travels -- in clear, through one of the four SAs (the
 * right one, the other peer's, or one whose SPI and key disagree, or an
 * unknown SPI), with which outer source, and whether the wire packet is
 * itself split into two outer fragments -- and the order they are sent in.
 * The harness builds the packets (ESP with NULL encryption and
 * HMAC-SHA-256-128, RFC 4303/2410/4868), feeds them to if_input, and then
 * compares what reached the UDP socket on port 9 with what a model of RFC
 * 4301 5.2 says should: the datagram is delivered only when every fragment
 * arrived through the same SA (or all in clear) and that SA is the one the
 * policy for the datagram's source asks for.  Any difference aborts with
 * the scenario printed.  Reassembly queues are dropped after each input.
 *
 * Seeds: tests/fuzz/corpus/ipsec_policy/, written by
 * tests/fuzz/gen_ipsec_policy_corpus.py (one scenario per case of the
 * model).  FUZZ_POLICY_VERBOSE=1 prints each scenario's outcome.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/hmac.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_cksum.h"
#include "net/in_var.h"
#include "net/ip.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/udp_var.h"
#include "net/ipsec/key.h"
#include "net/ipsec/setkey.h"
#include "net/ipsec/ipsec_var.h"
#include "tests/host/lib/net_host.h"
#include "tests/host/lib/crypto_host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define US		0x0a000001u	/* 10.0.0.1 */
#define PEER_A		0x0a000002u
#define PEER_B		0x0a000003u
#define HOST_A		0xc0a80505u	/* 192.168.5.5, behind A */
#define HOST_B		0xc0a80606u	/* 192.168.6.6, behind B */
#define HOST_DISCARD	0xc0a80707u	/* 192.168.7.7: a discard policy */
#define ONLINK		0x0a00004du	/* 10.0.0.77: no policy */
#define NOT_US		0x0a000063u	/* 10.0.0.99: not ours, not forwarded */
#define DPORT		9
#define MAXFRAG		3
#define MAXDATA		600
#define ICVLEN		16

/* What protected a fragment on arrival (the model's view). */
enum prot { P_CLEAR = -1, P_A_TR = 0, P_B_TR, P_A_TUN, P_B_TUN, NSA };

struct fsa {
	uint32_t	spi;
	int		tunnel;
	uint32_t	peer;
	uint8_t		key[32];
};

static struct fsa sas[NSA] = {
	[P_A_TR] = { 0x100, 0, PEER_A, { 0 } },
	[P_B_TR] = { 0x101, 0, PEER_B, { 0 } },
	[P_A_TUN] = { 0x102, 1, PEER_A, { 0 } },
	[P_B_TUN] = { 0x103, 1, PEER_B, { 0 } },
};

static const char *const spd_table[] = {
	"spdadd 10.0.0.2 10.0.0.1 any -P in ipsec esp/transport//require ;",
	"spdadd 10.0.0.3 10.0.0.1 any -P in ipsec esp/transport//require ;",
	"spdadd 192.168.5.0/24 10.0.0.1 any -P in ipsec esp/tunnel/10.0.0.2-10.0.0.1/require ;",
	"spdadd 192.168.6.0/24 10.0.0.1 any -P in ipsec esp/tunnel/10.0.0.3-10.0.0.1/require ;",
	"spdadd 192.168.7.0/24 10.0.0.1 any -P in discard ;",
};

static const uint8_t our_mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 2 };

static struct ifnet *test0;
static struct setkey sk;
static struct inpcb *sink;
static int verbose;

/* What reached port 9 during one input. */
static int got_count;
static uint32_t got_src;
static int got_len;
static uint8_t got_data[MAXDATA + 64];

/* The scenario being run, for the abort message. */
static char scenario[512];

struct reader {
	const uint8_t	*p;
	size_t		 n, i;
};

static uint8_t
rd(struct reader *r)
{
	return (r->i < r->n ? r->p[r->i++] : 0);
}

static void
discard_out(void *arg, const char *s)
{
	(void)arg;
	(void)s;
}

static int
sink_transmit(struct ifnet *ifp, struct mbuf *m)
{
	ifp->if_opackets++;
	m_freem(m);
	return (0);
}

static int
sink_upcall(struct inpcb *so, struct mbuf *m, const struct inp_meta *meta,
    void *arg)
{
	(void)so, (void)arg;
	got_count++;
	got_src = ntohl(meta->im_src.s_addr);
	got_len = m->m_pkthdr.len;
	if (got_len <= (int)sizeof(got_data))
		m_copydata(m, 0, got_len, got_data);
	m_freem(m);
	return (0);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* A 20-byte IPv4 header with its checksum. */
static void
ip_header(uint8_t *h, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
    uint16_t off, int len)
{
	uint16_t sum;

	memset(h, 0, 20);
	h[0] = 0x45;
	put16(h + 2, (uint16_t)len);
	put16(h + 4, id);
	put16(h + 6, off);
	h[8] = 64;
	h[9] = proto;
	put32(h + 12, src);
	put32(h + 16, dst);
	sum = in_cksum_buf(h, 20);
	memcpy(h + 10, &sum, 2);	/* already in network order */
}

/*
 * ESP with NULL encryption (RFC 2410) and HMAC-SHA-256-128 (RFC 4868):
 * SPI, sequence, payload, padding 1, 2, ..., pad length, next header, ICV.
 */
static int
esp_wrap(uint8_t *out, const struct fsa *spi_of, const struct fsa *key_of, uint32_t seq,
    const uint8_t *payload, int len, uint8_t nh)
{
	uint8_t icv[32];
	int n = 0, pad = (4 - (len + 2) % 4) % 4, i;

	put32(out, spi_of->spi);
	put32(out + 4, seq);
	n = 8;
	memcpy(out + n, payload, (size_t)len);
	n += len;
	for (i = 1; i <= pad; i++)
		out[n++] = (uint8_t)i;
	out[n++] = (uint8_t)pad;
	out[n++] = nh;
	hmac(&crypto_hash_sha256, key_of->key, sizeof(key_of->key), out, (size_t)n, icv);
	memcpy(out + n, icv, ICVLEN);
	return (n + ICVLEN);
}

static void
feed(const uint8_t *pkt, int len)
{
	static uint8_t frame[14 + 2048];
	struct mbuf *m;

	memcpy(frame, our_mac, 6);
	memcpy(frame + 6, peer_mac, 6);
	frame[12] = 0x08;
	frame[13] = 0x00;
	memcpy(frame + 14, pkt, (size_t)len);
	if ((m = m_devget(frame, 14 + len, test0)) != NULL)
		test0->if_input(test0, m);
	crypto_host_drain();
	if (net_host_locked() || crypto_host_stats()->pending != 0)
		abort();
}

/* Sends an IP packet, or two outer fragments of it when split (and it can be). */
static void
send_ip(const uint8_t *pkt, int len, int split, int reverse)
{
	uint8_t a[2048], b[2048];
	uint16_t off = (uint16_t)(pkt[6] << 8 | pkt[7]);
	int plen = len - 20, cut, i;

	if (!split || plen < 16) {
		feed(pkt, len);
		return;
	}
	cut = 8 * ((plen / 8) / 2);
	ip_header(a, (uint32_t)pkt[12] << 24 | pkt[13] << 16 | pkt[14] << 8 | pkt[15],
	    (uint32_t)pkt[16] << 24 | pkt[17] << 16 | pkt[18] << 8 | pkt[19], pkt[9],
	    (uint16_t)(pkt[4] << 8 | pkt[5]), (uint16_t)(off | IP_MF), 20 + cut);
	memcpy(a + 20, pkt + 20, (size_t)cut);
	ip_header(b, (uint32_t)pkt[12] << 24 | pkt[13] << 16 | pkt[14] << 8 | pkt[15],
	    (uint32_t)pkt[16] << 24 | pkt[17] << 16 | pkt[18] << 8 | pkt[19], pkt[9],
	    (uint16_t)(pkt[4] << 8 | pkt[5]),
	    (uint16_t)((off & IP_MF) | ((off & IP_OFFMASK) + cut / 8)), 20 + plen - cut);
	memcpy(b + 20, pkt + 20 + cut, (size_t)(plen - cut));
	for (i = 0; i < 2; i++) {
		if ((i == 0) != (reverse != 0))
			feed(a, 20 + cut);
		else
			feed(b, 20 + plen - cut);
	}
}

/* The source a byte chooses (unlisted sources take two more bytes). */
static uint32_t
pick_src(struct reader *r)
{
	static const uint32_t srcs[] = { PEER_A, PEER_B, HOST_A, HOST_B, HOST_DISCARD, ONLINK };
	unsigned c = rd(r) % 7;

	if (c < 6)
		return (srcs[c]);
	return (0xac100000u | (uint32_t)rd(r) << 8 | rd(r));	/* 172.16.x.y */
}

/* Which SA the policy for a datagram from src asks for: P_CLEAR: none, NSA: discard. */
static int
policy_wants(uint32_t src)
{
	switch (src) {
	case PEER_A:
		return (P_A_TR);
	case PEER_B:
		return (P_B_TR);
	case HOST_A:
		return (P_A_TUN);
	case HOST_B:
		return (P_B_TUN);
	case HOST_DISCARD:
		return (NSA);
	}
	return (P_CLEAR);
}

static void
setup(void)
{
	struct in_addr a, any = { 0 };
	size_t i;
	int k, j;

	net_init();
	net_lock();
	key_init();
	xform_attach_datapath(IPPROTO_ESP, esp_input, esp_output, esp_zeroize_session);
	xform_attach_datapath(IPPROTO_AH, ah_input, ah_output, ah_zeroize_session);
	ipsec_attach();
	net_unlock();
	test0 = if_alloc();
	test0->if_transmit = sink_transmit;
	ether_ifattach(test0, "test", 0, our_mac);
	if_link_state_change(test0, LINK_STATE_UP);
	a.s_addr = htonl(US);
	if (in_addr_add(test0, a, 24) != 0 || setkey_open(&sk, discard_out, NULL, 1) != 0)
		abort();
	if ((sink = udp_socket()) == NULL || udp_bind(sink, any, DPORT) != 0)
		abort();
	udp_set_upcall(sink, sink_upcall, NULL);
	for (i = 0; i < sizeof(spd_table) / sizeof(spd_table[0]); i++)
		setkey_feed(&sk, spd_table[i]);
	for (k = 0; k < NSA; k++)
		for (j = 0; j < 32; j++)
			sas[k].key[j] = (uint8_t)(0x40 * k + j);
	if (sk.errors != 0)
		abort();
	verbose = getenv("FUZZ_POLICY_VERBOSE") != NULL;
}

/* Fresh SAs (replay windows) for each input. */
static void
reset_sas(void)
{
	char line[256], hex[65];
	int k, j;

	setkey_flush(&sk, 0);
	for (k = 0; k < NSA; k++) {
		for (j = 0; j < 32; j++)
			snprintf(hex + 2 * j, 3, "%02x", sas[k].key[j]);
		snprintf(line, sizeof(line), "add %s 10.0.0.1 esp 0x%x -m %s -E null -A hmac-sha256 0x%s ;",
		    sas[k].peer == PEER_A ? "10.0.0.2" : "10.0.0.3", (unsigned)sas[k].spi,
		    sas[k].tunnel ? "tunnel" : "transport", hex);
		setkey_feed(&sk, line);
	}
	if (sk.errors != 0)
		abort();
}

static void
fail(const char *what)
{
	fprintf(stderr, "POLICY MODEL MISMATCH: %s\n  scenario: %s\n  got=%d src=%08x len=%d\n",
	    what, scenario, got_count, (unsigned)got_src, got_len);
	abort();
}

/* The fragment cut points: n+1 offsets from 0 to len, inner ones multiples of 8. */
static int
cut_points(struct reader *r, int n, int len, int *cuts)
{
	int units = (len + 7) / 8, k, lo, hi;

	if (n > units)
		n = units;
	cuts[0] = 0;
	for (k = 1; k < n; k++) {
		lo = cuts[k - 1] / 8 + 1;
		hi = units - (n - k);
		cuts[k] = 8 * (lo + rd(r) % (hi - lo + 1));
	}
	cuts[n] = len;
	return (n);
}

static void
run_scenario(struct reader *r)
{
	static const int perms[6][MAXFRAG] = {
		{ 0, 1, 2 }, { 1, 0, 2 }, { 2, 1, 0 }, { 0, 2, 1 }, { 1, 2, 0 }, { 2, 0, 1 },
	};
	uint8_t inner[20 + 8 + MAXDATA], frag[20 + 8 + MAXDATA], wire[2048];
	uint32_t src, dst, seq[NSA] = { 0 };
	int cuts[MAXFRAG + 1], arrived[MAXFRAG], dlen, ulen, n, i, k, len, wlen, want;
	int lost = 0, mixed = 0, first = -2, expect, order, sl = 0;
	uint16_t id;

	src = pick_src(r);
	dst = rd(r) % 3 == 2 ? NOT_US : US;
	n = rd(r) % MAXFRAG + 1;
	id = (uint16_t)(rd(r) << 8 | rd(r));
	dlen = rd(r) % 200 + 1;
	if (rd(r) & 1)
		dlen += 200 + rd(r) % (MAXDATA - 400);
	ulen = 8 + dlen;
	/* The datagram: UDP to port 9 (no checksum), data a pattern of the id. */
	ip_header(inner, src, dst, IPPROTO_UDP, id, 0, 20 + ulen);
	put16(inner + 20, 40000);
	put16(inner + 22, DPORT);
	put16(inner + 24, (uint16_t)ulen);
	put16(inner + 26, 0);
	for (i = 0; i < dlen; i++)
		inner[28 + i] = (uint8_t)(i * 7 + id);
	n = cut_points(r, n, ulen, cuts);
	order = rd(r) % 6;
	sl += snprintf(scenario + sl, sizeof(scenario) - (size_t)sl,
	    "src=%08x dst=%08x id=%04x ulen=%d frags=%d order=%d:", (unsigned)src,
	    (unsigned)dst, id, ulen, n, order);
	for (k = 0; k < MAXFRAG; k++) {
		int f = perms[order][k], how, spi_i, key_i, outer_src, split, rev;
		uint16_t off;

		if (f >= n)
			continue;
		len = cuts[f + 1] - cuts[f];
		off = (uint16_t)(cuts[f] / 8 | (f + 1 < n ? IP_MF : 0));
		ip_header(frag, src, dst, IPPROTO_UDP, id, n == 1 ? 0 : off, 20 + len);
		memcpy(frag + 20, inner + 20 + cuts[f], (size_t)len);
		how = rd(r) % 8;
		spi_i = how >= 1 && how <= 4 ? how - 1 : rd(r) % NSA;
		key_i = how == 5 ? rd(r) % NSA : spi_i;
		outer_src = (int)(rd(r) % 4);
		split = rd(r);
		rev = split & 2;
		split &= 1;
		arrived[f] = P_CLEAR;
		if (how == 0 || how == 7) {
			wlen = 20 + len;
			memcpy(wire, frag, (size_t)wlen);
		} else if (how == 6) {		/* an SPI nobody has: dropped */
			struct fsa stranger = sas[spi_i];

			stranger.spi = 0x10000 + spi_i;
			wlen = 20 + esp_wrap(wire + 20, &stranger, &sas[spi_i], 1, frag, 20 + len, 4);
			ip_header(wire, sas[spi_i].peer, US, IPPROTO_ESP, 0x7000, 0, wlen);
			arrived[f] = NSA;
		} else if (sas[spi_i].tunnel) {
			static const uint32_t outers[] = { 0, 0, ONLINK, 0xac10fe01u };
			uint32_t osrc = outer_src == 0 ? sas[spi_i].peer :
			    outer_src == 1 ? (sas[spi_i].peer == PEER_A ? PEER_B : PEER_A) :
			    outers[outer_src];

			wlen = 20 + esp_wrap(wire + 20, &sas[spi_i], &sas[key_i], ++seq[spi_i], frag,
			    20 + len, 4);
			ip_header(wire, osrc, US, IPPROTO_ESP, (uint16_t)(0x7000 + k), 0, wlen);
			arrived[f] = spi_i == key_i ? spi_i : NSA;
		} else {
			/* Transport: ESP after the fragment's own header. */
			wlen = 20 + esp_wrap(wire + 20, &sas[spi_i], &sas[key_i], ++seq[spi_i],
			    frag + 20, len, IPPROTO_UDP);
			ip_header(wire, src, dst, IPPROTO_ESP, id, n == 1 ? 0 : off, wlen);
			/*
			 * A protected piece of a fragmented datagram is an ESP
			 * fragment nothing completes; to anyone but us it is not ours.
			 */
			arrived[f] = spi_i == key_i && n == 1 && dst == US ? spi_i : NSA;
		}
		sl += snprintf(scenario + sl, sizeof(scenario) - (size_t)sl,
		    " [frag%d how=%d spi=%d key=%d outer=%d split=%d%s]", f, how, spi_i, key_i,
		    outer_src, split, rev ? " rev" : "");
		if (sl >= (int)sizeof(scenario))
			sl = (int)sizeof(scenario) - 1;
		send_ip(wire, wlen, split, rev);
	}
	/* The model. */
	for (i = 0; i < n; i++) {
		if (arrived[i] == NSA)
			lost = 1;
		else if (first == -2)
			first = arrived[i];
		else if (arrived[i] != first)
			mixed = 1;
	}
	want = policy_wants(src);
	expect = !lost && !mixed && dst == US &&
	    (want == P_CLEAR || (want != NSA && first == want));
	if (verbose)
		printf("OUTCOME delivered=%d expected=%d %s\n", got_count, expect, scenario);
	if (got_count != expect)
		fail(expect ? "a datagram the policy allows was not delivered" :
		    "a datagram the policy forbids was delivered");
	if (got_count == 1 && (got_src != src || got_len != dlen ||
	    memcmp(got_data, inner + 28, (size_t)dlen) != 0))
		fail("the delivered datagram is not the one sent");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct reader r = { data, size, 0 };

	if (!ready) {
		setup();
		ready = 1;
	}
	reset_sas();
	got_count = 0;
	got_len = 0;
	scenario[0] = '\0';
	run_scenario(&r);
	net_lock();
	ip_reass_drain();
	net_unlock();
	return (0);
}
