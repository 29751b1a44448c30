/*
 * sysctl: named kernel values ("kern.ostype", "hw.ncpu"), each declared
 * next to the variable it shows.  `sysctl -a` lists them sorted by name;
 * `sysctl kern` lists a subtree.  Most are read-only; a few take writes
 * (sysctl_write, which /proc/sys's files call).
 *
 *   SYSCTL_INT("hw.ncpu", &mp_ncpus_int, "CPUs");
 *   SYSCTL_PROC("kern.bootflags", bootflags_handler, "boot flags by name");
 *   SYSCTL_UINT_RW("kern.overflowuid", &overflowuid, 0, 65535, "...");
 *   SYSCTL_PROC_RW("kern.hostname", hostname_handler, hostname_store, "...");
 *
 * A PROC handler formats the value into buf (NUL-terminated, len bytes).
 * A store function takes the new value as text (NUL-terminated, one
 * trailing newline taken off) and returns 0 or an errno (EINVAL: not a
 * value the oid takes).
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
	SYSCTL_T_OPAQUE,	/* a binary struct (FreeBSD's "S,name" format) */
};

typedef void sysctl_handler_t(char *buf, size_t len);
struct sysctl_oid;
typedef int sysctl_store_t(const struct sysctl_oid *o, const char *value);
/*
 * An opaque oid's snapshot: copies min(len, size) bytes of the value
 * into buf (buf may be NULL when len is 0) and returns the value's whole
 * size, which may change between calls (a table).  May take the net lock
 * or sleep; must not touch user memory.
 */
typedef size_t sysctl_opaque_t(void *buf, size_t len);

struct sysctl_oid {
	const char		*name;		/* full dotted name */
	enum sysctl_type	 type;
	const void		*ptr;		/* the variable, or the handler */
	const char		*descr;		/* one line, for `sysctl -d` */
	sysctl_store_t		*store;		/* takes writes; NULL: read-only */
	int64_t			 min, max;	/* sysctl_store_number's range */
	const char		*fmt;		/* OPAQUE: "S,ipstat" (struct name) */
};

/* The store of the _RW numbers: a decimal in [min, max] into the variable. */
sysctl_store_t sysctl_store_number;

#define _SYSCTL_PASTE2(a, b)	a##b
#define _SYSCTL_PASTE(a, b)	_SYSCTL_PASTE2(a, b)
#define _SYSCTL_DEF(var, nm, ty, ptr_, de, st, lo, hi, fm)		\
	static const struct sysctl_oid var = { nm, ty, ptr_, de, st, lo, hi, fm }; \
	DATA_SET(sysctl_set, var)
#define _SYSCTL(nm, ty, ptr_, de)					\
	_SYSCTL_DEF(_SYSCTL_PASTE(sysctl_oid_, __LINE__), nm, ty, ptr_, de, NULL, 0, 0, NULL)
#define _SYSCTL_RW(nm, ty, ptr_, de, st, lo, hi)			\
	_SYSCTL_DEF(_SYSCTL_PASTE(sysctl_oid_, __LINE__), nm, ty, ptr_, de, st, lo, hi, NULL)

#define SYSCTL_INT(n, p, d)	_SYSCTL(n, SYSCTL_T_INT, p, d)
#define SYSCTL_UINT(n, p, d)	_SYSCTL(n, SYSCTL_T_UINT, p, d)
#define SYSCTL_U64(n, p, d)	_SYSCTL(n, SYSCTL_T_U64, p, d)
#define SYSCTL_STRING(n, p, d)	_SYSCTL(n, SYSCTL_T_STRING, p, d)
#define SYSCTL_PROC(n, h, d)	_SYSCTL(n, SYSCTL_T_PROC, (const void *)(h), d)
/* A struct read as bytes (netstat's counters): snapshot fn, format "S,name". */
#define SYSCTL_OPAQUE(n, fn, fm, d)					\
	_SYSCTL_DEF(_SYSCTL_PASTE(sysctl_oid_, __LINE__), n, SYSCTL_T_OPAQUE, \
	    (const void *)(fn), d, NULL, 0, 0, fm)
/* Writable: the variable (not const) takes a decimal in [lo, hi]. */
#define SYSCTL_INT_RW(n, p, lo, hi, d)	\
	_SYSCTL_RW(n, SYSCTL_T_INT, p, d, sysctl_store_number, lo, hi)
#define SYSCTL_UINT_RW(n, p, lo, hi, d)	\
	_SYSCTL_RW(n, SYSCTL_T_UINT, p, d, sysctl_store_number, lo, hi)
/* Writable: the store function sets it (and checks the value). */
#define SYSCTL_PROC_RW(n, h, st, d)	\
	_SYSCTL_RW(n, SYSCTL_T_PROC, (const void *)(h), d, st, 0, 0)

/* Formats one oid's value; returns 0, or -1 when name is not a sysctl. */
int	sysctl_format(const char *name, char *buf, size_t len);
/*
 * Calls fn with the name of every oid, the kernel's and loaded modules',
 * in no particular order, with the linker's lock held shared (fn may
 * sleep, and must not load or unload a module).
 */
void	sysctl_foreach_name(void (*fn)(const char *name, void *arg), void *arg);
/* 1 if name is an oid that takes writes, 0 if not (or no oid). */
int	sysctl_writable(const char *name);
/*
 * Sets oid `name` from the text value (len bytes, one trailing newline
 * ignored), for credential cr (NULL: the kernel's own).  0, or ENOENT (no
 * such oid), EACCES (read-only), EPERM (cr lacks CAP_SYS_ADMIN, as
 * FreeBSD's PRIV_SYSCTL_WRITE), EINVAL (a value the oid refuses).
 */
struct ucred;
int	sysctl_write(const char *name, const char *value, size_t len, struct ucred *cr);

/* An opaque handler's tail: copies a snapshot of `size` bytes into buf. */
size_t	sysctl_opaque_copy(void *buf, size_t len, const void *snap, size_t size);

#endif
