/*
 * The rest of the OK prompt: autoboot, preloading files (load, unload,
 * lsmod: they reach the kernel in the boot-info module list), include,
 * more, read, lua, and the firmware views (memmap, lsdev, configuration,
 * lsefi, gop, efi-show, chain) that the platform layer prints.
 */
#include <sanpo/bootinfo.h>
#include <sanpo/kvprintf.h>

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

static int
seq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (*a == *b);
}

static void
scopy(char *d, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < n; i++)
		d[i] = s[i];
	d[i] = '\0';
}

static int
has_slash(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '/')
			return (1);
	return (0);
}

static int
usage(const char *u)
{
	printf("usage: %s\n", u);
	ksnprintf(command_errmsg, sizeof(command_errmsg), "usage: %s", u);
	return (1);
}

int
cmd_autoboot(int argc, char **argv)
{
	int secs = 10;
	const char *p;

	if (argc > 3)
		return (usage("autoboot [secs [prompt]]"));
	if (argc >= 2) {
		secs = 0;
		for (p = argv[1]; *p >= '0' && *p <= '9'; p++)
			secs = secs * 10 + (*p - '0');
		if (*p != '\0' || p == argv[1]) {
			printf("autoboot: '%s' is not a number of seconds\n", argv[1]);
			return (1);
		}
	}
	autoboot(secs);
	return (1);	/* back here: interrupted or the boot failed */
}

/* Finds `name` in module_path (default /boot/modules;/boot/kernel). */
static const char *
module_find(const char *name, char *buf, size_t len)
{
	const char *mp = env_get("module_path"), *p, *q;
	struct plat_dirent de;
	size_t n;

	if (has_slash(name))
		return (name);
	if (mp == NULL)
		mp = "/boot/modules;/boot/kernel";
	for (p = mp; *p != '\0'; p = *q ? q + 1 : q) {
		for (q = p; *q != '\0' && *q != ';'; q++)
			;
		n = (size_t)(q - p);
		if (n == 0 || n + 2 + 64 > len)
			continue;
		ksnprintf(buf, len, "%.*s/%s", (int)n, p, name);
		if (plat_stat(buf, &de) == 0 && !de.is_dir)
			return (buf);
	}
	return (NULL);
}

int
cmd_load(int argc, char **argv)
{
	const char *type = NULL, *name = NULL, *path;
	char buf[256], err[160];
	struct sanpo_module *m;
	uint64_t size, pa;
	void *data;
	int i;

	for (i = 1; i < argc; i++) {
		if (seq(argv[i], "-t") && i + 1 < argc)
			type = argv[++i];
		else if (argv[i][0] == '-')
			return (usage("load [-t type] file"));
		else if (name == NULL)
			name = argv[i];
		else
			break;	/* module arguments: not used by Sanpo's kernel yet */
	}
	if (name == NULL)
		return (usage("load [-t type] file"));
	if (nmodules == LOADER_MODULES_MAX) {
		printf("load: %s: already %d files loaded\n", name, LOADER_MODULES_MAX);
		return (1);
	}
	if ((path = module_find(name, buf, sizeof(buf))) == NULL) {
		printf("load: %s: no such module in module_path\n", name);
		ksnprintf(command_errmsg, sizeof(command_errmsg), "%s: not found", name);
		return (1);
	}
	for (i = 0; i < (int)nmodules; i++)
		if (seq(modules[i].name, path)) {
			printf("load: %s: already loaded\n", path);
			return (1);
		}
	if (plat_file_read(path, &data, &size, LOADER_MODULE_LIMIT, err, sizeof(err)) != 0) {
		printf("load: %s\n", err);
		ksnprintf(command_errmsg, sizeof(command_errmsg), "%s", err);
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
	if (plat_alloc_pages(size ? size : 1, SANPO_EFI_MEMTYPE_KERNEL, 4096, &pa) != 0) {
		printf("load: %s: cannot allocate %llu bytes\n", path, (unsigned long long)size);
		plat_free(data);
		return (1);
	}
	for (uint64_t k = 0; k < size; k++)
		((uint8_t *)(uintptr_t)pa)[k] = ((uint8_t *)data)[k];
	plat_free(data);
	m = &modules[nmodules++];
	scopy(m->name, sizeof(m->name), path);
	scopy(m->type, sizeof(m->type), type);
	m->phys = pa;
	m->size = size;
	printf("%s size=0x%llx\n", path, (unsigned long long)size);
	return (0);
}

int
cmd_unload(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return (usage("unload"));
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
	uint32_t i;

	(void)argv;
	if (argc > 2)
		return (usage("lsmod [-v]"));
	for (i = 0; i < nmodules; i++)
		printf(" 0x%llx: %s (%s, 0x%llx)\n", (unsigned long long)modules[i].phys,
		    modules[i].name, modules[i].type, (unsigned long long)modules[i].size);
	if (nmodules == 0)
		printf("no files loaded\n");
	return (0);
}

int
cmd_lsdev(int argc, char **argv)
{
	(void)argv;
	if (argc > 2)
		return (usage("lsdev [-v]"));
	plat_lsdev(argc == 2);
	return (0);
}

static int
read_text(const char *cmd, const char *path, void **data, uint64_t *size)
{
	char err[160];

	if (plat_file_read(path, data, size, LOADER_CONF_LIMIT, err, sizeof(err)) != 0) {
		printf("%s: %s\n", cmd, err);
		ksnprintf(command_errmsg, sizeof(command_errmsg), "%s", err);
		return (-1);
	}
	return (0);
}

/*
 * Files included from included files, at most: each level costs stack
 * (this frame, the command's, Lua's when a cli command runs), and UEFI
 * only promises 128 KiB -- a file including itself must get an error,
 * not overflow it.
 */
#define INCLUDE_DEPTH_MAX	8

static int include_depth;	/* include commands running, nested */

/*
 * Runs the commands of one file, stopping at the first that fails.  A
 * line too long for the buffer, or holding a NUL byte, is refused as
 * loader.conf refuses it: run cut short, it would be another command.
 */
static int
include_file(const char *path, const char *t, uint64_t size)
{
	char line[512];
	uint64_t i, n;
	int lineno, bad;

	for (i = 0, lineno = 1; i < size; lineno++) {
		for (n = 0, bad = 0; i < size && t[i] != '\n'; i++) {
			if (t[i] == '\r')
				continue;
			if (n + 1 < sizeof(line))
				line[n] = t[i];
			else
				bad = 1;
			bad |= t[i] == '\0';
			n++;
		}
		i++;
		if (bad) {
			printf("%s:%d: %s, not run\n", path, lineno, n + 1 > sizeof(line) ?
			    "line longer than 511 characters" : "NUL byte in the line");
			return (1);
		}
		line[n] = '\0';
		if (line[0] == '#' || line[0] == '\\')
			continue;
		if (command_execute(line) != 0) {
			printf("%s:%d: command failed: %s\n", path, lineno, line);
			return (1);
		}
	}
	return (0);
}

int
cmd_include(int argc, char **argv)
{
	uint64_t size;
	void *data;
	int a, r = 0;

	if (argc < 2)
		return (usage("include file ..."));
	if (include_depth >= INCLUDE_DEPTH_MAX) {
		printf("include: %s: includes nested more than %d deep\n", argv[1],
		    INCLUDE_DEPTH_MAX);
		ksnprintf(command_errmsg, sizeof(command_errmsg),
		    "includes nested more than %d deep", INCLUDE_DEPTH_MAX);
		return (1);
	}
	for (a = 1; a < argc && r == 0; a++) {
		if (read_text("include", argv[a], &data, &size) != 0)
			return (1);
		include_depth++;
		r = include_file(argv[a], data, size);
		include_depth--;
		plat_free(data);
	}
	return (r);
}

int
cmd_more(int argc, char **argv)
{
	uint64_t size, i;
	void *data;
	int a;

	if (argc < 2)
		return (usage("more file ..."));
	for (a = 1; a < argc; a++) {
		if (read_text("more", argv[a], &data, &size) != 0)
			return (1);
		if (argc > 2)
			printf("*** FILE %s BEGIN ***\n", argv[a]);
		for (i = 0; i < size; i++)
			if (((char *)data)[i] != '\r')
				cons_putc(((char *)data)[i]);
		if (size > 0 && ((char *)data)[size - 1] != '\n')
			cons_putc('\n');
		if (argc > 2)
			printf("*** FILE %s END ***\n", argv[a]);
		plat_free(data);
	}
	return (0);
}

int
cmd_memmap(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return (usage("memmap"));
	return (plat_memmap_print() == 0 ? 0 : 1);
}

int
cmd_lua(int argc, char **argv)
{
	char chunk[512];
	size_t n = 0;
	int i;
	const char *s;

	if (argc < 2)
		return (usage("lua chunk"));
	for (i = 1; i < argc; i++) {
		for (s = argv[i]; *s != '\0' && n + 2 < sizeof(chunk); s++)
			chunk[n++] = *s;
		if (i + 1 < argc)
			chunk[n++] = ' ';
	}
	chunk[n] = '\0';
	return (lua_run_chunk(chunk));
}

int
cmd_read(int argc, char **argv)
{
	const char *prompt = NULL, *var = NULL, *p;
	int64_t timeout = -1;
	char line[256];
	int i, c;

	for (i = 1; i < argc; i++) {
		if (seq(argv[i], "-p") && i + 1 < argc)
			prompt = argv[++i];
		else if (seq(argv[i], "-t") && i + 1 < argc) {
			timeout = 0;
			for (p = argv[++i]; *p >= '0' && *p <= '9'; p++)
				timeout = timeout * 10 + (*p - '0');
			if (*p != '\0')
				return (usage("read [-p prompt] [-t secs] [var]"));
			timeout *= 1000000;
		} else if (argv[i][0] == '-' || var != NULL)
			return (usage("read [-p prompt] [-t secs] [var]"));
		else
			var = argv[i];
	}
	if (prompt != NULL)
		printf("%s", prompt);
	if (timeout >= 0) {
		/* Only the first key is timed, as FreeBSD's read -t does. */
		if ((c = cons_getkey(timeout)) < 0) {
			printf("\n");
			return (0);
		}
		if (c == '\r' || c == '\n') {
			printf("\n");
			line[0] = '\0';
		} else {
			line[0] = (char)c;
			cons_putc(c);
			command_read_line(line + 1, sizeof(line) - 1);
		}
	} else
		command_read_line(line, sizeof(line));
	if (var != NULL && env_set(var, line) != 0) {
		printf("read: invalid variable name '%s'\n", var);
		return (1);
	}
	return (0);
}

int
cmd_chain(int argc, char **argv)
{
	char err[160];

	if (argc != 2)
		return (usage("chain file.efi"));
	if (plat_chain(argv[1], err, sizeof(err)) != 0) {
		printf("chain: %s\n", err);
		ksnprintf(command_errmsg, sizeof(command_errmsg), "%s", err);
		return (1);
	}
	return (0);
}

int
cmd_configuration(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return (usage("configuration"));
	plat_configuration_print();
	return (0);
}

int
cmd_lsefi(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return (usage("lsefi"));
	return (plat_lsefi_print() == 0 ? 0 : 1);
}

int
cmd_gop(int argc, char **argv)
{
	const char *p;
	int mode = 0;

	if (argc == 2 && seq(argv[1], "list"))
		return (plat_gop(0, -1) == 0 ? 0 : 1);
	if (argc == 2 && seq(argv[1], "get"))
		return (plat_gop(1, -1) == 0 ? 0 : 1);
	if (argc == 3 && seq(argv[1], "set")) {
		for (p = argv[2]; *p >= '0' && *p <= '9'; p++)
			mode = mode * 10 + (*p - '0');
		if (*p != '\0' || p == argv[2]) {
			printf("gop: '%s' is not a mode number\n", argv[2]);
			return (1);
		}
		return (plat_gop(2, mode) == 0 ? 0 : 1);
	}
	return (usage("gop list|get|set mode"));
}

int
cmd_efi_show(int argc, char **argv)
{
	if (argc > 2)
		return (usage("efi-show [var]"));
	return (plat_efi_show(argc == 2 ? argv[1] : NULL) == 0 ? 0 : 1);
}
