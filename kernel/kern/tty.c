/*
 * The console as a terminal: /dev/console (5,1) with a line discipline
 * (FreeBSD's tty.c and tty_ttydisc.c, much smaller) -- canonical input
 * with erase, kill, word-erase and end-of-file, raw input with VMIN and
 * VTIME, echo, CR/NL mapping -- and Linux's termios ioctls (sys/ttycom.h).
 *
 * Input: while the terminal is open, a callout drains the console
 * (cncheckc) every tick into the discipline, which echoes and queues it;
 * readers and pollers are woken.  Output goes to the console byte by byte
 * (cnputc sends '\n' as CR LF, ONLCR's effect).
 *
 * Controlling terminals, process groups and job-control signals are the
 * next step: until then no process has a controlling terminal, so
 * /dev/tty (5,0) is ENXIO and TIOCGPGRP/TIOCSPGRP/TIOCSCTTY are ENOTTY --
 * consistently, so that a shell turns job control off instead of waiting
 * to be in the foreground -- and ^C, ^\ and ^Z only flush the line.
 */
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/conf.h>
#include <sys/cons.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/poll.h>
#include <sys/proc.h>
#include <sys/selinfo.h>
#include <sys/ttycom.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#define TTY_INQ		4096	/* bytes queued for reading (Linux's N_TTY_BUF_SIZE) */
#define TTY_LINES	128	/* complete lines queued (canonical) */
#define TTY_PUMP_MAX	256	/* bytes taken from the console per tick */

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
	int		 t_opens;		/* open files: the input pump runs while > 0 */
	struct callout	 t_callout;		/* the input pump */
	struct selinfo	 t_sel;
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

static void
tty_putc(int c)
{
	cnputc(c);
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
}

static int
tty_is_word(uint8_t c)
{
	return (c != ' ' && c != '\t');
}

/* One byte typed (t_mtx held); 1 if readers may have something new. */
static int
tty_input(struct tty *tp, uint8_t c)
{
	if (IFLAG(tp, ISTRIP))
		c &= 0x7f;
	if (c == '\r') {
		if (IFLAG(tp, IGNCR))
			return (0);
		if (IFLAG(tp, ICRNL))
			c = '\n';
	} else if (c == '\n' && IFLAG(tp, INLCR))
		c = '\r';
	if (LFLAG(tp, ISIG) && c != 0 &&
	    (c == CC(tp, VINTR) || c == CC(tp, VQUIT) || c == CC(tp, VSUSP))) {
		/* No foreground process group to signal yet: show it, drop the input. */
		tty_echo(tp, c);
		if (!LFLAG(tp, NOFLSH))
			tty_flush_input(tp);
		if (LFLAG(tp, ECHO))
			tty_putc('\n');
		return (0);
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

/* The input pump: what the console received since the last tick. */
static void
tty_pump(void *arg)
{
	struct tty *tp = arg;
	int c, n = 0, woke = 0;

	mtx_lock(&tp->t_mtx);
	/* Closed since the last tick: the console's input is someone else's now. */
	while (tp->t_opens > 0 && n++ < TTY_PUMP_MAX && (c = cncheckc()) >= 0)
		woke |= tty_input(tp, (uint8_t)c);
	if (tp->t_opens > 0)
		callout_reset(&tp->t_callout, 1, tty_pump, tp);
	mtx_unlock(&tp->t_mtx);
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
	uint8_t buf[256];
	size_t n, i;
	int error;

	(void)dev;
	(void)ioflag;
	while (uio->uio_resid > 0) {
		n = uio->uio_resid < (ssize_t)sizeof(buf) ? (size_t)uio->uio_resid : sizeof(buf);
		if ((error = uiomove(buf, n, uio)) != 0)
			return (error);
		for (i = 0; i < n; i++)
			tty_putc(buf[i]);
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

	(void)fflags;
	(void)td;
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
	default:
		/* TIOCGPGRP, TIOCSPGRP, TIOCSCTTY...: not this process's terminal (see above). */
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

/* /dev/tty: the caller's controlling terminal, and nobody has one yet. */
static int
ctty_open(struct cdev *dev, int fflags, struct thread *td)
{
	(void)dev;
	(void)fflags;
	(void)td;
	return (ENXIO);
}

static const struct cdevsw ctty_cdevsw = {
	.d_name = "tty",
	.d_flags = D_TTY,
	.d_open = ctty_open,
};

static void
tty_init(const void *dummy __unused)
{
	struct tty *tp = &console_tty;

	mtx_init(&tp->t_mtx, "tty", MTX_DEF);
	callout_init(&tp->t_callout);
	tty_defaults(tp);
	make_dev(&console_cdevsw, makedev(5, 1), tp, "console");
	make_dev(&ctty_cdevsw, makedev(5, 0), NULL, "tty");
}
SYSINIT(tty, SI_SUB_DRIVERS, SI_ORDER_ANY, tty_init, NULL);
