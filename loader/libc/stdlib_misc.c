/* Sanpo libc: abs labs llabs atoi atol abort exit getenv qsort, assert. */
#include "libc_internal.h"
#include "include/assert.h"
#include "include/stdlib.h"
#include "include/stdio.h"

int LIBC(abs)(int x)             { return x < 0 ? -x : x; }
long LIBC(labs)(long x)          { return x < 0 ? -x : x; }
long long LIBC(llabs)(long long x) { return x < 0 ? -x : x; }

int LIBC(atoi)(const char *s)  { return (int)LIBC(strtol)(s, NULL, 10); }
long LIBC(atol)(const char *s) { return LIBC(strtol)(s, NULL, 10); }

static void (*abort_hook)(void);

void LIBC(libc_set_abort_hook)(void (*hook)(void))
{
	abort_hook = hook;
}

_Noreturn void LIBC(abort)(void)
{
	if (abort_hook)
		abort_hook();
#ifdef SANPO_LIBC_HOSTTEST
	__builtin_trap();
#else
	for (;;)
		__asm__ volatile("cli; hlt");
#endif
}

_Noreturn void LIBC(exit)(int status)
{
	(void)status;
	LIBC(abort)();
}

void LIBC(__libc_assert_fail)(const char *expr, const char *file, int line)
{
	LIBC(fprintf)(LIBC(stderr), "assertion failed: %s (%s:%d)\n", expr, file, line);
	LIBC(abort)();
}

char *LIBC(getenv)(const char *name)
{
	(void)name;
	return NULL;
}

/* qsort: heapsort (no recursion, O(n log n) worst case, no allocation). */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t n)
{
	while (n--) {
		unsigned char t = *a;
		*a++ = *b;
		*b++ = t;
	}
}

void LIBC(qsort)(void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *))
{
	unsigned char *a = base;

	if (n < 2 || size == 0)
		return;
	/* sift-down heap construction then extraction */
	for (size_t start = n / 2; start-- > 0;) {
		size_t root = start;
		for (;;) {
			size_t child = 2 * root + 1;
			if (child >= n)
				break;
			if (child + 1 < n && cmp(a + child * size, a + (child + 1) * size) < 0)
				child++;
			if (cmp(a + root * size, a + child * size) >= 0)
				break;
			swap_bytes(a + root * size, a + child * size, size);
			root = child;
		}
	}
	for (size_t end = n - 1; end > 0; end--) {
		swap_bytes(a, a + end * size, size);
		size_t root = 0;
		for (;;) {
			size_t child = 2 * root + 1;
			if (child >= end)
				break;
			if (child + 1 < end && cmp(a + child * size, a + (child + 1) * size) < 0)
				child++;
			if (cmp(a + root * size, a + child * size) >= 0)
				break;
			swap_bytes(a + root * size, a + child * size, size);
			root = child;
		}
	}
}
