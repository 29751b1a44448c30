/* Sanpo libc: private helpers shared by the implementation files. */
#ifndef SANPO_LIBC_INTERNAL_H
#define SANPO_LIBC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include "include/libc_name.h"
#include "include/errno.h"
#include "include/limits.h"

/* Keep gcc from turning the byte loops of memset/memcpy into calls to
 * memset/memcpy (which would recurse). */
#define LIBC_NOLIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* gnu-efi's libefi.a (init.o, pulled in by InitializeLib) also defines
 * memcpy and memset: ours are weak in the loader build so that the link
 * does not fail with duplicate symbols. */
#ifdef SANPO_LIBC_HOSTTEST
#define LIBC_WEAK
#else
#define LIBC_WEAK __attribute__((weak))
#endif

static inline uint64_t libc_dbits(double d)
{
	union { double d; uint64_t u; } v = { .d = d };
	return v.u;
}

static inline double libc_bitsd(uint64_t u)
{
	union { double d; uint64_t u; } v = { .u = u };
	return v.d;
}

/* The NaN of an invalid operation as the hardware makes it (on x86 the
 * "default NaN" has the sign bit set, and glibc returns that one, which
 * prints as "-nan"). */
static inline double libc_invalid(void)
{
	volatile double z = 0.0;
	return z / z;
}

/* Big integers for strtod: common/bigint.c. */
#include <sanpo/bigint.h>

#endif
