/*
 * Credentials: who a process acts as.  Shared by reference and never
 * changed in place once published: a change builds a new one and swaps it
 * in (cred_change() in kern_prot.c, FreeBSD's crcopy + proc_set_cred,
 * Linux's prepare_creds + commit_creds), so a reader holding a reference
 * sees a consistent set.  Privilege is Linux's: the capability sets, kept
 * in step with the uids by the rules Linux applies when they change and on
 * exec (kern_prot.c); a kernel decision asks priv_check_cred(), never
 * "is the uid 0".  (User namespaces and RCU publication: still to come.)
 */
#ifndef SYS_UCRED_H
#define SYS_UCRED_H

#include <sys/types.h>
#include <sys/errno.h>

struct thread;

#define NGROUPS_MAX	65536	/* Linux's limit for setgroups */

/* Linux's capability numbers (<linux/capability.h>), the ones Sanpo checks. */
#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1
#define CAP_DAC_READ_SEARCH	2
#define CAP_FOWNER		3
#define CAP_FSETID		4
#define CAP_KILL		5
#define CAP_SETGID		6
#define CAP_SETUID		7
#define CAP_SETPCAP		8
#define CAP_LINUX_IMMUTABLE	9
#define CAP_NET_ADMIN		12
#define CAP_SYS_MODULE		16
#define CAP_SYS_CHROOT		18
#define CAP_SYS_ADMIN		21
#define CAP_SYS_BOOT		22
#define CAP_SYS_RESOURCE	24
#define CAP_MKNOD		27
#define CAP_MAC_OVERRIDE	32
#define CAP_SYSLOG		34
#define CAP_LAST_CAP		40	/* CAP_CHECKPOINT_RESTORE, Linux 5.9 */
#define CAP_VALID(c)		((c) >= 0 && (c) <= CAP_LAST_CAP)
#define CAP_BIT(c)		(1ULL << (c))
#define CAP_FULL_SET		((CAP_BIT(CAP_LAST_CAP) << 1) - 1)
/* The file-system capabilities, which follow the fs uid (Linux's CAP_FS_MASK). */
#define CAP_FS_SET		(CAP_BIT(CAP_CHOWN) | CAP_BIT(CAP_DAC_OVERRIDE) |	\
	CAP_BIT(CAP_DAC_READ_SEARCH) | CAP_BIT(CAP_FOWNER) | CAP_BIT(CAP_FSETID) |	\
	CAP_BIT(CAP_LINUX_IMMUTABLE) | CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_MAC_OVERRIDE))

/* Securebits (prctl PR_SET_KEEPCAPS sets the first). */
#define SECBIT_KEEP_CAPS	0x10
#define SECBIT_KEEP_CAPS_LOCKED	0x20

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
	int		 cr_ngroups;	/* supplementary groups in cr_groups (sorted) */
	gid_t		*cr_groups;
	uint64_t	 cr_cap_eff;	/* capability sets, bit CAP_x */
	uint64_t	 cr_cap_prm;
	uint64_t	 cr_cap_inh;
	uint64_t	 cr_cap_bnd;
	uint64_t	 cr_cap_amb;
	unsigned	 cr_securebits;
};

struct ucred *crget(void);			/* all ids 0, one reference, no capability */
struct ucred *crhold(struct ucred *cr);
void	crfree(struct ucred *cr);
struct ucred *crcopy(const struct ucred *cr);	/* a private copy to change */
extern struct ucred *proc0_ucred;		/* root's, for kernel-started processes */

/*
 * 0 if cr holds capability cap in its effective set, else EPERM.  A NULL
 * credential is the kernel's own (a kernel thread): privileged.
 */
static inline int
priv_check_cred(const struct ucred *cr, int cap)
{
	return (cr == NULL || (cr->cr_cap_eff & CAP_BIT(cap)) ? 0 : EPERM);
}

/*
 * 1 if cr's file-system group or one of its supplementary groups is gid
 * (Linux's in_group_p: the groups a file access is judged by).
 */
static inline int
groupmember(gid_t gid, const struct ucred *cr)
{
	int i;

	if (gid == cr->cr_fsgid)
		return (1);
	for (i = 0; i < cr->cr_ngroups; i++)
		if (cr->cr_groups[i] == gid)
			return (1);
	return (0);
}

/* kern_prot.c: the credentials exec gives (set-id file bits, capabilities). */
struct ucred *cred_for_exec(const struct ucred *old, mode_t mode, uid_t fuid, gid_t fgid,
	    int nnp, int *securep);
/* prctl's capability options, handled by cred_prctl (ENOENT: not one of them). */
#define PR_GET_KEEPCAPS		7
#define PR_SET_KEEPCAPS		8
#define PR_CAPBSET_READ		23
#define PR_CAPBSET_DROP		24
#define PR_CAP_AMBIENT		47
#define PR_CAP_AMBIENT_IS_SET	1
#define PR_CAP_AMBIENT_RAISE	2
#define PR_CAP_AMBIENT_LOWER	3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
int	cred_prctl(struct thread *td, int option, uint64_t arg2, uint64_t arg3, uint64_t arg4,
	    uint64_t arg5);
/* kern_prot.c: installs new as p's credential (consumes the reference). */
void	cred_install(struct thread *td, struct ucred *new);

#endif
