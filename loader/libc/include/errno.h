/* Sanpo libc: <errno.h>.  errno is a plain global int (single-threaded).
 * Values are the Linux ones, so host tests compare them directly. */
#ifndef SANPO_LIBC_ERRNO_H
#define SANPO_LIBC_ERRNO_H
#include "libc_name.h"

extern int LIBC(errno);

#ifndef EPERM
#define EPERM	1
#define ENOENT	2
#define EIO	5
#define EBADF	9
#define ENOMEM	12
#define EACCES	13
#define EEXIST	17
#define EINVAL	22
#define ENOSPC	28
#define EDOM	33
#define ERANGE	34
#define ENOSYS	38
#endif

#endif
