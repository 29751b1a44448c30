/*
 * A scriptable host for the net/ stack: reads commands from stdin, one a
 * line, and prints what the stack does, so the pytest side
 * (tests/host/net/test_net_stack.py) can build real frames with scapy, feed
 * them in, and check every frame sent and every counter.
 *
 * Interfaces are test interfaces whose if_transmit prints each frame as
 * "TX <ifname> <hex>" and frees it.  Frames enter through if_input, as a
 * driver would deliver them (without the net lock).  At the end of the
 * script everything is torn down and "MBUFS <mbufs> <clusters> <tags>
 * <bytes>" printed: all four must be 0, or something leaked.
 *
 * Commands (addresses dotted quad, ports decimal, data hex):
 *   if NAME MAC [MTU]          attach a test interface (e.g. test0)
 *   addr NAME A/LEN | deladdr NAME A | up NAME | down NAME
 *   route add DST/LEN GW|- [NAME] | route del DST/LEN | route get DST
 *   fwd 0|1                    net.inet.ip.forwarding
 *   set VAR N                  icmplim, arp_maxhold, arp_maxtries, arp_maxentries,
 *                              fragpackets, fragsperpacket, recvqlen
 *   in NAME HEX                a received frame
 *   tick MS                    advance the clock, running the slow timer
 *   udp_open ID PORT [ADDR]    socket ID bound to ADDR:PORT (PORT 0: any)
 *   udp_bindif ID NAME | udp_send ID DST DPORT HEX | udp_recv ID MS
 *   echo                       start the UDP echo service
 *   pcb_udp ID | pcb_raw ID PROTO    a socket-layer PCB (udp_attach/rip_attach)
 *   pcb_set ID broadcast|reuseaddr|hdrincl|ttl N|tos N
 *   pcb_bind ID ADDR PORT | pcb_connect ID ADDR PORT | pcb_disconnect ID
 *   pcb_send ID DST|- PORT HEX | pcb_recv ID [peek] | pcb_error ID
 *   ping DST SEQ LEN [TTL] | ping_wait   echo request / next reply (a raw ICMP PCB)
 *   hooks policy_udp|output_count|output_consume|forward_drop
 *   rawout HEX                 ip_output(IP_RAWOUTPUT) of an IP packet
 *   arp | stats | netstat | routes | ifaces (netstat -i)
 *   loattach                   lo0 with 127.0.0.1/8, as the kernel attaches it
 *   rtsock                     print every routing message: "RTMSG <hex>"
 *   rtreq HEX                  a routing-socket request: "RTREQ rc=N [<reply hex>]"
 *   rtdump TYPE                a Sanpo dump (0x70..0x72): "RTDUMP <hex>" each
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/ether_var.h"
#include "net/icmp_var.h"
#include "net/in_cksum.h"
#include "net/in_pcb.h"
#include "net/ip_icmp.h"
#include "net/if_ether.h"
#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/raw_ip_var.h"
#include "net/route.h"
#include "net/rtsock.h"
#include "net/udp_var.h"
#include "tests/host/lib/host_script.h"
#include "tests/host/lib/net_host.h"

#define MAXIF	4
#define MAXSOCK	8

static struct ifnet *ifs[MAXIF];		/* attached test interfaces */
static struct inpcb *socks[MAXSOCK];		/* udp_open'ed sockets */
static struct inpcb *pcbs[MAXSOCK];		/* pcb_udp/pcb_raw PCBs */
static struct inpcb *pingpcb;			/* ping's raw ICMP PCB, from the first ping */
static uint64_t hook_output_calls;		/* output hook invocations */
static int hook_output_mode;			/* 1 count, 2 consume */
static uint8_t frame[SCRIPT_MAXFRAME];			/* scratch */

static struct ifnet *
find_if(const char *name)
{
	for (int i = 0; i < MAXIF; i++)
		if (ifs[i] != NULL && strcmp(ifs[i]->if_xname, name) == 0)
			return (ifs[i]);
	if (loif != NULL && strcmp(loif->if_xname, name) == 0)
		return (loif);	/* `loattach`'s: never detached, as the kernel's */
	script_die("no interface", name);
	return (NULL);
}

static void
cmd_if(char **av)
{
	uint8_t mac[6];
	struct ifnet *ifp;
	char dname[IFNAMSIZ];
	int i, unit = 0, k;

	if (!av[1] || !av[2] || sscanf(av[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
	    &mac[0], &mac[1], &mac[2], &mac[3], &mac[4], &mac[5]) != 6)
		script_die("if NAME MAC", av[1]);
	for (i = 0; i < MAXIF && ifs[i] != NULL; i++)
		;
	if (i == MAXIF)
		script_die("too many interfaces", av[1]);
	k = (int)strcspn(av[1], "0123456789");
	snprintf(dname, sizeof(dname), "%.*s", k, av[1]);
	unit = atoi(av[1] + k);
	ifp = if_alloc();
	ifp->if_transmit = script_transmit;
	if (av[3])
		ifp->if_mtu = (uint32_t)atoi(av[3]);
	ether_ifattach(ifp, dname, unit, mac);
	if_link_state_change(ifp, LINK_STATE_UP);
	ifs[i] = ifp;
}

static void
cmd_route(char **av)
{
	struct in_addr dst, gw = { 0 }, nh;
	struct ifnet *ifp = NULL;
	int plen = 32, rc;

	if (!av[1] || !av[2])
		script_die("route", NULL);
	if (strcmp(av[1], "get") == 0) {
		char a[INET_ADDRSTRLEN];

		rc = route_lookup(script_addr(av[2]), &ifp, &nh);
		if (rc == 0)
			printf("ROUTE %s %s %s\n", av[2], ifp->if_xname,
			    inet_ntoa_r(nh, a));
		else
			printf("ROUTE %s rc=%d\n", av[2], rc);
		return;
	}
	if (inet_parse_prefix(av[2], &dst, &plen) != 0)
		script_die("bad prefix", av[2]);
	if (strcmp(av[1], "add") == 0) {
		if (av[3] && strcmp(av[3], "-") != 0)
			gw = script_addr(av[3]);
		if (av[3] && av[4])
			ifp = find_if(av[4]);
		rc = route_add(dst, plen, gw, ifp, gw.s_addr ? RTF_GATEWAY : 0);
	} else {
		rc = route_delete(dst, plen);
	}
	printf("ROUTE-%s rc=%d\n", av[1], rc);
}

static void
cmd_set(char **av)
{
	int v;

	if (!av[1] || !av[2])
		script_die("set", NULL);
	v = atoi(av[2]);
	if (strcmp(av[1], "icmplim") == 0)
		icmplim = v;
	else if (strcmp(av[1], "arp_maxhold") == 0)
		arp_maxhold = v;
	else if (strcmp(av[1], "arp_maxtries") == 0)
		arp_maxtries = v;
	else if (strcmp(av[1], "arp_maxentries") == 0)
		arp_maxentries = v;
	else if (strcmp(av[1], "fragpackets") == 0)
		ip_maxfragpackets = v;
	else if (strcmp(av[1], "fragsperpacket") == 0)
		ip_maxfragsperpacket = v;
	else if (strcmp(av[1], "recvqlen") == 0)
		udp_recvqlen = v;
	else
		script_die("unknown variable", av[1]);
}

static void
cmd_in(char **av)
{
	struct mbuf *m;
	int len;

	if (!av[1] || !av[2])
		script_die("in NAME HEX", NULL);
	len = (int)script_hex(av[2], frame, SCRIPT_MAXFRAME);
	m = m_devget(frame, len, find_if(av[1]));
	if (m == NULL)
		script_die("m_devget failed", NULL);
	find_if(av[1])->if_input(find_if(av[1]), m);
	if (net_host_locked())
		script_die("if_input returned with the net lock held", NULL);
}

static int
sock_id(const char *s)
{
	int id = s ? atoi(s) : -1;

	if (id < 0 || id >= MAXSOCK)
		script_die("bad socket id", s);
	return (id);
}

static void
cmd_udp(char **av)
{
	int id = sock_id(av[1]), rc, len;

	if (strcmp(av[0], "udp_open") == 0) {
		struct in_addr a = { 0 };

		if (!av[2])
			script_die("udp_open ID PORT", NULL);
		if (av[3])
			a = script_addr(av[3]);
		socks[id] = udp_socket();
		rc = udp_bind(socks[id], a, (uint16_t)atoi(av[2]));
		printf("UDP_OPEN %d rc=%d port=%u\n", id, rc,
		    udp_localport(socks[id]));
	} else if (strcmp(av[0], "udp_bindif") == 0) {
		udp_bindif(socks[id], find_if(av[2]));
	} else if (strcmp(av[0], "udp_send") == 0) {
		if (!av[2] || !av[3])
			script_die("udp_send ID DST DPORT HEX", NULL);
		len = av[4] ? (int)script_hex(av[4], frame, SCRIPT_MAXFRAME) : 0;
		if (socks[id] == NULL)
			socks[id] = udp_socket();
		rc = udp_sendto(socks[id], frame, (size_t)len,
		    script_addr(av[2]), (uint16_t)atoi(av[3]));
		printf("UDP_SEND %d rc=%d\n", id, rc);
	} else {
		struct in_addr src;
		uint16_t sport;
		char a[INET_ADDRSTRLEN];

		rc = udp_recvfrom(socks[id], frame, SCRIPT_MAXFRAME, &src, &sport,
		    (uint32_t)atoi(av[2] ? av[2] : "1"));
		if (rc < 0) {
			printf("UDP_RECV %d rc=%d\n", id, rc);
			return;
		}
		printf("UDP_RECV %d %s %u %d ", id, inet_ntoa_r(src, a), sport, rc);
		script_print_hex(frame, (size_t)rc);
		printf("\n");
	}
}

/* Print a PCB's local and foreign ends after op returned rc. */
static void
pcb_print(const char *op, int id, int rc)
{
	struct inpcb *inp = pcbs[id];
	char l[INET_ADDRSTRLEN], f[INET_ADDRSTRLEN];

	printf("%s %d rc=%d %s:%u %s:%u\n", op, id, rc,
	    inet_ntoa_r(inp->inp_laddr, l), inp->inp_lport,
	    inet_ntoa_r(inp->inp_faddr, f), inp->inp_fport);
}

static void
pcb_set(struct inpcb *inp, char **av)
{
	if (!av[2])
		script_die("pcb_set ID OPTION", NULL);
	if (strcmp(av[2], "broadcast") == 0)
		inp->inp_flags |= INP_BROADCAST;
	else if (strcmp(av[2], "reuseaddr") == 0)
		inp->inp_flags |= INP_REUSEADDR;
	else if (strcmp(av[2], "hdrincl") == 0)
		inp->inp_flags |= INP_HDRINCL;
	else if (strcmp(av[2], "ttl") == 0 && av[3])
		inp->inp_ttl = atoi(av[3]);
	else if (strcmp(av[2], "tos") == 0 && av[3])
		inp->inp_tos = (uint8_t)atoi(av[3]);
	else
		script_die("pcb_set: unknown option", av[2]);
}

static void
pcb_send(int id, char **av)
{
	struct inpcb *inp = pcbs[id];
	struct in_addr dst;
	struct mbuf *m;
	int len, rc;

	if (!av[2] || !av[3])
		script_die("pcb_send ID DST|- PORT HEX", NULL);
	if (strcmp(av[2], "-") != 0)
		dst = script_addr(av[2]);
	m = m_gethdr(M_NOWAIT, MT_DATA);
	m->m_data += 64;
	if (av[4] && strncmp(av[4], "len=", 4) == 0) {
		/* A large datagram of zeroes, appended in frame-sized pieces. */
		memset(frame, 0, sizeof(frame));
		for (len = atoi(av[4] + 4); len > 0; len -= SCRIPT_MAXFRAME)
			if (!m_append(m, len < SCRIPT_MAXFRAME ? len :
			    SCRIPT_MAXFRAME, frame))
				script_die("pcb_send: no buffers", NULL);
	} else {
		len = av[4] ? (int)script_hex(av[4], frame, SCRIPT_MAXFRAME) : 0;
		if (len > 0 && !m_append(m, len, frame))
			script_die("pcb_send: no buffers", NULL);
	}
	if (inp->inp_proto == IPPROTO_UDP && inp->inp_info == &udbinfo)
		rc = udp_send(inp, m, strcmp(av[2], "-") ? &dst : NULL,
		    (uint16_t)atoi(av[3]), NULL);
	else
		rc = rip_output(inp, m, strcmp(av[2], "-") ? &dst : NULL);
	printf("PCB_SEND %d rc=%d\n", id, rc);
}

static void
pcb_recv(int id, int peek)
{
	char a[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
	struct inp_meta meta;
	struct mbuf *m;
	int len;

	if ((m = in_pcbdequeue(pcbs[id], peek)) == NULL) {
		printf("PCB_RECV %d none\n", id);
		return;
	}
	m_copydata(m, 0, sizeof(meta), &meta);
	len = m->m_pkthdr.len - (int)sizeof(meta);
	if (len > SCRIPT_MAXFRAME)
		len = SCRIPT_MAXFRAME;
	m_copydata(m, sizeof(meta), len, frame);
	m_freem(m);
	printf("PCB_RECV %d %s %u %s ttl=%u if=%u %d ", id,
	    inet_ntoa_r(meta.im_src, a), meta.im_sport,
	    inet_ntoa_r(meta.im_dst, d), meta.im_ttl, meta.im_ifindex, len);
	script_print_hex(frame, (size_t)len);
	printf("\n");
}

/* The socket layer's view: PCBs driven through the lock-held API. */
static void
cmd_pcb(char **av)
{
	int id = sock_id(av[1]), rc;

	net_lock();
	if (strcmp(av[0], "pcb_udp") == 0 || strcmp(av[0], "pcb_raw") == 0) {
		if (pcbs[id] != NULL)
			in_pcbfree(pcbs[id]);
		pcbs[id] = av[0][4] == 'u' ? udp_attach() :
		    rip_attach(av[2] ? atoi(av[2]) : 0);
		printf("PCB %d %s\n", id, pcbs[id] != NULL ? "ok" : "failed");
	} else if (pcbs[id] == NULL) {
		script_die("no such pcb", av[1]);
	} else if (strcmp(av[0], "pcb_set") == 0) {
		pcb_set(pcbs[id], av);
	} else if (strcmp(av[0], "pcb_bind") == 0 && av[2] && av[3]) {
		rc = in_pcbbind(pcbs[id], script_addr(av[2]), (uint16_t)atoi(av[3]));
		pcb_print("PCB_BIND", id, rc);
	} else if (strcmp(av[0], "pcb_connect") == 0 && av[2] && av[3]) {
		rc = in_pcbconnect(pcbs[id], script_addr(av[2]),
		    (uint16_t)atoi(av[3]));
		pcb_print("PCB_CONNECT", id, rc);
	} else if (strcmp(av[0], "pcb_disconnect") == 0) {
		in_pcbdisconnect(pcbs[id]);
		pcb_print("PCB_DISCONNECT", id, 0);
	} else if (strcmp(av[0], "pcb_send") == 0) {
		pcb_send(id, av);
	} else if (strcmp(av[0], "pcb_recv") == 0) {
		pcb_recv(id, av[2] != NULL && strcmp(av[2], "peek") == 0);
	} else if (strcmp(av[0], "pcb_error") == 0) {
		printf("PCB_ERROR %d %d\n", id, in_pcbtakeerror(pcbs[id]));
	} else {
		script_die("bad pcb command", av[0]);
	}
	net_unlock();
}

/*
 * ping as the ping program does it, over a raw ICMP PCB (rip_attach):
 * echo requests whose data is a known pattern, and replies and errors
 * read back with their IP header, as a raw socket hands them over.
 */
#define PING_ID		0x5350		/* the echo identifier ("SP") */

static uint8_t
ping_pattern(int i)
{
	return ((uint8_t)(i + (i >> 8)));
}

static int
ping_send(struct in_addr dst, uint16_t seq, int len, int ttl)
{
	struct icmp icp;
	struct mbuf *m;
	uint8_t chunk[128];
	int done, n, i;

	if ((m = m_gethdr(M_NOWAIT, MT_DATA)) == NULL)
		return (ENOBUFS);
	m->m_data += 64;	/* room for the IP and Ethernet headers */
	memset(&icp, 0, sizeof(icp));
	icp.icmp_type = ICMP_ECHO;
	icp.icmp_id = htons(PING_ID);
	icp.icmp_seq = htons(seq);
	if (!m_append(m, ICMP_MINLEN, &icp))
		goto nobufs;
	for (done = 0; done < len; done += n) {
		n = len - done < (int)sizeof(chunk) ? len - done : (int)sizeof(chunk);
		for (i = 0; i < n; i++)
			chunk[i] = ping_pattern(done + i);
		if (!m_append(m, n, chunk))
			goto nobufs;
	}
	icp.icmp_cksum = in_cksum(m, ICMP_MINLEN + len);
	m_copyback(m, 0, ICMP_MINLEN, &icp);
	pingpcb->inp_ttl = ttl;
	return (rip_output(pingpcb, m, &dst));
nobufs:
	m_freem(m);
	return (ENOBUFS);
}

/* The next reply or error about our echo requests on the PCB: printed. */
static void
ping_reply(void)
{
	char a[INET_ADDRSTRLEN];
	struct icmp icp, oicp;
	struct inp_meta meta;
	struct ip ip, oip;
	struct mbuf *m;
	int off, hl, ohl, len, ok, i;

	while ((m = in_pcbdequeue(pingpcb, 0)) != NULL) {
		m_copydata(m, 0, sizeof(meta), &meta);
		off = (int)sizeof(meta);
		m_copydata(m, off, IP_MINHLEN, &ip);
		hl = IP_VHL_HL(ip.ip_vhl) << 2;
		len = m->m_pkthdr.len - off - hl - ICMP_MINLEN;
		m_copydata(m, off + hl, ICMP_MINLEN, &icp);
		if (icp.icmp_type == ICMP_ECHOREPLY && ntohs(icp.icmp_id) == PING_ID) {
			for (ok = 1, i = 0; i < len && ok; i++) {
				uint8_t b;

				m_copydata(m, off + hl + ICMP_MINLEN + i, 1, &b);
				ok = b == ping_pattern(i);
			}
			printf("PING_REPLY type=0 code=0 from=%s seq=%u ttl=%u len=%d ok=%d\n",
			    inet_ntoa_r(ip.ip_src, a), ntohs(icp.icmp_seq), ip.ip_ttl, len, ok);
			m_freem(m);
			return;
		}
		/* An error quoting one of our echo requests. */
		if (icp.icmp_type != ICMP_ECHO && icp.icmp_type != ICMP_ECHOREPLY &&
		    len >= IP_MINHLEN + ICMP_MINLEN) {
			m_copydata(m, off + hl + ICMP_MINLEN, IP_MINHLEN, &oip);
			ohl = IP_VHL_HL(oip.ip_vhl) << 2;
			if (oip.ip_p == IPPROTO_ICMP && len >= ohl + ICMP_MINLEN) {
				m_copydata(m, off + hl + ICMP_MINLEN + ohl, ICMP_MINLEN, &oicp);
				if (oicp.icmp_type == ICMP_ECHO && ntohs(oicp.icmp_id) == PING_ID) {
					printf("PING_REPLY type=%d code=%d from=%s seq=%u ttl=%u\n",
					    icp.icmp_type, icp.icmp_code,
					    inet_ntoa_r(ip.ip_src, a), ntohs(oicp.icmp_seq),
					    ip.ip_ttl);
					m_freem(m);
					return;
				}
			}
		}
		m_freem(m);	/* someone else's: an echo request to us, another id */
	}
	/* The script is the only thread: what has not come will not. */
	printf("PING_REPLY rc=%d\n", ETIMEDOUT);
}

static void
cmd_ping(char **av)
{
	int rc;

	net_lock();
	if (pingpcb == NULL && (pingpcb = rip_attach(IPPROTO_ICMP)) == NULL)
		script_die("ping: no PCB", NULL);
	if (strcmp(av[0], "ping") == 0) {
		if (!av[2] || !av[3])
			script_die("ping DST SEQ LEN [TTL]", NULL);
		rc = ping_send(script_addr(av[1]), (uint16_t)atoi(av[2]), atoi(av[3]),
		    av[4] ? atoi(av[4]) : 0);
		printf("PING_SEND rc=%d id=%u\n", rc, PING_ID);
	} else {
		ping_reply();
	}
	net_unlock();
}

/* IPsec hook stand-ins, to prove the hook points are called. */
static int
hook_policy_udp(struct mbuf *m, int proto)
{
	(void)m;
	return (proto == IPPROTO_UDP ? EACCES : 0);
}

static int
hook_forward_drop(struct mbuf *m)
{
	(void)m;
	return (EACCES);
}

static int
hook_output(struct mbuf **mp, struct ifnet **ifpp, struct in_addr *nh,
    int flags)
{
	(void)ifpp;
	(void)nh;
	(void)flags;
	hook_output_calls++;
	if (hook_output_mode == 2) {
		m_freem(*mp);
		*mp = NULL;
		return (EJUSTRETURN);
	}
	return (0);
}

static void
cmd_hooks(char **av)
{
	net_lock();
	if (av[1] && strcmp(av[1], "policy_udp") == 0)
		ipsec_input_policy_hook = hook_policy_udp;
	else if (av[1] && strcmp(av[1], "output_count") == 0)
		hook_output_mode = 1, ipsec_output_hook = hook_output;
	else if (av[1] && strcmp(av[1], "output_consume") == 0)
		hook_output_mode = 2, ipsec_output_hook = hook_output;
	else if (av[1] && strcmp(av[1], "forward_drop") == 0)
		ipsec_forward_hook = hook_forward_drop;
	else
		script_die("hooks", av[1]);
	net_unlock();
}

static void
print_arp(const struct arp_entry_info *e, void *arg)
{
	char a[INET_ADDRSTRLEN], mac[18];

	(void)arg;
	printf("ARP %s %s %d %s held=%d asked=%d\n", inet_ntoa_r(e->addr, a),
	    e->ifp->if_xname, e->state, ether_sprintf_r(e->lladdr, mac),
	    e->held, e->asked);
}

#define P(s, f)	printf("STAT " #f " %llu\n", (unsigned long long)s.f)

static void
cmd_stats(void)
{
	P(etherstat, ethers_in); P(etherstat, ethers_in_short);
	P(etherstat, ethers_in_down); P(etherstat, ethers_in_notours);
	P(etherstat, ethers_in_own); P(etherstat, ethers_in_unknown);
	P(etherstat, ethers_out);
	P(arpstat, txrequests); P(arpstat, txreplies); P(arpstat, rxrequests);
	P(arpstat, rxreplies); P(arpstat, received); P(arpstat, badpkt);
	P(arpstat, notours); P(arpstat, dupips); P(arpstat, dropped);
	P(arpstat, timeouts); P(arpstat, expired); P(arpstat, cachefull);
	P(arpstat, evicted); P(arpstat, offlink);
	P(ipstat, ips_total); P(ipstat, ips_badsum); P(ipstat, ips_tooshort);
	P(ipstat, ips_toosmall); P(ipstat, ips_badhlen); P(ipstat, ips_badlen);
	P(ipstat, ips_badvers); P(ipstat, ips_badaddr);
	P(ipstat, ips_badoptions); P(ipstat, ips_fragments);
	P(ipstat, ips_fragdropped); P(ipstat, ips_fragoverlap);
	P(ipstat, ips_fragtimeout); P(ipstat, ips_reassembled);
	P(ipstat, ips_toolong); P(ipstat, ips_forward);
	P(ipstat, ips_cantforward); P(ipstat, ips_notmember);
	P(ipstat, ips_noproto); P(ipstat, ips_delivered);
	P(ipstat, ips_localout); P(ipstat, ips_odropped);
	P(ipstat, ips_noroute); P(ipstat, ips_fragmented);
	P(ipstat, ips_ofragments); P(ipstat, ips_cantfrag);
	P(ipstat, ips_rawout); P(ipstat, ips_policydrop);
	P(ipstat, ips_timeexceed);
	P(icmpstat, icps_error); P(icmpstat, icps_oldshort);
	P(icmpstat, icps_oldicmp); P(icmpstat, icps_bmcast);
	P(icmpstat, icps_ratelimited); P(icmpstat, icps_badcode);
	P(icmpstat, icps_tooshort); P(icmpstat, icps_checksum);
	P(icmpstat, icps_badlen); P(icmpstat, icps_reflect);
	P(icmpstat, icps_bmcastecho);
	P(udpstat, udps_ipackets); P(udpstat, udps_hdrops);
	P(udpstat, udps_badsum); P(udpstat, udps_nosum);
	P(udpstat, udps_badlen); P(udpstat, udps_noport);
	P(udpstat, udps_noportbcast); P(udpstat, udps_fullsock);
	P(udpstat, udps_delivered); P(udpstat, udps_opackets);
	P(udpstat, udps_odropped); P(udpstat, udps_echoed); P(udpstat, udps_echorefused);
	printf("STAT reass_queues %d\n", ip_reass_count());
	printf("STAT arp_entries %d\n", arp_count());
	printf("STAT routes %d\n", rt_count());
	printf("STAT hook_output_calls %llu\n",
	    (unsigned long long)hook_output_calls);
}

/* lo0 with 127.0.0.1/8, as the kernel's glue attaches it after its NICs. */
static void
cmd_loattach(void)
{
	struct in_addr lo = { htonl(INADDR_LOOPBACK) };
	int rc = if_loop_attach();

	if (rc == 0)
		rc = in_addr_add(loif, lo, 8);
	printf("LOATTACH rc=%d index=%u\n", rc, loif != NULL ? loif->if_index : 0);
}

static void
cmd_addr(char **av)
{
	struct in_addr a;
	int plen, rc;

	if (!av[1] || !av[2])
		script_die("addr NAME A/LEN", NULL);
	if (strcmp(av[0], "addr") == 0) {
		/* The prefix length is passed on unchecked: in.c must check. */
		char *slash = strchr(av[2], '/');

		if (slash == NULL)
			script_die("addr NAME A/LEN", av[2]);
		*slash = '\0';
		a = script_addr(av[2]);
		plen = atoi(slash + 1);
		rc = in_addr_add(find_if(av[1]), a, plen);
	} else {
		rc = in_addr_delete(find_if(av[1]), script_addr(av[2]));
	}
	printf("%s rc=%d\n", av[0], rc);
}

/* ip_output(IP_RAWOUTPUT) of a complete IP packet, as IPsec reinjects. */
static void
cmd_rawout(char **av)
{
	struct mbuf *m;
	int len, rc;

	if (!av[1])
		script_die("rawout HEX", NULL);
	len = (int)script_hex(av[1], frame, SCRIPT_MAXFRAME);
	m = m_devget(frame, len, NULL);
	net_lock();
	rc = ip_output(m, IP_RAWOUTPUT | IP_NOIPSEC, NULL);
	net_unlock();
	printf("RAWOUT rc=%d\n", rc);
}

static void
print_hex(const char *tag, const void *p, size_t len)
{
	const uint8_t *b = p;

	printf("%s ", tag);
	for (size_t i = 0; i < len; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static void
rtsock_print(const void *msg, size_t len)
{
	print_hex("RTMSG", msg, len);
}

static int
rtdump_print(const void *msg, size_t len, void *arg)
{
	(void)arg;
	print_hex("RTDUMP", msg, len);
	return (0);
}

static void
cmd_rtsock(char **av)
{
	static uint8_t req[2048];
	uint64_t reply[RTSOCK_MSG_MAX / 8];
	size_t len, rlen;
	int rc;

	if (strcmp(av[0], "rtsock") == 0) {
		rtsock_output = rtsock_print;
		return;
	}
	if (!av[1])
		script_die(av[0], NULL);
	if (strcmp(av[0], "rtdump") == 0) {
		net_lock();
		rc = rtsock_dump((int)strtol(av[1], NULL, 0), 0, 7, 9, rtdump_print, NULL);
		net_unlock();
		printf("RTDUMP-END rc=%d\n", rc);
		return;
	}
	len = script_hex(av[1], req, sizeof(req));
	net_lock();
	rc = rtsock_request(req, len, reply, &rlen);
	net_unlock();
	printf("RTREQ rc=%d", rc);
	if (rlen > 0)
		print_hex("", reply, rlen);
	else
		printf("\n");
}

/* Run one command line (split in place). */
static void
run(char *line)
{
	char *av[8];

	if (script_split(line, av, 8) == 0)
		return;
	if (strcmp(av[0], "if") == 0)
		cmd_if(av);
	else if (strcmp(av[0], "addr") == 0 || strcmp(av[0], "deladdr") == 0)
		cmd_addr(av);
	else if (strcmp(av[0], "up") == 0)
		if_up(find_if(av[1]));
	else if (strcmp(av[0], "down") == 0)
		if_down(find_if(av[1]));
	else if (strcmp(av[0], "route") == 0)
		cmd_route(av);
	else if (strcmp(av[0], "fwd") == 0)
		ip_forwarding = av[1] ? atoi(av[1]) : 1;
	else if (strcmp(av[0], "set") == 0)
		cmd_set(av);
	else if (strcmp(av[0], "in") == 0)
		cmd_in(av);
	else if (strcmp(av[0], "tick") == 0)
		net_host_run_timers((uint64_t)atoll(av[1] ? av[1] : "0"), net_slowtimo);
	else if (strncmp(av[0], "udp_", 4) == 0)
		cmd_udp(av);
	else if (strncmp(av[0], "pcb_", 4) == 0)
		cmd_pcb(av);
	else if (strcmp(av[0], "echo") == 0)
		printf("ECHO rc=%d\n", udp_echo_start());
	else if (strncmp(av[0], "ping", 4) == 0)
		cmd_ping(av);
	else if (strcmp(av[0], "hooks") == 0)
		cmd_hooks(av);
	else if (strcmp(av[0], "arp") == 0)
		arp_foreach(print_arp, NULL);
	else if (strcmp(av[0], "stats") == 0)
		cmd_stats();
	else if (strcmp(av[0], "routes") == 0)
		netstat_print_routes();
	else if (strcmp(av[0], "loattach") == 0)
		cmd_loattach();
	else if (strcmp(av[0], "ifaces") == 0)
		netstat_print_interfaces();
	else if (strcmp(av[0], "rawout") == 0)
		cmd_rawout(av);
	else if (strncmp(av[0], "rt", 2) == 0)
		cmd_rtsock(av);
	else if (strcmp(av[0], "netstat") == 0) {
		netstat_print_stats();
		netstat_print_mbufs();
		netstat_print_routes();
		arp_print_all();
	} else
		script_die("unknown command", av[0]);
	if (net_host_locked())
		script_die("net lock left held by", av[0]);
}

/* Tear everything down and report what is left in the mbuf pools. */
static void
teardown(void)
{
	for (int i = 0; i < MAXSOCK; i++)
		if (socks[i] != NULL)
			udp_close(socks[i]);
	net_lock();
	for (int i = 0; i < MAXSOCK; i++)
		if (pcbs[i] != NULL)
			in_pcbfree(pcbs[i]);
	net_unlock();
	if (pingpcb != NULL) {
		net_lock();
		in_pcbfree(pingpcb);
		net_unlock();
	}
	udp_echo_stop();
	for (int i = 0; i < MAXIF; i++) {
		if (ifs[i] != NULL) {
			ether_ifdetach(ifs[i]);
			if_free(ifs[i]);
		}
	}
	net_lock();
	ip_reass_drain();
	net_unlock();
	script_print_mbufs();
}

int
main(void)
{
	return (script_main(net_init, run, teardown));
}
