/*
 * procfs (fs/procfs/procfs.h): the tree of /proc, the mount type "proc"
 * (`mount -t proc proc /proc`, as on Linux; /etc/fstab has it), and the
 * system-wide files -- mounts, meminfo, cpuinfo, stat, uptime, loadavg,
 * version, filesystems -- in Linux's formats, which busybox's mount,
 * free, uptime, ps and top parse.  /proc/sys is procfs_sys.c's.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/kprof.h>
#include <sys/linker_set.h>
#include <sys/mount.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/time.h>
#include <sys/vnode.h>
#include <machine/md_var.h>
#include <vm/vm_phys.h>
#include <fs/procfs/procfs.h>

/* --- system-wide files ------------------------------------------------------- */

/* A mount table field, with Linux's octal escapes for blanks and backslashes. */
static void
mounts_field(struct sbuf *sb, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
			sbuf_printf(sb, "\\%03o", (unsigned char)*s);
		else
			sbuf_putc(sb, *s);
}

static void
mounts_one(struct mount *mp, void *arg)
{
	struct sbuf *sb = arg;

	mounts_field(sb, mp->mnt_stat.f_mntfromname);
	sbuf_putc(sb, ' ');
	mounts_field(sb, mp->mnt_stat.f_mntonname);
	sbuf_putc(sb, ' ');
	mounts_field(sb, mp->mnt_stat.f_fstypename);
	sbuf_printf(sb, " %s%s%s 0 0\n", (mp->mnt_flag & MNT_RDONLY) ? "ro" : "rw",
	    (mp->mnt_flag & MNT_NOSUID) ? ",nosuid" : "",
	    (mp->mnt_flag & MNT_NOEXEC) ? ",noexec" : "");
}

int
procfs_mounts(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)id;
	(void)td;
	vfs_foreach_mount(mounts_one, sb);
	return (0);
}

static int
procfs_meminfo(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	uint64_t total = vm_phys_real_memory() / 1024, free = vm_phys_free_pages() * 4;

	(void)pn;
	(void)id;
	(void)td;
	/* No swap, no page cache apart from tmpfs's pages (counted as used). */
	sbuf_printf(sb, "MemTotal:       %8llu kB\nMemFree:        %8llu kB\n"
	    "MemAvailable:   %8llu kB\nBuffers:        %8llu kB\nCached:         %8llu kB\n"
	    "SwapCached:     %8llu kB\nSwapTotal:      %8llu kB\nSwapFree:       %8llu kB\n"
	    "Shmem:          %8llu kB\n",
	    (unsigned long long)total, (unsigned long long)free, (unsigned long long)free,
	    0ULL, 0ULL, 0ULL, 0ULL, 0ULL, 0ULL);
	return (0);
}

static int
procfs_cpuinfo(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)id;
	(void)td;
	cpuinfo_fill(sb);
	return (0);
}

/* Timer ticks as Linux's clock_t (USER_HZ, hundredths of a second). */
static uint64_t
to_clock(uint64_t t)
{
	return (hz > 0 ? t * 100 / (uint64_t)hz : 0);
}

static int
procfs_uptime(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	uint64_t cs = uptime_ns() / 10000000, idle = 0;	/* hundredths */
	unsigned cpu;

	(void)pn;
	(void)id;
	(void)td;
	for (cpu = 0; cpu < mp_ncpus; cpu++)
		idle += to_clock(pcpu_array[cpu].pc_cp_time[CP_IDLE]);	/* all CPUs', as Linux */
	sbuf_printf(sb, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(cs / 100),
	    (unsigned long long)(cs % 100), (unsigned long long)(idle / 100),
	    (unsigned long long)(idle % 100));
	return (0);
}

struct loadavg_count {
	int	running, threads;
};

static void loadavg_one(struct thread *td, void *arg);

/* /proc/stat: CPU time by state in clock_t, all CPUs then each; switches; boot time. */
static int
procfs_stat(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct loadavg_count c = { 0, 0 };
	uint64_t all[CPUSTATES] = { 0 }, ctxt = 0;
	unsigned cpu, i;

	(void)pn;
	(void)id;
	(void)td;
	for (cpu = 0; cpu < mp_ncpus; cpu++) {
		for (i = 0; i < CPUSTATES; i++)
			all[i] += pcpu_array[cpu].pc_cp_time[i];
		ctxt += pcpu_array[cpu].pc_switches;
	}
	for (cpu = 0; cpu <= mp_ncpus; cpu++) {
		const uint64_t *t = cpu == 0 ? all : pcpu_array[cpu - 1].pc_cp_time;

		if (cpu == 0)
			sbuf_cat(sb, "cpu ");
		else
			sbuf_printf(sb, "cpu%u", cpu - 1);
		/* user nice system idle iowait irq softirq steal guest guest_nice */
		sbuf_printf(sb, " %llu %llu %llu %llu 0 %llu 0 0 0 0\n",
		    (unsigned long long)to_clock(t[CP_USER]), (unsigned long long)to_clock(t[CP_NICE]),
		    (unsigned long long)to_clock(t[CP_SYS]), (unsigned long long)to_clock(t[CP_IDLE]),
		    (unsigned long long)to_clock(t[CP_INTR]));
	}
	thread_foreach(loadavg_one, &c);
	sbuf_printf(sb, "ctxt %llu\nbtime %llu\nprocs_running %d\nprocs_blocked 0\n",
	    (unsigned long long)ctxt, (unsigned long long)boottime_sec, c.running);
	return (0);
}

/*
 * Every thread counts, kernel threads too, as Linux's nr_threads and
 * nr_running count every task (the load average, sched_core.c's, counts
 * them already): not the CPUs' idle threads, nor threads that ended.
 * Under the thread list's spin lock: nothing here may sleep.
 */
static void
loadavg_one(struct thread *td, void *arg)
{
	struct loadavg_count *c = arg;
	enum td_state st = td->td_state;
	unsigned cpu;

	for (cpu = 0; cpu < mp_ncpus; cpu++)
		if (td == pcpu_array[cpu].pc_idlethread)
			return;
	if (st == TDS_DEAD)
		return;
	c->threads++;
	if (st == TDS_RUNNING || st == TDS_RUNNABLE)
		c->running++;
}

static int
procfs_loadavg(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct loadavg_count c = { 0, 0 };
	uint64_t avg[3];
	unsigned i;

	(void)pn;
	(void)id;
	(void)td;
	thread_foreach(loadavg_one, &c);
	sched_loadavg(avg);
	for (i = 0; i < 3; i++) {
		/* Two decimals, rounded as Linux's (+ 1/200). */
		uint64_t x = avg[i] + LOADAV_ONE / 200;

		sbuf_printf(sb, "%llu.%02llu ", (unsigned long long)(x >> LOADAV_SHIFT),
		    (unsigned long long)(((x & (LOADAV_ONE - 1)) * 100) >> LOADAV_SHIFT));
	}
	sbuf_printf(sb, "%d/%d %d\n", c.running, c.threads, (int)pid_last_alloc());
	return (0);
}

static int
procfs_version(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)id;
	(void)td;
	sbuf_printf(sb, "Linux version %s (Sanpo " SANPO_VERSION ") #1 Sanpo " SANPO_VERSION "\n",
	    linux_osrelease);
	return (0);
}

/* /proc/kprof: the sampling profiler's tables (sys/kprof.h), root's only. */
static int
procfs_kprof(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)id;
	(void)td;
	return (kprof_dump(sb));
}

SET_DECLARE(vfs_set, struct vfsconf);

static int
procfs_filesystems(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	struct vfsconf **vfcp;

	(void)pn;
	(void)id;
	(void)td;
	SET_FOREACH(vfcp, vfs_set)
		sbuf_printf(sb, "%s\t%s\n", strcmp((*vfcp)->vfc_name, "msdosfs") == 0 ? "" :
		    "nodev", (*vfcp)->vfc_name);	/* msdosfs alone needs a disk */
	return (0);
}

/* /proc/self: the caller's own directory. */
static int
procfs_self(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	(void)pn;
	(void)id;
	if (td->td_proc == NULL)
		return (ENOENT);	/* a kernel thread has none */
	sbuf_printf(sb, "%d", td->td_proc->p_pid);
	return (0);
}

/* --- the process directories --------------------------------------------------- */

static int
pid_next(uint64_t dir, uint64_t from, uint64_t *idp, char *name, size_t namelen)
{
	struct proc *p = NULL;
	pid_t best = 0;

	(void)dir;
	mtx_lock(&proctree_lock);
	while ((p = proc_next(p)) != NULL)
		if ((uint64_t)p->p_pid >= from && (best == 0 || p->p_pid < best))
			best = p->p_pid;
	mtx_unlock(&proctree_lock);
	if (best == 0)
		return (ENOENT);
	*idp = (uint64_t)best;
	snprintf(name, namelen, "%d", best);
	return (0);
}

static int
pid_lookup(uint64_t dir, const char *name, size_t namelen, uint64_t *idp)
{
	uint64_t pid = 0;
	size_t i;
	int found;

	(void)dir;
	if (namelen == 0 || namelen > 6 || name[0] == '0')
		return (ENOENT);
	for (i = 0; i < namelen; i++) {
		if (name[i] < '0' || name[i] > '9')
			return (ENOENT);
		pid = pid * 10 + (uint64_t)(name[i] - '0');
	}
	if (pid > PID_MAX)
		return (ENOENT);
	mtx_lock(&proctree_lock);
	found = pfind((pid_t)pid) != NULL;
	mtx_unlock(&proctree_lock);
	if (!found)
		return (ENOENT);
	*idp = pid;
	return (0);
}

/* /proc/<pid>/fd/<n>: ids pid << PROCFS_FD_SHIFT | n (procfs_pid.c). */
static const struct pfs_node procfs_fd_link =
	{ "<fd>", PFS_LINK, 0700, 24, procfs_fd_text, NULL, NULL, NULL, procfs_fd_jump };

static const struct pfs_dyn procfs_fds =
	{ &procfs_fd_link, procfs_fd_next, procfs_fd_lookup, NULL };

/* /proc/<pid>/ns/: the namespaces a process is in (only the user namespace so far). */
static const struct pfs_node procfs_ns_nodes[] = {
	{ "user", PFS_LINK, 0777, 91, procfs_pid_ns_user, NULL, NULL, NULL, procfs_pid_ns_user_jump },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct pfs_node procfs_pid_nodes[] = {
	{ "cmdline", PFS_FILE, 0444, 10, procfs_pid_cmdline, NULL, NULL, NULL, NULL },
	{ "comm", PFS_FILE, 0444, 11, procfs_pid_comm, NULL, NULL, NULL, NULL },
	{ "cwd", PFS_LINK, 0777, 22, procfs_pid_cwd, NULL, NULL, NULL, procfs_pid_cwd_jump },
	{ "environ", PFS_FILE, 0400, 17, procfs_pid_environ, NULL, NULL, NULL, NULL },
	{ "exe", PFS_LINK, 0777, 12, procfs_pid_exe, NULL, NULL, NULL, procfs_pid_exe_jump },
	{ "fd", PFS_DIR, 0500, 23, NULL, NULL, &procfs_fds, NULL, NULL },
	{ "gid_map", PFS_FILE, 0644, 41, procfs_pid_gid_map, NULL, NULL, procfs_pid_gid_map_store, NULL },
	{ "maps", PFS_FILE, 0444, 26, procfs_pid_maps, NULL, NULL, NULL, NULL },
	{ "mounts", PFS_FILE, 0444, 18, procfs_mounts, NULL, NULL, NULL, NULL },
	{ "ns", PFS_DIR, 0511, 90, NULL, procfs_ns_nodes, NULL, NULL, NULL },
	{ "root", PFS_LINK, 0777, 25, procfs_pid_cwd, NULL, NULL, NULL, procfs_pid_cwd_jump },
	{ "setgroups", PFS_FILE, 0644, 42, procfs_pid_setgroups, NULL, NULL, procfs_pid_setgroups_store, NULL },
	{ "stat", PFS_FILE, 0444, 13, procfs_pid_stat, NULL, NULL, NULL, NULL },
	{ "status", PFS_FILE, 0444, 14, procfs_pid_status, NULL, NULL, NULL, NULL },
	{ "uid_map", PFS_FILE, 0644, 40, procfs_pid_uid_map, NULL, NULL, procfs_pid_uid_map_store, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct pfs_node procfs_pid_dir =
	{ "<pid>", PFS_DIR, 0555, 2, NULL, procfs_pid_nodes, NULL, NULL, NULL };

static const struct pfs_dyn procfs_pids = { &procfs_pid_dir, pid_next, pid_lookup, NULL };

/* /proc/net: the network stack's tables for Linux's tools (kernel/net/net_procfs.c). */
static const struct pfs_node procfs_net_nodes[] = {
	{ "arp", PFS_FILE, 0444, 51, procfs_net_arp, NULL, NULL, NULL, NULL },
	{ "dev", PFS_FILE, 0444, 52, procfs_net_dev, NULL, NULL, NULL, NULL },
	{ "route", PFS_FILE, 0444, 53, procfs_net_route, NULL, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct pfs_node procfs_root_nodes[] = {
	{ "cpuinfo", PFS_FILE, 0444, 3, procfs_cpuinfo, NULL, NULL, NULL, NULL },
	{ "filesystems", PFS_FILE, 0444, 4, procfs_filesystems, NULL, NULL, NULL, NULL },
	{ "kprof", PFS_FILE, 0400, 60, procfs_kprof, NULL, NULL, NULL, NULL },
	{ "loadavg", PFS_FILE, 0444, 5, procfs_loadavg, NULL, NULL, NULL, NULL },
	{ "meminfo", PFS_FILE, 0444, 6, procfs_meminfo, NULL, NULL, NULL, NULL },
	{ "mounts", PFS_FILE, 0444, 7, procfs_mounts, NULL, NULL, NULL, NULL },
	{ "net", PFS_DIR, 0555, 50, NULL, procfs_net_nodes, NULL, NULL, NULL },
	{ "self", PFS_LINK, 0777, 8, procfs_self, NULL, NULL, NULL, NULL },
	{ "stat", PFS_FILE, 0444, 16, procfs_stat, NULL, NULL, NULL, NULL },
	{ "sys", PFS_DIR, 0555, 19, NULL, NULL, &procfs_sys_dyn, NULL, NULL },
	{ "uptime", PFS_FILE, 0444, 9, procfs_uptime, NULL, NULL, NULL, NULL },
	{ "version", PFS_FILE, 0444, 15, procfs_version, NULL, NULL, NULL, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, NULL, NULL },
};

static const struct pfs_node procfs_root =
	{ "/", PFS_DIR, 0555, 1, NULL, procfs_root_nodes, &procfs_pids, NULL, NULL };

/* A process's files belong to its effective user, as on Linux. */
static int
procfs_attr(const struct pfs_node *pn, uint64_t id, struct vattr *vap)
{
	if (id == 0)
		return (0);
	if (procfs_sys_node(pn))
		return (procfs_sys_attr(pn, id, vap));
	if (pn == &procfs_fd_link)
		return (procfs_fd_attr(id, vap));
	return (procfs_pid_owner((pid_t)id, &vap->va_uid, &vap->va_gid));
}

static const struct pfs_info procfs_info = { &procfs_root, PROC_SUPER_MAGIC, procfs_attr };

static int
procfs_mount(struct mount *mp, void *data)
{
	(void)data;
	return (pfs_mount(mp, &procfs_info));
}

static const struct vfsops procfs_vfsops = {
	.vfs_mount = procfs_mount,
	.vfs_unmount = pfs_unmount,
	.vfs_root = pfs_root,
	.vfs_statfs = pfs_statfs,
};
VFS_SET(procfs_vfsops, proc);
