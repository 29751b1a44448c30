/*
 * The edges of __sysctl(2) and kenv(2) (tests/boot/test_sysctl_user.py),
 * one line per call: "what: result" or "what: strerror", FreeBSD's rules
 * (<sanpo/sysctl.h>, <sanpo/kenv.h>).  As root: the {0, x} nodes, a value
 * read whole, sized (oldp NULL) and cut short (ENOMEM, the bytes that fit
 * copied and counted), unknown names and numbers (ENOENT), a node
 * (EISDIR), a MIB past a leaf (ENOTDIR), lengths out of range (EINVAL),
 * bad pointers (EFAULT), writes to a read-only oid (EPERM), of a wrong
 * size or out of range (EINVAL) and a good one (old value back);
 * kenv's get/set/unset/dump.  Then root of a user namespace of its own
 * and, after setuid(65534), a nobody: writes and kenv changes are EPERM
 * (CAP_SYS_ADMIN counts only over the initial namespace), reads answer.
 * Last, as nobody, 20000 calls with random MIBs, lengths and buffers
 * (a fixed seed): each answers with a result or an errno, none harms.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sanpo/sysctlsys.h>

static char *unmapped;		/* an address no mapping covers */

static void
report(const char *what, int rc)
{
	if (rc < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %d\n", what, rc);
}

static void
print_mib(const char *what, const int *mib, size_t len)
{
	size_t i;

	printf("%s:", what);
	for (i = 0; i < len; i++)
		printf("%s%d", i ? "." : " ", mib[i]);
	printf("\n");
}

/* A write of an int to name; the old value it had. */
static void
write_int(const char *what, const char *name, int v, size_t newlen)
{
	int old = -1;
	size_t len = sizeof(old);

	if (sysctlbyname(name, &old, &len, &v, newlen) < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: old %d\n", what, old);
}

static void
unprivileged(const char *who)
{
	char what[64], buf[64];
	int ttl = -1;
	size_t len = sizeof(ttl);

	snprintf(what, sizeof(what), "%s write net.inet.ip.ttl", who);
	write_int(what, "net.inet.ip.ttl", 64, sizeof(int));
	snprintf(what, sizeof(what), "%s read net.inet.ip.ttl", who);
	report(what, sysctlbyname("net.inet.ip.ttl", &ttl, &len, NULL, 0) < 0 ? -1 : ttl);
	snprintf(what, sizeof(what), "%s kenv set", who);
	report(what, kenv(KENV_SET, "sanpo.calls", "x", 2));
	snprintf(what, sizeof(what), "%s kenv unset", who);
	report(what, kenv(KENV_UNSET, "kernel", NULL, 0));
	snprintf(what, sizeof(what), "%s kenv get kernel", who);
	report(what, kenv(KENV_GET, "kernel", buf, sizeof(buf)));
}

/* Random calls: MIB components near the real numbers, odd lengths. */
static void
random_calls(void)
{
	static const int near[] = { 0, 1, 2, 3, 4, 5, 6, 7, 17, 18, 0x100, 0x101, 0x10a, -1 };
	unsigned seed = 12345, i, j, namelen, fails = 0;
	int mib[32], huge;
	static char buf[8192];
	char newbuf[64];
	size_t len;

	for (i = 0; i < 20000; i++) {
		namelen = rand_r(&seed) % 28;
		for (j = 0; j < namelen; j++)
			mib[j] = rand_r(&seed) % 4 == 0 ? rand_r(&seed) :
			    near[rand_r(&seed) % (sizeof(near) / sizeof(near[0]))];
		for (j = 0; j < sizeof(newbuf); j++)
			newbuf[j] = "kern.ostype.net.inet.ip.\0"[rand_r(&seed) % 25];
		/* A length past the buffer only with no buffer (the size is asked). */
		huge = rand_r(&seed) % 3 == 0;
		len = huge ? (size_t)rand_r(&seed) : rand_r(&seed) % sizeof(buf);
		if (sysctl(mib, namelen, huge || rand_r(&seed) % 8 == 0 ? NULL : buf,
		    rand_r(&seed) % 8 == 0 ? NULL : &len, rand_r(&seed) % 2 ? newbuf : NULL,
		    rand_r(&seed) % sizeof(newbuf)) < 0)
			fails++;
	}
	printf("random calls: %s\n", fails > 0 && fails < 20000 ? "answered" : "odd");
}

static void
userns_root(void)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		if (unshare(CLONE_NEWUSER) != 0) {
			perror("unshare");
			_exit(2);
		}
		unprivileged("userns");
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		printf("userns child failed\n");
}

int
main(void)
{
	int mib[CTL_MAXNAME + 2], q[CTL_MAXNAME + 2], v, fwd, n;
	char buf[256], name[300];
	size_t len, mlen;
	unsigned kind;

	unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (unmapped == MAP_FAILED || munmap(unmapped, 4096) != 0) {
		perror("mmap");
		return (2);
	}

	/* Names and numbers. */
	mlen = CTL_MAXNAME;
	report("name2oid kern.ostype", sysctlnametomib("kern.ostype", mib, &mlen));
	print_mib("kern.ostype", mib, mlen);
	mlen = CTL_MAXNAME;
	report("name2oid net.inet.ip.forwarding",
	    sysctlnametomib("net.inet.ip.forwarding", mib, &mlen));
	print_mib("net.inet.ip.forwarding", mib, mlen);
	mlen = CTL_MAXNAME;
	report("name2oid no.such.oid", sysctlnametomib("no.such.oid", mib, &mlen));
	mlen = CTL_MAXNAME;
	report("name2oid kern.ostype.x", sysctlnametomib("kern.ostype.x", mib, &mlen));
	q[0] = CTL_SYSCTL;
	q[1] = CTL_SYSCTL_NAME2OID;
	len = sizeof(mib);
	report("name2oid bad name pointer", sysctl(q, 2, mib, &len, unmapped, 5));
	q[2] = CTL_KERN;
	q[3] = KERN_OSTYPE;
	q[1] = CTL_SYSCTL_NAME;
	len = sizeof(buf);
	report("name of 1.1", sysctl(q, 4, buf, &len, NULL, 0));
	printf("name of 1.1: %s (%zu bytes)\n", buf, len);
	q[1] = CTL_SYSCTL_OIDFMT;
	len = sizeof(buf);
	report("oidfmt of 1.1", sysctl(q, 4, buf, &len, NULL, 0));
	memcpy(&kind, buf, sizeof(kind));
	printf("oidfmt of 1.1: type %u rd %d wr %d \"%s\"\n", kind & CTLTYPE,
	    !!(kind & CTLFLAG_RD), !!(kind & CTLFLAG_WR), buf + sizeof(kind));
	q[1] = CTL_SYSCTL_OIDDESCR;
	len = sizeof(buf);
	report("description of 1.1", sysctl(q, 4, buf, &len, NULL, 0) < 0 ? -1 : len > 1);
	q[1] = CTL_SYSCTL_NEXT;
	len = sizeof(mib);
	report("first leaf", sysctl(q, 2, mib, &len, NULL, 0));
	print_mib("first leaf", mib, len / sizeof(int));
	/* Every leaf, in order, each after the one before. */
	for (n = 0, len = 2 * sizeof(int); ; n++) {
		memcpy(q + 2, mib, len);
		mlen = sizeof(mib);
		if (sysctl(q, 2 + (unsigned)(len / sizeof(int)), mib, &mlen, NULL, 0) < 0)
			break;
		len = mlen;
	}
	printf("walk ends with: %s, after more than 100 leaves: %d\n", strerror(errno), n > 100);
	q[1] = 99;
	len = sizeof(buf);
	report("{0,99}", sysctl(q, 4, buf, &len, NULL, 0));

	/* Values. */
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	len = sizeof(buf);
	memset(buf, 0, sizeof(buf));
	report("read kern.ostype", sysctl(mib, 2, buf, &len, NULL, 0));
	printf("kern.ostype: %s (%zu bytes)\n", buf, len);
	len = 0;
	report("size of kern.ostype", sysctl(mib, 2, NULL, &len, NULL, 0));
	printf("size of kern.ostype: %zu\n", len);
	len = 3;
	memset(buf, 0, sizeof(buf));
	report("kern.ostype in 3 bytes", sysctl(mib, 2, buf, &len, NULL, 0));
	printf("kern.ostype in 3 bytes: \"%s\" (%zu bytes)\n", buf, len);
	report("namelen 1", sysctl(mib, 1, buf, &len, NULL, 0));
	report("namelen 25", sysctl(mib, CTL_MAXNAME + 1, buf, &len, NULL, 0));
	mib[1] = 99999;
	len = sizeof(buf);
	report("kern.99999", sysctl(mib, 2, buf, &len, NULL, 0));
	mib[0] = CTL_NET;
	mib[1] = 2;
	len = sizeof(buf);
	report("net.inet (a node)", sysctl(mib, 2, buf, &len, NULL, 0));
	mib[0] = CTL_KERN;
	mib[1] = KERN_OSTYPE;
	mib[2] = 7;
	len = sizeof(buf);
	report("kern.ostype.7", sysctl(mib, 3, buf, &len, NULL, 0));
	len = sizeof(buf);
	report("bad name pointer", sysctl((int *)unmapped, 2, buf, &len, NULL, 0));
	len = sizeof(buf);
	report("bad old pointer", sysctl(mib, 2, unmapped, &len, NULL, 0));
	report("bad oldlen pointer", sysctl(mib, 2, buf, (size_t *)unmapped, NULL, 0));

	/* Writes. */
	report("write kern.ostype", sysctlbyname("kern.ostype", NULL, NULL, "x", 1));
	v = 64;
	write_int("write net.inet.ip.ttl short", "net.inet.ip.ttl", v, 2);
	write_int("write net.inet.ip.ttl 0", "net.inet.ip.ttl", 0, sizeof(int));
	write_int("write net.inet.ip.ttl 300", "net.inet.ip.ttl", 300, sizeof(int));
	write_int("write net.inet.ip.ttl 65", "net.inet.ip.ttl", 65, sizeof(int));
	write_int("write net.inet.ip.ttl 64", "net.inet.ip.ttl", 64, sizeof(int));
	report("write bad new pointer", sysctlbyname("net.inet.ip.ttl", NULL, NULL, unmapped, 4));
	len = sizeof(fwd);
	report("read net.inet.ip.forwarding", sysctlbyname("net.inet.ip.forwarding", &fwd, &len,
	    NULL, 0) < 0 ? -1 : fwd);
	write_int("forwarding on", "net.inet.ip.forwarding", 1, sizeof(int));
	write_int("forwarding back", "net.inet.ip.forwarding", fwd, sizeof(int));
	len = sizeof(buf);
	report("net.inet.ip.stats", sysctlbyname("net.inet.ip.stats", buf, &len, NULL, 0));
	len = 8;
	report("net.inet.ip.stats in 8 bytes", sysctlbyname("net.inet.ip.stats", buf, &len,
	    NULL, 0));
	printf("net.inet.ip.stats in 8 bytes: %zu bytes\n", len);

	/* kenv. */
	len = (size_t)kenv(KENV_GET, "kernel", buf, sizeof(buf));
	printf("kenv get kernel: %s (%zu bytes)\n", buf, len);
	memset(buf, 0, sizeof(buf));
	report("kenv get kernel in 3", kenv(KENV_GET, "kernel", buf, 3));
	printf("kenv get kernel in 3: \"%.3s\"\n", buf);
	report("kenv get nosuch", kenv(KENV_GET, "sanpo.nosuch", buf, sizeof(buf)));
	report("kenv get bad name", kenv(KENV_GET, unmapped, buf, sizeof(buf)));
	report("kenv get bad value", kenv(KENV_GET, "kernel", unmapped, 16));
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	report("kenv set long name", kenv(KENV_SET, name, "x", 2));
	report("kenv set empty name", kenv(KENV_SET, "", "x", 2));
	report("kenv set name with =", kenv(KENV_SET, "a=b", "x", 2));
	report("kenv set", kenv(KENV_SET, "sanpo.calls", "one", 4));
	report("kenv set again", kenv(KENV_SET, "sanpo.calls", "two", 4));
	memset(buf, 0, sizeof(buf));
	report("kenv get", kenv(KENV_GET, "sanpo.calls", buf, sizeof(buf)));
	printf("kenv get: %s\n", buf);
	report("kenv unset", kenv(KENV_UNSET, "sanpo.calls", NULL, 0));
	report("kenv unset again", kenv(KENV_UNSET, "sanpo.calls", NULL, 0));
	report("kenv action 99", kenv(99, "kernel", buf, sizeof(buf)));
	report("kenv dump size > 0", kenv(KENV_DUMP, NULL, NULL, 0) > 0);
	report("kenv dump in 4", kenv(KENV_DUMP, NULL, buf, 4) > 4);

	userns_root();
	if (setuid(65534) != 0) {
		perror("setuid");
		return (2);
	}
	unprivileged("nobody");
	random_calls();
	return (0);
}
