/*
 * kldunload(8): unload files the kernel linker loaded, by name or by id
 * (kldstat's Id), with FreeBSD's options and messages.  The kernel prints
 * why it refused (a module busy, another file needing this one) on the
 * console; this program reports the errno and exits 1.  Needs root.
 *
 *   kldunload [-fv] -i id ...
 *   kldunload [-fv] [-n] name ...
 *     -f  even if a module says it is busy (MOD_QUIESCE's refusal ignored)
 *     -v  "Unloading NAME, id=N"
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/kldsys.h>

#include "user/lib/getopt/bsd_getopt.h"

static void
usage(void)
{
	fprintf(stderr, "usage: kldunload [-fv] -i id ...\n"
	    "       kldunload [-fv] [-n] name ...\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	struct kld_file_stat st;
	int ch, errors = 0, fileid, by_id = 0, verbose = 0, flags = LINKER_UNLOAD_NORMAL;
	char *end;
	long v;

	while ((ch = bsd_getopt(argc, argv, "finv")) != -1) {
		switch (ch) {
		case 'f':
			flags = LINKER_UNLOAD_FORCE;
			break;
		case 'i':
			by_id = 1;
			break;
		case 'n':	/* names (the default) */
			by_id = 0;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		usage();
	for (; argc > 0; argc--, argv++) {
		if (by_id) {
			errno = 0;
			v = strtol(argv[0], &end, 10);
			if (errno != 0 || *end != '\0' || end == argv[0] || v <= 0 || v > 0x7fffffff)
				errx(1, "Invalid ID %s", argv[0]);
			fileid = (int)v;
		} else if ((fileid = kldfind(argv[0])) < 0) {
			warn("can't find file %s", argv[0]);
			errors++;
			continue;
		}
		if (verbose) {
			memset(&st, 0, sizeof(st));
			st.version = sizeof(st);
			if (kldstat(fileid, &st) < 0)
				err(1, "can't stat file");
			printf("Unloading %s, id=%d\n", st.name, fileid);
		}
		if (kldunloadf(fileid, flags) < 0) {
			warn("can't unload file");
			errors++;
		}
	}
	return (errors ? 1 : 0);
}
