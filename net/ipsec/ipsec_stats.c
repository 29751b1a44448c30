/*
 * `netstat -s -p esp|ah|ipsec`: the datapath's counters, every drop
 * reason on its own line, in the style of FreeBSD's netstat.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/ipsec/ipsec_var.h"

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
ipsec_print_stats(const char *which)
{
	uint64_t total = ipsecstat.ips_crypto_direct + ipsecstat.ips_crypto_queued;

	if (which == NULL || strcmp(which, "esp") == 0)
		print_xform("esp", &espstat);
	if (which == NULL || strcmp(which, "ah") == 0)
		print_xform("ah", &ahstat);
	if (which != NULL && strcmp(which, "ipsec") != 0)
		return;
	net_log("ipsec:\n");
	P(ipsecstat.ips_in_polvio, "inbound packets violated policy (clear or wrong SA)");
	P(ipsecstat.ips_in_discard, "inbound packets dropped by a discard policy");
	P(ipsecstat.ips_fwd_polvio, "forwarded packets violated policy");
	P(ipsecstat.ips_out_polvio, "outbound packets dropped by a discard policy");
	P(ipsecstat.ips_out_nosa, "outbound packets dropped: no SA (ACQUIRE sent)");
	P(ipsecstat.ips_out_clear, "outbound packets sent in clear (level use, no SA)");
	P(ipsecstat.ips_out_inval, "outbound packets dropped: could not be processed");
	P(ipsecstat.ips_out_bundlesa, "outbound bundle steps applied");
	P(ipsecstat.ips_nomem, "packets dropped: no memory");
	P(ipsecstat.ips_crypto_direct, "crypto requests run in the caller's context (direct)");
	P(ipsecstat.ips_crypto_queued, "crypto requests run by a crypto worker (queued)");
	if (total != 0)
		net_log("\t%llu.%llu%% of crypto requests took the direct path\n",
		    (unsigned long long)(ipsecstat.ips_crypto_direct * 1000 / total / 10),
		    (unsigned long long)(ipsecstat.ips_crypto_direct * 1000 / total % 10));
}
