/*
 * Waiting for a file to become ready (FreeBSD's selinfo): an object that
 * poll can wait on embeds a struct selinfo; its fo_poll calls selrecord()
 * when nothing is ready yet, and the object calls selwakeup() whenever
 * readiness may have changed (data arrived, space freed, the other end
 * closed).  poll(2) then scans again (kern/sys_generic.c).
 */
#ifndef SYS_SELINFO_H
#define SYS_SELINFO_H

struct thread;

struct selinfo {
	int	si_unused;	/* today every poller waits on one counter */
};

void	selrecord(struct thread *td, struct selinfo *sip);
void	selwakeup(struct selinfo *sip);

#endif
