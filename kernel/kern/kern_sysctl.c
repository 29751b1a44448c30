/*
 * sysctl: walking the linker set of oids, formatting values, setting the
 * writable ones, the `sysctl` shell command, and FreeBSD's __sysctl(2)
 * (Sanpo's number 1011; the rules in <sanpo/sysctl.h>) over the numbered
 * tree of sys/sysctl_tree.h.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/linker.h>
#include <sys/malloc.h>
#include <sys/proc.h>
#include <sys/shell.h>
#include <sys/sysctl.h>
#include <sys/sysctl_tree.h>
#include <sys/sysproto.h>
#include <sys/ucred.h>
#include <sanpo/getopt.h>
#include <sanpo/sysctl.h>

SET_DECLARE(sysctl_set, struct sysctl_oid);

#define SYSCTL_TEXT_MAX		4096	/* a formatted value, a name (procfs's SYS_VALUE_MAX) */

/* An opaque oid as text, FreeBSD's `sysctl -o`: its format, size, first bytes. */
static void
format_opaque(const struct sysctl_oid *o, char *buf, size_t len)
{
	sysctl_opaque_t *fn = (sysctl_opaque_t *)(uintptr_t)o->ptr;
	unsigned char head[16];
	size_t size = fn(head, sizeof(head)), i, at;

	at = snprintf(buf, len, "Format:%s Length:%zu Dump:0x", o->fmt, size);
	for (i = 0; i < size && i < sizeof(head) && at < len; i++)
		at += snprintf(buf + at, len - at, "%02x", head[i]);
	if (size > sizeof(head) && at < len)
		snprintf(buf + at, len - at, "...");
}

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
	case SYSCTL_T_OPAQUE:
		format_opaque(o, buf, len);
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

#define SYSCTL_PRINT_MAX	4096	/* bytes of one value the shell prints */

/* Prints every oid under prefix, sorted by name; returns how many. */
static int
print_sorted(const char *prefix, int descr)
{
	const struct sysctl_oid *last = NULL, *next;
	struct sysctl_oid **op;
	/*
	 * As large as a value read through /proc/sys (procfs' SYS_VALUE_MAX):
	 * multi-line values such as dev.vtnet.queues and hw.intrs, which the
	 * debugger reads now that the interface tools are programs.
	 */
	char *buf = malloc(SYSCTL_PRINT_MAX, M_TEMP, M_WAITOK);
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
			format_oid(next, buf, SYSCTL_PRINT_MAX);
			printf("%s: %s\n", next->name, buf);
		}
		last = next;
		n++;
	}
	linker_sets_unlock(held);
	free(buf, M_TEMP);
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

size_t
sysctl_opaque_copy(void *buf, size_t len, const void *snap, size_t size)
{
	if (buf != NULL && len > 0)
		memcpy(buf, snap, len < size ? len : size);
	return (size);
}

/*
 * __sysctl(2): the flat set of dotted names seen as FreeBSD's tree of
 * numbered nodes (sys/sysctl_tree.h, <sanpo/sysctl.h>).  The tree is
 * built for each call from the linker set, under the sets' lock: there
 * are a few hundred oids, and a module may bring or take some at any
 * time, so a cached tree would need invalidating for little gain.
 */
static void
tree_free(struct sysctl_tree *t)
{
	free(t->nodes, M_TEMP);
}

/* Builds the tree (sets locked by the caller); 0 or ENOMEM. */
static int
tree_build(struct sysctl_tree *t)
{
	struct linker_set_cursor c = LINKER_SET_CURSOR;
	struct sysctl_oid **op;
	const char **names;
	const void **leaves;
	struct sysctl_node *nodes;
	int n = 0, i = 0, max, error;

	while (LINKER_SET_NEXT(sysctl_set, &c) != NULL)
		n++;
	names = malloc((n + 1) * sizeof(*names), M_TEMP, M_WAITOK);
	leaves = malloc((n + 1) * sizeof(*leaves), M_TEMP, M_WAITOK);
	c = (struct linker_set_cursor)LINKER_SET_CURSOR;
	while ((op = LINKER_SET_NEXT(sysctl_set, &c)) != NULL && i < n) {
		names[i] = (*op)->name;
		leaves[i++] = *op;
	}
	max = sysctl_tree_size(names, i);
	nodes = malloc(max * sizeof(*nodes), M_TEMP, M_WAITOK);
	error = sysctl_tree_build(t, nodes, max, names, leaves, i) == 0 ? 0 : ENOMEM;
	if (error != 0)
		free(nodes, M_TEMP);
	free(names, M_TEMP);
	free(leaves, M_TEMP);
	return (error);
}

#define NODE_OID(n)	((const struct sysctl_oid *)(n)->leaf)

/* A leaf's value in FreeBSD's binary form: malloc'ed *bufp, *lenp bytes. */
static void
oid_value(const struct sysctl_oid *o, char **bufp, size_t *lenp)
{
	size_t len, got;
	char *buf;

	switch (o->type) {
	case SYSCTL_T_INT:
	case SYSCTL_T_UINT:
		len = sizeof(int);
		buf = malloc(len, M_TEMP, M_WAITOK);
		memcpy(buf, o->ptr, len);
		break;
	case SYSCTL_T_U64:
		len = sizeof(uint64_t);
		buf = malloc(len, M_TEMP, M_WAITOK);
		memcpy(buf, o->ptr, len);
		break;
	case SYSCTL_T_OPAQUE:
		/* A table may grow between the two calls: what fits is its snapshot. */
		len = ((sysctl_opaque_t *)(uintptr_t)o->ptr)(NULL, 0);
		buf = malloc(len + 1, M_TEMP, M_WAITOK);
		got = ((sysctl_opaque_t *)(uintptr_t)o->ptr)(buf, len);
		if (got < len)
			len = got;
		break;
	default:	/* text */
		buf = malloc(SYSCTL_TEXT_MAX, M_TEMP, M_WAITOK);
		format_oid(o, buf, SYSCTL_TEXT_MAX);
		len = strlen(buf) + 1;
		break;
	}
	*bufp = buf;
	*lenp = len;
}

/* oidfmt's kind word and format text. */
static unsigned
oid_kind(const struct sysctl_node *n, const char **fmt)
{
	const struct sysctl_oid *o = NODE_OID(n);
	unsigned kind;

	if (o == NULL || n->child != NULL) {
		*fmt = "N";
		return (CTLTYPE_NODE | CTLFLAG_RD);
	}
	switch (o->type) {
	case SYSCTL_T_INT:
		*fmt = "I";
		kind = CTLTYPE_INT;
		break;
	case SYSCTL_T_UINT:
		*fmt = "IU";
		kind = CTLTYPE_UINT;
		break;
	case SYSCTL_T_U64:
		*fmt = "QU";
		kind = CTLTYPE_U64;
		break;
	case SYSCTL_T_OPAQUE:
		*fmt = o->fmt != NULL ? o->fmt : "S";
		kind = CTLTYPE_OPAQUE;
		break;
	default:
		*fmt = "A";
		kind = CTLTYPE_STRING;
		break;
	}
	return (kind | CTLFLAG_RD | (o->store != NULL ? CTLFLAG_WR : 0));
}

/*
 * A new value (copied in already: knew, newlen bytes) as the text
 * sysctl_write's stores take: an int oid's 4 bytes in decimal, a
 * string's bytes up to newlen or a NUL.
 */
static int
new_value_text(const struct sysctl_oid *o, const char *knew, size_t newlen,
    char *text, size_t textlen)
{
	int v;

	if (o->type == SYSCTL_T_INT || o->type == SYSCTL_T_UINT) {
		if (newlen < sizeof(int))
			return (EINVAL);
		memcpy(&v, knew, sizeof(v));
		snprintf(text, textlen, o->type == SYSCTL_T_INT ? "%d" : "%u", v);
		return (0);
	}
	if (o->type != SYSCTL_T_PROC || newlen >= textlen)
		return (EINVAL);
	memcpy(text, knew, newlen);
	text[newlen] = '\0';	/* a NUL inside ends it, as FreeBSD's strings */
	return (0);
}

/*
 * A call's reply, built under the linker sets' lock in kernel memory and
 * copied out after it is dropped (a page fault must not happen under it:
 * the VM's locks come before the linker's).  FreeBSD's old-buffer rules:
 * the value is out[0..outlen); a caller's buffer shorter than that gets
 * what fits and ENOMEM.
 */
struct sysctl_req {
	int	 has_old;	/* the caller gave an old buffer */
	size_t	 oldlen;	/* its size (the caller's *oldlenp) */
	char	*out;		/* malloc'ed reply */
	size_t	 outlen;
};

static int
req_out(struct sysctl_req *r, const void *val, size_t len)
{
	r->out = malloc(len + 1, M_TEMP, M_WAITOK);
	memcpy(r->out, val, len);
	r->outlen = len;
	return (r->has_old && len > r->oldlen ? ENOMEM : 0);
}

/* The {0, x} nodes. */
static int
sysctl_meta(struct sysctl_tree *t, const int *mib, unsigned len,
    struct sysctl_req *r, const char *knew, size_t newlen)
{
	struct sysctl_node *n;
	const char *fmt;
	char *buf;
	int error = 0, out[CTL_MAXNAME];
	unsigned kind, outlen;
	size_t flen;

	switch (mib[1]) {
	case CTL_SYSCTL_NAME:
		if ((n = sysctl_tree_find(t, mib + 2, len - 2, &error)) == NULL)
			return (error);
		buf = malloc(SYSCTL_TEXT_MAX, M_TEMP, M_WAITOK);
		if ((error = sysctl_node_path(n, buf, SYSCTL_TEXT_MAX) == 0 ? 0 : ENOMEM) == 0)
			error = req_out(r, buf, strlen(buf) + 1);
		free(buf, M_TEMP);
		return (error);
	case CTL_SYSCTL_NEXT:
	case CTL_SYSCTL_NEXTNOSKIP:
		if ((n = sysctl_tree_next(t, mib + 2, len - 2)) == NULL)
			return (ENOENT);
		outlen = sysctl_node_mib(n, out);
		return (req_out(r, out, outlen * sizeof(int)));
	case CTL_SYSCTL_NAME2OID:
		if (len != 2)
			return (ENOENT);
		if (knew == NULL || newlen == 0)
			return (ENOENT);
		if (newlen >= SYSCTL_TEXT_MAX)
			return (ENAMETOOLONG);
		buf = malloc(newlen + 1, M_TEMP, M_WAITOK);
		memcpy(buf, knew, newlen);
		buf[newlen] = '\0';
		if ((n = sysctl_tree_lookup(t, buf)) == NULL)
			error = ENOENT;
		else {
			outlen = sysctl_node_mib(n, out);
			error = req_out(r, out, outlen * sizeof(int));
		}
		free(buf, M_TEMP);
		return (error);
	case CTL_SYSCTL_OIDFMT:
		if ((n = sysctl_tree_find(t, mib + 2, len - 2, &error)) == NULL)
			return (error);
		if (n == &t->nodes[0])
			return (ENOENT);
		kind = oid_kind(n, &fmt);
		flen = strlen(fmt) + 1;
		buf = malloc(sizeof(kind) + flen, M_TEMP, M_WAITOK);
		memcpy(buf, &kind, sizeof(kind));
		memcpy(buf + sizeof(kind), fmt, flen);
		error = req_out(r, buf, sizeof(kind) + flen);
		free(buf, M_TEMP);
		return (error);
	case CTL_SYSCTL_OIDDESCR:
		if ((n = sysctl_tree_find(t, mib + 2, len - 2, &error)) == NULL)
			return (error);
		if (n == &t->nodes[0])
			return (ENOENT);
		fmt = n->leaf != NULL && NODE_OID(n)->descr != NULL ? NODE_OID(n)->descr : "";
		return (req_out(r, fmt, strlen(fmt) + 1));
	default:
		return (ENOENT);
	}
}

static int
sysctl_root(struct thread *td, const int *mib, unsigned len, struct sysctl_req *r,
    const char *knew, size_t newlen)
{
	struct sysctl_tree t;
	struct sysctl_node *n;
	const struct sysctl_oid *o;
	char *val = NULL, text[SYSCTL_WRITE_MAX];
	size_t vlen;
	int error, held = linker_sets_lock();

	if ((error = tree_build(&t)) != 0) {
		linker_sets_unlock(held);
		return (error);
	}
	if (mib[0] == CTL_SYSCTL) {
		error = sysctl_meta(&t, mib, len, r, knew, newlen);
		goto out;
	}
	if ((n = sysctl_tree_find(&t, mib, len, &error)) == NULL)
		goto out;
	if (n->leaf == NULL || n->child != NULL) {
		error = EISDIR;
		goto out;
	}
	o = NODE_OID(n);
	/* FreeBSD's sysctl_root: a write to a read-only oid or without privilege. */
	if (knew != NULL && (o->store == NULL ||
	    (error = priv_check_cred(td->td_ucred, CAP_SYS_ADMIN)) != 0)) {
		error = EPERM;
		goto out;
	}
	oid_value(o, &val, &vlen);
	if ((error = req_out(r, val, vlen)) != 0)
		goto out;
	/* The old value first: a buffer too short for it fails before the write. */
	if (knew != NULL && (error = new_value_text(o, knew, newlen, text, sizeof(text))) == 0)
		error = o->store(o, text);
out:
	if (val != NULL)
		free(val, M_TEMP);
	tree_free(&t);
	linker_sets_unlock(held);
	return (error);
}

int
sys___sysctl(struct thread *td, struct __sysctl_args *uap)
{
	struct sysctl_req r = { .has_old = uap->old != NULL };
	int mib[CTL_MAXNAME], error;
	size_t oldlen = 0, n = 0;
	char *knew = NULL;

	if (uap->namelen < 2 || uap->namelen > CTL_MAXNAME)
		return (EINVAL);
	if ((error = copyin(uap->name, mib, uap->namelen * sizeof(int))) != 0)
		return (error);
	if (uap->oldlenp != NULL &&
	    (error = copyin(uap->oldlenp, &oldlen, sizeof(oldlen))) != 0)
		return (error);
	r.oldlen = oldlen;
	/* What may be used of a new value fits SYSCTL_TEXT_MAX; longer is refused later. */
	if (uap->new != NULL) {
		n = uap->newlen < SYSCTL_TEXT_MAX ? uap->newlen : SYSCTL_TEXT_MAX;
		knew = malloc(n + 1, M_TEMP, M_WAITOK);
		if ((error = copyin(uap->new, knew, n)) != 0) {
			free(knew, M_TEMP);
			return (error);
		}
	}
	error = sysctl_root(td, mib, uap->namelen, &r, knew, uap->newlen);
	if (knew != NULL)
		free(knew, M_TEMP);
	if (r.out != NULL && (error == 0 || error == ENOMEM)) {
		n = r.outlen;
		if (r.has_old) {
			n = r.outlen < oldlen ? r.outlen : oldlen;
			if (n > 0 && copyout(r.out, uap->old, n) != 0)
				error = EFAULT;
		}
		if (error != EFAULT && uap->oldlenp != NULL &&
		    copyout(&n, uap->oldlenp, sizeof(n)) != 0)
			error = EFAULT;
	}
	if (r.out != NULL)
		free(r.out, M_TEMP);
	return (error);
}
