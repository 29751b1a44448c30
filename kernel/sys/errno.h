/* Kernel error numbers (FreeBSD's values). */
#ifndef SYS_ERRNO_H
#define SYS_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define EFBIG		27
#define ENOSPC		28
#define EROFS		30
#ifndef EWOULDBLOCK
#define EWOULDBLOCK	35
#endif
#define EAGAIN		35
#define EINPROGRESS	36
#define EMSGSIZE	40
#define EPROTONOSUPPORT	43
#define EOPNOTSUPP	45
#define ENOBUFS		55
#define ETIMEDOUT	60
#define ENAMETOOLONG	63
#define ENOTEMPTY	66
#define EBADMSG		89
#define ERESTART	(-1)	/* internal: try the operation again */

#endif
