/*
 * The files of /proc/<pid>/ (fs/procfs/procfs.h), in Linux's formats
 * because unmodified Linux programs parse them: busybox ps reads stat and
 * cmdline, and stat()s the directory for the owner.  Everything is read
 * under proctree_lock and the process's lock, except the argument
 * strings, which are copied out of the process's address space after
 * both are dropped (holding a reference on it), and the open files and
 * directories (fd/, cwd, root), reached through the process's descriptor
 * table and pwddesc pinned under its lock (proc_pin), then looked at
 * without it.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/file.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/mutex.h>
#include <sys/namei.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/signal.h>
#include <sys/sx.h>
#include <sys/tty.h>
#include <sys/stat.h>
#include <sys/ucred.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <vm/vm_map.h>
#include <vm/vm_object.h>
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
	const struct ucred *cr;

	if (p == NULL)
		return (ENOENT);
	/* Linux's task_dump_owner: a process that is not dumpable is root's. */
	rcu_read_lock();		/* p's credential: read under RCU */
	cr = rcu_dereference(p->p_ucred);
	if (cr != NULL && cred_poisoned(cr))
		cr = NULL;
	*uidp = cr != NULL && p->p_dumpable ? cr->cr_uid : 0;
	*gidp = cr != NULL && p->p_dumpable ? cr->cr_gid : 0;
	rcu_read_unlock();
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
	cr = proc_cred_hold(p);		/* lock-free (RCU); ours until crfree below */
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
	if (cr != NULL) {
		(void)cred_poisoned(cr);	/* freed under our reference?  counted */
		crfree(cr);
	}
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

static int file_text(struct thread *td, struct file *fp, struct sbuf *sb);

/* The program process `id` runs as exec found it (p_textfile), held; NULL if none. */
static struct file *
proc_textfile(uint64_t id)
{
	struct file *fp = NULL;
	struct proc *p;

	if ((p = proc_get(id)) == NULL)
		return (NULL);
	if ((fp = p->p_textfile) != NULL)
		fhold(fp);
	proc_put(p);
	return (fp);
}

/*
 * /proc/<pid>/exe: the program's file, named as /proc/<pid>/fd names a
 * file; a program the loader preloaded has only the path exec was given.
 */
int
procfs_pid_exe(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct file *fp = proc_textfile(id);
	struct proc *p;
	int error = 0;

	(void)pn;
	if (fp != NULL) {
		error = file_text(td, fp, sb);
		fdrop(fp, td);
		return (error);
	}
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	if (p->p_execpath != NULL)
		sbuf_cat(sb, p->p_execpath);
	else
		error = ENOENT;
	proc_put(p);
	return (error);
}

/* Opening it opens the program's file itself, as on Linux (a magic link). */
int
procfs_pid_exe_jump(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct vnode **vpp, struct file **fpp)
{
	struct file *fp = proc_textfile(id);

	(void)pn;
	(void)td;
	if (fp == NULL)
		return (EJUSTRETURN);	/* preloaded: the text is all there is */
	vref(fp->f_vnode);
	*vpp = fp->f_vnode;
	*fpp = fp;
	return (0);
}

/* --- a process's user namespace: uid_map, gid_map, setgroups (kern_userns.c) --- */

/* The user namespace process `id` is in, held; NULL if it is gone. */
static struct user_namespace *
pid_userns(uint64_t id)
{
	struct user_namespace *ns;
	const struct ucred *cr;
	struct proc *p;

	if ((p = proc_get(id)) == NULL)
		return (NULL);
	rcu_read_lock();		/* the credential (and so its namespace) stays meanwhile */
	cr = rcu_dereference(p->p_ucred);
	ns = cr != NULL && !cred_poisoned(cr) && cr->cr_userns != NULL ? cr->cr_userns :
	    &init_user_ns;
	userns_hold(ns);
	rcu_read_unlock();
	proc_put(p);
	return (ns);
}

/* /proc/<pid>/ns/user: the link's text, Linux's "user:[inode]". */
int
procfs_pid_ns_user(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct user_namespace *ns = pid_userns(id);

	(void)pn;
	(void)td;
	if (ns == NULL)
		return (ENOENT);
	sbuf_printf(sb, "user:[%u]", ns->ns_inum);
	userns_free(ns);
	return (0);
}

/* Opening it gives a namespace file holding the namespace (kern_userns.c), for setns. */
int
procfs_pid_ns_user_jump(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct vnode **vpp, struct file **fpp)
{
	struct user_namespace *ns = pid_userns(id);
	int error;

	(void)pn;
	(void)td;
	(void)fpp;
	if (ns == NULL)
		return (ENOENT);
	error = userns_vnode(ns, vpp);
	userns_free(ns);
	return (error);
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

/* fcred: the file's opener (NULL: the writer), whom uid_map and gid_map also judge. */
static int
map_store(uint64_t id, struct thread *td, struct ucred *fcred, const char *buf, size_t len,
    int64_t off, int which)
{
	struct user_namespace *ns = pid_userns(id);
	int error;

	if (ns == NULL)
		return (ESRCH);
	error = which == 2 ? userns_setgroups_write(ns, td->td_ucred, buf, len, off) :
	    userns_map_write(ns, which, td->td_ucred, fcred != NULL ? fcred : td->td_ucred, buf,
	    len, off);
	userns_free(ns);
	return (error);
}

int
procfs_pid_uid_map_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, fcred, buf, len, off, 0));
}

int
procfs_pid_gid_map_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, fcred, buf, len, off, 1));
}

int
procfs_pid_setgroups_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off)
{
	(void)pn;
	return (map_store(id, td, fcred, buf, len, off, 2));
}

/* --- open files and directories: fd/, cwd, root ---------------------------------------- */

/*
 * Process pid, its descriptor table and pwddesc pinned (p_fdpeek: exit1
 * waits before freeing them) and unlocked; NULL if it is gone or exiting.
 * Pinned rather than shared, so that procfs never drops the last
 * reference to a table -- which would close the files from a lookup
 * holding a vnode lock.  proc_unpin when done.
 */
static struct proc *
proc_pin(uint64_t pid)
{
	struct proc *p;

	if ((p = proc_get(pid)) == NULL)
		return (NULL);
	if (p->p_state == PRS_ZOMBIE || p->p_fd == NULL || p->p_pd == NULL) {
		proc_put(p);
		return (NULL);
	}
	p->p_fdpeek++;
	proc_put(p);
	return (p);
}

static void
proc_unpin(struct proc *p)
{
	mtx_lock(&p->p_mtx);
	if (--p->p_fdpeek == 0)
		wakeup(&p->p_fdpeek);
	mtx_unlock(&p->p_mtx);
}

/* Process pid's current (or root) directory, referenced, or NULL. */
static struct vnode *
proc_dir(uint64_t pid, int root)
{
	struct proc *p = proc_pin(pid);
	struct vnode *vp;

	if (p == NULL)
		return (NULL);
	mtx_lock(&p->p_pd->pd_lock);
	vp = root ? p->p_pd->pd_rdir : p->p_pd->pd_cdir;
	vref(vp);
	mtx_unlock(&p->p_pd->pd_lock);
	proc_unpin(p);
	return (vp);
}

/* Process pid's file at descriptor fd, referenced (dropped with no vnode lock held), or NULL. */
static struct file *
proc_file(uint64_t pid, int fd)
{
	struct proc *p = proc_pin(pid);
	struct file *fp;

	if (p == NULL)
		return (NULL);
	fp = fdget_at(p->p_fd, fd);
	proc_unpin(p);
	return (fp);
}

/* Whether process pid has descriptor fd open (or the next one, with nextp), and how. */
static int
proc_fdpeek(uint64_t pid, int fd, int *nextp, unsigned *flagp)
{
	struct proc *p = proc_pin(pid);
	int error;

	if (p == NULL)
		return (ENOENT);
	error = fdpeek(p->p_fd, fd, nextp, flagp);
	proc_unpin(p);
	return (error);
}

int
procfs_fd_next(uint64_t dir, uint64_t from, uint64_t *idp, char *name, size_t namelen)
{
	uint64_t base = dir << PROCFS_FD_SHIFT;
	int fd;

	if (from > (base | PROCFS_FD_MAX) ||
	    proc_fdpeek(dir, from > base ? (int)(from - base) : 0, &fd, NULL) != 0)
		return (ENOENT);
	*idp = base | (uint64_t)fd;
	snprintf(name, namelen, "%d", fd);
	return (0);
}

int
procfs_fd_lookup(uint64_t dir, const char *name, size_t namelen, uint64_t *idp)
{
	uint64_t fd = 0;
	size_t i;

	/* Decimal, no sign and no leading zero, as Linux's name_to_int wants. */
	if (namelen == 0 || namelen > 8 || (name[0] == '0' && namelen > 1))
		return (ENOENT);
	for (i = 0; i < namelen; i++) {
		if (name[i] < '0' || name[i] > '9')
			return (ENOENT);
		fd = fd * 10 + (uint64_t)(name[i] - '0');
	}
	if (fd > PROCFS_FD_MAX || proc_fdpeek(dir, (int)fd, NULL, NULL) != 0)
		return (ENOENT);
	*idp = dir << PROCFS_FD_SHIFT | fd;
	return (0);
}

/* The reader's view for path names: its root and credentials. */
static void
reader_ctx(struct thread *td, struct vfs_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->vc_cred = td->td_ucred;
	pwd_get(td, NULL, &c->vc_rdir);
}

/* Directory dvp's path, as the reader sees it, into sb; 0 or an errno. */
static int
dir_text(struct thread *td, struct vnode *dvp, struct sbuf *sb)
{
	char *buf = malloc(MAXPATHLEN, M_TEMP, M_WAITOK);
	struct vfs_ctx c;
	size_t len;
	int error;

	reader_ctx(td, &c);
	error = vfs_dirpath(&c, dvp, buf, MAXPATHLEN, &len);
	vrele(c.vc_rdir);
	if (error == ENOENT) {
		/* Removed: Linux names it as it was, marked deleted; no name is left here. */
		sbuf_cat(sb, "/ (deleted)");
		error = 0;
	} else if (error == 0)
		sbuf_cat(sb, buf);
	free(buf, M_TEMP);
	return (error);
}

/*
 * dir + "/" + rel, or rel alone when it is absolute, with "." and ".."
 * and repeated slashes taken out, into sb.  Lexical: the name a file was
 * opened by (file_setpath), not the links it went through.
 */
static void
path_join(struct sbuf *sb, const char *dir, const char *rel)
{
	char *out = malloc(MAXPATHLEN * 2, M_TEMP, M_WAITOK);
	const char *parts[2] = { rel[0] == '/' ? "" : dir, rel }, *s, *e;
	size_t n = 0, k;
	int i;

	for (i = 0; i < 2; i++)
		for (s = parts[i]; *s != '\0'; s = e) {
			while (*s == '/')
				s++;
			for (e = s; *e != '\0' && *e != '/'; e++)
				;
			k = (size_t)(e - s);
			if (k == 0 || (k == 1 && s[0] == '.'))
				continue;
			if (k == 2 && s[0] == '.' && s[1] == '.') {
				while (n > 0 && out[n - 1] != '/')
					n--;
				if (n > 0)
					n--;
				continue;
			}
			if (n + 1 + k >= MAXPATHLEN * 2)
				break;
			out[n++] = '/';
			memcpy(out + n, s, k);
			n += k;
		}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	sbuf_cat(sb, out);
	free(out, M_TEMP);
}

/*
 * What /proc/<pid>/fd/N reads as: a directory's path, the path a file was
 * opened by (" (deleted)" once it has no name left, as on Linux),
 * "pipe:[inode]" or "socket:[inode]".
 */
static int
file_text(struct thread *td, struct file *fp, struct sbuf *sb)
{
	struct sbuf *dsb;
	struct vattr va;
	struct stat st;
	int error = 0;

	if (fp->f_vnode != NULL && fp->f_vnode->v_type == VDIR)
		return (dir_text(td, fp->f_vnode, sb));
	/* A pipe opened again by its link is still "pipe:[inode]", not that link's name. */
	if (fp->f_path == NULL || pipe_anonymous(fp)) {
		memset(&st, 0, sizeof(st));
		if (pipe_anonymous(fp) && fp->f_ops->fo_stat(fp, &st, td) == 0)
			sbuf_printf(sb, "pipe:[%llu]", (unsigned long long)st.st_ino);
		else if (fp->f_type == DTYPE_SOCKET && fp->f_ops->fo_stat(fp, &st, td) == 0)
			sbuf_printf(sb, "socket:[%llu]", (unsigned long long)st.st_ino);
		else if (fp->f_type == DTYPE_EPOLL)
			sbuf_cat(sb, "anon_inode:[eventpoll]");
		else
			sbuf_cat(sb, "anon_inode:[unknown]");
		return (0);
	}
	if (fp->f_pathdir != NULL) {
		dsb = sbuf_new_auto();
		error = dir_text(td, fp->f_pathdir, dsb);
		if (error == 0 && (error = sbuf_finish(dsb)) == 0)
			path_join(sb, sbuf_data(dsb), fp->f_path);
		sbuf_delete(dsb);
	} else
		path_join(sb, "/", fp->f_path);
	if (error == 0 && fp->f_vnode != NULL && vn_getattr(fp->f_vnode, &va) == 0 &&
	    va.va_nlink == 0)
		sbuf_cat(sb, " (deleted)");
	return (error);
}

int
procfs_fd_text(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct file *fp = proc_file(id >> PROCFS_FD_SHIFT, (int)(id & PROCFS_FD_MAX));
	int error;

	(void)pn;
	if (fp == NULL)
		return (ENOENT);
	error = file_text(td, fp, sb);
	fdrop(fp, td);
	return (error);
}

/*
 * Opening /proc/<pid>/fd/N opens the file itself, whatever its name is now;
 * a pipe(2) pipe, the same pipe as a FIFO is (pipe_vnode).  A socket or an
 * epoll file has nothing to open: ENXIO, as on Linux.
 */
int
procfs_fd_jump(const struct pfs_node *pn, uint64_t id, struct thread *td, struct vnode **vpp,
    struct file **fpp)
{
	struct file *fp = proc_file(id >> PROCFS_FD_SHIFT, (int)(id & PROCFS_FD_MAX));
	int error = 0;

	(void)pn;
	if (fp == NULL)
		return (ENOENT);
	if (fp->f_vnode != NULL) {
		vref(fp->f_vnode);
		*vpp = fp->f_vnode;
	} else if (fp->f_type == DTYPE_PIPE)
		error = pipe_vnode(fp, vpp);
	else
		error = ENXIO;
	if (error == 0)
		*fpp = fp;		/* our reference, for the name */
	else
		fdrop(fp, td);
	return (error);
}

/* A descriptor's link belongs to the process's owner; r-x/-wx/rwx by how it is open. */
int
procfs_fd_attr(uint64_t id, struct vattr *vap)
{
	unsigned flag;

	if (proc_fdpeek(id >> PROCFS_FD_SHIFT, (int)(id & PROCFS_FD_MAX), NULL, &flag) != 0)
		return (ENOENT);
	vap->va_mode = ((flag & FREAD) ? 0500 : 0) | ((flag & FWRITE) ? 0300 : 0);
	return (procfs_pid_owner((pid_t)(id >> PROCFS_FD_SHIFT), &vap->va_uid, &vap->va_gid));
}

int
procfs_pid_cwd(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct vnode *vp = proc_dir(id, pn->pn_name[0] == 'r');
	int error;

	if (vp == NULL)
		return (ENOENT);
	error = dir_text(td, vp, sb);
	vrele(vp);
	return (error);
}

/* cwd and root stand for the directory itself, as on Linux. */
int
procfs_pid_cwd_jump(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct vnode **vpp, struct file **fpp)
{
	(void)td;
	(void)fpp;
	if ((*vpp = proc_dir(id, pn->pn_name[0] == 'r')) == NULL)
		return (ENOENT);
	return (0);
}

/* One line of /proc/<pid>/maps, taken under the map lock and shown after it. */
struct map_line {
	vm_offset_t	 start, end;
	uint64_t	 offset;
	vm_prot_t	 prot;
	int		 eflags;
	struct vnode	*vp;		/* the object's vnode, referenced, or NULL */
	struct file	*file;		/* the file mapped, referenced, or NULL */
	int		 shanon;	/* shared anonymous memory */
};

/*
 * The entries of vs's map into a new array (*np of them): every reference
 * is taken under the map lock, so that no name or attribute is looked up
 * with it held (a fault holding a vnode's lock takes it: the other order).
 */
static struct map_line *
maps_snapshot(struct vmspace *vs, int *np)
{
	struct vm_map_entry *e;
	struct map_line *l;
	int n, i;

	for (;;) {
		n = __atomic_load_n(&vs->vm_map.nentries, __ATOMIC_RELAXED);
		l = malloc((size_t)(n > 0 ? n : 1) * sizeof(*l), M_TEMP, M_WAITOK | M_ZERO);
		sx_slock(&vs->vm_map.lock);
		if (vs->vm_map.nentries <= n)
			break;
		sx_sunlock(&vs->vm_map.lock);	/* it grew meanwhile */
		free(l, M_TEMP);
	}
	i = 0;
	TAILQ_FOREACH(e, &vs->vm_map.entries, link) {
		l[i].start = e->start;
		l[i].end = e->end;
		l[i].offset = e->object != NULL ? e->offset : 0;
		l[i].prot = e->prot;
		l[i].eflags = e->eflags;
		if (e->object != NULL && e->object->type == OBJT_VNODE) {
			l[i].vp = e->object->u.vnode.vp;
			vref(l[i].vp);
		}
		if ((l[i].file = e->file) != NULL)
			fhold(e->file);
		l[i].shanon = e->file == NULL && e->object != NULL &&
		    e->object->type != OBJT_VNODE && (e->eflags & MAP_ENTRY_SHARED);
		i++;
	}
	sx_sunlock(&vs->vm_map.lock);
	*np = i;
	return (l);
}

/*
 * /proc/<pid>/maps, Linux's format: start-end, rwx and p/s, the offset in
 * the object, the file's device and inode, then a name -- a mapped file's
 * as /proc/<pid>/fd/N names it (file_text: the path it was opened by; the
 * program's, the path exec ran), [heap] or [stack]; shared anonymous
 * memory is Linux's "/dev/zero (deleted)" (its shmem file).  The address
 * space is held (vmspace_ref) after the process's locks are dropped.
 */
int
procfs_pid_maps(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct map_line *l;
	struct vmspace *vs;
	struct vattr va;
	struct proc *p;
	uint64_t dev, ino;
	size_t start;
	int i, n, error = 0;

	(void)pn;
	if ((p = proc_get(id)) == NULL)
		return (ENOENT);
	vs = p->p_state != PRS_ZOMBIE ? p->p_vmspace : NULL;
	if (vs != NULL)
		vmspace_ref(vs);
	proc_put(p);
	if (vs == NULL)
		return (0);
	l = maps_snapshot(vs, &n);
	vmspace_free(vs);
	for (i = 0; i < n; i++) {
		dev = ino = 0;
		if (l[i].vp != NULL && vn_getattr(l[i].vp, &va) == 0) {
			dev = va.va_fsid;
			ino = va.va_fileid;
		}
		start = sbuf_len(sb);
		sbuf_printf(sb, "%08llx-%08llx %c%c%c%c %08llx %02llx:%02llx %llu",
		    (unsigned long long)l[i].start, (unsigned long long)l[i].end,
		    (l[i].prot & VM_PROT_READ) ? 'r' : '-', (l[i].prot & VM_PROT_WRITE) ? 'w' : '-',
		    (l[i].prot & VM_PROT_EXECUTE) ? 'x' : '-',
		    (l[i].eflags & MAP_ENTRY_SHARED) ? 's' : 'p', (unsigned long long)l[i].offset,
		    (unsigned long long)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffULL)),
		    (unsigned long long)((dev & 0xff) | ((dev >> 12) & ~0xffULL)),
		    (unsigned long long)ino);
		if (l[i].file != NULL || l[i].shanon ||
		    (l[i].eflags & (MAP_ENTRY_HEAP | MAP_ENTRY_STACK))) {
			/* Linux pads the name to column 74. */
			while (sbuf_len(sb) - start < 73)
				sbuf_putc(sb, ' ');
			if (l[i].file != NULL) {
				if (error == 0)
					error = file_text(td, l[i].file, sb);
			} else
				sbuf_cat(sb, l[i].shanon ? "/dev/zero (deleted)" :
				    (l[i].eflags & MAP_ENTRY_HEAP) ? "[heap]" : "[stack]");
		}
		sbuf_putc(sb, '\n');
	}
	for (i = 0; i < n; i++) {
		if (l[i].vp != NULL)
			vrele(l[i].vp);
		if (l[i].file != NULL)
			fdrop(l[i].file, td);
	}
	free(l, M_TEMP);
	return (error);
}
