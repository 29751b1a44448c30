/* Sanpo libc: strerror for the small errno set of <errno.h>. */
#include "libc_internal.h"
#include "include/string.h"

char *LIBC(strerror)(int e)
{
	switch (e) {
	case 0:		return (char *)"Success";
	case EPERM:	return (char *)"Operation not permitted";
	case ENOENT:	return (char *)"No such file or directory";
	case EIO:	return (char *)"Input/output error";
	case EBADF:	return (char *)"Bad file descriptor";
	case ENOMEM:	return (char *)"Cannot allocate memory";
	case EACCES:	return (char *)"Permission denied";
	case EEXIST:	return (char *)"File exists";
	case EINVAL:	return (char *)"Invalid argument";
	case ENOSPC:	return (char *)"No space left on device";
	case EDOM:	return (char *)"Numerical argument out of domain";
	case ERANGE:	return (char *)"Numerical result out of range";
	case ENOSYS:	return (char *)"Function not implemented";
	default:	return (char *)"Unknown error";
	}
}
