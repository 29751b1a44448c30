/*
 * The console as a terminal: /dev/console (5,1) with a line discipline
 * (FreeBSD's tty.c and tty_ttydisc.c, much smaller) -- canonical input
 * with erase, kill, word-erase and end-of-file, raw input with VMIN and
 * VTIME, echo, CR/NL mapping -- and Linux's termios ioctls (sys/ttycom.h).
 *
 * Input: while the terminal is open, a callout drains the console
 * (cncheckc: the UART's receive ring, filled by interrupt) every tick into
 * the discipline, which echoes and queues it; readers and pollers are
 * woken.  When the discipline has no room the pump leaves the bytes in
 * the UART's ring (which, full, holds the sender back) rather than drop
 * them, so a paste larger than what a reader has taken arrives whole.
 * Output goes to the console a line at a time under the console lock
 * (cnlock, sys/cons.h), so kernel messages come between a program's
 * lines, never inside one (cnputc sends '\n' as CR LF, ONLCR's effect).
 *
 * Job control (FreeBSD's and Linux's model): a session leader makes the
 * terminal its session's controlling terminal with TIOCSCTTY (opening
 * /dev/console never does, as on Linux: getty, which init starts, does
 * it); the session's foreground process group (s_ttypgrp, set with
 * TIOCSPGRP) gets SIGINT, SIGQUIT and SIGTSTP from ^C, ^\ and ^Z; a
 * process of the session outside that group that reads (or writes with
 * TOSTOP, or changes the terminal) gets SIGTTIN (SIGTTOU) -- EIO when it
 * ignores or blocks it or its group is orphaned, as __tty_check_change
 * says; when the session leader exits, the foreground group gets SIGHUP and
 * the session loses the terminal.  /dev/tty (5,0) is the caller's
 * controlling terminal (ENXIO without one).  The session and its
 * foreground group are proctree_lock's, like every process group.
 */
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/conf.h>
#include <sys/cons.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/selinfo.h>
#include <sys/signalvar.h>
#include <sys/tty.h>
#include <sys/ttycom.h>
#include <sys/ucred.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#define TTY_INQ		4096	/* bytes queued for reading (Linux's N_TTY_BUF_SIZE) */
#define TTY_LINES	128	/* complete lines queued (canonical) */
#define TTY_PUMP_MAX	TTY_INQ	/* bytes taken from the console per tick */

MALLOC_DEFINE(M_TTY, "tty", "terminal input being read");

struct tty {
	struct mtx	 t_mtx;			/* guards everything below */
	struct l_termios t_termios;
	struct l_winsize t_winsize;
	uint8_t		 t_inq[TTY_INQ];	/* input ready for read(2), a ring */
	unsigned	 t_inhead;		/* first byte */
	unsigned	 t_incount;		/* bytes in it */
	unsigned	 t_lines[TTY_LINES];	/* canonical: lengths of the lines in t_inq (0: EOF) */
	unsigned	 t_linehead, t_nlines;
	uint8_t		 t_line[TTY_INQ];	/* canonical: the line being typed */
	unsigned	 t_linelen;
	int		 t_lnext;		/* canonical: VLNEXT came, next byte literal */
	int		 t_opens;		/* open files: the input pump runs while > 0 */
	struct callout	 t_callout;		/* the input pump */
	struct selinfo	 t_sel;
	struct session	*t_session;		/* whose controlling terminal (proctree_lock) */
};

static struct tty console_tty;

#define CC(tp, i)	((tp)->t_termios.c_cc[i])
#define LFLAG(tp, f)	(((tp)->t_termios.c_lflag & (f)) != 0)
#define IFLAG(tp, f)	(((tp)->t_termios.c_iflag & (f)) != 0)

/* Linux's defaults for a new terminal (tty_std_termios). */
static void
tty_defaults(struct tty *tp)
{
	static const uint8_t cc[NCCS] = {
		[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025, [VEOF] = 004,
		[VTIME] = 0, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023, [VSUSP] = 032,
		[VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027, [VLNEXT] = 026,
	};

	tp->t_termios.c_iflag = ICRNL | IXON;
	tp->t_termios.c_oflag = OPOST | ONLCR;
	tp->t_termios.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	tp->t_termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(tp->t_termios.c_cc, cc, sizeof(cc));
	tp->t_winsize.ws_row = 24;
	tp->t_winsize.ws_col = 80;
}

/* --- output ---------------------------------------------------------------------------- */

/* Echo: one byte of the user's line (cnlock: see sys/cons.h). */
static void
tty_putc(int c)
{
	uint64_t fl = cnlock(CN_USER);

	cnputc(c);
	cnunlock(fl);
}

/*
 * What a program writes: a line at a time under the console lock, so a
 * kernel message comes between lines, never inside one (and interrupts
 * are off for one line's time at most).
 */
static void
tty_output(const uint8_t *buf, size_t n)
{
	size_t i = 0;
	uint64_t fl;

	while (i < n) {
		fl = cnlock(CN_USER);
		while (i < n && buf[i++] != '\n')
			cnputc(buf[i - 1]);
		if (buf[i - 1] == '\n')
			cnputc('\n');
		cnunlock(fl);
	}
}

/* Echo of one input byte: control characters as ^X with ECHOCTL. */
static void
tty_echo(struct tty *tp, uint8_t c)
{
	if (!LFLAG(tp, ECHO))
		return;
	if (LFLAG(tp, ECHOCTL) && c < 0x20 && c != '\n' && c != '\t') {
		tty_putc('^');
		tty_putc(c + '@');
	} else if (c == 0177 && LFLAG(tp, ECHOCTL)) {
		tty_putc('^');
		tty_putc('?');
	} else
		tty_putc(c);
}

/* Rub out the last character of the line on the screen. */
static void
tty_rubout(struct tty *tp, uint8_t c)
{
	int n = (LFLAG(tp, ECHOCTL) && (c < 0x20 || c == 0177) && c != '\t') ? 2 : 1;

	if (!LFLAG(tp, ECHO) || !LFLAG(tp, ECHOE))
		return;
	while (n-- > 0) {
		tty_putc('\b');
		tty_putc(' ');
		tty_putc('\b');
	}
}

/* --- input: the line discipline -------------------------------------------------------- */

static unsigned
tty_inroom(struct tty *tp)
{
	return (TTY_INQ - tp->t_incount);
}

static void
tty_inq_put(struct tty *tp, const uint8_t *p, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		tp->t_inq[(tp->t_inhead + tp->t_incount++) % TTY_INQ] = p[i];
}

/* The line typed so far becomes readable (len 0 with EOF: read returns 0). */
static void
tty_push_line(struct tty *tp)
{
	if (tp->t_nlines == TTY_LINES || tty_inroom(tp) < tp->t_linelen) {
		tp->t_linelen = 0;	/* no room: the line is lost, as on a full Linux tty */
		return;
	}
	tty_inq_put(tp, tp->t_line, tp->t_linelen);
	tp->t_lines[(tp->t_linehead + tp->t_nlines++) % TTY_LINES] = tp->t_linelen;
	tp->t_linelen = 0;
}

static void
tty_flush_input(struct tty *tp)
{
	tp->t_inhead = tp->t_incount = 0;
	tp->t_linehead = tp->t_nlines = 0;
	tp->t_linelen = 0;
	tp->t_lnext = 0;
}

/* VWERASE's word: letters, digits and '_' (Linux's n_tty, BSD's ALTWERASE). */
static int
tty_is_word(uint8_t c)
{
	return ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    c == '_');
}

/* One byte typed (t_mtx held); 1 if readers may have something new. *sigs: signals to send. */
static int
tty_input(struct tty *tp, uint8_t c, int *sigs)
{
	if (IFLAG(tp, ISTRIP))
		c &= 0x7f;
	if (tp->t_lnext) {
		/* The byte after VLNEXT: part of the line, whatever it is (Linux's lnext). */
		tp->t_lnext = 0;
		if (LFLAG(tp, ICANON)) {
			if (tp->t_linelen < TTY_INQ - 1)
				tp->t_line[tp->t_linelen++] = c;
			tty_echo(tp, c);
			return (0);
		}
	}
	if (c == '\r') {
		if (IFLAG(tp, IGNCR))
			return (0);
		if (IFLAG(tp, ICRNL))
			c = '\n';
	} else if (c == '\n' && IFLAG(tp, INLCR))
		c = '\r';
	if (LFLAG(tp, ISIG) && c != 0 &&
	    (c == CC(tp, VINTR) || c == CC(tp, VQUIT) || c == CC(tp, VSUSP))) {
		/* For the foreground process group (tty_pump sends it): shown, input dropped. */
		*sigs |= 1 << (c == CC(tp, VINTR) ? SIGINT : c == CC(tp, VQUIT) ? SIGQUIT : SIGTSTP);
		tty_echo(tp, c);
		if (!LFLAG(tp, NOFLSH))
			tty_flush_input(tp);
		return (1);
	}
	if (!LFLAG(tp, ICANON)) {
		if (tty_inroom(tp) == 0)
			return (0);
		tty_inq_put(tp, &c, 1);
		tty_echo(tp, c);
		return (1);
	}
	if (c != 0 && c == CC(tp, VERASE)) {
		if (tp->t_linelen > 0)
			tty_rubout(tp, tp->t_line[--tp->t_linelen]);
		return (0);
	}
	if (c != 0 && c == CC(tp, VKILL)) {
		while (tp->t_linelen > 0)
			tty_rubout(tp, tp->t_line[--tp->t_linelen]);
		return (0);
	}
	if (c != 0 && c == CC(tp, VWERASE) && LFLAG(tp, IEXTEN)) {
		while (tp->t_linelen > 0 && !tty_is_word(tp->t_line[tp->t_linelen - 1]))
			tty_rubout(tp, tp->t_line[--tp->t_linelen]);
		while (tp->t_linelen > 0 && tty_is_word(tp->t_line[tp->t_linelen - 1]))
			tty_rubout(tp, tp->t_line[--tp->t_linelen]);
		return (0);
	}
	/*
	 * IEXTEN's characters, as in Linux's n_tty: VLNEXT takes the next
	 * byte literally (echoed "^" and a backspace, for the byte to cover),
	 * VREPRINT shows the line again on a line of its own.
	 */
	if (c != 0 && c == CC(tp, VLNEXT) && LFLAG(tp, IEXTEN)) {
		tp->t_lnext = 1;
		if (LFLAG(tp, ECHO) && LFLAG(tp, ECHOCTL)) {
			tty_putc('^');
			tty_putc('\b');
		}
		return (0);
	}
	if (c != 0 && c == CC(tp, VREPRINT) && LFLAG(tp, IEXTEN) && LFLAG(tp, ECHO)) {
		unsigned i;

		tty_echo(tp, c);
		tty_putc('\n');
		for (i = 0; i < tp->t_linelen; i++)
			tty_echo(tp, tp->t_line[i]);
		return (0);
	}
	if (c != 0 && c == CC(tp, VEOF)) {
		tty_push_line(tp);	/* without the EOF character itself */
		return (1);
	}
	if (tp->t_linelen < TTY_INQ - 1 || c == '\n')
		tp->t_line[tp->t_linelen++] = c;
	if (c == '\n' || (c != 0 && (c == CC(tp, VEOL) || c == CC(tp, VEOL2)))) {
		if (LFLAG(tp, ECHO) || (c == '\n' && LFLAG(tp, ECHONL)))
			tty_putc(c);
		tty_push_line(tp);
		return (1);
	}
	tty_echo(tp, c);
	return (0);
}

/* --- job control ------------------------------------------------------------------------ */

/* tp is p's controlling terminal (proctree_lock held). */
static int
tty_is_ctty(struct tty *tp, struct proc *p)
{
	return (p != NULL && (p->p_flag & P_CONTROLT) && p->p_pgrp != NULL &&
	    p->p_pgrp->pg_session->s_ttyp == tp);
}

/*
 * The foreground process group of session s (proctree_lock held), if it
 * still exists: the id of one that went away may be another session's now.
 */
static struct pgrp *
tty_fg(struct session *s)
{
	struct pgrp *pg = pgfind(s->s_ttypgrp);

	return (pg != NULL && pg->pg_session == s ? pg : NULL);
}

/* Signal the foreground process group of tp (thread context: the pump is a callout). */
static void
tty_signal_fg(struct tty *tp, int sigs)
{
	struct pgrp *pg;
	int sig;

	mtx_lock(&proctree_lock);
	if (tp->t_session != NULL && (pg = tty_fg(tp->t_session)) != NULL) {
		for (sig = 1; sig < 32; sig++)
			if (sigs & (1 << sig))
				pgsignal(pg, sig, 1);
	}
	mtx_unlock(&proctree_lock);
}

/* td ignores or blocks sig (Linux's is_ignored). */
static int
tty_sig_ignored(struct thread *td, int sig)
{
	struct proc *p = td->td_proc;
	struct sigacts *ps = p->p_sigacts;
	int ignored;

	mtx_lock(&p->p_mtx);
	mtx_lock(&ps->ps_mtx);
	ignored = SIGISMEMBER(td->td_sigmask, sig) || ps->ps_act[sig - 1].sa_handler == SIG_IGN;
	mtx_unlock(&ps->ps_mtx);
	mtx_unlock(&p->p_mtx);
	return (ignored);
}

/*
 * May td use its controlling terminal tp now?  A process of tp's session
 * outside the foreground group: its group gets sig (SIGTTIN or SIGTTOU)
 * and the call restarts once it is continued (ERESTART); if td ignores or
 * blocks sig, SIGTTOU lets it go on and SIGTTIN is EIO; an orphaned group
 * gets EIO (Linux's __tty_check_change).
 */
static int
tty_check_bg(struct tty *tp, struct thread *td, int sig)
{
	struct proc *p = td->td_proc;
	struct pgrp *pg;
	int error = 0;

	if (p == NULL)
		return (0);
	mtx_lock(&proctree_lock);
	if (!tty_is_ctty(tp, p) || p->p_pgrp->pg_id == tp->t_session->s_ttypgrp)
		goto out;
	pg = p->p_pgrp;
	if (tty_sig_ignored(td, sig))
		error = sig == SIGTTIN ? EIO : 0;
	else if (pg->pg_jobc == 0)
		error = EIO;
	else {
		pgsignal(pg, sig, 1);
		error = ERESTART;
	}
out:
	mtx_unlock(&proctree_lock);
	return (error);
}

/*
 * The session s loses its terminal (proctree_lock held): its leader
 * exited, or said TIOCNOTTY.  The foreground group gets SIGHUP (and
 * SIGCONT unless the leader is gone, Linux's disassociate_ctty).
 */
static void
tty_disassociate(struct session *s, int on_exit)
{
	struct tty *tp = s->s_ttyp;
	struct pgrp *pg;

	if (tp == NULL)
		return;
	if ((pg = tty_fg(s)) != NULL) {
		pgsignal(pg, SIGHUP, 1);
		if (!on_exit)
			pgsignal(pg, SIGCONT, 1);
	}
	tp->t_session = NULL;
	s->s_ttyp = NULL;
	s->s_ttypgrp = 0;
}

void
tty_session_exit(struct session *s)
{
	tty_disassociate(s, 1);
}

/* TIOCSCTTY: td's session (td leads it and has no terminal) takes tp. */
static int
tty_sctty(struct tty *tp, struct thread *td, int steal, int fflags)
{
	struct proc *p = td->td_proc;
	struct session *s;
	int root = priv_check_cred(td->td_ucred, CAP_SYS_ADMIN) == 0, error = 0;

	if (p == NULL)
		return (EPERM);
	mtx_lock(&proctree_lock);
	s = p->p_pgrp->pg_session;
	if (s->s_leader == p && s->s_ttyp == tp)
		goto out;			/* already ours */
	if (s->s_leader != p || s->s_ttyp != NULL || (!(fflags & FREAD) && !root)) {
		error = EPERM;
		goto out;
	}
	if (tp->t_session != NULL) {
		if (!steal || !root) {
			error = EPERM;
			goto out;
		}
		tp->t_session->s_ttyp = NULL;	/* root takes it from another session */
		tp->t_session->s_ttypgrp = 0;
	}
	tp->t_session = s;
	s->s_ttyp = tp;
	s->s_ttypgrp = p->p_pgrp->pg_id;
	mtx_lock(&p->p_mtx);
	p->p_flag |= P_CONTROLT;
	mtx_unlock(&p->p_mtx);
out:
	mtx_unlock(&proctree_lock);
	return (error);
}

/* TIOCNOTTY: td's process lets go of its controlling terminal tp (the leader: the session). */
static int
tty_notty(struct tty *tp, struct thread *td)
{
	struct proc *p = td->td_proc;
	int error = 0;

	mtx_lock(&proctree_lock);
	if (!tty_is_ctty(tp, p))
		error = ENOTTY;
	else {
		if (p->p_pgrp->pg_session->s_leader == p)
			tty_disassociate(p->p_pgrp->pg_session, 0);
		mtx_lock(&p->p_mtx);
		p->p_flag &= ~P_CONTROLT;
		mtx_unlock(&p->p_mtx);
	}
	mtx_unlock(&proctree_lock);
	return (error);
}

/* TIOCGPGRP and TIOCGSID: the foreground group or the session of td's controlling terminal tp. */
static int
tty_getid(struct tty *tp, struct thread *td, int sid, pid_t *idp)
{
	int error = 0;

	mtx_lock(&proctree_lock);
	if (!tty_is_ctty(tp, td->td_proc))
		error = ENOTTY;
	else
		*idp = sid ? tp->t_session->s_sid : tp->t_session->s_ttypgrp;
	mtx_unlock(&proctree_lock);
	return (error);
}

/* TIOCSPGRP: a group of td's session becomes tp's foreground group. */
static int
tty_setpgrp(struct tty *tp, struct thread *td, pid_t pgid)
{
	struct pgrp *pg;
	int error = 0;

	mtx_lock(&proctree_lock);
	if (!tty_is_ctty(tp, td->td_proc))
		error = ENOTTY;
	else if (pgid < 0)
		error = EINVAL;
	else if ((pg = pgfind(pgid)) == NULL)
		error = ESRCH;
	else if (pg->pg_session != tp->t_session)
		error = EPERM;
	else
		tp->t_session->s_ttypgrp = pgid;
	mtx_unlock(&proctree_lock);
	return (error);
}

/*
 * May the discipline take one more byte without losing one (t_mtx held)?
 * Raw: room in the queue.  Canonical: room for the line being typed and
 * its end (with no complete line queued the queue is empty, so this only
 * holds input back while a reader has lines to take); a line already at
 * its limit takes (and drops) bytes as Linux's does.
 */
static int
tty_has_room(struct tty *tp)
{
	if (!LFLAG(tp, ICANON))
		return (tty_inroom(tp) > 0);
	if (tp->t_linelen >= TTY_INQ - 1)
		return (1);
	return (tp->t_nlines < TTY_LINES && tty_inroom(tp) >= tp->t_linelen + 1);
}

/* The input pump: what the console received since the last tick. */
static void
tty_pump(void *arg)
{
	struct tty *tp = arg;
	int c, n = 0, woke = 0, sigs = 0;

	mtx_lock(&tp->t_mtx);
	/* Closed since the last tick: the console's input is someone else's now. */
	while (tp->t_opens > 0 && n++ < TTY_PUMP_MAX && tty_has_room(tp) &&
	    (c = cncheckc()) >= 0)
		woke |= tty_input(tp, (uint8_t)c, &sigs);
	if (tp->t_opens > 0)
		callout_reset(&tp->t_callout, 1, tty_pump, tp);
	mtx_unlock(&tp->t_mtx);
	if (sigs != 0)
		tty_signal_fg(tp, sigs);
	if (woke) {
		wakeup(tp);
		selwakeup(&tp->t_sel);
	}
}

/* Bytes a read could take now (t_mtx held). */
static unsigned
tty_readable(struct tty *tp)
{
	if (LFLAG(tp, ICANON))
		return (tp->t_nlines > 0 ? (tp->t_lines[tp->t_linehead] ? tp->t_lines[tp->t_linehead] :
		    1) : 0);
	return (tp->t_incount);
}

/* --- the device ----------------------------------------------------------------------- */

static int
tty_open(struct cdev *dev, int fflags, struct thread *td)
{
	struct tty *tp = dev->si_drv1;

	(void)fflags;
	(void)td;
	mtx_lock(&tp->t_mtx);
	if (tp->t_opens++ == 0)
		callout_reset(&tp->t_callout, 1, tty_pump, tp);
	mtx_unlock(&tp->t_mtx);
	return (0);
}

static int
tty_close(struct cdev *dev, int fflags, struct thread *td)
{
	struct tty *tp = dev->si_drv1;

	(void)fflags;
	(void)td;
	mtx_lock(&tp->t_mtx);
	tp->t_opens--;			/* the pump stops at its next tick */
	mtx_unlock(&tp->t_mtx);
	return (0);
}

/* Take up to n bytes of what a read may return (t_mtx held); how many. */
static unsigned
tty_take(struct tty *tp, uint8_t *buf, unsigned n)
{
	unsigned i, avail = tp->t_incount;

	if (LFLAG(tp, ICANON)) {
		unsigned *len = &tp->t_lines[tp->t_linehead];

		avail = *len;
		if (n >= avail || avail == 0) {
			tp->t_linehead = (tp->t_linehead + 1) % TTY_LINES;
			tp->t_nlines--;
		} else
			*len -= n;
	}
	if (n > avail)
		n = avail;
	for (i = 0; i < n; i++)
		buf[i] = tp->t_inq[(tp->t_inhead + i) % TTY_INQ];
	tp->t_inhead = (tp->t_inhead + n) % TTY_INQ;
	tp->t_incount -= n;
	return (n);
}

static int
tty_read(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct tty *tp = dev->si_drv1;
	unsigned want = uio->uio_resid > TTY_INQ ? TTY_INQ : (unsigned)uio->uio_resid, got;
	uint8_t *buf;
	int error = 0, timo;

	if ((error = tty_check_bg(tp, curthread, SIGTTIN)) != 0)
		return (error);
	if (want == 0)
		return (0);
	buf = malloc(want, M_TTY, M_WAITOK);
	mtx_lock(&tp->t_mtx);
	for (;;) {
		unsigned vmin = CC(tp, VMIN), ready = tty_readable(tp);

		if (LFLAG(tp, ICANON) ? tp->t_nlines > 0 :
		    ready > 0 && ready >= (vmin < want ? vmin : want))
			break;
		if (!LFLAG(tp, ICANON) && vmin == 0 && (CC(tp, VTIME) == 0 || ready > 0))
			break;		/* a poll, or VTIME's wait is over */
		if (ioflag & IO_NDELAY) {
			error = EAGAIN;
			break;
		}
		timo = !LFLAG(tp, ICANON) && vmin == 0 ? (CC(tp, VTIME) * hz + 9) / 10 : 0;
		error = msleep_sig(tp, &tp->t_mtx, "ttyin", timo);
		if (error == EWOULDBLOCK) {
			error = 0;
			break;
		}
		if (error != 0)
			break;
	}
	got = error == 0 ? tty_take(tp, buf, want) : 0;
	mtx_unlock(&tp->t_mtx);
	if (got > 0)
		error = uiomove(buf, got, uio);
	free(buf, M_TTY);
	return (error);
}

static int
tty_write(struct cdev *dev, struct uio *uio, int ioflag)
{
	struct tty *tp = dev->si_drv1;
	uint8_t buf[256];
	size_t n;
	int error, tostop;

	(void)ioflag;
	mtx_lock(&tp->t_mtx);
	tostop = LFLAG(tp, TOSTOP);
	mtx_unlock(&tp->t_mtx);
	if (tostop && (error = tty_check_bg(tp, curthread, SIGTTOU)) != 0)
		return (error);
	while (uio->uio_resid > 0) {
		n = uio->uio_resid < (ssize_t)sizeof(buf) ? (size_t)uio->uio_resid : sizeof(buf);
		if ((error = uiomove(buf, n, uio)) != 0)
			return (error);
		tty_output(buf, n);
	}
	return (0);
}

static int
tty_poll(struct cdev *dev, int events, struct thread *td)
{
	struct tty *tp = dev->si_drv1;
	int revents = events & (POLLOUT | POLLWRNORM);

	mtx_lock(&tp->t_mtx);
	if (tty_readable(tp) > 0)
		revents |= events & (POLLIN | POLLRDNORM);
	if (revents == 0)
		selrecord(td, &tp->t_sel);
	mtx_unlock(&tp->t_mtx);
	return (revents);
}

static void
tty_setattr(struct tty *tp, const struct l_termios *t, int flush)
{
	int was_canon = LFLAG(tp, ICANON);

	if (flush)
		tty_flush_input(tp);
	tp->t_termios = *t;
	if (was_canon && !LFLAG(tp, ICANON)) {
		/* Raw now: the partial line is input like any other. */
		if (tty_inroom(tp) >= tp->t_linelen)
			tty_inq_put(tp, tp->t_line, tp->t_linelen);
		tp->t_linelen = 0;
		tp->t_nlines = 0;
	} else if (!was_canon && LFLAG(tp, ICANON) && tp->t_incount > 0) {
		/* Canonical now: what was typed raw reads as one line. */
		tp->t_nlines = 1;
		tp->t_lines[tp->t_linehead] = tp->t_incount;
	}
}

static int
tty_ioctl(struct cdev *dev, unsigned long cmd, uintptr_t arg, int fflags, struct thread *td)
{
	struct tty *tp = dev->si_drv1;
	struct l_termios t;
	struct l_winsize ws;
	int error = 0, n;
	pid_t id;

	/* Changing the terminal from the background: SIGTTOU first (Linux's tty_check_change). */
	if ((cmd == TCSETS || cmd == TCSETSW || cmd == TCSETSF || cmd == TCFLSH ||
	    cmd == TIOCSPGRP) && (error = tty_check_bg(tp, td, SIGTTOU)) != 0)
		return (error);
	switch (cmd) {
	case TCGETS:
		mtx_lock(&tp->t_mtx);
		t = tp->t_termios;
		mtx_unlock(&tp->t_mtx);
		return (copyout(&t, (void *)arg, sizeof(t)));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		/* Output is never queued, so "after it drains" is now. */
		if ((error = copyin((void *)arg, &t, sizeof(t))) != 0)
			return (error);
		mtx_lock(&tp->t_mtx);
		tty_setattr(tp, &t, cmd == TCSETSF);
		mtx_unlock(&tp->t_mtx);
		wakeup(tp);
		selwakeup(&tp->t_sel);
		return (0);
	case TIOCGWINSZ:
		mtx_lock(&tp->t_mtx);
		ws = tp->t_winsize;
		mtx_unlock(&tp->t_mtx);
		return (copyout(&ws, (void *)arg, sizeof(ws)));
	case TIOCSWINSZ:
		if ((error = copyin((void *)arg, &ws, sizeof(ws))) != 0)
			return (error);
		mtx_lock(&tp->t_mtx);
		tp->t_winsize = ws;
		mtx_unlock(&tp->t_mtx);
		return (0);
	case FIONREAD:
		mtx_lock(&tp->t_mtx);
		n = (int)(LFLAG(tp, ICANON) ? tty_readable(tp) : tp->t_incount);
		mtx_unlock(&tp->t_mtx);
		return (copyout(&n, (void *)arg, sizeof(n)));
	case TIOCOUTQ:
		n = 0;
		return (copyout(&n, (void *)arg, sizeof(n)));
	case TCFLSH:
		if (arg > TCIOFLUSH)
			return (EINVAL);
		if (arg != TCOFLUSH) {
			mtx_lock(&tp->t_mtx);
			tty_flush_input(tp);
			mtx_unlock(&tp->t_mtx);
		}
		return (0);
	case TCSBRK:
	case TCXONC:
		return (0);
	case TIOCSCTTY:
		return (tty_sctty(tp, td, arg == 1, fflags));
	case TIOCNOTTY:
		return (tty_notty(tp, td));
	case TIOCGPGRP:
	case TIOCGSID:
		if ((error = tty_getid(tp, td, cmd == TIOCGSID, &id)) != 0)
			return (error);
		n = id;
		return (copyout(&n, (void *)arg, sizeof(n)));
	case TIOCSPGRP:
		if ((error = copyin((void *)arg, &n, sizeof(n))) != 0)
			return (error);
		return (tty_setpgrp(tp, td, n));
	default:
		return (ENOTTY);
	}
}

static const struct cdevsw console_cdevsw = {
	.d_name = "console",
	.d_flags = D_TTY,
	.d_open = tty_open,
	.d_close = tty_close,
	.d_read = tty_read,
	.d_write = tty_write,
	.d_ioctl = tty_ioctl,
	.d_poll = tty_poll,
};

/*
 * /dev/tty: the caller's controlling terminal, ENXIO without one.  The
 * console is the only terminal, so /dev/tty is a second name for it (with
 * more terminals, the open will have to hand over the right one).
 */
static int
ctty_open(struct cdev *dev, int fflags, struct thread *td)
{
	struct tty *tp = dev->si_drv1;
	int ours;

	mtx_lock(&proctree_lock);
	ours = tty_is_ctty(tp, td->td_proc);
	mtx_unlock(&proctree_lock);
	if (!ours)
		return (ENXIO);
	return (tty_open(dev, fflags, td));
}

static const struct cdevsw ctty_cdevsw = {
	.d_name = "tty",
	.d_flags = D_TTY,
	.d_open = ctty_open,
	.d_close = tty_close,
	.d_read = tty_read,
	.d_write = tty_write,
	.d_ioctl = tty_ioctl,
	.d_poll = tty_poll,
};

static void
tty_init(const void *dummy __unused)
{
	struct tty *tp = &console_tty;

	mtx_init(&tp->t_mtx, "tty", MTX_DEF);
	callout_init(&tp->t_callout);
	tty_defaults(tp);
	make_dev(&console_cdevsw, makedev(5, 1), tp, 0600, "console");
	make_dev(&ctty_cdevsw, makedev(5, 0), tp, 0666, "tty");
}
SYSINIT(tty, SI_SUB_DRIVERS, SI_ORDER_ANY, tty_init, NULL);
