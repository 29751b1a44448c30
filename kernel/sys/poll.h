/*
 * poll(2) events.  The kernel uses Linux's bit values inside too (the
 * low eight are FreeBSD's as well; POLLWRNORM and POLLWRBAND are Linux's),
 * so fo_poll results cross the boundary unchanged.
 */
#ifndef SYS_POLL_H
#define SYS_POLL_H

#define POLLIN		0x0001	/* data to read */
#define POLLPRI		0x0002	/* urgent data */
#define POLLOUT		0x0004	/* writing will not block */
#define POLLERR		0x0008	/* an error (always reported) */
#define POLLHUP		0x0010	/* the other end went away (always reported) */
#define POLLNVAL	0x0020	/* not an open descriptor (always reported) */
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLRDHUP	0x2000

#define POLLSTANDARD	(POLLIN | POLLPRI | POLLOUT | POLLRDNORM | POLLRDBAND | \
			 POLLWRNORM | POLLWRBAND | POLLRDHUP)

#include <sys/types.h>

struct l_pollfd;
struct thread;

/*
 * sys_poll.c: wait until an entry of fds is ready, the time runs out
 * (timo_ticks: -1 never, 0 at once) or a signal comes (EINTR); revents set
 * (plus the `always` bits), td_retval[0] the count; *leftp (may be NULL)
 * the ticks left.  poll's core, which epoll waits with too.
 */
int	kern_poll(struct thread *td, struct l_pollfd *fds, unsigned nfds, int always,
	    int64_t timo_ticks, int64_t *leftp);

#endif
