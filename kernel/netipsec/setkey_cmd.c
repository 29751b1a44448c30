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
#include <sanpo/lineedit.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/shell.h>

#include "net/net_platform.h"
#include "net/ipsec/key.h"
#include "net/ipsec/keysock.h"
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
	uint8_t *buf = malloc(KEY_MSG_MAX, M_SETKEY, M_WAITOK);
	uint64_t end = net_uptime_ms() + secs * 1000;
	int n;

	if (setkey_monitor_start(sk) != 0) {
		free(buf, M_SETKEY);
		return (1);
	}
	printf("setkey: monitoring%s; press a key to stop\n",
	    secs ? " (time limited)" : "");
	while (cncheckc() < 0 && (secs == 0 || net_uptime_ms() < end)) {
		n = key_socket_recv(sk->so, buf, KEY_MSG_MAX, 100);
		if (n > 0)
			setkey_print_msg(sk, buf, (size_t)n);
	}
	free(buf, M_SETKEY);
	printf("setkey: monitor stopped\n");
	return (0);
}

static int
setkey_usage(void)
{
	printf("usage: setkey -c | -D | -DP | -F | -FP | -x [seconds]\n");
	return (1);
}

static int
cmd_setkey(int argc, char **argv)
{
	struct setkey *sk;
	uint64_t secs = 0;
	int error;

	if (argc < 2 || argc > 3)
		return (setkey_usage());
	sk = malloc(sizeof(*sk), M_SETKEY, M_WAITOK | M_ZERO);
	if (setkey_open(sk, setkey_put, NULL, SETKEY_PID) != 0) {
		printf("setkey: cannot open a key socket\n");
		free(sk, M_SETKEY);
		return (1);
	}
	if (strcmp(argv[1], "-c") == 0 && argc == 2)
		error = setkey_commands(sk);
	else if (strcmp(argv[1], "-D") == 0 && argc == 2)
		error = setkey_dump(sk, 0) != 0 && sk->errors != 0;
	else if (strcmp(argv[1], "-DP") == 0 && argc == 2)
		error = setkey_dump(sk, 1) != 0 && sk->errors != 0;
	else if (strcmp(argv[1], "-F") == 0 && argc == 2)
		error = setkey_flush(sk, 0);
	else if (strcmp(argv[1], "-FP") == 0 && argc == 2)
		error = setkey_flush(sk, 1);
	else if (strcmp(argv[1], "-x") == 0) {
		if (argc == 3) {
			const char *p;

			for (p = argv[2]; *p >= '0' && *p <= '9' && secs < 1000000; p++)
				secs = secs * 10 + (uint64_t)(*p - '0');
			if (*p != '\0' || secs == 0) {
				setkey_close(sk);
				free(sk, M_SETKEY);
				return (setkey_usage());
			}
		}
		error = setkey_monitor(sk, secs);
	} else
		error = setkey_usage();
	setkey_close(sk);
	free(sk, M_SETKEY);
	return (error != 0);
}
SHELL_COMMAND(setkey, cmd_setkey, "setkey -c | -D | -DP | -F | -FP | -x [s]",
    "IPsec keys and policies (ipsec-tools syntax; -c reads until \".\")");
