/*
 * The small Linux system calls with no better home: uname, sethostname, sysinfo,
 * set_tid_address, prctl (names, dumpable, parent-death signal),
 * getrandom (the kernel CSPRNG), sched_yield and CPU affinity.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/random.h>
#include <sys/sysctl.h>
#include <sys/sysproto.h>
#include <sys/time.h>
#include <sys/ucred.h>
#include <vm/vm_phys.h>
#include <vm/vm_page.h>

#define PR_SET_PDEATHSIG	1
#define PR_GET_PDEATHSIG	2
#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39

#define GRND_NONBLOCK		0x1
#define GRND_RANDOM		0x2
#define GRND_INSECURE		0x4

/*
 * What uname says.  The system name is "Linux" (programs are Linux
 * programs and ask); the release says which Sanpo it is, with a Linux
 * version number libc accepts (sysctl compat.linux.osrelease, as on
 * FreeBSD's Linux emulation).
 */
char	linux_osrelease[65] = "6.1.0-sanpo-" SANPO_VERSION;
static char	hostname[65] = "sanpo";
static const char *linux_osrelease_p = linux_osrelease;
SYSCTL_STRING("compat.linux.osrelease", &linux_osrelease_p, "release uname(2) reports");

static struct mtx hostname_mtx;	/* uname never sees half a new name */

static void
hostname_init(const void *dummy __unused)
{
	mtx_init(&hostname_mtx, "hostname", MTX_DEF);
}
SYSINIT(hostname, SI_SUB_KTHREAD_INIT, SI_ORDER_ANY, hostname_init, NULL);

/* The one place the name changes: sethostname(2) and the sysctl's store. */
static void
hostname_set(const char name[sizeof(hostname)])
{
	mtx_lock(&hostname_mtx);
	memcpy(hostname, name, sizeof(hostname));
	mtx_unlock(&hostname_mtx);
}

static void
hostname_handler(char *buf, size_t len)
{
	mtx_lock(&hostname_mtx);
	strlcpy(buf, hostname, len);
	mtx_unlock(&hostname_mtx);
}

/*
 * /proc/sys/kern/hostname (Linux's /proc/sys/kernel/hostname): a longer
 * name is EINVAL where Linux cuts it short, so that nothing is set that
 * was not asked for.
 */
static int
hostname_store(const struct sysctl_oid *o, const char *value)
{
	char name[sizeof(hostname)];
	size_t len = strlen(value);

	(void)o;
	if (len > sizeof(hostname) - 1)
		return (EINVAL);
	memset(name, 0, sizeof(name));
	memcpy(name, value, len);
	hostname_set(name);
	return (0);
}
SYSCTL_PROC_RW("kern.hostname", hostname_handler, hostname_store, "host name");

struct l_utsname {
	char	sysname[65], nodename[65], release[65], version[65], machine[65],
		domainname[65];
};

int
sys_uname(struct thread *td, struct uname_args *uap)
{
	struct l_utsname u;

	(void)td;
	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	mtx_lock(&hostname_mtx);
	strlcpy(u.nodename, hostname, sizeof(u.nodename));
	mtx_unlock(&hostname_mtx);
	strlcpy(u.release, linux_osrelease, sizeof(u.release));
	strlcpy(u.version, "#1 Sanpo " SANPO_VERSION, sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return (copyout(&u, uap->buf, sizeof(u)));
}

/*
 * Linux's order: privilege (CAP_SYS_ADMIN), then the length (0..64, else
 * EINVAL), then the name (EFAULT).  The name is len bytes, NULs and all.
 */
int
sys_sethostname(struct thread *td, struct sethostname_args *uap)
{
	char name[sizeof(hostname)];
	int error;

	if ((error = priv_check_cred(td->td_ucred, CAP_SYS_ADMIN)) != 0)
		return (error);
	if (uap->len < 0 || uap->len > (int)sizeof(hostname) - 1)
		return (EINVAL);
	memset(name, 0, sizeof(name));
	if ((error = copyin(uap->hostname, name, (size_t)uap->len)) != 0)
		return (error);
	hostname_set(name);
	return (0);
}

struct l_sysinfo {
	int64_t		uptime;
	uint64_t	loads[3];
	uint64_t	totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t	procs, pad;
	uint64_t	totalhigh, freehigh;
	uint32_t	mem_unit;
	char		f[4];
};

int
sys_sysinfo(struct thread *td, struct sysinfo_args *uap)
{
	struct l_sysinfo si;
	uint64_t loads[3];
	int i;

	(void)td;
	memset(&si, 0, sizeof(si));
	si.uptime = (int64_t)(uptime_ns() / NSEC_PER_SEC);
	si.totalram = vm_phys_real_memory();
	si.freeram = vm_phys_free_pages() * 4096;
	sched_loadavg(loads);
	for (i = 0; i < 3; i++)		/* Linux's SI_LOAD_SHIFT: 16 bits of fraction */
		si.loads[i] = loads[i] << (16 - LOADAV_SHIFT);
	si.procs = (uint16_t)nprocs;
	si.mem_unit = 1;
	return (copyout(&si, uap->info, sizeof(si)));
}

int
sys_set_tid_address(struct thread *td, struct set_tid_address_args *uap)
{
	td->td_clear_child_tid = (uint64_t)uap->tidptr;
	td->td_retval[0] = (uint64_t)td->td_tid;
	return (0);
}

int
sys_prctl(struct thread *td, struct prctl_args *uap)
{
	struct proc *p = td->td_proc;
	char name[16];
	int error;

	if ((error = cred_prctl(td, uap->option, uap->arg2, uap->arg3, uap->arg4,
	    uap->arg5)) != ENOENT)
		return (error);
	switch (uap->option) {
	case PR_SET_NAME:
		memset(name, 0, sizeof(name));
		error = copyinstr((const void *)uap->arg2, name, sizeof(name), NULL);
		if (error != 0 && error != ENAMETOOLONG)
			return (error);
		name[sizeof(name) - 1] = '\0';	/* Linux truncates to 15 bytes */
		strlcpy(td->td_name, name, sizeof(td->td_name));
		if (td->td_tid == p->p_pid) {
			mtx_lock(&p->p_mtx);
			strlcpy(p->p_comm, name, sizeof(p->p_comm));
			mtx_unlock(&p->p_mtx);
		}
		return (0);
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		strlcpy(name, td->td_name, sizeof(name));
		return (copyout(name, (void *)uap->arg2, sizeof(name)));
	case PR_SET_DUMPABLE:
		if (uap->arg2 > 1)
			return (EINVAL);
		p->p_dumpable = (int)uap->arg2;
		return (0);
	case PR_GET_DUMPABLE:
		td->td_retval[0] = (uint64_t)p->p_dumpable;
		return (0);
	case PR_SET_PDEATHSIG:
		if (uap->arg2 > NSIG)
			return (EINVAL);
		p->p_pdeathsig = (int)uap->arg2;
		return (0);
	case PR_GET_PDEATHSIG:
		return (copyout(&p->p_pdeathsig, (void *)uap->arg2, sizeof(int)));
	case PR_SET_NO_NEW_PRIVS:	/* once set, for good (exec: cred_for_exec) */
		if (uap->arg2 != 1 || uap->arg3 != 0 || uap->arg4 != 0 || uap->arg5 != 0)
			return (EINVAL);
		mtx_lock(&p->p_mtx);
		p->p_flag |= P_NNP;
		mtx_unlock(&p->p_mtx);
		return (0);
	case PR_GET_NO_NEW_PRIVS:
		if (uap->arg2 != 0 || uap->arg3 != 0 || uap->arg4 != 0 || uap->arg5 != 0)
			return (EINVAL);
		td->td_retval[0] = (p->p_flag & P_NNP) != 0;
		return (0);
	}
	return (EINVAL);
}

int
sys_getrandom(struct thread *td, struct getrandom_args *uap)
{
	uint8_t buf[256];
	size_t done = 0, n;
	int error;

	if (uap->flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return (EINVAL);
	if ((uap->flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
		return (EINVAL);
	if (!random_seeded() && (uap->flags & GRND_NONBLOCK) && !(uap->flags & GRND_INSECURE))
		return (EAGAIN);
	if (uap->count > 0x1ffffff)		/* Linux caps one call at 32 MiB - 1 */
		uap->count = 0x1ffffff;
	while (done < uap->count) {
		n = uap->count - done < sizeof(buf) ? uap->count - done : sizeof(buf);
		arc4random_buf(buf, n);
		if ((error = copyout(buf, (uint8_t *)uap->buf + done, n)) != 0) {
			if (done > 0)
				break;
			return (error);
		}
		done += n;
	}
	memset(buf, 0, sizeof(buf));
	__asm__ volatile("" :: "r"(buf) : "memory");	/* the key stream stays unread */
	td->td_retval[0] = done;
	return (0);
}

int
sys_sched_yield(struct thread *td, struct sched_yield_args *uap __unused)
{
	(void)td;
	sched_yield();
	return (0);
}

/* The thread an affinity call names (0: the caller), proctree_lock held. */
static struct thread *
affinity_target(struct thread *td, pid_t pid)
{
	return (pid == 0 ? td : tdfind(pid, -1));
}

static uint64_t
online_mask(void)
{
	return (mp_ncpus >= 64 ? ~0ULL : (1ULL << mp_ncpus) - 1);
}

/*
 * Affinity: a mask naming exactly one CPU binds the thread to it; a mask
 * naming several leaves it free to run on any CPU (Sanpo keeps no partial
 * sets: the mask reads back as every CPU then).
 */
int
sys_sched_getaffinity(struct thread *td, struct sched_getaffinity_args *uap)
{
	struct thread *t;
	uint64_t mask;
	int error = 0;

	if (uap->len < sizeof(uint64_t) || (uap->len & 7) != 0)
		return (EINVAL);
	mtx_lock(&proctree_lock);
	if ((t = affinity_target(td, uap->pid)) == NULL)
		error = ESRCH;
	else
		mask = t->td_bound != NOCPU ? 1ULL << t->td_bound : online_mask();
	mtx_unlock(&proctree_lock);
	if (error != 0)
		return (error);
	if ((error = copyout(&mask, uap->user_mask_ptr, sizeof(mask))) != 0)
		return (error);
	if (uap->len > sizeof(mask) && (error = uzero((uint8_t *)uap->user_mask_ptr +
	    sizeof(mask), uap->len - sizeof(mask))) != 0)
		return (error);
	td->td_retval[0] = sizeof(mask);
	return (0);
}

int
sys_sched_setaffinity(struct thread *td, struct sched_setaffinity_args *uap)
{
	struct thread *t;
	uint64_t mask;
	int error = 0, cpu;

	if (uap->len < sizeof(mask))
		return (EINVAL);
	if ((error = copyin(uap->user_mask_ptr, &mask, sizeof(mask))) != 0)
		return (error);
	mask &= online_mask();
	if (mask == 0)
		return (EINVAL);
	cpu = (mask & (mask - 1)) == 0 ? __builtin_ctzll(mask) : NOCPU;
	mtx_lock(&proctree_lock);
	if ((t = affinity_target(td, uap->pid)) == NULL)
		error = ESRCH;
	else if (t != td)
		t->td_bound = cpu;
	mtx_unlock(&proctree_lock);
	if (error == 0 && t == td)
		sched_bind(td, cpu);
	return (error);
}

/* The CPU the caller runs on (it may move right after), and NUMA node 0. */
int
sys_getcpu(struct thread *td, struct getcpu_args *uap)
{
	unsigned int cpu = curcpu, node = 0;
	int error;

	(void)td;
	if (uap->cpu != NULL && (error = copyout(&cpu, uap->cpu, sizeof(cpu))) != 0)
		return (error);
	if (uap->node != NULL && (error = copyout(&node, uap->node, sizeof(node))) != 0)
		return (error);
	return (0);
}
