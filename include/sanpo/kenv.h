/*
 * FreeBSD's kenv(2) on Sanpo: the loader's environment (loader.conf and
 * `set` at the loader prompt), read and changed at run time, shared by
 * the kernel (kern/kern_environment.c) and kenv(1) (user/bin/kenv).  The
 * call is Sanpo's SANPO_SYS_kenv (<sanpo/syscall.h>):
 *
 *   kenv(KENV_GET, name, buf, len)   the value, NUL-terminated, cut at len
 *                                    bytes; returns the bytes copied
 *   kenv(KENV_SET, name, value, len) len: strlen(value) + 1
 *   kenv(KENV_UNSET, name, NULL, 0)
 *   kenv(KENV_DUMP, NULL, buf, len)  "name=value\0" strings; returns 0 when
 *                                    all fitted, else the size they need
 *                                    (buf NULL: the size)
 *
 * ENOENT: no such name; EPERM: setting or unsetting without
 * CAP_SYS_ADMIN over the initial user namespace; ENAMETOOLONG: a name or
 * value over the limits; EINVAL: an unknown action, an empty name or one
 * with '='; ENOMEM: the environment is full.
 */
#ifndef SANPO_KENV_H
#define SANPO_KENV_H

#define KENV_GET	0
#define KENV_SET	1
#define KENV_UNSET	2
#define KENV_DUMP	3

#define KENV_MNAMELEN	128	/* longest name */
#define KENV_MVALLEN	128	/* longest value */

#endif /* SANPO_KENV_H */
