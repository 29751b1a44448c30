/*
 * A scriptable host of the IPsec datapath for tests/host/net/ipsec/test_ipsec_datapath.py:
 * the net/ stack (over the host platform tests/host/lib/net_host.c), the
 * key engine, ESP and AH (net/ipsec/) and the host crypto framework
 * (crypto_host.c), all under ASan/UBSan; the script helpers are
 * tests/host/lib/host_script.c's.
 *
 * One test interface, test0, whose if_transmit prints each frame as
 * "TX test0 <hex>".  SAs and policies go in through setkey (real PF_KEY
 * messages through key_parse); frames through if_input as a driver
 * delivers them.
 * After "in" and "udp_send" the crypto queue is drained without the net
 * lock, as the kernel's crypto return thread would run the callbacks;
 * "inq" leaves the requests queued (so a test can queue several packets,
 * or delete their SA, before any callback runs) until "drain".
 *
 * Commands, one a line:
 *   if MAC ADDR/LEN        attach and address test0
 *   route DST/LEN GW       a gateway route through test0: "ROUTE rc=E"
 *   echo                   start the UDP echo service (port 7)
 *   setkey TEXT            one line of setkey input: "SETKEY-END errors=N"
 *   register               open a key socket registered for ESP and AH
 *   keymsgs                "KEYMSG type=T satype=S errno=E" for each message
 *                          the registered socket got
 *   in HEX | inq HEX       a received Ethernet frame (inq: do not drain)
 *   drain                  "DRAIN n=N": run the queued crypto requests
 *   udp_send SPORT DST DPORT HEX   "UDP_SEND rc=R" from a socket on SPORT
 *                          (R: udp_sendto's bytes sent or -errno)
 *   sastat DST esp|ah SPI  "SASTAT ipackets=.. opackets=.. ibytes=.. obytes=..
 *                          replay=.. authfail=.." (SPI hex), or "SASTAT none"
 *   netstat                ipsec_print_stats(NULL): netstat -s -p esp/ah/ipsec
 *   netstat_ip             netstat_print_ip(): netstat -s -p ip
 *   crypto                 "CRYPTO sessions=.. pending=.. dispatched=.. refused=.. badmsg=.."
 * At the end of input everything is torn down (SAs and policies flushed,
 * sockets closed, the interface detached) and the driver prints
 * "CRYPTO ..." and "MBUFS <mbufs> <clusters> <tags> <bytes>": every figure
 * but the cumulative ones must be 0, or something leaked.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/if_var.h"
#include "net/in.h"
#include "net/in_var.h"
#include "net/ip_var.h"
#include "net/mbuf.h"
#include "net/net_errno.h"
#include "net/net_platform.h"
#include "net/netstat.h"
#include "net/route.h"
#include "net/udp_var.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"
#include "net/ipsec/setkey.h"
#include "net/ipsec/ipsec_var.h"
#include "tests/host/lib/host_script.h"
#include "tests/host/lib/net_host.h"
#include "tests/host/lib/crypto_host.h"

#define MAXSOCK		8

static struct ifnet *test0;			/* the one test interface */
static struct inpcb *socks[MAXSOCK];		/* udp_send sockets */
static uint16_t sock_port[MAXSOCK];		/* their local ports */
static struct keycb *regso;			/* registered key socket, or NULL */
static struct setkey sk;			/* the setkey session */
static uint8_t frame[SCRIPT_MAXFRAME];			/* scratch */
static uint8_t kbuf[KEY_MSG_MAX];		/* a key message */

static void
cmd_if(char **av)
{
	uint8_t mac[6];
	char *slash;
	int rc;

	if (test0 != NULL || !av[1] || !av[2] || (slash = strchr(av[2], '/')) == NULL ||
	    sscanf(av[1], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2],
	    &mac[3], &mac[4], &mac[5]) != 6)
		script_die("if MAC ADDR/LEN", av[1]);
	test0 = if_alloc();
	test0->if_transmit = script_transmit;
	ether_ifattach(test0, "test", 0, mac);
	if_link_state_change(test0, LINK_STATE_UP);
	*slash = '\0';
	rc = in_addr_add(test0, script_addr(av[2]), atoi(slash + 1));
	printf("IF rc=%d\n", rc);
}

static void
cmd_route(char **av)
{
	struct in_addr dst;
	int plen, rc;

	if (!av[1] || !av[2] || test0 == NULL || inet_parse_prefix(av[1], &dst, &plen) != 0)
		script_die("route DST/LEN GW (after if)", av[1]);
	rc = route_add(dst, plen, script_addr(av[2]), test0, RTF_GATEWAY);
	printf("ROUTE rc=%d\n", rc);
}

static void
cmd_setkey(char *rest)
{
	int before = sk.errors;

	setkey_feed(&sk, rest);
	printf("SETKEY-END errors=%d\n", sk.errors - before);
}

static void
send_register(uint8_t satype)
{
	struct sadb_msg m;

	memset(&m, 0, sizeof(m));
	m.sadb_msg_version = PF_KEY_V2;
	m.sadb_msg_type = SADB_REGISTER;
	m.sadb_msg_satype = satype;
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	m.sadb_msg_pid = 77;
	if (key_socket_send(regso, &m, sizeof(m)) != 0)
		script_die("SADB_REGISTER failed", NULL);
}

/* Prints the messages the registered socket got (REGISTER replies included). */
static void
cmd_keymsgs(void)
{
	const struct sadb_msg *h = (const struct sadb_msg *)kbuf;
	int n;

	while (regso != NULL && key_socket_pending(regso) > 0 &&
	    (n = key_socket_recv(regso, kbuf, sizeof(kbuf), 0)) >= (int)sizeof(*h))
		printf("KEYMSG type=%u satype=%u errno=%u\n", h->sadb_msg_type,
		    h->sadb_msg_satype, h->sadb_msg_errno);
	printf("KEYMSGS-END\n");
}

static void
cmd_in(char **av, int drain)
{
	struct mbuf *m;
	int len;

	if (!av[1] || test0 == NULL)
		script_die("in HEX (after if)", NULL);
	len = (int)script_hex(av[1], frame, SCRIPT_MAXFRAME);
	if ((m = m_devget(frame, len, test0)) == NULL)
		script_die("m_devget failed", NULL);
	test0->if_input(test0, m);
	if (net_host_locked())
		script_die("if_input returned with the net lock held", NULL);
	if (drain)
		crypto_host_drain();
}

static void
cmd_udp_send(char **av)
{
	uint16_t sport;
	int i, rc, len;

	if (!av[1] || !av[2] || !av[3])
		script_die("udp_send SPORT DST DPORT HEX", NULL);
	sport = (uint16_t)atoi(av[1]);
	for (i = 0; i < MAXSOCK && socks[i] != NULL && sock_port[i] != sport; i++)
		;
	if (i == MAXSOCK)
		script_die("too many sockets", NULL);
	if (socks[i] == NULL) {
		struct in_addr any = { 0 };

		socks[i] = udp_socket();
		if (socks[i] == NULL || udp_bind(socks[i], any, sport) != 0)
			script_die("udp_bind", av[1]);
		sock_port[i] = sport;
	}
	len = av[4] ? (int)script_hex(av[4], frame, SCRIPT_MAXFRAME) : 0;
	rc = udp_sendto(socks[i], frame, (size_t)len, script_addr(av[2]), (uint16_t)atoi(av[3]));
	printf("UDP_SEND rc=%d\n", rc);
	crypto_host_drain();
}

static void
cmd_sastat(char **av)
{
	union sockaddr_union dst;
	struct secasvar_stats st;
	uint32_t spi;

	if (!av[1] || !av[2] || !av[3])
		script_die("sastat DST esp|ah SPI", NULL);
	memset(&dst, 0, sizeof(dst));
	dst.sin.sin_len = sizeof(struct sockaddr_in);
	dst.sin.sin_family = AF_INET;
	dst.sin.sin_addr = script_addr(av[1]);
	spi = htonl((uint32_t)strtoul(av[3], NULL, 16));
	if (key_sa_getstats(&dst, strcmp(av[2], "ah") == 0 ? IPPROTO_AH : IPPROTO_ESP,
	    spi, &st) != 0) {		/* takes the net lock itself */
		printf("SASTAT none\n");
		return;
	}
	printf("SASTAT ipackets=%llu opackets=%llu ibytes=%llu obytes=%llu replay=%llu "
	    "authfail=%llu\n", (unsigned long long)st.ipackets,
	    (unsigned long long)st.opackets, (unsigned long long)st.ibytes,
	    (unsigned long long)st.obytes, (unsigned long long)st.replay,
	    (unsigned long long)st.authfail);
}

static void
print_crypto(void)
{
	const struct crypto_host_stats *cs = crypto_host_stats();

	printf("CRYPTO sessions=%lld pending=%lld dispatched=%llu refused=%llu badmsg=%llu\n",
	    (long long)cs->sessions, (long long)cs->pending,
	    (unsigned long long)cs->dispatched, (unsigned long long)cs->refused,
	    (unsigned long long)cs->badmsg);
}

static void
run(char *line)
{
	char *av[8];

	line[strcspn(line, "\n")] = '\0';
	if (strncmp(line, "setkey ", 7) == 0) {
		cmd_setkey(line + 7);
		return;
	}
	if (script_split(line, av, 8) == 0)
		return;
	if (strcmp(av[0], "if") == 0)
		cmd_if(av);
	else if (strcmp(av[0], "route") == 0)
		cmd_route(av);
	else if (strcmp(av[0], "echo") == 0)
		printf("ECHO rc=%d\n", udp_echo_start());
	else if (strcmp(av[0], "register") == 0) {
		if (regso == NULL && key_socket_open(&regso) != 0)
			script_die("key_socket_open", NULL);
		send_register(SADB_SATYPE_ESP);
		send_register(SADB_SATYPE_AH);
	} else if (strcmp(av[0], "keymsgs") == 0)
		cmd_keymsgs();
	else if (strcmp(av[0], "in") == 0 || strcmp(av[0], "inq") == 0)
		cmd_in(av, strcmp(av[0], "in") == 0);
	else if (strcmp(av[0], "drain") == 0)
		printf("DRAIN n=%d\n", crypto_host_drain());
	else if (strcmp(av[0], "udp_send") == 0)
		cmd_udp_send(av);
	else if (strcmp(av[0], "sastat") == 0)
		cmd_sastat(av);
	else if (strcmp(av[0], "netstat") == 0)
		ipsec_print_stats(NULL);
	else if (strcmp(av[0], "netstat_ip") == 0)
		netstat_print_ip();
	else if (strcmp(av[0], "crypto") == 0)
		print_crypto();
	else
		script_die("unknown command", av[0]);
	if (net_host_locked())
		script_die("net lock left held by", av[0]);
}

/* Undo everything, in reverse order of set-up, then report what is left. */
static void
teardown(void)
{
	crypto_host_drain();
	setkey_flush(&sk, 0);
	setkey_flush(&sk, 1);
	setkey_close(&sk);
	if (regso != NULL)
		key_socket_close(regso);
	for (int i = 0; i < MAXSOCK; i++)
		if (socks[i] != NULL)
			udp_close(socks[i]);
	udp_echo_stop();
	if (test0 != NULL) {
		ether_ifdetach(test0);
		if_free(test0);
	}
	net_lock();
	ip_reass_drain();
	ipsec_detach();
	key_reset();
	net_unlock();
	print_crypto();
	script_print_mbufs();
}

static void
setup(void)
{
	net_init();
	net_lock();
	key_init();
	ipsec_attach();
	net_unlock();
	if (setkey_open(&sk, script_put_stdout, NULL, 1) != 0)
		script_die("setkey_open", NULL);
}

int
main(void)
{
	return (script_main(setup, run, teardown));
}
