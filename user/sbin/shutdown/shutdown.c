/*
 * shutdown: FreeBSD's shutdown(8) for the one case a small system needs,
 * stopping now: `shutdown -p now` powers off, `-r` reboots, `-h` halts.
 * It asks init (process 1) by the signals busybox's poweroff/reboot/halt
 * send (SIGUSR2, SIGTERM, SIGUSR1); init ends every process and the kernel
 * syncs and unmounts the disks before it stops.  A later time is refused:
 * nothing here would wait for it.
 *
 * Built with musl-gcc, static (user/user.mk).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "user/lib/getopt/bsd_getopt.h"

static int
usage(const char *why)
{
	fprintf(stderr, "shutdown: %s\nusage: shutdown -p | -r | -h now [message]\n", why);
	return (1);
}

int
main(int argc, char **argv)
{
	int ch, sig = 0;

	while ((ch = bsd_getopt(argc, argv, "phr")) != -1) {
		switch (ch) {
		case 'p':
			sig = SIGUSR2;
			break;
		case 'h':
			sig = SIGUSR1;
			break;
		case 'r':
			sig = SIGTERM;
			break;
		default:
			return (usage("unknown option"));
		}
	}
	if (sig == 0)
		return (usage("say how: -p (power off), -r (reboot) or -h (halt)"));
	if (optind == argc)
		return (usage("no time given"));
	if (strcmp(argv[optind], "now") != 0 && strcmp(argv[optind], "+0") != 0)
		return (usage("only 'now' is supported"));
	if (optind + 1 < argc) {
		for (ch = optind + 1; ch < argc; ch++)
			printf("%s%s", argv[ch], ch + 1 < argc ? " " : "\n");
	}
	printf("Shutdown NOW!\n");
	fflush(stdout);
	if (kill(1, sig) != 0) {
		fprintf(stderr, "shutdown: cannot signal init: %s\n", strerror(errno));
		return (1);
	}
	return (0);
}
