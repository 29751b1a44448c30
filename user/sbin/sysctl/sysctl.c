/*
 * sysctl(8): get or set kernel state, as FreeBSD's, over __sysctl(2)
 * (<sanpo/sysctlsys.h>; the MIB and the {0, x} nodes in <sanpo/sysctl.h>).
 *
 *   sysctl [-bdeNnoqWx] [-i] [-f file] [name[=value] ...]
 *   sysctl [-bdeNnoqWx] -a
 *     -a  every oid (opaque structures only with -o or -x)
 *     -n  values only            -N  names only
 *     -d  descriptions           -e  "name=value" instead of "name: value"
 *     -o  opaque values as a dump of their first bytes, -x all their bytes
 *     -b  values as raw bytes    -q  no complaint about unknown oids
 *     -i  unknown oids are not an error          -w  accepted, ignored
 *     -A  -a -o                  -X  -a -x
 *     -W  only oids that take writes
 *     -f  name[=value] lines of a file first (sysctl.conf: '#' comments,
 *         blank lines; a complaint names the line)
 *
 * Setting prints "name: old -> new"; a write the kernel refuses prints the
 * old value and "sysctl: name=value: <reason>" (EPERM: not root).  The
 * exit status counts the arguments that failed.
 */
#include <err.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/sysctlsys.h>

#include "user/lib/getopt/bsd_getopt.h"

static int aflag, bflag, dflag, eflag, iflag, Nflag, nflag, oflag, qflag, Wflag, xflag;
/* " at line N" while -f's file is read, else "" (FreeBSD's complaints end with it). */
static char line[32];

static const char *const ctl_typename[CTLTYPE + 1] = {
	[CTLTYPE_INT] = "integer",
	[CTLTYPE_UINT] = "unsigned integer",
	[CTLTYPE_U64] = "uint64_t",
	[CTLTYPE_STRING] = "string",
	[CTLTYPE_OPAQUE] = "opaque",
	[CTLTYPE_NODE] = "node",
};

static void
usage(void)
{
	fprintf(stderr, "%s\n%s\n",
	    "usage: sysctl [-bdeiNnoqWwx] [-f filename] name[=value] ...",
	    "       sysctl [-bdeNnoqWx] -a");
	exit(1);
}

/* name -> MIB; its length, or -1 and errno. */
static int
name2oid(const char *name, int *mib)
{
	int oid[2] = { CTL_SYSCTL, CTL_SYSCTL_NAME2OID };
	size_t j = CTL_MAXNAME * sizeof(int);

	if (sysctl(oid, 2, mib, &j, name, strlen(name)) < 0)
		return (-1);
	return ((int)(j / sizeof(int)));
}

/* The kind word and format text of an oid; 0, or -1 and errno. */
static int
oidfmt(const int *mib, int len, char *fmt, size_t fmtlen, unsigned *kind)
{
	int qoid[CTL_MAXNAME + 2];
	char buf[BUFSIZ];
	size_t j = sizeof(buf);

	qoid[0] = CTL_SYSCTL;
	qoid[1] = CTL_SYSCTL_OIDFMT;
	memcpy(qoid + 2, mib, len * sizeof(int));
	if (sysctl(qoid, len + 2, buf, &j, NULL, 0) < 0)
		return (-1);
	if (j < sizeof(unsigned) + 1)
		errx(1, "oidfmt: short answer (%zu bytes)", j);
	memcpy(kind, buf, sizeof(*kind));
	buf[j < sizeof(buf) ? j : sizeof(buf) - 1] = '\0';
	if (fmt != NULL)
		snprintf(fmt, fmtlen, "%s", buf + sizeof(unsigned));
	return (0);
}

/* The {0, what, mib...} text of an oid (its name, its description) into buf. */
static int
oid_text(int what, const int *mib, int len, char *buf, size_t buflen)
{
	int qoid[CTL_MAXNAME + 2];
	size_t j = buflen - 1;

	qoid[0] = CTL_SYSCTL;
	qoid[1] = what;
	memcpy(qoid + 2, mib, len * sizeof(int));
	if (sysctl(qoid, len + 2, buf, &j, NULL, 0) < 0)
		return (-1);
	buf[j] = '\0';
	return (0);
}

/* Prints one oid as the flags say: 0 when something was printed, 1 if not. */
static int
show_var(const int *mib, int len)
{
	char name[BUFSIZ], descr[BUFSIZ], fmt[BUFSIZ];
	const char *sep = eflag ? "=" : ": ", *sep1 = "";
	unsigned char *val, *p;
	unsigned kind;
	size_t j = 0, vlen, esize;
	int i;

	if (oid_text(CTL_SYSCTL_NAME, mib, len, name, sizeof(name)) < 0)
		err(1, "sysctl name %d", len);
	if (Nflag) {
		printf("%s", name);
		return (0);
	}
	if (dflag) {
		if (oid_text(CTL_SYSCTL_OIDDESCR, mib, len, descr, sizeof(descr)) < 0)
			descr[0] = '\0';
		if (!nflag)
			printf("%s%s", name, sep);
		printf("%s", descr);
		return (0);
	}
	if (oidfmt(mib, len, fmt, sizeof(fmt), &kind) < 0)
		err(1, "couldn't find format of oid '%s'", name);
	/* Its size, doubled: a table may grow before the second call. */
	if (sysctl(mib, len, NULL, &j, NULL, 0) < 0)
		return (1);
	j += j + 1;
	if ((val = malloc(j + 1)) == NULL)
		err(1, "malloc");
	vlen = j;
	i = sysctl(mib, len, val, &vlen, NULL, 0);
	if (i != 0 || (vlen == 0 && (kind & CTLTYPE) != CTLTYPE_STRING)) {
		free(val);
		return (1);
	}
	if (bflag) {
		fwrite(val, 1, vlen, stdout);
		free(val);
		return (0);
	}
	val[vlen] = '\0';
	p = val;
	switch (kind & CTLTYPE) {
	case CTLTYPE_STRING:
		if (!nflag)
			printf("%s%s", name, sep);
		printf("%.*s", (int)vlen, (char *)p);
		free(val);
		return (0);
	case CTLTYPE_INT:
	case CTLTYPE_UINT:
	case CTLTYPE_U64:
		if (!nflag)
			printf("%s%s", name, sep);
		esize = (kind & CTLTYPE) == CTLTYPE_U64 ? sizeof(uint64_t) : sizeof(int);
		for (; vlen >= esize; vlen -= esize, p += esize) {
			int iv;
			unsigned uv;
			uint64_t qv;

			switch (kind & CTLTYPE) {
			case CTLTYPE_INT:
				memcpy(&iv, p, sizeof(iv));
				printf("%s%d", sep1, iv);
				break;
			case CTLTYPE_UINT:
				memcpy(&uv, p, sizeof(uv));
				printf("%s%u", sep1, uv);
				break;
			default:
				memcpy(&qv, p, sizeof(qv));
				printf("%s%" PRIu64, sep1, qv);
				break;
			}
			sep1 = " ";
		}
		free(val);
		return (0);
	default:
		if (!oflag && !xflag) {
			free(val);
			return (1);
		}
		if (!nflag)
			printf("%s%s", name, sep);
		printf("Format:%s Length:%zu Dump:0x", fmt, vlen);
		while (vlen-- && (xflag || p < val + 16))
			printf("%02x", *p++);
		if (!xflag && vlen > 16)
			printf("...");
		free(val);
		return (0);
	}
}

/* Every leaf under mib[0..len) (len 0: all), in MIB order. */
static int
sysctl_all(const int *oid, int len)
{
	int name1[CTL_MAXNAME + 2], name2[CTL_MAXNAME + 2];
	int i, l1;
	unsigned kind;
	size_t l2;

	name1[0] = CTL_SYSCTL;
	name1[1] = CTL_SYSCTL_NEXT;
	l1 = 2;
	if (len > 0) {
		memcpy(name1 + 2, oid, len * sizeof(int));
		l1 += len;
	}
	for (;;) {
		l2 = sizeof(name2);
		if (sysctl(name1, l1, name2, &l2, NULL, 0) < 0) {
			if (errno == ENOENT)
				return (0);
			err(1, "sysctl(getnext) %zu", l2);
		}
		l2 /= sizeof(int);
		if (l2 < (size_t)len)
			return (0);
		for (i = 0; i < len; i++)
			if (name2[i] != oid[i])
				return (0);
		if (Wflag && (oidfmt(name2, (int)l2, NULL, 0, &kind) < 0 || !(kind & CTLFLAG_WR)))
			;	/* -W: only what takes writes */
		else if (show_var(name2, (int)l2) == 0 && !bflag)
			putchar('\n');
		memcpy(name1 + 2, name2, l2 * sizeof(int));
		l1 = 2 + (int)l2;
	}
}

/* A number in the oid's type into *buf; false if it is not one. */
static bool
parse_numeric(const char *s, unsigned kind, void *buf, size_t *size)
{
	char *end;
	long long v;
	unsigned long long u;

	errno = 0;
	switch (kind & CTLTYPE) {
	case CTLTYPE_INT:
		v = strtoll(s, &end, 0);
		if (errno != 0 || *end != '\0' || end == s || v < INT32_MIN || v > INT32_MAX)
			return (false);
		*(int *)buf = (int)v;
		*size = sizeof(int);
		return (true);
	case CTLTYPE_UINT:
		u = strtoull(s, &end, 0);
		if (errno != 0 || *end != '\0' || end == s || s[0] == '-' || u > UINT32_MAX)
			return (false);
		*(unsigned *)buf = (unsigned)u;
		*size = sizeof(unsigned);
		return (true);
	default:
		u = strtoull(s, &end, 0);
		if (errno != 0 || *end != '\0' || end == s || s[0] == '-')
			return (false);
		*(uint64_t *)buf = u;
		*size = sizeof(uint64_t);
		return (true);
	}
}

/* One argument, "name" or "name=value"; 0, or 1 when it failed. */
static int
parse(const char *string)
{
	char buf[BUFSIZ], fmt[BUFSIZ], *name, *value;
	int mib[CTL_MAXNAME], len, i, saved;
	uint64_t numbuf;
	const void *newval = NULL;
	size_t newsize = 0;
	unsigned kind;

	if (snprintf(buf, sizeof(buf), "%s", string) >= (int)sizeof(buf)) {
		warnx("oid too long: '%s'%s", string, line);
		return (1);
	}
	name = buf;
	if ((value = strchr(buf, '=')) != NULL) {
		/* sysctl.conf style: blanks around '=', a pair of quotes around the value. */
		*value++ = '\0';
		while (*value == ' ' || *value == '\t')
			value++;
		len = (int)strlen(value);
		if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0]) {
			value[len - 1] = '\0';
			value++;
		}
	}
	for (len = (int)strlen(name); len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'); )
		name[--len] = '\0';
	if ((len = name2oid(name, mib)) < 0) {
		if (iflag)
			return (0);
		if (!qflag) {
			if (errno == ENOENT)
				warnx("unknown oid '%s'%s", name, line);
			else
				warn("unknown oid '%s'%s", name, line);
		}
		return (1);
	}
	if (oidfmt(mib, len, fmt, sizeof(fmt), &kind) < 0) {
		warn("couldn't find format of oid '%s'%s", name, line);
		return (iflag ? 0 : 1);
	}
	if (value == NULL || dflag) {
		if ((kind & CTLTYPE) == CTLTYPE_NODE) {
			if (dflag && show_var(mib, len) == 0 && !bflag)
				putchar('\n');
			sysctl_all(mib, len);
		} else if (show_var(mib, len) == 0 && !bflag)
			putchar('\n');
		return (0);
	}
	if ((kind & CTLTYPE) == CTLTYPE_NODE) {
		warnx("oid '%s' isn't a leaf node%s", name, line);
		return (1);
	}
	if (!(kind & CTLFLAG_WR)) {
		warnx("oid '%s' is read only%s", name, line);
		return (1);
	}
	switch (kind & CTLTYPE) {
	case CTLTYPE_INT:
	case CTLTYPE_UINT:
	case CTLTYPE_U64:
		if (value[0] == '\0') {
			warnx("empty numeric value%s", line);
			return (1);
		}
		if (!parse_numeric(value, kind, &numbuf, &newsize)) {
			warnx("invalid %s '%s'%s", ctl_typename[kind & CTLTYPE], value, line);
			return (1);
		}
		newval = &numbuf;
		break;
	case CTLTYPE_STRING:
		newval = value;
		newsize = strlen(value);
		break;
	default:
		warnx("oid '%s' is type %d, cannot set that%s", name, kind & CTLTYPE, line);
		return (1);
	}
	i = show_var(mib, len);
	if (sysctl(mib, len, NULL, NULL, newval, newsize) < 0) {
		saved = errno;
		if (!i && !bflag)
			putchar('\n');
		fflush(stdout);
		switch (saved) {
		case EOPNOTSUPP:
			warnx("%s: value is not available%s", string, line);
			return (1);
		case ENOTDIR:
			warnx("%s: specification is incomplete%s", string, line);
			return (1);
		case ENOMEM:
			warnx("%s: type is unknown to this program%s", string, line);
			return (1);
		default:
			errno = saved;
			warn("%s%s", string, line);
			return (1);
		}
	}
	if (!bflag)
		printf(" -> ");
	i = nflag;
	nflag = 1;
	if (show_var(mib, len) == 0 && !bflag)
		putchar('\n');
	nflag = i;
	return (0);
}

/* -f: each line of the file a "name=value" (or a name), as FreeBSD's. */
static int
parsefile(const char *filename)
{
	char buf[BUFSIZ], *p, *end;
	int lineno = 0, warncount = 0;
	FILE *f;

	if ((f = fopen(filename, "r")) == NULL)
		err(1, "%s", filename);
	while (fgets(buf, sizeof(buf), f) != NULL) {
		lineno++;
		if ((p = strchr(buf, '#')) != NULL)
			*p = '\0';
		for (p = buf; *p == ' ' || *p == '\t'; p++)
			;
		end = p + strlen(p);
		while (end > p && (end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*p == '\0')
			continue;
		snprintf(line, sizeof(line), " at line %d", lineno);
		warncount += parse(p);
	}
	line[0] = '\0';
	fclose(f);
	return (warncount);
}

int
main(int argc, char **argv)
{
	const char *conffile = NULL;
	int ch, warncount = 0;

	while ((ch = bsd_getopt(argc, argv, "Aabdef:iNnoqWwxX")) != -1) {
		switch (ch) {
		case 'A':
			aflag = oflag = 1;
			break;
		case 'a':
			aflag = 1;
			break;
		case 'b':
			bflag = 1;
			break;
		case 'd':
			dflag = 1;
			break;
		case 'e':
			eflag = 1;
			break;
		case 'f':
			conffile = optarg;
			break;
		case 'i':
			iflag = 1;
			break;
		case 'N':
			Nflag = 1;
			break;
		case 'n':
			nflag = 1;
			break;
		case 'o':
			oflag = 1;
			break;
		case 'q':
			qflag = 1;
			break;
		case 'W':
			Wflag = 1;
			break;
		case 'w':
			break;		/* FreeBSD: compatibility, "name=value" says it */
		case 'X':
			aflag = xflag = 1;
			break;
		case 'x':
			xflag = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (Nflag && nflag)
		usage();
	if (conffile != NULL)
		warncount += parsefile(conffile);
	if (aflag && argc == 0)
		return (sysctl_all(NULL, 0) + warncount);
	if (argc == 0) {
		if (conffile != NULL)
			return (warncount);
		usage();
	}
	while (argc-- > 0)
		warncount += parse(*argv++);
	return (warncount);
}
