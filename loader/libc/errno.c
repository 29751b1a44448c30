/* Sanpo libc: errno, a plain global (the loader is single-threaded). */
#include "libc_internal.h"

int LIBC(errno);
