/*
 * The helpers of host_script.h for the scriptable net/ host drivers: one
 * error convention, one word splitter, the common library's hex and IPv4
 * parsers behind it, one printing test interface and one leak report, so
 * the drivers hold only their own commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanpo/parse.h>

#include "net/if_var.h"
#include "net/mbuf.h"
#include "tests/host/lib/host_script.h"
#include "tests/host/lib/net_host.h"

static uint8_t tx_frame[SCRIPT_MAXFRAME];	/* script_transmit's copy */
static char line[2 * SCRIPT_MAXFRAME + 256];	/* a frame in hex and its command */

int
script_main(void (*setup)(void), void (*run)(char *line), void (*teardown)(void))
{
	setvbuf(stdout, NULL, _IONBF, 0);
	setup();
	while (fgets(line, sizeof(line), stdin) != NULL)
		run(line);
	teardown();
	return (0);
}

void
script_die(const char *what, const char *arg)
{
	printf("SCRIPT-ERROR %s %s\n", what, arg ? arg : "");
	exit(2);
}

int
script_split(char *line, char **av, int max)
{
	int ac = 0;

	for (char *t = strtok(line, " \t\r\n"); t != NULL && ac < max - 1;
	    t = strtok(NULL, " \t\r\n"))
		av[ac++] = t;
	av[ac] = NULL;
	return (ac > 0 && av[0][0] == '#' ? 0 : ac);
}

size_t
script_hex(const char *s, uint8_t *out, size_t max)
{
	size_t len;

	if (s == NULL || parse_hex(s, out, max, &len) != 0)
		script_die("bad hex", s);
	return (len);
}

struct in_addr
script_addr(const char *s)
{
	struct in_addr a;

	if (s == NULL || inet_aton_net(s, &a) != 0)
		script_die("bad address", s);
	return (a);
}

void
script_print_hex(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		printf("%02x", p[i]);
}

int
script_transmit(struct ifnet *ifp, struct mbuf *m)
{
	int len = m->m_pkthdr.len;

	if (!net_host_locked())
		script_die("if_transmit called without the net lock", ifp->if_xname);
	if (len > SCRIPT_MAXFRAME)
		script_die("frame too long", ifp->if_xname);
	m_copydata(m, 0, len, tx_frame);
	printf("TX %s ", ifp->if_xname);
	script_print_hex(tx_frame, (size_t)len);
	printf("\n");
	ifp->if_opackets++;
	m_freem(m);
	return (0);
}

void
script_put_stdout(void *arg, const char *s)
{
	(void)arg;
	fputs(s, stdout);
}

void
script_print_mbufs(void)
{
	printf("MBUFS %llu %llu %llu %llu\n", (unsigned long long)mbstat.m_mbufs,
	    (unsigned long long)mbstat.m_clusters, (unsigned long long)mbstat.m_tags,
	    (unsigned long long)mbstat.m_bytes_inuse);
}
