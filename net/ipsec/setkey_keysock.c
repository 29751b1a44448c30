/*
 * setkey over the key engine's own key socket (keysock.h), in the same
 * program as the engine: the host tests and fuzzers.  Beside the engine,
 * it can also print an SA's datapath counters, which PF_KEY does not
 * carry (setkey -D's "stats:" line); the setkey program (user/sbin/setkey)
 * has no such line.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"
#include "net/ipsec/setkey.h"

static int
sks_send(struct setkey *sk, const void *msg, size_t len)
{
	return (key_socket_send(sk->ioarg, msg, len) == 0 ? 0 : -1);
}

static int
sks_recv(struct setkey *sk, void *buf, size_t len, uint32_t timeout_ms)
{
	int n = key_socket_recv(sk->ioarg, buf, len, timeout_ms);

	return (n >= 0 ? n : n == -EAGAIN ? 0 : -1);
}

/* Nothing printed if the SA has gone since the dump. */
static void
sks_sa_stats(struct setkey *sk, const void *dstsa, uint8_t satype, uint32_t spi)
{
	const struct sockaddr *sa = dstsa;
	union sockaddr_union dst;
	struct secasvar_stats st;

	if (sa->sa_len > sizeof(dst))
		return;
	memset(&dst, 0, sizeof(dst));
	memcpy(&dst, sa, sa->sa_len);
	if (key_sa_getstats(&dst, key_satype2proto(satype), spi, &st) != 0)
		return;
	setkey_printf(sk, "\tstats: ipackets=%llu opackets=%llu ibytes=%llu obytes=%llu "
	    "replay=%llu authfail=%llu\n", (unsigned long long)st.ipackets,
	    (unsigned long long)st.opackets, (unsigned long long)st.ibytes,
	    (unsigned long long)st.obytes, (unsigned long long)st.replay,
	    (unsigned long long)st.authfail);
}

static void
sks_close(struct setkey *sk)
{
	key_socket_close(sk->ioarg);
}

static const struct setkey_io setkey_keysock_io = {
	.send = sks_send,
	.recv = sks_recv,
	.sa_stats = sks_sa_stats,
	.close = sks_close,
};

int
setkey_open(struct setkey *sk, void (*put)(void *, const char *), void *arg,
    uint32_t pid)
{
	struct keycb *so;
	int error;

	memset(sk, 0, sizeof(*sk));
	if ((error = key_socket_open(&so)) != 0)
		return (error);
	setkey_init(sk, &setkey_keysock_io, so, put, arg, pid);
	return (0);
}
