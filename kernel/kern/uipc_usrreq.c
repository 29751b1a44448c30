/*
 * Local sockets, AF_UNIX (FreeBSD's uipc_usrreq.c, Linux's semantics:
 * net/unix/af_unix.c): SOCK_STREAM, SOCK_DGRAM (SOCK_RAW is taken as
 * one, as Linux does) and SOCK_SEQPACKET.
 *
 * Names.  A socket binds to a path -- a socket file made in the file
 * system (S_IFSOCK, mode 0777 less the umask; EADDRINUSE if the name
 * exists), found again by connect/sendto through its vnode (v_socket),
 * which needs write permission on it -- or to an abstract name
 * (sun_path[0] == 0: the bytes up to the address length, on a list here),
 * or, binding with only the family, to an automatic abstract name of five
 * hex digits.  Closing the socket leaves the file (unlink removes it).
 *
 * Connections.  A stream or seqpacket connect finds a listener, makes the
 * server's socket with sonewconn() and queues it for accept; both ends
 * point at each other (unp_conn).  A datagram socket's connect only names
 * the default destination; sockets connected to one are on its unp_refs so
 * its close can tell them (their next send: ECONNREFUSED).
 *
 * Data.  A sender puts records straight into the receiver's so_rcv: a
 * stream writer waits while what it has queued there reaches its own
 * SO_SNDBUF (Linux charges stream data to the sender); a datagram waits
 * while the receiver has more than max_dgram_qlen (10) queued, unless the
 * two are connected to each other.  Each record carries the sender's pid
 * and ids (SCM_CREDENTIALS with SO_PASSCRED) and may carry descriptors
 * (SCM_RIGHTS): struct file pointers, referenced while in flight, turned
 * into new descriptors by the receiver (unp_externalize), released if the
 * record is dropped unread (unp_dispose).
 *
 * Sockets in flight.  An AF_UNIX socket's own descriptor may be passed,
 * so sockets can hold each other in their queues with no descriptor left
 * anywhere (a socket sent over itself, two sent over each other): when a
 * socket closes, unp_gc() finds the sockets whose every reference is in
 * flight and that no socket with a descriptor can reach, and empties their
 * queues, which closes them (Linux's and FreeBSD's garbage collector).
 * Passing a socket whose queue holds sockets holding sockets... is refused
 * past UNP_MAXLEVEL (ETOOMANYREFS), which bounds how deep closes nest.
 *
 * Locking.  unp_mtx guards every unpcb's links (unp_conn, unp_refs, the
 * names, v_socket); it is taken before a socket's so_mtx, never after.  A
 * sender holds a reference on the receiving socket (soref) while it copies.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/namei.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/protosw.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/socketvar.h>
#include <sys/stat.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/uio.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>

MALLOC_DEFINE(M_PCB, "unpcb", "AF_UNIX protocol blocks");

#define UNP_DGRAM_QLEN	10	/* Linux's net.unix.max_dgram_qlen */
#define UNP_STREAM_CHUNK (64 * 1024)	/* a stream write queues records of at most this */

struct unpcb {
	struct socket		*unp_socket;	/* the socket (constant) */
	struct unpcb		*unp_conn;	/* the peer: stream's other end, dgram's destination */
	LIST_HEAD(, unpcb)	 unp_refs;	/* dgram: sockets whose unp_conn is this one */
	LIST_ENTRY(unpcb)	 unp_reflink;	/* on unp_conn's unp_refs (dgram) */
	LIST_ENTRY(unpcb)	 unp_abslink;	/* on unp_abstract, if bound to an abstract name */
	struct vnode		*unp_vnode;	/* bound to a path: its socket file, referenced */
	struct sockaddr_storage	 unp_addr;	/* the bound address (accepted: the listener's) */
	socklen_t		 unp_addrlen;	/* its length, 0: not bound */
	int			 unp_flags;	/* UNP_* */
	/* Stream: the peer's name when it closed (Linux's getpeername still gives it). */
	struct sockaddr_storage	 unp_gone;
	socklen_t		 unp_gonelen;	/* UNP_PEERCLOSED: its length, 0: none */
	/* Descriptor passing: this socket's own file in flight (SCM_RIGHTS, unp_gc). */
	struct file		*unp_file;	/* the file in flight (valid while unp_inflight > 0) */
	int			 unp_inflight;	/* references to it queued in sockets */
	int			 unp_level;	/* how deep sockets in flight nest through it */
	int			 unp_gcrefs;	/* unp_gc: references not from queued records */
	int			 unp_gcalive;	/* unp_gc: reachable from a descriptor */
	int			 unp_gccand;	/* unp_gc: every reference is in flight */
	LIST_ENTRY(unpcb)	 unp_flightlink;	/* on unp_flying while unp_inflight > 0 */
};

#define UNP_PEERGONE	0x02	/* dgram: the connected peer closed (next send: ECONNREFUSED) */
#define UNP_ABSTRACT	0x04	/* on unp_abstract */
#define UNP_PEERCLOSED	0x08	/* stream: the peer closed (unp_gone has its name) */

static struct mtx unp_mtx;
static LIST_HEAD(, unpcb) unp_flying = LIST_HEAD_INITIALIZER;	/* sockets in flight */
static int unp_gcing;		/* unp_gc is running (its closes do not start another) */
static int unp_rights;		/* descriptors in flight, of any kind (FreeBSD's net.local.inflight) */
SYSCTL_INT("net.local.inflight", &unp_rights, "descriptors in flight in AF_UNIX sockets");
static int unp_gcfreed;
SYSCTL_INT("net.local.gc_freed", &unp_gcfreed, "records the collector freed");

#define UNP_MAXLEVEL	4	/* Linux's MAX_RECURSION_LEVEL for sockets passed in sockets */
static LIST_HEAD(, unpcb) unp_abstract = LIST_HEAD_INITIALIZER;
static unsigned unp_autoname;	/* the next automatic name */

#define sotounpcb(so)	((struct unpcb *)(so)->so_pcb)

static struct domain unixdomain;

/* --- addresses -------------------------------------------------------------------- */

#define SUN_OFF		offsetof(struct sockaddr_un, sun_path)

/* Linux's unix_validate_addr: more than the family, at most a sockaddr_un, AF_UNIX. */
static int
unp_validate(const struct sockaddr *nam, socklen_t len)
{
	if (len <= SUN_OFF || len > sizeof(struct sockaddr_un))
		return (EINVAL);
	if (nam->sa_family != AF_UNIX)
		return (EINVAL);
	return (0);
}

/*
 * A path address as Linux keeps it: sun_path cut at the first NUL or at
 * the address length, and the length made strlen + family + 1.
 */
static socklen_t
unp_pathaddr(const struct sockaddr *nam, socklen_t len, char *path)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)nam;
	size_t n = len - SUN_OFF;

	memcpy(path, sun->sun_path, n);
	path[n] = '\0';
	return ((socklen_t)(strlen(path) + SUN_OFF + 1));
}

/* The bound socket of that abstract name and type (unp_mtx held), or NULL. */
static struct unpcb *
unp_abstract_find(const struct sockaddr *nam, socklen_t len)
{
	struct unpcb *unp;

	LIST_FOREACH(unp, &unp_abstract, unp_abslink)
		if (unp->unp_addrlen == len && memcmp(&unp->unp_addr, nam, len) == 0)
			return (unp);
	return (NULL);
}

/* The calling thread's file-system context for a socket path. */
static void
unp_ctx(struct thread *td, struct vfs_ctx *c)
{
	c->vc_cred = td->td_ucred;
	c->vc_umask = pwd_umask(td);
	pwd_get(td, &c->vc_cdir, &c->vc_rdir);
}

static void
unp_ctx_done(struct vfs_ctx *c)
{
	if (c->vc_cdir != NULL)
		vrele(c->vc_cdir);
	if (c->vc_rdir != NULL)
		vrele(c->vc_rdir);
}

/*
 * The socket an address names, referenced (Linux's unix_find_other): a
 * path needs write permission on the socket file (EACCES), ENOENT..., a
 * file nobody is bound to or not a socket is ECONNREFUSED, another type
 * EPROTOTYPE.
 */
static int
unp_find(struct thread *td, const struct sockaddr *nam, socklen_t len, int type,
    struct socket **sop)
{
	struct socket *so2 = NULL;
	struct unpcb *unp2;
	struct vfs_ctx c;
	struct vnode *vp;
	char path[UNIX_PATH_MAX + 1];
	int error;

	if (((const struct sockaddr_un *)nam)->sun_path[0] != '\0') {
		(void)unp_pathaddr(nam, len, path);
		unp_ctx(td, &c);
		error = vfs_lookup_vp(&c, path, FOLLOW, &vp);
		unp_ctx_done(&c);
		if (error != 0)
			return (error);
		vn_lock(vp, LK_SHARED);
		error = VOP_ACCESS(vp, VWRITE, td->td_ucred);
		VOP_UNLOCK(vp);
		if (error == 0 && vp->v_type != VSOCK)
			error = ECONNREFUSED;
		if (error == 0) {
			mtx_lock(&unp_mtx);
			if ((so2 = vp->v_socket) == NULL)
				error = ECONNREFUSED;
			else
				soref(so2);
			mtx_unlock(&unp_mtx);
		}
		vrele(vp);
	} else {
		mtx_lock(&unp_mtx);
		if ((unp2 = unp_abstract_find(nam, len)) == NULL)
			error = ECONNREFUSED;
		else {
			so2 = unp2->unp_socket;
			soref(so2);
			error = 0;
		}
		mtx_unlock(&unp_mtx);
	}
	if (error != 0)
		return (error);
	if (so2->so_type != type) {
		sorele(so2);
		return (EPROTOTYPE);
	}
	*sop = so2;
	return (0);
}

static void unp_gc(void);

/* --- attach, detach, bind ----------------------------------------------------------- */

static int
unp_attach(struct socket *so, int proto, struct thread *td)
{
	struct unpcb *unp = malloc(sizeof(*unp), M_PCB, M_WAITOK | M_ZERO);

	(void)proto;
	(void)td;
	so->so_protocol = 0;	/* Linux's SO_PROTOCOL reads 0 even after socket(..., PF_UNIX) */
	unp->unp_socket = so;
	LIST_INIT(&unp->unp_refs);
	so->so_pcb = unp;
	return (0);
}

/* Take unp off its destination's unp_refs (dgram; unp_mtx held). */
static void
unp_disconnect_dgram(struct unpcb *unp)
{
	if (unp->unp_conn != NULL) {
		LIST_REMOVE(unp, unp_reflink);
		unp->unp_conn = NULL;
	}
}

static void
unp_detach(struct socket *so)
{
	struct unpcb *unp = sotounpcb(so), *unp2, *ref;
	struct socket *peer = NULL;
	struct vnode *vp;
	int reset;

	mtx_lock(&unp_mtx);
	vp = unp->unp_vnode;
	if (vp != NULL && vp->v_socket == so)
		vp->v_socket = NULL;
	unp->unp_vnode = NULL;
	if (unp->unp_flags & UNP_ABSTRACT)
		LIST_REMOVE(unp, unp_abslink);
	if (so->so_type == SOCK_DGRAM) {
		unp_disconnect_dgram(unp);
		while ((ref = LIST_FIRST(&unp->unp_refs)) != NULL) {
			LIST_REMOVE(ref, unp_reflink);
			ref->unp_conn = NULL;
			ref->unp_flags |= UNP_PEERGONE;
		}
	} else if ((unp2 = unp->unp_conn) != NULL) {
		/* Linux: the survivor is shut down both ways; unread data or no accept: a reset. */
		unp2->unp_conn = NULL;
		unp2->unp_flags |= UNP_PEERCLOSED;
		unp2->unp_gone = unp->unp_addr;
		unp2->unp_gonelen = unp->unp_addrlen;
		peer = unp2->unp_socket;
		soref(peer);
	}
	unp->unp_conn = NULL;
	mtx_unlock(&unp_mtx);
	if (peer != NULL) {
		mtx_lock(&so->so_mtx);
		reset = so->so_rcv.sb_nrecs > 0 || (so->so_state & SS_ISCONFIRMING);
		mtx_unlock(&so->so_mtx);
		mtx_lock(&peer->so_mtx);
		peer->so_state |= SS_CANTSENDMORE | SS_CANTRCVMORE;
		if (reset)
			peer->so_error = ECONNRESET;
		mtx_unlock(&peer->so_mtx);
		sorwakeup(peer);
		sowwakeup(peer);
		sorele(peer);
	}
	so->so_pcb = NULL;
	free(unp, M_PCB);
	if (vp != NULL)
		vrele(vp);
	/* A close may leave sockets that only hold each other: collect them. */
	unp_gc();
}

/* An automatic abstract name, "\0" and five hex digits (Linux's unix_autobind); unp_mtx held. */
static void
unp_autobind_locked(struct unpcb *unp)
{
	struct sockaddr_un sun;
	int tries;

	for (tries = 0; tries < 0x100000; tries++) {
		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "%05x",
		    unp_autoname++ & 0xfffff);
		if (unp_abstract_find((struct sockaddr *)&sun, SUN_OFF + 6) == NULL)
			break;
	}
	memcpy(&unp->unp_addr, &sun, SUN_OFF + 6);
	unp->unp_addrlen = SUN_OFF + 6;
	unp->unp_flags |= UNP_ABSTRACT;
	LIST_INSERT_HEAD(&unp_abstract, unp, unp_abslink);
}

/*
 * Linux's unix_bind_bsd: the socket file first (EADDRINUSE if the name is
 * taken, whether or not this socket is bound already), then the socket: one
 * already bound is EINVAL and the new file goes again.
 */
static int
unp_bind_path(struct socket *so, const struct sockaddr *nam, socklen_t len, struct thread *td)
{
	struct unpcb *unp = sotounpcb(so);
	char path[UNIX_PATH_MAX + 1];
	struct vfs_ctx c;
	struct vnode *vp;
	socklen_t alen;
	int error;

	alen = unp_pathaddr(nam, len, path);
	unp_ctx(td, &c);
	if ((error = vfs_mknod_vp(&c, path, S_IFSOCK | 0777, 0, &vp)) != 0) {
		unp_ctx_done(&c);
		return (error == EEXIST ? EADDRINUSE : error);
	}
	mtx_lock(&unp_mtx);
	if (unp->unp_addrlen != 0) {
		mtx_unlock(&unp_mtx);
		vrele(vp);
		(void)vfs_unlink(&c, path);
		unp_ctx_done(&c);
		return (EINVAL);
	}
	vp->v_socket = so;
	unp->unp_vnode = vp;
	memset(&unp->unp_addr, 0, sizeof(unp->unp_addr));
	unp->unp_addr.ss_family = AF_UNIX;
	memcpy((char *)&unp->unp_addr + SUN_OFF, path, alen - SUN_OFF);
	unp->unp_addrlen = alen;
	mtx_unlock(&unp_mtx);
	unp_ctx_done(&c);
	return (0);
}

static int
unp_bind(struct socket *so, const struct sockaddr *nam, socklen_t len, struct thread *td)
{
	struct unpcb *unp = sotounpcb(so);
	int error;

	if (len == SUN_OFF && nam->sa_family == AF_UNIX) {
		/* The family alone: an automatic name, or nothing if already bound. */
		mtx_lock(&unp_mtx);
		if (unp->unp_addrlen == 0)
			unp_autobind_locked(unp);
		mtx_unlock(&unp_mtx);
		return (0);
	}
	if ((error = unp_validate(nam, len)) != 0)
		return (error);
	if (((const struct sockaddr_un *)nam)->sun_path[0] != '\0')
		return (unp_bind_path(so, nam, len, td));
	mtx_lock(&unp_mtx);
	if (unp->unp_addrlen != 0)
		error = EINVAL;
	else if (unp_abstract_find(nam, len) != NULL)
		error = EADDRINUSE;
	else {
		memset(&unp->unp_addr, 0, sizeof(unp->unp_addr));
		memcpy(&unp->unp_addr, nam, len);
		unp->unp_addrlen = len;
		unp->unp_flags |= UNP_ABSTRACT;
		LIST_INSERT_HEAD(&unp_abstract, unp, unp_abslink);
	}
	mtx_unlock(&unp_mtx);
	return (error);
}

/* SO_PASSCRED makes an unbound socket take a name when it connects or sends (Linux). */
static void
unp_autobind_passcred(struct socket *so)
{
	struct unpcb *unp = sotounpcb(so);

	if (!(so->so_options & SOF_PASSCRED))
		return;
	mtx_lock(&unp_mtx);
	if (unp->unp_addrlen == 0)
		unp_autobind_locked(unp);
	mtx_unlock(&unp_mtx);
}

/* --- connections -------------------------------------------------------------------- */

static void
unp_setpeercred(struct socket *so, struct ucred *cr, pid_t pid)
{
	struct ucred *old;

	mtx_lock(&so->so_mtx);
	old = so->so_peercred;
	so->so_peercred = crhold(cr);
	so->so_peerpid = pid;
	mtx_unlock(&so->so_mtx);
	if (old != NULL)
		crfree(old);
}

static pid_t
td_pid(struct thread *td)
{
	return (td != NULL && td->td_proc != NULL ? td->td_proc->p_pid : 0);
}

static int
unp_connect_stream(struct socket *so, const struct sockaddr *nam, socklen_t len,
    struct thread *td)
{
	struct unpcb *unp = sotounpcb(so), *unp2, *unp3;
	struct socket *head, *so3;
	uint64_t deadline = sbdeadline(&so->so_snd);
	int error;

	if ((error = unp_validate(nam, len)) != 0)
		return (error);
	unp_autobind_passcred(so);
	if ((error = unp_find(td, nam, len, so->so_type, &head)) != 0)
		return (error);
	/* Wait for room on the listener's queue (EAGAIN without waiting if O_NONBLOCK). */
	for (;;) {
		mtx_lock(&head->so_mtx);
		if (!(head->so_options & SOF_ACCEPTCONN) || (head->so_state & SS_CANTRCVMORE)) {
			error = ECONNREFUSED;
		} else if (head->so_qlen > head->so_qlimit) {
			if (so->so_state & SS_NBIO)
				error = EAGAIN;
			else if ((error = sosleep(head, &head->so_mtx, &head->so_snd, "unpconn",
			    deadline)) == 0) {
				mtx_unlock(&head->so_mtx);
				continue;
			}
		}
		mtx_unlock(&head->so_mtx);
		break;
	}
	if (error == 0) {
		mtx_lock(&so->so_mtx);
		if (so->so_state & SS_ISCONNECTED)
			error = EISCONN;
		else if (so->so_options & SOF_ACCEPTCONN)
			error = EINVAL;
		mtx_unlock(&so->so_mtx);
	}
	if (error != 0 || (so3 = sonewconn(head)) == NULL) {
		sorele(head);
		return (error != 0 ? error : ECONNREFUSED);
	}
	mtx_lock(&unp_mtx);
	unp2 = sotounpcb(head);
	unp3 = sotounpcb(so3);
	if (unp2 == NULL || unp->unp_conn != NULL) {
		mtx_unlock(&unp_mtx);
		soclose(so3);
		sorele(head);
		return (unp2 == NULL ? ECONNREFUSED : EISCONN);
	}
	/* The server's end answers to the listener's name. */
	unp3->unp_addr = unp2->unp_addr;
	unp3->unp_addrlen = unp2->unp_addrlen;
	unp->unp_conn = unp3;
	unp3->unp_conn = unp;
	mtx_unlock(&unp_mtx);
	/* SO_PEERCRED: the client sees the listener's (as at listen), the server the client's. */
	mtx_lock(&head->so_mtx);
	if (head->so_peercred != NULL) {
		struct ucred *lcr = crhold(head->so_peercred);
		pid_t lpid = head->so_peerpid;

		mtx_unlock(&head->so_mtx);
		unp_setpeercred(so, lcr, lpid);
		crfree(lcr);
	} else
		mtx_unlock(&head->so_mtx);
	unp_setpeercred(so3, td->td_ucred, td_pid(td));
	if (soqinsert(head, so3) != 0) {
		/* The listener closed meanwhile: undo, nobody will accept it. */
		mtx_lock(&unp_mtx);
		unp->unp_conn = NULL;
		unp3->unp_conn = NULL;
		mtx_unlock(&unp_mtx);
		soclose(so3);
		sorele(head);
		return (ECONNREFUSED);
	}
	soisconnected(so);
	sorele(head);
	return (0);
}

static int
unp_connect_dgram(struct socket *so, const struct sockaddr *nam, socklen_t len,
    struct thread *td)
{
	struct unpcb *unp = sotounpcb(so), *unp2;
	struct socket *so2 = NULL;
	int error;

	if (len < sizeof(sa_family_t))
		return (EINVAL);
	if (nam->sa_family != AF_UNSPEC) {
		if ((error = unp_validate(nam, len)) != 0)
			return (error);
		unp_autobind_passcred(so);
		if ((error = unp_find(td, nam, len, so->so_type, &so2)) != 0)
			return (error);
	}
	mtx_lock(&unp_mtx);
	unp2 = so2 != NULL ? sotounpcb(so2) : NULL;
	/* Linux's unix_may_send: a socket connected elsewhere takes nothing from us. */
	if (so2 != NULL && (unp2 == NULL || (unp2->unp_conn != NULL && unp2->unp_conn != unp))) {
		mtx_unlock(&unp_mtx);
		sorele(so2);
		return (unp2 == NULL ? ECONNREFUSED : EPERM);
	}
	unp_disconnect_dgram(unp);
	unp->unp_flags &= ~UNP_PEERGONE;
	if (unp2 != NULL) {
		unp->unp_conn = unp2;
		LIST_INSERT_HEAD(&unp2->unp_refs, unp, unp_reflink);
	}
	mtx_unlock(&unp_mtx);
	if (so2 != NULL) {
		soisconnected(so);
		sorele(so2);
	} else {
		mtx_lock(&so->so_mtx);
		so->so_state &= ~SS_ISCONNECTED;
		mtx_unlock(&so->so_mtx);
	}
	return (0);
}

static int
unp_connect(struct socket *so, const struct sockaddr *nam, socklen_t len, struct thread *td)
{
	if (so->so_type == SOCK_DGRAM)
		return (unp_connect_dgram(so, nam, len, td));
	return (unp_connect_stream(so, nam, len, td));
}

static int
unp_connect2(struct socket *so1, struct socket *so2)
{
	struct unpcb *unp1 = sotounpcb(so1), *unp2 = sotounpcb(so2);
	struct thread *td = curthread;

	mtx_lock(&unp_mtx);
	unp1->unp_conn = unp2;
	unp2->unp_conn = unp1;
	if (so1->so_type == SOCK_DGRAM) {
		LIST_INSERT_HEAD(&unp2->unp_refs, unp1, unp_reflink);
		LIST_INSERT_HEAD(&unp1->unp_refs, unp2, unp_reflink);
	}
	mtx_unlock(&unp_mtx);
	/* Linux's socketpair: each end's peer credentials are the caller's. */
	unp_setpeercred(so1, td->td_ucred, td_pid(td));
	unp_setpeercred(so2, td->td_ucred, td_pid(td));
	soisconnected(so1);
	soisconnected(so2);
	return (0);
}

static int
unp_listen(struct socket *so, int backlog, struct thread *td)
{
	struct unpcb *unp = sotounpcb(so);
	int error = 0;

	(void)backlog;
	if (so->so_type == SOCK_DGRAM)
		return (EOPNOTSUPP);
	mtx_lock(&unp_mtx);
	if (unp->unp_addrlen == 0 || unp->unp_conn != NULL)
		error = EINVAL;
	mtx_unlock(&unp_mtx);
	if (error == 0)
		unp_setpeercred(so, td->td_ucred, td_pid(td));
	return (error);
}

/* The peer's address (accept: the client's, only the family if it has no name). */
static int
unp_peeraddr(struct socket *so, struct sockaddr *nam, socklen_t *lenp)
{
	struct unpcb *unp = sotounpcb(so), *unp2;
	int error = 0;

	mtx_lock(&unp_mtx);
	if ((unp2 = unp->unp_conn) == NULL && (unp->unp_flags & UNP_PEERCLOSED)) {
		/* A closed peer still answers with the name it had. */
		if (unp->unp_gonelen > 0) {
			memcpy(nam, &unp->unp_gone, unp->unp_gonelen);
			*lenp = unp->unp_gonelen;
		} else {
			nam->sa_family = AF_UNIX;
			*lenp = SUN_OFF;
		}
	} else if (unp2 == NULL)
		error = ENOTCONN;
	else if (unp2->unp_addrlen > 0) {
		memcpy(nam, &unp2->unp_addr, unp2->unp_addrlen);
		*lenp = unp2->unp_addrlen;
	} else {
		nam->sa_family = AF_UNIX;
		*lenp = SUN_OFF;
	}
	mtx_unlock(&unp_mtx);
	return (error);
}

static int
unp_accept(struct socket *so, struct sockaddr *nam, socklen_t *lenp)
{
	/* A client already gone still gives a descriptor; its address is the family alone. */
	if (unp_peeraddr(so, nam, lenp) != 0) {
		nam->sa_family = AF_UNIX;
		*lenp = SUN_OFF;
	}
	return (0);
}

static int
unp_sockaddr(struct socket *so, struct sockaddr *nam, socklen_t *lenp)
{
	struct unpcb *unp = sotounpcb(so);

	mtx_lock(&unp_mtx);
	if (unp->unp_addrlen > 0) {
		memcpy(nam, &unp->unp_addr, unp->unp_addrlen);
		*lenp = unp->unp_addrlen;
	} else {
		nam->sa_family = AF_UNIX;
		*lenp = SUN_OFF;
	}
	mtx_unlock(&unp_mtx);
	return (0);
}

static int
unp_shutdown(struct socket *so, int how)
{
	struct unpcb *unp = sotounpcb(so);
	struct socket *peer = NULL;

	if (so->so_type == SOCK_DGRAM)
		return (0);
	mtx_lock(&unp_mtx);
	if (unp->unp_conn != NULL) {
		peer = unp->unp_conn->unp_socket;
		soref(peer);
	}
	mtx_unlock(&unp_mtx);
	if (peer == NULL)
		return (0);
	/* Our SHUT_WR is the peer's end of file; our SHUT_RD its EPIPE. */
	if (how != SHUT_RD)
		socantrcvmore(peer);
	if (how != SHUT_WR)
		socantsendmore(peer);
	sorele(peer);
	return (0);
}

/* --- control messages ---------------------------------------------------------------- */

/*
 * In a queued record, SCM_RIGHTS holds struct file pointers (referenced)
 * rather than descriptor numbers; the sender's credentials are r_pid,
 * r_uid, r_gid.  Nothing else is kept.
 */

TAILQ_HEAD(sbrec_head, sbrec);

/* The unpcb of an AF_UNIX socket's file, or NULL. */
static struct unpcb *
unp_fileunp(struct file *fp)
{
	struct socket *so;

	if (fp->f_type != DTYPE_SOCKET)
		return (NULL);
	so = fp->f_data;
	return (so->so_family == AF_UNIX ? sotounpcb(so) : NULL);
}

/* fp goes into flight (unp_mtx held). */
static void
unp_flight(struct file *fp)
{
	struct unpcb *unp = unp_fileunp(fp);

	if (unp == NULL)
		return;
	if (unp->unp_inflight++ == 0) {
		unp->unp_file = fp;
		LIST_INSERT_HEAD(&unp_flying, unp, unp_flightlink);
	}
}

/* fp comes out of flight: received or dropped (before its reference goes). */
static void
unp_unflight(struct file *fp)
{
	struct unpcb *unp = unp_fileunp(fp);

	mtx_lock(&unp_mtx);
	unp_rights--;
	if (unp != NULL && --unp->unp_inflight == 0)
		LIST_REMOVE(unp, unp_flightlink);
	mtx_unlock(&unp_mtx);
}

/*
 * The i-th connection on listener so's accept queue, referenced, or NULL
 * (one so_mtx at a time: the caller then locks the connection's).
 */
static struct socket *
unp_embryo(struct socket *so, int i)
{
	struct socket *sp;

	mtx_lock(&so->so_mtx);
	TAILQ_FOREACH(sp, &so->so_comp, so_list)
		if (i-- == 0)
			break;
	if (sp != NULL)
		soref(sp);
	mtx_unlock(&so->so_mtx);
	return (sp);
}

static void unp_scan(struct socket *so, void (*fn)(struct unpcb *));

/*
 * Call fn for each AF_UNIX socket in flight in so's queue and, for a
 * listener, in the queues of its connections not accepted yet (a socket
 * passed to its own listener's embryo is held by the listener too).
 */
static void
unp_scan_tree(struct socket *so, void (*fn)(struct unpcb *))
{
	struct socket *sp;
	int i;

	mtx_lock(&so->so_mtx);
	unp_scan(so, fn);
	mtx_unlock(&so->so_mtx);
	for (i = 0; (sp = unp_embryo(so, i)) != NULL; i++) {
		mtx_lock(&sp->so_mtx);
		unp_scan(sp, fn);
		mtx_unlock(&sp->so_mtx);
		sorele(sp);
	}
}

/* Move so's queued records to dead (so_mtx held). */
static void
unp_purge(struct socket *so, struct sbrec_head *dead)
{
	struct sbrec *r;

	while ((r = TAILQ_FIRST(&so->so_rcv.sb_recs)) != NULL) {
		TAILQ_REMOVE(&so->so_rcv.sb_recs, r, r_link);
		TAILQ_INSERT_TAIL(dead, r, r_link);
	}
	so->so_rcv.sb_cc = so->so_rcv.sb_charge = 0;
	so->so_rcv.sb_nrecs = 0;
}

/* Call fn(unpcb) for each AF_UNIX socket in flight in so's queue (so_mtx held). */
static void
unp_scan(struct socket *so, void (*fn)(struct unpcb *))
{
	struct l_cmsghdr *cm;
	struct file **fpp;
	struct unpcb *unp;
	struct sbrec *r;
	size_t off, i, n;

	TAILQ_FOREACH(r, &so->so_rcv.sb_recs, r_link) {
		for (off = 0; off + sizeof(*cm) <= r->r_ctllen;
		    off += L_CMSG_ALIGN(cm->cmsg_len)) {
			cm = (struct l_cmsghdr *)((char *)r->r_ctl + off);
			if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
				continue;
			fpp = (struct file **)L_CMSG_DATA(cm);
			n = (cm->cmsg_len - L_CMSG_HDRLEN) / sizeof(*fpp);
			for (i = 0; i < n; i++)
				if ((unp = unp_fileunp(fpp[i])) != NULL && unp->unp_inflight > 0)
					fn(unp);
		}
	}
}

static void
unp_gc_unref(struct unpcb *unp)
{
	unp->unp_gcrefs--;
}

static int unp_gc_newly;	/* unp_gc_mark found another live socket */

static void
unp_gc_mark(struct unpcb *unp)
{
	if (!unp->unp_gcalive) {
		unp->unp_gcalive = 1;
		unp_gc_newly = 1;
	}
}

static void unp_dispose(struct sbrec *r);

/*
 * The garbage collector: a socket in flight whose file has no reference
 * but those in flight (f_count == unp_inflight) is a candidate; one that
 * queued records of other candidates do not account for entirely is
 * reachable, and so is every candidate in a reachable one's queue; the
 * rest are garbage and their queues are emptied -- the records' files,
 * themselves among them, released after unp_mtx is let go.
 */
static void
unp_gc(void)
{
	struct sbrec_head dead = TAILQ_HEAD_INITIALIZER(dead);
	struct socket *so, *sp;
	struct unpcb *unp;
	struct sbrec *r;
	int i;

	mtx_lock(&unp_mtx);
	if (unp_gcing || LIST_EMPTY(&unp_flying)) {
		mtx_unlock(&unp_mtx);
		return;
	}
	unp_gcing = 1;
	LIST_FOREACH(unp, &unp_flying, unp_flightlink) {
		unp->unp_gcrefs = __atomic_load_n(&unp->unp_file->f_count, __ATOMIC_ACQUIRE);
		unp->unp_gccand = unp->unp_gcrefs == unp->unp_inflight;
		unp->unp_gcalive = !unp->unp_gccand;
	}
	/* References from candidates' queues do not keep a socket alive. */
	LIST_FOREACH(unp, &unp_flying, unp_flightlink) {
		if (unp->unp_gcalive)
			continue;
		unp_scan_tree(unp->unp_socket, unp_gc_unref);
	}
	LIST_FOREACH(unp, &unp_flying, unp_flightlink)
		if (!unp->unp_gcalive && unp->unp_gcrefs > 0)
			unp->unp_gcalive = 1;
	/*
	 * What a live candidate's queue holds is alive too, to a fixed point.
	 * (Only candidates are scanned: nobody can be reading them, as no
	 * descriptor names them; a socket with one keeps what it holds alive
	 * by the count alone.)
	 */
	do {
		unp_gc_newly = 0;
		LIST_FOREACH(unp, &unp_flying, unp_flightlink) {
			if (!unp->unp_gccand || !unp->unp_gcalive)
				continue;
			unp_scan_tree(unp->unp_socket, unp_gc_mark);
		}
	} while (unp_gc_newly);
	LIST_FOREACH(unp, &unp_flying, unp_flightlink) {
		if (unp->unp_gcalive)
			continue;
		so = unp->unp_socket;
		mtx_lock(&so->so_mtx);
		unp_purge(so, &dead);
		mtx_unlock(&so->so_mtx);
		for (i = 0; (sp = unp_embryo(so, i)) != NULL; i++) {
			mtx_lock(&sp->so_mtx);
			unp_purge(sp, &dead);
			mtx_unlock(&sp->so_mtx);
			sorele(sp);
		}
	}
	mtx_unlock(&unp_mtx);
	while ((r = TAILQ_FIRST(&dead)) != NULL) {
		TAILQ_REMOVE(&dead, r, r_link);
		if (r->r_ctl != NULL) {
			unp_dispose(r);
			free(r->r_ctl, M_SOCKET);
		}
		free(r, M_SOCKET);
		__atomic_add_fetch(&unp_gcfreed, 1, __ATOMIC_RELAXED);
	}
	mtx_lock(&unp_mtx);
	unp_gcing = 0;
	mtx_unlock(&unp_mtx);
}

static void
unp_rights_release(struct sbrec *r)
{
	struct l_cmsghdr *cm;
	struct file **fpp;
	size_t off, i, n;

	for (off = 0; off + sizeof(*cm) <= r->r_ctllen; off += L_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct l_cmsghdr *)((char *)r->r_ctl + off);
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		fpp = (struct file **)L_CMSG_DATA(cm);
		n = (cm->cmsg_len - L_CMSG_HDRLEN) / sizeof(*fpp);
		for (i = 0; i < n; i++) {
			unp_unflight(fpp[i]);
			fdrop(fpp[i], curthread);
		}
	}
}

static void
unp_dispose(struct sbrec *r)
{
	unp_rights_release(r);
}

/* Linux's scm_check_creds: the sender may claim only its own pid and ids unless privileged. */
static int
unp_checkcreds(struct thread *td, const struct l_ucred *uc)
{
	struct ucred *cr = td->td_ucred;
	uid_t uid = make_kuid(cr->cr_userns, uc->uid);
	gid_t gid = make_kgid(cr->cr_userns, uc->gid);

	if (uc->pid != td_pid(td) && ns_priv_check(cr, cr->cr_userns, CAP_SYS_ADMIN) != 0)
		return (EPERM);
	if (uid == (uid_t)-1 || gid == (gid_t)-1)
		return (EINVAL);
	if (uid != cr->cr_ruid && uid != cr->cr_uid && uid != cr->cr_svuid &&
	    ns_priv_check(cr, cr->cr_userns, CAP_SETUID) != 0)
		return (EPERM);
	if (gid != cr->cr_rgid && gid != cr->cr_gid && gid != cr->cr_svgid &&
	    ns_priv_check(cr, cr->cr_userns, CAP_SETGID) != 0)
		return (EPERM);
	return (0);
}

/*
 * The sender's control messages into r (Linux's __scm_send and
 * unix_scm_to_skb): SCM_RIGHTS descriptors taken as files (EBADF, at most
 * SCM_MAX_FD in all: EINVAL), SCM_CREDENTIALS checked, other SOL_SOCKET
 * types EINVAL, other levels skipped.  *levelp: the deepest nesting of the
 * sockets passed (0 if none), for the receiver's unp_level.
 */
static int
unp_internalize(struct thread *td, struct sockmsg *m, struct sbrec *r, int *levelp)
{
	struct l_cmsghdr *cm, *out;
	struct l_ucred uc;
	struct file *fp, **fpp = NULL;
	int32_t *fds;
	size_t off, i, n, nfp = 0;
	int error = 0;

	r->r_pid = td_pid(td);
	r->r_uid = td->td_ucred->cr_uid;
	r->r_gid = td->td_ucred->cr_gid;
	for (off = 0; off + sizeof(*cm) <= m->sm_ctllen; off += L_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct l_cmsghdr *)((char *)m->sm_ctl + off);
		if (cm->cmsg_level != SOL_SOCKET)
			continue;
		n = cm->cmsg_len - L_CMSG_HDRLEN;
		if (cm->cmsg_len < L_CMSG_HDRLEN) {
			error = EINVAL;
			goto fail;
		}
		switch (cm->cmsg_type) {
		case SCM_RIGHTS:
			n /= sizeof(int32_t);
			if (n == 0)
				break;
			if (nfp + n > SCM_MAX_FD) {
				error = EINVAL;
				goto fail;
			}
			if (fpp == NULL)
				fpp = malloc(sizeof(*fpp) * SCM_MAX_FD, M_SOCKET, M_WAITOK);
			fds = (int32_t *)L_CMSG_DATA(cm);
			for (i = 0; i < n; i++) {
				/* Any open file, O_PATH ones too (Linux's fget_raw). */
				if ((error = fget(td, fds[i], &fp)) != 0)
					goto fail;
				fpp[nfp++] = fp;
			}
			break;
		case SCM_CREDENTIALS:
			if (n != sizeof(uc)) {
				error = EINVAL;
				goto fail;
			}
			memcpy(&uc, L_CMSG_DATA(cm), sizeof(uc));
			if ((error = unp_checkcreds(td, &uc)) != 0)
				goto fail;
			r->r_pid = uc.pid;
			r->r_uid = make_kuid(td->td_ucred->cr_userns, uc.uid);
			r->r_gid = make_kgid(td->td_ucred->cr_userns, uc.gid);
			break;
		default:
			error = EINVAL;
			goto fail;
		}
	}
	if (nfp > 0) {
		/* Sockets in sockets nest no deeper than Linux lets them (ETOOMANYREFS). */
		mtx_lock(&unp_mtx);
		for (i = 0; i < nfp; i++)
			if (unp_fileunp(fpp[i]) != NULL && unp_fileunp(fpp[i])->unp_level > *levelp)
				*levelp = unp_fileunp(fpp[i])->unp_level;
		if (*levelp > UNP_MAXLEVEL) {
			mtx_unlock(&unp_mtx);
			error = ETOOMANYREFS;
			goto fail;
		}
		for (i = 0; i < nfp; i++)
			unp_flight(fpp[i]);
		unp_rights += (int)nfp;
		mtx_unlock(&unp_mtx);
		r->r_ctllen = L_CMSG_SPACE(nfp * sizeof(*fpp));
		r->r_ctl = malloc(r->r_ctllen, M_SOCKET, M_WAITOK | M_ZERO);
		out = r->r_ctl;
		out->cmsg_len = L_CMSG_LEN(nfp * sizeof(*fpp));
		out->cmsg_level = SOL_SOCKET;
		out->cmsg_type = SCM_RIGHTS;
		memcpy(L_CMSG_DATA(out), fpp, nfp * sizeof(*fpp));
	}
	if (fpp != NULL)
		free(fpp, M_SOCKET);
	return (0);
fail:
	for (i = 0; i < nfp; i++)
		fdrop(fpp[i], td);
	if (fpp != NULL)
		free(fpp, M_SOCKET);
	return (error);
}

/*
 * Linux's put_cmsg into out (at *offp, room bytes in all): a message cut
 * short sets *truncp and says so in its cmsg_len.
 */
static void
unp_putcmsg(char *out, size_t room, size_t *offp, int type, const void *data, size_t len,
    int *truncp)
{
	struct l_cmsghdr cm;
	size_t cmlen = L_CMSG_LEN(len), left = room - *offp;

	if (left < sizeof(cm)) {
		*truncp = 1;
		return;
	}
	if (left < cmlen) {
		*truncp = 1;
		cmlen = left;
	}
	cm.cmsg_len = cmlen;
	cm.cmsg_level = SOL_SOCKET;
	cm.cmsg_type = type;
	memcpy(out + *offp, &cm, sizeof(cm));
	memcpy(out + *offp + L_CMSG_HDRLEN, data, cmlen - L_CMSG_HDRLEN);
	*offp += L_CMSG_SPACE(len) < left ? L_CMSG_SPACE(len) : left;
}

static int
unp_externalize(struct socket *so, struct sbrec *r, size_t room, int flags, struct thread *td,
    void **outp, size_t *outlenp, int *truncp)
{
	struct l_cmsghdr *cm;
	struct l_ucred uc;
	struct file **fpp = NULL;
	int32_t *fds = NULL;
	size_t off, i, n = 0, fdmax, outoff = 0, need;
	char *out;
	int passcred = (so->so_options & SOF_PASSCRED) != 0, fd;

	*truncp = 0;
	*outp = NULL;
	*outlenp = 0;
	for (off = 0; off + sizeof(*cm) <= r->r_ctllen; off += L_CMSG_ALIGN(cm->cmsg_len)) {
		cm = (struct l_cmsghdr *)((char *)r->r_ctl + off);
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS) {
			fpp = (struct file **)L_CMSG_DATA(cm);
			n = (cm->cmsg_len - L_CMSG_HDRLEN) / sizeof(*fpp);
		}
	}
	if (!passcred && n == 0)
		return (0);
	/* The user's room may be anything: the buffer is what the messages need, or less. */
	need = (passcred ? L_CMSG_SPACE(sizeof(uc)) : 0) + (n > 0 ? L_CMSG_SPACE(n * 4) : 0);
	if (room > need)
		room = need;
	out = malloc(room > 0 ? room : 1, M_SOCKET, M_WAITOK | M_ZERO);
	if (passcred) {
		uc.pid = r->r_pid;
		uc.uid = from_kuid_munged(td->td_ucred->cr_userns, r->r_uid);
		uc.gid = from_kgid_munged(td->td_ucred->cr_userns, r->r_gid);
		unp_putcmsg(out, room, &outoff, SCM_CREDENTIALS, &uc, sizeof(uc), truncp);
	}
	if (n > 0) {
		/* Linux's scm_detach_fds: as many as fit, the rest closed, MSG_CTRUNC. */
		fdmax = room > outoff + L_CMSG_HDRLEN ? (room - outoff - L_CMSG_HDRLEN) /
		    sizeof(int32_t) : 0;
		fds = malloc(sizeof(*fds) * n, M_SOCKET, M_WAITOK);
		/* The table takes its own reference; a peek leaves the record's in flight. */
		for (i = 0; i < n && i < fdmax; i++) {
			if (finstall(td, fpp[i], 0, (flags & MSG_CMSG_CLOEXEC) ? UF_EXCLOSE : 0,
			    &fd) != 0)
				break;
			fds[i] = fd;
			if (!(flags & MSG_PEEK)) {
				unp_unflight(fpp[i]);
				fdrop(fpp[i], td);	/* the table holds it now */
			}
		}
		if (i < n)
			*truncp = 1;
		if (i > 0)
			unp_putcmsg(out, room, &outoff, SCM_RIGHTS, fds, i * sizeof(*fds), truncp);
		if (!(flags & MSG_PEEK))
			for (; i < n; i++) {
				unp_unflight(fpp[i]);
				fdrop(fpp[i], td);
			}
		free(fds, M_SOCKET);
	}
	if (!(flags & MSG_PEEK) && r->r_ctl != NULL) {
		free(r->r_ctl, M_SOCKET);
		r->r_ctl = NULL;
		r->r_ctllen = 0;
	}
	if (outoff == 0) {
		free(out, M_SOCKET);
		out = NULL;
	}
	*outp = out;
	*outlenp = outoff;
	return (0);
}

/* --- sending -------------------------------------------------------------------------- */

/*
 * The record for m's data (len bytes of it) with the sender's name and the
 * control; *levelp the nesting of the sockets it carries (unp_setlevel).
 */
static int
unp_record(struct socket *so, struct sockmsg *m, size_t len, int withctl, struct thread *td,
    struct sbrec **rp, int *levelp)
{
	struct unpcb *unp = sotounpcb(so);
	struct sockaddr_storage from;
	socklen_t fromlen;
	struct sbrec *r;
	int error;

	*levelp = 0;
	mtx_lock(&unp_mtx);
	fromlen = unp->unp_addrlen;
	if (fromlen > 0)
		memcpy(&from, &unp->unp_addr, fromlen);
	mtx_unlock(&unp_mtx);
	r = sbrec_alloc(len, fromlen > 0 ? (struct sockaddr *)&from : NULL, fromlen, M_WAITOK);
	if (withctl && (error = unp_internalize(td, m, r, levelp)) != 0) {
		free(r, M_SOCKET);
		return (error);
	}
	if (!withctl) {
		r->r_pid = td_pid(td);
		r->r_uid = td->td_ucred->cr_uid;
		r->r_gid = td->td_ucred->cr_gid;
	}
	if ((error = uiomove(r->r_data, len, m->sm_uio)) != 0) {
		sbrec_free(so, r);
		return (error);
	}
	*rp = r;
	return (0);
}

/* A record of that nesting was queued at to: passing to nests one deeper (Linux). */
static void
unp_setlevel(struct socket *to, int level)
{
	mtx_lock(&unp_mtx);
	if (sotounpcb(to) != NULL && sotounpcb(to)->unp_level < level + 1)
		sotounpcb(to)->unp_level = level + 1;
	mtx_unlock(&unp_mtx);
}

/* The connected peer's socket, referenced, or NULL. */
static struct socket *
unp_peer(struct socket *so, int *gonep)
{
	struct unpcb *unp = sotounpcb(so);
	struct socket *peer = NULL;

	mtx_lock(&unp_mtx);
	if (unp->unp_conn != NULL) {
		peer = unp->unp_conn->unp_socket;
		soref(peer);
	}
	if (gonep != NULL) {
		*gonep = (unp->unp_flags & UNP_PEERGONE) != 0;
		unp->unp_flags &= ~UNP_PEERGONE;
	}
	mtx_unlock(&unp_mtx);
	return (peer);
}

static int
unp_send_stream(struct socket *so, struct sockmsg *m, struct thread *td)
{
	uint64_t deadline = sbdeadline(&so->so_snd);
	struct socket *peer;
	struct sbrec *r;
	size_t len;
	int space, first = 1, level, error = 0;

	if (m->sm_addr != NULL) {
		mtx_lock(&so->so_mtx);
		error = (so->so_state & SS_ISCONNECTED) ? EISCONN : EOPNOTSUPP;
		mtx_unlock(&so->so_mtx);
		return (error);
	}
	if ((peer = unp_peer(so, NULL)) == NULL) {
		mtx_lock(&so->so_mtx);
		error = (so->so_state & SS_CANTSENDMORE) ? EPIPE : ENOTCONN;
		mtx_unlock(&so->so_mtx);
		return (error);
	}
	mtx_lock(&so->so_mtx);
	if (so->so_state & SS_CANTSENDMORE)
		error = EPIPE;
	mtx_unlock(&so->so_mtx);
	while (error == 0 && (first || m->sm_uio->uio_resid > 0)) {
		/* Room: what this end has queued at the peer stays under its SO_SNDBUF. */
		mtx_lock(&peer->so_mtx);
		if (peer->so_state & (SS_CANTRCVMORE | SS_NOFDREF)) {
			mtx_unlock(&peer->so_mtx);
			error = EPIPE;
			break;
		}
		space = so->so_snd.sb_hiwat - (int)peer->so_rcv.sb_charge;
		if (space <= SB_RECOVERHEAD) {
			if (m->sm_nonblock)
				error = EAGAIN;
			else
				error = sosleep(peer, &peer->so_mtx, &peer->so_rcv, "unpsnd", deadline);
			mtx_unlock(&peer->so_mtx);
			continue;
		}
		mtx_unlock(&peer->so_mtx);
		len = (size_t)m->sm_uio->uio_resid;
		if (len > (size_t)(space - SB_RECOVERHEAD))
			len = (size_t)(space - SB_RECOVERHEAD);
		if (len > UNP_STREAM_CHUNK)
			len = UNP_STREAM_CHUNK;
		if ((error = unp_record(so, m, len, first, td, &r, &level)) != 0)
			break;
		mtx_lock(&peer->so_mtx);
		if (peer->so_state & (SS_CANTRCVMORE | SS_NOFDREF)) {
			mtx_unlock(&peer->so_mtx);
			/* Not sent after all: the bytes go back (Linux returns what was queued). */
			m->sm_uio->uio_resid += (ssize_t)r->r_len;
			sbrec_free(peer, r);
			error = EPIPE;
			break;
		}
		sbappend_locked(peer, r);
		mtx_unlock(&peer->so_mtx);
		sorwakeup(peer);
		if (first)
			unp_setlevel(peer, level);
		first = 0;
	}
	sorele(peer);
	return (error);
}

static int
unp_send_dgram(struct socket *so, struct sockmsg *m, struct thread *td)
{
	struct unpcb *unp = sotounpcb(so);
	uint64_t deadline = sbdeadline(&so->so_snd);
	struct socket *to;
	struct sbrec *r;
	size_t maxlen;
	int error, gone, mutual, level;

	if (m->sm_addr != NULL) {
		if ((error = unp_validate(m->sm_addr, m->sm_addrlen)) != 0)
			return (error);
	} else {
		mtx_lock(&so->so_mtx);
		error = (so->so_type == SOCK_SEQPACKET && !(so->so_state & SS_ISCONNECTED)) ?
		    ENOTCONN : 0;
		mtx_unlock(&so->so_mtx);
		if (error != 0)
			return (error);
	}
	unp_autobind_passcred(so);
	mtx_lock(&so->so_mtx);
	maxlen = so->so_snd.sb_hiwat > 32 ? (size_t)so->so_snd.sb_hiwat - 32 : 0;
	if (so->so_type == SOCK_SEQPACKET && (so->so_state & SS_CANTSENDMORE))
		error = EPIPE;
	mtx_unlock(&so->so_mtx);
	if (error != 0)
		return (error);
	if ((size_t)m->sm_uio->uio_resid > maxlen)
		return (EMSGSIZE);
	if (m->sm_addr != NULL) {
		if ((error = unp_find(td, m->sm_addr, m->sm_addrlen, so->so_type, &to)) != 0)
			return (error);
	} else if ((to = unp_peer(so, &gone)) == NULL)
		return (gone ? ECONNREFUSED : so->so_type == SOCK_SEQPACKET ? EPIPE : ENOTCONN);
	/* Linux's unix_may_send: a socket connected elsewhere takes nothing from us. */
	mtx_lock(&unp_mtx);
	error = sotounpcb(to) == NULL ? ECONNREFUSED :
	    (sotounpcb(to)->unp_conn != NULL && sotounpcb(to)->unp_conn != unp) ? EPERM : 0;
	mutual = sotounpcb(to) != NULL && sotounpcb(to)->unp_conn == unp;
	mtx_unlock(&unp_mtx);
	if (error == 0)
		error = unp_record(so, m, (size_t)m->sm_uio->uio_resid, 1, td, &r, &level);
	if (error != 0) {
		sorele(to);
		return (error);
	}
	mtx_lock(&to->so_mtx);
	for (;;) {
		if (to->so_state & SS_NOFDREF) {
			error = ECONNREFUSED;
			break;
		}
		if (to->so_state & SS_CANTRCVMORE) {
			error = EPIPE;
			break;
		}
		/* The receiver's queue: at most max_dgram_qlen unless we are its peer. */
		if ((mutual || to->so_rcv.sb_nrecs <= UNP_DGRAM_QLEN) &&
		    (to->so_rcv.sb_nrecs == 0 ||
		    to->so_rcv.sb_charge + r->r_len + SB_RECOVERHEAD <= (size_t)to->so_rcv.sb_hiwat))
			break;
		if (m->sm_nonblock) {
			error = EAGAIN;
			break;
		}
		if ((error = sosleep(to, &to->so_mtx, &to->so_rcv, "unpdgram", deadline)) != 0)
			break;
	}
	if (error == 0)
		sbappend_locked(to, r);
	mtx_unlock(&to->so_mtx);
	if (error == 0) {
		sorwakeup(to);
		unp_setlevel(to, level);
	} else {
		m->sm_uio->uio_resid += (ssize_t)r->r_len;
		sbrec_free(to, r);
	}
	sorele(to);
	return (error);
}

static int
unp_send(struct socket *so, struct sockmsg *m, struct thread *td)
{
	if (m->sm_flags & MSG_OOB)
		return (EOPNOTSUPP);
	if (so->so_type == SOCK_STREAM)
		return (unp_send_stream(so, m, td));
	return (unp_send_dgram(so, m, td));
}

/* A reader made room: the peer's writers (asleep on this so_rcv) and pollers go on. */
static void
unp_rcvd(struct socket *so)
{
	struct socket *peer = unp_peer(so, NULL);

	if (peer != NULL) {
		sowwakeup(peer);
		sorele(peer);
	}
}

/* Writable as Linux's unix_writable, and a datagram peer's queue not full. */
static int
unp_poll(struct socket *so, int events, struct thread *td)
{
	struct socket *peer;
	int revents = sopoll(so, events, td), full = 0, mutual;

	if (!(revents & (POLLOUT | POLLWRNORM)))
		return (revents);
	mtx_lock(&unp_mtx);
	peer = NULL;
	mutual = 0;
	if (sotounpcb(so) != NULL && sotounpcb(so)->unp_conn != NULL) {
		peer = sotounpcb(so)->unp_conn->unp_socket;
		mutual = sotounpcb(so)->unp_conn->unp_conn == sotounpcb(so);
		soref(peer);
	}
	mtx_unlock(&unp_mtx);
	if (peer == NULL)
		return (revents);
	mtx_lock(&peer->so_mtx);
	if (so->so_type == SOCK_STREAM)
		full = so->so_snd.sb_hiwat - (int)peer->so_rcv.sb_charge <= SB_RECOVERHEAD;
	else
		full = !mutual && peer->so_rcv.sb_nrecs > UNP_DGRAM_QLEN;
	mtx_unlock(&peer->so_mtx);
	sorele(peer);
	if (full) {
		revents &= ~(POLLOUT | POLLWRNORM | POLLWRBAND);
		if (revents == 0)
			selrecord(td, &so->so_sel);
	}
	return (revents);
}

static const struct pr_usrreqs unp_usrreqs = {
	.pru_attach = unp_attach,
	.pru_detach = unp_detach,
	.pru_bind = unp_bind,
	.pru_connect = unp_connect,
	.pru_connect2 = unp_connect2,
	.pru_listen = unp_listen,
	.pru_accept = unp_accept,
	.pru_shutdown = unp_shutdown,
	.pru_send = unp_send,
	.pru_rcvd = unp_rcvd,
	.pru_sockaddr = unp_sockaddr,
	.pru_peeraddr = unp_peeraddr,
	.pru_poll = unp_poll,
};

static struct protosw unixsw[] = {
	{ .pr_type = SOCK_STREAM, .pr_protocol = 0,
	  .pr_flags = PR_CONNREQUIRED | PR_RIGHTS, .pr_usrreqs = &unp_usrreqs },
	{ .pr_type = SOCK_DGRAM, .pr_protocol = 0,
	  .pr_flags = PR_ATOMIC | PR_ADDR | PR_RIGHTS, .pr_usrreqs = &unp_usrreqs },
	{ .pr_type = SOCK_SEQPACKET, .pr_protocol = 0,
	  .pr_flags = PR_ATOMIC | PR_CONNREQUIRED | PR_RIGHTS, .pr_usrreqs = &unp_usrreqs },
};

/* Linux's unix_create: the protocol first (0 or PF_UNIX), then the type; SOCK_RAW is DGRAM. */
static int
unp_findproto(const struct domain *dp, int type, int protocol, const struct protosw **prp)
{
	(void)dp;
	if (protocol != 0 && protocol != PF_UNIX)
		return (EPROTONOSUPPORT);
	switch (type) {
	case SOCK_STREAM:	*prp = &unixsw[0]; return (0);
	case SOCK_RAW:
	case SOCK_DGRAM:	*prp = &unixsw[1]; return (0);
	case SOCK_SEQPACKET:	*prp = &unixsw[2]; return (0);
	default:		return (ESOCKTNOSUPPORT);
	}
}

static void
unp_init(void)
{
	mtx_init(&unp_mtx, "unp", MTX_DEF);
}

static struct domain unixdomain = {
	.dom_family = AF_UNIX,
	.dom_name = "local",
	.dom_protosw = unixsw,
	.dom_nprotosw = nitems(unixsw),
	.dom_init = unp_init,
	.dom_findproto = unp_findproto,
	.dom_externalize = unp_externalize,
	.dom_dispose = unp_dispose,
};
DOMAIN_SET(unixdomain);
