/* Sanpo libc: <string.h> */
#ifndef SANPO_LIBC_STRING_H
#define SANPO_LIBC_STRING_H
#include <stddef.h>
#include "libc_name.h"

void *LIBC(memcpy)(void *restrict d, const void *restrict s, size_t n);
void *LIBC(memmove)(void *d, const void *s, size_t n);
void *LIBC(memset)(void *d, int c, size_t n);
int LIBC(memcmp)(const void *a, const void *b, size_t n);
void *LIBC(memchr)(const void *s, int c, size_t n);
size_t LIBC(strlen)(const char *s);
int LIBC(strcmp)(const char *a, const char *b);
int LIBC(strncmp)(const char *a, const char *b, size_t n);
int LIBC(strcoll)(const char *a, const char *b);
char *LIBC(strchr)(const char *s, int c);
char *LIBC(strrchr)(const char *s, int c);
char *LIBC(strstr)(const char *h, const char *n);
char *LIBC(strpbrk)(const char *s, const char *accept);
size_t LIBC(strspn)(const char *s, const char *accept);
size_t LIBC(strcspn)(const char *s, const char *reject);
char *LIBC(strcpy)(char *restrict d, const char *restrict s);
char *LIBC(strncpy)(char *restrict d, const char *restrict s, size_t n);
/* BSD: copies at most n - 1 bytes and always terminates (n > 0); returns strlen(s). */
size_t LIBC(strlcpy)(char *restrict d, const char *restrict s, size_t n);
char *LIBC(strcat)(char *restrict d, const char *restrict s);
char *LIBC(strerror)(int errnum);

#endif
