/* Sanpo libc: <stdlib.h> */
#ifndef SANPO_LIBC_STDLIB_H
#define SANPO_LIBC_STDLIB_H
#include <stddef.h>
#include "libc_name.h"

#ifndef EXIT_SUCCESS
#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1
#define MB_CUR_MAX	1
#endif

long LIBC(strtol)(const char *restrict s, char **restrict end, int base);
unsigned long LIBC(strtoul)(const char *restrict s, char **restrict end, int base);
long long LIBC(strtoll)(const char *restrict s, char **restrict end, int base);
unsigned long long LIBC(strtoull)(const char *restrict s, char **restrict end, int base);
double LIBC(strtod)(const char *restrict s, char **restrict end);
int LIBC(atoi)(const char *s);
long LIBC(atol)(const char *s);

int LIBC(abs)(int x);
long LIBC(labs)(long x);
long long LIBC(llabs)(long long x);

/* abort() calls the hook set with libc_set_abort_hook(); if there is none,
 * or it returns, abort() halts the CPU (cli; hlt loop). */
_Noreturn void LIBC(abort)(void);
void LIBC(libc_set_abort_hook)(void (*hook)(void));
/* exit() is abort() with a status: the hook gets nothing more. */
_Noreturn void LIBC(exit)(int status);

char *LIBC(getenv)(const char *name);	/* always NULL */

/*
 * Heap: malloc & co. work inside ONE bounded arena handed over once with
 * libc_heap_init() (before any allocation; calling it again resets the heap
 * and forgets every block).  Out of memory returns NULL.  Allocations are
 * 16-byte aligned.  Segregated free lists (4 size classes per power of
 * two), O(1) free that coalesces with both neighbours.  free()/realloc()
 * of a pointer that is not a live block calls abort().
 */
struct LIBC(libc_heap_stats) {
	size_t arena_size;	/* usable bytes given to libc_heap_init */
	size_t used_bytes;	/* bytes in allocated blocks (with headers) */
	size_t free_bytes;	/* bytes in free blocks (with headers) */
	size_t largest_free;	/* largest single allocation possible now */
	size_t n_alloc;		/* number of allocated blocks */
	size_t n_free;		/* number of free blocks (fragments) */
	size_t peak_used;	/* high-water mark of used_bytes */
	size_t n_failed;	/* allocations that returned NULL */
};
void LIBC(libc_heap_init)(void *base, size_t size);
void LIBC(libc_heap_stats)(struct LIBC(libc_heap_stats) *st);
int LIBC(libc_heap_check)(void);	/* 0 if the heap structure is sane */

void *LIBC(malloc)(size_t n);
void LIBC(free)(void *p);
void *LIBC(realloc)(void *p, size_t n);
void *LIBC(calloc)(size_t nmemb, size_t size);

void LIBC(qsort)(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *));

#endif
