/*
 * pfkey_fuzz SECONDS [SEED]: a PF_KEY fuzzer through the socket, from user
 * space (tests/boot/test_pfkey_user.py runs it as root).
 *
 * Four key sockets (one promiscuous, one registered for ESP) get, for
 * SECONDS, messages that are either random bytes (with a plausible header
 * half of the time) or well-formed messages of every type -- ADD, UPDATE,
 * GETSPI, GET, DELETE, FLUSH, DUMP, REGISTER, SPDADD, SPDDELETE, SPDDUMP,
 * SPDFLUSH, PROMISC, ACQUIRE -- over a small pool of addresses and SPIs,
 * mutated (bytes flipped, cut short, lengths changed, extensions
 * repeated).  Replies are read without waiting, sometimes not at all (the
 * receive buffers fill: the kernel must drop and count, not block), and a
 * socket is now and then closed in the middle of a dump and reopened.
 * At the end the SADB and SPD are flushed and the counts printed:
 *   pfkey_fuzz: sent N accepted A refused R read M bytes B reopened O
 * Exit status 0 unless a socket could not be opened or a system call
 * failed in a way PF_KEY never should (EFAULT, EBADF...).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sanpo/pfkeyv2.h>

#include "say.h"
#include "xorshift.h"

#define NSOCK		4
#define MSG_ROOM	4096		/* the largest message built */

static int fds[NSOCK];
static uint64_t rng;
static unsigned long sent, accepted, refused, nread, bytesread, reopened;
static uint8_t rbuf[PFKEY_MSG_MAX];

static uint32_t
rnd(void)
{
	return ((uint32_t)(xorshift64(&rng) >> 11));
}

static uint32_t
below(uint32_t n)
{
	return (n ? rnd() % n : 0);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* A message under construction. */
struct msg {
	uint8_t		b[MSG_ROOM];
	size_t		len;
};

static void *
put(struct msg *m, size_t len)
{
	void *p;

	len = (len + 7) & ~(size_t)7;
	if (m->len + len > sizeof(m->b))
		return (NULL);
	p = m->b + m->len;
	memset(p, 0, len);
	m->len += len;
	return (p);
}

static void
hdr(struct msg *m, uint8_t type, uint8_t satype)
{
	struct sadb_msg *h;

	m->len = 0;
	h = put(m, sizeof(*h));
	h->sadb_msg_version = PF_KEY_V2;
	h->sadb_msg_type = type;
	h->sadb_msg_satype = satype;
	h->sadb_msg_seq = rnd();
	h->sadb_msg_pid = (uint32_t)getpid();
}

static void
finish(struct msg *m)
{
	((struct sadb_msg *)m->b)->sadb_msg_len = (uint16_t)(m->len / 8);
}

/* An address extension: 10.0.0.1-4 or 2001:db8::1-4, plen, upper protocol. */
static void
address(struct msg *m, uint16_t exttype, int v6, uint8_t plen, uint8_t proto)
{
	struct sadb_address *a;

	if (v6) {
		struct pfkey_sockaddr_in6 *s;

		a = put(m, sizeof(*a) + 32);
		if (a == NULL)
			return;
		a->sadb_address_len = (sizeof(*a) + 32) / 8;
		s = (void *)(a + 1);
		s->sin6_len = sizeof(*s);
		s->sin6_family = PFKEY_AF_INET6;
		s->sin6_addr[0] = 0x20;
		s->sin6_addr[1] = 0x01;
		s->sin6_addr[2] = 0x0d;
		s->sin6_addr[3] = 0xb8;
		s->sin6_addr[15] = (uint8_t)(1 + below(4));
	} else {
		struct pfkey_sockaddr_in *s;

		a = put(m, sizeof(*a) + 16);
		if (a == NULL)
			return;
		a->sadb_address_len = (sizeof(*a) + 16) / 8;
		s = (void *)(a + 1);
		s->sin_len = sizeof(*s);
		s->sin_family = PFKEY_AF_INET;
		s->sin_addr[0] = 10;
		s->sin_addr[3] = (uint8_t)(1 + below(4));
		if (below(4) == 0)
			s->sin_port = (uint16_t)rnd();
	}
	a->sadb_address_exttype = exttype;
	a->sadb_address_proto = proto;
	a->sadb_address_prefixlen = plen;
}

static void
sa_ext(struct msg *m, int auth_only)
{
	struct sadb_sa *s = put(m, sizeof(*s));

	if (s == NULL)
		return;
	s->sadb_sa_len = sizeof(*s) / 8;
	s->sadb_sa_exttype = SADB_EXT_SA;
	s->sadb_sa_spi = __builtin_bswap32(0x1000 + below(8));
	s->sadb_sa_replay = (uint8_t)below(3) * 32;
	s->sadb_sa_encrypt = auth_only ? SADB_EALG_NONE :
	    below(2) ? SADB_X_EALG_AESGCM16 : SADB_X_EALG_AESCBC;
	s->sadb_sa_auth = auth_only || s->sadb_sa_encrypt == SADB_X_EALG_AESCBC ?
	    SADB_X_AALG_SHA2_256 : SADB_AALG_NONE;
	if (below(8) == 0)
		s->sadb_sa_flags = SADB_X_EXT_ESN;
}

static void
key_ext(struct msg *m, uint16_t exttype, unsigned bits)
{
	struct sadb_key *k = put(m, sizeof(*k) + (bits / 8 + 7) / 8 * 8);
	size_t i;

	if (k == NULL)
		return;
	k->sadb_key_len = (uint16_t)((sizeof(*k) + (bits / 8 + 7) / 8 * 8) / 8);
	k->sadb_key_exttype = exttype;
	k->sadb_key_bits = (uint16_t)bits;
	for (i = 0; i < bits / 8; i++)
		((uint8_t *)(k + 1))[i] = (uint8_t)rnd();
}

static void
lifetime(struct msg *m, uint16_t exttype)
{
	struct sadb_lifetime *l = put(m, sizeof(*l));

	if (l == NULL)
		return;
	l->sadb_lifetime_len = sizeof(*l) / 8;
	l->sadb_lifetime_exttype = exttype;
	l->sadb_lifetime_addtime = below(3);
	l->sadb_lifetime_bytes = below(2) ? 0 : below(5000);
}

static void
policy(struct msg *m, int v6)
{
	struct sadb_x_policy *p = put(m, sizeof(*p));
	struct sadb_x_ipsecrequest *r;
	size_t start = m->len - sizeof(*p);
	int i, n = (int)below(3);

	if (p == NULL)
		return;
	p->sadb_x_policy_exttype = SADB_X_EXT_POLICY;
	p->sadb_x_policy_type = (uint16_t)(n ? IPSEC_POLICY_IPSEC : below(3));
	p->sadb_x_policy_dir = (uint8_t)(1 + below(3));
	p->sadb_x_policy_priority = below(2) ? 0 : rnd();
	for (i = 0; i < n; i++) {
		int tunnel = (int)below(2);
		size_t alen = tunnel ? (v6 ? 2 * 28 : 2 * 16) : 0;

		if ((r = put(m, sizeof(*r) + alen)) == NULL)
			break;
		r->sadb_x_ipsecrequest_len = (uint16_t)((sizeof(*r) + alen + 7) & ~7u);
		r->sadb_x_ipsecrequest_proto = below(2) ? 50 : 51;
		r->sadb_x_ipsecrequest_mode = (uint8_t)(tunnel ? IPSEC_MODE_TUNNEL :
		    IPSEC_MODE_TRANSPORT);
		r->sadb_x_ipsecrequest_level = (uint8_t)below(4);
		r->sadb_x_ipsecrequest_reqid = below(3);
		if (tunnel && !v6) {
			struct pfkey_sockaddr_in *s = (void *)(r + 1);

			s[0].sin_len = s[1].sin_len = 16;
			s[0].sin_family = s[1].sin_family = PFKEY_AF_INET;
			s[0].sin_addr[0] = s[1].sin_addr[0] = 192;
			s[0].sin_addr[3] = 1;
			s[1].sin_addr[3] = 2;
		} else if (tunnel) {
			struct pfkey_sockaddr_in6 *s = (void *)(r + 1);

			s[0].sin6_len = s[1].sin6_len = 28;
			s[0].sin6_family = s[1].sin6_family = PFKEY_AF_INET6;
			s[0].sin6_addr[15] = 1;
			s[1].sin6_addr[15] = 2;
		}
	}
	p = (void *)(m->b + start);
	p->sadb_x_policy_len = (uint16_t)((m->len - start) / 8);
}

/* One well-formed message of a random type. */
static void
valid(struct msg *m)
{
	static const uint8_t types[] = { SADB_ADD, SADB_ADD, SADB_ADD, SADB_UPDATE,
	    SADB_GETSPI, SADB_GET, SADB_DELETE, SADB_DELETE, SADB_FLUSH, SADB_DUMP,
	    SADB_REGISTER, SADB_X_SPDADD, SADB_X_SPDADD, SADB_X_SPDDELETE,
	    SADB_X_SPDDUMP, SADB_X_SPDFLUSH, SADB_X_PROMISC, SADB_ACQUIRE };
	uint8_t type = types[below(sizeof(types))];
	int ah = below(4) == 0, v6 = below(4) == 0;
	uint8_t satype = ah ? SADB_SATYPE_AH : SADB_SATYPE_ESP;

	hdr(m, type, satype);
	switch (type) {
	case SADB_ADD:
	case SADB_UPDATE:
		sa_ext(m, ah);
		address(m, SADB_EXT_ADDRESS_SRC, v6, v6 ? 128 : 32, 255);
		address(m, SADB_EXT_ADDRESS_DST, v6, v6 ? 128 : 32, 255);
		if (below(3) == 0)
			lifetime(m, SADB_EXT_LIFETIME_HARD);
		if (below(3) == 0)
			lifetime(m, SADB_EXT_LIFETIME_SOFT);
		{
			struct sadb_sa *s = (void *)(m->b + sizeof(struct sadb_msg));

			if (s->sadb_sa_encrypt == SADB_X_EALG_AESGCM16)
				key_ext(m, SADB_EXT_KEY_ENCRYPT, 160);
			else if (s->sadb_sa_encrypt == SADB_X_EALG_AESCBC)
				key_ext(m, SADB_EXT_KEY_ENCRYPT, 128);
			if (s->sadb_sa_auth != SADB_AALG_NONE)
				key_ext(m, SADB_EXT_KEY_AUTH, 256);
		}
		break;
	case SADB_GET:
	case SADB_DELETE:
		if (below(4) != 0)
			sa_ext(m, ah);
		/* FALLTHROUGH */
	case SADB_GETSPI:
	case SADB_ACQUIRE:
		address(m, SADB_EXT_ADDRESS_SRC, v6, v6 ? 128 : 32, 255);
		address(m, SADB_EXT_ADDRESS_DST, v6, v6 ? 128 : 32, 255);
		if (type == SADB_ACQUIRE)
			((struct sadb_msg *)m->b)->sadb_msg_errno = (uint8_t)below(30);
		break;
	case SADB_FLUSH:
	case SADB_DUMP:
	case SADB_REGISTER:
		if (below(3) == 0)
			((struct sadb_msg *)m->b)->sadb_msg_satype = SADB_SATYPE_UNSPEC;
		break;
	case SADB_X_PROMISC:
		((struct sadb_msg *)m->b)->sadb_msg_satype = (uint8_t)below(2);
		break;
	case SADB_X_SPDADD:
	case SADB_X_SPDDELETE:
		((struct sadb_msg *)m->b)->sadb_msg_satype = SADB_SATYPE_UNSPEC;
		address(m, SADB_EXT_ADDRESS_SRC, v6, (uint8_t)below(v6 ? 129 : 33), 255);
		address(m, SADB_EXT_ADDRESS_DST, v6, (uint8_t)below(v6 ? 129 : 33), 255);
		policy(m, v6);
		break;
	default:
		((struct sadb_msg *)m->b)->sadb_msg_satype = SADB_SATYPE_UNSPEC;
		break;
	}
	finish(m);
}

/* Flips bytes, cuts, repeats an extension or changes a length. */
static void
mutate(struct msg *m)
{
	int i, n = 1 + (int)below(4);

	for (i = 0; i < n; i++) {
		switch (below(6)) {
		case 0:
		case 1:
			m->b[below((uint32_t)m->len)] ^= (uint8_t)(1u << below(8));
			break;
		case 2:
			m->b[below((uint32_t)m->len)] = (uint8_t)rnd();
			break;
		case 3:
			m->len = below((uint32_t)m->len + 1);
			break;
		case 4:
			if (m->len > 24 && m->len * 2 <= sizeof(m->b)) {
				size_t from = 16 + below((uint32_t)(m->len - 16) / 8) * 8;

				memmove(m->b + m->len, m->b + from, m->len - from);
				m->len += m->len - from;
			}
			break;
		default:
			if (m->len >= 6)
				((struct sadb_msg *)m->b)->sadb_msg_len = (uint16_t)below(600);
			break;
		}
	}
}

static void
randombytes(struct msg *m)
{
	size_t i;

	m->len = below(sizeof(m->b) + 1);
	for (i = 0; i < m->len; i++)
		m->b[i] = (uint8_t)rnd();
	if (below(2) && m->len >= sizeof(struct sadb_msg)) {
		struct sadb_msg *h = (void *)m->b;

		h->sadb_msg_version = PF_KEY_V2;
		h->sadb_msg_type = (uint8_t)below(SADB_MAX + 2);
		h->sadb_msg_len = (uint16_t)(m->len / 8);
		m->len &= ~(size_t)7;
	}
}

static int
open_key(void)
{
	int fd = socket(PF_KEY, SOCK_RAW, PF_KEY_V2);

	if (fd < 0) {
		say("pfkey_fuzz: socket(PF_KEY): %s", strerror(errno));
		exit(1);
	}
	return (fd);
}

/* Reads what is queued on fd, at most `max` messages, without waiting. */
static void
drain(int fd, int max)
{
	ssize_t n;

	while (max-- > 0) {
		n = recv(fd, rbuf, sizeof(rbuf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			say("pfkey_fuzz: recv: %s", strerror(errno));
			exit(1);
		}
		nread++;
		bytesread += (unsigned long)n;
	}
}

static void
send_on(int fd, const struct msg *m)
{
	sent++;
	if (send(fd, m->b, m->len, 0) == (ssize_t)m->len) {
		accepted++;
		return;
	}
	if (errno == EFAULT || errno == EBADF || errno == ENOTSOCK) {
		say("pfkey_fuzz: send: %s", strerror(errno));
		exit(1);
	}
	refused++;
}

int
main(int argc, char **argv)
{
	static struct msg m;
	double end;
	int i, s;

	if (argc < 2 || argc > 3) {
		say("usage: pfkey_fuzz seconds [seed]");
		return (2);
	}
	end = now() + atof(argv[1]);
	rng = argc == 3 ? strtoull(argv[2], NULL, 0) : (uint64_t)time(NULL);
	rng = rng * 2654435761u + 1;
	for (i = 0; i < NSOCK; i++)
		fds[i] = open_key();
	/* Socket 1 sees everything; socket 2 gets ESP's REGISTER broadcasts. */
	hdr(&m, SADB_X_PROMISC, 1);
	finish(&m);
	send_on(fds[1], &m);
	hdr(&m, SADB_REGISTER, SADB_SATYPE_ESP);
	finish(&m);
	send_on(fds[2], &m);
	while (now() < end) {
		s = (int)below(NSOCK);
		switch (below(4)) {
		case 0:
			randombytes(&m);
			break;
		case 1:
			valid(&m);
			break;
		default:
			valid(&m);
			mutate(&m);
			break;
		}
		send_on(fds[s], &m);
		/* Socket 3 is read rarely: its buffer fills and drops. */
		for (i = 0; i < NSOCK; i++)
			if (i != 3 || below(64) == 0)
				drain(fds[i], (int)below(8));
		if (below(256) == 0) {
			s = (int)below(NSOCK);
			close(fds[s]);
			fds[s] = open_key();
			reopened++;
		}
	}
	/* Leave nothing behind: both databases flushed, every socket closed. */
	hdr(&m, SADB_FLUSH, SADB_SATYPE_UNSPEC);
	finish(&m);
	send_on(fds[0], &m);
	hdr(&m, SADB_X_SPDFLUSH, SADB_SATYPE_UNSPEC);
	finish(&m);
	send_on(fds[0], &m);
	for (i = 0; i < NSOCK; i++)
		close(fds[i]);
	say("pfkey_fuzz: sent %lu accepted %lu refused %lu read %lu bytes %lu reopened %lu",
	    sent, accepted, refused, nread, bytesread, reopened);
	return (0);
}
