/*
 * Sockets, the software state (FreeBSD's socketvar.h, much smaller).
 *
 * A struct socket is what a socket descriptor's file points at
 * (DTYPE_SOCKET, f_data).  The generic layer (uipc_socket.c, the system
 * calls in uipc_syscalls.c, the fileops in sys_socket.c) owns everything a
 * protocol need not know: descriptors, the Linux layouts, the option
 * levels at SOL_SOCKET, sleeping and timeouts, the listen queue, poll.
 * A protocol (sys/protosw.h) owns so_pcb and moves data.
 *
 * Buffers.  Each socket has a receive buffer so_rcv and a send buffer
 * so_snd.  A sockbuf is a queue of records (struct sbrec): each a block of
 * data, maybe the sender's address (PR_ADDR) and control messages.  A
 * datagram is one record; a stream is records read as one run of bytes
 * (a read crosses records, but never past a record with control messages
 * it did not start with).  sb_hiwat is the limit SO_RCVBUF/SO_SNDBUF set
 * (already doubled, as Linux reports it); sb_cc counts data bytes and
 * sb_charge data plus a fixed overhead per record (what the limit is
 * checked against, so a flood of empty datagrams is bounded too).
 *
 * Delivering from the kernel.  sbappend_record(so, r) queues a record on
 * so_rcv if the buffer has room and otherwise drops it and counts the drop
 * (sb_drops): it never sleeps, so protocol input, PF_KEY broadcasts and
 * timers may call it.  sodeliver() does the same from a flat buffer.
 *
 * Sending.  pru_send gets the whole user message (struct sockmsg: the data
 * still in user space behind a uio, the destination, the control messages
 * already copied in).  A datagram protocol typically calls
 * sosend_dgram_record() (EMSGSIZE past so_snd's limit, the data copied into
 * a record) and hands the record to its output or to the receiver's
 * sbappend_record().
 *
 * Locking.  so_mtx guards the socket's state and both sockbufs.  Sleepers
 * for data sleep on &so->so_rcv, for room on &so->so_snd, for a connection
 * on &so->so_comp; sorwakeup()/sowwakeup() wake them and poll.  A protocol
 * touching two sockets (a stream writer filling its peer's so_rcv) takes
 * one so_mtx at a time, holding a reference (soref) on the other.
 *
 * Lifetime.  so_count counts references: the file (or the listen queue of
 * a connection not accepted yet) and whatever a protocol holds with
 * soref().  The last descriptor's close calls soclose(): pru_detach, the
 * buffers flushed, SS_NOFDREF; the memory goes with the last sorele().
 */
#ifndef SYS_SOCKETVAR_H
#define SYS_SOCKETVAR_H

#include <sys/types.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/queue.h>
#include <sys/selinfo.h>
#include <sys/socket.h>
#include <sys/time.h>

struct file;
struct protosw;
struct thread;
struct ucred;
struct uio;

/* One record of a sockbuf. */
struct sbrec {
	TAILQ_ENTRY(sbrec)	 r_link;
	size_t			 r_len;		/* data bytes */
	size_t			 r_off;		/* bytes already read (a stream's partial read) */
	uint8_t			*r_data;	/* r_len bytes (within this allocation) */
	socklen_t		 r_addrlen;	/* 0: no address */
	/*
	 * The sender (AF_UNIX sets them: SCM_CREDENTIALS), kernel ids.  A
	 * stream read joins only records of one sender, as Linux does.
	 */
	pid_t			 r_pid;
	uid_t			 r_uid;
	gid_t			 r_gid;
	struct sockaddr_storage	*r_addr;	/* the sender's (PR_ADDR), or NULL */
	/*
	 * Control messages, Linux cmsg format (struct l_cmsghdr, 8-aligned),
	 * in kernel memory; copied out as they are unless the domain has
	 * dom_externalize (SCM_RIGHTS holds struct file pointers here).
	 */
	void			*r_ctl;		/* M_SOCKET, or NULL */
	size_t			 r_ctllen;
};

#define SB_RECOVERHEAD	256	/* what each record costs beyond its data (sb_charge) */

struct sockbuf {
	TAILQ_HEAD(, sbrec)	 sb_recs;	/* oldest first */
	size_t			 sb_cc;		/* data bytes not yet read */
	size_t			 sb_charge;	/* sb_cc + SB_RECOVERHEAD per record */
	int			 sb_nrecs;	/* records queued */
	int			 sb_hiwat;	/* the limit (SO_RCVBUF/SO_SNDBUF as read back) */
	struct l_timeval	 sb_timeo;	/* SO_RCVTIMEO/SO_SNDTIMEO, 0: wait for ever */
	uint64_t		 sb_drops;	/* records dropped for want of room */
};

/* so_state */
#define SS_ISCONNECTED		0x0002	/* connected to a peer */
#define SS_ISCONNECTING		0x0004
#define SS_ISDISCONNECTING	0x0008
#define SS_NOFDREF		0x0001	/* no descriptor any more (closed) */
#define SS_CANTSENDMORE		0x0010	/* shutdown(SHUT_WR), or the peer went */
#define SS_CANTRCVMORE		0x0020	/* shutdown(SHUT_RD), or the peer went */
#define SS_ISBOUND		0x0040	/* has a local address */
#define SS_ISCONFIRMING		0x0400	/* a listener's connection not accepted yet */
#define SS_NBIO			0x0100	/* the descriptor is O_NONBLOCK: set by connect(2)
					   before pru_connect, for a protocol that may wait */

/* so_options: the boolean SOL_SOCKET options (SO_ACCEPTCONN: listening). */
#define SOF_REUSEADDR	0x0001
#define SOF_BROADCAST	0x0002
#define SOF_KEEPALIVE	0x0004
#define SOF_DONTROUTE	0x0008
#define SOF_OOBINLINE	0x0010
#define SOF_PASSCRED	0x0020
#define SOF_ACCEPTCONN	0x0040
#define SOF_REUSEPORT	0x0080
#define SOF_TIMESTAMP	0x0100
#define SOF_DEBUG	0x0200
#define SOF_RXQ_OVFL	0x0400

struct socket {
	struct mtx		 so_mtx;	/* guards all below but the constants */
	volatile int		 so_count;	/* references (see above) */
	short			 so_type;	/* SOCK_*: the protosw's type (constant) */
	int			 so_family;	/* AF_* (constant) */
	int			 so_protocol;	/* socket(2)'s protocol, 0 made concrete (constant) */
	const struct protosw	*so_proto;	/* (constant) */
	void			*so_pcb;	/* the protocol's state */
	unsigned		 so_state;	/* SS_* */
	unsigned		 so_options;	/* SOF_* */
	int			 so_error;	/* pending error: SO_ERROR reads and clears it */
	struct l_linger		 so_linger;	/* SO_LINGER, kept and read back */
	int			 so_priority;	/* SO_PRIORITY, kept and read back */
	int			 so_rcvlowat;	/* SO_RCVLOWAT, kept and read back */
	struct ucred		*so_cred;	/* the creator's credentials (constant) */
	pid_t			 so_pid;	/* the creator's process */
	/* SO_PEERCRED: who the peer was when it connected (the protocol sets them). */
	struct ucred		*so_peercred;	/* referenced, or NULL */
	pid_t			 so_peerpid;
	struct sockbuf		 so_rcv;
	struct sockbuf		 so_snd;
	struct selinfo		 so_sel;	/* poll, select, epoll */
	int			 so_rbusy;	/* a reader is in soreceive (one at a time) */
	ino_t			 so_ino;	/* what fstat and /proc/<pid>/fd show */
	struct timespec		 so_ctime;
	/* Listening (SOF_ACCEPTCONN): connections made, waiting for accept(2). */
	TAILQ_HEAD(, socket)	 so_comp;
	int			 so_qlen;	/* on so_comp */
	int			 so_qlimit;	/* listen(2)'s backlog */
	struct socket		*so_head;	/* on a listener's so_comp: the listener */
	TAILQ_ENTRY(socket)	 so_list;	/* link on so_head's so_comp */
};

/* One sendmsg, as pru_send sees it. */
struct sockmsg {
	struct uio		*sm_uio;	/* the data (user space, or kernel) */
	const struct sockaddr	*sm_addr;	/* destination (kernel copy), or NULL */
	socklen_t		 sm_addrlen;
	void			*sm_ctl;	/* control messages (kernel copy, Linux format) */
	size_t			 sm_ctllen;	/* checked: whole cmsgs, each 8-aligned */
	int			 sm_flags;	/* MSG_* */
	int			 sm_nonblock;	/* MSG_DONTWAIT, or the file's O_NONBLOCK */
};

/* setsockopt/getsockopt, as the generic code and pru_ctloutput see them. */
#define SOPT_SET	0
#define SOPT_GET	1
struct sockopt {
	int		 sopt_dir;	/* SOPT_SET or SOPT_GET */
	int		 sopt_level;
	int		 sopt_name;
	void		*sopt_val;	/* the user's buffer */
	socklen_t	 sopt_valsize;	/* set: optlen; get: its room in, bytes written out */
	struct thread	*sopt_td;
};

/* pru_control: "not one of mine" (then ifioctl(), then ENOTTY). */
#define ENOIOCTL	(-16)

MALLOC_DECLARE(M_SOCKET);	/* sockets, records, control messages */

/* kern/uipc_socket.c */
int	socreate(int family, int type, int protocol, struct thread *td, struct socket **sop);
void	soref(struct socket *so);
void	sorele(struct socket *so);		/* the last reference frees */
void	soclose(struct socket *so);		/* the last descriptor went */
struct socket *sonewconn(struct socket *head);	/* a listener's new connection, unqueued */
/* so, connected, onto head's queue for accept (the queue's reference); ECONNREFUSED if head closed. */
int	soqinsert(struct socket *head, struct socket *so);
int	soqfull(struct socket *head);		/* head's queue is at its backlog */
void	soisconnected(struct socket *so);
void	soisdisconnected(struct socket *so);	/* both directions end */
void	socantsendmore(struct socket *so);
void	socantrcvmore(struct socket *so);
void	sorwakeup(struct socket *so);		/* data or end of file for readers */
void	sowwakeup(struct socket *so);		/* room or an error for writers */
void	soseterror(struct socket *so, int error);	/* so_error, and both wakeups */

/* Records.  sbrec_alloc: M_WAITOK, or M_NOWAIT (NULL when memory is short). */
struct sbrec *sbrec_alloc(size_t len, const struct sockaddr *from, socklen_t fromlen,
	    int mflags);
void	sbrec_free(struct socket *so, struct sbrec *r);	/* dom_dispose for control first */
int	sbappend_record(struct socket *so, struct sbrec *r);	/* 0, or ENOBUFS: dropped, counted */
/* Queue r on so_rcv whatever the limit (so_mtx held; the protocol checked room). */
void	sbappend_locked(struct socket *so, struct sbrec *r);
int	sbspace(const struct sockbuf *sb);		/* room left (so_mtx held), may be <= 0 */
int	sodeliver(struct socket *so, const void *data, size_t len,
	    const struct sockaddr *from, socklen_t fromlen);	/* as sbappend_record */
/* Wait on chan under so_mtx until woken or the deadline (0: none): 0, EAGAIN, EINTR, ERESTART. */
int	sosleep(struct socket *so, struct mtx *m, const void *chan, const char *wmesg,
	    uint64_t deadline);
uint64_t sbdeadline(const struct sockbuf *sb);	/* the tick a wait on sb ends at, 0: never */

/*
 * A datagram send: EMSGSIZE if the data is longer than maxlen (0: Linux's
 * AF_UNIX rule, so_snd's limit less 32), else the data copied into a new
 * record carrying from (NULL: no address).  Control is the protocol's.
 */
int	sosend_dgram_record(struct socket *so, struct sockmsg *m, size_t maxlen,
	    const struct sockaddr *from, socklen_t fromlen, struct sbrec **rp);
/*
 * One receive (recvmsg, read, recvfrom), for soreceive(): the generic
 * receive from so_rcv, with Linux's semantics of MSG_PEEK, MSG_TRUNC,
 * MSG_WAITALL, MSG_DONTWAIT, SO_RCVTIMEO, so_error and end of file.
 */
struct sorecv {
	struct uio		*sr_uio;	/* in: where the data goes */
	int			 sr_flags;	/* in: MSG_*; out: MSG_TRUNC, MSG_CTRUNC */
	int			 sr_nonblock;	/* in: MSG_DONTWAIT or O_NONBLOCK */
	size_t			 sr_ctlroom;	/* in: room for control messages (0: none) */
	struct sockaddr_storage	 sr_from;	/* out: the sender's address */
	socklen_t		 sr_fromlen;	/* out: its length, 0: none */
	void			*sr_ctl;	/* out: control messages (M_SOCKET, caller frees) */
	size_t			 sr_ctllen;	/* out: their length */
	ssize_t			 sr_ret;	/* out: what the call returns (MSG_TRUNC: a datagram's length) */
};
int	soreceive(struct socket *so, struct sorecv *sr, struct thread *td);
/* One send: pru_send, then SIGPIPE for EPIPE unless MSG_NOSIGNAL; *retp the bytes sent. */
int	sosend(struct socket *so, struct sockmsg *m, struct thread *td, ssize_t *retp);
/* setsockopt/getsockopt: SOL_SOCKET here, other levels to pru_ctloutput. */
int	sosetopt(struct socket *so, struct sockopt *sopt);
int	sogetopt(struct socket *so, struct sockopt *sopt);
int	sopoll(struct socket *so, int events, struct thread *td);	/* the generic readiness */
/* Options: copy the user's value in (at least minlen, at most len) or out (at most room). */
int	sooptcopyin(struct sockopt *sopt, void *buf, size_t len, size_t minlen);
int	sooptcopyout(struct sockopt *sopt, const void *buf, size_t len);
int	sooptcopyin_int(struct sockopt *sopt, int *val);	/* EINVAL if shorter than an int */
/* Signal SIGPIPE for an EPIPE unless MSG_NOSIGNAL (every send path calls it). */
void	sosigpipe(struct thread *td, int error, int flags);

/* sys_socket.c: the socket a descriptor names (referenced by fp), ENOTSOCK, EBADF. */
int	getsock(struct thread *td, int fd, struct file **fpp, struct socket **sop);
/* A new descriptor for so (taking the caller's reference); flags: SOCK_NONBLOCK|SOCK_CLOEXEC. */
int	sofinstall(struct thread *td, struct socket *so, int flags, int *fdp);
extern const struct fileops socketops;

/*
 * kernel/net/if_ioctl.c: interface ioctls on any socket (Linux's dev_ioctl,
 * FreeBSD's ifioctl); ENOIOCTL for a command that is not one.
 */
int	ifioctl(struct socket *so, unsigned long cmd, uintptr_t arg, struct thread *td);

/* Limits (Linux's defaults: net.core.[rw]mem_default and _max). */
#define SB_DEFAULT	212992
#define SB_MAX		212992
#define SOCK_MIN_SNDBUF	4608
#define SOCK_MIN_RCVBUF	2304

#endif
