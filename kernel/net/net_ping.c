/*
 * `ping`: ICMP echo through the stack's pinger API (net/icmp_var.h), with
 * the BSD tool's output:
 *
 *   PING 10.0.2.2 (10.0.2.2): 56 data bytes
 *   64 bytes from 10.0.2.2: icmp_seq=0 ttl=255 time=1.234 ms
 *   --- 10.0.2.2 ping statistics ---
 *   3 packets transmitted, 3 packets received, 0.0% packet loss
 *   round-trip min/avg/max/stddev = 1.010/1.234/1.500/0.200 ms
 *
 * The kernel has no floating point (-mgeneral-regs-only): times are kept
 * in microseconds and printed as fixed-point milliseconds.  The count
 * defaults to 5 since the serial shell has no job control; Ctrl-C on the
 * console also stops it early.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/cons.h>
#include <sys/shell.h>

#include "net/icmp_var.h"
#include "net/in.h"
#include "net/net_errno.h"


#define PING_DEFAULT_COUNT	5
#define PING_DEFAULT_LEN	56	/* data bytes, as BSD */
#define PING_MAX_LEN		65507	/* icmp_ping_send's limit */
#define PING_WAIT_US		2000000	/* linger for late replies */
#define PING_RING		1024	/* seqs whose send time we remember */

struct ping_run {
	struct in_addr	 dst;		/* target */
	uint32_t	 count;		/* requests to send */
	int		 datalen;	/* data bytes per request */
	uint32_t	 interval_us;	/* between requests */
	int		 ttl;		/* 0: default */
	uint32_t	 sent;		/* requests sent */
	uint32_t	 received;	/* distinct replies */
	uint32_t	 errors;	/* ICMP errors about our requests */
	uint64_t	 min_us, max_us, sum_us;	/* round-trip statistics */
	uint64_t	 sumsq_us;	/* sum of squares, for stddev */
	uint64_t	 sent_at[PING_RING];	/* uptime_us at send, by seq */
	uint8_t		 got[PING_RING];	/* reply seen, by seq (DUP!) */
};

/* Unsigned decimal; 0 or -1. */
static int
parse_uint(const char *s, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;

	if (*s == '\0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || (x = x * 10 + (uint64_t)(*s - '0')) > max)
			return (-1);
	}
	*v = (uint32_t)x;
	return (0);
}

/* Seconds with up to 6 decimals ("0.2", "1") into microseconds. */
static int
parse_seconds(const char *s, uint32_t *us)
{
	uint64_t whole = 0, frac = 0, scale = 1000000;

	for (; *s >= '0' && *s <= '9'; s++)
		if ((whole = whole * 10 + (uint64_t)(*s - '0')) > 3600)
			return (-1);
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*s - '0') * scale;
			}
	if (*s != '\0')
		return (-1);
	*us = (uint32_t)(whole * 1000000 + frac);
	return (0);
}

static uint64_t
isqrt(uint64_t x)
{
	uint64_t r = 0, b = 1ull << 62;

	while (b > x)
		b >>= 2;
	while (b != 0) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return (r);
}

/* Microseconds as "1.234" milliseconds. */
static void
print_ms(uint64_t us)
{
	printf("%llu.%03llu", (unsigned long long)(us / 1000),
	    (unsigned long long)(us % 1000));
}

static const char *
icmp_error_text(int type, int code)
{
	if (type == ICMP_TIMXCEED)
		return (code == ICMP_TIMXCEED_REASS ? "Frag reassembly time exceeded" :
		    "Time to live exceeded");
	if (type == ICMP_UNREACH)
		switch (code) {
		case ICMP_UNREACH_NET:		return ("Destination Net Unreachable");
		case ICMP_UNREACH_HOST:		return ("Destination Host Unreachable");
		case ICMP_UNREACH_PROTOCOL:	return ("Destination Protocol Unreachable");
		case ICMP_UNREACH_PORT:		return ("Destination Port Unreachable");
		case ICMP_UNREACH_NEEDFRAG:	return ("Frag needed and DF set");
		default:			return ("Destination Unreachable");
		}
	return ("unexpected ICMP message");
}

/* One reply or error from the pinger's queue. */
static void
ping_reply(struct ping_run *pr, const struct icmp_ping_reply *r, uint64_t now)
{
	char from[INET_ADDRSTRLEN];
	unsigned slot = r->seq % PING_RING;
	uint64_t rtt;

	inet_ntoa_r(r->from, from);
	if (r->type != ICMP_ECHOREPLY) {
		pr->errors++;
		printf("from %s: icmp_seq=%u %s\n", from, r->seq,
		    icmp_error_text(r->type, r->code));
		return;
	}
	if (r->seq >= pr->sent || pr->sent - r->seq > PING_RING)
		return;				/* not one we remember sending */
	rtt = now - pr->sent_at[slot];
	printf("%d bytes from %s: icmp_seq=%u ttl=%u time=", r->datalen + ICMP_MINLEN,
	    from, r->seq, r->ttl);
	print_ms(rtt);
	printf(" ms%s%s\n", pr->got[slot] ? " (DUP!)" : "",
	    r->data_ok ? "" : " (wrong data)");
	if (pr->got[slot])
		return;
	pr->got[slot] = 1;
	pr->received++;
	if (pr->received == 1 || rtt < pr->min_us)
		pr->min_us = rtt;
	if (rtt > pr->max_us)
		pr->max_us = rtt;
	pr->sum_us += rtt;
	pr->sumsq_us += rtt * rtt;
}

/* Sends request `seq`; prints the error when ip_output refuses it. */
static void
ping_send(struct icmp_pinger *p, struct ping_run *pr)
{
	unsigned slot = pr->sent % PING_RING;
	int error;

	pr->sent_at[slot] = uptime_us();
	pr->got[slot] = 0;
	error = icmp_ping_send(p, pr->dst, (uint16_t)pr->sent, pr->datalen, pr->ttl);
	if (error != 0)
		printf("ping: sendto: %s\n", error == EHOSTUNREACH ? "No route to host" :
		    error == EMSGSIZE ? "Message too long" : error == EHOSTDOWN ?
		    "Host is down" : error == ENETDOWN ? "Network is down" :
		    error == ENOBUFS ? "No buffer space available" : "error");
	pr->sent++;
}

static void
ping_summary(const struct ping_run *pr)
{
	char d[INET_ADDRSTRLEN];
	uint32_t loss = pr->sent == 0 ? 0 :
	    (uint32_t)((uint64_t)(pr->sent - pr->received) * 1000 / pr->sent);

	printf("\n--- %s ping statistics ---\n", inet_ntoa_r(pr->dst, d));
	printf("%u packets transmitted, %u packets received, %u.%u%% packet loss\n",
	    pr->sent, pr->received, loss / 10, loss % 10);
	if (pr->received > 0) {
		uint64_t n = pr->received, avg = pr->sum_us / n;
		uint64_t sq = pr->sumsq_us / n;
		uint64_t var = sq > avg * avg ? sq - avg * avg : 0;

		printf("round-trip min/avg/max/stddev = ");
		print_ms(pr->min_us);
		printf("/");
		print_ms(avg);
		printf("/");
		print_ms(pr->max_us);
		printf("/");
		print_ms(isqrt(var));
		printf(" ms\n");
	}
}

/* Ctrl-C typed on the console. */
static int
ping_interrupted(void)
{
	int c;

	while ((c = cncheckc()) >= 0)
		if (c == 3)
			return (1);
	return (0);
}

static void
ping_loop(struct icmp_pinger *p, struct ping_run *pr)
{
	struct icmp_ping_reply r;
	uint64_t start = uptime_us(), next = start, deadline = 0;

	for (;;) {
		uint64_t now = uptime_us(), until;

		if (ping_interrupted())
			break;
		if (pr->sent < pr->count && now >= next) {
			ping_send(p, pr);
			next += pr->interval_us;
			if (pr->sent == pr->count)
				deadline = now + (pr->interval_us > PING_WAIT_US ?
				    pr->interval_us : PING_WAIT_US);
			continue;
		}
		if (pr->sent == pr->count && (now >= deadline ||
		    pr->received + pr->errors >= pr->count))
			break;
		until = pr->sent < pr->count ? next : deadline;
		/* Wake at least every 100 ms to notice Ctrl-C. */
		if (until - now > 100000)
			until = now + 100000;
		if (icmp_ping_wait(p, &r, (uint32_t)((until - now + 999) / 1000)) == 0)
			ping_reply(pr, &r, uptime_us());
	}
}

static int
ping_usage(void)
{
	printf("usage: ping [-c count] [-s size] [-i interval] [-t ttl] host\n");
	return (1);
}

/* Options into pr; returns 0, or 1 after printing why. */
static int
ping_args(int argc, char **argv, struct ping_run *pr)
{
	uint32_t v;
	int i;

	pr->count = PING_DEFAULT_COUNT;
	pr->datalen = PING_DEFAULT_LEN;
	pr->interval_us = 1000000;
	for (i = 1; i < argc - 1; i += 2) {
		const char *o = argv[i], *a = argv[i + 1];

		if (strcmp(o, "-c") == 0 && parse_uint(a, 1000000, &v) == 0 && v > 0)
			pr->count = v;
		else if (strcmp(o, "-s") == 0 && parse_uint(a, PING_MAX_LEN, &v) == 0)
			pr->datalen = (int)v;
		else if (strcmp(o, "-t") == 0 && parse_uint(a, 255, &v) == 0 && v > 0)
			pr->ttl = (int)v;
		else if (strcmp(o, "-i") == 0 && parse_seconds(a, &v) == 0 && v >= 1000)
			pr->interval_us = v;
		else {
			printf("ping: bad option or value: %s %s\n", o, a);
			return (ping_usage());
		}
	}
	if (i != argc - 1)
		return (ping_usage());
	if (inet_aton_net(argv[argc - 1], &pr->dst) != 0) {
		printf("ping: cannot resolve %s: only dotted-quad addresses\n",
		    argv[argc - 1]);
		return (1);
	}
	return (0);
}

static int
cmd_ping(int argc, char **argv)
{
	static struct ping_run pr;	/* 9 KiB: not on the shell's stack */
	struct icmp_pinger *p;
	char d[INET_ADDRSTRLEN];

	memset(&pr, 0, sizeof(pr));
	if (ping_args(argc, argv, &pr) != 0)
		return (1);
	if ((p = icmp_ping_open()) == NULL) {
		printf("ping: out of memory\n");
		return (1);
	}
	inet_ntoa_r(pr.dst, d);
	printf("PING %s (%s): %d data bytes\n", d, d, pr.datalen);
	ping_loop(p, &pr);
	icmp_ping_close(p);
	ping_summary(&pr);
	return (pr.received > 0 ? 0 : 2);
}
SHELL_COMMAND(ping, cmd_ping, "ping [-c count] [-s size] [-i interval] [-t ttl] host",
    "send ICMP echo requests");
