/*
 * epoll: an open file holding a list of (descriptor, events, data) that
 * epoll_wait waits on, with Linux's calls and errors at the boundary.
 * Waiting is poll's (kern_poll over the list, sys_poll.c), so readiness is
 * whatever each file's fo_poll says, level-triggered.
 *
 * Differences from Linux, each on purpose to stay small: EPOLLET is taken
 * as level-triggered (a program that reads until EAGAIN, as edge-triggered
 * ones must, sees the same thing; one that does not gets the event again
 * rather than never); an entry is keyed by its descriptor number, and one
 * whose descriptor was closed is skipped until removed (Linux drops it
 * with the last close of the file); an epoll file cannot be added to
 * another (EINVAL).  Ready events come back in the list's order.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/stat.h>
#include <sys/sx.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/vnode.h>
#include <machine/vmparam.h>

MALLOC_DEFINE(M_EPOLL, "epoll", "epoll interest lists");

#define EPOLL_CTL_ADD	1
#define EPOLL_CTL_DEL	2
#define EPOLL_CTL_MOD	3
#define EPOLLEXCLUSIVE	(1u << 28)
#define EPOLLWAKEUP	(1u << 29)
#define EPOLLONESHOT	(1u << 30)
#define EPOLLET		(1u << 31)
#define EPOLL_EVENTS	(POLLIN | POLLPRI | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | \
			 POLLRDBAND | POLLWRNORM | POLLWRBAND | POLLRDHUP)
#define EPOLL_MAXWATCH	(1 << 16)	/* entries in one list (Linux: a share of memory) */

/* Linux's struct epoll_event on x86_64: packed, 12 bytes. */
struct l_epoll_event {
	uint32_t	events;
	uint64_t	data;
} __attribute__((packed));

struct epitem {
	int		fd;
	uint32_t	events;		/* asked for, with EPOLLONESHOT/EPOLLET */
	int		disabled;	/* EPOLLONESHOT fired: nothing until EPOLL_CTL_MOD */
	uint64_t	data;
};

struct eventpoll {
	struct sx	 ep_lock;	/* the list */
	struct epitem	*ep_items;
	int		 ep_count, ep_cap;
};

static fo_rdwr_t epoll_rdwr;
static fo_ioctl_t epoll_ioctl;
static fo_poll_t epoll_poll;
static fo_stat_t epoll_stat;
static fo_seek_t epoll_seek;
static fo_close_t epoll_close;

static const struct fileops epollops = {
	epoll_rdwr, epoll_rdwr, epoll_ioctl, epoll_poll, epoll_stat, epoll_seek, epoll_close,
};

static int
epoll_rdwr(struct file *fp, struct uio *uio, int flags, struct thread *td)
{
	(void)fp, (void)uio, (void)flags, (void)td;
	return (EINVAL);
}

static int
epoll_ioctl(struct file *fp, unsigned long cmd, uintptr_t arg, struct thread *td)
{
	(void)fp, (void)cmd, (void)arg, (void)td;
	return (ENOTTY);
}

/* Linux's noop_llseek: the position stays 0. */
static int
epoll_seek(struct file *fp, off_t offset, int whence, off_t *newoff, struct thread *td)
{
	(void)fp, (void)offset, (void)whence, (void)td;
	*newoff = 0;
	return (0);
}

/* An anonymous inode, as Linux's: no type bits, 0600. */
static int
epoll_stat(struct file *fp, struct stat *sb, struct thread *td)
{
	(void)fp, (void)td;
	memset(sb, 0, sizeof(*sb));
	sb->st_mode = 0600;
	sb->st_nlink = 1;
	sb->st_blksize = 4096;
	return (0);
}

static int
epoll_close(struct file *fp, struct thread *td)
{
	struct eventpoll *ep = fp->f_data;

	(void)td;
	free(ep->ep_items, M_EPOLL);
	free(ep, M_EPOLL);
	return (0);
}

/*
 * The list as poll entries; the count, *fdsp to free.  Disabled entries
 * and closed descriptors get fd -1: poll would call a closed one ready
 * (POLLNVAL), and epoll_wait would never sleep.
 */
static unsigned
epoll_pollfds(struct thread *td, struct eventpoll *ep, struct l_pollfd **fdsp)
{
	struct l_pollfd *fds;
	struct file *fp;
	int i, n;

	sx_slock(&ep->ep_lock);
	n = ep->ep_count;
	fds = malloc(sizeof(*fds) * (size_t)(n + 1), M_EPOLL, M_WAITOK);
	for (i = 0; i < n; i++) {
		fds[i].fd = ep->ep_items[i].disabled ? -1 : ep->ep_items[i].fd;
		fds[i].events = (int16_t)(ep->ep_items[i].events & EPOLL_EVENTS);
		fds[i].revents = 0;
	}
	sx_sunlock(&ep->ep_lock);
	for (i = 0; i < n; i++) {
		if (fds[i].fd < 0)
			continue;
		if (fget(td, fds[i].fd, &fp) != 0)
			fds[i].fd = -1;
		else
			fdrop(fp, td);
	}
	*fdsp = fds;
	return ((unsigned)n);
}

/* Readable when something in the list is ready (no wait). */
static int
epoll_poll(struct file *fp, int events, struct thread *td)
{
	struct l_pollfd *fds;
	unsigned n = epoll_pollfds(td, fp->f_data, &fds);
	int ready = 0;

	if (kern_poll(td, fds, n, POLLERR | POLLHUP, 0, NULL) == 0)
		ready = td->td_retval[0] != 0;
	free(fds, M_EPOLL);
	return (ready ? events & (POLLIN | POLLRDNORM) : 0);
}

static int
kern_epoll_create(struct thread *td, int lflags)
{
	struct eventpoll *ep;
	struct file *fp;
	int fd, error;

	if (lflags & ~LINUX_O_CLOEXEC)
		return (EINVAL);
	ep = malloc(sizeof(*ep), M_EPOLL, M_WAITOK | M_ZERO);
	sx_init(&ep->ep_lock, "epoll");
	falloc_noinstall(td, &fp);
	finit(fp, FREAD | FWRITE, DTYPE_EPOLL, ep, &epollops);
	error = finstall(td, fp, 0, (lflags & LINUX_O_CLOEXEC) ? UF_EXCLOSE : 0, &fd);
	fdrop(fp, td);
	if (error == 0)
		td->td_retval[0] = (uint64_t)fd;
	return (error);
}

int
sys_epoll_create(struct thread *td, struct epoll_create_args *uap)
{
	if (uap->size <= 0)
		return (EINVAL);
	return (kern_epoll_create(td, 0));
}

int
sys_epoll_create1(struct thread *td, struct epoll_create1_args *uap)
{
	return (kern_epoll_create(td, uap->flags));
}

/* The epoll file at epfd, referenced: EBADF, or EINVAL when it is not one. */
static int
epoll_fget(struct thread *td, int epfd, struct file **fpp)
{
	int error;

	if ((error = fget(td, epfd, fpp)) != 0)
		return (error);
	if ((*fpp)->f_ops != &epollops) {
		fdrop(*fpp, td);
		return (EINVAL);
	}
	return (0);
}

int
sys_epoll_ctl(struct thread *td, struct epoll_ctl_args *uap)
{
	struct l_epoll_event ev = { 0, 0 };
	struct file *epf, *fp;
	struct eventpoll *ep;
	struct epitem *grown;
	int error, i;

	if (uap->op != EPOLL_CTL_DEL && (error = copyin(uap->event, &ev, sizeof(ev))) != 0)
		return (error);
	if ((error = fget(td, uap->epfd, &epf)) != 0)
		return (error);
	if ((error = fget(td, uap->fd, &fp)) != 0) {
		fdrop(epf, td);
		return (error);
	}
	/* Linux's order: a file that cannot be polled, then the epoll file, then the rest. */
	if (fp->f_type == DTYPE_VNODE && fp->f_vnode != NULL &&
	    (fp->f_vnode->v_type == VREG || fp->f_vnode->v_type == VDIR))
		error = EPERM;
	else if (epf->f_ops != &epollops || epf == fp || fp->f_ops == &epollops)
		error = EINVAL;
	else if (uap->op != EPOLL_CTL_ADD && uap->op != EPOLL_CTL_DEL && uap->op != EPOLL_CTL_MOD)
		error = EINVAL;
	else if ((ev.events & EPOLLEXCLUSIVE) && uap->op == EPOLL_CTL_MOD)
		error = EINVAL;
	fdrop(fp, td);
	if (error != 0) {
		fdrop(epf, td);
		return (error);
	}
	ep = epf->f_data;
	sx_xlock(&ep->ep_lock);
	for (i = 0; i < ep->ep_count && ep->ep_items[i].fd != uap->fd; i++)
		;
	switch (uap->op) {
	case EPOLL_CTL_ADD:
		if (i < ep->ep_count) {
			error = EEXIST;
			break;
		}
		if (ep->ep_count == EPOLL_MAXWATCH) {
			error = ENOSPC;
			break;
		}
		if (ep->ep_count == ep->ep_cap) {
			ep->ep_cap = ep->ep_cap == 0 ? 8 : ep->ep_cap * 2;
			grown = malloc(sizeof(*grown) * (size_t)ep->ep_cap, M_EPOLL, M_WAITOK);
			if (ep->ep_count > 0)
				memcpy(grown, ep->ep_items, sizeof(*grown) * (size_t)ep->ep_count);
			free(ep->ep_items, M_EPOLL);
			ep->ep_items = grown;
		}
		ep->ep_items[ep->ep_count++] = (struct epitem){ uap->fd, ev.events, 0, ev.data };
		break;
	case EPOLL_CTL_MOD:
		if (i == ep->ep_count)
			error = ENOENT;
		else
			ep->ep_items[i] = (struct epitem){ uap->fd, ev.events, 0, ev.data };
		break;
	case EPOLL_CTL_DEL:
		if (i == ep->ep_count)
			error = ENOENT;
		else
			ep->ep_items[i] = ep->ep_items[--ep->ep_count];
		break;
	}
	sx_xunlock(&ep->ep_lock);
	fdrop(epf, td);
	return (error);
}

/* Wait (timo_ticks: -1 forever, 0 not at all), then report up to maxevents. */
static int
kern_epoll_wait(struct thread *td, int epfd, struct l_epoll_event *uevents, int maxevents,
    int64_t timo_ticks)
{
	struct l_epoll_event *out;
	struct l_pollfd *fds;
	struct eventpoll *ep;
	struct file *epf;
	unsigned n, i;
	int error, k = 0;

	if (maxevents <= 0 || (uint64_t)maxevents > INT32_MAX / sizeof(*out))
		return (EINVAL);
	if ((uint64_t)(uintptr_t)uevents > VM_MAXUSER_ADDRESS ||
	    (uint64_t)maxevents * sizeof(*out) > VM_MAXUSER_ADDRESS - (uintptr_t)uevents)
		return (EFAULT);
	if ((error = epoll_fget(td, epfd, &epf)) != 0)
		return (error);
	ep = epf->f_data;
	n = epoll_pollfds(td, ep, &fds);
	error = kern_poll(td, fds, n, POLLERR | POLLHUP, timo_ticks, NULL);
	if (error == 0) {
		out = malloc(sizeof(*out) * (size_t)(n < (unsigned)maxevents ? n + 1 :
		    (unsigned)maxevents), M_EPOLL, M_WAITOK);
		sx_xlock(&ep->ep_lock);
		for (i = 0; i < n && k < maxevents; i++) {
			if (fds[i].revents == 0 || fds[i].revents == POLLNVAL)
				continue;
			/* The entry may have changed meanwhile: only the one polled counts. */
			if (i >= (unsigned)ep->ep_count || ep->ep_items[i].fd != fds[i].fd ||
			    ep->ep_items[i].disabled)
				continue;
			out[k].events = (uint16_t)fds[i].revents;
			out[k].data = ep->ep_items[i].data;
			if (ep->ep_items[i].events & EPOLLONESHOT)
				ep->ep_items[i].disabled = 1;
			k++;
		}
		sx_xunlock(&ep->ep_lock);
		error = k > 0 ? copyout(out, uevents, sizeof(*out) * (size_t)k) : 0;
		free(out, M_EPOLL);
		if (error == 0)
			td->td_retval[0] = (uint64_t)k;
	}
	free(fds, M_EPOLL);
	fdrop(epf, td);
	return (error);
}

static int64_t
ms_to_ticks(int timeout)
{
	return (timeout < 0 ? -1 : ns_to_ticks((uint64_t)timeout * 1000000));
}

int
sys_epoll_wait(struct thread *td, struct epoll_wait_args *uap)
{
	return (kern_epoll_wait(td, uap->epfd, uap->events, uap->maxevents,
	    ms_to_ticks(uap->timeout)));
}

/* As epoll_wait, under a temporary signal mask; EINTR is never restarted, as on Linux. */
int
sys_epoll_pwait(struct thread *td, struct epoll_pwait_args *uap)
{
	sigset_t set;
	int error;

	if (uap->sigmask != NULL) {
		if (uap->sigsetsize != sizeof(sigset_t))
			return (EINVAL);
		if ((error = copyin(uap->sigmask, &set, sizeof(set))) != 0)
			return (error);
		sigmask_wait_begin(td, set);
	}
	error = kern_epoll_wait(td, uap->epfd, uap->events, uap->maxevents,
	    ms_to_ticks(uap->timeout));
	if (uap->sigmask != NULL)
		sigmask_wait_end(td, error == EINTR);
	return (error);
}
