/*
 * sysctl: named, read-only kernel values ("kern.ostype", "hw.ncpu"), each
 * declared next to the variable it shows.  `sysctl -a` lists them sorted
 * by name; `sysctl kern` lists a subtree.
 *
 *   SYSCTL_INT("hw.ncpu", &mp_ncpus_int, "CPUs");
 *   SYSCTL_PROC("kern.bootflags", bootflags_handler, "boot flags by name");
 *
 * A PROC handler formats the value into buf (NUL-terminated, len bytes).
 */
#ifndef SYS_SYSCTL_H
#define SYS_SYSCTL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/linker_set.h>

enum sysctl_type {
	SYSCTL_T_INT,		/* int */
	SYSCTL_T_UINT,		/* unsigned int */
	SYSCTL_T_U64,		/* uint64_t */
	SYSCTL_T_STRING,	/* const char * (pointer to the string) */
	SYSCTL_T_PROC,		/* handler formats the value */
};

typedef void sysctl_handler_t(char *buf, size_t len);

struct sysctl_oid {
	const char		*name;		/* full dotted name */
	enum sysctl_type	 type;
	const void		*ptr;		/* the variable, or the handler */
	const char		*descr;		/* one line, for `sysctl -d` */
};

#define _SYSCTL_PASTE2(a, b)	a##b
#define _SYSCTL_PASTE(a, b)	_SYSCTL_PASTE2(a, b)
#define _SYSCTL_DEF(var, nm, ty, ptr_, de)				\
	static const struct sysctl_oid var = { nm, ty, ptr_, de };	\
	DATA_SET(sysctl_set, var)
#define _SYSCTL(nm, ty, ptr_, de)					\
	_SYSCTL_DEF(_SYSCTL_PASTE(sysctl_oid_, __LINE__), nm, ty, ptr_, de)

#define SYSCTL_INT(n, p, d)	_SYSCTL(n, SYSCTL_T_INT, p, d)
#define SYSCTL_UINT(n, p, d)	_SYSCTL(n, SYSCTL_T_UINT, p, d)
#define SYSCTL_U64(n, p, d)	_SYSCTL(n, SYSCTL_T_U64, p, d)
#define SYSCTL_STRING(n, p, d)	_SYSCTL(n, SYSCTL_T_STRING, p, d)
#define SYSCTL_PROC(n, h, d)	_SYSCTL(n, SYSCTL_T_PROC, (const void *)(h), d)

/* Formats one oid's value; returns 0, or -1 when name is not a sysctl. */
int	sysctl_format(const char *name, char *buf, size_t len);
/*
 * Calls fn with the name of every oid, the kernel's and loaded modules',
 * in no particular order, with the linker's lock held shared (fn may
 * sleep, and must not load or unload a module).
 */
void	sysctl_foreach_name(void (*fn)(const char *name, void *arg), void *arg);

#endif
