/*
 * Machine-independent half of system-call dispatch: the table lookup, and
 * the accounting of calls that do not exist.  An unknown number (not in
 * syscalls.master, or listed without a handler linked in) returns ENOSYS,
 * is counted per number (sysctl kern.syscalls.enosys) and is logged once
 * per number with the process that asked, so a missing call shows up the
 * first time a program needs it.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/proc.h>
#include <sys/sysent.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>

static uint64_t	enosys_count[SYS_MAXSYSCALL];	/* per number (atomic) */
static uint64_t	enosys_out_of_range;		/* numbers >= SYS_MAXSYSCALL */
static uint64_t	enosys_logged[SYS_MAXSYSCALL / 64];	/* bit per number */
static int	enosys_range_logged;
static uint64_t	syscalls_total;

SYSCTL_U64("kern.syscalls.total", &syscalls_total, "system calls made (approximate)");
SYSCTL_U64("kern.syscalls.enosys_out_of_range", &enosys_out_of_range,
    "calls with a number beyond the table");

static void
enosys(struct thread *td, uint64_t code)
{
	struct proc *p = td->td_proc;
	int first;

	if (code >= SYS_MAXSYSCALL) {
		__atomic_add_fetch(&enosys_out_of_range, 1, __ATOMIC_RELAXED);
		first = __atomic_exchange_n(&enosys_range_logged, 1, __ATOMIC_RELAXED) == 0;
		if (first)
			log(LOG_INFO, "pid %d (%s): system call %llu is out of range: ENOSYS "
			    "(logged once)\n", p->p_pid, p->p_comm, (unsigned long long)code);
		return;
	}
	__atomic_add_fetch(&enosys_count[code], 1, __ATOMIC_RELAXED);
	first = (__atomic_fetch_or(&enosys_logged[code / 64], 1ULL << (code % 64),
	    __ATOMIC_RELAXED) & (1ULL << (code % 64))) == 0;
	if (first)
		log(LOG_INFO, "pid %d (%s): system call %llu%s%s%s is not implemented: ENOSYS\n",
		    p->p_pid, p->p_comm, (unsigned long long)code,
		    sysent[code].sy_name ? " (" : "",
		    sysent[code].sy_name ? sysent[code].sy_name : "",
		    sysent[code].sy_name ? ")" : "");
}

int
syscall_dispatch(struct thread *td, uint64_t code, uint64_t args[6])
{
	syscalls_total++;	/* racy on purpose: a rough figure */
	td->td_retval[0] = 0;
	td->td_retval[1] = 0;
	if (code >= SYS_MAXSYSCALL || sysent[code].sy_call == NULL) {
		enosys(td, code);
		return (ENOSYS);
	}
	return (sysent[code].sy_call(td, args));
}

/* "number:count" for every number that returned ENOSYS. */
static void
enosys_handler(char *buf, size_t len)
{
	struct sbuf sb;
	unsigned i;

	sbuf_new_fixed(&sb, buf, len);
	for (i = 0; i < SYS_MAXSYSCALL; i++)
		if (enosys_count[i] != 0)
			sbuf_printf(&sb, "%s%u:%llu", sbuf_len(&sb) ? " " : "", i,
			    (unsigned long long)enosys_count[i]);
}
SYSCTL_PROC("kern.syscalls.enosys", enosys_handler,
    "ENOSYS returns per system-call number (number:count)");
