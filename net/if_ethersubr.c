/*
 * Ethernet: attaching interfaces, and the input and output paths.
 *
 * ether_input is every Ethernet interface's if_input: it takes the net
 * lock (drivers call it without), checks the frame is addressed to us,
 * strips the header and hands IPv4 to ip_input and ARP to arp_input.
 * Every frame it refuses is counted in etherstat under its reason.
 * ether_output resolves the next hop through ARP and prepends the header.
 */
#include <stdint.h>
#include <string.h>
#include <sanpo/kvprintf.h>

#include <sanpo/kvprintf.h>
#include "net/ether_var.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/net_private.h"

struct etherstat etherstat;

const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN] =
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

char *
ether_sprintf_r(const uint8_t lla[ETHER_ADDR_LEN], char *buf)
{
	ksnprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
	    lla[0], lla[1], lla[2], lla[3], lla[4], lla[5]);
	return (buf);
}

void
ether_ifattach(struct ifnet *ifp, const char *dname, int unit,
    const uint8_t lla[ETHER_ADDR_LEN])
{
	char mac[18];

	ksnprintf(ifp->if_xname, sizeof(ifp->if_xname), "%s%d", dname, unit);
	memcpy(ifp->if_lladdr, lla, ETHER_ADDR_LEN);
	ifp->if_addrlen = ETHER_ADDR_LEN;
	if (ifp->if_mtu == 0)
		ifp->if_mtu = ETHERMTU;
	ifp->if_flags |= IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	ifp->if_input = ether_input;
	net_lock();
	if_attach_locked(ifp);
	net_unlock();
	net_log("%s: Ethernet address %s\n", ifp->if_xname,
	    ether_sprintf_r(lla, mac));
}

void
ether_ifdetach(struct ifnet *ifp)
{
	net_lock();
	in_flush_locked(ifp);
	if_detach_locked(ifp);
	net_unlock();
}

/*
 * Classify the destination: 0 to accept (M_BCAST/M_MCAST set as needed),
 * or -1 when the frame is for another station.
 */
static int
ether_accept(struct ifnet *ifp, struct mbuf *m, const struct ether_header *eh)
{
	if (ETHER_IS_MULTICAST(eh->ether_dhost)) {
		m->m_flags |= ETHER_IS_BROADCAST(eh->ether_dhost) ?
		    M_BCAST : M_MCAST;
		return (0);
	}
	if (memcmp(eh->ether_dhost, ifp->if_lladdr, ETHER_ADDR_LEN) == 0)
		return (0);
	return ((ifp->if_flags & IFF_PROMISC) ? 0 : -1);
}

/* The body of ether_input, net lock held. */
static void
ether_input_locked(struct ifnet *ifp, struct mbuf *m)
{
	struct ether_header *eh;
	uint16_t type;

	etherstat.ethers_in++;
	if (!(ifp->if_flags & IFF_UP)) {
		etherstat.ethers_in_down++;
		goto drop;
	}
	if (!(m->m_flags & M_PKTHDR) || m->m_pkthdr.len < ETHER_HDR_LEN) {
		etherstat.ethers_in_short++;
		goto drop;
	}
	if ((m = m_pullup(m, ETHER_HDR_LEN)) == NULL) {
		etherstat.ethers_in_short++;
		return;
	}
	m->m_pkthdr.rcvif = ifp;
	eh = mtod(m, struct ether_header *);
	if (ether_accept(ifp, m, eh) != 0) {
		etherstat.ethers_in_notours++;
		goto drop;
	}
	if (memcmp(eh->ether_shost, ifp->if_lladdr, ETHER_ADDR_LEN) == 0) {
		etherstat.ethers_in_own++;
		goto drop;
	}
	type = ntohs(eh->ether_type);
	m_adj(m, ETHER_HDR_LEN);
	switch (type) {
	case ETHERTYPE_IP:
		etherstat.ethers_in_ip++;
		ip_input(m);
		return;
	case ETHERTYPE_ARP:
		etherstat.ethers_in_arp++;
		arp_input(m);
		return;
	default:
		etherstat.ethers_in_unknown++;
		goto drop;
	}
drop:
	m_freem(m);
}

void
ether_input(struct ifnet *ifp, struct mbuf *m)
{
	net_lock();
	ether_input_locked(ifp, m);
	net_unlock();
}

int
ether_output_frame(struct ifnet *ifp, struct mbuf *m,
    const uint8_t dst[ETHER_ADDR_LEN], uint16_t ethertype)
{
	struct ether_header *eh;
	int error;

	net_assert_locked();
	if (!(ifp->if_flags & IFF_UP)) {
		etherstat.ethers_out_down++;
		m_freem(m);
		return (ENETDOWN);
	}
	M_PREPEND(m, ETHER_HDR_LEN, M_NOWAIT);
	if (m == NULL) {
		etherstat.ethers_out_nobufs++;
		return (ENOBUFS);
	}
	eh = mtod(m, struct ether_header *);
	memcpy(eh->ether_dhost, dst, ETHER_ADDR_LEN);
	memcpy(eh->ether_shost, ifp->if_lladdr, ETHER_ADDR_LEN);
	eh->ether_type = htons(ethertype);
	etherstat.ethers_out++;
	error = ifp->if_transmit(ifp, m);
	if (error != 0)
		etherstat.ethers_out_errors++;
	return (error);
}

int
ether_output(struct ifnet *ifp, struct mbuf *m, struct in_addr nexthop,
    int mflags)
{
	uint8_t dst[ETHER_ADDR_LEN];
	int error;

	net_assert_locked();
	if (!(ifp->if_flags & IFF_UP)) {
		etherstat.ethers_out_down++;
		m_freem(m);
		return (ENETDOWN);
	}
	if (ifp->if_addrlen == 0)	/* no link layer (a route via lo0): no ARP */
		return (ifp->if_transmit(ifp, m));
	if (mflags & M_BCAST) {
		memcpy(dst, etherbroadcastaddr, ETHER_ADDR_LEN);
	} else {
		error = arpresolve(ifp, nexthop, m, dst);
		if (error == EWOULDBLOCK)
			return (0);	/* held until ARP answers */
		if (error != 0)
			return (error);	/* m consumed by arpresolve */
	}
	return (ether_output_frame(ifp, m, dst, ETHERTYPE_IP));
}
