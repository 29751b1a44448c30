/*
 * Waiting for files to be ready: poll, ppoll, select and pselect6 over
 * each file's fo_poll, and the wakeups the files send (selrecord/
 * selwakeup, sys/selinfo.h) -- FreeBSD's sys_generic.c poll half, with
 * Linux's rules at the boundary: select's sets as bitmaps of longs, an
 * unopened descriptor in a set is EBADF (poll says POLLNVAL instead),
 * ppoll and pselect6 wait under a temporary signal mask, and ppoll,
 * pselect6 and select write back the time that was left.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linux_file.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/selinfo.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/time.h>

MALLOC_DEFINE(M_POLL, "poll", "poll and select arguments");

/* What select's three sets wait for, as poll bits (Linux's POLL*_SET). */
#define SELECT_IN	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define SELECT_OUT	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define SELECT_EX	(POLLPRI)

/*
 * One generation counter for all waiters: a poller notes it, scans its
 * files, and sleeps only if no selwakeup() bumped it meanwhile, so a
 * wakeup between the scan and the sleep is never lost.  Every wakeup
 * wakes every poller, which rescans; simple, and enough while pollers
 * are few (a per-object wait list can replace it without changing the
 * interface).
 */
static struct mtx select_mtx;
static uint64_t select_gen;

static void
select_init(const void *dummy __unused)
{
	mtx_init(&select_mtx, "select", MTX_DEF);
}
SYSINIT(select, SI_SUB_VFS, SI_ORDER_SECOND, select_init, NULL);

void
selrecord(struct thread *td, struct selinfo *sip)
{
	(void)td;
	(void)sip;		/* every poller waits on the one counter */
}

void
selwakeup(struct selinfo *sip)
{
	(void)sip;
	mtx_lock(&select_mtx);
	select_gen++;
	mtx_unlock(&select_mtx);
	wakeup(&select_gen);
}

/*
 * revents for every entry; the number of entries with any.  `always`: the
 * bits reported whether asked for or not (poll's POLLERR and POLLHUP;
 * select asks for exactly what it counts).
 */
static int
poll_scan(struct thread *td, struct l_pollfd *fds, unsigned nfds, int always)
{
	struct file *fp;
	unsigned i;
	int n = 0, want;

	for (i = 0; i < nfds; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		if (fget(td, fds[i].fd, &fp) != 0) {
			fds[i].revents = POLLNVAL;
		} else {
			want = (uint16_t)fds[i].events | always;
			fds[i].revents = (int16_t)(fp->f_ops->fo_poll(fp, want, td) & want);
			fdrop(fp, td);
		}
		if (fds[i].revents != 0)
			n++;
	}
	return (n);
}

/*
 * Scan until something is ready, the time runs out or a signal comes
 * (EINTR).  timo_ticks: -1 forever, 0 do not wait.  *leftp (if not NULL):
 * the ticks that were left of the wait when it ended.
 */
int
kern_poll(struct thread *td, struct l_pollfd *fds, unsigned nfds, int always,
    int64_t timo_ticks, int64_t *leftp)
{
	uint64_t gen, deadline = ticks + (uint64_t)(timo_ticks > 0 ? timo_ticks : 0);
	int n, error = 0;

	for (;;) {
		mtx_lock(&select_mtx);
		gen = select_gen;
		mtx_unlock(&select_mtx);
		if ((n = poll_scan(td, fds, nfds, always)) != 0 || timo_ticks == 0)
			break;
		mtx_lock(&select_mtx);
		if (gen != select_gen) {
			mtx_unlock(&select_mtx);
			continue;
		}
		if (timo_ticks > 0 && ticks >= deadline) {
			mtx_unlock(&select_mtx);
			break;
		}
		error = msleep_sig(&select_gen, &select_mtx, "poll",
		    timo_ticks > 0 ? (int)(deadline - ticks) : 0);
		mtx_unlock(&select_mtx);
		if (error == EINTR || error == ERESTART) {
			error = EINTR;
			break;
		}
		error = 0;
	}
	if (leftp != NULL)
		*leftp = timo_ticks > 0 && deadline > ticks ? (int64_t)(deadline - ticks) : 0;
	if (error == 0)
		td->td_retval[0] = (uint64_t)n;
	return (error);
}

/* A timespec to a wait (Linux's poll_select_set_timeout): EINVAL unless valid. */
static int
ts_to_ticks(const struct l_timespec *ts, int64_t *timop)
{
	if (timespec_check(ts) != 0)
		return (EINVAL);
	*timop = ns_to_ticks(timespec_ns(ts));
	return (0);
}

static uint64_t
ticks_to_ns(int64_t left)
{
	return ((uint64_t)left * NSEC_PER_SEC / (uint64_t)(hz > 0 ? hz : 100));
}

int
sys_poll(struct thread *td, struct poll_args *uap)
{
	struct l_pollfd *fds;
	int64_t timo;
	int error;

	if (uap->nfds > (unsigned)td->td_proc->p_fd->fd_maxfiles)
		return (EINVAL);
	fds = malloc(sizeof(*fds) * (uap->nfds + 1), M_POLL, M_WAITOK);
	if ((error = copyin(uap->fds, fds, sizeof(*fds) * uap->nfds)) != 0)
		goto out;
	timo = uap->timeout < 0 ? -1 : ns_to_ticks((uint64_t)uap->timeout * 1000000);
	if ((error = kern_poll(td, fds, uap->nfds, POLLERR | POLLHUP, timo, NULL)) == 0)
		error = copyout(fds, uap->fds, sizeof(*fds) * uap->nfds);
out:
	free(fds, M_POLL);
	return (error);
}

/*
 * The signal mask of ppoll and pselect6 (NULL: keep the mask), set for
 * the wait.  *setp tells the caller to end it with sigmask_wait_end.
 */
static int
pollmask_begin(struct thread *td, const sigset_t *umask, size_t size, int *setp)
{
	sigset_t set;
	int error;

	*setp = 0;
	if (umask == NULL)
		return (0);
	if (size != sizeof(sigset_t))
		return (EINVAL);
	if ((error = copyin(umask, &set, sizeof(set))) != 0)
		return (error);
	sigmask_wait_begin(td, set);
	*setp = 1;
	return (0);
}

/*
 * The end of ppoll, pselect6 and select (Linux's poll_select_finish): the
 * mask back unless interrupted, the time left written back (not for a
 * wait of 0; a write that faults is ignored, except that an interrupted
 * call then is not restarted with its old time), and an interrupted call
 * restarted if no handler runs.
 */
static int
poll_finish(struct thread *td, int error, int maskset, void *utime, int timeval,
    int64_t timo, int64_t left)
{
	uint64_t ns = ticks_to_ns(left);
	struct l_timespec ts;
	struct l_timeval tv;
	int cerr;

	if (maskset)
		sigmask_wait_end(td, error == EINTR);
	if (utime != NULL && timo != 0) {
		if (timeval) {
			tv.tv_sec = (int64_t)(ns / NSEC_PER_SEC);
			tv.tv_usec = (int64_t)(ns % NSEC_PER_SEC / 1000);
			cerr = copyout(&tv, utime, sizeof(tv));
		} else {
			ts.tv_sec = (int64_t)(ns / NSEC_PER_SEC);
			ts.tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
			cerr = copyout(&ts, utime, sizeof(ts));
		}
		if (cerr != 0 && error == EINTR)
			return (EINTR);
	}
	return (error == EINTR ? ERESTARTNOHAND : error);
}

int
sys_ppoll(struct thread *td, struct ppoll_args *uap)
{
	struct l_pollfd *fds = NULL;
	struct l_timespec ts;
	int64_t timo = -1, left = 0;
	int maskset, error;

	if (uap->tsp != NULL) {
		if ((error = copyin(uap->tsp, &ts, sizeof(ts))) != 0)
			return (error);
		if ((error = ts_to_ticks(&ts, &timo)) != 0)
			return (error);
	}
	if ((error = pollmask_begin(td, uap->sset, uap->ssize, &maskset)) != 0)
		return (error);
	if (uap->nfds > (unsigned)td->td_proc->p_fd->fd_maxfiles)
		error = EINVAL;
	else {
		fds = malloc(sizeof(*fds) * (uap->nfds + 1), M_POLL, M_WAITOK);
		error = copyin(uap->fds, fds, sizeof(*fds) * uap->nfds);
	}
	if (error == 0)
		error = kern_poll(td, fds, uap->nfds, POLLERR | POLLHUP, timo, &left);
	if (error == 0)
		error = copyout(fds, uap->fds, sizeof(*fds) * uap->nfds);
	free(fds, M_POLL);
	return (poll_finish(td, error, maskset, uap->tsp, 0, timo, left));
}

/* --- select ------------------------------------------------------------------------------ */

#define NFDBITS		64
#define FDS_WORDS(n)	(((unsigned)(n) + NFDBITS - 1) / NFDBITS)

static int
fdset_isset(const uint64_t *set, int fd)
{
	return (set != NULL && (set[fd / NFDBITS] >> (fd % NFDBITS)) & 1);
}

/*
 * select over kern_poll: a poll entry per descriptor in any set, asking
 * for what its sets count; then the sets rewritten with what is ready,
 * and the number of bits set.  Linux reads the sets up to the size of the
 * descriptor table (at least 64), so nfds beyond it is cut down to it.
 */
static int
kern_select(struct thread *td, int nfds, uint64_t *uin, uint64_t *uout, uint64_t *uex,
    int64_t timo, int64_t *leftp)
{
	struct filedesc *fdp = td->td_proc->p_fd;
	uint64_t *sets[3] = { NULL, NULL, NULL }, *usets[3] = { uin, uout, uex };
	static const int bits[3] = { SELECT_IN, SELECT_OUT, SELECT_EX };
	struct l_pollfd *fds = NULL;
	unsigned words, npoll = 0, i;
	struct file *fp;
	int max, fd, k, n, error = 0;

	if (nfds < 0)
		return (EINVAL);
	max = (fdp->fd_nfiles + NFDBITS - 1) / NFDBITS * NFDBITS;
	if (max < NFDBITS)
		max = NFDBITS;
	if (nfds > max)
		nfds = max;
	words = FDS_WORDS(nfds);
	for (k = 0; k < 3 && error == 0; k++) {
		if (usets[k] == NULL)
			continue;
		sets[k] = malloc(words * sizeof(uint64_t) + 1, M_POLL, M_WAITOK);
		error = copyin(usets[k], sets[k], words * sizeof(uint64_t));
	}
	if (error != 0)
		goto out;
	fds = malloc(sizeof(*fds) * ((unsigned)nfds + 1), M_POLL, M_WAITOK);
	for (fd = 0; fd < nfds; fd++) {
		int events = 0;

		for (k = 0; k < 3; k++)
			if (fdset_isset(sets[k], fd))
				events |= bits[k];
		if (events == 0)
			continue;
		if ((error = fget(td, fd, &fp)) != 0)
			goto out;	/* EBADF */
		fdrop(fp, td);
		fds[npoll].fd = fd;
		fds[npoll].events = (int16_t)events;
		npoll++;
	}
	if ((error = kern_poll(td, fds, npoll, 0, timo, leftp)) != 0)
		goto out;
	/* Which sets an entry came from: POLLIN, POLLOUT and POLLPRI are each in one only. */
	for (k = 0; k < 3; k++)
		if (sets[k] != NULL)
			memset(sets[k], 0, words * sizeof(uint64_t));
	for (i = 0, n = 0; i < npoll; i++) {
		static const int from[3] = { POLLIN, POLLOUT, POLLPRI };

		for (k = 0; k < 3; k++) {
			if ((fds[i].events & from[k]) && (fds[i].revents & bits[k])) {
				sets[k][fds[i].fd / NFDBITS] |= 1ULL << (fds[i].fd % NFDBITS);
				n++;
			}
		}
	}
	for (k = 0; k < 3 && error == 0; k++)
		if (sets[k] != NULL)
			error = copyout(sets[k], usets[k], words * sizeof(uint64_t));
	td->td_retval[0] = (uint64_t)n;
out:
	free(fds, M_POLL);
	for (k = 0; k < 3; k++)
		free(sets[k], M_POLL);
	return (error);
}

int
sys_select(struct thread *td, struct select_args *uap)
{
	struct l_timespec ts;
	struct l_timeval tv;
	int64_t timo = -1, left = 0;
	int error;

	if (uap->timeout != NULL) {
		if ((error = copyin(uap->timeout, &tv, sizeof(tv))) != 0)
			return (error);
		/* Linux folds whole seconds of microseconds in; negative is EINVAL. */
		ts.tv_sec = tv.tv_sec + tv.tv_usec / 1000000;
		ts.tv_nsec = tv.tv_usec % 1000000 * 1000;
		if ((error = ts_to_ticks(&ts, &timo)) != 0)
			return (error);
	}
	error = kern_select(td, uap->nfds, uap->readfds, uap->writefds, uap->exceptfds, timo,
	    &left);
	return (poll_finish(td, error, 0, uap->timeout, 1, timo, left));
}

/* pselect6's sixth argument: the signal mask and its size, together. */
struct l_sigset_argpack {
	const sigset_t	*ss;
	uint64_t	 ss_len;
};

int
sys_pselect6(struct thread *td, struct pselect6_args *uap)
{
	struct l_sigset_argpack pack = { NULL, 0 };
	struct l_timespec ts;
	int64_t timo = -1, left = 0;
	int maskset, error;

	if (uap->tsp != NULL) {
		if ((error = copyin(uap->tsp, &ts, sizeof(ts))) != 0)
			return (error);
		if ((error = ts_to_ticks(&ts, &timo)) != 0)
			return (error);
	}
	if (uap->sig != NULL && (error = copyin(uap->sig, &pack, sizeof(pack))) != 0)
		return (error);
	if ((error = pollmask_begin(td, pack.ss, pack.ss_len, &maskset)) != 0)
		return (error);
	error = kern_select(td, uap->nfds, uap->readfds, uap->writefds, uap->exceptfds, timo,
	    &left);
	return (poll_finish(td, error, maskset, uap->tsp, 0, timo, left));
}
