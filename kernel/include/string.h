/*
 * <string.h> for code compiled into the kernel (crypto/, shared pure code):
 * the kernel builds with -nostdinc, so host libc headers can never leak in.
 * The functions are libkern's (kernel/libkern/string.c).
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include <stddef.h>

void	*memcpy(void *, const void *, size_t);
void	*memmove(void *, const void *, size_t);
void	*memset(void *, int, size_t);
int	 memcmp(const void *, const void *, size_t);
size_t	 strlen(const char *);
size_t	 strnlen(const char *, size_t);
int	 strcmp(const char *, const char *);
int	 strncmp(const char *, const char *, size_t);
char	*strchr(const char *, int);
char	*strrchr(const char *, int);
void	*memchr(const void *, int, size_t);

#endif
