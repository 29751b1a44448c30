/*
 * fork, vfork and clone: new processes and new threads.
 *
 * clone's flags decide what the new task shares with its creator (Linux
 * semantics): CLONE_THREAD makes a thread of the same process (it needs
 * CLONE_SIGHAND, which needs CLONE_VM); otherwise a process is created
 * whose address space is a copy-on-write copy (or shared, CLONE_VM), whose
 * signal actions are copied (or shared, CLONE_SIGHAND), and which signals
 * its parent with the low byte of the flags when it exits.  CLONE_VFORK
 * makes the parent wait until the child execs or exits.  The child starts
 * by returning 0 from the same system call, on the stack clone names (or
 * the parent's), with CLONE_SETTLS's FS base, after CLONE_CHILD_SETTID's
 * write; CLONE_CHILD_CLEARTID's word is cleared and woken at its exit.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/signalvar.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/ucred.h>
#include <machine/frame.h>
#include <vm/vm_map.h>

#define CSIGNAL			0x000000ff
#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_PIDFD		0x00001000
#define CLONE_PTRACE		0x00002000
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_NEWNS		0x00020000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_UNTRACED		0x00800000
#define CLONE_CHILD_SETTID	0x01000000
#define CLONE_NEWCGROUP		0x02000000
#define CLONE_NEWUTS		0x04000000
#define CLONE_NEWIPC		0x08000000
#define CLONE_NEWUSER		0x10000000
#define CLONE_NEWPID		0x20000000
#define CLONE_NEWNET		0x40000000
#define CLONE_IO		0x80000000ULL
#define CLONE_NEWANY		(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
				 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

static uint64_t forks_total;

/*
 * A user thread for p with tid (held for it), not yet runnable: kernel
 * stack, FPU area, credentials, on p's list.  NULL if out of memory.
 */
struct thread *
user_thread_alloc(struct proc *p, pid_t tid)
{
	struct thread *td = thread_alloc();

	if (td == NULL)
		return (NULL);
	if (cpu_thread_alloc_user(td) != 0) {
		thread_free(td);
		return (NULL);
	}
	td->td_proc = p;
	td->td_tid = tid;
	td->td_priority = PRI_USER;
	td->td_ucred = proc_cred_hold(p);	/* lock-free (RCU): another thread may be swapping it */
	td->td_sigstk.ss_flags = SS_DISABLE;
	TAILQ_INIT(&td->td_sigqueue);
	snprintf(td->td_name, sizeof(td->td_name), "%s", p->p_comm);
	return (td);
}

/* The new thread's first code: CLONE_CHILD_SETTID, then user mode. */
static void
fork_return(void *arg)
{
	struct thread *td = curthread;
	uint64_t settid = (uint64_t)arg;

	if (settid != 0)
		suword32((void *)settid, (uint32_t)td->td_tid);
	cpu_user_enter(td);
}

/* The child's registers: the parent's at the call, returning 0. */
static void
child_frame(struct thread *td, struct thread *parent, uint64_t stack, uint64_t tls,
    int settls)
{
	*td->td_frame = *parent->td_frame;
	td->td_frame->tf_rax = 0;
	if (stack != 0)
		td->td_frame->tf_rsp = stack;
	td->td_md.md_fsbase = settls ? tls : parent->td_md.md_fsbase;
	td->td_md.md_gsbase = parent->td_md.md_gsbase;
	td->td_md.md_flags |= MDF_FULLIRET;
	cpu_fork_fpu(td);	/* the parent's FPU registers, live now */
}

static int
check_flags(struct thread *td, uint64_t flags)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return (EINVAL);
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return (EINVAL);
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return (EINVAL);
	if ((flags & (CLONE_PARENT | CLONE_THREAD)) && td->td_proc->p_pid == 1)
		return (EINVAL);	/* no siblings for init */
	if ((flags & CLONE_NEWUSER) && (flags & (CLONE_THREAD | CLONE_PARENT)))
		return (EINVAL);
	if (flags & ((CLONE_NEWANY & ~CLONE_NEWUSER) | CLONE_PIDFD))
		return (EINVAL);	/* other namespaces and pidfds: not yet */
	return (0);
}

/* CLONE_THREAD: a new thread in the caller's process. */
static int
clone_thread(struct thread *td, uint64_t flags, uint64_t stack, int *ptid, int *ctid,
    uint64_t tls)
{
	struct proc *p = td->td_proc;
	struct thread *nt;
	pid_t tid;

	if ((tid = pid_alloc()) < 0)
		return (EAGAIN);
	if ((nt = user_thread_alloc(p, tid)) == NULL) {
		pid_free(tid);
		return (EAGAIN);
	}
	child_frame(nt, td, stack, tls, (flags & CLONE_SETTLS) != 0);
	if (flags & CLONE_CHILD_CLEARTID)
		nt->td_clear_child_tid = (uint64_t)ctid;
	nt->td_func = fork_return;
	nt->td_arg = (flags & CLONE_CHILD_SETTID) ? (void *)ctid : NULL;
	cpu_thread_setup(nt);
	if ((flags & CLONE_PARENT_SETTID) && suword32(ptid, (uint32_t)tid) != 0) {
		thread_free(nt);	/* never ran: nothing else refers to it */
		pid_free(tid);
		return (EFAULT);
	}
	mtx_lock(&proctree_lock);
	mtx_lock(&p->p_mtx);
	if (p->p_flag & (P_WEXIT | P_SINGLE)) {
		mtx_unlock(&p->p_mtx);
		mtx_unlock(&proctree_lock);
		crfree(nt->td_ucred);
		thread_free(nt);
		pid_free(tid);
		return (EAGAIN);
	}
	nt->td_sigmask = td->td_sigmask;
	TAILQ_INSERT_TAIL(&p->p_threads, nt, td_plist);
	p->p_numthreads++;
	thread_hash(nt);
	mtx_unlock(&p->p_mtx);
	mtx_unlock(&proctree_lock);
	thread_link(nt);
	sched_add(nt);
	td->td_retval[0] = (uint64_t)tid;
	return (0);
}

/* A new process. */
static int
fork_proc(struct thread *td, uint64_t flags, uint64_t stack, int *ptid, int *ctid,
    uint64_t tls)
{
	struct proc *p1 = td->td_proc, *p2, *pp;
	struct ucred *newcr = NULL;
	struct user_namespace *ns;
	struct thread *td2;
	pid_t pid;
	int error = EAGAIN;

	/* CLONE_NEWUSER: the child's credential, in a new user namespace. */
	if (flags & CLONE_NEWUSER) {
		if ((error = userns_create(td->td_ucred, &ns)) != 0)
			return (error);
		newcr = crcopy(td->td_ucred);
		userns_enter(newcr, ns);
		userns_free(ns);
		error = EAGAIN;
	}
	if ((p2 = proc_alloc()) == NULL) {
		if (newcr != NULL)
			crfree(newcr);
		return (EAGAIN);
	}
	if ((pid = pid_alloc()) < 0) {
		proc_free(p2);
		if (newcr != NULL)
			crfree(newcr);
		return (EAGAIN);
	}
	p2->p_pid = pid;
	pid_hold(pid);				/* for its main thread */
	mtx_lock(&p1->p_mtx);
	p2->p_ucred = newcr != NULL ? newcr : crhold(p1->p_ucred);
	memcpy(p2->p_rlimit, p1->p_rlimit, sizeof(p2->p_rlimit));
	strlcpy(p2->p_comm, p1->p_comm, sizeof(p2->p_comm));
	p2->p_dumpable = p1->p_dumpable;
	p2->p_flag |= p1->p_flag & P_NNP;
	if ((p2->p_textfile = p1->p_textfile) != NULL)
		fhold(p2->p_textfile);
	mtx_unlock(&p1->p_mtx);
	if (p1->p_execpath != NULL) {
		size_t n = strlen(p1->p_execpath) + 1;

		p2->p_execpath = malloc(n, M_PROC, M_WAITOK);
		strlcpy(p2->p_execpath, p1->p_execpath, n);
	}
	p2->p_sigacts = (flags & CLONE_SIGHAND) ? sigacts_hold(p1->p_sigacts) :
	    sigacts_copy(p1->p_sigacts);
	p2->p_fd = (flags & CLONE_FILES) ? fdshare(p1->p_fd) : fdcopy(p1->p_fd);
	p2->p_pd = (flags & CLONE_FS) ? pdshare(p1->p_pd) : pdcopy(p1->p_pd);
	if (flags & CLONE_VM) {
		vmspace_ref(p1->p_vmspace);
		p2->p_vmspace = p1->p_vmspace;
	} else
		p2->p_vmspace = vmspace_fork(p1->p_vmspace);
	if (p2->p_sigacts == NULL || p2->p_vmspace == NULL)
		goto fail;
	if ((td2 = user_thread_alloc(p2, pid)) == NULL)
		goto fail;
	child_frame(td2, td, stack, tls, (flags & CLONE_SETTLS) != 0);
	td2->td_sigmask = td->td_sigmask;
	if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
		td2->td_sigstk = td->td_sigstk;	/* Linux drops it for CLONE_VM threads of a new process */
	if (flags & CLONE_CHILD_CLEARTID)
		td2->td_clear_child_tid = (uint64_t)ctid;
	td2->td_func = fork_return;
	td2->td_arg = (flags & CLONE_CHILD_SETTID) ? (void *)ctid : NULL;
	cpu_thread_setup(td2);
	if ((flags & CLONE_PARENT_SETTID) && suword32(ptid, (uint32_t)pid) != 0) {
		error = EFAULT;
		crfree(td2->td_ucred);
		thread_free(td2);
		goto fail;
	}
	TAILQ_INSERT_TAIL(&p2->p_threads, td2, td_plist);
	p2->p_numthreads = 1;
	p2->p_start_us = uptime_ns() / 1000;
	if (flags & CLONE_VFORK)
		p2->p_flag |= P_PPWAIT;

	mtx_lock(&proctree_lock);
	pp = (flags & CLONE_PARENT) && p1->p_pptr != NULL ? p1->p_pptr : p1;
	p2->p_pptr = pp;
	p2->p_ppid = pp->p_pid;
	p2->p_exitsig = (flags & CLONE_PARENT) ? p1->p_exitsig : (int)(flags & CSIGNAL);
	LIST_INSERT_HEAD(&pp->p_children, p2, p_sibling);
	joinpgrp(p2, p1->p_pgrp);
	if (p1->p_flag & P_CONTROLT)
		p2->p_flag |= P_CONTROLT;
	proc_hash(p2);
	thread_hash(td2);
	p2->p_state = PRS_NORMAL;
	mtx_unlock(&proctree_lock);
	forks_total++;
	thread_link(td2);
	sched_add(td2);

	if (flags & CLONE_VFORK) {
		/* Until the child execs or exits (it may be gone already: pid lookup). */
		mtx_lock(&proctree_lock);
		while (pfind(pid) == p2 && (p2->p_flag & P_PPWAIT))
			msleep(&p2->p_flag, &proctree_lock, "vfork", 1);
		mtx_unlock(&proctree_lock);
	}
	td->td_retval[0] = (uint64_t)pid;
	return (0);
fail:
	if (p2->p_vmspace != NULL)
		vmspace_free(p2->p_vmspace);
	if (p2->p_fd != NULL)
		fdfree(p2->p_fd);
	if (p2->p_pd != NULL)
		pdfree(p2->p_pd);
	if (p2->p_textfile != NULL)
		fdrop(p2->p_textfile, td);
	p2->p_textfile = NULL;
	sigacts_free(p2->p_sigacts);
	crfree(p2->p_ucred);
	pid_free(pid);
	pid_free(pid);
	proc_free(p2);
	return (error);
}

static int
kern_clone(struct thread *td, uint64_t flags, uint64_t stack, int *ptid, int *ctid,
    uint64_t tls)
{
	int error;

	if ((error = check_flags(td, flags)) != 0)
		return (error);
	if (flags & CLONE_THREAD)
		return (clone_thread(td, flags, stack, ptid, ctid, tls));
	return (fork_proc(td, flags, stack, ptid, ctid, tls));
}

int
sys_clone(struct thread *td, struct clone_args *uap)
{
	return (kern_clone(td, uap->flags, uap->stack, uap->parent_tidptr, uap->child_tidptr,
	    uap->tls));
}

int
sys_fork(struct thread *td, struct fork_args *uap __unused)
{
	return (kern_clone(td, SIGCHLD, 0, NULL, NULL, 0));
}

int
sys_vfork(struct thread *td, struct vfork_args *uap __unused)
{
	return (kern_clone(td, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL, 0));
}
