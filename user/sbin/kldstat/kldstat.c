/*
 * kldstat(8): the files linked into the kernel (the kernel itself is id 1)
 * and the modules inside them, in FreeBSD's format:
 *
 *   Id Refs Address                Size Name
 *    1    9 0xffffffff80200000   4f1e48 kernel
 *    2    1 0xffffffffc0000000    2c000 aesni.ko
 *
 *   kldstat [-dhqv] [-i id] [-n filename]
 *   kldstat [-dq] [-m modname]
 *     -v  each file's path and the modules it contains
 *     -d  with each module's data (its version here)
 *     -h  sizes as humanize_number(3) gives them
 *     -q  only the exit status (with -n or -m: is it there?)
 */
#include <err.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/kldsys.h>

#include "user/lib/getopt/bsd_getopt.h"

#define POINTER_WIDTH	((int)(sizeof(void *) * 2 + 2))

static int showdata;

static void
usage(void)
{
	fprintf(stderr, "usage: kldstat [-dhqv] [-i id] [-n filename]\n"
	    "       kldstat [-dq] [-m modname]\n");
	exit(1);
}

/* humanize_number(buf, 5, n, "", HN_AUTOSCALE, HN_DECIMAL | HN_NOSPACE). */
static void
humanize(char *buf, size_t len, uint64_t n)
{
	static const char units[] = "KMGTPE";
	uint64_t tenths = n * 10;
	int i = -1;

	while (tenths >= 9995 && i < 5) {	/* four characters at most */
		tenths = (tenths + 512) / 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu", (unsigned long long)n);
	else if (tenths < 100)
		snprintf(buf, len, "%llu.%llu%c", (unsigned long long)(tenths / 10),
		    (unsigned long long)(tenths % 10), units[i]);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)((tenths + 5) / 10), units[i]);
}

static void
printmod(int modid)
{
	struct module_stat st;

	memset(&st, 0, sizeof(st));
	st.version = sizeof(st);
	if (modstat(modid, &st) < 0)
		warn("can't stat module id %d", modid);
	else if (showdata)
		printf("\t\t%3d %s (%d, %u, 0x%lx)\n", st.id, st.name, st.data.intval,
		    st.data.uintval, st.data.ulongval);
	else
		printf("\t\t%3d %s\n", st.id, st.name);
}

static void
printfile(int fileid, int verbose, int humanized)
{
	struct kld_file_stat st;
	char buf[24];
	int modid;

	memset(&st, 0, sizeof(st));
	st.version = sizeof(st);
	if (kldstat(fileid, &st) < 0)
		err(1, "can't stat file id %d", fileid);
	if (humanized) {
		humanize(buf, sizeof(buf), st.size);
		printf("%2d %4d %*p %5s %s", st.id, st.refs, POINTER_WIDTH,
		    (void *)(uintptr_t)st.address, buf, st.name);
	} else
		printf("%2d %4d %*p %8llx %s", st.id, st.refs, POINTER_WIDTH,
		    (void *)(uintptr_t)st.address, (unsigned long long)st.size, st.name);
	if (!verbose) {
		printf("\n");
		return;
	}
	printf(" (%s)\n", st.pathname);
	printf("\tContains modules:\n");
	printf("\t\t Id Name\n");
	for (modid = kldfirstmod(fileid); modid > 0; modid = modfnext(modid))
		printmod(modid);
}

int
main(int argc, char **argv)
{
	struct module_stat st;
	const char *filename = NULL, *modname = NULL;
	int ch, fileid = 0, humanized = 0, quiet = 0, verbose = 0, modid;
	char *end;
	long v;

	while ((ch = bsd_getopt(argc, argv, "dhi:m:n:qv")) != -1) {
		switch (ch) {
		case 'd':
			showdata = 1;
			break;
		case 'h':
			humanized = 1;
			break;
		case 'i':
			errno = 0;
			v = strtol(optarg, &end, 0);
			if (errno != 0 || *end != '\0' || end == optarg || v < 0 || v > 0x7fffffff)
				errx(1, "Invalid ID %s", optarg);
			fileid = (int)v;
			break;
		case 'm':
			modname = optarg;
			break;
		case 'n':
			filename = optarg;
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
	if (optind != argc)
		usage();

	if (modname != NULL) {
		if ((modid = modfind(modname)) < 0) {
			if (!quiet)
				warn("can't find module %s", modname);
			return (1);
		}
		if (quiet)
			return (0);
		memset(&st, 0, sizeof(st));
		st.version = sizeof(st);
		if (modstat(modid, &st) < 0)
			warn("can't stat module id %d", modid);
		else if (showdata) {
			printf("Id  Refs Name data..(int, uint, ulong)\n");
			printf("%3d %4d %s (%d, %u, 0x%lx)\n", st.id, st.refs, st.name,
			    st.data.intval, st.data.uintval, st.data.ulongval);
		} else {
			printf("Id  Refs Name\n");
			printf("%3d %4d %s\n", st.id, st.refs, st.name);
		}
		return (0);
	}

	if (filename != NULL) {
		if ((fileid = kldfind(filename)) < 0) {
			if (!quiet)
				warn("can't find file %s", filename);
			return (1);
		}
		if (quiet)
			return (0);
	}

	if (humanized)
		printf("Id Refs Address%*c %5s Name\n", POINTER_WIDTH - 7, ' ', "Size");
	else
		printf("Id Refs Address%*c %8s Name\n", POINTER_WIDTH - 7, ' ', "Size");
	if (fileid != 0)
		printfile(fileid, verbose, humanized);
	else
		for (fileid = kldnext(0); fileid > 0; fileid = kldnext(fileid))
			printfile(fileid, verbose, humanized);
	return (0);
}
