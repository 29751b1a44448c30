/*
 * Credentials: who a thread acts as.  The VFS reads them for permission
 * checks (owner/group/other, root bypass) and to own new files.
 *
 * This is the smallest shape the file system needs; the process side
 * (reference counts, replacement on setuid, user namespaces) belongs to
 * the process code and grows it.  Readers only read a credential they hold
 * a reference to: it never changes in place.
 */
#ifndef SYS_UCRED_H
#define SYS_UCRED_H

#include <sys/types.h>

#define NGROUPS_MAX	65536	/* Linux's limit on supplementary groups */
#define XU_NGROUPS	16	/* groups kept inline */


struct ucred {
	volatile int	 cr_ref;		/* references */
	uid_t		 cr_uid;		/* effective user id */
	uid_t		 cr_ruid;		/* real user id */
	uid_t		 cr_svuid;		/* saved user id */
	gid_t		 cr_gid;		/* effective group id */
	gid_t		 cr_rgid;		/* real group id */
	gid_t		 cr_svgid;		/* saved group id */
	int		 cr_ngroups;		/* supplementary groups in cr_groups */
	gid_t		 cr_groups[XU_NGROUPS];	/* supplementary groups */
};

/* 1 if cred has gid as its effective or a supplementary group. */
static inline int
groupmember(gid_t gid, const struct ucred *cred)
{
	int i;

	if (cred->cr_gid == gid)
		return (1);
	for (i = 0; i < cred->cr_ngroups; i++)
		if (cred->cr_groups[i] == gid)
			return (1);
	return (0);
}

#endif
