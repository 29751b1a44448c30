/*
 * PF_KEY key sockets: the `socket(PF_KEY, SOCK_RAW, PF_KEY_V2)` shape as
 * a small API usable from kernel code now and from a system call later.
 *
 * A socket is a struct keycb with a bounded receive queue of whole
 * messages, and at most one dump being produced as it is read.  Writing
 * runs key_output() -> key_parse(); the key engine answers with
 * key_sendup() to the writer only, to every socket, or to the sockets
 * registered for an SA type.  Promiscuous sockets (setkey -x)
 * get a copy of every message sent up.  Key sockets are datagram-like and
 * connectionless: connect/listen/accept fail with EINVAL.
 *
 * The key_socket_* calls take the net lock themselves; key_sendup() is
 * called by the key engine with it held.
 *
 * A key socket of user space (socket(AF_KEY), kernel/netipsec/
 * keysock_kern.c) has no queue here: key_socket_open_upper() gives it a
 * deliver function, called with the net lock held for each message sent
 * up to it, which puts the message in the socket's receive buffer or says
 * ENOBUFS (full: dropped and counted, never waited for).  Its dump is
 * produced as far as the buffer takes it, and again each time the reader
 * takes something (key_socket_refill).
 */
#ifndef NET_IPSEC_KEYSOCK_H
#define NET_IPSEC_KEYSOCK_H

#include <stddef.h>
#include <stdint.h>

struct sockaddr;		/* net/ipsec/ipsec_sockaddr.h (BSD layout) */

#define SOCK_RAW		3
#define KEYSOCK_RCVQ_BYTES	(1024 * 1024)	/* receive queue limit, bytes */
#define KEYSOCK_RCVQ_MSGS	4096		/* and messages */
#define KEY_TIMEOUT_FOREVER	0xffffffffu	/* key_socket_recv: no timeout */

/* Where key_sendup() delivers. */
#define KEY_SENDUP_ONE		0	/* the given socket */
#define KEY_SENDUP_ALL		1	/* every socket */
#define KEY_SENDUP_REGISTERED	2	/* sockets registered for the SA type */

struct keycb;

/* Socket(PF_KEY, SOCK_RAW, PF_KEY_V2): 0, EPROTONOSUPPORT, ENOBUFS. */
int	key_socket_create(int domain, int type, int protocol, struct keycb **pso);
int	key_socket_open(struct keycb **pso);	/* the above, PF_KEY_V2 */
/* A socket whose messages go to deliver(arg, msg, len): 0, or ENOBUFS (dropped). */
int	key_socket_open_upper(int (*deliver)(void *arg, const void *msg, size_t len),
	    void *arg, struct keycb **pso);
/* The reader took a message: a dump in progress may send its next ones. */
void	key_socket_refill(struct keycb *so);
void	key_socket_close(struct keycb *so);
/* Writes one message: 0, or the errno key_parse also replied with. */
int	key_socket_send(struct keycb *so, const void *buf, size_t len);
/*
 * Reads one message into buf: its length, or -EAGAIN (none within
 * timeout_ms; 0 polls), -EMSGSIZE (buf too small: the message is dropped,
 * as a truncated datagram would be).
 */
int	key_socket_recv(struct keycb *so, void *buf, size_t len, uint32_t timeout_ms);
int	key_socket_pending(struct keycb *so);	/* messages queued */
uint64_t key_socket_drops(struct keycb *so);	/* dropped: queue full */
int	key_socket_setpromisc(struct keycb *so, int on);
/* Connection-oriented operations: always EINVAL. */
int	key_socket_connect(struct keycb *so, const struct sockaddr *nam);
int	key_socket_listen(struct keycb *so, int backlog);
int	key_socket_accept(struct keycb *so, struct keycb **pnew);

/*
 * A dump in progress (SADB_DUMP, X_SPDDUMP).  Rather than queue one
 * message per SA at once -- more than any queue limit for a large SADB --
 * the key engine gives the requesting socket a producer, and the socket
 * asks it for the next messages as its reader reads, keeping at most
 * KEYSOCK_DUMP_AHEAD of them queued: the dump is flow-controlled by the
 * reader and none of it is ever dropped, whatever the SADB's size (other
 * sockets' copies, promiscuous ones, may still be dropped and counted).
 *   kd_next(so, kd)  sends the next message up to so (key_sendup, target
 *                    KEY_SENDUP_ONE); returns 1 if more follow, 0 after the
 *                    last one, -1 if so could not take it (no memory: the
 *                    same message is tried again at the next read)
 *   kd_free(kd)      releases what the producer holds (called once, when
 *                    it is done or the socket closes)
 * One dump at a time per socket.
 */
#define KEYSOCK_DUMP_AHEAD	32	/* dump messages queued ahead of the reader */

struct key_dump {
	int	(*kd_next)(struct keycb *so, struct key_dump *kd);
	void	(*kd_free)(struct key_dump *kd);
};

/* Key engine side (net lock held). */
/* Attaches kd to so and queues its first messages; EBUSY if a dump runs. */
int	key_socket_start_dump(struct keycb *so, struct key_dump *kd);
int	key_sendup(struct keycb *so, const void *msg, size_t len, int target,
	    uint8_t satype);
void	key_socket_register(struct keycb *so, uint8_t satype);
void	key_socket_setpromisc_locked(struct keycb *so, int on);
int	key_socket_count(void);

#endif /* NET_IPSEC_KEYSOCK_H */
