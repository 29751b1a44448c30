/*
 * Forced into every file of the host harness (-include): the hooks of the
 * loader's own C library (loader/libc) that lua_glue.c sets.  On the host
 * glibc does the work; harness.c defines them as no-ops.  strlcpy, which
 * the loader's libc has and Debian 12's glibc has not, is harness.c's
 * (named apart, so that a glibc that has one does not clash).
 */
#ifndef HOST_LIBC_H
#define HOST_LIBC_H

#include <stddef.h>

void	libc_set_output(void (*hook)(const char *s, size_t n));
void	libc_set_abort_hook(void (*hook)(void));
void	libc_heap_init(void *base, size_t size);

#define strlcpy	host_strlcpy
size_t	host_strlcpy(char *d, const char *s, size_t n);

#endif
