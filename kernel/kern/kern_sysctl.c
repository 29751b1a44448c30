/*
 * sysctl: walking the linker set of oids, formatting values, setting the
 * writable ones, and the `sysctl` shell command.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/linker.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
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

int
sysctl_writable(const char *name)
{
	int held = linker_sets_lock();
	const struct sysctl_oid *o = find_oid(name);
	int rw = o != NULL && o->store != NULL;

	linker_sets_unlock(held);
	return (rw);
}

/*
 * The value's text: at most one trailing newline (echo's) is not part of
 * it, and it must have no NUL (a string cut short would be set silently).
 */
#define SYSCTL_WRITE_MAX	256

int
sysctl_write(const char *name, const char *value, size_t len, struct ucred *cr)
{
	const struct sysctl_oid *o;
	char buf[SYSCTL_WRITE_MAX];
	int error, held;

	if (len > 0 && value[len - 1] == '\n')
		len--;
	if (len >= sizeof(buf) || memchr(value, '\0', len) != NULL)
		return (EINVAL);
	memcpy(buf, value, len);
	buf[len] = '\0';
	held = linker_sets_lock();
	if ((o = find_oid(name)) == NULL)
		error = ENOENT;
	else if (o->store == NULL)
		error = EACCES;
	else if ((error = priv_check_cred(cr, CAP_SYS_ADMIN)) == 0)
		error = o->store(o, buf);
	linker_sets_unlock(held);
	return (error);
}

/*
 * Linux's proc_dointvec_minmax: blanks around, an optional sign, decimal
 * digits; anything else, or outside [min, max], is EINVAL.
 */
int
sysctl_store_number(const struct sysctl_oid *o, const char *value)
{
	const char *p = value;
	int neg = 0, digits = 0;
	int64_t v = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		v = v * 10 + (*p - '0');
		if (v > (int64_t)UINT32_MAX + 1)
			return (EINVAL);	/* too long to be any int */
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (digits == 0 || *p != '\0')
		return (EINVAL);
	if (neg)
		v = -v;
	if (v < o->min || v > o->max)
		return (EINVAL);
	/* A writable oid's variable is not const (only the pointer field is). */
	if (o->type == SYSCTL_T_INT)
		__atomic_store_n((int *)(uintptr_t)o->ptr, (int)v, __ATOMIC_RELAXED);
	else if (o->type == SYSCTL_T_UINT)
		__atomic_store_n((unsigned *)(uintptr_t)o->ptr, (unsigned)v, __ATOMIC_RELAXED);
	else
		return (EINVAL);
	return (0);
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
		char *eq = strchr(argv[i], '=');

		if (eq != NULL) {	/* name=value, as FreeBSD's sysctl(8) */
			int error;

			*eq = '\0';
			if ((error = sysctl_write(argv[i], eq + 1, strlen(eq + 1), NULL)) != 0) {
				printf("sysctl: %s: %s\n", argv[i], errno_name(error));
				rc = 1;
			} else
				print_sorted(argv[i], 0);
			continue;
		}
		if (print_sorted(argv[i], descr) == 0) {
			printf("sysctl: unknown oid '%s'\n", argv[i]);
			rc = 1;
		}
	}
	return (rc);
}
SHELL_COMMAND(sysctl, cmd_sysctl, "sysctl [-a] [-d] [name[=value] ...]",
    "show or set kernel state variables");
