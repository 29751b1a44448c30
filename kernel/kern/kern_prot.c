/*
 * Credentials (struct ucred) and the system calls that read them.  A
 * credential is shared by reference and never changed once published;
 * changing ids means crcopy(), edit the copy, and swap it in under p_mtx
 * (each thread picks up the new one at its next kernel boundary).
 * For now every process runs as root; issue 20 brings the set*id calls
 * with Linux's rules, capabilities and user namespaces.
 */
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>

MALLOC_DEFINE(M_CRED, "cred", "credentials");

struct ucred *proc0_ucred;

struct ucred *
crget(void)
{
	struct ucred *cr = malloc(sizeof(*cr), M_CRED, M_WAITOK | M_ZERO);

	cr->cr_ref = 1;
	return (cr);
}

struct ucred *
crhold(struct ucred *cr)
{
	__atomic_add_fetch(&cr->cr_ref, 1, __ATOMIC_RELAXED);
	return (cr);
}

void
crfree(struct ucred *cr)
{
	if (__atomic_sub_fetch(&cr->cr_ref, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	free(cr->cr_groups, M_CRED);
	free(cr, M_CRED);
}

struct ucred *
crcopy(const struct ucred *src)
{
	struct ucred *cr = crget();

	*cr = *src;
	cr->cr_ref = 1;
	cr->cr_groups = NULL;
	if (src->cr_ngroups > 0) {
		cr->cr_groups = malloc(sizeof(gid_t) * (size_t)src->cr_ngroups, M_CRED,
		    M_WAITOK);
		memcpy(cr->cr_groups, src->cr_groups, sizeof(gid_t) * (size_t)src->cr_ngroups);
	}
	return (cr);
}

static void
proc0_cred_init(const void *dummy __unused)
{
	proc0_ucred = crget();
}
SYSINIT(proc0_cred, SI_SUB_INTRINSIC, SI_ORDER_THIRD, proc0_cred_init, NULL);

int
sys_getuid(struct thread *td, struct getuid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_ruid;
	return (0);
}

int
sys_geteuid(struct thread *td, struct geteuid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_uid;
	return (0);
}

int
sys_getgid(struct thread *td, struct getgid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_rgid;
	return (0);
}

int
sys_getegid(struct thread *td, struct getegid_args *uap __unused)
{
	td->td_retval[0] = td->td_ucred->cr_gid;
	return (0);
}

int
sys_getresuid(struct thread *td, struct getresuid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if ((error = copyout(&cr->cr_ruid, uap->ruid, sizeof(uid_t))) != 0 ||
	    (error = copyout(&cr->cr_uid, uap->euid, sizeof(uid_t))) != 0)
		return (error);
	return (copyout(&cr->cr_svuid, uap->suid, sizeof(uid_t)));
}

int
sys_getresgid(struct thread *td, struct getresgid_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if ((error = copyout(&cr->cr_rgid, uap->rgid, sizeof(gid_t))) != 0 ||
	    (error = copyout(&cr->cr_gid, uap->egid, sizeof(gid_t))) != 0)
		return (error);
	return (copyout(&cr->cr_svgid, uap->sgid, sizeof(gid_t)));
}

/* Linux: size 0 asks for the count; a smaller positive size is EINVAL. */
int
sys_getgroups(struct thread *td, struct getgroups_args *uap)
{
	struct ucred *cr = td->td_ucred;
	int error;

	if (uap->gidsetsize < 0)
		return (EINVAL);
	if (uap->gidsetsize == 0) {
		td->td_retval[0] = (uint64_t)cr->cr_ngroups;
		return (0);
	}
	if (uap->gidsetsize < cr->cr_ngroups)
		return (EINVAL);
	if (cr->cr_ngroups > 0 && (error = copyout(cr->cr_groups, uap->grouplist,
	    sizeof(gid_t) * (size_t)cr->cr_ngroups)) != 0)
		return (error);
	td->td_retval[0] = (uint64_t)cr->cr_ngroups;
	return (0);
}
