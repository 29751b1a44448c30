/*
 * kldload(8): link kernel modules into the running kernel, with FreeBSD's
 * options and messages.  A name without a '/' is looked up by the kernel
 * in kern.module_path ("/boot/kernel;/boot/modules": the ESP, mounted at
 * /boot by /etc/rc); a path is taken from the current directory.  The
 * kernel prints why a module was refused on the console; this program
 * says which one failed and exits 1.  Needs root (EPERM otherwise).
 *
 *   kldload [-nqv] file ...
 *     -n  a file already loaded is no error (FreeBSD: "load if needed")
 *     -q  quiet: no messages
 *     -v  "Loaded NAME, id=N"
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sanpo/kldsys.h>

#include "user/lib/getopt/bsd_getopt.h"

static void
usage(void)
{
	fprintf(stderr, "usage: kldload [-nqv] file ...\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	int ch, errors = 0, fileid, if_needed = 0, quiet = 0, verbose = 0;

	while ((ch = bsd_getopt(argc, argv, "nqv")) != -1) {
		switch (ch) {
		case 'n':
			if_needed = 1;
			break;
		case 'q':
			quiet = 1;
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
		if (if_needed && kldfind(argv[0]) >= 0)
			continue;	/* not even tried: no message from the kernel */
		if ((fileid = kldload(argv[0])) >= 0) {
			if (verbose)
				printf("Loaded %s, id=%d\n", argv[0], fileid);
			continue;
		}
		if (errno == EEXIST && if_needed)
			continue;
		errors++;
		if (quiet)
			continue;
		if (errno == EEXIST)
			warnx("can't load %s: module already loaded or in kernel", argv[0]);
		else if (errno == ENOEXEC)
			warnx("an error occurred while loading module %s. "
			    "Please check dmesg(8) for more details.", argv[0]);
		else
			warn("can't load %s", argv[0]);
	}
	return (errors ? 1 : 0);
}
