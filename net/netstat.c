/*
 * Printers for `netstat -s`, `-m`, `-r` and `-i`, in FreeBSD's wording,
 * shared by the kernel shell's netstat (kernel/net/net_cmds.c) and the
 * netstat program (user/usr.bin/netstat, which reads the same structures
 * through sysctl).  Each prints a snapshot it is given and touches no
 * stack state, so it links into a user program; the snapshots are taken
 * by net/net_stats.c (kernel, host tests) or read with sysctl (program).
 *
 * Each protocol's counters are described by a table of (offset, label)
 * pairs: adding a counter is one line, and every drop reason is printed,
 * zero or not, so tests can find it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sanpo/kvprintf.h>
#include <sanpo/sysctl.h>

#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/if_ether.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/route.h"
#include "net/udp_var.h"
#include "net/ipsec/ipsec_var.h"

/* One counter: where it is in its struct, and its line's text. */
struct stat_line {
	size_t		 off;		/* offsetof the uint64_t counter */
	const char	*label;		/* printed after the value */
};

#define S(type, field, label)	{ offsetof(struct type, field), label }

static const struct stat_line ether_lines[] = {
	S(etherstat, ethers_in, "frames received"),
	S(etherstat, ethers_in_short, "with size smaller than an Ethernet header"),
	S(etherstat, ethers_in_down, "received on an interface that is down"),
	S(etherstat, ethers_in_notours, "not addressed to us"),
	S(etherstat, ethers_in_own, "with our own source address"),
	S(etherstat, ethers_in_unknown, "with unknown ethertype"),
	S(etherstat, ethers_in_ip, "IPv4 frames"),
	S(etherstat, ethers_in_arp, "ARP frames"),
	S(etherstat, ethers_out, "frames sent"),
	S(etherstat, ethers_out_errors, "output errors from the driver"),
	S(etherstat, ethers_out_down, "not sent: interface down"),
	S(etherstat, ethers_out_nobufs, "not sent: no buffers"),
};

static const struct stat_line arp_lines[] = {
	S(arpstat, txrequests, "ARP requests sent"),
	S(arpstat, txreplies, "ARP replies sent"),
	S(arpstat, rxrequests, "ARP requests received"),
	S(arpstat, rxreplies, "ARP replies received"),
	S(arpstat, received, "ARP packets received"),
	S(arpstat, badpkt, "malformed ARP packets"),
	S(arpstat, notours, "ARP packets not for us"),
	S(arpstat, dupips, "duplicate IPs seen"),
	S(arpstat, dropped, "total packets dropped due to no ARP entry"),
	S(arpstat, timeouts, "ARP entrys timed out"),
	S(arpstat, expired, "ARP entries expired"),
	S(arpstat, cachefull, "ARP entries refused: no memory"),
	S(arpstat, evicted, "ARP entries evicted to make room"),
	S(arpstat, offlink, "ARP requests from off-link senders not cached"),
};

static const struct stat_line ip_lines[] = {
	S(ipstat, ips_total, "total packets received"),
	S(ipstat, ips_badsum, "bad header checksums"),
	S(ipstat, ips_toosmall, "with size smaller than minimum"),
	S(ipstat, ips_tooshort, "with data size < data length"),
	S(ipstat, ips_toolong, "with ip length > max ip packet size"),
	S(ipstat, ips_badhlen, "with header length < data size"),
	S(ipstat, ips_badlen, "with data length < header length"),
	S(ipstat, ips_badoptions, "with bad options"),
	S(ipstat, ips_badvers, "with incorrect version number"),
	S(ipstat, ips_badaddr, "with a martian source address"),
	S(ipstat, ips_fragments, "fragments received"),
	S(ipstat, ips_fragdropped, "fragments dropped (dup or out of space)"),
	S(ipstat, ips_fragoverlap, "datagrams dropped for overlapping fragments"),
	S(ipstat, ips_fragmixed, "fragments not joined: protected unlike the rest of their datagram"),
	S(ipstat, ips_fragtimeout, "fragments dropped after timeout"),
	S(ipstat, ips_reassembled, "packets reassembled ok"),
	S(ipstat, ips_delivered, "packets for this host"),
	S(ipstat, ips_noproto, "packets for unknown/unsupported protocol"),
	S(ipstat, ips_forward, "packets forwarded"),
	S(ipstat, ips_cantforward, "packets not forwardable"),
	S(ipstat, ips_notmember, "multicast packets for groups not joined"),
	S(ipstat, ips_timeexceed, "packets whose TTL ran out in transit"),
	S(ipstat, ips_policydrop, "packets dropped by IPsec policy"),
	S(ipstat, ips_localout, "packets sent from this host"),
	S(ipstat, ips_rawout, "packets sent with fabricated ip header"),
	S(ipstat, ips_odropped, "output packets dropped due to no bufs, etc."),
	S(ipstat, ips_noroute, "output packets discarded due to no route"),
	S(ipstat, ips_fragmented, "output datagrams fragmented"),
	S(ipstat, ips_ofragments, "fragments created"),
	S(ipstat, ips_cantfrag, "datagrams that can't be fragmented"),
};

static const struct stat_line icmp_lines[] = {
	S(icmpstat, icps_error, "calls to icmp_error"),
	S(icmpstat, icps_oldicmp, "errors not generated in response to an icmp message"),
	S(icmpstat, icps_oldshort, "errors not generated: old message too short"),
	S(icmpstat, icps_bmcast, "errors not generated: broadcast/multicast/fragment"),
	S(icmpstat, icps_ratelimited, "errors not generated: rate limit"),
	S(icmpstat, icps_badcode, "messages with bad code fields"),
	S(icmpstat, icps_tooshort, "messages < minimum length"),
	S(icmpstat, icps_checksum, "bad checksums"),
	S(icmpstat, icps_badlen, "messages with bad length"),
	S(icmpstat, icps_bmcastecho, "multicast echo requests ignored"),
	S(icmpstat, icps_reflect, "message responses generated"),
	S(icmpstat, icps_noping, "echo replies/errors with no pinger waiting"),
	S(icmpstat, icps_pingqfull, "echo replies dropped: pinger queue full"),
};

static const struct stat_line udp_lines[] = {
	S(udpstat, udps_ipackets, "datagrams received"),
	S(udpstat, udps_hdrops, "with incomplete header"),
	S(udpstat, udps_badlen, "with bad data length field"),
	S(udpstat, udps_badsum, "with bad checksum"),
	S(udpstat, udps_nosum, "with no checksum"),
	S(udpstat, udps_noport, "dropped due to no socket"),
	S(udpstat, udps_noportbcast, "broadcast/multicast datagrams undelivered"),
	S(udpstat, udps_fullsock, "dropped due to full socket buffers"),
	S(udpstat, udps_delivered, "delivered"),
	S(udpstat, udps_opackets, "datagrams output"),
	S(udpstat, udps_odropped, "datagrams not sent (no route, no buffers)"),
	S(udpstat, udps_echoed, "datagrams echoed (port 7)"),
	S(udpstat, udps_echorefused, "echo requests from a broadcast or unspecified source not answered"),
};

#undef S

static const char *icmp_names[ICMP_MAXTYPE + 1] = {
	[ICMP_ECHOREPLY] = "echo reply",
	[ICMP_UNREACH] = "destination unreachable",
	[ICMP_SOURCEQUENCH] = "source quench",
	[ICMP_REDIRECT] = "routing redirect",
	[ICMP_ECHO] = "echo",
	[ICMP_TIMXCEED] = "time exceeded",
	[ICMP_PARAMPROB] = "parameter problem",
};

/* Print a snapshot `copy` of a stats struct with its table. */
static void
print_lines(const char *proto, const void *copy,
    const struct stat_line *lines, size_t n)
{
	size_t i;
	uint64_t v;

	net_log("%s:\n", proto);
	for (i = 0; i < n; i++) {
		memcpy(&v, (const char *)copy + lines[i].off, sizeof(v));
		net_log("\t%llu %s\n", (unsigned long long)v, lines[i].label);
	}
}

#define NLINES(a)	(sizeof(a) / sizeof((a)[0]))

void
netstat_show_ether(const struct etherstat *s)
{
	print_lines("ether", s, ether_lines, NLINES(ether_lines));
}

void
netstat_show_arp(const struct arpstat *s)
{
	print_lines("arp", s, arp_lines, NLINES(arp_lines));
}

void
netstat_show_ip(const struct ipstat *s)
{
	print_lines("ip", s, ip_lines, NLINES(ip_lines));
}

/* One histogram of ICMP types, nonzero entries only. */
static void
print_icmp_hist(const char *title, const uint64_t *hist)
{
	int t, any = 0;

	for (t = 0; t <= ICMP_MAXTYPE; t++) {
		if (hist[t] == 0)
			continue;
		if (!any)
			net_log("\t%s:\n", title);
		any = 1;
		if (icmp_names[t] != NULL)
			net_log("\t\t%s: %llu\n", icmp_names[t],
			    (unsigned long long)hist[t]);
		else
			net_log("\t\t#%d: %llu\n", t, (unsigned long long)hist[t]);
	}
}

void
netstat_show_icmp(const struct icmpstat *s)
{
	print_lines("icmp", s, icmp_lines, NLINES(icmp_lines));
	print_icmp_hist("Output histogram", s->icps_outhist);
	print_icmp_hist("Input histogram", s->icps_inhist);
}

void
netstat_show_udp(const struct udpstat *s)
{
	print_lines("udp", s, udp_lines, NLINES(udp_lines));
}

void
netstat_show_mbufs(const struct mbstat *s)
{
	net_log("%llu mbufs in use (%llu allocated in total)\n",
	    (unsigned long long)s->m_mbufs, (unsigned long long)s->m_mbufs_total);
	net_log("%llu mbuf clusters in use (%llu allocated in total)\n",
	    (unsigned long long)s->m_clusters,
	    (unsigned long long)s->m_clusters_total);
	net_log("%llu packet tags in use\n", (unsigned long long)s->m_tags);
	net_log("%lluK bytes allocated to network (limit %lluK)\n",
	    (unsigned long long)(s->m_bytes_inuse / 1024),
	    (unsigned long long)(s->m_limit_bytes / 1024));
	net_log("%llu requests for mbufs denied\n",
	    (unsigned long long)s->m_drops);
}

/* a.b.c.d of an address in network order (no stack code: a program links this). */
static char *
ntoa(uint32_t a, char *buf, size_t len)
{
	const uint8_t *b = (const uint8_t *)&a;

	ksnprintf(buf, len, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	return (buf);
}

/* One line of `netstat -r`: Destination Gateway Flags Use Netif. */
static void
print_route(const struct sysctl_rtentry *rt)
{
	char dst[INET_ADDRSTRLEN + 3], gw[INET_ADDRSTRLEN + 8], flags[8];
	char a[INET_ADDRSTRLEN];
	int n = 0;

	if (rt->rte_plen == 0)
		ksnprintf(dst, sizeof(dst), "default");
	else if (rt->rte_plen == 32)
		ntoa(rt->rte_dst, dst, sizeof(dst));
	else
		ksnprintf(dst, sizeof(dst), "%s/%u", ntoa(rt->rte_dst, a, sizeof(a)),
		    rt->rte_plen);
	if (rt->rte_flags & RTF_GATEWAY)
		ntoa(rt->rte_gateway, gw, sizeof(gw));
	else
		ksnprintf(gw, sizeof(gw), "link#%u", rt->rte_ifindex);
	flags[n++] = 'U';
	if (rt->rte_flags & RTF_GATEWAY)
		flags[n++] = 'G';
	if (rt->rte_flags & RTF_HOST)
		flags[n++] = 'H';
	if (rt->rte_flags & RTF_STATIC)
		flags[n++] = 'S';
	if (rt->rte_flags & RTF_CONNECTED)
		flags[n++] = 'C';
	flags[n] = '\0';
	net_log("%-18s %-18s %-6s %8llu %s\n", dst, gw, flags,
	    (unsigned long long)rt->rte_use, rt->rte_ifname);
}

void
netstat_show_routes(const struct sysctl_rtentry *rts, size_t n)
{
	size_t i;

	net_log("Routing tables\n\nInternet:\n");
	net_log("%-18s %-18s %-6s %8s %s\n", "Destination", "Gateway", "Flags",
	    "Use", "Netif");
	for (i = 0; i < n; i++)
		print_route(&rts[i]);
}

/* `netstat -i`: one line per interface, then one per address. */
void
netstat_show_interfaces(const struct sysctl_ifentry *ifs, size_t n)
{
	char mac[18], net[24], link[16], a[INET_ADDRSTRLEN];
	const struct sysctl_ifentry *e;
	const uint8_t *l;
	size_t i;
	uint32_t j;

	net_log("%-8s %5s %-18s %-17s %10s %5s %5s %10s %5s %5s\n", "Name", "Mtu",
	    "Network", "Address", "Ipkts", "Ierrs", "Idrop", "Opkts", "Oerrs", "Odrop");
	for (i = 0; i < n; i++) {
		e = &ifs[i];
		l = e->ife_lladdr;
		ksnprintf(link, sizeof(link), "<Link#%u>", e->ife_index);
		ksnprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
		    l[0], l[1], l[2], l[3], l[4], l[5]);
		net_log("%-8s %5u %-18s %-17s %10llu %5llu %5llu %10llu %5llu %5llu\n",
		    e->ife_name, e->ife_mtu, link, mac,
		    (unsigned long long)e->ife_ipackets, (unsigned long long)e->ife_ierrors,
		    (unsigned long long)e->ife_iqdrops, (unsigned long long)e->ife_opackets,
		    (unsigned long long)e->ife_oerrors, (unsigned long long)e->ife_oqdrops);
		for (j = 0; j < e->ife_naddrs && j < SYSCTL_IF_MAXADDRS; j++) {
			ksnprintf(net, sizeof(net), "%s/%u",
			    ntoa(e->ife_addrs[j].subnet, a, sizeof(a)), e->ife_addrs[j].plen);
			net_log("%-8s %5s %-18s %-17s\n", e->ife_name, "-", net,
			    ntoa(e->ife_addrs[j].addr, a, sizeof(a)));
		}
	}
}

#define P(v, what)	net_log("\t%llu %s\n", (unsigned long long)(v), what)

static void
print_xform(const char *name, const struct xformstat *st)
{
	net_log("%s:\n", name);
	P(st->input, "packets in");
	P(st->ibytes, "bytes in (decapsulated)");
	P(st->output, "packets out");
	P(st->obytes, "bytes out (before protection)");
	P(st->notdb, "packets dropped: no SA for the SPI");
	P(st->hdrops, "packets dropped: header too short");
	P(st->badilen, "packets dropped: bad length for the algorithm");
	P(st->replay, "packets dropped: replayed or outside the window");
	P(st->badauth, "packets dropped: authentication failed");
	P(st->badpad, "packets dropped: bad padding");
	P(st->badnxt, "packets dropped: next header wrong for the SA's mode");
	P(st->wrap, "packets dropped: sequence numbers exhausted");
	P(st->toobig, "packets dropped: too big to protect");
	P(st->crypto, "packets dropped: crypto error");
	P(st->noxform, "packets dropped: SA unusable (no transform/session)");
}

void
netstat_show_ipsec(const char *which, const struct xformstat *esp,
    const struct xformstat *ah, const struct ipsecstat *ips)
{
	uint64_t total = ips->ips_crypto_direct + ips->ips_crypto_queued;

	if (which == NULL || strcmp(which, "esp") == 0)
		print_xform("esp", esp);
	if (which == NULL || strcmp(which, "ah") == 0)
		print_xform("ah", ah);
	if (which != NULL && strcmp(which, "ipsec") != 0)
		return;
	net_log("ipsec:\n");
	P(ips->ips_in_polvio, "inbound packets violated policy (clear or wrong SA)");
	P(ips->ips_in_discard, "inbound packets dropped by a discard policy");
	P(ips->ips_fwd_polvio, "forwarded packets violated policy");
	P(ips->ips_out_polvio, "outbound packets dropped by a discard policy");
	P(ips->ips_out_nosa, "outbound packets dropped: no SA (ACQUIRE sent)");
	P(ips->ips_out_clear, "outbound packets sent in clear (level use, no SA)");
	P(ips->ips_out_inval, "outbound packets dropped: could not be processed");
	P(ips->ips_out_bundlesa, "outbound bundle steps applied");
	P(ips->ips_nomem, "packets dropped: no memory");
	P(ips->ips_crypto_direct, "crypto requests run in the caller's context (direct)");
	P(ips->ips_crypto_queued, "crypto requests run by a crypto worker (queued)");
	if (total != 0)
		net_log("\t%llu.%llu%% of crypto requests took the direct path\n",
		    (unsigned long long)(ips->ips_crypto_direct * 1000 / total / 10),
		    (unsigned long long)(ips->ips_crypto_direct * 1000 / total % 10));
}
