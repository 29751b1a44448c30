/*
 * pfkey_replies: two key sockets each get their own replies only, and a
 * socket nobody reads drops what does not fit, without holding anyone up
 * (tests/boot/test_pfkey_user.py runs it as root).
 *
 * A and B each ADD an SA (an ADD's reply goes to every socket, as in
 * FreeBSD), then A GETs its SA, B GETs its own and DUMPs the SADB, and A
 * GETs an SA that does not exist: A must read exactly its GET and its
 * error, B its GET and the dump, nothing of the other's.  Then C turns
 * promiscuous and is never read while A sends N more GETs: every one is
 * answered to A at once, however full C is.
 *
 * `pfkey_replies create` only tries socket(2) as Linux's pfkey_create
 * judges it -- the capability first, then type and protocol -- and prints
 * each outcome ("raw v2: ok", "dgram v2: Socket type not supported"...).
 *
 * Otherwise it prints one line per check:
 *   A: GET seq=101 errno=0 spi=0x00005001
 *   ...
 *   flood: 6000 replies to A
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sanpo/pfkeyv2.h>

#include "say.h"

#define FLOOD	6000

static uint8_t buf[PFKEY_MSG_MAX];

static int
key_open(void)
{
	int fd = socket(PF_KEY, SOCK_RAW, PF_KEY_V2);

	if (fd < 0) {
		say("socket(PF_KEY): %s", strerror(errno));
		exit(1);
	}
	return (fd);
}

/* An SA message for 10.0.0.1 -> 10.0.0.2, ESP, spi: ADD carries a key. */
static size_t
sa_msg(uint8_t *m, uint8_t type, uint32_t seq, uint32_t spi)
{
	struct sadb_msg *h = (void *)m;
	struct sadb_sa *sa = (void *)(h + 1);
	uint8_t *p = (uint8_t *)(sa + 1);
	int i;

	memset(m, 0, 256);
	h->sadb_msg_version = PF_KEY_V2;
	h->sadb_msg_type = type;
	h->sadb_msg_satype = SADB_SATYPE_ESP;
	h->sadb_msg_seq = seq;
	h->sadb_msg_pid = (uint32_t)getpid();
	sa->sadb_sa_len = sizeof(*sa) / 8;
	sa->sadb_sa_exttype = SADB_EXT_SA;
	sa->sadb_sa_spi = __builtin_bswap32(spi);
	sa->sadb_sa_encrypt = SADB_X_EALG_AESGCM16;
	for (i = 0; i < 2; i++) {
		struct sadb_address *a = (void *)p;
		struct pfkey_sockaddr_in *s = (void *)(a + 1);

		a->sadb_address_len = (sizeof(*a) + sizeof(*s)) / 8;
		a->sadb_address_exttype = i ? SADB_EXT_ADDRESS_DST : SADB_EXT_ADDRESS_SRC;
		a->sadb_address_proto = 255;
		a->sadb_address_prefixlen = 32;
		s->sin_len = sizeof(*s);
		s->sin_family = PFKEY_AF_INET;
		s->sin_addr[0] = 10;
		s->sin_addr[3] = (uint8_t)(1 + i);
		p += sizeof(*a) + sizeof(*s);
	}
	if (type == SADB_ADD) {
		struct sadb_key *k = (void *)p;

		k->sadb_key_len = (sizeof(*k) + 24) / 8;
		k->sadb_key_exttype = SADB_EXT_KEY_ENCRYPT;
		k->sadb_key_bits = 160;
		memset(k + 1, 0x5a, 20);
		p += sizeof(*k) + 24;
	}
	h->sadb_msg_len = (uint16_t)((size_t)(p - m) / 8);
	return ((size_t)(p - m));
}

static void
xsend(int fd, const void *m, size_t len)
{
	if (send(fd, m, len, 0) != (ssize_t)len && errno != ENOENT) {
		say("send: %s", strerror(errno));
		exit(1);
	}
}

/* One message, or 0 after `ms` of silence. */
static ssize_t
next(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) <= 0)
		return (0);
	if ((n = recv(fd, buf, sizeof(buf), 0)) < 0) {
		say("recv: %s", strerror(errno));
		exit(1);
	}
	return (n);
}

/* Prints what fd has, one line each; a dump's messages are counted. */
static void
show(const char *name, int fd)
{
	int dumped = 0;

	while (next(fd, 500) > 0) {
		const struct sadb_msg *h = (const void *)buf;
		const struct sadb_sa *sa = (const void *)(h + 1);

		if (h->sadb_msg_type == SADB_DUMP) {
			dumped++;
			continue;
		}
		say("%s: %s seq=%u errno=%u spi=0x%08x", name,
		    h->sadb_msg_type == SADB_GET ? "GET" :
		    h->sadb_msg_type == SADB_ADD ? "ADD" : "other",
		    h->sadb_msg_seq, h->sadb_msg_errno,
		    h->sadb_msg_len > 2 && sa->sadb_sa_exttype == SADB_EXT_SA ?
		    __builtin_bswap32(sa->sadb_sa_spi) : 0);
	}
	if (dumped)
		say("%s: %d DUMP messages", name, dumped);
}

static void
try_create(const char *what, int type, int protocol)
{
	int fd = socket(PF_KEY, type, protocol);

	say("%s: %s", what, fd >= 0 ? "ok" : strerror(errno));
	if (fd >= 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	static uint8_t m[256];
	int a, b, c, i, got = 0;
	struct sadb_msg *h = (void *)m;

	if (argc == 2 && strcmp(argv[1], "create") == 0) {
		try_create("raw v2", SOCK_RAW, PF_KEY_V2);
		try_create("dgram v2", SOCK_DGRAM, PF_KEY_V2);
		try_create("raw 0", SOCK_RAW, 0);
		return (0);
	}
	a = key_open();
	b = key_open();
	xsend(a, m, sa_msg(m, SADB_ADD, 1, 0x5001));
	xsend(b, m, sa_msg(m, SADB_ADD, 2, 0x5002));
	show("A", a);
	show("B", b);
	xsend(a, m, sa_msg(m, SADB_GET, 101, 0x5001));
	xsend(b, m, sa_msg(m, SADB_GET, 202, 0x5002));
	memset(m, 0, sizeof(struct sadb_msg));
	h->sadb_msg_version = PF_KEY_V2;
	h->sadb_msg_type = SADB_DUMP;
	h->sadb_msg_seq = 303;
	h->sadb_msg_len = sizeof(*h) / 8;
	xsend(b, m, sizeof(*h));
	xsend(a, m, sa_msg(m, SADB_GET, 104, 0x5999));
	show("A", a);
	show("B", b);

	/* C sees every message and is never read: it fills, A is not held up. */
	c = key_open();
	memset(m, 0, sizeof(struct sadb_msg));
	h->sadb_msg_version = PF_KEY_V2;
	h->sadb_msg_type = SADB_X_PROMISC;
	h->sadb_msg_satype = 1;
	h->sadb_msg_len = sizeof(*h) / 8;
	xsend(c, m, sizeof(*h));
	for (i = 0; i < FLOOD; i++) {
		xsend(a, m, sa_msg(m, SADB_GET, 1000 + (uint32_t)i, 0x5001));
		if (next(a, 2000) > 0 && ((struct sadb_msg *)buf)->sadb_msg_seq ==
		    1000 + (uint32_t)i)
			got++;
	}
	say("flood: %d replies to A", got);
	xsend(a, m, sa_msg(m, SADB_DELETE, 3, 0x5001));
	xsend(a, m, sa_msg(m, SADB_DELETE, 4, 0x5002));
	close(c);
	close(b);
	close(a);
	return (0);
}
