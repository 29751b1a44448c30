/*
 * The kernel shell's kldload, kldunload and kldstat, with the options and
 * the output of FreeBSD's programs of those names (user/sbin/kld* use the
 * system calls for the same).  The reason a load or unload fails is
 * printed by the linker itself, on one line.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/linker.h>
#include <sys/module.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sanpo/getopt.h>
#include <sanpo/parse.h>

static int
cmd_kldload(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int ch, verbose = 0, rc = 0, id, i;

	while ((ch = getopt_r(&g, argc, argv, "nqv")) != -1) {
		switch (ch) {
		case 'n':	/* load only if not loaded: EEXIST is no error */
		case 'q':
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind == argc)
		return (shell_usage(argv[0], "no file to load"));
	for (i = g.ind; i < argc; i++) {
		if (kern_kldload(curthread, argv[i], &id) != 0) {
			rc = 1;
			continue;
		}
		if (verbose)
			printf("Loaded %s, id=%d\n", argv[i], id);
	}
	return (rc);
}
SHELL_COMMAND(kldload, cmd_kldload, "kldload [-v] file ...",
    "link kernel modules (a name is looked up in kern.module_path)");

static int
cmd_kldunload(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	struct linker_file *lf;
	int ch, verbose = 0, force = 0, id = 0, rc = 0, i;
	uint64_t v;

	while ((ch = getopt_r(&g, argc, argv, "fi:v")) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		case 'i':
			if (parse_uint(g.arg, 10, INT32_MAX, &v) != 0 || v == 0)
				return (shell_usage(argv[0], "bad file id"));
			id = (int)v;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if ((id == 0) == (g.ind == argc))
		return (shell_usage(argv[0], id ? "-i and a name" : "no file to unload"));
	for (i = g.ind; id != 0 || i < argc; i++) {
		const char *name = id ? "" : argv[i];
		char fname[LINKER_NAMELEN];

		sx_slock(&linker_lock);
		lf = id ? linker_find_file_by_id(id) : linker_find_file_by_name(name);
		if (lf != NULL) {
			id = lf->id;
			strlcpy(fname, lf->filename, sizeof(fname));
		}
		sx_sunlock(&linker_lock);
		if (lf == NULL) {
			printf("kldunload: can't find file %s\n", name);
			rc = 1;
		} else {
			if (verbose)
				printf("Unloading %s, id=%d\n", fname, id);
			if (kern_kldunload(curthread, id, force ? LINKER_UNLOAD_FORCE :
			    LINKER_UNLOAD_NORMAL) != 0)
				rc = 1;
		}
		if (!*name)
			break;
		id = 0;
	}
	return (rc);
}
SHELL_COMMAND(kldunload, cmd_kldunload, "kldunload [-fv] -i id | name ...",
    "unload kernel modules (-f: even if a module says it is busy)");

static void
print_file(struct linker_file *lf, int verbose)
{
	module_t mod;

	printf("%2d %4d %p %8llx %s", lf->id, lf->refs, (void *)lf->address,
	    (unsigned long long)lf->size, lf->filename);
	if (!verbose) {
		printf("\n");
		return;
	}
	printf(" (%s)\n", lf->pathname);
	printf("\tContains modules:\n");
	printf("\t\t Id Name\n");
	for (mod = module_file_next(lf, NULL); mod != NULL; mod = module_file_next(lf, mod))
		printf("\t\t%3d %s\n", module_getid(mod), module_getname(mod));
}

static int
cmd_kldstat(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *fname = NULL, *mname = NULL;
	struct linker_file *lf;
	module_t mod;
	int ch, verbose = 0, quiet = 0, id = 0, rc = 0;
	uint64_t v;

	while ((ch = getopt_r(&g, argc, argv, "i:m:n:qv")) != -1) {
		switch (ch) {
		case 'i':
			if (parse_uint(g.arg, 10, INT32_MAX, &v) != 0)
				return (shell_usage(argv[0], "bad file id"));
			id = (int)v;
			break;
		case 'm':
			mname = g.arg;
			break;
		case 'n':
			fname = g.arg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if (g.ind != argc)
		return (shell_usage(argv[0], NULL));
	sx_slock(&linker_lock);
	if (mname != NULL) {
		if ((mod = module_lookupbyname(mname)) == NULL) {
			if (!quiet)
				printf("kldstat: can't find module %s\n", mname);
			rc = 1;
		} else if (!quiet) {
			printf("Id  Refs Name\n");
			printf("%3d %4d %s\n", module_getid(mod), 1, module_getname(mod));
		}
		sx_sunlock(&linker_lock);
		return (rc);
	}
	if (fname != NULL && (lf = linker_find_file_by_name(fname)) == NULL) {
		printf("kldstat: can't find file %s\n", fname);
		sx_sunlock(&linker_lock);
		return (1);
	}
	if (fname != NULL)
		id = lf->id;
	printf("Id Refs Address%*c %8s Name\n", 18 - 7, ' ', "Size");
	if (id != 0) {
		if ((lf = linker_find_file_by_id(id)) != NULL)
			print_file(lf, verbose);
		else {
			printf("kldstat: can't stat file id %d\n", id);
			rc = 1;
		}
	} else
		for (lf = linker_file_next(NULL); lf != NULL; lf = linker_file_next(lf))
			print_file(lf, verbose);
	sx_sunlock(&linker_lock);
	return (rc);
}
SHELL_COMMAND(kldstat, cmd_kldstat, "kldstat [-qv] [-i id] [-n file] [-m module]",
    "list the linked files (-v: with their modules)");
