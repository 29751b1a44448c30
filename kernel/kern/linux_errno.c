/*
 * Kernel errno (FreeBSD numbering) to Linux errno, at the system-call
 * boundary.  Only the return path (arch syscall code) calls this: inside
 * the kernel every error keeps FreeBSD's number.  Where Linux has no
 * equivalent, the closest meaning is chosen.  tests/host/test_linux_abi.py
 * checks every entry against Linux's own <asm-generic/errno*.h>.
 */
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/sysent.h>

static const unsigned char linux_errtbl[ELAST + 1] = {
	[0] = 0,
	[EPERM] = 1,		[ENOENT] = 2,		[ESRCH] = 3,
	[EINTR] = 4,		[EIO] = 5,		[ENXIO] = 6,
	[E2BIG] = 7,		[ENOEXEC] = 8,		[EBADF] = 9,
	[ECHILD] = 10,		[EDEADLK] = 35,		[ENOMEM] = 12,
	[EACCES] = 13,		[EFAULT] = 14,		[ENOTBLK] = 15,
	[EBUSY] = 16,		[EEXIST] = 17,		[EXDEV] = 18,
	[ENODEV] = 19,		[ENOTDIR] = 20,		[EISDIR] = 21,
	[EINVAL] = 22,		[ENFILE] = 23,		[EMFILE] = 24,
	[ENOTTY] = 25,		[ETXTBSY] = 26,		[EFBIG] = 27,
	[ENOSPC] = 28,		[ESPIPE] = 29,		[EROFS] = 30,
	[EMLINK] = 31,		[EPIPE] = 32,		[EDOM] = 33,
	[ERANGE] = 34,		[EAGAIN] = 11,		[EINPROGRESS] = 115,
	[EALREADY] = 114,	[ENOTSOCK] = 88,	[EDESTADDRREQ] = 89,
	[EMSGSIZE] = 90,	[EPROTOTYPE] = 91,	[ENOPROTOOPT] = 92,
	[EPROTONOSUPPORT] = 93,	[ESOCKTNOSUPPORT] = 94,	[EOPNOTSUPP] = 95,
	[EPFNOSUPPORT] = 96,	[EAFNOSUPPORT] = 97,	[EADDRINUSE] = 98,
	[EADDRNOTAVAIL] = 99,	[ENETDOWN] = 100,	[ENETUNREACH] = 101,
	[ENETRESET] = 102,	[ECONNABORTED] = 103,	[ECONNRESET] = 104,
	[ENOBUFS] = 105,	[EISCONN] = 106,	[ENOTCONN] = 107,
	[ESHUTDOWN] = 108,	[ETOOMANYREFS] = 109,	[ETIMEDOUT] = 110,
	[ECONNREFUSED] = 111,	[ELOOP] = 40,		[ENAMETOOLONG] = 36,
	[EHOSTDOWN] = 112,	[EHOSTUNREACH] = 113,	[ENOTEMPTY] = 39,
	[EPROCLIM] = 11,	/* EAGAIN: Linux's answer to too many processes */
	[EUSERS] = 87,		[EDQUOT] = 122,		[ESTALE] = 116,
	[EREMOTE] = 66,
	[EBADRPC] = 22,		[ERPCMISMATCH] = 22,	[EPROGUNAVAIL] = 22,
	[EPROGMISMATCH] = 22,	[EPROCUNAVAIL] = 22,	/* no RPC errors: EINVAL */
	[ENOLCK] = 37,		[ENOSYS] = 38,
	[EFTYPE] = 8,		/* ENOEXEC */
	[EAUTH] = 13,		[ENEEDAUTH] = 13,	/* EACCES */
	[EIDRM] = 43,		[ENOMSG] = 42,		[EOVERFLOW] = 75,
	[ECANCELED] = 125,	[EILSEQ] = 84,
	[ENOATTR] = 61,		/* ENODATA */
	[EDOOFUS] = 22,		/* EINVAL */
	[EBADMSG] = 74,		[EMULTIHOP] = 72,	[ENOLINK] = 67,
	[EPROTO] = 71,
	[ENOTCAPABLE] = 1,	[ECAPMODE] = 1,		/* EPERM */
	[ENOTRECOVERABLE] = 131, [EOWNERDEAD] = 130,
	[EINTEGRITY] = 5,	/* EIO */
};

int
linux_errno(int error)
{
	if (error <= 0 || error > ELAST || linux_errtbl[error] == 0)
		return (22);	/* EINVAL: never reached by a correct handler */
	return (linux_errtbl[error]);
}

static const char *const errno_names[ELAST + 1] = {
	[EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
	[EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
	[EBADF] = "EBADF", [ECHILD] = "ECHILD", [EDEADLK] = "EDEADLK", [ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES", [EFAULT] = "EFAULT", [ENOTBLK] = "ENOTBLK", [EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR",
	[EISDIR] = "EISDIR", [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE",
	[ENOTTY] = "ENOTTY", [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC",
	[ESPIPE] = "ESPIPE", [EROFS] = "EROFS", [EMLINK] = "EMLINK", [EPIPE] = "EPIPE",
	[EDOM] = "EDOM", [ERANGE] = "ERANGE", [EAGAIN] = "EAGAIN",
	[EINPROGRESS] = "EINPROGRESS", [EALREADY] = "EALREADY", [ENOTSOCK] = "ENOTSOCK",
	[EDESTADDRREQ] = "EDESTADDRREQ", [EMSGSIZE] = "EMSGSIZE", [EPROTOTYPE] = "EPROTOTYPE",
	[ENOPROTOOPT] = "ENOPROTOOPT", [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
	[ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT", [EOPNOTSUPP] = "EOPNOTSUPP",
	[EPFNOSUPPORT] = "EPFNOSUPPORT", [EAFNOSUPPORT] = "EAFNOSUPPORT",
	[EADDRINUSE] = "EADDRINUSE", [EADDRNOTAVAIL] = "EADDRNOTAVAIL", [ENETDOWN] = "ENETDOWN",
	[ENETUNREACH] = "ENETUNREACH", [ENETRESET] = "ENETRESET",
	[ECONNABORTED] = "ECONNABORTED", [ECONNRESET] = "ECONNRESET", [ENOBUFS] = "ENOBUFS",
	[EISCONN] = "EISCONN", [ENOTCONN] = "ENOTCONN", [ESHUTDOWN] = "ESHUTDOWN",
	[ETOOMANYREFS] = "ETOOMANYREFS", [ETIMEDOUT] = "ETIMEDOUT",
	[ECONNREFUSED] = "ECONNREFUSED", [ELOOP] = "ELOOP", [ENAMETOOLONG] = "ENAMETOOLONG",
	[EHOSTDOWN] = "EHOSTDOWN", [EHOSTUNREACH] = "EHOSTUNREACH", [ENOTEMPTY] = "ENOTEMPTY",
	[EPROCLIM] = "EPROCLIM", [EUSERS] = "EUSERS", [EDQUOT] = "EDQUOT", [ESTALE] = "ESTALE",
	[EREMOTE] = "EREMOTE", [EBADRPC] = "EBADRPC", [ERPCMISMATCH] = "ERPCMISMATCH",
	[EPROGUNAVAIL] = "EPROGUNAVAIL", [EPROGMISMATCH] = "EPROGMISMATCH",
	[EPROCUNAVAIL] = "EPROCUNAVAIL", [ENOLCK] = "ENOLCK", [ENOSYS] = "ENOSYS",
	[EFTYPE] = "EFTYPE", [EAUTH] = "EAUTH", [ENEEDAUTH] = "ENEEDAUTH", [EIDRM] = "EIDRM",
	[ENOMSG] = "ENOMSG", [EOVERFLOW] = "EOVERFLOW", [ECANCELED] = "ECANCELED",
	[EILSEQ] = "EILSEQ", [ENOATTR] = "ENOATTR", [EDOOFUS] = "EDOOFUS",
	[EBADMSG] = "EBADMSG", [EMULTIHOP] = "EMULTIHOP", [ENOLINK] = "ENOLINK",
	[EPROTO] = "EPROTO", [ENOTCAPABLE] = "ENOTCAPABLE", [ECAPMODE] = "ECAPMODE",
	[ENOTRECOVERABLE] = "ENOTRECOVERABLE", [EOWNERDEAD] = "EOWNERDEAD",
	[EINTEGRITY] = "EINTEGRITY",
};

const char *
errno_name(int error)
{
	if (error > 0 && error <= ELAST && errno_names[error] != NULL)
		return (errno_names[error]);
	return (error == 0 ? "no error" : "unknown error");
}
