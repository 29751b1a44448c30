/*
 * Kernel error numbers: FreeBSD's values, used everywhere inside the
 * kernel.  The system-call boundary speaks Linux: kern/subr_syscall.c
 * translates a handler's error to Linux's number on the way out
 * (linux_errno()), so nothing else ever sees a Linux errno.
 *
 * The negative values are never returned to user space: they tell the
 * system-call return path what to do instead (restart, leave the
 * registers alone).
 */
#ifndef SYS_ERRNO_H
#define SYS_ERRNO_H

#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such file or directory */
#define ESRCH		3	/* no such process */
#define EINTR		4	/* interrupted system call */
#define EIO		5	/* input/output error */
#define ENXIO		6	/* device not configured */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* exec format error */
#define EBADF		9	/* bad file descriptor */
#define ECHILD		10	/* no child processes */
#define EDEADLK		11	/* resource deadlock avoided */
#define ENOMEM		12	/* cannot allocate memory */
#define EACCES		13	/* permission denied */
#define EFAULT		14	/* bad address */
#define ENOTBLK		15	/* block device required */
#define EBUSY		16	/* device busy */
#define EEXIST		17	/* file exists */
#define EXDEV		18	/* cross-device link */
#define ENODEV		19	/* operation not supported by device */
#define ENOTDIR		20	/* not a directory */
#define EISDIR		21	/* is a directory */
#define EINVAL		22	/* invalid argument */
#define ENFILE		23	/* too many open files in system */
#define EMFILE		24	/* too many open files */
#define ENOTTY		25	/* inappropriate ioctl for device */
#define ETXTBSY		26	/* text file busy */
#define EFBIG		27	/* file too large */
#define ENOSPC		28	/* no space left on device */
#define ESPIPE		29	/* illegal seek */
#define EROFS		30	/* read-only file system */
#define EMLINK		31	/* too many links */
#define EPIPE		32	/* broken pipe */
#define EDOM		33	/* numerical argument out of domain */
#define ERANGE		34	/* result too large */
#define EAGAIN		35	/* resource temporarily unavailable */
#ifndef EWOULDBLOCK
#define EWOULDBLOCK	EAGAIN
#endif
#define EINPROGRESS	36	/* operation now in progress */
#define EALREADY	37	/* operation already in progress */
#define ENOTSOCK	38	/* socket operation on non-socket */
#define EDESTADDRREQ	39	/* destination address required */
#define EMSGSIZE	40	/* message too long */
#define EPROTOTYPE	41	/* protocol wrong type for socket */
#define ENOPROTOOPT	42	/* protocol not available */
#define EPROTONOSUPPORT	43	/* protocol not supported */
#define ESOCKTNOSUPPORT	44	/* socket type not supported */
#define EOPNOTSUPP	45	/* operation not supported */
#define ENOTSUP		EOPNOTSUPP
#define EPFNOSUPPORT	46	/* protocol family not supported */
#define EAFNOSUPPORT	47	/* address family not supported by protocol family */
#define EADDRINUSE	48	/* address already in use */
#define EADDRNOTAVAIL	49	/* can't assign requested address */
#define ENETDOWN	50	/* network is down */
#define ENETUNREACH	51	/* network is unreachable */
#define ENETRESET	52	/* network dropped connection on reset */
#define ECONNABORTED	53	/* software caused connection abort */
#define ECONNRESET	54	/* connection reset by peer */
#define ENOBUFS		55	/* no buffer space available */
#define EISCONN		56	/* socket is already connected */
#define ENOTCONN	57	/* socket is not connected */
#define ESHUTDOWN	58	/* can't send after socket shutdown */
#define ETOOMANYREFS	59	/* too many references: can't splice */
#define ETIMEDOUT	60	/* operation timed out */
#define ECONNREFUSED	61	/* connection refused */
#define ELOOP		62	/* too many levels of symbolic links */
#define ENAMETOOLONG	63	/* file name too long */
#define EHOSTDOWN	64	/* host is down */
#define EHOSTUNREACH	65	/* no route to host */
#define ENOTEMPTY	66	/* directory not empty */
#define EPROCLIM	67	/* too many processes */
#define EUSERS		68	/* too many users */
#define EDQUOT		69	/* disc quota exceeded */
#define ESTALE		70	/* stale file handle */
#define EREMOTE		71	/* too many levels of remote in path */
#define EBADRPC		72	/* RPC struct is bad */
#define ERPCMISMATCH	73	/* RPC version wrong */
#define EPROGUNAVAIL	74	/* RPC program not available */
#define EPROGMISMATCH	75	/* program version wrong */
#define EPROCUNAVAIL	76	/* bad procedure for program */
#define ENOLCK		77	/* no locks available */
#define ENOSYS		78	/* function not implemented */
#define EFTYPE		79	/* inappropriate file type or format */
#define EAUTH		80	/* authentication error */
#define ENEEDAUTH	81	/* need authenticator */
#define EIDRM		82	/* identifier removed */
#define ENOMSG		83	/* no message of desired type */
#define EOVERFLOW	84	/* value too large to be stored in data type */
#define ECANCELED	85	/* operation canceled */
#define EILSEQ		86	/* illegal byte sequence */
#define ENOATTR		87	/* attribute not found */
#define EDOOFUS		88	/* programming error */
#define EBADMSG		89	/* bad message */
#define EMULTIHOP	90	/* multihop attempted */
#define ENOLINK		91	/* link has been severed */
#define EPROTO		92	/* protocol error */
#define ENOTCAPABLE	93	/* capabilities insufficient */
#define ECAPMODE	94	/* not permitted in capability mode */
#define ENOTRECOVERABLE	95	/* state not recoverable */
#define EOWNERDEAD	96	/* previous owner died */
#define EINTEGRITY	97	/* integrity check failed */
#define ELAST		97	/* the last one */

/* Internal: seen by the system-call return path, never by user space. */
#define ERESTART	(-1)	/* restart the call, unless a handler without
				   SA_RESTART runs first (then EINTR) */
#define EJUSTRETURN	(-2)	/* the handler set every register itself */
#define ERESTARTNOHAND	(-3)	/* restart only if no handler runs (then EINTR) */
#define ERESTART_RESTARTBLOCK (-4)	/* as ERESTARTNOHAND, but the restart calls
				   td_restart (restart_syscall) instead */

#endif
