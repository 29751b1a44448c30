/*
 * The stack's entry points for its host: initialisation, the slow timer,
 * and the printers the shell's `netstat` calls.  Implementation:
 * net/net_init.c and net/netstat.c.
 */
#ifndef NET_NETSTAT_H
#define NET_NETSTAT_H

/*
 * Initialise the stack (protocol switch, pools, echo state).  Call once
 * before any interface attaches; takes the net lock itself.
 */
void	 net_init(void);
/*
 * The slow timer: the platform calls it every NET_SLOWTIMO_MS WITH the net
 * lock held.  Drives ARP retries/expiry and reassembly timeouts.
 */
void	 net_slowtimo(void);

/* Printers (through net_log); each takes the net lock itself. */
void	 netstat_print_ether(void);	/* ethernet drops and traffic */
void	 netstat_print_arp(void);	/* arpstat */
void	 netstat_print_ip(void);	/* ipstat, every drop reason */
void	 netstat_print_icmp(void);	/* icmpstat with histograms */
void	 netstat_print_udp(void);	/* udpstat */
void	 netstat_print_stats(void);	/* `netstat -s`: all of the above */
void	 netstat_print_mbufs(void);	/* `netstat -m` */
void	 netstat_print_routes(void);	/* `netstat -r` / `route show` */

#endif /* NET_NETSTAT_H */
