/*
 * The files of /proc/<pid>/ (fs/procfs/procfs.h), in Linux's formats
 * because unmodified Linux programs parse them: busybox ps reads stat and
 * cmdline, and stat()s the directory for the owner.  Everything is read
 * under proctree_lock and the process's lock, except the argument
 * strings, which are copied out of the process's address space after
 * both are dropped (holding a reference on it).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/signal.h>
#include <sys/tty.h>
#include <sys/ucred.h>
#include <vm/vm_map.h>
#include <fs/procfs/procfs.h>

#define USER_HZ		100		/* Linux's clock_t unit in /proc */

/* Ticks of the kernel's clock as Linux's clock_t. */
static uint64_t
ticks_to_clock(uint64_t t)
{
	return (hz > 0 ? t * USER_HZ / (uint64_t)hz : 0);
}

/* Linux's one-letter state, and the word status shows. */
static char
proc_state(struct proc *p, const char **word)
{
	struct thread *td;
	int sleeping = 0, intr = 0;

	if (p->p_state == PRS_ZOMBIE) {
		*word = "zombie";
		return ('Z');
	}
	if (p->p_flag & P_STOPPED_SIG) {
		*word = "stopped";
		return ('T');
	}
	TAILQ_FOREACH(td, &p->p_threads, td_plist) {
		if (td->td_state == TDS_RUNNING || td->td_state == TDS_RUNNABLE) {
			*word = "running";
			return ('R');
		}
		if (td->td_state == TDS_SLEEPING) {
			sleeping = 1;
			if (td->td_flags & TDF_SINTR)
				intr = 1;
		}
	}
	if (sleeping && !intr) {
		*word = "disk sleep";
		return ('D');
	}
	*word = "sleeping";
	return ('S');
}

/* The process, locked (proctree_lock and p_mtx held), or NULL (both released). */
static struct proc *
proc_get(uint64_t pid)
{
	struct proc *p;

	mtx_lock(&proctree_lock);
	if (pid > PID_MAX || (p = pfind((pid_t)pid)) == NULL) {
		mtx_unlock(&proctree_lock);
		return (NULL);
	}
	mtx_lock(&p->p_mtx);
	return (p);
}

static void
proc_put(struct proc *p)
{
	mtx_unlock(&p->p_mtx);
	mtx_unlock(&proctree_lock);
}

int
procfs_pid_owner(pid_t pid, uid_t *uidp, gid_t *gidp)
{
	struct proc *p = proc_get((uint64_t)pid);

	if (p == NULL)
		return (ENOENT);
	/* Linux's task_dump_owner: a process that is not dumpable is root's. */
	*uidp = p->p_ucred != NULL && p->p_dumpable ? p->p_ucred->cr_uid : 0;
	*gidp = p->p_ucred != NULL && p->p_dumpable ? p->p_ucred->cr_gid : 0;
	proc_put(p);
	return (0);
}

/* Ticks in user and kernel mode: the live threads' and the exited ones'. */
static void
proc_ticks(struct proc *p, uint64_t *ut, uint64_t *st)
{
	struct thread *td;

	*ut = p->p_uticks;
	*st = p->p_sticks;
	TAILQ_FOREACH(td, &p->p_threads, td_plist) {
		*ut += td->td_uticks;
		*st += td->td_sticks;
	}
}

/* The terminal's number as Linux encodes it in stat (5,1: the console), or 0. */
static unsigned
proc_tty_nr(struct proc *p)
{
	struct session *s = p->p_pgrp != NULL ? p->p_pgrp->pg_session : NULL;

	return (s != NULL && s->s_ttyp != NULL ? (5u << 8) | 1u : 0);
}

int
procfs_pid_stat(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct proc *p;
	struct session *s;
	const char *word;
	uint64_t ut, st, vsize;
	char state;
	int cpu;

	(void)pn;
	(void)td;
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	state = proc_state(p, &word);
	proc_ticks(p, &ut, &st);
	s = p->p_pgrp != NULL ? p->p_pgrp->pg_session : NULL;
	vsize = p->p_vmspace != NULL ? p->p_vmspace->vm_map.size : 0;
	cpu = TAILQ_FIRST(&p->p_threads) != NULL ? TAILQ_FIRST(&p->p_threads)->td_cpu : 0;
	/* pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt */
	sbuf_printf(sb, "%d (%s) %c %d %d %d %u %d %u 0 0 0 0 ",
	    p->p_pid, p->p_comm, state, p->p_pptr != NULL ? p->p_pptr->p_pid : 0,
	    p->p_pgrp != NULL ? p->p_pgrp->pg_id : 0, s != NULL ? s->s_sid : 0,
	    proc_tty_nr(p), s != NULL && s->s_ttyp != NULL && s->s_ttypgrp != 0 ? s->s_ttypgrp : -1,
	    0x400000u /* PF_FORKNOEXEC-like: none of Linux's flags apply */);
	/* utime stime cutime cstime priority nice num_threads itrealvalue starttime */
	sbuf_printf(sb, "%llu %llu %llu %llu 20 0 %d 0 %llu ",
	    (unsigned long long)ticks_to_clock(ut), (unsigned long long)ticks_to_clock(st),
	    (unsigned long long)ticks_to_clock(p->p_cuticks),
	    (unsigned long long)ticks_to_clock(p->p_csticks), p->p_numthreads,
	    (unsigned long long)(p->p_start_us / (1000000 / USER_HZ)));
	/* vsize rss rsslim startcode endcode startstack kstkesp kstkeip signal blocked
	   sigignore sigcatch wchan nswap cnswap exit_signal processor rt_priority policy
	   blkio guest_time cguest_time start_data end_data start_brk arg_start arg_end
	   env_start env_end exit_code */
	sbuf_printf(sb, "%llu 0 %llu 0 0 %llu 0 0 0 0 0 0 0 0 0 %d %d 0 0 0 0 0 0 0 %llu "
	    "%llu %llu 0 0 %d\n",
	    (unsigned long long)vsize, (unsigned long long)RLIM_INFINITY,
	    (unsigned long long)(p->p_vmspace != NULL ? p->p_vmspace->vm_stack_top : 0),
	    p->p_exitsig, cpu,
	    (unsigned long long)(p->p_vmspace != NULL ? p->p_vmspace->vm_brk_start : 0),
	    (unsigned long long)(p->p_vmspace != NULL ? p->p_vmspace->vm_arg_start : 0),
	    (unsigned long long)(p->p_vmspace != NULL ? p->p_vmspace->vm_arg_end : 0),
	    p->p_state == PRS_ZOMBIE ? p->p_xexit : 0);
	proc_put(p);
	return (0);
}

int
procfs_pid_status(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct proc *p;
	struct ucred *cr;
	const char *word;
	char state;

	(void)pn;
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	state = proc_state(p, &word);
	cr = p->p_ucred;
	sbuf_printf(sb, "Name:\t%s\nState:\t%c (%s)\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n",
	    p->p_comm, state, word, p->p_pid, p->p_pid,
	    p->p_pptr != NULL ? p->p_pptr->p_pid : 0);
	if (cr != NULL) {
		/* The ids as the reader's user namespace sees them. */
		const struct user_namespace *rns = td->td_ucred != NULL ?
		    td->td_ucred->cr_userns : NULL;

		sbuf_printf(sb, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nGroups:\t",
		    from_kuid_munged(rns, cr->cr_ruid), from_kuid_munged(rns, cr->cr_uid),
		    from_kuid_munged(rns, cr->cr_svuid), from_kuid_munged(rns, cr->cr_fsuid),
		    from_kgid_munged(rns, cr->cr_rgid), from_kgid_munged(rns, cr->cr_gid),
		    from_kgid_munged(rns, cr->cr_svgid), from_kgid_munged(rns, cr->cr_fsgid));
		/* Linux's layout, its trailing space included. */
		for (int i = 0; i < cr->cr_ngroups; i++)
			sbuf_printf(sb, i ? " %u" : "%u", from_kgid_munged(rns, cr->cr_groups[i]));
		sbuf_printf(sb, " \n");
	}
	if (p->p_vmspace != NULL)
		sbuf_printf(sb, "VmSize:\t%8llu kB\n",
		    (unsigned long long)(p->p_vmspace->vm_map.size / 1024));
	sbuf_printf(sb, "Threads:\t%d\n", p->p_numthreads);
	if (cr != NULL)
		sbuf_printf(sb, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		    "CapBnd:\t%016llx\nCapAmb:\t%016llx\n",
		    (unsigned long long)cr->cr_cap_inh, (unsigned long long)cr->cr_cap_prm,
		    (unsigned long long)cr->cr_cap_eff, (unsigned long long)cr->cr_cap_bnd,
		    (unsigned long long)cr->cr_cap_amb);
	sbuf_printf(sb, "NoNewPrivs:\t%d\n", (p->p_flag & P_NNP) != 0);
	proc_put(p);
	return (0);
}

int
procfs_pid_comm(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct proc *p;

	(void)pn;
	(void)td;
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	sbuf_printf(sb, "%s\n", p->p_comm);
	proc_put(p);
	return (0);
}

/*
 * The argument or environment strings exec laid out (NUL after each), from
 * the copy exec kept (vmspace_save_args: the first VM_ARGS_MAX bytes).
 * Empty for a zombie or a process that never exec'd.
 */
static int
proc_strings(uint64_t id, int env, struct sbuf *sb)
{
	struct proc *p;
	struct vmspace *vs;

	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	vs = p->p_state != PRS_ZOMBIE ? p->p_vmspace : NULL;
	if (vs != NULL && !env && vs->vm_args != NULL)
		sbuf_bcat(sb, vs->vm_args, vs->vm_argslen);
	if (vs != NULL && env && vs->vm_env != NULL)
		sbuf_bcat(sb, vs->vm_env, vs->vm_envlen);
	proc_put(p);
	return (0);
}

int
procfs_pid_cmdline(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)td;
	return (proc_strings(id, 0, sb));
}

int
procfs_pid_environ(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)td;
	return (proc_strings(id, 1, sb));
}

int
procfs_pid_exe(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct proc *p;
	int error = 0;

	(void)pn;
	(void)td;
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	if (p->p_execpath != NULL)
		sbuf_cat(sb, p->p_execpath);
	else
		error = ENOENT;
	proc_put(p);
	return (error);
}

/* --- a process's user namespace: uid_map, gid_map, setgroups (kern_userns.c) --- */

/* The user namespace process `id` is in, held; NULL if it is gone. */
static struct user_namespace *
pid_userns(uint64_t id)
{
	struct user_namespace *ns;
	struct proc *p;

	if ((p = proc_get(id)) == NULL)
		return (NULL);
	ns = p->p_ucred != NULL && p->p_ucred->cr_userns != NULL ? p->p_ucred->cr_userns :
	    &init_user_ns;
	userns_hold(ns);
	proc_put(p);
	return (ns);
}

static int
map_fill(uint64_t id, struct thread *td, struct sbuf *sb, int gid)
{
	struct user_namespace *ns = pid_userns(id);
	int error;

	if (ns == NULL)
		return (ENOENT);
	error = userns_map_show(ns, gid, td->td_ucred, sb);
	userns_free(ns);
	return (error);
}

int
procfs_pid_uid_map(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	return (map_fill(id, td, sb, 0));
}

int
procfs_pid_gid_map(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	return (map_fill(id, td, sb, 1));
}

int
procfs_pid_setgroups(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct sbuf *sb)
{
	struct user_namespace *ns = pid_userns(id);

	(void)pn;
	(void)td;
	if (ns == NULL)
		return (ENOENT);
	sbuf_printf(sb, "%s\n", ns->ns_setgroups ? "allow" : "deny");
	userns_free(ns);
	return (0);
}

static int
map_store(uint64_t id, struct thread *td, const char *buf, size_t len, int64_t off, int which)
{
	struct user_namespace *ns = pid_userns(id);
	int error;

	if (ns == NULL)
		return (ESRCH);
	error = which == 2 ? userns_setgroups_write(ns, td->td_ucred, buf, len, off) :
	    userns_map_write(ns, which, td->td_ucred, buf, len, off);
	userns_free(ns);
	return (error);
}

int
procfs_pid_uid_map_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, buf, len, off, 0));
}

int
procfs_pid_gid_map_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, buf, len, off, 1));
}

int
procfs_pid_setgroups_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, buf, len, off, 2));
}
