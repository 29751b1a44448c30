/*
 * setkey(8): manipulate the IPsec SA and SP databases over a PF_KEY socket,
 * with FreeBSD's options:
 *
 *   setkey -c          commands from standard input
 *   setkey -f file     commands from a file ("-": standard input)
 *   setkey -D [-P]     dump the SADB (-P: the SPD)
 *   setkey -F [-P]     flush the SADB (-P: the SPD)
 *   setkey -x          promiscuous: print every message the kernel sends
 *                      to key sockets (EXPIRE, ACQUIRE, others' replies)
 *                      until interrupted
 *
 * The command language, the messages and the output are the kernel's own
 * setkey code (net/ipsec/setkey.c, setkey_print.c, linked by prog.mk); this
 * file gives it a socket(PF_KEY, SOCK_RAW, PF_KEY_V2).  The exit status is
 * 0 when every command succeeded, 1 otherwise.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sanpo/pfkeyv2.h>

#include "user/lib/getopt/bsd_getopt.h"
#include "net/ipsec/setkey.h"

#define LINE_MAX_BYTES	4096	/* one input line */

static int keyfd = -1;

static void
usage(void)
{
	fprintf(stderr, "usage: setkey -c | -f file | -D [-P] | -F [-P] | -x\n");
	exit(1);
}

static void
put_stdout(void *arg, const char *s)
{
	(void)arg;
	fputs(s, stdout);
}

static int
sock_send(struct setkey *sk, const void *msg, size_t len)
{
	(void)sk;
	return (write(keyfd, msg, len) == (ssize_t)len ? 0 : -1);
}

/* One message within timeout_ms: its length, 0 for none, -1 on an error. */
static int
sock_recv(struct setkey *sk, void *buf, size_t len, uint32_t timeout_ms)
{
	struct pollfd p = { .fd = keyfd, .events = POLLIN };
	ssize_t n;
	int r;

	(void)sk;
	do
		r = poll(&p, 1, (int)timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return (0);
	if (r < 0)
		return (-1);
	n = recv(keyfd, buf, len, MSG_DONTWAIT);
	if (n < 0)
		return (errno == EAGAIN ? 0 : -1);
	return ((int)n);
}

static void
sock_close(struct setkey *sk)
{
	(void)sk;
	close(keyfd);
	keyfd = -1;
}

static const struct setkey_io sock_io = {
	.send = sock_send,
	.recv = sock_recv,
	.close = sock_close,
};

static int
commands(struct setkey *sk, FILE *f)
{
	char line[LINE_MAX_BYTES];

	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		setkey_feed(sk, line);
	}
	return (setkey_finish(sk));
}

int
main(int argc, char **argv)
{
	static struct setkey sk;	/* big: its command buffer */
	const char *file = NULL;
	FILE *f;
	int ch, action = 0, policy = 0, error;

	while ((ch = bsd_getopt(argc, argv, "cf:DFPx")) != -1) {
		switch (ch) {
		case 'f':
			file = optarg;
			/* FALLTHROUGH */
		case 'c': case 'D': case 'F': case 'x':
			if (action != 0)
				usage();
			action = ch;
			break;
		case 'P':
			policy = 1;
			break;
		default:
			usage();
		}
	}
	if (action == 0 || optind != argc || (policy && action != 'D' && action != 'F'))
		usage();
	if ((keyfd = socket(PF_KEY, SOCK_RAW, PF_KEY_V2)) < 0) {
		fprintf(stderr, "setkey: socket(PF_KEY): %s\n", strerror(errno));
		return (1);
	}
	setkey_init(&sk, &sock_io, NULL, put_stdout, NULL, (uint32_t)getpid());
	switch (action) {
	case 'c':
		error = commands(&sk, stdin);
		break;
	case 'f':
		if (strcmp(file, "-") == 0)
			f = stdin;
		else if ((f = fopen(file, "r")) == NULL) {
			fprintf(stderr, "setkey: %s: %s\n", file, strerror(errno));
			error = 1;
			break;
		}
		error = commands(&sk, f);
		if (f != stdin)
			fclose(f);
		break;
	case 'D':
		error = setkey_dump(&sk, policy) != 0 && sk.errors != 0;
		break;
	case 'F':
		error = setkey_flush(&sk, policy);
		break;
	default:
		/* Line-buffered, so each message shows as it comes. */
		setvbuf(stdout, NULL, _IOLBF, 0);
		if (setkey_monitor_start(&sk) != 0) {
			error = 1;
			break;
		}
		while (setkey_monitor_once(&sk, 1000) >= 0)
			;
		fprintf(stderr, "setkey: reading the key socket failed\n");
		error = 1;
		break;
	}
	setkey_close(&sk);
	fflush(stdout);
	return (error != 0);
}
