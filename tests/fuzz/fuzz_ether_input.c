/*
 * libFuzzer target: arbitrary frames into ether_input of an interface
 * with an address, a bound UDP socket, the echo service and an ARP entry,
 * the clock advancing so ARP and reassembly timers run too.  Any
 * sanitizer report, a lock left held, or a frame transmitted without the
 * lock is a failure.  The destination MAC is forced to ours (unless the
 * input asks for broadcast) so the fuzzer spends its time in the
 * protocols, not in Ethernet filtering.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/ether_var.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/udp_var.h"
#include "tests/host/lib/net_host.h"

static const uint8_t our_mac[6] = { 2, 0, 0, 0, 0, 1 };
static struct ifnet *fz_ifp;		/* the fuzzed interface */
static struct inpcb *fz_so;		/* a bound socket that fills up */
static unsigned long fz_count;		/* inputs run */

static int
fz_transmit(struct ifnet *ifp, struct mbuf *m)
{
	(void)ifp;
	if (!net_host_locked())
		abort();
	m_freem(m);
	return (0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct in_addr a;

	(void)argc;
	(void)argv;
	net_init();
	fz_ifp = if_alloc();
	fz_ifp->if_transmit = fz_transmit;
	ether_ifattach(fz_ifp, "fz", 0, our_mac);
	inet_aton_net("10.0.0.1", &a);
	in_addr_add(fz_ifp, a, 24);
	udp_echo_start();
	fz_so = udp_socket();
	udp_bind(fz_so, (struct in_addr){ 0 }, 9);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t buf[9216];
	struct mbuf *m;

	if (size > sizeof(buf))
		size = sizeof(buf);
	memcpy(buf, data, size);
	if (size >= 6 && buf[0] != 0xff)
		memcpy(buf, our_mac, 6);
	m = m_devget(buf, (int)size, fz_ifp);
	if (m != NULL)
		fz_ifp->if_input(fz_ifp, m);
	if (net_host_locked())
		abort();
	if (++fz_count % 64 == 0) {
		net_host_run_timers(1000, net_slowtimo);	/* ARP retries, reassembly timeouts */
		while (udp_pending(fz_so) > 0) {
			uint8_t sink[64];

			(void)udp_recvfrom(fz_so, sink, sizeof(sink), NULL, NULL, 1);
		}
	}
	return (0);
}
