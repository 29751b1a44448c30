/* getopt(3) with FreeBSD's wording of its errors (bsd_getopt.h). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "user/lib/getopt/bsd_getopt.h"

int
bsd_getopt(int argc, char *const argv[], const char *optstring)
{
	const char *prog, *o;
	int c;

	opterr = 0;
	c = getopt(argc, argv, optstring);
	if (c != '?' || optstring[0] == ':')
		return (c);
	/* FreeBSD names the program as _getprogname() does: argv[0]'s last part. */
	prog = strrchr(argv[0], '/') != NULL ? strrchr(argv[0], '/') + 1 : argv[0];
	o = optopt != ':' ? strchr(optstring, optopt) : NULL;
	if (o != NULL && o[1] == ':')
		fprintf(stderr, "%s: option requires an argument -- %c\n", prog, optopt);
	else
		fprintf(stderr, "%s: illegal option -- %c\n", prog, optopt);
	return (c);
}
