/*
 * The loader core's interface: environment, loader.conf, commands, the
 * prompt and the boot path.  Everything here is firmware-independent; the
 * firmware is reached only through efi/efi_platform.h.
 */
#ifndef LOADER_H
#define LOADER_H

#include <stddef.h>
#include <stdint.h>

#define LOADER_VERSION		"0.1.0"
#define LOADER_VERSION_NUM	100	/* loader.version for scripts (0.1.0) */
#define LOADER_DEFAULT_KERNEL	"/boot/kernel/kernel"
#define LOADER_CONF		"/boot/loader.conf"
#define LOADER_AUTOBOOT_DELAY	10			/* seconds, when loader.conf says nothing */
#define LOADER_KERNEL_LIMIT	(64ULL << 20)		/* largest kernel file we read */
#define LOADER_CONF_LIMIT	(1ULL << 20)		/* largest loader.conf we read */
#define LOADER_MIN_KVA		0xffff800000000000ULL	/* kernels must link in the higher half */

/* Entry from the platform layer; tsc is the TSC at the firmware's call. */
void	loader_main(uint64_t entry_tsc) __attribute__((noreturn));

/*
 * printf and snprintf are the libc's (loader/libc/stdio.c over the common
 * kvprintf engine); their output reaches the firmware console through the
 * hook loader_libc_init() sets, where '\n' becomes CR LF.
 */
#include <stdio.h>

/* env.c: the loader environment, handed to the kernel as-is. */
const char *env_get(const char *name);
int	env_set(const char *name, const char *value);	/* 0, or -1 (bad name / no memory) */
int	env_unset(const char *name);			/* 0, or -1 if not set */
typedef void env_cb(const char *name, const char *value, void *arg);
void	env_foreach(env_cb *cb, void *arg);
/* "name=value\0...\0\0" into buf; returns the size it needs (bytes incl. final NUL). */
size_t	env_serialize(char *buf, size_t len);
int	env_is_yes(const char *name);			/* "YES"/"yes"/"1"/"true" */

/* conf.c: loader.conf syntax; returns the number of lines in error. */
int	conf_parse(const char *file, const char *text, size_t len);
int	conf_load(const char *path);

/* commands.c */
int	command_execute(const char *line);	/* 0, or 1 with an error printed */
int	command_builtin(int argc, char **argv);	/* built-ins only (not Lua's) */
int	command_builtin_line(const char *line);
int	command_tokenize(char *s, char **argv, int max);
int	command_exists(const char *name);
extern char command_errmsg[160];
uint32_t boot_howto_from_env(void);

/* commands.c: one command's usage (from its table entry) printed and set
 * as the error message; returns 1, the status to return. */
int	command_usage(const char *name);

/* The commands of the other files (the table is in commands.c). */
struct sanpo_module;
int	cmd_autoboot(int, char **);		/* autoboot.c */
int	cmd_load(int, char **);			/* module.c: preloaded files */
int	cmd_unload(int, char **);
int	cmd_lsmod(int, char **);
const struct sanpo_module *module_list(uint32_t *count);
#define LOADER_MODULE_LIMIT	(256ULL << 20)	/* largest file `load` reads */
#define LOADER_MODULES_MAX	32
int	cmd_include(int, char **);		/* commands_script.c */
int	cmd_more(int, char **);
int	cmd_lua(int, char **);
int	cmd_read(int, char **);
int	cmd_memmap(int, char **);		/* commands_fw.c: firmware views */
int	cmd_lsdev(int, char **);
int	cmd_chain(int, char **);
int	cmd_configuration(int, char **);
int	cmd_lsefi(int, char **);
int	cmd_gop(int, char **);
int	cmd_efi_show(int, char **);

/* lua_glue.c */
void	loader_libc_init(void);
int	lua_start(void);		/* runs /boot/lua/loader.lua; -1: fall back */
int	lua_active(void);
int	lua_cli_execute(int argc, char **argv);	/* -1: not handled by Lua */
int	lua_run_chunk(const char *chunk);
int	lua_has_command(const char *name);
void	lua_help(void);
extern uint64_t loader_lua_start_tsc, loader_lua_done_tsc;

/* interp.c: the prompt and the line editor over the console */
void	interact(void) __attribute__((noreturn));
void	command_read_line(char *line, size_t len);
/* Same, the first key waited for at most timeout_us (-1: forever); the
 * line's length, or -1 when no key came in time. */
int	command_read_line_timed(char *line, size_t len, int64_t timeout_us);
/* autoboot.c: 0 if the user interrupted (go to the prompt), else boots. */
int	autoboot(int seconds);

/* boot.c: loads and starts a kernel; returns only on failure (error printed). */
int	boot_kernel(const char *path, uint32_t howto);
const char *kernel_path_resolve(const char *arg, char *buf, size_t len);

extern uint64_t loader_entry_tsc;

#endif /* LOADER_H */
