/*
 * The `setkey` shell command: ipsec-tools' setkey over a kernel key
 * socket, using the portable parser/printer in net/ipsec/setkey.c.
 *
 *   setkey -c        read commands from the console (the shell has no
 *                    files to redirect from), one line at a time, until a
 *                    line holding only "." or Ctrl-D; Ctrl-C abandons the
 *                    rest.  Each line is echoed; errors print as they occur.
 *   setkey -D        dump the SADB          setkey -DP   dump the SPD
 *   setkey -F        flush the SADB         setkey -FP   flush the SPD
 *   setkey -x [N]    monitor: print every message the kernel sends up to
 *                    key sockets (EXPIRE, ACQUIRE, replies to others...)
 *                    until a key is pressed, or for N seconds at most.
 *
 * The exit status is 0 when every command succeeded, 1 otherwise.
 */
#include <sys/systm.h>
#include <sys/cons.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sanpo/getopt.h>
#include <sanpo/lineedit.h>
#include <sanpo/parse.h>

#include "net/net_platform.h"
#include "net/ipsec/setkey.h"

MALLOC_DEFINE(M_SETKEY, "setkey", "setkey command state and buffers");

#define SETKEY_PID	1	/* sadb_msg_pid of the shell's setkey */
#define SETKEY_LINE	1024	/* bytes of one -c input line */

static void
setkey_put(void *arg __unused, const char *s)
{
	printf("%s", s);
}

static int
setkey_commands(struct setkey *sk)
{
	char *line = malloc(SETKEY_LINE, M_SETKEY, M_WAITOK | M_ZERO);
	int n;

	for (;;) {
		n = cngets(line, SETKEY_LINE, 1);
		if (n == LINEEDIT_INTR) {
			sk->pend = 0;
			break;
		}
		if (n == LINEEDIT_EOF || strcmp(line, ".") == 0)
			break;
		setkey_feed(sk, line);
	}
	free(line, M_SETKEY);
	return (setkey_finish(sk));
}

/* -x: print what the kernel sends up until a key press or `secs`. */
static int
setkey_monitor(struct setkey *sk, uint64_t secs)
{
	uint64_t end = net_uptime_ms() + secs * 1000;

	if (setkey_monitor_start(sk) != 0)
		return (1);
	printf("setkey: monitoring%s; press a key to stop\n",
	    secs ? " (time limited)" : "");
	while (cncheckc() < 0 && (secs == 0 || net_uptime_ms() < end))
		setkey_monitor_once(sk, 100);
	printf("setkey: monitor stopped\n");
	return (0);
}

/* The one action the flags ask for; 0 when they do not make one. */
static int
setkey_action(int argc, char **argv, int *policy, uint64_t *secs)
{
	struct getopt_state g = GETOPT_INIT;
	int ch, action = 0;

	*policy = 0;
	*secs = 0;
	while ((ch = getopt_r(&g, argc, argv, "cDFPx")) != -1) {
		switch (ch) {
		case 'c': case 'D': case 'F': case 'x':
			if (action != 0)
				return (0);
			action = ch;
			break;
		case 'P':
			*policy = 1;
			break;
		default:
			printf("setkey: %s\n", g.err);
			return (0);
		}
	}
	if (*policy && action != 'D' && action != 'F')
		return (0);
	/* -x takes an optional limit in seconds; nothing else an operand. */
	if (action == 'x' && g.ind == argc - 1) {
		if (parse_uint(argv[g.ind], 10, 1000000, secs) != 0 || *secs == 0)
			return (0);
	} else if (g.ind != argc)
		return (0);
	return (action);
}

static int
cmd_setkey(int argc, char **argv)
{
	struct setkey *sk;
	uint64_t secs;
	int action, policy, error;

	if ((action = setkey_action(argc, argv, &policy, &secs)) == 0)
		return (shell_usage(argv[0], NULL));
	sk = malloc(sizeof(*sk), M_SETKEY, M_WAITOK | M_ZERO);
	if (setkey_open(sk, setkey_put, NULL, SETKEY_PID) != 0) {
		printf("setkey: cannot open a key socket\n");
		free(sk, M_SETKEY);
		return (1);
	}
	switch (action) {
	case 'c':
		error = setkey_commands(sk);
		break;
	case 'D':
		error = setkey_dump(sk, policy) != 0 && sk->errors != 0;
		break;
	case 'F':
		error = setkey_flush(sk, policy);
		break;
	default:
		error = setkey_monitor(sk, secs);
		break;
	}
	setkey_close(sk);
	free(sk, M_SETKEY);
	return (error != 0);
}
SHELL_COMMAND(setkey, cmd_setkey, "setkey -c | -D[P] | -F[P] | -x [seconds]",
    "IPsec keys and policies (ipsec-tools syntax; -c reads until \".\")");
