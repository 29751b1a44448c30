/*
 * ping(8): ICMP echo requests over a raw socket, with FreeBSD's flags and
 * output:
 *
 *   PING 10.0.2.2 (10.0.2.2): 56 data bytes
 *   64 bytes from 10.0.2.2: icmp_seq=0 ttl=255 time=1.234 ms
 *
 *   --- 10.0.2.2 ping statistics ---
 *   3 packets transmitted, 3 packets received, 0.0% packet loss
 *   round-trip min/avg/max/stddev = 1.010/1.234/1.500/0.200 ms
 *
 *   ping [-noq] [-c count] [-i wait] [-m ttl] [-S src_addr] [-s packetsize]
 *        [-t timeout] [-W waittime] host
 *     -c  stop after count replies (else ping until ^C or -t)
 *     -i  seconds between requests (default 1, fractions allowed)
 *     -m  IP time to live of the requests
 *     -o  stop after the first reply
 *     -S  send from this local address (bind(2))
 *     -s  data bytes per request (default 56); the send time rides in the
 *         first 16 when there is room, which is what times the replies
 *     -t  stop after timeout seconds, whatever has been received
 *     -W  milliseconds to wait for the last reply (default 10000); given,
 *         a reply later than that after its request is counted in the
 *         statistics but not printed ("packets out of wait time")
 *
 * Exit status as FreeBSD's: 0 when a reply came, 2 when none did, 64 for
 * bad usage, 68 for an unknown host, 71 when the socket cannot be made,
 * 1 when -S names an address not ours.
 * Needs CAP_NET_RAW (root): others get "Operation not permitted".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "user/lib/getopt/bsd_getopt.h"

#define EX_USAGE	64
#define EX_NOHOST	68
#define EX_OSERR	71

#define DEFDATALEN	56		/* data bytes, as FreeBSD */
#define MAXDATALEN	(IP_MAXPACKET - 20 - ICMP_MINLEN)
#define MAXWAIT_MS	10000		/* -W default: wait for the last reply */
#define NSEQ		65536		/* sequence numbers we track */

struct ping {
	struct sockaddr_in to;		/* the target */
	char		 host[256];	/* as given */
	int		 s;		/* the raw socket */
	uint16_t	 ident;		/* echo identifier: our pid */
	long		 npackets;	/* -c, 0 = forever */
	long		 ntransmitted;	/* requests sent */
	long		 nreceived;	/* distinct replies */
	long		 nrepeats;	/* duplicate replies */
	long		 nrcvtimeout;	/* replies after -W */
	int		 datalen;	/* -s */
	int		 ttl;		/* -m, 0 = system default */
	int		 quiet;		/* -q */
	int		 once;		/* -o */
	struct in_addr	 src;		/* -S, INADDR_ANY = the stack's choice */
	double		 interval;	/* -i, seconds */
	double		 timeout;	/* -t, seconds, 0 = none */
	int		 waittime;	/* -W, ms */
	int		 waittime_set;	/* -W given: later replies are not shown */
	int		 timing;	/* datalen leaves room for the send time */
	double		 tmin, tmax, tsum, tsumsq;	/* round trips, ms */
	uint8_t		 rcvd[NSEQ / 8];	/* replies seen, by sequence */
};

static volatile sig_atomic_t finish_up;	/* SIGINT or SIGALRM came */

static void
usage(void)
{
	fprintf(stderr, "usage: ping [-noq] [-c count] [-i wait] [-m ttl] "
	    "[-S src_addr] [-s packetsize] [-t timeout] [-W waittime] host\n");
	exit(EX_USAGE);
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6);
}

static void
on_signal(int sig)
{
	(void)sig;
	finish_up = 1;
}

/* A number for option c, within [lo, hi], or usage. */
static double
number(int c, const char *arg, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno != 0 || end == arg || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "ping: invalid -%c value: `%s'\n", c, arg);
		exit(EX_USAGE);
	}
	return (v);
}

static uint16_t
in_cksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t sum = 0;

	for (; len > 1; len -= 2, p += 2)
		sum += (uint32_t)(p[0] << 8 | p[1]);
	if (len == 1)
		sum += (uint32_t)(p[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (htons((uint16_t)~sum));
}

/* Send request number ntransmitted. */
static void
pinger(struct ping *p)
{
	static uint8_t pkt[ICMP_MINLEN + MAXDATALEN];
	struct icmp *icp = (struct icmp *)pkt;
	int len = ICMP_MINLEN + p->datalen, i;
	double t = now_ms();

	memset(icp, 0, ICMP_MINLEN);
	icp->icmp_type = ICMP_ECHO;
	icp->icmp_id = htons(p->ident);
	icp->icmp_seq = htons((uint16_t)p->ntransmitted);
	for (i = 0; i < p->datalen; i++)
		pkt[ICMP_MINLEN + i] = (uint8_t)i;
	if (p->timing)
		memcpy(pkt + ICMP_MINLEN, &t, sizeof(t));
	p->rcvd[(uint16_t)p->ntransmitted / 8] &=
	    (uint8_t)~(1u << ((uint16_t)p->ntransmitted % 8));
	icp->icmp_cksum = in_cksum(pkt, (size_t)len);
	p->ntransmitted++;
	if (sendto(p->s, pkt, (size_t)len, 0, (struct sockaddr *)&p->to,
	    sizeof(p->to)) != len)
		fprintf(stderr, "ping: sendto: %s\n", strerror(errno));
}

static const char *
unreach_text(int code)
{
	static const char *const text[] = {
		"Destination Net Unreachable", "Destination Host Unreachable",
		"Destination Protocol Unreachable", "Destination Port Unreachable",
		"frag needed and DF set", "Source Route Failed",
	};

	if (code >= 0 && code < (int)(sizeof(text) / sizeof(text[0])))
		return (text[code]);
	return ("Destination Unreachable");
}

/* The quoted IP header of an error, as FreeBSD's pr_iph prints it. */
static void
pr_iph(const struct ip *ip)
{
	const uint8_t *cp = (const uint8_t *)ip + sizeof(struct ip);
	int hlen = ip->ip_hl << 2;

	printf("Vr HL TOS  Len   ID Flg  off TTL Pro  cks      Src      Dst\n");
	printf(" %1x  %1x  %02x %04x %04x", ip->ip_v, ip->ip_hl, ip->ip_tos,
	    ntohs(ip->ip_len), ntohs(ip->ip_id));
	printf("   %1x %04x", (ntohs(ip->ip_off) & 0xe000) >> 13,
	    ntohs(ip->ip_off) & 0x1fff);
	printf("  %02x  %02x %04x", ip->ip_ttl, ip->ip_p, ntohs(ip->ip_sum));
	printf(" %s ", inet_ntoa(ip->ip_src));
	printf(" %s ", inet_ntoa(ip->ip_dst));
	while (hlen-- > 20)
		printf("%02x", *cp++);	/* options, as bytes */
	putchar('\n');
}

/* An ICMP message other than our echo reply: say what it was (pr_icmph). */
static void
pr_other(const struct icmp *icp, int cc, const char *from)
{
	const char *what;

	switch (icp->icmp_type) {
	case ICMP_UNREACH:
		what = unreach_text(icp->icmp_code);
		break;
	case ICMP_TIMXCEED:
		what = icp->icmp_code == 0 ? "Time to live exceeded" :
		    "Frag reassembly time exceeded";
		break;
	case ICMP_SOURCEQUENCH:
		what = "Source Quench";
		break;
	case ICMP_PARAMPROB:
		what = "Parameter problem";
		break;
	default:
		return;		/* requests and the like are not ours to report */
	}
	printf("%d bytes from %s: %s\n", cc, from, what);
	pr_iph(&icp->icmp_ip);	/* FreeBSD's pr_retip: the header we sent */
}

/* Whether an error quotes one of our requests. */
static int
quotes_ours(const struct ping *p, const struct icmp *icp, int cc)
{
	const struct ip *oip = &icp->icmp_ip;
	int ohlen;

	if (cc < ICMP_MINLEN + (int)sizeof(struct ip))
		return (0);
	ohlen = oip->ip_hl << 2;
	if (oip->ip_p != IPPROTO_ICMP || cc < ICMP_MINLEN + ohlen + ICMP_MINLEN)
		return (0);
	const struct icmp *oicp = (const struct icmp *)((const uint8_t *)oip + ohlen);
	return (oicp->icmp_type == ICMP_ECHO && ntohs(oicp->icmp_id) == p->ident);
}

/* An echo reply to us: count it and print its line. */
static void
pr_reply(struct ping *p, const struct icmp *icp, int cc, int ttl,
    const char *from, double t)
{
	uint16_t seq = ntohs(icp->icmp_seq);
	int dup = (p->rcvd[seq / 8] >> (seq % 8)) & 1;
	double sent, rtt = 0;

	if (p->timing && cc >= ICMP_MINLEN + (int)sizeof(sent)) {
		memcpy(&sent, (const uint8_t *)icp + ICMP_MINLEN, sizeof(sent));
		rtt = t - sent;
		if (rtt < 0)
			rtt = 0;
	}
	if (dup) {
		p->nrepeats++;
	} else {
		p->nreceived++;
		p->rcvd[seq / 8] |= (uint8_t)(1u << (seq % 8));
	}
	if (p->timing) {
		p->tsum += rtt;
		p->tsumsq += rtt * rtt;
		if (rtt < p->tmin)
			p->tmin = rtt;
		if (rtt > p->tmax)
			p->tmax = rtt;
	}
	if (p->quiet)
		return;
	if (p->waittime_set && rtt > p->waittime) {
		p->nrcvtimeout++;	/* counted, but too late to be shown */
		return;
	}
	printf("%d bytes from %s: icmp_seq=%u ttl=%d", cc, from, seq, ttl);
	if (p->timing)
		printf(" time=%.3f ms", rtt);
	printf("%s\n", dup ? " (DUP!)" : "");
}

/* One packet from the raw socket (IP header first). */
static void
pr_pack(struct ping *p, const uint8_t *buf, int cc, const struct sockaddr_in *from)
{
	const struct ip *ip = (const struct ip *)buf;
	const struct icmp *icp;
	char fromstr[INET_ADDRSTRLEN];
	int hlen;

	if (cc < (int)sizeof(struct ip))
		return;
	hlen = ip->ip_hl << 2;
	if (cc < hlen + ICMP_MINLEN)
		return;
	cc -= hlen;
	icp = (const struct icmp *)(buf + hlen);
	inet_ntop(AF_INET, &from->sin_addr, fromstr, sizeof(fromstr));
	if (icp->icmp_type == ICMP_ECHOREPLY) {
		if (ntohs(icp->icmp_id) == p->ident)
			pr_reply(p, icp, cc, ip->ip_ttl, fromstr, now_ms());
		return;
	}
	if (quotes_ours(p, icp, cc))
		pr_other(icp, cc, fromstr);
}

static void
finish(struct ping *p)
{
	putchar('\n');
	printf("--- %s ping statistics ---\n", p->host);
	printf("%ld packets transmitted, ", p->ntransmitted);
	printf("%ld packets received, ", p->nreceived);
	if (p->nrepeats)
		printf("+%ld duplicates, ", p->nrepeats);
	if (p->ntransmitted) {
		if (p->nreceived > p->ntransmitted)
			printf("-- somebody's printing up packets!");
		else
			printf("%.1f%% packet loss", (double)(p->ntransmitted -
			    p->nreceived) * 100.0 / (double)p->ntransmitted);
	}
	if (p->nrcvtimeout)
		printf(", %ld packets out of wait time", p->nrcvtimeout);
	putchar('\n');
	if (p->nreceived && p->timing) {
		double n = (double)(p->nreceived + p->nrepeats);
		double avg = p->tsum / n, vari = p->tsumsq / n - avg * avg;

		printf("round-trip min/avg/max/stddev = %.3f/%.3f/%.3f/%.3f ms\n",
		    p->tmin, avg, p->tmax, sqrt(vari > 0 ? vari : 0));
	}
	fflush(stdout);
	exit(p->nreceived ? 0 : 2);
}

/* Resolve the target; exits EX_NOHOST when it cannot be. */
static void
target(struct ping *p, const char *host)
{
	struct addrinfo hints, *res;

	memset(&p->to, 0, sizeof(p->to));
	p->to.sin_family = AF_INET;
	snprintf(p->host, sizeof(p->host), "%s", host);
	if (inet_aton(host, &p->to.sin_addr))
		return;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_RAW;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) {
		fprintf(stderr, "ping: cannot resolve %s: Unknown host\n", host);
		exit(EX_NOHOST);
	}
	p->to.sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	freeaddrinfo(res);
}

static void
options(struct ping *p, int argc, char **argv)
{
	int c;

	p->datalen = DEFDATALEN;
	p->interval = 1.0;
	p->waittime = MAXWAIT_MS;
	while ((c = bsd_getopt(argc, argv, "c:i:m:noqS:s:t:W:")) != -1) {
		switch (c) {
		case 'c':
			p->npackets = (long)number(c, optarg, 1, 1e9);
			break;
		case 'i':
			p->interval = number(c, optarg, 0.001, 1e6);
			break;
		case 'm':
			p->ttl = (int)number(c, optarg, 1, 255);
			break;
		case 'n':
			break;		/* addresses are never looked up anyway */
		case 'o':
			p->once = 1;
			break;
		case 'q':
			p->quiet = 1;
			break;
		case 'S':
			if (!inet_aton(optarg, &p->src)) {
				fprintf(stderr, "ping: invalid source address: %s\n", optarg);
				exit(EX_USAGE);
			}
			break;
		case 's':
			p->datalen = (int)number(c, optarg, 0, MAXDATALEN);
			break;
		case 't':
			p->timeout = number(c, optarg, 1, 1e6);
			break;
		case 'W':
			p->waittime = (int)number(c, optarg, 1, 1e9);
			p->waittime_set = 1;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	target(p, argv[optind]);
	p->timing = p->datalen >= (int)sizeof(double);
}

static void
open_socket(struct ping *p)
{
	int hold = 48 * 1024;

	if ((p->s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)) < 0) {
		fprintf(stderr, "ping: socket: %s\n", strerror(errno));
		exit(EX_OSERR);
	}
	(void)setsockopt(p->s, SOL_SOCKET, SO_RCVBUF, &hold, sizeof(hold));
	if (p->src.s_addr != INADDR_ANY) {
		struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr = p->src };

		if (bind(p->s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
			fprintf(stderr, "ping: bind: %s\n", strerror(errno));
			exit(1);	/* FreeBSD's err(1, "bind") */
		}
	}
	if (p->ttl != 0 &&
	    setsockopt(p->s, IPPROTO_IP, IP_TTL, &p->ttl, sizeof(p->ttl)) < 0) {
		fprintf(stderr, "ping: setsockopt IP_TTL: %s\n", strerror(errno));
		exit(EX_OSERR);
	}
}

/* Read whatever the socket holds now. */
static void
receive(struct ping *p)
{
	static uint8_t buf[IP_MAXPACKET];
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	ssize_t cc;

	cc = recvfrom(p->s, buf, sizeof(buf), MSG_DONTWAIT,
	    (struct sockaddr *)&from, &fromlen);
	if (cc < 0) {
		if (errno != EINTR && errno != EAGAIN)
			fprintf(stderr, "ping: recvfrom: %s\n", strerror(errno));
		return;
	}
	pr_pack(p, buf, (int)cc, &from);
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static struct ping ping;
	struct ping *p = &ping;
	struct sigaction sa;
	double start, next, last_wait = 0;
	int almost_done = 0;

	options(p, argc, argv);
	open_socket(p);
	p->ident = (uint16_t)getpid();
	p->tmin = 1e18;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll must return */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	printf("PING %s (%s): %d data bytes\n", p->host,
	    inet_ntoa(p->to.sin_addr), p->datalen);
	fflush(stdout);
	start = next = now_ms();
	while (!finish_up) {
		double t = now_ms();
		struct pollfd pfd = { .fd = p->s, .events = POLLIN };
		int wait;

		if (p->timeout > 0 && t - start >= p->timeout * 1000)
			break;
		if (t >= next) {
			if (p->npackets == 0 || p->ntransmitted < p->npackets) {
				pinger(p);
				next = t + p->interval * 1000;
			} else if (almost_done) {
				break;
			} else {
				/* FreeBSD: twice the longest round trip, or -W. */
				almost_done = 1;
				last_wait = p->nreceived ?
				    (p->tmax * 2 > 1000 ? p->tmax * 2 : 1000) :
				    p->waittime;
				next = t + last_wait;
			}
		}
		wait = (int)(next - now_ms()) + 1;
		if (p->timeout > 0 && start + p->timeout * 1000 - now_ms() < wait)
			wait = (int)(start + p->timeout * 1000 - now_ms()) + 1;
		if (poll(&pfd, 1, wait < 0 ? 0 : wait) > 0)
			receive(p);
		if ((p->npackets && p->nreceived >= p->npackets) ||
		    (p->once && p->nreceived > 0))
			break;
	}
	finish(p);
	return (0);
}
