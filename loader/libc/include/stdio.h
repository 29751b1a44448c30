/* Sanpo libc: <stdio.h> subset.
 *
 * Formatting: snprintf & co. over Sanpo's one printf engine, kvprintf()
 * (sanpo/kvprintf.h, common/kvprintf.c), with its floating conversions
 * (the loader is built with -DKVPRINTF_FLOAT).
 *
 * Streams: stdout and stderr exist and go to the output hook set with
 * libc_set_output() (dropped until one is set).  There is no file system:
 * fopen()/freopen() fail with ENOENT, stdin is always at EOF.
 */
#ifndef SANPO_LIBC_STDIO_H
#define SANPO_LIBC_STDIO_H
#include <stddef.h>
#include <stdarg.h>
#include "libc_name.h"

typedef struct LIBC(libc_file) LIBC(FILE);

#ifndef EOF
#define EOF		(-1)
#define BUFSIZ		512
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define _IOFBF		0
#define _IOLBF		1
#define _IONBF		2
#define L_tmpnam	20
#define FILENAME_MAX	256
#endif

extern LIBC(FILE) *LIBC(stdin);
extern LIBC(FILE) *LIBC(stdout);
extern LIBC(FILE) *LIBC(stderr);
#ifndef SANPO_LIBC_HOSTTEST
#define stdin	stdin
#define stdout	stdout
#define stderr	stderr
#endif

#define LIBC_PRINTF(f, a) __attribute__((format(printf, f, a)))

int LIBC(vsnprintf)(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);
int LIBC(snprintf)(char *restrict buf, size_t size, const char *restrict fmt, ...) LIBC_PRINTF(3, 4);
int LIBC(vsprintf)(char *restrict buf, const char *restrict fmt, va_list ap);
int LIBC(sprintf)(char *restrict buf, const char *restrict fmt, ...) LIBC_PRINTF(2, 3);

/* Output hook for stdout/stderr/printf: gets raw bytes (no '\n' translation). */
void LIBC(libc_set_output)(void (*hook)(const char *s, size_t n));

int LIBC(vprintf)(const char *restrict fmt, va_list ap);
int LIBC(printf)(const char *restrict fmt, ...) LIBC_PRINTF(1, 2);
int LIBC(vfprintf)(LIBC(FILE) *restrict f, const char *restrict fmt, va_list ap);
int LIBC(fprintf)(LIBC(FILE) *restrict f, const char *restrict fmt, ...) LIBC_PRINTF(2, 3);
int LIBC(fputs)(const char *restrict s, LIBC(FILE) *restrict f);
int LIBC(puts)(const char *s);
int LIBC(fputc)(int c, LIBC(FILE) *f);
int LIBC(putc)(int c, LIBC(FILE) *f);
int LIBC(putchar)(int c);
size_t LIBC(fwrite)(const void *restrict p, size_t size, size_t n, LIBC(FILE) *restrict f);
int LIBC(fflush)(LIBC(FILE) *f);

/* File-system stubs (always fail / EOF) so that lauxlib.c links. */
LIBC(FILE) *LIBC(fopen)(const char *restrict path, const char *restrict mode);
LIBC(FILE) *LIBC(freopen)(const char *restrict path, const char *restrict mode, LIBC(FILE) *restrict f);
int LIBC(fclose)(LIBC(FILE) *f);
size_t LIBC(fread)(void *restrict p, size_t size, size_t n, LIBC(FILE) *restrict f);
int LIBC(getc)(LIBC(FILE) *f);
int LIBC(fgetc)(LIBC(FILE) *f);
int LIBC(ungetc)(int c, LIBC(FILE) *f);
char *LIBC(fgets)(char *restrict s, int n, LIBC(FILE) *restrict f);
int LIBC(feof)(LIBC(FILE) *f);
int LIBC(ferror)(LIBC(FILE) *f);
void LIBC(clearerr)(LIBC(FILE) *f);
int LIBC(fseek)(LIBC(FILE) *f, long off, int whence);
long LIBC(ftell)(LIBC(FILE) *f);
int LIBC(setvbuf)(LIBC(FILE) *restrict f, char *restrict buf, int mode, size_t size);
LIBC(FILE) *LIBC(tmpfile)(void);
int LIBC(remove)(const char *path);
int LIBC(rename)(const char *from, const char *to);

#endif
