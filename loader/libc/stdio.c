/* Sanpo libc: the snprintf family over Sanpo's printf engine (kvprintf,
 * common/kvprintf.c), the output hook behind stdout/stderr, and failing
 * file-system stubs. */
#include <sanpo/kvprintf.h>
#include "libc_internal.h"
#include "include/stdio.h"
#include "include/string.h"

/* ---- strings ---- */

int LIBC(vsnprintf)(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	return kvsnprintf(buf, size, fmt, ap);
}

int LIBC(snprintf)(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = LIBC(vsnprintf)(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int LIBC(vsprintf)(char *restrict buf, const char *restrict fmt, va_list ap)
{
	return LIBC(vsnprintf)(buf, (size_t)INT_MAX + 1, fmt, ap);
}

int LIBC(sprintf)(char *restrict buf, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = LIBC(vsprintf)(buf, fmt, ap);
	va_end(ap);
	return n;
}

/* ---- streams ---- */

struct LIBC(libc_file) {
	int kind;	/* 0 stdin, 1 stdout, 2 stderr */
};

static struct LIBC(libc_file) files[3] = { { 0 }, { 1 }, { 2 } };
LIBC(FILE) *LIBC(stdin) = &files[0];
LIBC(FILE) *LIBC(stdout) = &files[1];
LIBC(FILE) *LIBC(stderr) = &files[2];

static void (*output_hook)(const char *s, size_t n);

void LIBC(libc_set_output)(void (*hook)(const char *s, size_t n))
{
	output_hook = hook;
}

static int writable(LIBC(FILE) *f)
{
	return f == LIBC(stdout) || f == LIBC(stderr);
}

static void emit(const char *s, size_t n)
{
	if (output_hook && n)
		output_hook(s, n);
}

/* printf output is collected in small chunks before calling the hook */
struct chunk {
	char buf[128];
	size_t n;
};

static void chunk_out(int c, void *arg)
{
	struct chunk *ch = arg;

	ch->buf[ch->n++] = (char)c;
	if (ch->n == sizeof ch->buf) {
		emit(ch->buf, ch->n);
		ch->n = 0;
	}
}

int LIBC(vfprintf)(LIBC(FILE) *restrict f, const char *restrict fmt, va_list ap)
{
	struct chunk ch;

	if (!writable(f)) {
		LIBC(errno) = EBADF;
		return -1;
	}
	ch.n = 0;
	int n = kvprintf(chunk_out, &ch, fmt, ap);
	emit(ch.buf, ch.n);
	return n;
}

int LIBC(fprintf)(LIBC(FILE) *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = LIBC(vfprintf)(f, fmt, ap);
	va_end(ap);
	return n;
}

int LIBC(vprintf)(const char *restrict fmt, va_list ap)
{
	return LIBC(vfprintf)(LIBC(stdout), fmt, ap);
}

int LIBC(printf)(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = LIBC(vfprintf)(LIBC(stdout), fmt, ap);
	va_end(ap);
	return n;
}

size_t LIBC(fwrite)(const void *restrict p, size_t size, size_t n, LIBC(FILE) *restrict f)
{
	if (!writable(f)) {
		LIBC(errno) = EBADF;
		return 0;
	}
	if (size == 0 || n == 0)
		return 0;
	emit(p, size * n);
	return n;
}

int LIBC(fputs)(const char *restrict s, LIBC(FILE) *restrict f)
{
	size_t n = LIBC(strlen)(s);

	if (!writable(f)) {
		LIBC(errno) = EBADF;
		return EOF;
	}
	emit(s, n);
	return 1;
}

int LIBC(puts)(const char *s)
{
	if (LIBC(fputs)(s, LIBC(stdout)) == EOF)
		return EOF;
	emit("\n", 1);
	return 1;
}

int LIBC(fputc)(int c, LIBC(FILE) *f)
{
	char ch = (char)c;

	if (!writable(f)) {
		LIBC(errno) = EBADF;
		return EOF;
	}
	emit(&ch, 1);
	return (unsigned char)c;
}

int LIBC(putc)(int c, LIBC(FILE) *f) { return LIBC(fputc)(c, f); }
int LIBC(putchar)(int c) { return LIBC(fputc)(c, LIBC(stdout)); }
int LIBC(fflush)(LIBC(FILE) *f) { (void)f; return 0; }

LIBC(FILE) *LIBC(fopen)(const char *restrict path, const char *restrict mode)
{
	(void)path;
	(void)mode;
	LIBC(errno) = ENOENT;
	return NULL;
}

LIBC(FILE) *LIBC(freopen)(const char *restrict path, const char *restrict mode,
			  LIBC(FILE) *restrict f)
{
	(void)path;
	(void)mode;
	(void)f;
	LIBC(errno) = ENOENT;
	return NULL;
}

int LIBC(fclose)(LIBC(FILE) *f) { (void)f; return 0; }

size_t LIBC(fread)(void *restrict p, size_t size, size_t n, LIBC(FILE) *restrict f)
{
	(void)p; (void)size; (void)n; (void)f;
	return 0;
}

int LIBC(getc)(LIBC(FILE) *f) { (void)f; return EOF; }
int LIBC(fgetc)(LIBC(FILE) *f) { (void)f; return EOF; }
int LIBC(ungetc)(int c, LIBC(FILE) *f) { (void)c; (void)f; return EOF; }

char *LIBC(fgets)(char *restrict s, int n, LIBC(FILE) *restrict f)
{
	(void)s; (void)n; (void)f;
	return NULL;
}

int LIBC(feof)(LIBC(FILE) *f) { return f == LIBC(stdin); }
int LIBC(ferror)(LIBC(FILE) *f) { (void)f; return 0; }
void LIBC(clearerr)(LIBC(FILE) *f) { (void)f; }

int LIBC(fseek)(LIBC(FILE) *f, long off, int whence)
{
	(void)f; (void)off; (void)whence;
	LIBC(errno) = EBADF;
	return -1;
}

long LIBC(ftell)(LIBC(FILE) *f)
{
	(void)f;
	LIBC(errno) = EBADF;
	return -1;
}

int LIBC(setvbuf)(LIBC(FILE) *restrict f, char *restrict buf, int mode, size_t size)
{
	(void)f; (void)buf; (void)mode; (void)size;
	return 0;
}

LIBC(FILE) *LIBC(tmpfile)(void)
{
	LIBC(errno) = ENOSPC;
	return NULL;
}

int LIBC(remove)(const char *path)
{
	(void)path;
	LIBC(errno) = ENOENT;
	return -1;
}

int LIBC(rename)(const char *from, const char *to)
{
	(void)from; (void)to;
	LIBC(errno) = ENOENT;
	return -1;
}
