/*
 * Signals as the system-call boundary defines them: Linux x86_64 numbers,
 * flags and layouts (struct l_sigaction for rt_sigaction, stack_t,
 * siginfo).  The kernel uses these numbers internally too, so a signal is
 * never translated.  Kernel state (actions, pending queues, the functions
 * that post and deliver signals) is in <sys/signalvar.h>.
 */
#ifndef SYS_SIGNAL_H
#define SYS_SIGNAL_H

#include <stdint.h>
#include <sys/types.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32	/* real-time signals: 32..64, queued, not merged */
#define SIGRTMAX	64
#define NSIG		64	/* signals are 1..NSIG */

/* A set of signals: bit (sig - 1). */
typedef uint64_t sigset_t;
#define SIGMASK(sig)		(1ULL << ((sig) - 1))
#define SIGISMEMBER(set, sig)	(((set) & SIGMASK(sig)) != 0)
#define SIGADDSET(set, sig)	((set) |= SIGMASK(sig))
#define SIGDELSET(set, sig)	((set) &= ~SIGMASK(sig))
/* Never blocked, caught or ignored. */
#define SIG_CANTMASK		(SIGMASK(SIGKILL) | SIGMASK(SIGSTOP))

#define SIG_DFL		0ULL
#define SIG_IGN		1ULL

/* rt_sigprocmask how */
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

/* sa_flags */
#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_UNSUPPORTED	0x00000400	/* never kept: lets a program probe */
#define SA_EXPOSE_TAGBITS 0x00000800
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000U

/* The kernel's struct sigaction on x86_64 (rt_sigaction). */
struct l_sigaction {
	uint64_t	sa_handler;	/* SIG_DFL, SIG_IGN or a function */
	uint64_t	sa_flags;
	uint64_t	sa_restorer;	/* where the handler returns (rt_sigreturn) */
	sigset_t	sa_mask;	/* blocked while the handler runs */
};

/* sigaltstack */
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

struct l_stack {
	uint64_t	ss_sp;
	int32_t		ss_flags;
	int32_t		ss_pad;
	uint64_t	ss_size;
};

/* si_code values */
#define SI_USER		0	/* kill */
#define SI_KERNEL	0x80
#define SI_QUEUE	(-1)
#define SI_TIMER	(-2)
#define SI_TKILL	(-6)	/* tkill, tgkill */
#define ILL_ILLOPC	1
#define ILL_PRVOPC	5
#define FPE_INTDIV	1
#define FPE_INTOVF	2
#define FPE_FLTDIV	3
#define FPE_FLTOVF	4
#define FPE_FLTUND	5
#define FPE_FLTRES	6
#define FPE_FLTINV	7
#define FPE_FLTSUB	8
#define SEGV_MAPERR	1	/* nothing mapped there */
#define SEGV_ACCERR	2	/* mapped, but not with that access */
#define BUS_ADRALN	1
#define BUS_ADRERR	2
#define BUS_OBJERR	3
#define TRAP_BRKPT	1
#define TRAP_TRACE	2
#define CLD_EXITED	1
#define CLD_KILLED	2
#define CLD_DUMPED	3
#define CLD_TRAPPED	4
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* siginfo_t: 128 bytes; the union starts at offset 16. */
struct l_siginfo {
	int32_t		si_signo;
	int32_t		si_errno;
	int32_t		si_code;
	int32_t		si_pad0;
	union {
		struct {		/* kill, tkill, sigqueue */
			pid_t		pid;
			uid_t		uid;
			uint64_t	value;	/* sigval */
		} kill;
		struct {		/* SIGCHLD */
			pid_t		pid;
			uid_t		uid;
			int32_t		status;
			int32_t		pad;
			int64_t		utime;	/* clock ticks */
			int64_t		stime;
		} chld;
		struct {		/* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			uint64_t	addr;
			int16_t		addr_lsb;
		} fault;
		struct {		/* SIGPOLL */
			int64_t		band;
			int32_t		fd;
		} poll;
		uint8_t		raw[112];
	} si_un;
};
#define si_pid		si_un.kill.pid
#define si_uid		si_un.kill.uid
#define si_value	si_un.kill.value
#define si_status	si_un.chld.status
#define si_utime	si_un.chld.utime
#define si_stime	si_un.chld.stime
#define si_addr		si_un.fault.addr

_Static_assert(sizeof(struct l_siginfo) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct l_sigaction) == 32, "sigaction layout");
_Static_assert(sizeof(struct l_stack) == 24, "stack_t layout");

#endif
