/*
 * The routing socket's messages (FreeBSD's route(4), layouts in
 * <sanpo/route.h>): built here from the stack's state, portable like the
 * rest of net/; the socket itself (queues, permissions) is the kernel's
 * (kernel/net/rtsock_kern.c).
 *
 * The stack announces every change with the net lock held: route added
 * or deleted (route.c), address added or removed (in.c), interface flags
 * or link state changed (if.c).  Each announcement is built into a
 * message and handed to rtsock_output, which the kernel points at its
 * broadcast to every routing socket (NULL: nobody listens, as in host
 * tests that do not set it).  rtsock_output must not sleep: a full
 * socket drops the message and counts it.
 */
#ifndef NET_RTSOCK_H
#define NET_RTSOCK_H

#include <stddef.h>
#include <stdint.h>

#include <sanpo/route.h>

struct ifnet;
struct in_ifaddr;
struct rtentry;

/* Where announcements go; lock held.  `pid`/`seq` identify a request's echo. */
extern void (*rtsock_output)(const void *msg, size_t len);

/* Announcements (lock held). */
void	 rt_routemsg(int type, const struct rtentry *rt);
void	 rt_addrmsg(int type, const struct in_ifaddr *ia);
void	 rt_ifmsg(const struct ifnet *ifp);

/* Largest message the stack builds (a route with every sockaddr). */
#define RTSOCK_MSG_MAX	512

/*
 * Carries out a request written to a routing socket (RTM_ADD, RTM_DELETE,
 * RTM_CHANGE, RTM_GET), lock held, the caller having checked the
 * writer's privilege for the changes.  `req` is `len` bytes from user
 * space.  A change that succeeds is announced to every socket (the
 * writer too) through rtsock_output, stamped with the request's pid and
 * seq: that is the reply, and *replylen is 0.  Otherwise (a failure, or
 * RTM_GET) the reply for the writer alone is built into `reply`
 * (RTSOCK_MSG_MAX bytes): the request echoed with rtm_errno set, or the
 * route found; *replylen its length.  Returns 0 or the errno.
 */
int	 rtsock_request(const void *req, size_t len, void *reply,
	    size_t *replylen);

/* Whether a request of this type changes state (needs CAP_NET_ADMIN). */
int	 rtsock_request_changes(int type);

/*
 * A Sanpo dump (RTM_SANPO_DUMP/IFLIST/LLDUMP, see <sanpo/route.h>): calls
 * emit for each message, the request echoed first (an rt_msghdr with
 * pid and seq), the RTM_SANPO_END one last; stops when emit
 * returns nonzero and returns that.  Lock held.  EOPNOTSUPP for another
 * type.
 */
int	 rtsock_dump(int type, int index, int pid, int seq,
	    int (*emit)(const void *msg, size_t len, void *arg), void *arg);

#endif /* NET_RTSOCK_H */
