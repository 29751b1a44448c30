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
#define LOADER_DEFAULT_KERNEL	"/boot/kernel/kernel"
#define LOADER_CONF		"/boot/loader.conf"
#define LOADER_AUTOBOOT_DELAY	3			/* seconds, when loader.conf says nothing */
#define LOADER_KERNEL_LIMIT	(64ULL << 20)		/* largest kernel file we read */
#define LOADER_CONF_LIMIT	(1ULL << 20)		/* largest loader.conf we read */
#define LOADER_MIN_KVA		0xffff800000000000ULL	/* kernels must link in the higher half */

/* Entry from the platform layer; tsc is the TSC at the firmware's call. */
void	loader_main(uint64_t entry_tsc) __attribute__((noreturn));

/* console.c */
int	printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
uint32_t boot_howto_from_env(void);

/* interp.c */
void	interact(void) __attribute__((noreturn));
/* autoboot.c: 0 if the user interrupted (go to the prompt), else boots. */
int	autoboot(int seconds);

/* boot.c: loads and starts a kernel; returns only on failure (error printed). */
int	boot_kernel(const char *path, uint32_t howto);
const char *kernel_path_resolve(const char *arg, char *buf, size_t len);

extern uint64_t loader_entry_tsc;

#endif /* LOADER_H */
