/*
 * The few libc services the VFS host tests need, behind plain C types.
 *
 * The VFS sources and the tests' kernel shim are compiled as in the
 * kernel (-nostdinc, the kernel's headers: its sys/stat.h, sys/types.h...
 * would clash with libc's), so they cannot include a libc header.  This
 * file's functions are compiled as ordinary host code (libc_glue.c) and
 * called from the kernel side.
 */
#ifndef TESTS_HOST_LIB_LIBC_GLUE_H
#define TESTS_HOST_LIB_LIBC_GLUE_H

#include <stddef.h>

void	*glue_calloc(size_t size);
void	 glue_free(void *p);
void	*glue_page_alloc(void);		/* 4096 bytes, 4096-aligned, or NULL */
void	 glue_abort(const char *msg) __attribute__((noreturn));
/* A line of stdin without its newline; 0 at end of input. */
int	 glue_readline(char *buf, size_t len);
/* A whole file into a buffer of exactly its size (1 byte if empty: ASan
   sees any read past the end), freed with glue_free; 0, or -1 if
   unreadable.  Also the file reader of the ELF host drivers. */
int	 glue_readfile(const char *path, void **bufp, size_t *lenp);

#endif
