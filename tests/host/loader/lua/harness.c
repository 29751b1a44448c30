/*
 * Host harness of the loader's Lua bindings: loader/lua_lib.c and
 * lua_glue.c, with the real command table (commands.c), environment
 * (env.c) and line reader (interp.c), over a directory standing for the
 * boot volume.  The platform layer is played here: files from the
 * directory, console output to stdout, keys from the command line.  The
 * commands of module.c, autoboot.c, commands_script.c and commands_fw.c
 * (load, lsmod, include, firmware views...) are stand-ins that only say
 * they ran: the boot tests check those on the real loader.
 *
 * usage: loader_lua_harness ROOT [KEYS]
 *   runs ROOT/boot/lua/loader.lua as the loader does; KEYS are the keys
 *   typed, "^U" "^D" "^R" "^L" for the arrows.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sanpo/bootinfo.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

static const char *root;
static const char *keys = "";

/* --- the libc hooks lua_glue.c sets (glibc needs none of them) ------------ */
void libc_set_output(void (*hook)(const char *, size_t)) { (void)hook; }
void libc_set_abort_hook(void (*hook)(void)) { (void)hook; }
void libc_heap_init(void *base, size_t size) { (void)base; (void)size; }

size_t
host_strlcpy(char *d, const char *s, size_t n)
{
	size_t len = strlen(s);

	if (n > 0) {
		memcpy(d, s, len < n - 1 ? len : n - 1);
		d[len < n - 1 ? len : n - 1] = '\0';
	}
	return (len);
}

/* --- console ------------------------------------------------------------------ */
void
cons_putc(int c)
{
	putchar(c & 0xff);
}

void
cons_flush(void)
{
	fflush(stdout);
}

int
cons_getkey(int64_t timeout_us)
{
	int c;

	if (*keys == '\0') {
		if (timeout_us >= 0)
			return (-1);
		printf("\nharness: waiting for a key, and there are no more\n");
		exit(3);
	}
	if (keys[0] == '^' && keys[1] != '\0') {
		c = keys[1] == 'U' ? KEY_UP : keys[1] == 'D' ? KEY_DOWN :
		    keys[1] == 'R' ? KEY_RIGHT : keys[1] == 'L' ? KEY_LEFT : keys[1];
		keys += 2;
		return (c);
	}
	return ((unsigned char)*keys++);
}

/* --- time and power -------------------------------------------------------------- */
void plat_stall(uint64_t us) { (void)us; }

uint64_t
plat_time(void)
{
	static uint64_t t = 1700000000;

	return (t++);
}

void
plat_exit(int status)
{
	printf("harness: exit(%d)\n", status);
	exit(0);
}

void
plat_reboot(void)
{
	printf("harness: reboot\n");
	exit(0);
}

void
plat_poweroff(void)
{
	printf("harness: poweroff\n");
	exit(0);
}

/* --- memory -------------------------------------------------------------------------- */
void *plat_alloc(size_t size) { return (malloc(size)); }
void plat_free(void *p) { free(p); }

/* The interpreter's heap block (unused: glibc allocates); freed at the end. */
static void *pages;

int
plat_alloc_pages(uint64_t bytes, uint32_t type, uint64_t align, uint64_t *pa)
{
	(void)type;
	(void)align;
	if ((pages = malloc(bytes)) == NULL)
		return (-1);
	*pa = (uint64_t)(uintptr_t)pages;
	return (0);
}

/* --- files --------------------------------------------------------------------------- */
static void
host_path(const char *path, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", root, path);
}

int
plat_file_read(const char *path, void **data, uint64_t *size, uint64_t limit,
    char *err, size_t errlen)
{
	char p[1024];
	struct stat st;
	FILE *f;
	char *d;

	host_path(path, p, sizeof(p));
	if (stat(p, &st) != 0 || S_ISDIR(st.st_mode) || (f = fopen(p, "rb")) == NULL) {
		snprintf(err, errlen, "%s: no such file or directory", path);
		return (-1);
	}
	if ((uint64_t)st.st_size > limit) {
		snprintf(err, errlen, "%s: file is %llu bytes, over the limit of %llu bytes",
		    path, (unsigned long long)st.st_size, (unsigned long long)limit);
		fclose(f);
		return (-1);
	}
	d = malloc((size_t)st.st_size + 1);
	if (d == NULL || fread(d, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "%s: read error", path);
		free(d);
		fclose(f);
		return (-1);
	}
	fclose(f);
	*data = d;
	*size = (uint64_t)st.st_size;
	return (0);
}

static int
fill(const char *hostpath, const char *name, struct plat_dirent *de)
{
	struct stat st;

	if (stat(hostpath, &st) != 0)
		return (-1);
	snprintf(de->name, sizeof(de->name), "%s", name);
	de->is_dir = S_ISDIR(st.st_mode);
	de->size = de->is_dir ? 0 : (uint64_t)st.st_size;
	return (0);
}

int
plat_stat(const char *path, struct plat_dirent *de)
{
	char p[1024];
	const char *base = strrchr(path, '/');

	host_path(path, p, sizeof(p));
	return (fill(p, base ? base + 1 : path, de));
}

int
plat_dir_list(const char *path, plat_dir_cb *cb, void *arg, char *err, size_t errlen)
{
	char p[1024], q[1400];
	struct plat_dirent de;
	struct dirent *e;
	DIR *d;

	host_path(path, p, sizeof(p));
	if ((d = opendir(p)) == NULL) {
		snprintf(err, errlen, "%s: no such file or directory", path);
		return (-1);
	}
	while ((e = readdir(d)) != NULL) {
		snprintf(q, sizeof(q), "%s/%s", p, e->d_name);
		if (fill(q, e->d_name, &de) == 0)
			cb(&de, arg);
	}
	closedir(d);
	return (0);
}

/* --- the commands of the other files and boot.c: stand-ins ------------------- */
#define STANDIN(f) int f(int argc, char **argv) \
	{ (void)argc; printf("harness: %s\n", argv[0]); return (0); }
STANDIN(cmd_autoboot) STANDIN(cmd_load) STANDIN(cmd_unload) STANDIN(cmd_lsmod)
STANDIN(cmd_lsdev) STANDIN(cmd_include) STANDIN(cmd_more) STANDIN(cmd_memmap)
STANDIN(cmd_lua) STANDIN(cmd_read) STANDIN(cmd_chain) STANDIN(cmd_configuration)
STANDIN(cmd_lsefi) STANDIN(cmd_gop) STANDIN(cmd_efi_show)

const struct sanpo_module *
module_list(uint32_t *count)
{
	*count = 0;
	return (NULL);
}

int
boot_kernel(const char *path, uint32_t howto)
{
	printf("harness: boot %s 0x%x\n", path ? path : "(loaded)", howto);
	return (-1);
}

const char *
kernel_path_resolve(const char *arg, char *buf, size_t len)
{
	snprintf(buf, len, "/boot/%s/kernel", arg ? arg : "kernel");
	return (buf);
}

const char *
kernel_loaded(uint64_t *size)
{
	(void)size;
	return (NULL);
}

int
main(int argc, char **argv)
{
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ROOT [KEYS]\n", argv[0]);
		return (2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	root = argv[1];
	if (argc > 2)
		keys = argv[2];
	loader_libc_init();
	r = lua_start() == 0 ? 0 : 1;
	free(pages);
	fflush(stdout);
	return (r);
}
