/*
 * Host driver of the key engine for tests/host/net/ipsec/test_ipsec_*.py.
 *
 * Reads commands on stdin, one per line, and answers on stdout, so the
 * Python tests can build PF_KEY messages themselves (struct.pack after
 * RFC 2367, independent of net/ipsec's encoder) and inspect the replies:
 *
 *   open                     -> "sock K"
 *   close K
 *   send K HEX               -> "ret ERRNO" (key_socket_send's result)
 *   recv K                   -> "msg HEX" per queued message, then "end"
 *   heads K                  -> like recv, reading every message as a reader
 *                               would, but printing only "head LEN HEX" with
 *                               the first 32 bytes (header + first extension)
 *   pending K                -> "pending N drops D" (key_socket_pending/_drops)
 *   state                    -> "larval=A mature=B dying=C sp=D socks=E"
 *   tick SECONDS             -> advances the fake clock a second at a time,
 *                               running key_timehandler() after each
 *   xfer DST SATYPE SPI BYTES -> key_allocsa + key_sa_recordxfer: "ret E"
 *   getsa DIR SRC DST UL SPORT DPORT -> key_allocsp, then
 *                               ipsec_getsa_for_request for request 0:
 *                               "sp none" | "getsa ret=E spi=HEX|none"
 *   setkey TEXT              -> feeds a line to a setkey session; its output,
 *                               then "end errors=N"
 *   setkeyend                -> setkey_finish: "end errors=N"
 *   dumpsa / dumpsp          -> setkey -D / -DP output, then "end"
 *   stats                    -> "name=value" lines of pfkeystat, then "end"
 *   hold DST SATYPE SPI      -> key_allocsa, keeping the reference: "ret E"
 *   release                  -> "state=S linked=L refcnt=R" of the held SA,
 *                               then key_freesav (ASan checks the memory)
 *   reset                    -> key_reset()
 *   connect K                -> "ret E" for connect, listen and accept
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanpo/parse.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"
#include "net/ipsec/setkey.h"
#include "tests/host/lib/net_host.h"

#define MAXSOCK	16
#define LINEMAX	(300 * 1024)

static struct keycb *socks[MAXSOCK];
static char line[LINEMAX];
static uint8_t buf[KEY_MSG_MAX + 4096];
static struct setkey sk;
static int sk_open;
static struct secasvar *held;		/* reference kept by "hold" */

static void
put_stdout(void *arg, const char *s)
{
	(void)arg;
	fputs(s, stdout);
}

/*
 * "a.b.c.d" or a full-form IPv6 address (eight hex groups, no "::"), as
 * the tests write them; <arpa/inet.h> would clash with net/'s sockaddrs.
 */
static int
parse_ip(const char *s, union sockaddr_union *a, unsigned port)
{
	unsigned b[8];
	int i;

	memset(a, 0, sizeof(*a));
	if (strchr(s, ':') != NULL) {
		if (sscanf(s, "%x:%x:%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3],
		    &b[4], &b[5], &b[6], &b[7]) != 8)
			return (-1);
		a->sin6.sin6_len = sizeof(a->sin6);
		a->sin6.sin6_family = AF_INET6;
		for (i = 0; i < 8; i++) {
			a->sin6.sin6_addr.s6_addr[2 * i] = (uint8_t)(b[i] >> 8);
			a->sin6.sin6_addr.s6_addr[2 * i + 1] = (uint8_t)b[i];
		}
		a->sin6.sin6_port = htons((uint16_t)port);
		return (0);
	}
	if (sscanf(s, "%u.%u.%u.%u", &b[0], &b[1], &b[2], &b[3]) != 4)
		return (-1);
	a->sin.sin_len = sizeof(a->sin);
	a->sin.sin_family = AF_INET;
	a->sin.sin_addr.s_addr = htonl(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
	a->sin.sin_port = htons((uint16_t)port);
	return (0);
}

static void
cmd_heads(int k)
{
	int n, i;

	while ((n = key_socket_recv(socks[k], buf, sizeof(buf), 0)) > 0) {
		printf("head %d ", n);
		for (i = 0; i < n && i < 32; i++)
			printf("%02x", buf[i]);
		printf("\n");
	}
	printf("end\n");
}

static void
cmd_recv(int k)
{
	int n, i;

	while ((n = key_socket_recv(socks[k], buf, sizeof(buf), 0)) > 0) {
		printf("msg ");
		for (i = 0; i < n; i++)
			printf("%02x", buf[i]);
		printf("\n");
	}
	printf("end\n");
}

static void
cmd_xfer(const char *args)
{
	char dst[64];
	unsigned satype, spi;
	unsigned long long bytes;
	union sockaddr_union a;
	struct secasvar *sav;
	int found;

	if (sscanf(args, "%63s %u %x %llu", dst, &satype, &spi, &bytes) != 4 ||
	    parse_ip(dst, &a, 0) != 0) {
		printf("bad xfer\n");
		return;
	}
	net_lock();
	sav = key_allocsa(&a, key_satype2proto((uint8_t)satype), htonl(spi));
	found = sav != NULL;
	if (sav != NULL) {
		key_sa_recordxfer(sav, bytes);
		key_freesav(&sav);
	}
	net_unlock();
	printf("ret %d\n", found ? 0 : ENOENT);
}

static void
cmd_hold(const char *args)
{
	char dst[64];
	unsigned satype, spi;
	union sockaddr_union a;

	if (held != NULL || sscanf(args, "%63s %u %x", dst, &satype, &spi) != 3 ||
	    parse_ip(dst, &a, 0) != 0) {
		printf("bad hold\n");
		return;
	}
	net_lock();
	held = key_allocsa(&a, key_satype2proto((uint8_t)satype), htonl(spi));
	net_unlock();
	printf("ret %d\n", held != NULL ? 0 : ENOENT);
}

static void
cmd_release(void)
{
	if (held == NULL) {
		printf("nothing held\n");
		return;
	}
	net_lock();
	printf("state=%u linked=%d refcnt=%u\n", held->state, held->linked,
	    held->refcnt);
	key_freesav(&held);
	net_unlock();
}

static void
cmd_getsa(const char *args)
{
	char s[64], d[64];
	unsigned dir, ul, sport, dport;
	struct ipsec_selector sel;
	struct secpolicy *sp;
	struct secasvar *sav = NULL;
	int e;

	if (sscanf(args, "%u %63s %63s %u %u %u", &dir, s, d, &ul, &sport,
	    &dport) != 6 || parse_ip(s, &sel.src, sport) ||
	    parse_ip(d, &sel.dst, dport)) {
		printf("bad getsa\n");
		return;
	}
	sel.ul_proto = (uint8_t)ul;
	net_lock();
	sp = key_allocsp((int)dir, &sel);
	if (sp == NULL) {
		net_unlock();
		printf("sp none\n");
		return;
	}
	printf("sp id=%u policy=%u nreq=%d\n", sp->id, sp->policy, sp->nreq);
	if (sp->nreq > 0) {
		e = ipsec_getsa_for_request(sp, 0, &sel.src, &sel.dst, &sav);
		if (sav != NULL)
			printf("getsa ret=%d spi=%08x\n", e, ntohl(sav->spi));
		else
			printf("getsa ret=%d spi=none\n", e);
		key_freesav(&sav);
	}
	key_freesp(&sp);
	net_unlock();
}

static void
cmd_stats(void)
{
#define P(f)	printf(#f "=%llu\n", (unsigned long long)pfkeystat.f)
	P(out_total); P(out_invalid); P(out_tooshort); P(out_toobig);
	P(out_invlen); P(out_invver); P(out_invmsgtype); P(out_invsatype);
	P(out_invexttype); P(out_dupext); P(out_noext); P(out_invaddr);
	P(in_total); P(in_nomem); P(acquire_sent); P(acquire_limited);
	P(expire_soft); P(expire_hard); P(larval_timeout);
#undef P
	printf("end\n");
}

static void
ensure_setkey(void)
{
	if (!sk_open && setkey_open(&sk, put_stdout, NULL, 4242) == 0)
		sk_open = 1;
}

static void
dispatch(char *l)
{
	size_t len;
	int k, e, i;
	struct keycb *dummy;

	l[strcspn(l, "\n")] = '\0';
	if (strcmp(l, "open") == 0) {
		for (k = 0; k < MAXSOCK && socks[k] != NULL; k++)
			;
		e = k < MAXSOCK ? key_socket_open(&socks[k]) : ENOBUFS;
		printf(e ? "ret %d\n" : "sock %d\n", e ? e : k);
	} else if (sscanf(l, "close %d", &k) == 1) {
		key_socket_close(socks[k]);
		socks[k] = NULL;
	} else if (sscanf(l, "send %d", &k) == 1) {
		const char *h = strchr(l + 5, ' ');

		if (h == NULL || parse_hex(h + 1, buf, sizeof(buf), &len) != 0) {
			printf("bad hex\n");
			return;
		}
		printf("ret %d\n", key_socket_send(socks[k], buf, len));
	} else if (sscanf(l, "heads %d", &k) == 1 && k >= 0 && k < MAXSOCK && socks[k]) {
		cmd_heads(k);
	} else if (sscanf(l, "pending %d", &k) == 1 && k >= 0 && k < MAXSOCK && socks[k]) {
		printf("pending %d drops %llu\n", key_socket_pending(socks[k]),
		    (unsigned long long)key_socket_drops(socks[k]));
	} else if (sscanf(l, "recv %d", &k) == 1) {
		cmd_recv(k);
	} else if (strcmp(l, "state") == 0) {
		net_lock();
		printf("larval=%d mature=%d dying=%d sp=%d socks=%d\n",
		    key_sa_count(SADB_SASTATE_LARVAL), key_sa_count(SADB_SASTATE_MATURE),
		    key_sa_count(SADB_SASTATE_DYING), key_sp_count(), key_socket_count());
		net_unlock();
	} else if (sscanf(l, "tick %d", &k) == 1) {
		for (i = 0; i < k; i++) {
			net_host_advance(1000);
			net_lock();
			key_timehandler();
			net_unlock();
		}
		printf("ok\n");
	} else if (strncmp(l, "xfer ", 5) == 0) {
		cmd_xfer(l + 5);
	} else if (strncmp(l, "getsa ", 6) == 0) {
		cmd_getsa(l + 6);
	} else if (strncmp(l, "setkey ", 7) == 0) {
		ensure_setkey();
		printf("end errors=%d\n", setkey_feed(&sk, l + 7));
	} else if (strcmp(l, "setkeyend") == 0) {
		ensure_setkey();
		printf("end errors=%d\n", setkey_finish(&sk));
	} else if (strcmp(l, "dumpsa") == 0 || strcmp(l, "dumpsp") == 0) {
		ensure_setkey();
		setkey_dump(&sk, l[5] == 'p');
		printf("end\n");
	} else if (strncmp(l, "hold ", 5) == 0) {
		cmd_hold(l + 5);
	} else if (strcmp(l, "release") == 0) {
		cmd_release();
	} else if (strcmp(l, "stats") == 0) {
		cmd_stats();
	} else if (strcmp(l, "reset") == 0) {
		net_lock();
		key_reset();
		net_unlock();
	} else if (sscanf(l, "connect %d", &k) == 1) {
		printf("ret %d %d %d\n", key_socket_connect(socks[k], NULL),
		    key_socket_listen(socks[k], 5), key_socket_accept(socks[k], &dummy));
	} else if (l[0] != '\0') {
		printf("unknown command\n");
	}
}

int
main(void)
{
	int k;

	net_host_set_time(1000000);	/* boot + 1000 s */
	net_lock();
	key_init();
	net_unlock();
	while (fgets(line, sizeof(line), stdin) != NULL) {
		dispatch(line);
		fflush(stdout);
	}
	if (sk_open)
		setkey_close(&sk);
	for (k = 0; k < MAXSOCK; k++)
		key_socket_close(socks[k]);
	net_lock();
	key_reset();
	net_unlock();
	return (0);
}
