/*
 * The generic socket layer (FreeBSD's uipc_socket.c and uipc_sockbuf.c,
 * much smaller): making and closing sockets, the protocol lookup through
 * the domain linker set, sockbufs of records, the generic receive, the
 * SOL_SOCKET options, readiness for poll, the listen queue.  The
 * interface is described in sys/socketvar.h and sys/protosw.h; the system
 * calls are uipc_syscalls.c, the file operations sys_socket.c.
 *
 * Semantics are Linux's where user space can see them: the order of the
 * argument checks and their errno, SO_RCVBUF doubling, SO_ERROR before
 * queued data, EAGAIN at a timeout, EINTR rather than a restart when a
 * timeout was set.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/kernel.h>
#include <sys/linker_set.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/selinfo.h>
#include <sys/signalvar.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/sysent.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/uio.h>

MALLOC_DEFINE(M_SOCKET, "socket", "sockets, their records and control messages");

SET_DECLARE(domain_set, struct domain);

static uint64_t so_ino_next = 1;

/* Sockets in existence, open or not yet freed (FreeBSD's name): 0 again once all close. */
static int numopensockets;
SYSCTL_INT("kern.ipc.numopensockets", &numopensockets, "sockets in existence");

/* --- domains and protocols -------------------------------------------------------- */

static void
domain_init(const void *dummy __unused)
{
	struct domain **dpp, *dp;
	int i;

	SET_FOREACH(dpp, domain_set) {
		dp = *dpp;
		for (i = 0; i < dp->dom_nprotosw; i++)
			dp->dom_protosw[i].pr_domain = dp;
		if (dp->dom_init != NULL)
			dp->dom_init();
	}
}
SYSINIT(domains, SI_SUB_PROTO_DOMAIN, SI_ORDER_FIRST, domain_init, NULL);

const struct domain *
pffinddomain(int family)
{
	struct domain **dpp;

	SET_FOREACH(dpp, domain_set)
		if ((*dpp)->dom_family == family)
			return (*dpp);
	return (NULL);
}

int
pffindproto_generic(const struct domain *dp, int type, int protocol, const struct protosw **prp)
{
	const struct protosw *pr;
	int i, error = ESOCKTNOSUPPORT;

	for (i = 0; i < dp->dom_nprotosw; i++) {
		pr = &dp->dom_protosw[i];
		if (pr->pr_type != type)
			continue;
		/* A wildcard (raw) entry needs a protocol: 0 is EPROTONOSUPPORT (inet_create). */
		if ((protocol == 0 && pr->pr_protocol != PR_ANYPROTO) || pr->pr_protocol == protocol ||
		    (pr->pr_protocol == PR_ANYPROTO && protocol != 0)) {
			*prp = pr;
			return (0);
		}
		error = EPROTONOSUPPORT;
	}
	return (error);
}

/* --- making and freeing ------------------------------------------------------------- */

static void
sb_init(struct sockbuf *sb)
{
	TAILQ_INIT(&sb->sb_recs);
	sb->sb_hiwat = SB_DEFAULT;
}

static struct socket *
soalloc(const struct protosw *pr, int protocol, struct ucred *cred, pid_t pid)
{
	struct socket *so = malloc(sizeof(*so), M_SOCKET, M_WAITOK | M_ZERO);

	mtx_init(&so->so_mtx, "socket", MTX_DEF);
	so->so_count = 1;
	so->so_proto = pr;
	so->so_type = pr->pr_type;
	so->so_family = pr->pr_domain->dom_family;
	so->so_protocol = protocol;
	so->so_cred = crhold(cred);
	so->so_pid = pid;
	so->so_rcvlowat = 1;
	sb_init(&so->so_rcv);
	sb_init(&so->so_snd);
	TAILQ_INIT(&so->so_comp);
	so->so_ino = __atomic_fetch_add(&so_ino_next, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&numopensockets, 1, __ATOMIC_RELAXED);
	nanotime(&so->so_ctime);
	return (so);
}

int
socreate(int family, int type, int protocol, struct thread *td, struct socket **sop)
{
	const struct domain *dp;
	const struct protosw *pr;
	struct socket *so;
	int error;

	/* Above Linux's families only Sanpo's own (PF_ROUTE_SANPO, <sanpo/route.h>). */
	if (family < 0 || (family >= AF_MAX && family < AF_SANPO_MIN) || family > 255)
		return (EAFNOSUPPORT);
	if (type < 0 || type >= SOCK_MAX)
		return (EINVAL);
	if (family == AF_INET && type == SOCK_PACKET)
		family = AF_PACKET;	/* Linux's compatibility rule */
	if ((dp = pffinddomain(family)) == NULL)
		return (EAFNOSUPPORT);
	error = dp->dom_findproto != NULL ? dp->dom_findproto(dp, type, protocol, &pr) :
	    pffindproto_generic(dp, type, protocol, &pr);
	if (error != 0)
		return (error);
	so = soalloc(pr, protocol != 0 || pr->pr_protocol == PR_ANYPROTO ? protocol :
	    pr->pr_protocol, td->td_ucred, td->td_proc != NULL ? td->td_proc->p_pid : 0);
	if ((error = pr->pr_usrreqs->pru_attach(so, so->so_protocol, td)) != 0) {
		so->so_state |= SS_NOFDREF;
		sorele(so);
		return (error);
	}
	*sop = so;
	return (0);
}

void
soref(struct socket *so)
{
	__atomic_add_fetch(&so->so_count, 1, __ATOMIC_RELAXED);
}

TAILQ_HEAD(sbrec_list, sbrec);

/* Take every record off sb (so_mtx held): the caller frees them unlocked. */
static void
sb_takeall(struct sockbuf *sb, struct sbrec_list *out)
{
	struct sbrec *r;

	while ((r = TAILQ_FIRST(&sb->sb_recs)) != NULL) {
		TAILQ_REMOVE(&sb->sb_recs, r, r_link);
		TAILQ_INSERT_TAIL(out, r, r_link);
	}
	sb->sb_cc = sb->sb_charge = 0;
	sb->sb_nrecs = 0;
}

static void
sbrec_freelist(struct socket *so, struct sbrec_list *l)
{
	struct sbrec *r;

	while ((r = TAILQ_FIRST(l)) != NULL) {
		TAILQ_REMOVE(l, r, r_link);
		sbrec_free(so, r);
	}
}

void
sorele(struct socket *so)
{
	struct sbrec_list l = TAILQ_HEAD_INITIALIZER(l);

	if (__atomic_sub_fetch(&so->so_count, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (!(so->so_state & SS_NOFDREF))
		panic("sorele: socket %p freed while open", so);
	sb_takeall(&so->so_rcv, &l);
	sb_takeall(&so->so_snd, &l);
	sbrec_freelist(so, &l);
	if (so->so_peercred != NULL)
		crfree(so->so_peercred);
	crfree(so->so_cred);
	free(so, M_SOCKET);
	__atomic_sub_fetch(&numopensockets, 1, __ATOMIC_RELAXED);
}

void
soclose(struct socket *so)
{
	struct sbrec_list l = TAILQ_HEAD_INITIALIZER(l);
	struct socket *sp;

	/* Connections nobody accepted go with the listener (their peers see a reset). */
	mtx_lock(&so->so_mtx);
	so->so_options &= ~SOF_ACCEPTCONN;
	while ((sp = TAILQ_FIRST(&so->so_comp)) != NULL) {
		TAILQ_REMOVE(&so->so_comp, sp, so_list);
		so->so_qlen--;
		sp->so_head = NULL;
		mtx_unlock(&so->so_mtx);
		soclose(sp);
		mtx_lock(&so->so_mtx);
	}
	mtx_unlock(&so->so_mtx);
	so->so_proto->pr_usrreqs->pru_detach(so);
	mtx_lock(&so->so_mtx);
	so->so_state |= SS_NOFDREF | SS_CANTSENDMORE | SS_CANTRCVMORE;
	sb_takeall(&so->so_rcv, &l);
	sb_takeall(&so->so_snd, &l);
	mtx_unlock(&so->so_mtx);
	sbrec_freelist(so, &l);
	sorwakeup(so);
	sowwakeup(so);
	sorele(so);
}

/* --- connections ------------------------------------------------------------------ */

struct socket *
sonewconn(struct socket *head)
{
	struct socket *so;

	so = soalloc(head->so_proto, head->so_protocol, head->so_cred, head->so_pid);
	mtx_lock(&head->so_mtx);
	so->so_options = head->so_options & ~SOF_ACCEPTCONN;
	so->so_rcv.sb_hiwat = head->so_rcv.sb_hiwat;
	so->so_snd.sb_hiwat = head->so_snd.sb_hiwat;
	so->so_rcv.sb_timeo = head->so_rcv.sb_timeo;
	so->so_snd.sb_timeo = head->so_snd.sb_timeo;
	mtx_unlock(&head->so_mtx);
	if (so->so_proto->pr_usrreqs->pru_attach(so, so->so_protocol, NULL) != 0) {
		so->so_state |= SS_NOFDREF;
		sorele(so);
		return (NULL);
	}
	return (so);
}

int
soqfull(struct socket *head)
{
	int full;

	mtx_lock(&head->so_mtx);
	/* Linux's sk_acceptq_is_full: a backlog of n holds n + 1. */
	full = !(head->so_options & SOF_ACCEPTCONN) || head->so_qlen > head->so_qlimit;
	mtx_unlock(&head->so_mtx);
	return (full);
}

int
soqinsert(struct socket *head, struct socket *so)
{
	mtx_lock(&so->so_mtx);
	so->so_state |= SS_ISCONNECTED | SS_ISCONFIRMING;
	so->so_state &= ~SS_ISCONNECTING;
	mtx_unlock(&so->so_mtx);
	mtx_lock(&head->so_mtx);
	/* soclose() clears SOF_ACCEPTCONN before it empties the queue: none comes after. */
	if (!(head->so_options & SOF_ACCEPTCONN)) {
		mtx_unlock(&head->so_mtx);
		return (ECONNREFUSED);
	}
	so->so_head = head;
	TAILQ_INSERT_TAIL(&head->so_comp, so, so_list);
	head->so_qlen++;
	wakeup(&head->so_comp);
	mtx_unlock(&head->so_mtx);
	sorwakeup(head);
	return (0);
}

void
soisconnected(struct socket *so)
{
	mtx_lock(&so->so_mtx);
	so->so_state |= SS_ISCONNECTED;
	so->so_state &= ~(SS_ISCONNECTING | SS_ISDISCONNECTING);
	mtx_unlock(&so->so_mtx);
	sorwakeup(so);
	sowwakeup(so);
}

void
soisdisconnected(struct socket *so)
{
	mtx_lock(&so->so_mtx);
	so->so_state &= ~(SS_ISCONNECTED | SS_ISCONNECTING | SS_ISDISCONNECTING);
	so->so_state |= SS_CANTSENDMORE | SS_CANTRCVMORE;
	mtx_unlock(&so->so_mtx);
	sorwakeup(so);
	sowwakeup(so);
}

void
socantsendmore(struct socket *so)
{
	mtx_lock(&so->so_mtx);
	so->so_state |= SS_CANTSENDMORE;
	mtx_unlock(&so->so_mtx);
	sowwakeup(so);
}

void
socantrcvmore(struct socket *so)
{
	mtx_lock(&so->so_mtx);
	so->so_state |= SS_CANTRCVMORE;
	mtx_unlock(&so->so_mtx);
	sorwakeup(so);
}

void
sorwakeup(struct socket *so)
{
	wakeup(&so->so_rcv);
	wakeup(&so->so_comp);
	selwakeup(&so->so_sel);
}

void
sowwakeup(struct socket *so)
{
	wakeup(&so->so_snd);
	selwakeup(&so->so_sel);
}

void
soseterror(struct socket *so, int error)
{
	mtx_lock(&so->so_mtx);
	so->so_error = error;
	mtx_unlock(&so->so_mtx);
	sorwakeup(so);
	sowwakeup(so);
}

/* --- records ------------------------------------------------------------------------ */

struct sbrec *
sbrec_alloc(size_t len, const struct sockaddr *from, socklen_t fromlen, int mflags)
{
	size_t hdr = sizeof(struct sbrec) + (from != NULL ? sizeof(struct sockaddr_storage) : 0);
	struct sbrec *r;

	if (len > SIZE_MAX - hdr)
		return (NULL);
	r = malloc(hdr + len, M_SOCKET, (mflags & M_NOWAIT) ? M_NOWAIT : M_WAITOK);
	if (r == NULL)
		return (NULL);
	memset(r, 0, sizeof(*r));
	if (from != NULL) {
		r->r_addr = (struct sockaddr_storage *)(r + 1);
		if (fromlen > sizeof(*r->r_addr))
			fromlen = sizeof(*r->r_addr);
		memset(r->r_addr, 0, sizeof(*r->r_addr));
		memcpy(r->r_addr, from, fromlen);
		r->r_addrlen = fromlen;
	}
	r->r_data = (uint8_t *)r + hdr;
	r->r_len = len;
	return (r);
}

void
sbrec_free(struct socket *so, struct sbrec *r)
{
	const struct domain *dp;

	if (r->r_ctl != NULL) {
		dp = so != NULL ? so->so_proto->pr_domain : NULL;
		if (dp != NULL && dp->dom_dispose != NULL)
			dp->dom_dispose(r);
		free(r->r_ctl, M_SOCKET);
	}
	free(r, M_SOCKET);
}

int
sbspace(const struct sockbuf *sb)
{
	return (sb->sb_hiwat - (int)sb->sb_charge);
}

int
sbappend_record(struct socket *so, struct sbrec *r)
{
	struct sockbuf *sb = &so->so_rcv;
	size_t charge = r->r_len + SB_RECOVERHEAD;

	mtx_lock(&so->so_mtx);
	if (so->so_state & SS_NOFDREF) {
		mtx_unlock(&so->so_mtx);
		sbrec_free(so, r);
		return (ECONNREFUSED);
	}
	/* Full: drop and count, never wait (Linux lets one record past an empty queue's limit). */
	if (sb->sb_nrecs > 0 && sb->sb_charge + charge > (size_t)sb->sb_hiwat) {
		sb->sb_drops++;
		mtx_unlock(&so->so_mtx);
		sbrec_free(so, r);
		return (ENOBUFS);
	}
	sbappend_locked(so, r);
	mtx_unlock(&so->so_mtx);
	sorwakeup(so);
	return (0);
}

void
sbappend_locked(struct socket *so, struct sbrec *r)
{
	struct sockbuf *sb = &so->so_rcv;

	TAILQ_INSERT_TAIL(&sb->sb_recs, r, r_link);
	sb->sb_cc += r->r_len;
	sb->sb_charge += r->r_len + SB_RECOVERHEAD;
	sb->sb_nrecs++;
}

int
sodeliver(struct socket *so, const void *data, size_t len, const struct sockaddr *from,
    socklen_t fromlen)
{
	struct sbrec *r;

	if ((r = sbrec_alloc(len, from, fromlen, M_NOWAIT)) == NULL) {
		mtx_lock(&so->so_mtx);
		so->so_rcv.sb_drops++;
		mtx_unlock(&so->so_mtx);
		return (ENOBUFS);
	}
	memcpy(r->r_data, data, len);
	return (sbappend_record(so, r));
}

/* --- waiting ------------------------------------------------------------------------ */

uint64_t
sbdeadline(const struct sockbuf *sb)
{
	uint64_t t, hzv = hz > 0 ? (uint64_t)hz : 100;

	if (sb->sb_timeo.tv_sec == 0 && sb->sb_timeo.tv_usec == 0)
		return (0);
	t = (uint64_t)sb->sb_timeo.tv_sec * hzv +
	    ((uint64_t)sb->sb_timeo.tv_usec * hzv + 999999) / 1000000;
	return (ticks + (t > 0 ? t : 1));
}

int
sosleep(struct socket *so, struct mtx *m, const void *chan, const char *wmesg,
    uint64_t deadline)
{
	uint64_t now = ticks, timo = 0;
	int error;

	(void)so;
	if (deadline != 0) {
		if (now >= deadline)
			return (EAGAIN);
		timo = deadline - now;
		if (timo > INT32_MAX)
			timo = INT32_MAX;
	}
	error = msleep_sig(chan, m, wmesg, (int)timo);
	if (error == EWOULDBLOCK)
		return (EAGAIN);
	/* Linux's sock_intr_errno: with a timeout set, an interrupted wait is EINTR. */
	if (error == ERESTART && deadline != 0)
		error = EINTR;
	return (error);
}

/*
 * One reader at a time on a socket (sleepable, like the pipe's p_rbusy):
 * a reader copies out with so_mtx released, and the records at the head
 * of so_rcv stay put since only readers take records off.
 */
static int
sb_rlock(struct socket *so, int *busy)
{
	int error;

	while (*busy) {
		if ((error = msleep_sig(busy, &so->so_mtx, "sbrlock", 0)) != 0)
			return (error);
	}
	*busy = 1;
	return (0);
}

static void
sb_runlock(int *busy)
{
	*busy = 0;
	wakeup(busy);
}

/* --- receiving ---------------------------------------------------------------------- */

/*
 * Hand r's control messages to the receiver (so_mtx released, r held in
 * place by so_rbusy): through the domain when it passes rights, else copied
 * as queued.  Unless MSG_PEEK they leave the record.
 */
static int
so_takectl(struct socket *so, struct sbrec *r, struct sorecv *sr, int flags, struct thread *td)
{
	const struct domain *dp = so->so_proto->pr_domain;
	size_t n;
	int trunc = 0, error = 0;

	if (sr->sr_ctl != NULL)
		return (0);
	if ((so->so_proto->pr_flags & PR_RIGHTS) && dp->dom_externalize != NULL) {
		error = dp->dom_externalize(so, r, sr->sr_ctlroom, flags, td, &sr->sr_ctl,
		    &sr->sr_ctllen, &trunc);
	} else if (r->r_ctl != NULL) {
		n = r->r_ctllen < sr->sr_ctlroom ? r->r_ctllen : sr->sr_ctlroom;
		trunc = n < r->r_ctllen;
		if (n > 0) {
			sr->sr_ctl = malloc(n, M_SOCKET, M_WAITOK);
			memcpy(sr->sr_ctl, r->r_ctl, n);
			sr->sr_ctllen = n;
		}
		if (!(flags & MSG_PEEK)) {
			free(r->r_ctl, M_SOCKET);
			r->r_ctl = NULL;
			r->r_ctllen = 0;
		}
	}
	if (trunc)
		sr->sr_flags |= MSG_CTRUNC;
	return (error);
}

static void
so_takeaddr(struct sbrec *r, struct sorecv *sr)
{
	if (r->r_addr != NULL && r->r_addrlen > 0) {
		memcpy(&sr->sr_from, r->r_addr, r->r_addrlen);
		sr->sr_fromlen = r->r_addrlen;
	}
}

/* so_mtx held: the pending error, cleared (Linux's sock_error clears it even for a peek). */
static int
so_takeerror(struct socket *so)
{
	int error = so->so_error;

	so->so_error = 0;
	return (error);
}

/* After data left so_rcv: writers may go on (so_mtx released). */
static void
so_rcvd(struct socket *so)
{
	if (so->so_proto->pr_usrreqs->pru_rcvd != NULL)
		so->so_proto->pr_usrreqs->pru_rcvd(so);
	wakeup(&so->so_rcv);
	sowwakeup(so);
}

/* One record (PR_ATOMIC); so_mtx held on entry and return. */
static int
soreceive_dgram(struct socket *so, struct sorecv *sr, int flags, struct thread *td)
{
	struct sockbuf *sb = &so->so_rcv;
	uint64_t deadline = sbdeadline(sb);
	struct sbrec *r;
	size_t n;
	int error;

	for (;;) {
		if (so->so_error != 0)
			return (so_takeerror(so));
		if ((r = TAILQ_FIRST(&sb->sb_recs)) != NULL)
			break;
		/*
		 * Linux's datagram order (__skb_recv_datagram): a reader who
		 * would not wait gets EAGAIN even after SHUT_RD; end of file
		 * is what waiting finds.  A stream says end of file first.
		 */
		if (sr->sr_nonblock)
			return (EAGAIN);
		if (so->so_state & SS_CANTRCVMORE)
			return (0);			/* end of file */
		if ((error = sosleep(so, &so->so_mtx, &so->so_rcv, "sbwait", deadline)) != 0)
			return (error);
	}
	if (!(flags & MSG_PEEK)) {
		TAILQ_REMOVE(&sb->sb_recs, r, r_link);
		sb->sb_cc -= r->r_len;
		sb->sb_charge -= r->r_len + SB_RECOVERHEAD;
		sb->sb_nrecs--;
	}
	mtx_unlock(&so->so_mtx);
	if (!(flags & MSG_PEEK))
		so_rcvd(so);
	n = r->r_len < (size_t)sr->sr_uio->uio_resid ? r->r_len : (size_t)sr->sr_uio->uio_resid;
	error = uiomove(r->r_data, n, sr->sr_uio);
	so_takeaddr(r, sr);
	if (n < r->r_len)
		sr->sr_flags |= MSG_TRUNC;
	sr->sr_ret = (flags & MSG_TRUNC) ? (ssize_t)r->r_len : (ssize_t)n;
	if (error == 0)
		error = so_takectl(so, r, sr, flags, td);
	if (!(flags & MSG_PEEK))
		sbrec_free(so, r);
	mtx_lock(&so->so_mtx);
	return (error);
}

/*
 * A byte stream: as many bytes as there are, at least one (all with
 * MSG_WAITALL); a record with control messages is never joined to the data
 * before it, and ends the read.  so_mtx held on entry and return.
 */
static int
soreceive_stream(struct socket *so, struct sorecv *sr, int flags, struct thread *td)
{
	struct sbrec_list done = TAILQ_HEAD_INITIALIZER(done);
	struct sockbuf *sb = &so->so_rcv;
	struct uio *uio = sr->sr_uio;
	uint64_t deadline = sbdeadline(sb);
	struct sbrec *r, *pdone = NULL, *pcur = NULL;
	size_t target, off, n, poff = 0;
	ssize_t copied = 0;
	int peek = flags & MSG_PEEK, error = 0, hadctl, took = 0;
	pid_t first_pid = 0;
	uid_t first_uid = 0;
	gid_t first_gid = 0;

	target = (flags & MSG_WAITALL) ? (size_t)uio->uio_resid : 1;
	if (target > (size_t)uio->uio_resid)
		target = (size_t)uio->uio_resid;
	for (;;) {
		if (!peek || pdone == NULL)
			r = TAILQ_FIRST(&sb->sb_recs);
		else
			r = TAILQ_NEXT(pdone, r_link);
		if (r == NULL) {
			if ((size_t)copied >= target)
				break;
			if (so->so_error != 0) {
				error = so_takeerror(so);
				break;
			}
			if (so->so_state & SS_CANTRCVMORE)
				break;			/* end of file */
			if (sr->sr_nonblock) {
				error = EAGAIN;
				break;
			}
			if ((error = sosleep(so, &so->so_mtx, &so->so_rcv, "sbwait", deadline)) != 0)
				break;
			continue;
		}
		/* Never join another sender's data, nor control, to what was read. */
		if (copied > 0 && (r->r_ctl != NULL || r->r_pid != first_pid ||
		    r->r_uid != first_uid || r->r_gid != first_gid))
			break;
		if (copied == 0) {
			first_pid = r->r_pid;
			first_uid = r->r_uid;
			first_gid = r->r_gid;
		}
		if (copied == 0)
			so_takeaddr(r, sr);
		off = peek && r == pcur ? poff : r->r_off;
		n = r->r_len - off;
		if (n > (size_t)uio->uio_resid)
			n = (size_t)uio->uio_resid;
		hadctl = r->r_ctl != NULL;
		mtx_unlock(&so->so_mtx);
		error = uiomove(r->r_data + off, n, uio);
		if (error == 0 && (hadctl || copied == 0))
			error = so_takectl(so, r, sr, flags, td);
		mtx_lock(&so->so_mtx);
		if (error != 0)
			break;
		copied += (ssize_t)n;
		if (peek) {
			if (off + n == r->r_len)
				pdone = r;
			else {
				pcur = r;
				poff = off + n;
			}
		} else {
			r->r_off += n;
			sb->sb_cc -= n;
			sb->sb_charge -= n;
			took = 1;
			if (r->r_off == r->r_len) {
				TAILQ_REMOVE(&sb->sb_recs, r, r_link);
				sb->sb_charge -= SB_RECOVERHEAD;
				sb->sb_nrecs--;
				TAILQ_INSERT_TAIL(&done, r, r_link);
			}
		}
		if (hadctl || uio->uio_resid == 0)
			break;
	}
	if (!TAILQ_EMPTY(&done) || took) {
		mtx_unlock(&so->so_mtx);
		sbrec_freelist(so, &done);
		so_rcvd(so);
		mtx_lock(&so->so_mtx);
	}
	sr->sr_ret = copied;
	return (copied > 0 ? 0 : error);
}

int
soreceive(struct socket *so, struct sorecv *sr, struct thread *td)
{
	int flags = sr->sr_flags, error;

	sr->sr_flags = 0;
	sr->sr_fromlen = 0;
	sr->sr_ctl = NULL;
	sr->sr_ctllen = 0;
	sr->sr_ret = 0;
	if (flags & MSG_DONTWAIT)
		sr->sr_nonblock = 1;
	mtx_lock(&so->so_mtx);
	if (so->so_proto->pr_flags & PR_CONNREQUIRED) {
		/* Linux: a listener's read is EINVAL, a seqpacket's before connect ENOTCONN... */
		if (so->so_options & SOF_ACCEPTCONN) {
			mtx_unlock(&so->so_mtx);
			return (EINVAL);
		}
		/* ...and an unconnected stream's EINVAL too (Linux 6's unix_stream_read_generic). */
		if (!(so->so_state & SS_ISCONNECTED)) {
			mtx_unlock(&so->so_mtx);
			return ((so->so_proto->pr_flags & PR_ATOMIC) ? ENOTCONN : EINVAL);
		}
	}
	if ((error = sb_rlock(so, &so->so_rbusy)) == 0) {
		if (so->so_proto->pr_flags & PR_ATOMIC)
			error = soreceive_dgram(so, sr, flags, td);
		else
			error = soreceive_stream(so, sr, flags, td);
		sb_runlock(&so->so_rbusy);
	}
	mtx_unlock(&so->so_mtx);
	if (error != 0 && sr->sr_ctl != NULL) {
		free(sr->sr_ctl, M_SOCKET);
		sr->sr_ctl = NULL;
		sr->sr_ctllen = 0;
	}
	return (error);
}

/* --- sending ------------------------------------------------------------------------ */

void
sosigpipe(struct thread *td, int error, int flags)
{
	if (error == EPIPE && !(flags & MSG_NOSIGNAL))
		kern_tdsignal(td, SIGPIPE, NULL);
}

int
sosend(struct socket *so, struct sockmsg *m, struct thread *td, ssize_t *retp)
{
	ssize_t start = m->sm_uio->uio_resid, moved;
	int error;

	error = so->so_proto->pr_usrreqs->pru_send(so, m, td);
	moved = start - m->sm_uio->uio_resid;
	/* A stream that moved some bytes returns their count (Linux: sent ?: err), no SIGPIPE. */
	if (error != 0 && moved > 0 && !(so->so_proto->pr_flags & PR_ATOMIC) &&
	    (error == EINTR || error == ERESTART || error == EAGAIN || error == EPIPE ||
	    error == EFAULT || error == ECONNRESET))
		error = 0;
	/* Linux raises SIGPIPE on a stream only (a datagram's EPIPE comes alone). */
	if (!(so->so_proto->pr_flags & PR_ATOMIC))
		sosigpipe(td, error, m->sm_flags);
	*retp = moved;
	return (error);
}

int
sosend_dgram_record(struct socket *so, struct sockmsg *m, size_t maxlen,
    const struct sockaddr *from, socklen_t fromlen, struct sbrec **rp)
{
	size_t len = (size_t)m->sm_uio->uio_resid;
	struct sbrec *r;
	int error;

	if (maxlen == 0) {
		mtx_lock(&so->so_mtx);
		maxlen = so->so_snd.sb_hiwat > 32 ? (size_t)so->so_snd.sb_hiwat - 32 : 0;
		mtx_unlock(&so->so_mtx);
	}
	if (len > maxlen)
		return (EMSGSIZE);
	r = sbrec_alloc(len, from, fromlen, M_WAITOK);
	if ((error = uiomove(r->r_data, len, m->sm_uio)) != 0) {
		sbrec_free(so, r);
		return (error);
	}
	*rp = r;
	return (0);
}

/* --- readiness ---------------------------------------------------------------------- */

int
sopoll(struct socket *so, int events, struct thread *td)
{
	int revents = 0;

	mtx_lock(&so->so_mtx);
	if (so->so_error != 0)
		revents |= POLLERR;
	if ((so->so_state & (SS_CANTRCVMORE | SS_CANTSENDMORE)) ==
	    (SS_CANTRCVMORE | SS_CANTSENDMORE))
		revents |= POLLHUP;
	if (so->so_state & SS_CANTRCVMORE)
		revents |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (so->so_options & SOF_ACCEPTCONN) {
		if (so->so_qlen > 0)
			revents |= POLLIN | POLLRDNORM;
	} else {
		if (so->so_rcv.sb_nrecs > 0)
			revents |= POLLIN | POLLRDNORM;
		/* A connection-oriented socket not connected hangs up (Linux's unix_poll). */
		if ((so->so_proto->pr_flags & PR_CONNREQUIRED) && !(so->so_state & SS_ISCONNECTED))
			revents |= POLLHUP;
		if (sbspace(&so->so_snd) > 0)
			revents |= POLLOUT | POLLWRNORM | POLLWRBAND;
	}
	revents &= events | POLLERR | POLLHUP;
	if (revents == 0)
		selrecord(td, &so->so_sel);
	mtx_unlock(&so->so_mtx);
	return (revents);
}

/* --- options ------------------------------------------------------------------------ */

int
sooptcopyin(struct sockopt *sopt, void *buf, size_t len, size_t minlen)
{
	if (sopt->sopt_valsize < minlen)
		return (EINVAL);
	if (len > sopt->sopt_valsize)
		len = sopt->sopt_valsize;
	return (copyin(sopt->sopt_val, buf, len));
}

int
sooptcopyout(struct sockopt *sopt, const void *buf, size_t len)
{
	int error;

	if (len > sopt->sopt_valsize)
		len = sopt->sopt_valsize;
	if ((error = copyout(buf, sopt->sopt_val, len)) != 0)
		return (error);
	sopt->sopt_valsize = (socklen_t)len;
	return (0);
}

int
sooptcopyin_int(struct sockopt *sopt, int *val)
{
	return (sooptcopyin(sopt, val, sizeof(*val), sizeof(*val)));
}

static const struct {
	int	name;		/* SO_* */
	unsigned flag;		/* SOF_* */
} so_boolopts[] = {
	{ SO_DEBUG, SOF_DEBUG },	{ SO_REUSEADDR, SOF_REUSEADDR },
	{ SO_DONTROUTE, SOF_DONTROUTE },	{ SO_BROADCAST, SOF_BROADCAST },
	{ SO_KEEPALIVE, SOF_KEEPALIVE },	{ SO_OOBINLINE, SOF_OOBINLINE },
	{ SO_PASSCRED, SOF_PASSCRED },	{ SO_REUSEPORT, SOF_REUSEPORT },
	{ SO_TIMESTAMP, SOF_TIMESTAMP },	{ SO_RXQ_OVFL, SOF_RXQ_OVFL },
};

static unsigned
so_boolflag(int name)
{
	size_t i;

	for (i = 0; i < nitems(so_boolopts); i++)
		if (so_boolopts[i].name == name)
			return (so_boolopts[i].flag);
	return (0);
}

/* SO_SNDBUF/SO_RCVBUF: Linux caps at the sysctl maximum (unless forced), then doubles. */
static int
so_setbuf(struct sockbuf *sb, int val, int force, int min)
{
	uint64_t v = force ? (val < 0 ? 0 : (uint64_t)val) : (uint32_t)val;

	if (!force && v > SB_MAX)
		v = SB_MAX;
	if (v > INT32_MAX / 2)
		v = INT32_MAX / 2;
	v *= 2;
	sb->sb_hiwat = v < (uint64_t)min ? min : (int)v;
	return (0);
}

static int
so_settimeo(struct sockopt *sopt, struct sockbuf *sb)
{
	struct l_timeval tv;
	int error;

	if ((error = sooptcopyin(sopt, &tv, sizeof(tv), sizeof(tv))) != 0)
		return (error);
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return (EDOM);
	if (tv.tv_sec < 0)
		tv.tv_sec = tv.tv_usec = 0;	/* Linux: a negative time means no timeout */
	sb->sb_timeo = tv;
	return (0);
}

int
sosetopt(struct socket *so, struct sockopt *sopt)
{
	struct l_linger l;
	unsigned flag;
	int val, error;

	if (sopt->sopt_level != SOL_SOCKET) {
		if (so->so_proto->pr_usrreqs->pru_ctloutput == NULL)
			return (EOPNOTSUPP);
		return (so->so_proto->pr_usrreqs->pru_ctloutput(so, sopt));
	}
	/* Linux: every SOL_SOCKET option is at least an int (EINVAL), read first (EFAULT). */
	if ((error = sooptcopyin_int(sopt, &val)) != 0)
		return (error);
	mtx_lock(&so->so_mtx);
	switch (sopt->sopt_name) {
	case SO_SNDBUF:
		error = so_setbuf(&so->so_snd, val, 0, SOCK_MIN_SNDBUF);
		break;
	case SO_RCVBUF:
		error = so_setbuf(&so->so_rcv, val, 0, SOCK_MIN_RCVBUF);
		break;
	case SO_SNDBUFFORCE:
	case SO_RCVBUFFORCE:
		if ((error = priv_check_cred(sopt->sopt_td->td_ucred, CAP_NET_ADMIN)) != 0)
			break;
		if (sopt->sopt_name == SO_SNDBUFFORCE)
			error = so_setbuf(&so->so_snd, val, 1, SOCK_MIN_SNDBUF);
		else
			error = so_setbuf(&so->so_rcv, val, 1, SOCK_MIN_RCVBUF);
		break;
	case SO_RCVTIMEO:
		error = so_settimeo(sopt, &so->so_rcv);
		break;
	case SO_SNDTIMEO:
		error = so_settimeo(sopt, &so->so_snd);
		break;
	case SO_LINGER:
		if ((error = sooptcopyin(sopt, &l, sizeof(l), sizeof(l))) == 0)
			so->so_linger = l;
		break;
	case SO_PRIORITY:
		if ((val < 0 || val > 6) &&
		    (error = priv_check_cred(sopt->sopt_td->td_ucred, CAP_NET_ADMIN)) != 0)
			break;
		so->so_priority = val;
		break;
	case SO_RCVLOWAT:
		so->so_rcvlowat = val < 0 ? INT32_MAX : val == 0 ? 1 : val;
		break;
	case SO_DEBUG:
		if (val != 0 && priv_check_cred(sopt->sopt_td->td_ucred, CAP_NET_ADMIN) != 0) {
			error = EACCES;
			break;
		}
		/* FALLTHROUGH */
	default:
		if ((flag = so_boolflag(sopt->sopt_name)) == 0) {
			mtx_unlock(&so->so_mtx);
			/* Not the generic layer's: the protocol's, if it takes SOL_SOCKET ones. */
			if (so->so_proto->pr_usrreqs->pru_ctloutput == NULL)
				return (ENOPROTOOPT);
			return (so->so_proto->pr_usrreqs->pru_ctloutput(so, sopt));
		}
		if (val != 0)
			so->so_options |= flag;
		else
			so->so_options &= ~flag;
		break;
	}
	mtx_unlock(&so->so_mtx);
	/* A bigger buffer or a shorter timeout may change what waiters see. */
	sorwakeup(so);
	sowwakeup(so);
	return (error);
}

/* SO_PEERCRED as the reader sees it: ids in its namespace; (-1, -1, pid 0) with no peer. */
static void
so_peercred(struct socket *so, struct ucred *reader, struct l_ucred *uc)
{
	uc->pid = 0;
	uc->uid = uc->gid = (uint32_t)-1;
	if (so->so_peercred != NULL) {
		uc->pid = so->so_peerpid;
		uc->uid = from_kuid_munged(reader->cr_userns, so->so_peercred->cr_uid);
		uc->gid = from_kgid_munged(reader->cr_userns, so->so_peercred->cr_gid);
	}
}

int
sogetopt(struct socket *so, struct sockopt *sopt)
{
	union {
		int		i;
		struct l_linger	l;
		struct l_timeval tv;
		struct l_ucred	uc;
	} v;
	size_t len = sizeof(int);
	unsigned flag;

	if (sopt->sopt_level != SOL_SOCKET) {
		if (so->so_proto->pr_usrreqs->pru_ctloutput == NULL)
			return (EOPNOTSUPP);
		return (so->so_proto->pr_usrreqs->pru_ctloutput(so, sopt));
	}
	memset(&v, 0, sizeof(v));
	mtx_lock(&so->so_mtx);
	switch (sopt->sopt_name) {
	case SO_TYPE:		v.i = so->so_type; break;
	case SO_PROTOCOL:	v.i = so->so_protocol; break;
	case SO_DOMAIN:		v.i = so->so_family; break;
	case SO_ERROR:		/* Linux's number, positive */
		v.i = so_takeerror(so);
		if (v.i != 0)
			v.i = linux_errno(v.i);
		break;
	case SO_SNDBUF:		v.i = so->so_snd.sb_hiwat; break;
	case SO_RCVBUF:		v.i = so->so_rcv.sb_hiwat; break;
	case SO_ACCEPTCONN:	v.i = (so->so_options & SOF_ACCEPTCONN) != 0; break;
	case SO_PRIORITY:	v.i = so->so_priority; break;
	case SO_RCVLOWAT:	v.i = so->so_rcvlowat; break;
	case SO_SNDLOWAT:	v.i = 1; break;
	case SO_BSDCOMPAT:	v.i = 0; break;
	case SO_NO_CHECK:	v.i = 0; break;
	case SO_LINGER:		v.l = so->so_linger; len = sizeof(v.l); break;
	case SO_RCVTIMEO:	v.tv = so->so_rcv.sb_timeo; len = sizeof(v.tv); break;
	case SO_SNDTIMEO:	v.tv = so->so_snd.sb_timeo; len = sizeof(v.tv); break;
	case SO_PEERCRED:
		so_peercred(so, sopt->sopt_td->td_ucred, &v.uc);
		len = sizeof(v.uc);
		break;
	default:
		if ((flag = so_boolflag(sopt->sopt_name)) == 0) {
			mtx_unlock(&so->so_mtx);
			if (so->so_proto->pr_usrreqs->pru_ctloutput == NULL)
				return (ENOPROTOOPT);
			return (so->so_proto->pr_usrreqs->pru_ctloutput(so, sopt));
		}
		v.i = (so->so_options & flag) != 0;
		break;
	}
	mtx_unlock(&so->so_mtx);
	return (sooptcopyout(sopt, &v, len));
}
