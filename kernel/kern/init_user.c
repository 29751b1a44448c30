/*
 * The third start-up stage: user space.  After the last SYSINIT the
 * kernel creates process 1 and execs init in it -- the first path of the
 * loader variable init_path (colon-separated, as on FreeBSD; default
 * /sbin/init) that can be started.  If none can, the kernel says why for
 * each and gives its own shell; when init exits, the kernel says so and
 * gives its shell too.
 *
 * The kernel shell is also the kernel's debugger console: the loader
 * variable kern.kshell="YES" boots straight into it instead of init (the
 * boot tests of kernel services use that).
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/filedesc.h>
#include <sys/imgact.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/signalvar.h>
#include <sys/time.h>
#include <sys/ucred.h>
#include <machine/frame.h>
#include <vm/vm_map.h>
#include <geom/geom_disk.h>

#define INIT_PATH_DEFAULT	"/sbin/init"

static void
shell_thread(void *arg)
{
	(void)arg;
	shell_main();
}

/* The kernel shell takes over the console. */
static void
start_kernel_shell(void)
{
	kthread_create(shell_thread, NULL, PRI_KERN, NOCPU, "shell");
}

void
kernel_init_exited(int xexit, int xsig)
{
	if (xsig != 0)
		printf("init (pid 1) was killed by signal %d%s; the kernel shell takes over\n",
		    xsig & 0x7f, (xsig & 0x80) ? " (core dumped)" : "");
	else
		printf("init (pid 1) exited with status %d; the kernel shell takes over\n",
		    xexit);
	start_kernel_shell();
}

/*
 * The rc.conf variables /etc/rc acts on (loader variables, which the
 * kernel hands init in its environment as Linux hands it the boot
 * parameters it does not know; init hands them to rc): the host name and
 * the network configuration (FreeBSD's rc.d/netif and routing), IPsec's
 * keys and policies (rc.d/ipsec), forwarding (gateway_enable, rc.d/routing).
 */
static int
rc_var_wanted(const char *name)
{
	static const char *const names[] = { "hostname", "defaultrouter",
	    "static_routes", "ipsec_enable", "ipsec_file", "gateway_enable" };
	static const char *const prefixes[] = { "ifconfig_", "route_" };
	size_t i;

	for (i = 0; i < nitems(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (1);
	for (i = 0; i < nitems(prefixes); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return (1);
	return (0);
}

#define RC_ENV_MAX	32	/* variables passed on */
#define RC_ENV_LEN	256	/* bytes of one, "name=value" */

struct rc_env {
	char		 buf[RC_ENV_MAX][RC_ENV_LEN];
	const char	**envp;
	size_t		 n, max;
};

static void
rc_env_add(const char *name, const char *value, void *arg)
{
	struct rc_env *e = arg;

	if (!rc_var_wanted(name))
		return;
	if (e->n >= e->max) {
		printf("init: more than %d rc.conf variables; %s not passed on\n",
		    RC_ENV_MAX, name);
		return;
	}
	if ((size_t)snprintf(e->buf[e->n], RC_ENV_LEN, "%s=%s", name, value) >= RC_ENV_LEN) {
		printf("init: loader variable %s too long, not passed on\n", name);
		return;
	}
	e->envp[e->n] = e->buf[e->n];
	e->n++;
}

/* Process 1's own thread, in the kernel: exec init, then user mode. */
static void
start_init(void *arg)
{
	struct thread *td = curthread;
	const char *paths = arg, *p, *end;
	static struct rc_env rc;
	const char *envp[4 + RC_ENV_MAX] = { "HOME=/", "TERM=vt100",
	    "PATH=/sbin:/bin:/usr/sbin:/usr/bin" };
	size_t nenv = 3;
	char path[256];
	const char *argv[3];
	struct exec_args a;
	int error;

	rc.envp = envp + nenv;
	rc.max = RC_ENV_MAX;
	kenv_foreach(rc_env_add, &rc);
	nenv += rc.n;
	envp[nenv] = NULL;
	for (p = paths; *p != '\0'; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) >= sizeof(path) || end == p)
			continue;
		memcpy(path, p, (size_t)(end - p));
		path[end - p] = '\0';
		memset(&a, 0, sizeof(a));
		argv[0] = path;
		argv[1] = (boothowto & RB_SINGLE) ? "-s" : NULL;	/* as FreeBSD's init gets */
		argv[2] = NULL;
		a.kargv = argv;
		a.kenvp = envp;
		error = kern_execve(td, path, &a);
		if (error == EJUSTRETURN) {
			if (bootverbose)
				printf("init: started %s as pid 1\n", path);
			cpu_user_enter(td);
		}
		printf("init: cannot start %s: %s\n", path, errno_name(error));
	}
	printf("init: no init could be started (init_path=\"%s\")\n", paths);
	exit1(td, 127, 0);
}

/* Builds process 1 (no parent, its own session and group) around start_init. */
static int
create_init(const char *paths)
{
	struct proc *p;
	struct thread *td;
	pid_t pid;

	if ((p = proc_alloc()) == NULL || (pid = pid_alloc()) != 1)
		return (ENOMEM);
	p->p_pid = pid;
	pid_hold(pid);
	p->p_ucred = crhold(proc0_ucred);
	memcpy(p->p_rlimit, rlimit_defaults, sizeof(p->p_rlimit));
	strlcpy(p->p_comm, "init", sizeof(p->p_comm));
	p->p_exitsig = SIGCHLD;
	p->p_start_us = uptime_ns() / 1000;
	p->p_fd = fdinit();		/* no files: init opens the console itself */
	p->p_pd = pdinit();		/* cwd and root at the root file system's root */
	if ((p->p_sigacts = sigacts_alloc()) == NULL ||
	    (p->p_vmspace = vmspace_alloc()) == NULL ||
	    (td = user_thread_alloc(p, pid)) == NULL)
		return (ENOMEM);
	td->td_func = start_init;
	td->td_arg = (void *)paths;
	cpu_thread_setup(td);
	TAILQ_INSERT_TAIL(&p->p_threads, td, td_plist);
	p->p_numthreads = 1;
	mtx_lock(&proctree_lock);
	proc_hash(p);
	thread_hash(td);
	if (enterpgrp(p, pid, 1) != 0) {
		mtx_unlock(&proctree_lock);
		return (ENOMEM);
	}
	p->p_state = PRS_NORMAL;
	initproc = p;
	mtx_unlock(&proctree_lock);
	thread_link(td);
	sched_add(td);
	return (0);
}

/* The first thread the scheduler runs (kern_shell.c's last SYSINIT starts it). */
void
start_userland(void *arg)
{
	const char *paths = kern_getenv("init_path");

	(void)arg;
	/* The disks found at start-up, looked at first (FreeBSD's g_waitidle before mountroot). */
	g_waitidle();
	if (getenv_is_true("kern.kshell")) {
		printf("kern.kshell is set: the kernel shell instead of init\n");
		shell_main();
	}
	if (paths == NULL || paths[0] == '\0')
		paths = INIT_PATH_DEFAULT;
	if (create_init(paths) != 0) {
		printf("init: no memory to create process 1; the kernel shell takes over\n");
		shell_main();
	}
}
