/*
 * sysctl(3) and kenv(2) as FreeBSD's libc gives them, for Sanpo's user
 * programs (user/sbin/sysctl, user/usr.bin/netstat, user/bin/kenv): each
 * is syscall(2) with its Sanpo number from the generated
 * <sanpo/syscall.h>, -1 and errno on failure.  The kernel never includes
 * this file; the constants are <sanpo/sysctl.h>'s and <sanpo/kenv.h>'s.
 */
#ifndef SANPO_SYSCTLSYS_H
#define SANPO_SYSCTLSYS_H

#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/kenv.h>
#include <sanpo/syscall.h>
#include <sanpo/sysctl.h>

static inline int
sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
    const void *newp, size_t newlen)
{
	return ((int)syscall(SANPO_SYS___sysctl, name, namelen, oldp, oldlenp, newp, newlen));
}

/* FreeBSD's sysctlnametomib(3): *sizep is the room in mibp, then the length. */
static inline int
sysctlnametomib(const char *name, int *mibp, size_t *sizep)
{
	int qoid[2] = { CTL_SYSCTL, CTL_SYSCTL_NAME2OID };
	size_t len = *sizep * sizeof(int);

	if (sysctl(qoid, 2, mibp, &len, name, strlen(name)) < 0)
		return (-1);
	*sizep = len / sizeof(int);
	return (0);
}

static inline int
sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp,
    size_t newlen)
{
	int mib[CTL_MAXNAME];
	size_t len = CTL_MAXNAME;

	if (sysctlnametomib(name, mib, &len) < 0)
		return (-1);
	return (sysctl(mib, (unsigned int)len, oldp, oldlenp, newp, newlen));
}

static inline int
kenv(int action, const char *name, char *value, int len)
{
	return ((int)syscall(SANPO_SYS_kenv, action, name, value, len));
}

#endif /* SANPO_SYSCTLSYS_H */
