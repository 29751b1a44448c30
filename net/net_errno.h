/*
 * Error numbers used by net/ (FreeBSD's values, as in kernel/sys/errno.h).
 *
 * net/ is compiled both into the kernel and into Linux host tests, and may
 * not include either side's <errno.h>; every net/ function that fails
 * returns one of these.  The values are FreeBSD's, identical to the
 * kernel's, so kernel code may compare them with its own constants.  Host
 * test programs must not include <errno.h> together with net/ headers.
 */
#ifndef NET_NET_ERRNO_H
#define NET_NET_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define ENXIO		6
#define ENOMEM		12
#define EACCES		13
#define EBUSY		16
#define EEXIST		17
#define EINVAL		22
#define ENOSPC		28
#define EAGAIN		35
#ifndef EWOULDBLOCK
#define EWOULDBLOCK	35
#endif
#define EDESTADDRREQ	39
#define EMSGSIZE	40
#define ENOPROTOOPT	42
#define EPROTONOSUPPORT	43
#define EOPNOTSUPP	45
#define EAFNOSUPPORT	47
#define EADDRINUSE	48
#define EADDRNOTAVAIL	49
#define ENETDOWN	50
#define ENETUNREACH	51
#define ENOBUFS		55
#define EISCONN		56
#define ENOTCONN	57
#define ETIMEDOUT	60
#define ECONNREFUSED	61
#define EHOSTDOWN	64
#define EHOSTUNREACH	65
#ifndef EJUSTRETURN
#define EJUSTRETURN	(-2)	/* packet consumed, not an error (FreeBSD) */
#endif

#endif /* NET_NET_ERRNO_H */
