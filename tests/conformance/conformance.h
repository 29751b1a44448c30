/*
 * What every conformance program in tests/conformance/ prints with: say()
 * (tests/user/say.h, a line in one write) and an errno by its name.  The
 * programs run on the Linux host and in Sanpo and their outputs are
 * compared, so each must print identically on both.
 */
#ifndef SANPO_TESTS_CONFORMANCE_H
#define SANPO_TESTS_CONFORMANCE_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "../user/say.h"

/* errno e by name ("EPERM"), or "errnoN" for one not listed. */
static inline const char *
ename(int e)
{
	static char other[32];

	switch (e) {
#define E(x) case x: return #x
	E(EPERM); E(ENOENT); E(ESRCH); E(EINTR); E(EIO); E(ENXIO); E(E2BIG);
	E(ENOEXEC); E(EBADF); E(ECHILD); E(EAGAIN); E(ENOMEM); E(EACCES);
	E(EFAULT); E(EBUSY); E(EEXIST); E(EXDEV); E(ENODEV); E(ENOTDIR);
	E(EISDIR); E(EINVAL); E(EMFILE); E(ENOTTY); E(EFBIG); E(ENOSPC);
	E(ESPIPE); E(EROFS); E(EMLINK); E(EPIPE); E(ERANGE); E(ENAMETOOLONG);
	E(ENOSYS); E(ENOTEMPTY); E(ELOOP); E(EOVERFLOW); E(EOPNOTSUPP);
	E(ETIMEDOUT);
	E(ENOTSOCK); E(EDESTADDRREQ); E(EMSGSIZE); E(EPROTOTYPE); E(ENOPROTOOPT);
	E(EPROTONOSUPPORT); E(ESOCKTNOSUPPORT); E(EAFNOSUPPORT); E(EADDRINUSE);
	E(EADDRNOTAVAIL); E(ECONNRESET); E(ENOBUFS); E(EISCONN); E(ENOTCONN);
	E(ECONNREFUSED); E(EDOM); E(ETOOMANYREFS); E(ENETUNREACH); E(EHOSTUNREACH);
#undef E
	}
	snprintf(other, sizeof(other), "errno%d", e);
	return (other);
}

#endif
