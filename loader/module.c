/*
 * Preloaded files (FreeBSD's stand/common/module.c): `load` reads a file
 * from the boot volume into pages of its own, `unload` drops them all,
 * `lsmod` lists them.  They reach the kernel as the boot info's module
 * list (module_list(), bootinfo.c), with the name and type given here.
 * An ELF executable is the kernel itself: boot.c checks and keeps it
 * (kernel_load), `boot` starts it and `unload` drops it too.
 *
 * A kernel module (an ELF relocatable object, type "elf obj module") is
 * checked by the kernel linker's own validator before it is kept, and the
 * modules it depends on (its MODULE_DEPEND metadata, read the way the
 * kernel reads it) are loaded from module_path first, as FreeBSD's loader
 * does: the kernel links the preloaded files before it has a file system.
 * A dependency no file in module_path provides is the kernel's own
 * (crypto, kernel) or missing: the kernel, which knows its modules,
 * decides when it links the file.
 */
#include <string.h>
#include <sanpo/bootinfo.h>
#include <sanpo/elf_obj.h>
#include <sanpo/getopt.h>
#include <sanpo/modmetadata.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

#define DEP_DEPTH	8	/* dependencies of dependencies... */

static struct sanpo_module	modules[LOADER_MODULES_MAX];
static uint32_t			nmodules;
/* The module names each loaded .ko provides (for its dependants). */
static char			provides[LOADER_MODULES_MAX][8][MAXMODNAME];

/*
 * The files being loaded, outermost first: the name each was asked for and
 * the modules it provides, to name a circular dependency as the kernel
 * linker does ("a -> b -> a") instead of nesting until DEP_DEPTH.
 */
static struct {
	char	  name[MAXMODNAME];
	char	(*mine)[MAXMODNAME];		/* [8], or NULL before it is read */
} loading[DEP_DEPTH];

static int	load_file(const char *name, const char *type, int depth);

const struct sanpo_module *
module_list(uint32_t *count)
{
	*count = nmodules;
	return (modules);
}

/* Finds `name` or `name`.ko in module_path (default /boot/modules;/boot/kernel). */
static const char *
module_find(const char *name, char *buf, size_t len)
{
	const char *mp = env_get("module_path"), *p, *q;
	struct plat_dirent de;
	size_t n;
	int ko;

	if (strchr(name, '/') != NULL)
		return (name);
	if (mp == NULL)
		mp = "/boot/modules;/boot/kernel";
	for (p = mp; *p != '\0'; p = *q ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ';'; q++)
			;
		n = (size_t)(q - p);
		if (n == 0 || n + 2 + 64 > len)
			continue;
		for (ko = 0; ko < 2; ko++) {
			snprintf(buf, len, "%.*s/%s%s", (int)n, p, name, ko ? ".ko" : "");
			if (plat_stat(buf, &de) == 0 && !de.is_dir)
				return (buf);
		}
	}
	return (NULL);
}

/* An ELF executable (ET_EXEC) loaded without a type, or as "elf kernel". */
static int
is_kernel(const uint8_t *b, uint64_t size, const char *type)
{
	if (type != NULL && strcmp(type, "elf kernel") != 0 &&
	    strcmp(type, "elf64 kernel") != 0)
		return (0);
	return (size >= 18 && b[0] == 0x7f && b[1] == 'E' && b[2] == 'L' &&
	    b[3] == 'F' && b[16] == 2 && b[17] == 0);
}

static int
provided(const char *name)
{
	uint32_t i, j;

	if (strcmp(name, "kernel") == 0)	/* the kernel checks its own version */
		return (1);
	for (i = 0; i < nmodules; i++)
		for (j = 0; j < 8; j++)
			if (strcmp(provides[i][j], name) == 0)
				return (1);
	return (0);
}

/*
 * A .ko: validated as the kernel will, linked at address 0 in scratch
 * memory against itself only (enough to read its metadata), the modules
 * it provides noted in `mine`, those it needs loaded first.
 */
/* 1 if module `name` is provided by a file that is still loading (below depth). */
static int
loading_now(const char *name, int depth)
{
	int i, j;

	for (i = 0; i < depth; i++) {
		if (strcmp(loading[i].name, name) == 0)
			return (1);
		for (j = 0; j < 8 && loading[i].mine != NULL; j++)
			if (strcmp(loading[i].mine[j], name) == 0)
				return (1);
	}
	return (0);
}

static void
print_cycle(const char *path, const char *name, int depth)
{
	int i;

	printf("load: %s: circular dependency: ", path);
	for (i = 0; i <= depth; i++)
		printf("%s -> ", loading[i].name);
	printf("%s\n", name);
}

static int
module_kld(const char *path, const void *data, uint64_t size, int depth,
    char mine[8][MAXMODNAME])
{
	struct elf_obj o;
	struct modmeta m;
	uint64_t *off = NULL, *val = NULL;
	uint8_t *img = NULL;
	char err[160], dep[256];
	int set, r = 1, nmine = 0;
	unsigned i, n;

	if (elf_obj_validate(data, size, &o, err, sizeof(err)) != 0) {
		printf("load: %s: %s\n", path, err);
		return (1);
	}
	off = plat_alloc(o.shnum * sizeof(*off));
	val = plat_alloc((o.nsym + 1) * sizeof(*val));
	if (off != NULL)
		elf_obj_layout(&o, off);
	if (off == NULL || val == NULL || (img = plat_alloc(o.total + 1)) == NULL) {
		printf("load: %s: out of memory\n", path);
		goto out;
	}
	elf_obj_load(&o, off, img);
	if (elf_obj_resolve(&o, off, 0, NULL, NULL, val, err, sizeof(err)) != 0 ||
	    elf_obj_relocate(&o, off, img, 0, val, 1, err, sizeof(err)) != 0) {
		printf("load: %s: %s\n", path, err);
		goto out;
	}
	set = elf_obj_find_section(&o, off, "set_modmetadata_set");
	n = set < 0 ? 0 : (unsigned)(o.sh[set].sh_size / 8);
	for (i = 0; i < n; i++) {
		if (modmeta_read(img, o.total, 0, off[set], o.sh[set].sh_size, i, &m, err,
		    sizeof(err)) != 0) {
			printf("load: %s: %s\n", path, err);
			goto out;
		}
		if ((m.type == MDT_MODULE || m.type == MDT_VERSION) && nmine < 8)
			strlcpy(mine[nmine++], m.name, MAXMODNAME);
	}
	for (i = 0; i < n; i++) {
		modmeta_read(img, o.total, 0, off[set], o.sh[set].sh_size, i, &m, err,
		    sizeof(err));
		if (m.type != MDT_DEPEND || provided(m.name))
			continue;
		for (set = 0; set < nmine && strcmp(mine[set], m.name) != 0; set++)
			;
		if (set < nmine)
			continue;		/* its own */
		if (loading_now(m.name, depth)) {
			print_cycle(path, m.name, depth);
			goto out;
		}
		if (depth + 1 >= DEP_DEPTH) {
			printf("load: %s: dependencies nest deeper than %d\n", path,
			    DEP_DEPTH);
			goto out;
		}
		/* Not a file here: the kernel's own (crypto...) or missing, which
		   the kernel, knowing its modules, will say when it links. */
		if (module_find(m.name, dep, sizeof(dep)) == NULL)
			continue;
		if (load_file(m.name, NULL, depth + 1) != 0) {
			printf("load: %s: needs module %s, which could not be loaded\n", path,
			    m.name);
			goto out;
		}
	}
	r = 0;
out:
	plat_free(img);
	plat_free(val);
	plat_free(off);
	return (r);
}

/* The file's bytes into pages the kernel will find; the module entry. */
static int
module_place(const char *path, const char *type, void *data, uint64_t size)
{
	struct sanpo_module *m;
	uint64_t pa;

	if (plat_alloc_pages(size ? size : 1, SANPO_EFI_MEMTYPE_KERNEL, 4096, &pa) != 0) {
		printf("load: %s: cannot allocate %llu bytes\n", path, (unsigned long long)size);
		return (1);
	}
	memcpy((void *)(uintptr_t)pa, data, size);
	m = &modules[nmodules++];
	strlcpy(m->name, path, sizeof(m->name));
	strlcpy(m->type, type, sizeof(m->type));
	m->phys = pa;
	m->size = size;
	printf("%s size=0x%llx\n", path, (unsigned long long)size);
	return (0);
}

/* Reads, checks and keeps one file (a module's dependencies first). */
static int
load_file(const char *name, const char *type, int depth)
{
	char buf[256], err[160], mine[8][MAXMODNAME];
	const char *path;
	uint64_t size;
	void *data;
	uint32_t i;
	int r;

	memset(mine, 0, sizeof(mine));
	if (nmodules == LOADER_MODULES_MAX) {
		printf("load: %s: already %d files loaded\n", name, LOADER_MODULES_MAX);
		return (1);
	}
	if ((path = module_find(name, buf, sizeof(buf))) == NULL) {
		printf("load: %s: no such module in module_path\n", name);
		command_set_error("%s: not found", name);
		return (1);
	}
	for (i = 0; i < nmodules; i++)
		if (strcmp(modules[i].name, path) == 0) {
			printf("load: %s: already loaded\n", path);
			return (1);
		}
	if (plat_file_read(path, &data, &size, LOADER_MODULE_LIMIT, err, sizeof(err)) != 0) {
		printf("load: %s\n", err);
		command_set_error("%s", err);
		return (1);
	}
	if (is_kernel(data, size, type)) {
		/* A kernel: checked now, kept apart, started by `boot`. */
		return (kernel_load(path, data, size) == 0 ? 0 : 1);
	}
	if (type == NULL) {
		const uint8_t *b = data;

		if (size < 4 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
			printf("load: %s: not an ELF module (use load -t type for other files)\n",
			    path);
			plat_free(data);
			return (1);
		}
		/* e_type ET_REL: a kernel module (.ko); other ELF files as they are. */
		type = size > 17 && b[16] == ET_REL && b[17] == 0 ? "elf obj module" :
		    "elf module";
	}
	if (strcmp(type, "elf obj module") == 0) {
		const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
		size_t n = strlen(base);

		if (n > 3 && strcmp(base + n - 3, ".ko") == 0)
			n -= 3;
		snprintf(loading[depth].name, MAXMODNAME, "%.*s", (int)n, base);
		loading[depth].mine = mine;
		r = module_kld(path, data, size, depth, mine);
		loading[depth].mine = NULL;
		if (r != 0) {
			plat_free(data);
			return (r);
		}
	}
	if ((r = module_place(path, type, data, size)) == 0)
		memcpy(provides[nmodules - 1], mine, sizeof(mine));
	plat_free(data);
	return (r);
}

int
cmd_load(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *type = NULL;
	int ch;

	while ((ch = getopt_r(&g, argc, argv, "t:")) != -1) {
		if (ch != 't') {
			printf("load: %s\n", g.err);
			return (command_usage(argv[0]));
		}
		type = g.arg;
	}
	/* Words after the file are module arguments: not used by Sanpo's kernel yet. */
	if (g.ind >= argc)
		return (command_usage(argv[0]));
	return (load_file(argv[g.ind], type, 0));
}

int
cmd_unload(int argc, char **argv)
{
	if (argc != 1)
		return (command_usage(argv[0]));
	kernel_unload();
	while (nmodules > 0) {
		nmodules--;
		memset(provides[nmodules], 0, sizeof(provides[nmodules]));
		plat_free_pages(modules[nmodules].phys,
		    modules[nmodules].size ? modules[nmodules].size : 1);
	}
	return (0);
}

int
cmd_lsmod(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *kname;
	uint64_t ksize;
	uint32_t i;
	int ch;

	while ((ch = getopt_r(&g, argc, argv, "v")) != -1)
		if (ch != 'v')
			return (command_usage(argv[0]));
	if (g.ind != argc)
		return (command_usage(argv[0]));
	if ((kname = kernel_loaded(&ksize)) != NULL)
		printf(" %s (elf kernel, 0x%llx)\n", kname, (unsigned long long)ksize);
	for (i = 0; i < nmodules; i++)
		printf(" 0x%llx: %s (%s, 0x%llx)\n", (unsigned long long)modules[i].phys,
		    modules[i].name, modules[i].type, (unsigned long long)modules[i].size);
	if (nmodules == 0 && kname == NULL)
		printf("no files loaded\n");
	return (0);
}
