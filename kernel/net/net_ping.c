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
#include <sanpo/getopt.h>
#include <sanpo/parse.h>

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

/* One option's value, in range; 0, or -1 after printing why. */
static int
ping_value(int ch, const char *arg, uint64_t min, uint64_t max, uint64_t *v)
{
	/* -i is in seconds with up to 6 decimals, kept in microseconds */
	if ((ch == 'i' ? parse_fixed(arg, 6, max, v) : parse_uint(arg, 10, max, v)) != 0 ||
	    *v < min) {
		printf("ping: bad option value: -%c %s\n", ch, arg);
		return (-1);
	}
	return (0);
}

/* Options into pr; returns 0, or 1 after printing why. */
static int
ping_args(int argc, char **argv, struct ping_run *pr)
{
	struct getopt_state g = GETOPT_INIT;
	uint64_t v;
	int ch;

	pr->count = PING_DEFAULT_COUNT;
	pr->datalen = PING_DEFAULT_LEN;
	pr->interval_us = 1000000;
	while ((ch = getopt_r(&g, argc, argv, "c:i:s:t:")) != -1) {
		switch (ch) {
		case 'c':
			if (ping_value(ch, g.arg, 1, 1000000, &v) != 0)
				return (shell_usage(argv[0], NULL));
			pr->count = (uint32_t)v;
			break;
		case 'i':
			if (ping_value(ch, g.arg, 1000, 3600000000u, &v) != 0)
				return (shell_usage(argv[0], NULL));
			pr->interval_us = (uint32_t)v;
			break;
		case 's':
			if (ping_value(ch, g.arg, 0, PING_MAX_LEN, &v) != 0)
				return (shell_usage(argv[0], NULL));
			pr->datalen = (int)v;
			break;
		case 't':
			if (ping_value(ch, g.arg, 1, 255, &v) != 0)
				return (shell_usage(argv[0], NULL));
			pr->ttl = (int)v;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind != argc - 1)
		return (shell_usage(argv[0], NULL));
	if (inet_aton_net(argv[g.ind], &pr->dst) != 0) {
		printf("ping: cannot resolve %s: only dotted-quad addresses\n", argv[g.ind]);
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
