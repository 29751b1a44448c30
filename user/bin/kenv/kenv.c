/*
 * kenv(1): the kernel environment (the loader's variables), as FreeBSD's,
 * over kenv(2) (<sanpo/sysctlsys.h>, <sanpo/kenv.h>).
 *
 *   kenv [-hNq]                 every variable, name="value" (-N names only,
 *                               -h only hint.*)
 *   kenv [-qv] name[=value]     one value (-v: name="value"), or set it
 *   kenv [-q] -u name           unset it
 *
 * Setting and unsetting need root (EPERM otherwise); -q keeps quiet
 * about failures, the exit status still says.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/sysctlsys.h>

#include "user/lib/getopt/bsd_getopt.h"

static int hflag, Nflag, qflag, uflag, vflag;

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n",
	    "usage: kenv [-hNq]",
	    "       kenv [-qv] variable[=value]",
	    "       kenv [-q] -u variable");
	exit(1);
}

static int
kdumpenv(void)
{
	char *buf, *cp, *cp2;
	int size;

	if ((size = kenv(KENV_DUMP, NULL, NULL, 0)) < 0)
		return (-1);
	size += size / 10;	/* room for a variable set meanwhile */
	if ((buf = calloc(1, (size_t)size + 1)) == NULL)
		err(1, "out of memory");
	if (kenv(KENV_DUMP, NULL, buf, size) < 0) {
		free(buf);
		return (-1);
	}
	for (cp = buf; *cp != '\0'; cp += strlen(cp) + 1) {
		if (hflag && strncmp(cp, "hint.", 5) != 0)
			continue;
		if ((cp2 = strchr(cp, '=')) == NULL)
			continue;
		*cp2++ = '\0';
		if (Nflag)
			printf("%s\n", cp);
		else
			printf("%s=\"%s\"\n", cp, cp2);
		cp2[-1] = '=';
	}
	free(buf);
	return (0);
}

static int
kgetenv(const char *env)
{
	char buf[KENV_MVALLEN + 1];

	if (kenv(KENV_GET, env, buf, sizeof(buf)) < 0)
		return (-1);
	if (vflag)
		printf("%s=\"%s\"\n", env, buf);
	else
		printf("%s\n", buf);
	return (0);
}

int
main(int argc, char **argv)
{
	char *env = NULL, *val = NULL;
	int ch, ret;

	while ((ch = bsd_getopt(argc, argv, "hNquv")) != -1) {
		switch (ch) {
		case 'h':
			hflag = 1;
			break;
		case 'N':
			Nflag = 1;
			break;
		case 'q':
			qflag = 1;
			break;
		case 'u':
			uflag = 1;
			break;
		case 'v':
			vflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0) {
		env = argv[0];
		if ((val = strchr(env, '=')) != NULL)
			*val++ = '\0';
		argv++;
		argc--;
	}
	if (argc > 0 || ((hflag || Nflag) && env != NULL) ||
	    (uflag && (env == NULL || val != NULL)) || (vflag && (env == NULL || uflag)))
		usage();
	if (env == NULL) {
		if ((ret = kdumpenv()) < 0 && !qflag)
			warn("kenv(KENV_DUMP)");
		return (ret < 0);
	}
	if (uflag) {
		if ((ret = kenv(KENV_UNSET, env, NULL, 0)) < 0 && !qflag)
			warn("unable to unset %s", env);
		return (ret < 0);
	}
	if (val != NULL) {
		ret = env[0] != '\0' ? kenv(KENV_SET, env, val, (int)strlen(val) + 1) :
		    (errno = EINVAL, -1);
		if (ret == 0)
			printf("%s=\"%s\"\n", env, val);
		else if (!qflag)
			warn("unable to set %s to %s", env, val);
		return (ret < 0);
	}
	if ((ret = kgetenv(env)) < 0 && !qflag)
		warnx("unable to get %s", env);
	return (ret < 0);
}
