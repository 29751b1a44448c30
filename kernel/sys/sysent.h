/*
 * The system-call table (FreeBSD's sysent).  kern/syscalls.master lists
 * every call: Linux x86_64 number, name, arguments; tools/makesyscalls.py
 * generates sysent[] from it (build/kernel/gen/init_sysent.c), the
 * argument structures and prototypes (<sys/sysproto.h>) and the numbers
 * (<sys/syscall.h>).  A handler
 *
 *	int sys_<name>(struct thread *td, struct <name>_args *uap)
 *
 * returns 0 or a positive kernel errno (<sys/errno.h>, FreeBSD's numbers),
 * and on success puts its result in td->td_retval[0].  The machine-
 * dependent entry (arch syscall code) fetches the arguments and calls
 * syscall_dispatch(); the return path translates the errno to Linux's
 * -errno (linux_errno()) and handles ERESTART and EJUSTRETURN.
 */
#ifndef SYS_SYSENT_H
#define SYS_SYSENT_H

#include <stdint.h>
#include <sys/syscall.h>	/* generated: SYS_<name>, SYS_MAXSYSCALL */

struct thread;

typedef int sy_call_t(struct thread *td, void *uap);

struct sysent {
	sy_call_t	*sy_call;	/* handler; NULL: not implemented (ENOSYS) */
	int		 sy_narg;	/* arguments it takes */
	const char	*sy_name;	/* for messages and tracing */
};

extern const struct sysent sysent[SYS_MAXSYSCALL];

/*
 * Runs system call `code` with the six argument registers in args[] for
 * td: the handler's error (0, a kernel errno, ERESTART...), its result in
 * td->td_retval[0].  Unknown numbers give ENOSYS, counted and logged once.
 */
int	syscall_dispatch(struct thread *td, uint64_t code, uint64_t args[6]);

/* The Linux errno for a kernel errno (1..ELAST); EINVAL for anything else. */
int	linux_errno(int error);

#endif
