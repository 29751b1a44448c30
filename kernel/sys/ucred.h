/*
 * Credentials: who a process acts as.  Shared by reference and never
 * changed in place once published: a change builds a new one and swaps it
 * in (cred_change() in kern_prot.c, FreeBSD's crcopy + proc_set_cred,
 * Linux's prepare_creds + commit_creds), so a reader holding a reference
 * sees a consistent set.  Privilege is Linux's: the capability sets, kept
 * in step with the uids by the rules Linux applies when they change and on
 * exec (kern_prot.c); a kernel decision asks priv_check_cred(), never
 * "is the uid 0".  Each credential is in a user namespace (below).
 *
 * p_ucred is published RCU-style (<sys/rcu.h>): the swap is a release
 * store under p_mtx (which only orders writers), readers of another
 * process's credential take no lock -- rcu_dereference under
 * rcu_read_lock, or proc_cred_hold() for a reference that outlives the
 * read section -- and the last crfree() hands the object to call_rcu, so
 * it is freed only after every CPU has passed a quiescent state.  A
 * thread's own td_ucred is private to it and read with no lock at all.
 */
#ifndef SYS_UCRED_H
#define SYS_UCRED_H

#include <sys/types.h>
#include <sys/errno.h>
#include <sys/rcu.h>

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
#define CAP_NET_BIND_SERVICE	10
#define CAP_NET_ADMIN		12
#define CAP_NET_RAW		13
#define CAP_SYS_MODULE		16
#define CAP_SYS_CHROOT		18
#define CAP_SYS_ADMIN		21
#define CAP_SYS_BOOT		22
#define CAP_SYS_RESOURCE	24
#define CAP_MKNOD		27
#define CAP_SETFCAP		31
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

/* Securebits (Linux's <linux/securebits.h>; each has a lock bit above it). */
#define SECBIT_NOROOT			0x01	/* uid 0 gets nothing at exec */
#define SECBIT_NO_SETUID_FIXUP		0x04	/* capabilities ignore uid changes */
#define SECBIT_KEEP_CAPS		0x10	/* leaving root keeps permitted (PR_SET_KEEPCAPS) */
#define SECBIT_KEEP_CAPS_LOCKED		0x20
#define SECBIT_NO_CAP_AMBIENT_RAISE	0x40
#define SECBIT_ALL_BITS			0x55
#define SECBIT_ALL_LOCKS		0xaa

/*
 * A user namespace (Linux's): ids inside the kernel are global (a file's
 * owner, a credential's ids); a namespace's uid_map and gid_map say which
 * global ids its processes see, and as what.  Written once through
 * /proc/<pid>/uid_map and gid_map (kern_userns.c); an id with no mapping
 * reads as the overflow id 65534 and cannot be set (EINVAL).
 */
#define USERNS_MAX_EXTENTS	340
#define USERNS_BASE_EXTENTS	5	/* beyond: sorted, bisection (Linux's MAX_BASE_EXTENTS) */
#define USERNS_MAX_LEVEL	32
#define OVERFLOW_ID		65534

struct userns_extent {
	uint32_t	first;		/* the id inside */
	uint32_t	lower_first;	/* the global id it stands for */
	uint32_t	count;
};

struct userns_map {
	int			 nr;		/* 0: not written yet */
	struct userns_extent	*ext;		/* nr of them (M_CRED) */
};

struct user_namespace {
	volatile int		 ns_ref;
	struct user_namespace	*ns_parent;	/* NULL for the initial one */
	int			 ns_level;	/* 0 for the initial one */
	unsigned		 ns_inum;	/* its /proc/<pid>/ns/user inode number */
	int			 ns_parent_could_setfcap;	/* creator had CAP_SETFCAP effective */
	uid_t			 ns_owner;	/* creator's effective uid (global) */
	gid_t			 ns_group;
	int			 ns_setgroups;	/* 0 once "deny" was written to setgroups */
	struct userns_map	 ns_uid_map, ns_gid_map;
};

extern struct user_namespace init_user_ns;

struct ucred {
	volatile int	 cr_ref;	/* references (atomic) */
	uint32_t	 cr_magic;	/* CRED_MAGIC; RCU_POISON_BYTEs once freed */
	struct rcu_head	 cr_rcu;	/* the deferred free (crfree) */
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
	struct user_namespace	*cr_userns;	/* a reference (init_user_ns: none taken) */
};

struct ucred *crget(void);			/* all ids 0, one reference, no capability */
struct ucred *crhold(struct ucred *cr);
void	crfree(struct ucred *cr);
struct ucred *crcopy(const struct ucred *cr);	/* a private copy to change */
#define CRED_MAGIC	0x63726564u	/* "cred" */
/*
 * kern_prot.c, the RCU side.  crhold_rcu: a reference to cr found under
 * rcu_read_lock, or NULL when its last one is already gone (the object
 * waits for its grace period and must not be revived).  cred_poisoned: 1
 * (and a counted hit) if cr was freed, as the debug poisoning shows it.
 * proc_cred_hold: a held reference to p's current credential, lock-free.
 */
struct proc;
struct ucred *crhold_rcu(struct ucred *cr);
int	cred_poisoned(const struct ucred *cr);
struct ucred *proc_cred_hold(struct proc *p);
extern struct ucred *proc0_ucred;		/* root's, for kernel-started processes */

/*
 * 0 if cr holds capability cap over namespace ns (Linux's ns_capable: in
 * cr's own namespace its effective set decides; over a namespace below it,
 * cr has every capability if it owns that namespace or one between), else
 * EPERM.  A NULL credential is the kernel's own: privileged.
 */
int	ns_priv_check(const struct ucred *cr, const struct user_namespace *ns, int cap);	/* subr_cred.c */
/* The same over the initial namespace: what the whole system's resources ask. */
static inline int
priv_check_cred(const struct ucred *cr, int cap)
{
	return (ns_priv_check(cr, &init_user_ns, cap));
}
/*
 * Over a file with owner uid and group gid (Linux's capable_wrt_inode_uidgid):
 * the capability in cr's namespace, and both ids mapped there.
 */
int	priv_check_wrt(const struct ucred *cr, uid_t uid, gid_t gid, int cap);

/* subr_cred.c: ids through a namespace's maps; what an unmapped one reads as. */
extern unsigned overflowuid, overflowgid;
uint32_t userns_map_down(const struct userns_map *m, uint32_t id);	/* (uint32_t)-1: none */
uint32_t userns_map_up(const struct userns_map *m, uint32_t id);	/* (uint32_t)-1: none */
uid_t	from_kuid_munged(const struct user_namespace *ns, uid_t kuid);	/* 65534 if none */
gid_t	from_kgid_munged(const struct user_namespace *ns, gid_t kgid);
uid_t	make_kuid(const struct user_namespace *ns, uid_t uid);	/* (uid_t)-1 if none */
gid_t	make_kgid(const struct user_namespace *ns, gid_t gid);
void	userns_hold(struct user_namespace *ns);
void	userns_free(struct user_namespace *ns);
int	userns_may_setgroups(const struct user_namespace *ns);
int	userns_create(const struct ucred *cr, struct user_namespace **nsp);
void	userns_enter(struct ucred *cr, struct user_namespace *ns);
/*
 * kern_userns.c: a namespace file (Linux's nsfs) -- what opening
 * /proc/<pid>/ns/user gives: a vnode that holds ns, for setns(2).
 */
struct vnode;
int	userns_vnode(struct user_namespace *ns, struct vnode **vpp);	/* referenced */
struct user_namespace *userns_of_vnode(struct vnode *vp);	/* NULL: not one */
/* /proc/<pid>/uid_map, gid_map, setgroups (procfs): read and write. */
struct sbuf;
int	userns_map_show(const struct user_namespace *ns, int gid, const struct ucred *reader,
	    struct sbuf *sb);
/* opener: the credential the file was opened with (Linux's file->f_cred), judged too. */
int	userns_map_write(struct user_namespace *ns, int gid, struct ucred *writer,
	    struct ucred *opener, const char *buf, size_t len, int64_t off);
int	userns_setgroups_write(struct user_namespace *ns, struct ucred *writer, const char *buf,
	    size_t len, int64_t off);

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
#define PR_GET_SECUREBITS	27
#define PR_SET_SECUREBITS	28
#define PR_CAPBSET_DROP		24
#define PR_CAP_AMBIENT		47
#define PR_CAP_AMBIENT_IS_SET	1
#define PR_CAP_AMBIENT_RAISE	2
#define PR_CAP_AMBIENT_LOWER	3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
int	cred_prctl(struct thread *td, int option, uint64_t arg2, uint64_t arg3, uint64_t arg4,
	    uint64_t arg5);
/*
 * kern_prot.c: one credential change -- edit(new, old, arg) fills a copy of
 * the process's credential judging by old (0, or the errno that refuses
 * it), and the copy replaces it.
 */
typedef int cred_edit_t(struct ucred *new, const struct ucred *old, const void *arg);
int	cred_change(struct thread *td, cred_edit_t *edit, const void *arg);
/* kern_prot.c: installs new as p's credential (consumes the reference). */
void	cred_install(struct thread *td, struct ucred *new);

#endif
