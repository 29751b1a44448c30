/*
 * sysctl: walking the linker set of oids, formatting values, and the
 * `sysctl` shell command.
 */
#include <sys/systm.h>
#include <sys/linker.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <sanpo/getopt.h>

SET_DECLARE(sysctl_set, struct sysctl_oid);

static void
format_oid(const struct sysctl_oid *o, char *buf, size_t len)
{
	switch (o->type) {
	case SYSCTL_T_INT:
		snprintf(buf, len, "%d", *(const int *)o->ptr);
		break;
	case SYSCTL_T_UINT:
		snprintf(buf, len, "%u", *(const unsigned *)o->ptr);
		break;
	case SYSCTL_T_U64:
		snprintf(buf, len, "%llu", (unsigned long long)*(const uint64_t *)o->ptr);
		break;
	case SYSCTL_T_STRING:
		snprintf(buf, len, "%s", *(const char *const *)o->ptr);
		break;
	case SYSCTL_T_PROC:
		((sysctl_handler_t *)(uintptr_t)o->ptr)(buf, len);
		break;
	}
}

/* In the kernel or a loaded module (sets locked by the caller). */
static const struct sysctl_oid *
find_oid(const char *name)
{
	struct linker_set_cursor c = LINKER_SET_CURSOR;
	struct sysctl_oid **op;

	while ((op = LINKER_SET_NEXT(sysctl_set, &c)) != NULL)
		if (strcmp((*op)->name, name) == 0)
			return (*op);
	return (NULL);
}

int
sysctl_format(const char *name, char *buf, size_t len)
{
	int held = linker_sets_lock();
	const struct sysctl_oid *o = find_oid(name);

	if (o != NULL)
		format_oid(o, buf, len);
	linker_sets_unlock(held);
	return (o != NULL ? 0 : -1);
}

void
sysctl_foreach_name(void (*fn)(const char *name, void *arg), void *arg)
{
	struct linker_set_cursor c = LINKER_SET_CURSOR;
	struct sysctl_oid **op;
	int held = linker_sets_lock();

	while ((op = LINKER_SET_NEXT(sysctl_set, &c)) != NULL)
		fn((*op)->name, arg);
	linker_sets_unlock(held);
}

/* A module's oids (the linker, before they become visible): every name new. */
int
sysctl_set_check(void **begin, void **end, char *err, size_t errlen)
{
	void **p, **q;

	for (p = begin; p < end; p++) {
		const struct sysctl_oid *o = *p;

		for (q = begin; q < p; q++)
			if (strcmp(((const struct sysctl_oid *)*q)->name, o->name) == 0)
				break;
		if (q < p || find_oid(o->name) != NULL) {
			snprintf(err, errlen, "sysctl %s already exists", o->name);
			return (-1);
		}
	}
	return (0);
}

/* True when name is `prefix` itself or below it ("kern" covers "kern.x"). */
static int
under(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return (prefix[0] == '\0' ||
	    (strncmp(name, prefix, n) == 0 && (name[n] == '\0' || name[n] == '.')));
}

/* Prints every oid under prefix, sorted by name; returns how many. */
static int
print_sorted(const char *prefix, int descr)
{
	const struct sysctl_oid *last = NULL, *next;
	struct sysctl_oid **op;
	char buf[256];
	int n = 0, held = linker_sets_lock();

	/* Selection by repeated minimum: no allocation, n is small. */
	for (;;) {
		struct linker_set_cursor c = LINKER_SET_CURSOR;

		next = NULL;
		while ((op = LINKER_SET_NEXT(sysctl_set, &c)) != NULL) {
			if (!under((*op)->name, prefix))
				continue;
			if (last != NULL && strcmp((*op)->name, last->name) <= 0)
				continue;
			if (next == NULL || strcmp((*op)->name, next->name) < 0)
				next = *op;
		}
		if (next == NULL)
			break;
		if (descr)
			printf("%s: %s\n", next->name, next->descr);
		else {
			format_oid(next, buf, sizeof(buf));
			printf("%s: %s\n", next->name, buf);
		}
		last = next;
		n++;
	}
	linker_sets_unlock(held);
	return (n);
}

static int
cmd_sysctl(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int i, ch, descr = 0, rc = 0;

	while ((ch = getopt_r(&g, argc, argv, "ad")) != -1) {
		switch (ch) {
		case 'a':
			break;		/* no name: everything anyway */
		case 'd':
			descr = 1;
			break;
		default:
			return (shell_usage(argv[0], g.err));
		}
	}
	if ((i = g.ind) == argc) {
		print_sorted("", descr);
		return (0);
	}
	for (; i < argc; i++) {
		if (print_sorted(argv[i], descr) == 0) {
			printf("sysctl: unknown oid '%s'\n", argv[i]);
			rc = 1;
		}
	}
	return (rc);
}
SHELL_COMMAND(sysctl, cmd_sysctl, "sysctl [-a] [-d] [name ...]",
    "show kernel state variables");
