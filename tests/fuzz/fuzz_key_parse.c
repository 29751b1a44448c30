/*
 * libFuzzer target: key_parse() and its dispatch, on a fresh SADB/SPD per
 * input.
 *
 * An input is a sequence of PF_KEY messages: each one's length is taken
 * from its sadb_msg_len when that fits in what is left, otherwise the rest
 * of the input is one (malformed) message, so the fuzzer can build
 * GETSPI-then-UPDATE or ADD-then-DELETE sequences as well as garbage.
 * Messages go through key_socket_send() like any writer's.  Afterwards the
 * clock moves on (lifetimes, larval timeout, ACQUIRE rate limit), the
 * datapath lookups run once, every queued reply is read and printed by
 * setkey's printer (to nowhere), and the key engine is reset, so no state
 * leaks from one input to the next.  Three sockets: the writer, one
 * registered for ESP and AH, one promiscuous.
 */
#include <stdint.h>
#include <string.h>

#include "net/net_platform.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"
#include "net/ipsec/setkey.h"
#include "tests/host/lib/net_host.h"

#define MAX_MSGS	32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct keycb *writer, *registered, *promisc;
static uint8_t rbuf[KEY_MSG_MAX];
static struct setkey printer;

static void
discard(void *arg, const char *s)
{
	(void)arg;
	(void)s;
}

static void
send_simple(struct keycb *so, uint8_t type, uint8_t satype)
{
	struct sadb_msg m;

	memset(&m, 0, sizeof(m));
	m.sadb_msg_version = PF_KEY_V2;
	m.sadb_msg_type = type;
	m.sadb_msg_satype = satype;
	m.sadb_msg_len = PFKEY_UNIT64(sizeof(m));
	m.sadb_msg_pid = 1;
	key_socket_send(so, &m, sizeof(m));
}

static void
setup(void)
{
	net_lock();
	key_init();
	net_unlock();
	key_socket_open(&writer);
	key_socket_open(&registered);
	key_socket_open(&promisc);
	send_simple(registered, SADB_REGISTER, SADB_SATYPE_ESP);
	send_simple(registered, SADB_REGISTER, SADB_SATYPE_AH);
	send_simple(promisc, SADB_X_PROMISC, 1);
	printer.put = discard;
}

static void
drain(struct keycb *so)
{
	int n;

	while ((n = key_socket_recv(so, rbuf, sizeof(rbuf), 0)) > 0)
		setkey_print_msg(&printer, rbuf, (size_t)n);
}

/* What the datapath will do: look up a policy and its SA, count bytes. */
static void
datapath_once(void)
{
	struct ipsec_selector sel;
	struct secpolicy *sp;
	struct secasvar *sav = NULL;

	memset(&sel, 0, sizeof(sel));
	sel.src.sin.sin_len = sel.dst.sin.sin_len = sizeof(struct sockaddr_in);
	sel.src.sin.sin_family = sel.dst.sin.sin_family = AF_INET;
	sel.src.sin.sin_addr.s_addr = htonl(0x0a000001);
	sel.dst.sin.sin_addr.s_addr = htonl(0x0a000002);
	sel.ul_proto = IPPROTO_UDP;
	net_lock();
	sp = key_allocsp(IPSEC_DIR_OUTBOUND, &sel);
	if (sp != NULL && sp->nreq > 0)
		ipsec_getsa_for_request(sp, 0, &sel.src, &sel.dst, &sav);
	if (sav != NULL)
		key_sa_recordxfer(sav, 1400);
	key_freesav(&sav);
	key_freesp(&sp);
	net_unlock();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	size_t off = 0, len, rem;
	uint16_t units;
	int n;

	if (!ready) {
		setup();
		ready = 1;
	}
	for (n = 0; off < size && n < MAX_MSGS; n++) {
		rem = size - off;
		len = rem;
		if (rem >= 6) {
			memcpy(&units, data + off + 4, sizeof(units));
			if (units != 0 && PFKEY_UNUNIT64(units) <= rem)
				len = PFKEY_UNUNIT64(units);
		}
		key_socket_send(writer, data + off, len);
		off += len;
	}
	datapath_once();
	for (n = 0; n < 3; n++) {
		net_host_advance(size % 2 ? 1000 : 31000);
		net_lock();
		key_timehandler();
		net_unlock();
	}
	drain(writer);
	drain(registered);
	drain(promisc);
	net_lock();
	key_reset();
	net_unlock();
	return (0);
}
