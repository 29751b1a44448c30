/*
 * libc for the kernel-side code of the VFS host tests (libc_glue.h): the
 * only file of those tests compiled against libc's headers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/lib/libc_glue.h"

void *
glue_calloc(size_t size)
{
	return (calloc(1, size ? size : 1));
}

void
glue_free(void *p)
{
	free(p);
}

void *
glue_page_alloc(void)
{
	return (aligned_alloc(4096, 4096));
}

void
glue_abort(const char *msg)
{
	fprintf(stderr, "%s\n", msg);
	fflush(stdout);
	abort();
}

int
glue_readline(char *buf, size_t len)
{
	size_t n;

	if (fgets(buf, (int)len, stdin) == NULL)
		return (0);
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return (1);
}

int
glue_readfile(const char *path, void **bufp, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		if (f != NULL)
			fclose(f);
		return (-1);
	}
	/* Exactly its size: ASan flags any read past the end of the file. */
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return (-1);
	}
	fclose(f);
	*bufp = buf;
	*lenp = (size_t)n;
	return (0);
}
