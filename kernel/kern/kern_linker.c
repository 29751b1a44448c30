/*
 * The kernel linker (sys/linker.h): the list of linked files, loading a
 * .ko with its dependencies, unloading, and the linker sets of every file
 * as one sequence for the code that walks them.  FreeBSD's kern_linker.c
 * is the model.  The ELF work is link_elf_obj.c's (over common/elf_obj.c);
 * the modules are kern_module.c's.
 *
 * Loading, in order (each step undone if a later one fails):
 *   1. link_elf_obj_load: validate, place, relocate against itself, read
 *      the module metadata;
 *   2. the modules it declares must be new; each module it depends on
 *      must be loaded in a version it accepts -- loaded now from
 *      module_path if not (not for preloaded files: they wait for the
 *      others in the preload);
 *   3. link_elf_obj_finish: its undefined symbols from its dependencies,
 *      then the kernel; map it;
 *   4. its linker sets are checked (only sets the kernel knows how to
 *      take from a module; a sysctl or command name must be new);
 *   5. its modules are registered and it joins the list, so its sets are
 *      visible; its SYSINITs run (DECLARE_MODULE's send MOD_LOAD) -- for
 *      a preloaded file they join mi_startup's list instead;
 *   6. a MOD_LOAD that failed unloads it again.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/filedesc.h>
#include <sys/kernel.h>
#include <sys/linker.h>
#include <sys/lock.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/namei.h>
#include <sys/mount.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/ucred.h>
#include <sys/vfs_path.h>
#include <sys/vnode.h>
#include <machine/md_var.h>
#include <kern/link_elf_obj.h>

MALLOC_DEFINE(M_LINKER, "linker", "kernel linker: loaded files and their symbols");

#define LINKER_MAX_DEPTH	8		/* dependencies of dependencies... */
#define LINKER_MAX_FILE		(16u << 20)	/* bytes of one .ko */
#define LINKER_MAX_SYSINITS	256

struct sx			 linker_lock;
static int			 linker_ready;	/* linker_lock exists */
struct linker_file		*linker_kernel_file;
static struct linker_file_list	 linker_files = TAILQ_HEAD_INITIALIZER(linker_files);
static int			 next_file_id = 1;
static char			 module_path[256] = "/boot/kernel;/boot/modules";
static const char		*module_path_p = module_path;
SYSCTL_STRING("kern.module_path", &module_path_p,
    "where kldload looks for modules and their dependencies");
static uint64_t			 kld_loads, kld_unloads, kld_refused;
SYSCTL_U64("kern.kld.loads", &kld_loads, "files linked since boot");
SYSCTL_U64("kern.kld.unloads", &kld_unloads, "files unloaded since boot");
SYSCTL_U64("kern.kld.refused", &kld_refused, "files refused (bad, or a dependency missing)");

SET_DECLARE(modmetadata_set, struct mod_metadata);

/* The sets a module may have, and how each is checked before it is seen. */
static const struct {
	const char		*name;
	linker_set_check_t	*check;
} module_sets[] = {
	{ "sysinit_set",	NULL },
	{ "sysuninit_set",	NULL },
	{ "modmetadata_set",	NULL },
	{ "sysctl_set",		sysctl_set_check },
	{ "shell_cmd_set",	shell_set_check },
	{ "malloc_type_set",	NULL },
};

/* A load in progress: the names being loaded (cycles), the reason of a failure. */
struct linker_load {
	struct thread	*td;
	const char	*stack[LINKER_MAX_DEPTH];
	int		 depth;
	int		 preload;	/* from the loader: no files read */
	char		*err;
	size_t		 errlen;
};

/* --- lookups ------------------------------------------------------------ */

struct linker_file *
linker_file_next(struct linker_file *lf)
{
	return (lf == NULL ? TAILQ_FIRST(&linker_files) : TAILQ_NEXT(lf, link));
}

struct linker_file *
linker_find_file_by_id(int id)
{
	struct linker_file *lf;

	TAILQ_FOREACH(lf, &linker_files, link)
		if (lf->id == id)
			return (lf);
	return (NULL);
}

/* "aesni", "aesni.ko" and "/boot/kernel/aesni.ko" all name aesni.ko. */
static const char *
basename_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return (b != NULL ? b + 1 : path);
}

struct linker_file *
linker_find_file_by_name(const char *name)
{
	struct linker_file *lf;
	size_t n;

	name = basename_of(name);
	n = strlen(name);
	TAILQ_FOREACH(lf, &linker_files, link)
		if (strcmp(lf->filename, name) == 0 ||
		    (strncmp(lf->filename, name, n) == 0 && strcmp(lf->filename + n, ".ko") == 0))
			return (lf);
	return (NULL);
}

static struct linker_set *
file_set(struct linker_file *lf, const char *name)
{
	int i;

	for (i = 0; i < lf->nsets; i++)
		if (strcmp(lf->sets[i].name, name) == 0)
			return (&lf->sets[i]);
	return (NULL);
}

int
linker_sets_lock(void)
{
	if (!linker_ready || sx_xlocked(&linker_lock))
		return (0);
	sx_slock(&linker_lock);
	return (1);
}

void
linker_sets_unlock(int held)
{
	if (held)
		sx_sunlock(&linker_lock);
}

void *
linker_set_next(const char *set, void **kbegin, void **kend, struct linker_set_cursor *c)
{
	struct linker_set *s;

	if (!c->started) {
		c->started = 1;
		c->file = NULL;
		c->p = kbegin;
		c->end = kend;
	} else
		c->p++;
	while (c->p >= c->end) {
		/* The next linked file that has this set. */
		do
			c->file = c->file == NULL ? TAILQ_FIRST(&linker_files) :
			    TAILQ_NEXT(c->file, link);
		while (c->file != NULL && ((c->file->flags & LINKER_FILE_KERNEL) ||
		    !(c->file->flags & LINKER_FILE_LINKED) || file_set(c->file, set) == NULL));
		if (c->file == NULL)
			return (NULL);
		s = file_set(c->file, set);
		c->p = s->begin;
		c->end = s->end;
	}
	return (c->p);
}

const char *
linker_search_symbol(uint64_t addr, uint64_t *offset, const char **file)
{
	struct linker_file *lf;
	const char *name;
	uint64_t off = 0;

	/* No lock: a backtrace may come from anywhere, a panic included. */
	TAILQ_FOREACH(lf, &linker_files, link)
		if (!(lf->flags & LINKER_FILE_KERNEL) && addr >= lf->address &&
		    addr < lf->text_end) {
			name = link_elf_obj_search(lf, addr, &off);
			if (file != NULL)
				*file = lf->filename;
			if (name != NULL && offset != NULL)
				*offset = off;
			return (name);
		}
	if (file != NULL)
		*file = NULL;
	return (linker_kernel_search(addr, offset));
}

/* --- symbols of a file being linked ------------------------------------------ */

static int
file_lookup(void *arg, const char *name, uint64_t *value)
{
	struct linker_file *lf = arg;
	int i;

	/* A linker set's bounds are the file's own: never the kernel's. */
	if (strncmp(name, "__start_set_", 12) == 0 || strncmp(name, "__stop_set_", 11) == 0)
		return (-1);
	for (i = 0; i < lf->ndeps; i++)
		if (!(lf->deps[i]->flags & LINKER_FILE_KERNEL) &&
		    link_elf_obj_lookup(lf->deps[i], name, value) == 0)
			return (0);
	return (linker_kernel_lookup(name, value));
}

/* --- loading ----------------------------------------------------------- */

static int load_by_name(struct linker_load *ld, const char *name, int is_module,
    struct linker_file **result);

static int
fail(struct linker_load *ld, int error, const char *fmt, ...) __printflike(3, 4);

static int
fail(struct linker_load *ld, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ld->err, ld->errlen, fmt, ap);
	va_end(ap);
	return (error);
}

static int
provides(const struct modmeta *md, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if ((md[i].type == MDT_MODULE || md[i].type == MDT_VERSION) &&
		    strcmp(md[i].name, name) == 0)
			return (1);
	return (0);
}

static int
version_of(const struct modmeta *md, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (md[i].type == MDT_VERSION && strcmp(md[i].name, name) == 0)
			return (md[i].ver_pref);
	return (0);
}

/* A file being loaded ("kld_a", "kld_a.ko", ".../kld_a.ko") for module kld_a? */
static int
names_module(const char *file, const char *module)
{
	const char *b = basename_of(file);
	size_t n = strlen(module);

	return (strncmp(b, module, n) == 0 && (b[n] == '\0' || strcmp(b + n, ".ko") == 0));
}

/* "circular dependency: a -> b -> a", from the loads in progress since stack[from]. */
static int
cycle(struct linker_load *ld, int from, const char *name)
{
	size_t n = (size_t)snprintf(ld->err, ld->errlen, "circular dependency:");
	int j;

	for (j = from; j < ld->depth && n < ld->errlen; j++)
		n += (size_t)snprintf(ld->err + n, ld->errlen - n, " %s ->",
		    basename_of(ld->stack[j]));
	if (n < ld->errlen)
		snprintf(ld->err + n, ld->errlen - n, " %s", name);
	return (ELOOP);
}

static int
add_dep(struct linker_file *lf, struct linker_file *dep)
{
	int i;

	for (i = 0; i < lf->ndeps; i++)
		if (lf->deps[i] == dep)
			return (0);
	lf->deps[lf->ndeps++] = dep;
	return (0);
}

/* Step 2: the file's modules are new, its dependencies loaded in range. */
static int
resolve_deps(struct linker_load *ld, struct linker_file *lf, const struct modmeta *md, int n)
{
	struct linker_file *dfile;
	module_t mod;
	int i, j, error, v;

	for (i = 0; i < n; i++)
		if ((md[i].type == MDT_MODULE || md[i].type == MDT_VERSION) &&
		    (mod = module_lookupbyname(md[i].name)) != NULL)
			return (fail(ld, EEXIST, "module %s is already loaded (by %s)",
			    md[i].name, module_file(mod)->filename));
	lf->deps = malloc((n + 1) * sizeof(*lf->deps), M_LINKER, M_WAITOK | M_ZERO);
	for (i = 0; i < n; i++) {
		if (md[i].type != MDT_DEPEND || provides(md, n, md[i].name))
			continue;
		if ((mod = module_lookupbyname(md[i].name)) == NULL) {
			if (ld->preload)
				return (fail(ld, EAGAIN, "needs module %s, which is not loaded",
				    md[i].name));
			for (j = 0; j < ld->depth; j++)
				if (names_module(ld->stack[j], md[i].name))
					return (cycle(ld, j, md[i].name));
			if ((error = load_by_name(ld, md[i].name, 1, &dfile)) != 0)
				return (error);
			if ((mod = module_lookupbyname(md[i].name)) == NULL)
				return (fail(ld, ENOENT, "%s does not provide module %s",
				    dfile->filename, md[i].name));
		}
		v = module_getversion(mod);
		if (v < md[i].ver_min || v > md[i].ver_max)
			return (fail(ld, ENOEXEC, "needs module %s version %d to %d, "
			    "but version %d is loaded", md[i].name, md[i].ver_min,
			    md[i].ver_max, v));
		add_dep(lf, module_file(mod));
	}
	return (0);
}

/* Step 4: only sets the kernel takes from modules, each entry acceptable. */
static int
check_sets(struct linker_load *ld, struct linker_file *lf)
{
	struct linker_set *s;
	size_t i;
	int j;

	for (j = 0; j < lf->nsets; j++) {
		s = &lf->sets[j];
		for (i = 0; i < nitems(module_sets); i++)
			if (strcmp(module_sets[i].name, s->name) == 0)
				break;
		if (i == nitems(module_sets))
			return (fail(ld, ENOEXEC, "linker set %s cannot come from a module",
			    s->name));
		if (module_sets[i].check != NULL &&
		    module_sets[i].check(s->begin, s->end, ld->err, ld->errlen) != 0)
			return (ENOEXEC);
	}
	if ((s = file_set(lf, "sysinit_set")) != NULL &&
	    s->end - s->begin > LINKER_MAX_SYSINITS)
		return (fail(ld, ENOEXEC, "more than %d SYSINITs", LINKER_MAX_SYSINITS));
	return (0);
}

/* Step 5: its modules, from the metadata (which names are new: step 2). */
static int
register_modules(struct linker_load *ld, struct linker_file *lf, const struct modmeta *md,
    int n)
{
	int i, error;

	for (i = 0; i < n; i++)
		if (md[i].type == MDT_MODULE &&
		    (error = module_register((const moduledata_t *)md[i].data, lf, md[i].name,
		    version_of(md, n, md[i].name))) != 0)
			return (fail(ld, error, "module %s is declared twice", md[i].name));
	for (i = 0; i < n; i++)
		if (md[i].type == MDT_VERSION && module_lookupbyname(md[i].name) == NULL)
			module_register(NULL, lf, md[i].name, md[i].ver_pref);
	return (0);
}

static void
release_modules(struct linker_file *lf)
{
	module_t mod, next;

	for (mod = module_file_next(lf, NULL); mod != NULL; mod = next) {
		next = module_file_next(lf, mod);
		module_release(mod);
	}
}

/* Everything of a file that never joined the list (or just left it). */
static void
file_free(struct linker_file *lf)
{
	int i;

	release_modules(lf);
	if (lf->flags & LINKER_FILE_LINKED)
		for (i = 0; i < lf->ndeps; i++)
			lf->deps[i]->refs--;
	link_elf_obj_unload(lf);
	free(lf->deps, M_LINKER);
	free(lf, M_LINKER);
}

static void
run_sysinits(struct linker_file *lf, int preload)
{
	struct linker_set *s = file_set(lf, "sysinit_set");

	if (s == NULL)
		return;
	if (preload)
		sysinit_add((struct sysinit **)s->begin, (struct sysinit **)s->end);
	else
		sysinit_run_set((struct sysinit **)s->begin, (struct sysinit **)s->end);
}

static int unload_file(struct linker_file *lf, int flags, char *err, size_t errlen);

/*
 * Step 6: a file one of whose modules failed MOD_LOAD goes again, its
 * SYSUNINITs undoing what its SYSINITs did.  0 when none failed;
 * otherwise that error, the reason in err, and *stayed 1 if the file could
 * not be unloaded (said on the console).
 */
static int
unload_if_failed(struct linker_file *lf, char *err, size_t errlen, int *stayed)
{
	module_t mod;
	char why[160];
	int error = 0;

	for (mod = module_file_next(lf, NULL); mod != NULL; mod = module_file_next(lf, mod))
		if ((error = module_failed(mod)) != 0)
			break;
	*stayed = 0;
	if (error == 0)
		return (0);
	snprintf(err, errlen, "module %s: MOD_LOAD failed (error %d)", module_getname(mod),
	    error);
	if (unload_file(lf, LINKER_UNLOAD_FORCE, why, sizeof(why)) != 0) {
		printf("kldload: %s: cannot be unloaded again: %s\n", lf->filename, why);
		*stayed = 1;
	}
	return (error);
}

/* Links buf[0..size) as `path`: 0 and *result, or an errno and ld->err. */
static int
load_buffer(struct linker_load *ld, const char *path, const void *buf, size_t size,
    struct linker_file **result)
{
	struct linker_file *lf;
	struct modmeta *md = NULL;
	int nmd = 0, error, i, stayed;

	if (linker_find_file_by_name(path) != NULL)
		return (fail(ld, EEXIST, "file %s is already loaded", basename_of(path)));
	lf = malloc(sizeof(*lf), M_LINKER, M_WAITOK | M_ZERO);
	strlcpy(lf->filename, basename_of(path), sizeof(lf->filename));
	strlcpy(lf->pathname, path, sizeof(lf->pathname));
	lf->refs = 1;
	if ((error = link_elf_obj_load(lf, buf, size, &md, &nmd, ld->err, ld->errlen)) != 0 ||
	    (error = resolve_deps(ld, lf, md, nmd)) != 0 ||
	    (error = link_elf_obj_finish(lf, file_lookup, lf, ld->err, ld->errlen)) != 0 ||
	    (error = check_sets(ld, lf)) != 0 ||
	    (error = register_modules(ld, lf, md, nmd)) != 0)
		goto fail;
	free(md, M_LINKER);
	md = NULL;
	lf->id = next_file_id++;
	lf->flags |= LINKER_FILE_LINKED | (ld->preload ? LINKER_FILE_PRELOADED : 0);
	for (i = 0; i < lf->ndeps; i++)
		lf->deps[i]->refs++;
	TAILQ_INSERT_TAIL(&linker_files, lf, link);
	run_sysinits(lf, ld->preload);
	/* A preloaded file's SYSINITs run later: linker_preload_failed. */
	if (!ld->preload && (error = unload_if_failed(lf, ld->err, ld->errlen, &stayed)) != 0)
		return (error);
	kld_loads++;
	*result = lf;
	return (0);
fail:
	free(md, M_LINKER);
	file_free(lf);
	return (error);
}

/* A kernel-side path lookup: the thread's directories, or the root. */
static int
read_file(struct thread *td, const char *path, void **bufp, size_t *sizep)
{
	struct vfs_ctx c;
	struct vattr va;
	struct vnode *vp;
	size_t resid;
	void *buf;
	int error;

	if (rootvnode == NULL)
		return (ENOENT);
	if (td != NULL && td->td_proc != NULL && td->td_proc->p_pd != NULL) {
		pwd_get(td, &c.vc_cdir, &c.vc_rdir);
		c.vc_cred = td->td_ucred;
	} else {
		c.vc_cdir = c.vc_rdir = rootvnode;
		vref(rootvnode);
		vref(rootvnode);
		c.vc_cred = proc0_ucred;
	}
	c.vc_umask = 022;
	error = vfs_open(&c, path, O_RDONLY, 0, &vp, NULL);
	vrele(c.vc_cdir);
	vrele(c.vc_rdir);
	if (error != 0)
		return (error);
	if ((error = vn_getattr(vp, &va)) != 0)
		goto out;
	if (va.va_type != VREG) {
		error = va.va_type == VDIR ? EISDIR : EFTYPE;
		goto out;
	}
	if (va.va_size > LINKER_MAX_FILE) {
		error = EFBIG;
		goto out;
	}
	buf = malloc(va.va_size ? va.va_size : 1, M_LINKER, M_WAITOK);
	if ((error = vn_rdwr_kern(vp, UIO_READ, buf, va.va_size, 0, &resid)) != 0) {
		free(buf, M_LINKER);
		goto out;
	}
	*bufp = buf;
	*sizep = va.va_size - resid;
out:
	vrele(vp);
	return (error);
}

/* Tries dir/name for each module_path directory (name may lack ".ko"). */
static int
find_in_path(struct linker_load *ld, const char *name, char *path, size_t len,
    void **bufp, size_t *sizep)
{
	const char *p, *q;
	size_t n, nlen = strlen(name);
	int error = ENOENT, ko, e;

	for (p = module_path; *p != '\0'; p = *q != '\0' ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ';'; q++)
			;
		if ((n = (size_t)(q - p)) == 0)
			continue;
		for (ko = 0; ko < 2; ko++) {
			if (ko && nlen > 3 && strcmp(name + nlen - 3, ".ko") == 0)
				break;
			snprintf(path, len, "%.*s/%s%s", (int)n, p, name, ko ? ".ko" : "");
			if ((e = read_file(ld->td, path, bufp, sizep)) == 0)
				return (0);
			if (e != ENOENT)
				error = e;	/* found, but unreadable: say so */
		}
	}
	return (error);
}

/*
 * Loads a file by name (a module's name, for a dependency): its path
 * searched in module_path unless it has a '/'.
 */
static int
load_by_name(struct linker_load *ld, const char *name, int is_module,
    struct linker_file **result)
{
	char *path;
	void *buf = NULL;
	size_t size = 0;
	int error;

	if (ld->depth == LINKER_MAX_DEPTH)
		return (fail(ld, ELOOP, "dependencies nest deeper than %d", LINKER_MAX_DEPTH));
	path = malloc(MAXPATHLEN, M_LINKER, M_WAITOK);
	if (strchr(name, '/') != NULL) {
		strlcpy(path, name, MAXPATHLEN);
		error = read_file(ld->td, path, &buf, &size);
	} else
		error = find_in_path(ld, name, path, MAXPATHLEN, &buf, &size);
	if (error != 0) {
		if (is_module)
			fail(ld, error, "needs module %s: no %s.ko in module_path (%s)", name,
			    name, module_path);
		else
			fail(ld, error, "%s", error == ENOENT ? "no such file" :
			    error == EFBIG ? "file too large" : errno_name(error));
		free(path, M_LINKER);
		return (error);
	}
	ld->stack[ld->depth++] = name;
	error = load_buffer(ld, path, buf, size, result);
	ld->depth--;
	if (error == 0 && is_module)
		(*result)->userrefs = 0;	/* unloaded with the file needing it */
	free(buf, M_LINKER);
	free(path, M_LINKER);
	return (error);
}

int
linker_load_module(struct thread *td, const char *name, struct linker_file **result)
{
	struct linker_load ld = { .td = td };
	struct linker_file *lf;
	char err[200];
	int error;

	ld.err = err;
	ld.errlen = sizeof(err);
	err[0] = '\0';
	sx_xlock(&linker_lock);
	if ((lf = linker_find_file_by_name(name)) != NULL) {
		error = EEXIST;
		snprintf(err, sizeof(err), "file %s is already loaded", lf->filename);
	} else if ((error = load_by_name(&ld, name, 0, &lf)) == 0) {
		lf->userrefs++;
		*result = lf;
	}
	if (error != 0)
		kld_refused++;
	sx_xunlock(&linker_lock);
	if (error != 0)
		printf("kldload: %s: %s\n", name, err);
	return (error);
}

/* --- unloading ------------------------------------------------------------- */

static int
unload_file(struct linker_file *lf, int flags, char *err, size_t errlen)
{
	struct linker_set *s;
	struct linker_file *dep;
	module_t mod;
	int error, i;

	if (lf->flags & LINKER_FILE_KERNEL) {
		snprintf(err, errlen, "the kernel cannot be unloaded");
		return (EBUSY);
	}
	if (lf->refs > 1) {
		struct linker_file *other;

		TAILQ_FOREACH(other, &linker_files, link)
			for (i = 0; i < other->ndeps; i++)
				if (other->deps[i] == lf) {
					snprintf(err, errlen, "needed by %s", other->filename);
					return (EBUSY);
				}
		snprintf(err, errlen, "in use");
		return (EBUSY);
	}
	if (__atomic_load_n(&lf->busy, __ATOMIC_ACQUIRE) != 0) {
		snprintf(err, errlen, "one of its commands is running");
		return (EBUSY);
	}
	for (mod = module_file_next(lf, NULL); mod != NULL; mod = module_file_next(lf, mod))
		if ((error = module_quiesce(mod)) != 0 && !(flags & LINKER_UNLOAD_FORCE)) {
			snprintf(err, errlen, "module %s is busy (MOD_QUIESCE: error %d)",
			    module_getname(mod), error);
			return (error);
		}
	for (mod = module_file_next(lf, NULL); mod != NULL; mod = module_file_next(lf, mod))
		if ((error = module_unload(mod)) != 0) {
			snprintf(err, errlen, "module %s refused MOD_UNLOAD (error %d)",
			    module_getname(mod), error);
			return (error);
		}
	if ((s = file_set(lf, "sysuninit_set")) != NULL)
		sysuninit_run_set((struct sysinit **)s->begin, (struct sysinit **)s->end);
	if ((lf->flags & LINKER_FILE_PRELOADED) && (s = file_set(lf, "sysinit_set")) != NULL)
		sysinit_remove((struct sysinit **)s->begin, (struct sysinit **)s->end);
	if ((s = file_set(lf, "malloc_type_set")) != NULL)
		malloc_type_set_unload(s->begin, s->end, lf->filename);
	witness_forget_range(lf->address, lf->address + lf->size);
	TAILQ_REMOVE(&linker_files, lf, link);
	kld_unloads++;
	for (i = 0; i < lf->ndeps; i++) {
		dep = lf->deps[i];
		/* A dependency nobody asked for by name goes with its last user. */
		if (--dep->refs == 1 && dep->userrefs == 0 &&
		    !(dep->flags & LINKER_FILE_KERNEL) &&
		    unload_file(dep, LINKER_UNLOAD_NORMAL, err, errlen) != 0) {
			printf("kldunload: %s stays: %s\n", dep->filename, err);
			dep->userrefs = 1;
		}
	}
	lf->flags &= ~LINKER_FILE_LINKED;	/* the refs are dropped */
	file_free(lf);
	return (0);
}

int
linker_file_unload(struct linker_file *lf, int flags)
{
	char err[160], name[LINKER_NAMELEN];
	int error;

	if (!sx_xlocked(&linker_lock))
		panic("linker_file_unload: the linker lock is not held");
	strlcpy(name, lf->filename, sizeof(name));
	if (lf->userrefs == 0 && !(lf->flags & LINKER_FILE_KERNEL)) {
		printf("kldunload: %s: loaded as a dependency, not by name\n", name);
		return (EBUSY);
	}
	if ((error = unload_file(lf, flags, err, sizeof(err))) != 0)
		printf("kldunload: %s: %s\n", name, err);
	return (error);
}

int
kern_kldload(struct thread *td, const char *name, int *fileid)
{
	struct linker_file *lf;
	int error = linker_load_module(td, name, &lf);

	if (error == 0 && fileid != NULL)
		*fileid = lf->id;	/* (the id outlives the lock: it is only a number) */
	return (error);
}

int
kern_kldunload(struct thread *td, int fileid, int flags)
{
	struct linker_file *lf;
	int error;

	(void)td;
	sx_xlock(&linker_lock);
	if ((lf = linker_find_file_by_id(fileid)) == NULL)
		error = ENOENT;
	else
		error = linker_file_unload(lf, flags);
	sx_xunlock(&linker_lock);
	return (error);
}

/* --- the kernel and the preloaded files ----------------------------------- */

static int
kernel_version_of(const char *name)
{
	struct mod_metadata **mdp;

	SET_FOREACH(mdp, modmetadata_set)
		if ((*mdp)->md_type == MDT_VERSION && strcmp((*mdp)->md_cval, name) == 0)
			return (((const struct mod_version *)(*mdp)->md_data)->mv_version);
	return (0);
}

/* The kernel as file 1, with the modules its own metadata declares. */
static void
linker_init(const void *dummy __unused)
{
	struct linker_file *lf;
	struct mod_metadata **mdp;
	const char *mp = kern_getenv("module_path");
	int pass;

	sx_init(&linker_lock, "kernel linker");
	linker_ready = 1;
	if (mp != NULL)
		strlcpy(module_path, mp, sizeof(module_path));
	linker_kernel_symbols_init();
	lf = linker_kernel_file = malloc(sizeof(*lf), M_LINKER, M_WAITOK | M_ZERO);
	lf->id = next_file_id++;
	lf->refs = 1;
	lf->flags = LINKER_FILE_KERNEL | LINKER_FILE_LINKED | LINKER_FILE_PRELOADED;
	strlcpy(lf->filename, "kernel", sizeof(lf->filename));
	strlcpy(lf->pathname, bootinfo.kernel_path, sizeof(lf->pathname));
	lf->address = (uint64_t)__kernel_start;
	lf->size = (uint64_t)__kernel_end - (uint64_t)__kernel_start;
	TAILQ_INSERT_TAIL(&linker_files, lf, link);
	/* Declared modules first, then names that only have a version. */
	for (pass = 0; pass < 2; pass++)
		SET_FOREACH(mdp, modmetadata_set) {
			const struct mod_metadata *md = *mdp;

			if (md->md_type != (pass == 0 ? MDT_MODULE : MDT_VERSION) ||
			    (pass == 1 && module_lookupbyname(md->md_cval) != NULL))
				continue;
			if (module_register(pass == 0 ? md->md_data : NULL, lf, md->md_cval,
			    kernel_version_of(md->md_cval)) != 0)
				panic("linker_init: kernel module %s declared twice", md->md_cval);
		}
}
SYSINIT(linker, SI_SUB_KLD, SI_ORDER_FIRST, linker_init, NULL);

/*
 * The files the loader preloaded, linked before the SYSINITs of the
 * stages after this one run (their own SYSINITs join the list).  Each
 * waits for the others it depends on; what still misses a dependency when
 * no more progress is made is refused.  Start-up runs alone here, before
 * any thread exists (the linker lock, an sx, needs one): nothing to lock.
 */
static void
linker_preload(const void *dummy __unused)
{
	const struct sanpo_module *m, *pending[64];
	struct linker_load ld = { .preload = 1 };
	struct linker_file *lf;
	char err[200];
	int n = 0, i, progress, error;

	for (m = preload_search_next(NULL, "elf obj module"); m != NULL && n < 64;
	    m = preload_search_next(m, "elf obj module"))
		pending[n++] = m;
	ld.err = err;
	ld.errlen = sizeof(err);
	do {
		progress = 0;
		for (i = 0; i < n; i++) {
			if (pending[i] == NULL)
				continue;
			error = load_buffer(&ld, pending[i]->name, preload_data(pending[i]),
			    (size_t)pending[i]->size, &lf);
			if (error == EAGAIN)
				continue;		/* a dependency may come later */
			if (error != 0) {
				printf("kldload: %s: %s\n", pending[i]->name, err);
				kld_refused++;
			} else
				lf->userrefs = 1;
			pending[i] = NULL;
			progress = 1;
		}
	} while (progress);
	for (i = 0; i < n; i++)
		if (pending[i] != NULL) {
			load_buffer(&ld, pending[i]->name, preload_data(pending[i]),
			    (size_t)pending[i]->size, &lf);
			printf("kldload: %s: %s\n", pending[i]->name, err);
			kld_refused++;
		}
}
SYSINIT(linker_preload, SI_SUB_KLD, SI_ORDER_MIDDLE, linker_preload, NULL);

/*
 * The preloaded files whose MOD_LOAD failed, unloaded as kldload unloads
 * one at run time, so nothing of them stays.  Their SYSINITs ran in
 * mi_startup's order, so this is the last stage before the scheduler's,
 * once a module's SYSINITs have all run; a file unloaded leaves that list
 * (sysinit_remove keeps mi_startup's place).  After one goes, the walk
 * starts again: a file that failed may have been waiting for its user.
 */
static void
linker_preload_failed(const void *dummy __unused)
{
	struct linker_file *lf;
	char err[200];
	int again, stayed;

	sx_xlock(&linker_lock);
	do {
		again = 0;
		TAILQ_FOREACH(lf, &linker_files, link) {
			char path[sizeof(lf->pathname)];

			if ((lf->flags & (LINKER_FILE_PRELOADED | LINKER_FILE_KERNEL)) !=
			    LINKER_FILE_PRELOADED || (lf->flags & LINKER_FILE_FAILED))
				continue;
			strlcpy(path, lf->pathname, sizeof(path));
			if (unload_if_failed(lf, err, sizeof(err), &stayed) == 0)
				continue;
			printf("kldload: %s: %s\n", path, err);
			kld_refused++;
			if (stayed) {
				lf->flags |= LINKER_FILE_FAILED;
				continue;
			}
			again = 1;
			break;
		}
	} while (again);
	sx_xunlock(&linker_lock);
}
SYSINIT(linker_preload_failed, SI_SUB_SMP, SI_ORDER_ANY, linker_preload_failed, NULL);
