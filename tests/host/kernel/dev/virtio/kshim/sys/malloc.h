/* Host stand-in for the kernel's malloc(9): calloc and free. */
#ifndef KSHIM_SYS_MALLOC_H
#define KSHIM_SYS_MALLOC_H

#include <stdlib.h>

#define M_NOWAIT	1
#define M_ZERO		2
#define M_DEVBUF	0
#define malloc(size, type, flags)	calloc(1, (size))
#define free(p, type)			free(p)

#endif
