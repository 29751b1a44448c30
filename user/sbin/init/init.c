/*
 * init: process 1, the first program the kernel runs once its start-up is
 * done (the third stage, as on FreeBSD).  For now it does what a small
 * system needs: it makes the console its standard input and output (with
 * -s, boot -s, it first gives a root shell: single-user mode), runs
 * /etc/rc with /bin/sh, then keeps a login on the console -- busybox's
 * getty, which makes the console the controlling terminal of a session of
 * its own, asks the name and hands over to login(1) for the password and
 * the user's shell; started again whenever it exits (a logout gives a new
 * `login:`) -- and reaps every child, including the orphans the kernel
 * gives to process 1.  Asked to stop (SIGUSR2 power off, SIGUSR1
 * halt, SIGTERM reboot: what busybox's poweroff/halt/reboot and
 * shutdown(8) send), it ends every other process and has the kernel sync,
 * unmount and stop.
 *
 * Built with musl-gcc, static (user/user.mk).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE	"/dev/console"
#define SHELL	"/bin/sh"
#define RC	"/etc/rc"
#define GETTY	"/sbin/getty"

extern char **environ;	/* the kernel's, with rc.conf's variables */

static char *const shell_env[] = {
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin", "HOME=/root", "SHELL=/bin/sh", "USER=root",
	"LOGNAME=root", "TERM=vt100", NULL,
};

static void
say(const char *msg)
{
	(void)write(2, msg, strlen(msg));
}

/* The signal that asked init to stop the system; 0 while none did. */
static volatile sig_atomic_t stop_sig;

static void
on_stop(int sig)
{
	stop_sig = sig;
}

/*
 * Without SA_RESTART: the wait in reap_until() returns EINTR, so a stop
 * request is acted on at once.  exec gives children the default actions.
 */
static void
stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Every other process is asked to end (SIGTERM), given a second, then
 * killed (an interactive shell ignores SIGTERM); the kernel then syncs the
 * disks, unmounts and stops.  Returns only if reboot(2) failed.
 */
static void
stop_system(void)
{
	int sig = stop_sig, i;
	pid_t w;

	say(sig == SIGUSR2 ? "init: powering off\n" : sig == SIGUSR1 ? "init: halting\n" :
	    "init: rebooting\n");
	kill(-1, SIGTERM);
	sleep(1);
	kill(-1, SIGKILL);
	/* Their files closed before the unmount; a process that will not die is not waited for. */
	for (i = 0; i < 50; i++) {
		while ((w = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (w < 0 && errno == ECHILD)
			break;
		usleep(100000);
	}
	sync();
	reboot(sig == SIGUSR2 ? RB_POWER_OFF : sig == SIGUSR1 ? RB_HALT_SYSTEM : RB_AUTOBOOT);
	fprintf(stderr, "init: reboot: %s\n", strerror(errno));
	stop_sig = 0;
}

/* fds 0, 1 and 2 on the console, unless the kernel already gave us some. */
static void
console_setup(void)
{
	int fd;

	if (fcntl(0, F_GETFD) != -1 && fcntl(1, F_GETFD) != -1 && fcntl(2, F_GETFD) != -1)
		return;
	if ((fd = open(CONSOLE, O_RDWR)) < 0)
		return;		/* nowhere to talk to: carry on silently */
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

/*
 * ctty: the child leads a new session whose controlling terminal is the
 * console (opening /dev/console never makes it one, as on Linux), so that
 * the shell has job control: ^C, ^Z, fg, bg.
 */
static pid_t
spawn(char *const argv[], int ctty, char *const env[])
{
	pid_t pid = fork();

	if (pid == 0) {
		if (ctty && (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0))
			fprintf(stderr, "init: no controlling terminal for %s: %s\n", argv[0],
			    strerror(errno));
		execve(argv[0], argv, env);
		fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "init: fork: %s\n", strerror(errno));
	return (pid);
}

/* Wait for pid, reaping whatever else exits meanwhile; its wait status. */
static int
reap_until(pid_t pid)
{
	int status;
	pid_t w;

	for (;;) {
		if (stop_sig != 0) {
			stop_system();
			return (-1);
		}
		w = wait(&status);
		if (w == pid)
			return (status);
		if (w < 0 && errno != EINTR)
			return (-1);
	}
}

static void
run_rc(void)
{
	char *const argv[] = { SHELL, RC, NULL };
	pid_t pid;
	int status;

	if (access(RC, R_OK) != 0)
		return;
	/* init's own environment: the kernel's, with rc.conf's variables (hostname=). */
	if ((pid = spawn(argv, 0, environ)) < 0)
		return;
	status = reap_until(pid);
	if (status != 0)
		fprintf(stderr, "init: %s ended with status %d\n", RC,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

/*
 * boot -s (RB_SINGLE: the kernel passes -s): a root shell on the console
 * before /etc/rc runs, asking no password, as FreeBSD's single-user mode
 * gives; when it exits, start-up goes on to multi-user.  Only the root
 * file system and /dev are there: /etc/rc mounts the rest.
 */
static void
single_user(void)
{
	char *const argv[] = { SHELL, NULL };
	pid_t pid;

	say("init: single-user mode; exit the shell to go on to multi-user\n");
	if ((pid = spawn(argv, 1, shell_env)) > 0)
		reap_until(pid);
	say("init: going on to multi-user\n");
}

/*
 * What runs on the console in multi-user mode: getty (-L: a local line,
 * no carrier to wait for), which leads its own session and takes the
 * console as its controlling terminal (TIOCSCTTY) itself; a root login
 * shell if an image has no getty.
 */
static pid_t
spawn_console(void)
{
	char *const gettyargv[] = { GETTY, "-L", "115200", "console", "vt100", NULL };
	char *const shargv[] = { SHELL, "-l", NULL };

	if (access(GETTY, X_OK) == 0)
		return (spawn(gettyargv, 0, shell_env));
	return (spawn(shargv, 1, shell_env));
}

int
main(int argc, char **argv)
{
	time_t started;
	int fast = 0;
	pid_t pid;

	if (getpid() != 1) {
		say("init: must be process 1\n");
		return (1);
	}
	console_setup();
	stop_signals();
	if (argc > 1 && strcmp(argv[1], "-s") == 0)
		single_user();
	run_rc();
	for (;;) {
		started = time(NULL);
		if ((pid = spawn_console()) < 0) {
			sleep(1);
			continue;
		}
		reap_until(pid);
		/* A login that dies at once, again and again: do not spin. */
		fast = time(NULL) - started < 2 ? fast + 1 : 0;
		if (fast >= 3) {
			say("init: the console login keeps exiting; waiting 5 seconds\n");
			sleep(5);
			fast = 0;
		}
	}
}
