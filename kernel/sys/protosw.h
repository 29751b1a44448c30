/*
 * Protocol switch (FreeBSD's protosw.h and domain.h): how a protocol
 * family plugs into the socket layer.
 *
 * A family is a struct domain listed with DOMAIN_SET(); its protocols are
 * an array of struct protosw, one per (socket type, protocol number).  No
 * central table: uipc_socket.c walks the linker set "domain_set" (as
 * SYSINIT and PCI_DRIVER do), so a new family is one file:
 *
 *	static const struct pr_usrreqs key_usrreqs = { .pru_attach = ..., ... };
 *	static struct protosw keysw[] = {
 *		{ .pr_type = SOCK_RAW, .pr_protocol = PF_KEY_V2,
 *		  .pr_flags = PR_ATOMIC | PR_ADDR, .pr_usrreqs = &key_usrreqs },
 *	};
 *	static struct domain keydomain = {
 *		.dom_family = PF_KEY, .dom_name = "key",
 *		.dom_protosw = keysw, .dom_nprotosw = nitems(keysw),
 *	};
 *	DOMAIN_SET(keydomain);
 *
 * socket(2) finds the family (EAFNOSUPPORT if none), then the protocol:
 * dom_findproto if the family has its own rules (AF_UNIX), else
 * pffindproto_generic() (Linux's inet_create: a protosw of that type whose
 * pr_protocol equals the one asked, or PR_ANYPROTO; protocol 0 takes the
 * type's first entry; no entry of that type: ESOCKTNOSUPPORT, of that type
 * but not that protocol: EPROTONOSUPPORT).  Then a struct socket is made and
 * pru_attach called, which may refuse (EPERM without CAP_NET_RAW, say: the
 * creator's credentials are so->so_cred).
 *
 * The user requests (pr_usrreqs), each called without the socket's lock:
 *   pru_attach(so, proto, td)     make the protocol state (so->so_pcb); td is
 *                                 NULL for a socket made by sonewconn(); may
 *                                 set so_protocol (what SO_PROTOCOL reads)
 *   pru_detach(so)                the last descriptor went: disconnect, free
 *                                 so_pcb.  Required.
 *   pru_bind(so, nam, len, td)    nam: a kernel copy of the user's address
 *   pru_connect(so, nam, len, td) (len as the user gave it, <= SOCK_MAXADDRLEN)
 *   pru_connect2(so1, so2)        socketpair(2): join two fresh sockets
 *   pru_listen(so, backlog, td)   backlog already capped to SOMAXCONN; the
 *                                 generic code sets SO_ACCEPTCONN and
 *                                 so_qlimit on success
 *   pru_accept(so, nam, &len)     so was just taken off a listener's queue:
 *                                 the peer's address for accept(2)
 *   pru_disconnect(so)            connect(AF_UNSPEC) on a datagram socket
 *   pru_shutdown(so, how)         after the generic code marked so_state
 *                                 (SS_CANTSENDMORE/RCVMORE): tell the peer
 *   pru_send(so, msg, td)         one sendmsg: the protocol moves the data
 *                                 (with sosend_dgram_record() or its own
 *                                 loop) and delivers it.  Required.
 *   pru_rcvd(so)                  soreceive() took data off so_rcv: a
 *                                 stream peer may write again
 *   pru_sockaddr(so, nam, &len)   getsockname / getpeername: fill nam (room
 *   pru_peeraddr(so, nam, &len)   for SOCK_MAXADDRLEN), set len
 *   pru_control(so, cmd, arg, td) ioctl(2) the generic code does not know
 *                                 (it knows FIONREAD, FIONBIO): ENOIOCTL to
 *                                 say "not mine" (then ifioctl(), then ENOTTY)
 *   pru_ctloutput(so, sopt)       setsockopt/getsockopt at a level other than
 *                                 SOL_SOCKET (NULL: EOPNOTSUPP as Linux's
 *                                 sock_no_getsockopt), and SOL_SOCKET
 *                                 options the generic code does not know
 *   pru_poll(so, events, td)      readiness, when the generic sopoll()
 *                                 (so_rcv, so_snd, so_state, so_error) is
 *                                 not enough; may call sopoll() itself
 * Any of them but attach, detach and send may be NULL: the call then fails
 * as Linux's sock_no_* does (EOPNOTSUPP; getsockname of a protocol without
 * pru_sockaddr returns the bare family).
 *
 * pr_flags tell the generic code how data moves:
 *   PR_ATOMIC     a send is one record (datagram, seqpacket): EMSGSIZE past
 *                 so_snd's limit, reads return one record (MSG_TRUNC)
 *   PR_ADDR       records carry the sender's address (recvfrom)
 *   PR_CONNREQUIRED  connection oriented: ENOTCONN before connect, EOF after
 *   PR_RIGHTS     passes descriptors (dom_externalize/dom_dispose used)
 */
#ifndef SYS_PROTOSW_H
#define SYS_PROTOSW_H

#include <sys/types.h>
#include <sys/linker_set.h>
#include <sys/socket.h>

struct socket;
struct sockopt;
struct sockmsg;
struct sbrec;
struct thread;

struct pr_usrreqs {
	int	(*pru_attach)(struct socket *so, int proto, struct thread *td);
	void	(*pru_detach)(struct socket *so);
	int	(*pru_bind)(struct socket *so, const struct sockaddr *nam, socklen_t len,
		    struct thread *td);
	int	(*pru_connect)(struct socket *so, const struct sockaddr *nam, socklen_t len,
		    struct thread *td);
	int	(*pru_connect2)(struct socket *so1, struct socket *so2);
	int	(*pru_listen)(struct socket *so, int backlog, struct thread *td);
	int	(*pru_accept)(struct socket *so, struct sockaddr *nam, socklen_t *lenp);
	int	(*pru_disconnect)(struct socket *so);
	int	(*pru_shutdown)(struct socket *so, int how);
	int	(*pru_send)(struct socket *so, struct sockmsg *msg, struct thread *td);
	void	(*pru_rcvd)(struct socket *so);
	int	(*pru_sockaddr)(struct socket *so, struct sockaddr *nam, socklen_t *lenp);
	int	(*pru_peeraddr)(struct socket *so, struct sockaddr *nam, socklen_t *lenp);
	int	(*pru_control)(struct socket *so, unsigned long cmd, uintptr_t arg,
		    struct thread *td);
	int	(*pru_ctloutput)(struct socket *so, struct sockopt *sopt);
	int	(*pru_poll)(struct socket *so, int events, struct thread *td);
};

#define PR_ATOMIC	0x01	/* one send is one record */
#define PR_ADDR		0x02	/* records carry the source address */
#define PR_CONNREQUIRED	0x04	/* connection oriented */
#define PR_RIGHTS	0x08	/* passes access rights (SCM_RIGHTS) */

#define PR_ANYPROTO	(-1)	/* pr_protocol: any number matches (raw sockets) */

struct protosw {
	short			 pr_type;	/* SOCK_* this entry serves */
	int			 pr_protocol;	/* socket(2)'s protocol, or PR_ANYPROTO */
	int			 pr_flags;	/* PR_* */
	const struct pr_usrreqs	*pr_usrreqs;	/* the requests */
	const struct domain	*pr_domain;	/* filled when the domain is set up */
};

struct domain {
	int			 dom_family;	/* AF_* */
	const char		*dom_name;	/* for messages */
	struct protosw		*dom_protosw;	/* its protocols */
	int			 dom_nprotosw;
	void			(*dom_init)(void);	/* once at start-up, may be NULL */
	/*
	 * May be NULL (pffindproto_generic).  The protosw for socket(2)'s
	 * type and protocol, or the errno Linux's create gives.
	 */
	int			(*dom_findproto)(const struct domain *dp, int type, int protocol,
				    const struct protosw **prp);
	/*
	 * PR_RIGHTS: what the receiver so gets of record r's control (called
	 * for every record read, control or not: the domain may add
	 * credentials): a new buffer in *outp (M_SOCKET, the caller frees it;
	 * NULL if nothing) of *outlenp bytes, at most room bytes (the rest is
	 * cut and *truncp set, its rights dropped).  Descriptors are installed
	 * in td's table.  Unless flags has MSG_PEEK, the record's control is
	 * consumed (r_ctl freed, NULL), so dom_dispose does not see it again.
	 */
	int			(*dom_externalize)(struct socket *so, struct sbrec *r, size_t room,
				    int flags, struct thread *td, void **outp, size_t *outlenp,
				    int *truncp);
	/* PR_RIGHTS: a record dropped unread: release what its control holds. */
	void			(*dom_dispose)(struct sbrec *r);
};

#define DOMAIN_SET(dom)		DATA_SET(domain_set, dom)

/* uipc_socket.c: the generic protocol lookup (see above). */
int	pffindproto_generic(const struct domain *dp, int type, int protocol,
	    const struct protosw **prp);
/* The family's domain, or NULL. */
const struct domain *pffinddomain(int family);

#endif
