/*
 * The routing socket (FreeBSD's route(4) on PF_ROUTE_SANPO, messages in
 * <sanpo/route.h>, built by net/rtsock.c): the socket family, the list of
 * open routing sockets, the broadcast the stack's announcements go
 * through, and the requests user programs write.
 *
 * The list is guarded by the net lock, which every announcement already
 * holds: a socket on the list gets each message once, and one detached
 * gets nothing more.  Delivery is sodeliver(): a full receive buffer
 * drops the message and counts it in the socket's sb_drops, never
 * blocking the stack.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/queue.h>
#include <sys/socketvar.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/uio.h>

#include "net/net_platform.h"
#include "net/rtsock.h"
#include <net/net_kern.h>

#define RTS_REQ_MAX	2048	/* longest request accepted */

struct rtpcb {
	LIST_ENTRY(rtpcb)	 rp_link;	/* rts_list */
	struct socket		*rp_socket;
};

static LIST_HEAD(, rtpcb) rts_list = LIST_HEAD_INITIALIZER;
static uint64_t rts_msgs;	/* messages delivered to routing sockets */
static uint64_t rts_drops;	/* messages lost to full sockets, all sockets */
SYSCTL_U64("net.route.rtsock_msgs", &rts_msgs,
    "messages queued on routing sockets");
SYSCTL_U64("net.route.rtsock_drops", &rts_drops,
    "messages routing sockets lost to a full receive buffer");

/* rtsock_output: every routing socket gets the message (net lock held). */
static void
rts_broadcast(const void *msg, size_t len)
{
	struct rtpcb *rp;

	net_assert_locked();
	LIST_FOREACH(rp, &rts_list, rp_link) {
		if (sodeliver(rp->rp_socket, msg, len, NULL, 0) != 0)
			rts_drops++;
		else
			rts_msgs++;
	}
}

static int
rts_attach(struct socket *so, int proto, struct thread *td)
{
	struct rtpcb *rp;

	(void)proto;
	(void)td;
	rp = malloc(sizeof(*rp), M_NET, M_WAITOK | M_ZERO);
	rp->rp_socket = so;
	so->so_pcb = rp;
	net_lock();
	LIST_INSERT_HEAD(&rts_list, rp, rp_link);
	net_unlock();
	return (0);
}

static void
rts_detach(struct socket *so)
{
	struct rtpcb *rp = so->so_pcb;

	if (rp == NULL)
		return;
	net_lock();
	LIST_REMOVE(rp, rp_link);
	net_unlock();
	so->so_pcb = NULL;
	free(rp, M_NET);
}

struct rts_dumpctx {
	struct socket	*so;
	size_t		 charge;	/* first pass: what the dump will take */
	int		 deliver;	/* second pass: queue it */
};

static int
rts_dump_emit(const void *msg, size_t len, void *arg)
{
	struct rts_dumpctx *c = arg;

	if (!c->deliver) {
		c->charge += len + SB_RECOVERHEAD;
		return (0);
	}
	return (sodeliver(c->so, msg, len, NULL, 0));
}

/*
 * A dump for this socket alone: sized first, then queued whole, both under
 * one hold of the net lock (nothing else is delivered between); ENOBUFS
 * when it would not fit, with nothing queued.
 */
static int
rts_dump(struct socket *so, const struct rt_msghdr *rtm)
{
	struct rts_dumpctx c = { so, 0, 0 };
	int error, space;

	net_lock();
	error = rtsock_dump(rtm->rtm_type, rtm->rtm_index, rtm->rtm_pid, rtm->rtm_seq,
	    rts_dump_emit, &c);
	if (error == 0) {
		mtx_lock(&so->so_mtx);
		space = sbspace(&so->so_rcv);
		mtx_unlock(&so->so_mtx);
		if (space < 0 || (size_t)space < c.charge) {
			error = ENOBUFS;
		} else {
			c.deliver = 1;
			error = rtsock_dump(rtm->rtm_type, rtm->rtm_index, rtm->rtm_pid,
			    rtm->rtm_seq, rts_dump_emit, &c);
		}
	}
	net_unlock();
	return (error);
}

/* A write: one request (FreeBSD's route_output). */
static int
rts_send(struct socket *so, struct sockmsg *m, struct thread *td)
{
	uint64_t buf[RTS_REQ_MAX / 8], reply[RTSOCK_MSG_MAX / 8];
	struct rt_msghdr *rtm = (struct rt_msghdr *)buf;
	size_t len = (size_t)m->sm_uio->uio_resid, replylen;
	int error;

	if (len < sizeof(*rtm) || len > sizeof(buf))
		return (EINVAL);
	if ((error = uiomove(buf, len, m->sm_uio)) != 0)
		return (error);
	if (rtm->rtm_msglen != len || rtm->rtm_version != RTM_VERSION)
		return (EINVAL);
	/* The writer's pid, whatever it claims: replies and echoes carry it. */
	rtm->rtm_pid = td->td_proc != NULL ? td->td_proc->p_pid : 0;
	switch (rtm->rtm_type) {
	case RTM_SANPO_DUMP:
	case RTM_SANPO_IFLIST:
	case RTM_SANPO_LLDUMP:
		return (rts_dump(so, rtm));
	}
	if (rtsock_request_changes(rtm->rtm_type) &&
	    (error = priv_check_cred(td->td_ucred, CAP_NET_ADMIN)) != 0)
		return (error);
	net_lock();
	error = rtsock_request(buf, len, reply, &replylen);
	/* A failure or an answer: to the writer alone (changes were broadcast). */
	if (replylen > 0) {
		if (sodeliver(so, reply, replylen, NULL, 0) != 0)
			rts_drops++;
		else
			rts_msgs++;
	}
	net_unlock();
	return (error);
}

static const struct pr_usrreqs rts_usrreqs = {
	.pru_attach = rts_attach,
	.pru_detach = rts_detach,
	.pru_send = rts_send,
};

static struct protosw rts_protosw[] = {
	{ .pr_type = SOCK_RAW, .pr_protocol = PR_ANYPROTO, .pr_flags = PR_ATOMIC,
	  .pr_usrreqs = &rts_usrreqs },
};

/*
 * FreeBSD's rule: SOCK_RAW with any protocol (0, or the address family
 * whose messages are wanted, which Sanpo does not filter: all are IPv4);
 * another type is ESOCKTNOSUPPORT.
 */
static int
rts_findproto(const struct domain *dp, int type, int protocol,
    const struct protosw **prp)
{
	(void)dp;
	(void)protocol;
	if (type != SOCK_RAW)
		return (ESOCKTNOSUPPORT);
	*prp = &rts_protosw[0];
	return (0);
}

static void
rts_init(void)
{
	net_lock();
	rtsock_output = rts_broadcast;
	net_unlock();
}

static struct domain routedomain = {
	.dom_family = PF_ROUTE_SANPO,
	.dom_name = "route",
	.dom_protosw = rts_protosw,
	.dom_nprotosw = nitems(rts_protosw),
	.dom_init = rts_init,
	.dom_findproto = rts_findproto,
};
DOMAIN_SET(routedomain);
