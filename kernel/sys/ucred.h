/*
 * Credentials: who a process acts as.  Shared by reference and never
 * changed in place once published: a change builds a new one and swaps it
 * in (crcopy), so a reader holding a reference sees a consistent set.
 * (Issue 20 adds the capability sets, user namespaces and RCU publication;
 * for now every process runs as root and nothing changes the ids.)
 */
#ifndef SYS_UCRED_H
#define SYS_UCRED_H

#include <sys/types.h>

#define NGROUPS_MAX	65536	/* Linux's limit for setgroups */

struct ucred {
	volatile int	 cr_ref;	/* references (atomic) */
	uid_t		 cr_uid;	/* effective */
	uid_t		 cr_ruid;	/* real */
	uid_t		 cr_svuid;	/* saved */
	uid_t		 cr_fsuid;	/* file-system accesses */
	gid_t		 cr_gid;
	gid_t		 cr_rgid;
	gid_t		 cr_svgid;
	gid_t		 cr_fsgid;
	int		 cr_ngroups;	/* supplementary groups in cr_groups */
	gid_t		*cr_groups;
};

struct ucred *crget(void);			/* all ids 0, one reference */
struct ucred *crhold(struct ucred *cr);
void	crfree(struct ucred *cr);
struct ucred *crcopy(const struct ucred *cr);	/* a private copy to change */
extern struct ucred *proc0_ucred;		/* root's, for kernel-started processes */

/* 1 if cr's effective group or one of its supplementary groups is gid. */
static inline int
groupmember(gid_t gid, const struct ucred *cr)
{
	int i;

	if (gid == cr->cr_gid)
		return (1);
	for (i = 0; i < cr->cr_ngroups; i++)
		if (cr->cr_groups[i] == gid)
			return (1);
	return (0);
}

#endif
