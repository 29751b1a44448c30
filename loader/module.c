/*
 * Preloaded files (FreeBSD's stand/common/module.c): `load` reads a file
 * from the boot volume into pages of its own, `unload` drops them all,
 * `lsmod` lists them.  They reach the kernel as the boot info's module
 * list (module_list(), bootinfo.c), with the name and type given here.
 */
#include <string.h>
#include <sanpo/bootinfo.h>
#include <sanpo/getopt.h>

#include "efi/efi_platform.h"
#include "loader.h"

static struct sanpo_module	modules[LOADER_MODULES_MAX];
static uint32_t			nmodules;

const struct sanpo_module *
module_list(uint32_t *count)
{
	*count = nmodules;
	return (modules);
}

/* Finds `name` in module_path (default /boot/modules;/boot/kernel). */
static const char *
module_find(const char *name, char *buf, size_t len)
{
	const char *mp = env_get("module_path"), *p, *q;
	struct plat_dirent de;
	size_t n;

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
		snprintf(buf, len, "%.*s/%s", (int)n, p, name);
		if (plat_stat(buf, &de) == 0 && !de.is_dir)
			return (buf);
	}
	return (NULL);
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

int
cmd_load(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *type = NULL, *name, *path;
	char buf[256], err[160];
	uint64_t size;
	void *data;
	uint32_t i;
	int ch, r;

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
	name = argv[g.ind];
	if (nmodules == LOADER_MODULES_MAX) {
		printf("load: %s: already %d files loaded\n", name, LOADER_MODULES_MAX);
		return (1);
	}
	if ((path = module_find(name, buf, sizeof(buf))) == NULL) {
		printf("load: %s: no such module in module_path\n", name);
		snprintf(command_errmsg, sizeof(command_errmsg), "%s: not found", name);
		return (1);
	}
	for (i = 0; i < nmodules; i++)
		if (strcmp(modules[i].name, path) == 0) {
			printf("load: %s: already loaded\n", path);
			return (1);
		}
	if (plat_file_read(path, &data, &size, LOADER_MODULE_LIMIT, err, sizeof(err)) != 0) {
		printf("load: %s\n", err);
		snprintf(command_errmsg, sizeof(command_errmsg), "%s", err);
		return (1);
	}
	if (type == NULL) {
		const uint8_t *b = data;

		if (size < 4 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F') {
			printf("load: %s: not an ELF module (use load -t type for other files)\n",
			    path);
			plat_free(data);
			return (1);
		}
		type = "elf module";
	}
	r = module_place(path, type, data, size);
	plat_free(data);
	return (r);
}

int
cmd_unload(int argc, char **argv)
{
	if (argc != 1)
		return (command_usage(argv[0]));
	while (nmodules > 0) {
		nmodules--;
		plat_free_pages(modules[nmodules].phys,
		    modules[nmodules].size ? modules[nmodules].size : 1);
	}
	return (0);
}

int
cmd_lsmod(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	uint32_t i;
	int ch;

	while ((ch = getopt_r(&g, argc, argv, "v")) != -1)
		if (ch != 'v')
			return (command_usage(argv[0]));
	if (g.ind != argc)
		return (command_usage(argv[0]));
	for (i = 0; i < nmodules; i++)
		printf(" 0x%llx: %s (%s, 0x%llx)\n", (unsigned long long)modules[i].phys,
		    modules[i].name, modules[i].type, (unsigned long long)modules[i].size);
	if (nmodules == 0)
		printf("no files loaded\n");
	return (0);
}
