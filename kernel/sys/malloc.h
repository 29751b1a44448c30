/*
 * Kernel malloc: size-class zones for small requests, whole pages for large
 * ones, with per-type statistics (`vmstat -m`) and per-zone ones
 * (`vmstat -z`).  Each subsystem declares its own type:
 *
 *   MALLOC_DEFINE(M_CRYPTO, "crypto", "crypto sessions and requests");
 *   p = malloc(sizeof(*p), M_CRYPTO, M_NOWAIT | M_ZERO);
 *   free(p, M_CRYPTO);
 */
#ifndef SYS_MALLOC_H
#define SYS_MALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/linker_set.h>

#define M_NOWAIT	0x0001	/* may return NULL */
#define M_WAITOK	0x0002	/* may sleep; panics when memory is exhausted (no pageout yet) */
#define M_ZERO		0x0100	/* zero the memory */

struct malloc_type {
	const char	*ks_shortdesc;	/* "temp": the name vmstat -m prints */
	const char	*ks_longdesc;	/* what it is for */
	uint64_t	 ks_inuse;	/* allocations outstanding */
	uint64_t	 ks_memuse;	/* bytes outstanding (rounded to the class) */
	uint64_t	 ks_requests;	/* allocations ever made */
	uint32_t	 ks_sizes;	/* bit i: a request used size class i */
};

#define MALLOC_DEFINE(type, shortdesc, longdesc)			\
	struct malloc_type type[1] = { { shortdesc, longdesc, 0, 0, 0, 0 } }; \
	DATA_SET(malloc_type_set, type)
#define MALLOC_DECLARE(type)	extern struct malloc_type type[1]

MALLOC_DECLARE(M_TEMP);
MALLOC_DECLARE(M_DEVBUF);

void	*malloc(size_t size, struct malloc_type *type, int flags);
void	 free(void *addr, struct malloc_type *type);
size_t	 malloc_usable_size(const void *addr);

#endif
