/*
 * Printers for `netstat -s`, `-m`, `-r` and `-i`, in FreeBSD's wording,
 * shared by the netstat program (user/usr.bin/netstat, which reads the
 * stack's structures through sysctl) and the host tests' drivers
 * (net/net_stats.c).  Each prints a snapshot it is given and touches no
 * stack state, so it links into a user program; the snapshots are taken
 * by net/net_stats.c (kernel, host tests) or read with sysctl (program).
 *
 * Each protocol's counters are described by a table of (offset, label)
 * pairs: adding a counter is one line, and every drop reason is printed,
 * zero or not, so tests can find it.
 *
 * Two wordings (netstat_freebsd): the program speaks FreeBSD's netstat,
 * plurals included ("1 packet forwarded", "possible replay packets
 * detected"); the host tests' drivers keep the fixed labels they read
 * ("%s" always "s").  A label marks FreeBSD's plural with
 * "%s"; a line whose FreeBSD wording differs has it as its second label.
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

int netstat_freebsd;

/* One counter: where it is in its struct, and its line's text. */
struct stat_line {
	size_t		 off;		/* offsetof the uint64_t counter */
	const char	*label;		/* printed after the value ("%s": a plural) */
	const char	*fbsd;		/* FreeBSD's, where it differs */
};

#define S(type, field, label)	{ offsetof(struct type, field), label, NULL }
#define F(type, field, label, fbsd)	{ offsetof(struct type, field), label, fbsd }

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
	S(ipstat, ips_total, "total packet%s received"),
	S(ipstat, ips_badsum, "bad header checksum%s"),
	S(ipstat, ips_toosmall, "with size smaller than minimum"),
	S(ipstat, ips_tooshort, "with data size < data length"),
	S(ipstat, ips_toolong, "with ip length > max ip packet size"),
	S(ipstat, ips_badhlen, "with header length < data size"),
	S(ipstat, ips_badlen, "with data length < header length"),
	S(ipstat, ips_badoptions, "with bad options"),
	S(ipstat, ips_badvers, "with incorrect version number"),
	F(ipstat, ips_badaddr, "with a martian source address",
	    "datagram%s with bad address in header"),
	S(ipstat, ips_fragments, "fragment%s received"),
	S(ipstat, ips_fragdropped, "fragment%s dropped (dup or out of space)"),
	S(ipstat, ips_fragoverlap, "datagram%s dropped for overlapping fragments"),
	S(ipstat, ips_fragmixed, "fragment%s not joined: protected unlike the rest of their datagram"),
	S(ipstat, ips_fragtimeout, "fragment%s dropped after timeout"),
	S(ipstat, ips_reassembled, "packet%s reassembled ok"),
	S(ipstat, ips_delivered, "packet%s for this host"),
	S(ipstat, ips_noproto, "packet%s for unknown/unsupported protocol"),
	S(ipstat, ips_forward, "packet%s forwarded"),
	S(ipstat, ips_cantforward, "packet%s not forwardable"),
	S(ipstat, ips_notmember, "multicast packet%s for groups not joined"),
	S(ipstat, ips_timeexceed, "packet%s whose TTL ran out in transit"),
	S(ipstat, ips_policydrop, "packet%s dropped by IPsec policy"),
	S(ipstat, ips_localout, "packet%s sent from this host"),
	S(ipstat, ips_rawout, "packet%s sent with fabricated ip header"),
	S(ipstat, ips_odropped, "output packet%s dropped due to no bufs, etc."),
	S(ipstat, ips_noroute, "output packet%s discarded due to no route"),
	S(ipstat, ips_fragmented, "output datagram%s fragmented"),
	S(ipstat, ips_ofragments, "fragment%s created"),
	S(ipstat, ips_cantfrag, "datagram%s that can't be fragmented"),
};

static const struct stat_line icmp_lines[] = {
	S(icmpstat, icps_error, "call%s to icmp_error"),
	S(icmpstat, icps_oldicmp, "error%s not generated in response to an icmp message"),
	S(icmpstat, icps_oldshort, "error%s not generated: old message too short"),
	S(icmpstat, icps_bmcast, "error%s not generated: broadcast/multicast/fragment"),
	S(icmpstat, icps_ratelimited, "error%s not generated: rate limit"),
	S(icmpstat, icps_badcode, "message%s with bad code fields"),
	S(icmpstat, icps_tooshort, "message%s < minimum length"),
	S(icmpstat, icps_checksum, "bad checksum%s"),
	S(icmpstat, icps_badlen, "message%s with bad length"),
	S(icmpstat, icps_bmcastecho, "multicast echo requests ignored"),
	S(icmpstat, icps_reflect, "message response%s generated"),
};

static const struct stat_line udp_lines[] = {
	S(udpstat, udps_ipackets, "datagram%s received"),
	S(udpstat, udps_hdrops, "with incomplete header"),
	S(udpstat, udps_badlen, "with bad data length field"),
	S(udpstat, udps_badsum, "with bad checksum"),
	S(udpstat, udps_nosum, "with no checksum"),
	S(udpstat, udps_noport, "dropped due to no socket"),
	S(udpstat, udps_noportbcast, "broadcast/multicast datagram%s undelivered"),
	S(udpstat, udps_fullsock, "dropped due to full socket buffers"),
	S(udpstat, udps_delivered, "delivered"),
	S(udpstat, udps_opackets, "datagram%s output"),
	S(udpstat, udps_odropped, "datagram%s not sent (no route, no buffers)"),
	S(udpstat, udps_echoed, "datagram%s echoed (port 7)"),
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

/* "\t12 packets forwarded": the wording and plural netstat_freebsd says. */
static void
print_count(uint64_t v, const struct stat_line *l)
{
	const char *text = netstat_freebsd && l->fbsd != NULL ? l->fbsd : l->label;
	const char *mark = strchr(text, '%');	/* labels hold no other % */
	const char *plural = !netstat_freebsd || v != 1 ? "s" : "";

	if (mark == NULL)
		net_log("\t%llu %s\n", (unsigned long long)v, text);
	else
		net_log("\t%llu %.*s%s%s\n", (unsigned long long)v, (int)(mark - text), text,
		    plural, mark + 2);
}

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
		print_count(v, &lines[i]);
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
		/* No link-level address (lo0): its name, as FreeBSD's link_ntoa. */
		if (e->ife_addrlen == 0)
			ksnprintf(mac, sizeof(mac), "%s", e->ife_name);
		else
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

static const struct stat_line xform_lines[] = {
	F(xformstat, input, "packet%s in", NULL),
	F(xformstat, ibytes, "bytes in (decapsulated)", "byte%s in"),
	F(xformstat, output, "packet%s out", NULL),
	F(xformstat, obytes, "bytes out (before protection)", "byte%s out"),
	F(xformstat, notdb, "packet%s dropped: no SA for the SPI", "packet%s dropped; no TDB"),
	F(xformstat, hdrops, "packet%s dropped: header too short",
	    "packet%s shorter than header shows"),
	F(xformstat, badilen, "packet%s dropped: bad length for the algorithm",
	    "packet%s dropped; bad ilen"),
	F(xformstat, replay, "packet%s dropped: replayed or outside the window",
	    "possible replay packet%s detected"),
	F(xformstat, badauth, "packet%s dropped: authentication failed",
	    "packet%s dropped; bad authentication detected"),
	F(xformstat, badpad, "packet%s dropped: bad padding", "packet%s dropped; bad padding"),
	F(xformstat, badnxt, "packet%s dropped: next header wrong for the SA's mode",
	    "packet%s dropped; next header wrong for the SA's mode"),
	F(xformstat, wrap, "packet%s dropped: sequence numbers exhausted",
	    "replay counter wrap%s"),
	F(xformstat, toobig, "packet%s dropped: too big to protect",
	    "packet%s dropped; larger than IP_MAXPACKET"),
	F(xformstat, crypto, "packet%s dropped: crypto error", "crypto processing failure%s"),
	F(xformstat, noxform, "packet%s dropped: SA unusable (no transform/session)",
	    "packet%s dropped; no transform"),
};

static const struct stat_line ipsec_lines[] = {
	F(ipsecstat, ips_in_polvio, "inbound packet%s violated policy (clear or wrong SA)",
	    "inbound packet%s violated process security policy"),
	F(ipsecstat, ips_in_discard, "inbound packet%s dropped by a discard policy", NULL),
	F(ipsecstat, ips_fwd_polvio, "forwarded packet%s violated policy",
	    "forwarded packet%s violated process security policy"),
	F(ipsecstat, ips_out_polvio, "outbound packet%s dropped by a discard policy",
	    "outbound packet%s violated process security policy"),
	F(ipsecstat, ips_out_nosa, "outbound packet%s dropped: no SA (ACQUIRE sent)",
	    "outbound packet%s with no SA available"),
	F(ipsecstat, ips_out_clear, "outbound packet%s sent in clear (level use, no SA)", NULL),
	F(ipsecstat, ips_out_inval, "outbound packet%s dropped: could not be processed",
	    "invalid outbound packet%s"),
	F(ipsecstat, ips_out_bundlesa, "outbound bundle steps applied",
	    "outbound packet%s with bundled SAs"),
	F(ipsecstat, ips_nomem, "packet%s dropped: no memory",
	    "packet%s failed due to insufficient memory"),
	F(ipsecstat, ips_crypto_direct, "crypto request%s run in the caller's context (direct)",
	    NULL),
	F(ipsecstat, ips_crypto_queued, "crypto request%s run by a crypto worker (queued)", NULL),
};

void
netstat_show_ipsec(const char *which, const struct xformstat *esp,
    const struct xformstat *ah, const struct ipsecstat *ips)
{
	uint64_t total = ips->ips_crypto_direct + ips->ips_crypto_queued;

	if (which == NULL || strcmp(which, "esp") == 0)
		print_lines("esp", esp, xform_lines, NLINES(xform_lines));
	if (which == NULL || strcmp(which, "ah") == 0)
		print_lines("ah", ah, xform_lines, NLINES(xform_lines));
	if (which != NULL && strcmp(which, "ipsec") != 0)
		return;
	print_lines("ipsec", ips, ipsec_lines, NLINES(ipsec_lines));
	if (total != 0)
		net_log("\t%llu.%llu%% of crypto requests took the direct path\n",
		    (unsigned long long)(ips->ips_crypto_direct * 1000 / total / 10),
		    (unsigned long long)(ips->ips_crypto_direct * 1000 / total % 10));
}
