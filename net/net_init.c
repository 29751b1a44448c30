/*
 * Stack start-up and the slow timer.
 *
 * net_init() sets up the protocol switch (ICMP, UDP, and the ESP/AH
 * entries that lead to IPsec) and seeds identifiers; net_slowtimo() is
 * the one periodic job, run by the platform every NET_SLOWTIMO_MS with
 * the net lock held: ARP retries and expiry, reassembly timeouts.
 */
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/in.h"
#include "net/ip_var.h"
#include "net/net_platform.h"
#include "net/net_private.h"
#include "net/netstat.h"
#include "net/udp_var.h"

static int net_initialized;	/* net_init ran */

void
net_init(void)
{
	net_lock();
	if (!net_initialized) {
		ip_init();
		icmp_init();
		udp_init();
		(void)ip_proto_register(IPPROTO_ICMP, icmp_input);
		(void)ip_proto_register(IPPROTO_UDP, udp_input);
		net_initialized = 1;
	}
	net_unlock();
}

void
net_slowtimo(void)
{
	net_assert_locked();
	arp_slowtimo();
	ip_reass_slowtimo();
}
