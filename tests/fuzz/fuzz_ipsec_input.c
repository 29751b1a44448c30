/*
 * libFuzzer target: ESP and AH input (net/ipsec/), through the whole IPv4
 * receive path, over the host crypto framework (tests/host/lib/
 * crypto_host.c) and N1's host net platform (tests/host/lib/net_host.c).
 *
 * An input is one IPv4 packet (header included); it is put behind a fixed
 * Ethernet header and handed to if_input of test0 (10.0.0.1/24) as a
 * driver would, then the crypto queue is drained, so the callbacks run,
 * decapsulated packets go back through ip_input, the policy checks run and
 * the UDP echo service (port 7) answers — through the output policy and
 * ESP output.  Before each input the SAs below are flushed and added again
 * through setkey (real PF_KEY messages), so every input meets fresh replay
 * windows; the policies stay.  The SA table must match the seed corpus
 * generator, tests/fuzz/gen_ipsec_input_corpus.py, which writes one valid packet
 * (or several) per SA for the fuzzer to mutate.
 *
 * After each input the crypto queue must be empty and the net lock free.
 * With FUZZ_IPSEC_STATS set in the environment the counters (netstat -s
 * -p esp/ah/ipsec) are printed at exit, so a test can check the seeds
 * really reach the end of the datapath.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/route.h"
#include "net/udp_var.h"
#include "net/ipsec/key.h"
#include "net/ipsec/setkey.h"
#include "net/ipsec/ipsec_var.h"
#include "tests/host/lib/net_host.h"
#include "tests/host/lib/crypto_host.h"

#define MAX_PACKET	9000	/* longer inputs are cut: the largest jumbo frame */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Inbound SAs, peer 10.0.0.2 -> us 10.0.0.1 (keys shared with the generator).
 * -r is bytes (FreeBSD): -r 8 is RFC 4303's 64 packets, -r 128 the most.
 */
static const char *const sa_table[] = {
	"add 10.0.0.2 10.0.0.1 esp 0x100 -m transport -r 8 "
	    "-E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213 ;",
	"add 10.0.0.2 10.0.0.1 esp 0x101 -m transport -f esn -r 16 "
	    "-E aes-gcm-16 0x202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243 ;",
	"add 10.0.0.2 10.0.0.1 esp 0x102 -m transport -r 8 -E rijndael-cbc 0x505152535455565758595a5b5c5d5e5f "
	    "-A hmac-sha256 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f ;",
	"add 10.0.0.2 10.0.0.1 esp 0x103 -m transport -r 8 -E null "
	    "-A hmac-sha256 0x808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f ;",
	"add 10.0.0.2 10.0.0.1 ah 0x104 -m transport -r 8 "
	    "-A hmac-sha256 0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf ;",
	"add 10.0.0.2 10.0.0.1 esp 0x105 -m tunnel -r 8 "
	    "-E aes-gcm-16 0xc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3 ;",
	"add 10.0.0.2 10.0.0.1 esp 0x106 -m tunnel -r 8 -E rijndael-cbc 0x505152535455565758595a5b5c5d5e5f "
	    "-A hmac-sha256 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f ;",
	"add 10.0.0.2 10.0.0.1 ah 0x107 -m tunnel -r 8 "
	    "-A hmac-sha256 0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf ;",
	"add 10.0.0.2 10.0.0.1 esp 0x108 -m transport -f esn -r 128 -E chacha20-poly1305 "
	    "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223 ;",
	"add 10.0.0.2 10.0.0.1 ah 0x109 -m transport -r 8 -f esn "
	    "-A hmac-sha256 0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf ;",
	"add 10.0.0.2 10.0.0.1 esp 0x10a -m transport -r 8 -f esn -E rijndael-cbc 0x505152535455565758595a5b5c5d5e5f "
	    "-A hmac-sha256 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f ;",
	/*
	 * Encryption without authentication (allowed by RFC 4303, if unwise):
	 * mutated ciphertext gets past the crypto, so the fuzzer reaches the
	 * padding, next-header and decapsulation checks with bytes it chose.
	 */
	"add 10.0.0.2 10.0.0.1 esp 0x10b -m tunnel -r 8 -E rijndael-cbc 0x505152535455565758595a5b5c5d5e5f ;",
	"add 10.0.0.2 10.0.0.1 esp 0x10c -m transport -r 8 "
	    "-E aes-ctr 0xd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3 ;",
	/* Outbound: the echo service's answers. */
	"add 10.0.0.1 10.0.0.2 esp 0x200 -m transport "
	    "-E aes-gcm-16 0x000102030405060708090a0b0c0d0e0f10111213 ;",
	"add 10.0.0.1 10.0.0.2 esp 0x201 -m tunnel -E rijndael-cbc 0x505152535455565758595a5b5c5d5e5f "
	    "-A hmac-sha256 0x606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f ;",
};

/* Policies, set once: answers to the peer under ESP; its subnet through the tunnel. */
static const char *const spd_table[] = {
	"spdadd 10.0.0.1 10.0.0.2 udp -P out ipsec esp/transport//require ;",
	"spdadd 10.0.0.1 192.168.5.0/24 any -P out ipsec esp/tunnel/10.0.0.1-10.0.0.2/require ;",
	"spdadd 192.168.5.0/24 10.0.0.1 any -P in ipsec esp/tunnel/10.0.0.2-10.0.0.1/require ;",
	"spdadd 10.0.0.2[9] 10.0.0.1 udp -P in ipsec ah/transport//require ;",
};

static const uint8_t our_mac[6] = { 2, 0, 0, 0, 0, 1 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 2 };

static struct ifnet *test0;
static struct setkey sk;
static uint8_t frame[14 + MAX_PACKET];

static void
discard(void *arg, const char *s)
{
	(void)arg;
	(void)s;
}

/* Frames the stack sends go nowhere. */
static int
sink_transmit(struct ifnet *ifp, struct mbuf *m)
{
	ifp->if_opackets++;
	m_freem(m);
	return (0);
}

static void
feed(const uint8_t *pkt, size_t len, uint16_t ethertype)
{
	struct mbuf *m;

	memcpy(frame, our_mac, 6);
	memcpy(frame + 6, peer_mac, 6);
	frame[12] = (uint8_t)(ethertype >> 8);
	frame[13] = (uint8_t)ethertype;
	memcpy(frame + 14, pkt, len);
	if ((m = m_devget(frame, (int)(14 + len), test0)) != NULL)
		test0->if_input(test0, m);
	crypto_host_drain();
	if (net_host_locked() || crypto_host_stats()->pending != 0)
		abort();	/* a path that forgot the lock or a request */
}

static void
print_stats(void)
{
	ipsec_print_stats(NULL);
	printf("crypto sessions=%lld dispatched=%llu refused=%llu\n",
	    (long long)crypto_host_stats()->sessions,
	    (unsigned long long)crypto_host_stats()->dispatched,
	    (unsigned long long)crypto_host_stats()->refused);
}

/* The peer asks for our address, so we know its MAC and answers are not held. */
static void
arp_prime(void)
{
	static const uint8_t arp[28] = {
		0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 2, 10, 0, 0, 2,
		0, 0, 0, 0, 0, 0, 10, 0, 0, 1,
	};

	feed(arp, sizeof(arp), 0x0806);
}

static void
setup(void)
{
	struct in_addr a, net5, gw;
	size_t i;

	net_init();
	net_lock();
	key_init();
	ipsec_attach();
	net_unlock();
	test0 = if_alloc();
	test0->if_transmit = sink_transmit;
	ether_ifattach(test0, "test", 0, our_mac);
	if_link_state_change(test0, LINK_STATE_UP);
	a.s_addr = htonl(0x0a000001);
	net5.s_addr = htonl(0xc0a80500);
	gw.s_addr = htonl(0x0a000002);
	if (in_addr_add(test0, a, 24) != 0 || route_add(net5, 24, gw, test0, RTF_GATEWAY) != 0 ||
	    udp_echo_start() != 0 || setkey_open(&sk, discard, NULL, 1) != 0)
		abort();
	for (i = 0; i < sizeof(spd_table) / sizeof(spd_table[0]); i++)
		setkey_feed(&sk, spd_table[i]);
	if (sk.errors != 0)
		abort();
	arp_prime();
	if (getenv("FUZZ_IPSEC_STATS") != NULL)
		atexit(print_stats);
}

/* Fresh SAs (fresh replay windows and sequence numbers) for each input. */
static void
reset_sas(void)
{
	size_t i;

	setkey_flush(&sk, 0);
	for (i = 0; i < sizeof(sa_table) / sizeof(sa_table[0]); i++)
		setkey_feed(&sk, sa_table[i]);
	if (sk.errors != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;

	if (!ready) {
		setup();
		ready = 1;
	}
	reset_sas();
	feed(data, size > MAX_PACKET ? MAX_PACKET : size, 0x0800);
	return (0);
}
