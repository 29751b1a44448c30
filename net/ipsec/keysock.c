/*
 * PF_KEY key sockets (FreeBSD's keysock.c): open, close, write, read,
 * the bounded receive queues and key_sendup()'s delivery rules.
 *
 * A message written goes to key_output(), which copies it (so key_parse
 * never reads memory the writer may change) and runs key_parse() with the
 * net lock held.  Replies and notifications are queued as whole messages;
 * a queue over KEYSOCK_RCVQ_BYTES or KEYSOCK_RCVQ_MSGS drops the new
 * message and counts it (pfkeystat.in_nomem and the socket's own drops)
 * instead of growing without bound, since the kernel must never block on
 * a reader that does not read.  A dump is the exception that needs no
 * limit: it is produced only as fast as its reader reads (keysock_refill).
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"

/* One queued message. */
struct keymsg {
	struct keymsg	*next;		/* queue order */
	size_t		 len;		/* bytes in data */
	uint8_t		 data[];	/* the message */
};

/* A key socket (FreeBSD's keycb). */
struct keycb {
	struct keycb	*kp_next;	/* list of all key sockets */
	struct keymsg	*kp_head;	/* receive queue: oldest */
	struct keymsg	*kp_tail;	/* newest */
	size_t		 kp_qbytes;	/* bytes queued */
	int		 kp_qmsgs;	/* messages queued */
	uint32_t	 kp_registered;	/* bit (1 << satype): REGISTERed */
	int		 kp_promisc;	/* gets a copy of everything sent up */
	uint64_t	 kp_drops;	/* messages dropped: queue full */
	struct key_dump	*kp_dump;	/* dump being produced, or NULL */
	int		 kp_dumping;	/* in kp_dump->kd_next: queue whatever it sends */
	/* A user-space socket's receive buffer instead of the queue above. */
	int		(*kp_deliver)(void *arg, const void *msg, size_t len);
	void		*kp_deliver_arg;
};

static struct keycb *keysock_list;	/* all open key sockets */
static int keysock_count;		/* length of keysock_list */

/* A new socket on the list, delivering to `deliver` if not NULL. */
static int
keysock_new(int (*deliver)(void *, const void *, size_t), void *arg,
    struct keycb **pso)
{
	struct keycb *kp;

	*pso = NULL;
	kp = net_malloc(sizeof(*kp));
	if (kp == NULL)
		return (ENOBUFS);
	kp->kp_deliver = deliver;
	kp->kp_deliver_arg = arg;
	net_lock();
	kp->kp_next = keysock_list;
	keysock_list = kp;
	keysock_count++;
	net_unlock();
	*pso = kp;
	return (0);
}

int
key_socket_create(int domain, int type, int protocol, struct keycb **pso)
{
	*pso = NULL;
	if (domain != PF_KEY || type != SOCK_RAW || protocol != PF_KEY_V2)
		return (EPROTONOSUPPORT);
	return (keysock_new(NULL, NULL, pso));
}

int
key_socket_open(struct keycb **pso)
{
	return (key_socket_create(PF_KEY, SOCK_RAW, PF_KEY_V2, pso));
}

int
key_socket_open_upper(int (*deliver)(void *arg, const void *msg, size_t len),
    void *arg, struct keycb **pso)
{
	return (keysock_new(deliver, arg, pso));
}

/* Ends the dump on kp, if any. */
static void
keysock_end_dump(struct keycb *kp)
{
	struct key_dump *kd = kp->kp_dump;

	kp->kp_dump = NULL;
	if (kd != NULL)
		kd->kd_free(kd);
}

/* Lets the dump on kp queue its next messages, up to KEYSOCK_DUMP_AHEAD. */
static void
keysock_refill(struct keycb *kp)
{
	int more = 1;

	net_assert_locked();
	while (kp->kp_dump != NULL && more == 1 && kp->kp_qmsgs < KEYSOCK_DUMP_AHEAD) {
		kp->kp_dumping = 1;
		more = kp->kp_dump->kd_next(kp, kp->kp_dump);
		kp->kp_dumping = 0;
	}
	if (more == 0)
		keysock_end_dump(kp);
}

void
key_socket_refill(struct keycb *so)
{
	net_lock();
	keysock_refill(so);
	net_unlock();
}

int
key_socket_start_dump(struct keycb *so, struct key_dump *kd)
{
	net_assert_locked();
	if (so->kp_dump != NULL)
		return (EBUSY);
	so->kp_dump = kd;
	keysock_refill(so);
	return (0);
}

static void
keysock_purge(struct keycb *kp)
{
	struct keymsg *m;

	while ((m = kp->kp_head) != NULL) {
		kp->kp_head = m->next;
		net_free(m);
	}
	kp->kp_tail = NULL;
	kp->kp_qbytes = 0;
	kp->kp_qmsgs = 0;
}

void
key_socket_close(struct keycb *so)
{
	struct keycb **pp;

	if (so == NULL)
		return;
	net_lock();
	for (pp = &keysock_list; *pp != NULL; pp = &(*pp)->kp_next) {
		if (*pp == so) {
			*pp = so->kp_next;
			keysock_count--;
			break;
		}
	}
	keysock_end_dump(so);
	keysock_purge(so);
	net_unlock();
	net_free(so);
}

/* key_output: copy the message, then validate and execute it. */
int
key_socket_send(struct keycb *so, const void *buf, size_t len)
{
	void *copy;
	size_t clen;
	int error;

	if (so == NULL || (buf == NULL && len != 0))
		return (EINVAL);
	/*
	 * An oversized message is refused on its length alone: copy only
	 * the header key_parse needs for the error reply.
	 */
	clen = len > KEY_MSG_MAX ? sizeof(struct sadb_msg) : len;
	copy = net_malloc(clen ? clen : 1);
	if (copy == NULL)
		return (ENOBUFS);
	memcpy(copy, buf, clen);
	net_lock();
	pfkeystat.out_total++;
	pfkeystat.out_bytes += len;
	error = key_parse(so, copy, len);
	net_unlock();
	net_free(copy);
	return (error);
}

int
key_socket_recv(struct keycb *so, void *buf, size_t len, uint32_t timeout_ms)
{
	struct keymsg *m;
	int ret;

	if (so == NULL)
		return (-EINVAL);
	net_lock();
	keysock_refill(so);
	while (so->kp_head == NULL) {
		if (timeout_ms == 0 ||
		    net_sleep(so, timeout_ms == KEY_TIMEOUT_FOREVER ? 0 :
		    timeout_ms) == NET_ETIMEDOUT) {
			if (so->kp_head != NULL)
				break;
			net_unlock();
			return (-EAGAIN);
		}
	}
	m = so->kp_head;
	so->kp_head = m->next;
	if (so->kp_head == NULL)
		so->kp_tail = NULL;
	so->kp_qbytes -= m->len;
	so->kp_qmsgs--;
	net_unlock();
	if (m->len > len) {
		ret = -EMSGSIZE;
	} else {
		memcpy(buf, m->data, m->len);
		ret = (int)m->len;
	}
	net_free(m);
	return (ret);
}

int
key_socket_pending(struct keycb *so)
{
	int n;

	net_lock();
	keysock_refill(so);
	n = so->kp_qmsgs;
	net_unlock();
	return (n);
}

uint64_t
key_socket_drops(struct keycb *so)
{
	uint64_t n;

	net_lock();
	n = so->kp_drops;
	net_unlock();
	return (n);
}

int
key_socket_setpromisc(struct keycb *so, int on)
{
	net_lock();
	key_socket_setpromisc_locked(so, on);
	net_unlock();
	return (0);
}

void
key_socket_setpromisc_locked(struct keycb *so, int on)
{
	net_assert_locked();
	so->kp_promisc = on != 0;
}

int
key_socket_connect(struct keycb *so, const struct sockaddr *nam)
{
	(void)so;
	(void)nam;
	return (EINVAL);
}

int
key_socket_listen(struct keycb *so, int backlog)
{
	(void)so;
	(void)backlog;
	return (EINVAL);
}

int
key_socket_accept(struct keycb *so, struct keycb **pnew)
{
	(void)so;
	if (pnew != NULL)
		*pnew = NULL;
	return (EINVAL);
}

void
key_socket_register(struct keycb *so, uint8_t satype)
{
	net_assert_locked();
	so->kp_registered |= 1u << satype;
}

int
key_socket_count(void)
{
	return (keysock_count);
}

/* Queues a copy of msg on kp, or drops and counts it. */
static int
keysock_enqueue(struct keycb *kp, const void *msg, size_t len)
{
	struct keymsg *m;

	if (kp->kp_deliver != NULL) {
		if (kp->kp_deliver(kp->kp_deliver_arg, msg, len) != 0) {
			kp->kp_drops++;
			pfkeystat.in_nomem++;
			return (ENOBUFS);
		}
		pfkeystat.in_total++;
		pfkeystat.in_bytes += len;
		return (0);
	}
	/* A dump's own messages are already bounded by KEYSOCK_DUMP_AHEAD. */
	if ((!kp->kp_dumping && (kp->kp_qbytes + len > KEYSOCK_RCVQ_BYTES ||
	    kp->kp_qmsgs >= KEYSOCK_RCVQ_MSGS)) ||
	    (m = net_malloc(sizeof(*m) + len)) == NULL) {
		kp->kp_drops++;
		pfkeystat.in_nomem++;
		return (ENOBUFS);
	}
	m->len = len;
	memcpy(m->data, msg, len);
	if (kp->kp_tail != NULL)
		kp->kp_tail->next = m;
	else
		kp->kp_head = m;
	kp->kp_tail = m;
	kp->kp_qbytes += len;
	kp->kp_qmsgs++;
	pfkeystat.in_total++;
	pfkeystat.in_bytes += len;
	net_wakeup(kp);
	return (0);
}

static int
keysock_is_target(const struct keycb *kp, const struct keycb *so, int target,
    uint8_t satype)
{
	switch (target) {
	case KEY_SENDUP_ONE:
		return (kp == so);
	case KEY_SENDUP_ALL:
		return (1);
	case KEY_SENDUP_REGISTERED:
		if (satype == SADB_SATYPE_UNSPEC)
			return (kp->kp_registered != 0);
		return ((kp->kp_registered & (1u << satype)) != 0);
	}
	return (0);
}

/*
 * Delivers msg to the target sockets and to promiscuous ones.  Returns
 * ENOBUFS if the one socket of a KEY_SENDUP_ONE could not take it.
 */
int
key_sendup(struct keycb *so, const void *msg, size_t len, int target,
    uint8_t satype)
{
	const struct sadb_msg *hdr = msg;
	struct keycb *kp;
	int error = 0, e;

	net_assert_locked();
	if (len >= sizeof(*hdr) && hdr->sadb_msg_type <= SADB_MAX)
		pfkeystat.in_msgtype[hdr->sadb_msg_type]++;
	for (kp = keysock_list; kp != NULL; kp = kp->kp_next) {
		if (!keysock_is_target(kp, so, target, satype) && !kp->kp_promisc)
			continue;
		e = keysock_enqueue(kp, msg, len);
		if (e != 0 && kp == so && target == KEY_SENDUP_ONE)
			error = e;
	}
	return (error);
}
