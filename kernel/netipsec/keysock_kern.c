/*
 * PF_KEY for user space: socket(AF_KEY, SOCK_RAW, PF_KEY_V2), the socket
 * layer's family (sys/protosw.h) over net/ipsec's key sockets (keysock.h).
 *
 * Each socket is a key socket whose messages -- replies, and the broadcasts
 * key_sendup() makes: ADD/DELETE/FLUSH to all, REGISTER, EXPIRE and ACQUIRE
 * to the registered, a copy of everything to promiscuous ones -- go into the
 * socket's receive buffer with sodeliver(): one record per message, and a
 * full buffer drops the message and counts it (the socket's sb_drops, the
 * key socket's drops and pfkeystat.in_nomem), so the key engine never
 * waits for a reader.  A dump (SADB_DUMP, X_SPDDUMP) is produced as far as
 * the buffer takes it and continued each time the reader takes a record
 * (pru_rcvd), so it is whole whatever the size of the SADB.
 *
 * A write is one message: at most the send buffer less 32 bytes (EMSGSIZE,
 * as Linux's pfkey_sendmsg), handed to key_parse; the call fails with the
 * errno the reply also carries.  Reads are the generic datagram receive
 * (MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT, SO_RCVTIMEO, poll); no address.
 *
 * Linux's pfkey_create rules, in its order: the creator needs CAP_NET_ADMIN
 * in the initial user namespace, else EPERM -- root of a user namespace of
 * its own is not enough; then the type must be SOCK_RAW (ESOCKTNOSUPPORT)
 * and the protocol PF_KEY_V2, 0 included (EPROTONOSUPPORT).  attach checks
 * the capability again, against the socket's own credentials.  Locking: the key engine calls deliver with the net lock held and
 * sodeliver takes so_mtx, so the order is net lock, then so_mtx; the
 * requests below are called without so_mtx and take the net lock.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/socketvar.h>
#include <sys/ucred.h>

#include <sanpo/pfkeyv2.h>

#include "net/ipsec/keysock.h"

static int
key_deliver(void *arg, const void *msg, size_t len)
{
	return (sodeliver(arg, msg, len, NULL, 0) == 0 ? 0 : ENOBUFS);
}

static int
key_attach(struct socket *so, int proto, struct thread *td)
{
	struct keycb *kp;
	int error;

	(void)proto;
	(void)td;
	if (priv_check_cred(so->so_cred, CAP_NET_ADMIN) != 0)
		return (EPERM);
	if ((error = key_socket_open_upper(key_deliver, so, &kp)) != 0)
		return (error);
	so->so_pcb = kp;
	return (0);
}

static void
key_detach(struct socket *so)
{
	/* Off the key engine's list first: nothing is delivered to so after. */
	key_socket_close(so->so_pcb);
	so->so_pcb = NULL;
}

static int
key_send(struct socket *so, struct sockmsg *m, struct thread *td)
{
	struct sbrec *r;
	int error;

	(void)td;
	if ((error = sosend_dgram_record(so, m, 0, NULL, 0, &r)) != 0)
		return (error);
	error = key_socket_send(so->so_pcb, r->r_data, r->r_len);
	sbrec_free(so, r);
	return (error);
}

static void
key_rcvd(struct socket *so)
{
	key_socket_refill(so->so_pcb);
}

static struct protosw keysw[];

/* socket(2)'s checks, in pfkey_create's order (see above). */
static int
key_findproto(const struct domain *dp, int type, int protocol,
    const struct protosw **prp)
{
	(void)dp;
	if (priv_check_cred(curthread->td_ucred, CAP_NET_ADMIN) != 0)
		return (EPERM);
	if (type != SOCK_RAW)
		return (ESOCKTNOSUPPORT);
	if (protocol != PF_KEY_V2)
		return (EPROTONOSUPPORT);
	*prp = &keysw[0];
	return (0);
}

static const struct pr_usrreqs key_usrreqs = {
	.pru_attach = key_attach,
	.pru_detach = key_detach,
	.pru_send = key_send,
	.pru_rcvd = key_rcvd,
};

static struct protosw keysw[] = {
	{ .pr_type = SOCK_RAW, .pr_protocol = PF_KEY_V2, .pr_flags = PR_ATOMIC,
	  .pr_usrreqs = &key_usrreqs },
};

static struct domain keydomain = {
	.dom_family = PF_KEY,
	.dom_name = "key",
	.dom_protosw = keysw,
	.dom_nprotosw = nitems(keysw),
	.dom_findproto = key_findproto,
};
DOMAIN_SET(keydomain);
