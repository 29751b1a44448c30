/*
 * `netstat -s -p esp|ah|ipsec` for the host tests and fuzzers: the
 * datapath's counters, printed by net/netstat.c's printer (shared with the
 * netstat program, which reads them through sysctl).  The caller holds the
 * net lock.
 */
#include "net/netstat.h"
#include "net/ipsec/ipsec_var.h"

void
ipsec_print_stats(const char *which)
{
	netstat_show_ipsec(which, &espstat, &ahstat, &ipsecstat);
}
