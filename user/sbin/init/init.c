/*
 * init: process 1, the first program the kernel runs once its start-up is
 * done (the third stage, as on FreeBSD).  For now it does what a small
 * system needs: it makes the console its standard input and output, runs
 * /etc/rc with /bin/sh, then keeps a shell on the console -- in a session
 * of its own with the console as its controlling terminal, started again
 * whenever it exits -- and reaps every child, including the orphans the
 * kernel gives to process 1.
 *
 * Built with musl-gcc, static (user/user.mk).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE	"/dev/console"
#define SHELL	"/bin/sh"
#define RC	"/etc/rc"

static char *const shell_env[] = {
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin", "HOME=/root", "SHELL=/bin/sh", "USER=root",
	"LOGNAME=root", "TERM=vt100", NULL,
};

static void
say(const char *msg)
{
	(void)write(2, msg, strlen(msg));
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
spawn(char *const argv[], int ctty)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (ctty && (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0))
			fprintf(stderr, "init: no controlling terminal for %s: %s\n", argv[0],
			    strerror(errno));
		execve(argv[0], argv, shell_env);
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
	if ((pid = spawn(argv, 0)) < 0)
		return;
	status = reap_until(pid);
	if (status != 0)
		fprintf(stderr, "init: %s ended with status %d\n", RC,
		    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

int
main(void)
{
	char *const argv[] = { SHELL, "-l", NULL };
	time_t started;
	int fast = 0;
	pid_t pid;

	if (getpid() != 1) {
		say("init: must be process 1\n");
		return (1);
	}
	console_setup();
	run_rc();
	for (;;) {
		started = time(NULL);
		if ((pid = spawn(argv, 1)) < 0) {
			sleep(1);
			continue;
		}
		reap_until(pid);
		/* A shell that dies at once, again and again: do not spin. */
		fast = time(NULL) - started < 2 ? fast + 1 : 0;
		if (fast >= 3) {
			say("init: the shell keeps exiting; waiting 5 seconds\n");
			sleep(5);
			fast = 0;
		}
	}
}
