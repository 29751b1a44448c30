/*
 * /proc/sys: Sanpo's sysctl tree (sys/sysctl.h) as files, as Linux shows
 * its own -- the dots of a name become slashes, so `kern.ostype` is
 * /proc/sys/kern/ostype, and reading it gives the value and a newline.
 * Every directory on the way is a name prefix.  A sysctl that takes
 * writes is a file of mode 0644 (root's, so only root opens it for
 * writing: EACCES otherwise, as on Linux), and a write(2) to it sets it
 * through sysctl_write, which asks for CAP_SYS_ADMIN (EPERM) and checks
 * the value (EINVAL); the others are 0444.
 *
 * The tree is worked out from the oid names at each lookup and readdir
 * (modules add and remove oids), so nothing can go stale.  A pseudofs
 * entry needs a number: each name or prefix seen gets one for good, from
 * a table that only grows (by the distinct names there ever were: a few
 * hundred).  Number 0 is /proc/sys itself.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kernel.h>
#include <sys/malloc.h>
#include <sys/namei.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/sx.h>
#include <sys/sysctl.h>
#include <sys/vnode.h>
#include <fs/procfs/procfs.h>

MALLOC_DEFINE(M_PROCSYS, "procsys", "/proc/sys names");

#define SYS_VALUE_MAX	4096	/* bytes of one formatted value */

static struct sx sys_lock;		/* the table below */
static char **sys_names;		/* number n is sys_names[n - 1] */
static size_t sys_count, sys_cap;

static void
sys_init(void *arg)
{
	(void)arg;
	sx_init(&sys_lock, "procsys");
}
SYSINIT(procsys, SI_SUB_KMEM, SI_ORDER_ANY, sys_init, NULL);

/* The number of the dotted name (len bytes), given one now if it has none. */
static uint64_t
sys_intern(const char *name, size_t len)
{
	char **grown;
	size_t i;

	sx_xlock(&sys_lock);
	for (i = 0; i < sys_count; i++)
		if (strlen(sys_names[i]) == len && memcmp(sys_names[i], name, len) == 0)
			goto out;
	if (sys_count == sys_cap) {
		sys_cap = sys_cap == 0 ? 64 : sys_cap * 2;
		grown = malloc(sizeof(*grown) * sys_cap, M_PROCSYS, M_WAITOK);
		if (sys_count > 0)
			memcpy(grown, sys_names, sizeof(*grown) * sys_count);
		free(sys_names, M_PROCSYS);
		sys_names = grown;
	}
	sys_names[i] = malloc(len + 1, M_PROCSYS, M_WAITOK);
	memcpy(sys_names[i], name, len);
	sys_names[i][len] = '\0';
	sys_count++;
out:
	sx_xunlock(&sys_lock);
	return ((uint64_t)i + 1);
}

/* The dotted name of number id ("" for 0) into buf; ENOENT if none. */
static int
sys_name(uint64_t id, char *buf, size_t len)
{
	int error = 0;

	if (id == 0) {
		buf[0] = '\0';
		return (0);
	}
	sx_slock(&sys_lock);
	if (id > sys_count)
		error = ENOENT;
	else
		strlcpy(buf, sys_names[id - 1], len);
	sx_sunlock(&sys_lock);
	return (error);
}

/* What a walk over the oid names looks for. */
struct sys_scan {
	const char	*prefix;	/* the directory's name ("" at the top) */
	size_t		 plen;
	/* lookup: is `want` (a full dotted name) a file, a directory? */
	const char	*want;
	size_t		 wantlen;
	int		 isfile, isdir;
	/* readdir: the entry of the directory with the smallest number >= from */
	int		 listing;
	uint64_t	 from, best;
	char		*bestname;	/* NAME_MAX + 1 bytes: its last component */
};

/* Each oid name: the child of the directory it lies under, if any. */
static void
sys_scan_one(const char *name, void *arg)
{
	struct sys_scan *sc = arg;
	const char *comp, *end;
	uint64_t id;

	if (sc->want != NULL) {
		if (strncmp(name, sc->want, sc->wantlen) == 0) {
			if (name[sc->wantlen] == '\0')
				sc->isfile = 1;
			else if (name[sc->wantlen] == '.')
				sc->isdir = 1;
		}
		return;
	}
	if (sc->plen > 0 && (strncmp(name, sc->prefix, sc->plen) != 0 || name[sc->plen] != '.'))
		return;
	comp = name + sc->plen + (sc->plen > 0);
	if ((end = strchr(comp, '.')) == NULL)
		end = comp + strlen(comp);
	if (end == comp || (size_t)(end - comp) > NAME_MAX)
		return;			/* not a name a path can reach */
	id = sys_intern(name, (size_t)(end - name));
	if (id >= sc->from && (sc->best == 0 || id < sc->best)) {
		sc->best = id;
		memcpy(sc->bestname, comp, (size_t)(end - comp));
		sc->bestname[end - comp] = '\0';
	}
}

/* Whether the full dotted name is an oid (file) and a prefix of others (directory). */
static void
sys_kind(const char *full, int *isfile, int *isdir)
{
	struct sys_scan sc = { .want = full, .wantlen = strlen(full) };

	sysctl_foreach_name(sys_scan_one, &sc);
	*isfile = sc.isfile;
	*isdir = sc.isdir;
}

static int
sys_next(uint64_t dir, uint64_t from, uint64_t *idp, char *name, size_t namelen)
{
	char *prefix = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	struct sys_scan sc = { .prefix = prefix, .from = from, .bestname = name };
	int error;

	(void)namelen;		/* NAME_MAX + 1, as pfs_readdir gives */
	if ((error = sys_name(dir, prefix, MAXPATHLEN)) == 0) {
		sc.plen = strlen(prefix);
		sysctl_foreach_name(sys_scan_one, &sc);
		if (sc.best == 0)
			error = ENOENT;
		else
			*idp = sc.best;
	}
	free(prefix, M_PROCSYS);
	return (error);
}

static int
sys_lookup(uint64_t dir, const char *name, size_t namelen, uint64_t *idp)
{
	char *full = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	int error, isfile, isdir;
	size_t plen;

	if ((error = sys_name(dir, full, MAXPATHLEN)) != 0)
		goto out;
	plen = strlen(full);
	if (memchr(name, '.', namelen) != NULL || plen + 1 + namelen >= MAXPATHLEN) {
		error = ENOENT;		/* a dot would reach a name from elsewhere */
		goto out;
	}
	if (plen > 0)
		full[plen++] = '.';
	memcpy(full + plen, name, namelen);
	full[plen + namelen] = '\0';
	sys_kind(full, &isfile, &isdir);
	if (!isfile && !isdir)
		error = ENOENT;
	else
		*idp = sys_intern(full, plen + namelen);
out:
	free(full, M_PROCSYS);
	return (error);
}

static int procfs_sys_value(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct sbuf *sb);
static int procfs_sys_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off);
static const struct pfs_node *sys_nodeof(uint64_t id);

const struct pfs_dyn procfs_sys_dyn = { NULL, sys_next, sys_lookup, sys_nodeof };

/* A name both an oid and a prefix of others is shown as the directory. */
static const struct pfs_node sys_dir =
	{ "<sysdir>", PFS_DIR, 0555, 20, NULL, NULL, &procfs_sys_dyn, NULL, NULL };
static const struct pfs_node sys_file =
	{ "<sysctl>", PFS_FILE, 0644, 21, procfs_sys_value, NULL, NULL, procfs_sys_store, NULL };

static const struct pfs_node *
sys_nodeof(uint64_t id)
{
	char *full = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	int isfile = 1, isdir = 0;

	if (sys_name(id, full, MAXPATHLEN) == 0)
		sys_kind(full, &isfile, &isdir);
	free(full, M_PROCSYS);
	return (isdir ? &sys_dir : &sys_file);
}

static int
procfs_sys_value(const struct pfs_node *pn, uint64_t id, struct thread *td, struct sbuf *sb)
{
	char *name = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	char *value = malloc(SYS_VALUE_MAX, M_PROCSYS, M_WAITOK);
	int error;

	(void)pn;
	(void)td;
	if ((error = sys_name(id, name, MAXPATHLEN)) == 0) {
		if (sysctl_format(name, value, SYS_VALUE_MAX) != 0)
			error = ENOENT;		/* its module went away */
		else
			sbuf_printf(sb, "%s\n", value);
	}
	free(value, M_PROCSYS);
	free(name, M_PROCSYS);
	return (error);
}

/*
 * One write(2) is the whole value, from offset 0 (Linux's default
 * sysctl_writes_strict: a write further on is refused).
 */
static int
procfs_sys_store(const struct pfs_node *pn, uint64_t id, struct thread *td,
    struct ucred *fcred, const char *buf, size_t len, int64_t off)
{
	char *name;
	int error;

	(void)pn;
	(void)fcred;		/* the writer decides, as Linux's proc_sys_write */
	if (off != 0)
		return (EINVAL);
	name = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	if ((error = sys_name(id, name, MAXPATHLEN)) == 0)
		error = sysctl_write(name, buf, len, td->td_ucred);
	free(name, M_PROCSYS);
	return (error);
}

int
procfs_sys_attr(const struct pfs_node *pn, uint64_t id, struct vattr *vap)
{
	char *full;
	int isfile, isdir, rw = 0;

	/* root's, with the node's mode (0444 for a read-only sysctl) */
	if (pn != &sys_dir && pn != &sys_file)
		return (0);	/* /proc/sys itself */
	full = malloc(MAXPATHLEN, M_PROCSYS, M_WAITOK);
	if (sys_name(id, full, MAXPATHLEN) != 0)
		isfile = isdir = 0;
	else {
		sys_kind(full, &isfile, &isdir);
		rw = pn == &sys_file && sysctl_writable(full);
	}
	free(full, M_PROCSYS);
	if (pn == &sys_file && !rw)
		vap->va_mode &= ~(mode_t)0222;
	/* Gone, or changed kind since it was looked up. */
	if (pn == &sys_dir ? !isdir : !isfile || isdir)
		return (ENOENT);
	return (0);
}

int
procfs_sys_node(const struct pfs_node *pn)
{
	return (pn->pn_dyn == &procfs_sys_dyn || pn == &sys_file);
}
