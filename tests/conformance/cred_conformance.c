/*
 * Credentials, one line per case: the same static musl binary runs on the
 * Linux host (as root) and in Sanpo (as init), and the two outputs must be
 * the same line for line (tests/boot/test_cred_conformance.py).
 *
 * Every case runs in a child of its own which first puts itself in a known
 * state -- root in all ids, no supplementary groups, dumpable, and the
 * capability sets both kernels can share (the host may lack some, e.g. a
 * container's CAP_SYS_RESOURCE: dropped from every set here too) -- then
 * changes ids with Linux's rules, as root and as uid 1000, and prints what
 * it observes: the ids, the groups, the capability sets, the dumpable
 * flag, AT_SECURE after a set-user-ID exec, file permission answers,
 * signal permission answers.  Errors print as errno names.
 *
 *   cred_conformance            all cases
 *   cred_conformance --report   (internal: what an exec'd copy runs with)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

#include "../user/initconsole.h"

#define CAP_V1		0x19980330
#define CAP_V3		0x20080522
#define CAP_SYS_BOOT	22
#define CAP_SYS_RESOURCE 24
#define CAP_NET_ADMIN	12
#define LAST_CAP	40

struct cap_hdr { uint32_t version; int pid; };
struct cap_data { uint32_t eff, prm, inh; };

static const char *self;
static char dir[64];	/* the case's scratch directory */

/* "name: value" or "name: ERRNAME". */
static void
show(const char *name, long r)
{
	if (r < 0)
		say("%s: %s", name, ename(errno));
	else
		say("%s: %ld", name, r);
}

#define T(name, expr)	do { errno = 0; show(name, (long)(expr)); } while (0)
/* A raw call (musl's set*id wrappers go through every thread; one is enough). */
#define SYS(...)	syscall(__VA_ARGS__)

static uint64_t caps[3];	/* effective, permitted, inheritable */

static void
read_caps(void)
{
	struct cap_hdr h = { CAP_V3, 0 };
	struct cap_data d[2];

	memset(d, 0, sizeof(d));
	if (SYS(SYS_capget, &h, d) != 0)
		say("capget failed: %s", ename(errno));
	caps[0] = d[0].eff | (uint64_t)d[1].eff << 32;
	caps[1] = d[0].prm | (uint64_t)d[1].prm << 32;
	caps[2] = d[0].inh | (uint64_t)d[1].inh << 32;
}

static int
set_caps(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct cap_hdr h = { CAP_V3, 0 };
	struct cap_data d[2] = {
		{ (uint32_t)eff, (uint32_t)prm, (uint32_t)inh },
		{ (uint32_t)(eff >> 32), (uint32_t)(prm >> 32), (uint32_t)(inh >> 32) },
	};

	return ((int)SYS(SYS_capset, &h, d));
}

/* Everything about the caller's credentials, on one line. */
static void
ids(const char *tag)
{
	unsigned r, e, s, gr, ge, gs, fu, fg;
	gid_t g[64];
	char gl[256];
	int n, i, off = 0;

	SYS(SYS_getresuid, &r, &e, &s);
	SYS(SYS_getresgid, &gr, &ge, &gs);
	fu = (unsigned)SYS(SYS_setfsuid, -1);
	fg = (unsigned)SYS(SYS_setfsgid, -1);
	n = (int)SYS(SYS_getgroups, 64, g);
	gl[0] = '\0';
	for (i = 0; i < n && off < (int)sizeof(gl) - 12; i++)
		off += snprintf(gl + off, sizeof(gl) - (size_t)off, "%s%u", i ? "," : "",
		    (unsigned)g[i]);
	read_caps();
	say("%s: uid=%u/%u/%u/%u gid=%u/%u/%u/%u groups=[%s] eff=%llx prm=%llx inh=%llx "
	    "dump=%d", tag, r, e, s, fu, gr, ge, gs, fg, gl, (unsigned long long)caps[0],
	    (unsigned long long)caps[1], (unsigned long long)caps[2],
	    (int)prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
}

/* The known state every case starts from (see the top). */
static void
normalize(void)
{
	uint64_t keep;

	SYS(SYS_setgroups, 0, NULL);
	SYS(SYS_setresgid, 0, 0, 0);
	SYS(SYS_setresuid, 0, 0, 0);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	prctl(PR_CAPBSET_DROP, CAP_SYS_RESOURCE, 0, 0, 0);
	read_caps();
	keep = caps[1] & ~(1ULL << CAP_SYS_RESOURCE);
	if (set_caps(keep, keep, 0) != 0)
		say("normalize: capset %s", ename(errno));
	umask(022);
}

/* Become uid (all four) and gid (all four), with the given groups, from root. */
static void
become(unsigned uid, unsigned gid, int ngroups, const gid_t *groups)
{
	if (SYS(SYS_setgroups, ngroups, groups) != 0 || SYS(SYS_setresgid, gid, gid, gid) != 0 ||
	    SYS(SYS_setresuid, uid, uid, uid) != 0)
		say("become %u: %s", uid, ename(errno));
}

/* The case's scratch directory (main removes it after the case). */
static void
scratch(void)
{
	if (mkdir(dir, 0755) != 0 || chmod(dir, 0755) != 0 || chdir(dir) != 0)
		say("scratch: %s", ename(errno));
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path));
}

/* --- the set*id calls -------------------------------------------------------------- */

static void
case_setuid(void)
{
	ids("start");
	T("setuid -1", SYS(SYS_setuid, -1));
	T("setuid 1000", SYS(SYS_setuid, 1000));
	ids("after setuid 1000");
	T("setuid 0 unprivileged", SYS(SYS_setuid, 0));
	T("setuid 1000 again", SYS(SYS_setuid, 1000));
	T("setuid 2000 unprivileged", SYS(SYS_setuid, 2000));
	T("getuid", SYS(SYS_getuid));
	T("geteuid", SYS(SYS_geteuid));
}

static void
case_setuid_saved(void)
{
	T("setresuid 1000 1000 0", SYS(SYS_setresuid, 1000, 1000, 0));
	ids("saved root");
	T("setuid 2000 (not real or saved)", SYS(SYS_setuid, 2000));
	T("setuid 0 (saved)", SYS(SYS_setuid, 0));
	ids("back to euid 0");
	T("setuid 1000 (privileged again)", SYS(SYS_setuid, 1000));
	ids("all 1000");
	T("prctl set dumpable", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	T("prctl get dumpable", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	T("prctl set dumpable 2", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
}

static void
case_setreuid(void)
{
	T("setreuid -1 1000", SYS(SYS_setreuid, -1, 1000));
	ids("seteuid 1000");
	T("setreuid -1 0", SYS(SYS_setreuid, -1, 0));
	ids("seteuid 0");
	T("setreuid 1000 2000", SYS(SYS_setreuid, 1000, 2000));
	ids("1000 2000");
	T("setreuid 2000 -1 (real to effective)", SYS(SYS_setreuid, 2000, -1));
	ids("2000 2000");
	T("setreuid 3000 -1", SYS(SYS_setreuid, 3000, -1));
	T("setreuid -1 1000 (gone)", SYS(SYS_setreuid, -1, 1000));
	T("setreuid -1 -1", SYS(SYS_setreuid, -1, -1));
	T("setreuid 2000 2000", SYS(SYS_setreuid, 2000, 2000));
	ids("end");
}

static void
case_setresuid(void)
{
	T("setresuid 1000 2000 3000", SYS(SYS_setresuid, 1000, 2000, 3000));
	ids("1000 2000 3000");
	T("setresuid 3000 1000 2000", SYS(SYS_setresuid, 3000, 1000, 2000));
	ids("rotated");
	T("setresuid 4000 -1 -1", SYS(SYS_setresuid, 4000, -1, -1));
	T("setresuid -1 -1 0", SYS(SYS_setresuid, -1, -1, 0));
	T("setresuid -1 -1 -1", SYS(SYS_setresuid, -1, -1, -1));
	T("setresuid 2000 2000 2000", SYS(SYS_setresuid, 2000, 2000, 2000));
	ids("end");
}

static void
case_gids(void)
{
	T("setgid 100", SYS(SYS_setgid, 100));
	ids("setgid 100");
	T("setregid 200 300", SYS(SYS_setregid, 200, 300));
	ids("setregid 200 300");
	T("setresgid 10 20 30", SYS(SYS_setresgid, 10, 20, 30));
	ids("setresgid 10 20 30");
	T("setgid -1", SYS(SYS_setgid, -1));
	/* Without CAP_SETGID (uid 1000): only the current gids. */
	T("setuid 1000", SYS(SYS_setuid, 1000));
	T("setgid 10 (real)", SYS(SYS_setgid, 10));
	T("setgid 30 (saved)", SYS(SYS_setgid, 30));
	T("setgid 20 (no longer any)", SYS(SYS_setgid, 20));
	ids("unprivileged");
	T("setgid 5", SYS(SYS_setgid, 5));
	T("setregid 30 -1", SYS(SYS_setregid, 30, -1));
	T("setregid -1 10", SYS(SYS_setregid, -1, 10));
	ids("setregid -1 10");
	T("setregid 99 -1", SYS(SYS_setregid, 99, -1));
	T("setresgid 30 10 30", SYS(SYS_setresgid, 30, 10, 30));
	T("setresgid 7 -1 -1", SYS(SYS_setresgid, 7, -1, -1));
	ids("end");
}

static void
case_groups(void)
{
	gid_t g[8] = { 30, 10, 20, 10 }, out[8];
	int n, i;

	T("setgroups 4", SYS(SYS_setgroups, 4, g));
	T("getgroups 0", SYS(SYS_getgroups, 0, NULL));
	T("getgroups 2 (too small)", SYS(SYS_getgroups, 2, out));
	T("getgroups -1", SYS(SYS_getgroups, -1, out));
	T("getgroups bad pointer", SYS(SYS_getgroups, 8, (void *)8));
	n = (int)SYS(SYS_getgroups, 8, out);
	for (i = 0; i < n; i++)
		say("group %d: %u", i, (unsigned)out[i]);
	T("setgroups -1", SYS(SYS_setgroups, -1, g));
	T("setgroups 65537", SYS(SYS_setgroups, 65537, g));
	T("setgroups bad pointer", SYS(SYS_setgroups, 2, (void *)8));
	ids("with groups");
	T("setgroups 0", SYS(SYS_setgroups, 0, NULL));
	ids("no groups");
	T("setgroups 1", SYS(SYS_setgroups, 1, g));
	T("setuid 1000", SYS(SYS_setuid, 1000));
	T("setgroups unprivileged", SYS(SYS_setgroups, 1, g));
	T("setgroups 0 unprivileged", SYS(SYS_setgroups, 0, NULL));
	T("getgroups unprivileged", SYS(SYS_getgroups, 0, NULL));
}

static void
case_fsids(void)
{
	T("setfsuid 1000", SYS(SYS_setfsuid, 1000));
	ids("fsuid 1000");
	T("setfsuid 0", SYS(SYS_setfsuid, 0));
	ids("fsuid 0");
	T("setfsgid 50", SYS(SYS_setfsgid, 50));
	T("setfsgid -1", SYS(SYS_setfsgid, -1));
	T("setresuid 1000 2000 3000", SYS(SYS_setresuid, 1000, 2000, 3000));
	T("setfsuid 3000 (saved)", SYS(SYS_setfsuid, 3000));
	T("setfsuid 4000 (refused, says old)", SYS(SYS_setfsuid, 4000));
	T("setfsuid -1", SYS(SYS_setfsuid, -1));
	T("setfsgid 60 (refused)", SYS(SYS_setfsgid, 60));
	T("setfsgid 0 (real)", SYS(SYS_setfsgid, 0));
	ids("end");
	T("setreuid -1 1000 (fsuid follows)", SYS(SYS_setreuid, -1, 1000));
	ids("fsuid follows euid");
}

/* --- capabilities ------------------------------------------------------------------- */

static void
case_capget(void)
{
	struct cap_hdr h;
	struct cap_data d[2];
	pid_t pid;
	int st;

	h.version = 0x12345678; h.pid = 0;
	T("capget bad version", SYS(SYS_capget, &h, d));
	say("version written back: %#x", h.version);
	h.version = 0x12345678;
	T("capget bad version no data", SYS(SYS_capget, &h, NULL));
	say("version written back: %#x", h.version);
	h.version = CAP_V3; h.pid = -1;
	T("capget pid -1", SYS(SYS_capget, &h, d));
	if ((pid = fork()) == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	h.version = CAP_V3; h.pid = pid;
	T("capget reaped pid", SYS(SYS_capget, &h, d));
	h.version = CAP_V3; h.pid = getppid();
	T("capget parent", SYS(SYS_capget, &h, d));
	h.version = CAP_V3; h.pid = 0;
	T("capget bad data", SYS(SYS_capget, &h, (void *)8));
	T("capget bad header", SYS(SYS_capget, (void *)8, d));
	memset(d, 0xee, sizeof(d));
	h.version = CAP_V1; h.pid = 0;
	T("capget v1", SYS(SYS_capget, &h, d));
	say("v1 words: %x %x second untouched %d", d[0].eff, d[0].prm, d[1].eff == 0xeeeeeeee);
	h.version = CAP_V3; h.pid = getpid();
	T("capget own pid", SYS(SYS_capget, &h, d));
}

static void
case_capset(void)
{
	struct cap_hdr h = { CAP_V3, 0 };
	struct cap_data d[2];
	uint64_t full;

	read_caps();
	full = caps[1];
	h.pid = getppid();
	memset(d, 0, sizeof(d));
	T("capset other pid", SYS(SYS_capset, &h, d));
	h.version = 1; h.pid = 0;
	T("capset bad version", SYS(SYS_capset, &h, d));
	say("version written back: %#x", h.version);
	h.version = CAP_V3;
	T("capset bad data", SYS(SYS_capset, &h, (void *)8));
	T("capset eff beyond prm", set_caps(full, full & ~(1ULL << CAP_SYS_BOOT), 0));
	T("capset drop sys_boot", set_caps(full & ~(1ULL << CAP_SYS_BOOT),
	    full & ~(1ULL << CAP_SYS_BOOT), 0));
	ids("dropped");
	T("reboot without CAP_SYS_BOOT", SYS(SYS_reboot, 0, 0, 0, NULL));
	T("capset raise it back", set_caps(full, full, 0));
	T("capset inheritable", set_caps(0, full & ~(1ULL << CAP_SYS_BOOT), 1ULL << CAP_NET_ADMIN));
	ids("inheritable");
	T("capset bits beyond the last", set_caps(0, full & ~(1ULL << CAP_SYS_BOOT),
	    (1ULL << CAP_NET_ADMIN) | (1ULL << 62)));
	ids("beyond");
	/* Without CAP_SETPCAP, the inheritable set stays within permitted | inheritable. */
	T("capset none effective", set_caps(0, 1ULL << CAP_NET_ADMIN, 1ULL << CAP_NET_ADMIN));
	T("capset inh outside prm", set_caps(0, 1ULL << CAP_NET_ADMIN, 3));
	T("capset empty", set_caps(0, 0, 0));
	ids("empty");
	T("setuid 1000 without CAP_SETUID", SYS(SYS_setuid, 1000));
}

static void
case_prctl_caps(void)
{
	T("capbset read 0", prctl(PR_CAPBSET_READ, 0, 0, 0, 0));
	T("capbset read last", prctl(PR_CAPBSET_READ, LAST_CAP, 0, 0, 0));
	T("capbset read last+1", prctl(PR_CAPBSET_READ, LAST_CAP + 1, 0, 0, 0));
	T("capbset drop sys_boot", prctl(PR_CAPBSET_DROP, CAP_SYS_BOOT, 0, 0, 0));
	T("capbset read sys_boot", prctl(PR_CAPBSET_READ, CAP_SYS_BOOT, 0, 0, 0));
	T("capbset drop last+1", prctl(PR_CAPBSET_DROP, LAST_CAP + 1, 0, 0, 0));
	T("get keepcaps", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	T("set keepcaps 2", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0));
	T("set keepcaps 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	T("get keepcaps", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	T("ambient is_set", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_ADMIN, 0, 0));
	T("ambient raise (not inheritable)", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE,
	    CAP_NET_ADMIN, 0, 0));
	read_caps();
	T("capset inheritable net_admin", set_caps(caps[0], caps[1], 1ULL << CAP_NET_ADMIN));
	T("ambient raise", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0));
	T("ambient is_set", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_ADMIN, 0, 0));
	T("ambient bad op", prctl(PR_CAP_AMBIENT, 9, 0, 0, 0));
	T("ambient bad cap", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, LAST_CAP + 1, 0, 0));
	T("ambient clear_all extra arg", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 1, 0, 0));
	/* keep-caps: leaving root keeps the permitted set, not the effective or ambient one. */
	T("setresuid 1000 1000 1000", SYS(SYS_setresuid, 1000, 1000, 1000));
	ids("kept caps");
	T("ambient is_set after", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_ADMIN, 0, 0));
	T("capbset drop unprivileged", prctl(PR_CAPBSET_DROP, 0, 0, 0, 0));
	T("get no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T("set no_new_privs 0", prctl(PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T("set no_new_privs 1", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	T("get no_new_privs", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	T("get no_new_privs extra arg", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));
}

/* /proc/self/status: the credential lines. */
static void
case_status(void)
{
	gid_t g[2] = { 7, 3 };
	char buf[4096], *line, *save;
	ssize_t n;
	int fd;

	SYS(SYS_setgroups, 2, g);
	SYS(SYS_setresgid, 1, 2, 3);
	SYS(SYS_setresuid, 4, 5, 6);
	if ((fd = open("/proc/self/status", O_RDONLY)) < 0) {
		say("status: %s", ename(errno));
		return;
	}
	/* Until end of file: Linux hands out a page at a time. */
	for (n = 0; n < (ssize_t)sizeof(buf) - 1;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n);

		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "Uid:", 4) == 0 || strncmp(line, "Gid:", 4) == 0 ||
		    strncmp(line, "Groups:", 7) == 0 || strncmp(line, "Cap", 3) == 0 ||
		    strncmp(line, "NoNewPrivs:", 11) == 0)
			say("status %s|", line);
}

/* --- files --------------------------------------------------------------------------- */

static void
mkfile(const char *name, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, "data\n", 5) != 5 || close(fd) != 0 || chown(name, uid, gid) != 0 ||
	    chmod(name, mode) != 0)
		say("mkfile %s: %s", name, ename(errno));
}

static int
openr(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd >= 0)
		close(fd);
	return (fd < 0 ? -1 : 0);
}

static const char *
mode_of(const char *path)
{
	static char buf[32];
	struct stat st;

	if (stat(path, &st) != 0)
		return (ename(errno));
	snprintf(buf, sizeof(buf), "%04o %u:%u", (unsigned)(st.st_mode & 07777),
	    (unsigned)st.st_uid, (unsigned)st.st_gid);
	return (buf);
}

static void
case_files_root(void)
{
	scratch();
	mkfile("none", 0000, 0, 0);
	mkfile("noexec", 0644, 0, 0);
	mkfile("someexec", 0601, 5, 5);
	mkdir("d0", 0000);
	T("root reads mode 0000", openr("none", O_RDONLY));
	T("root writes mode 0000", openr("none", O_WRONLY));
	T("root access R|W 0000", access("none", R_OK | W_OK));
	T("root access X no x bit", access("noexec", X_OK));
	T("root exec no x bit", execl("./noexec", "noexec", (char *)NULL));
	T("root access X one x bit", access("someexec", X_OK));
	T("root creates in 0000 dir", openr("d0/f", O_RDWR | O_CREAT));
	T("root access dir 0000 X", access("d0", X_OK));
	/* fsuid away from 0: the file-system capabilities go with it. */
	T("setfsuid 1000", SYS(SYS_setfsuid, 1000));
	T("fsuid 1000 reads mode 0000", openr("none", O_RDONLY));
	T("fsuid 1000 creates in 0000 dir", openr("d0/g", O_RDWR | O_CREAT));
	T("fsuid 1000 access (real ids)", access("none", R_OK));
	T("fsuid 1000 chmod", chmod("noexec", 0600));
	T("setfsuid 0", SYS(SYS_setfsuid, 0));
	T("fsuid 0 reads mode 0000", openr("none", O_RDONLY));
	/* access() judges by the real ids, AT_EACCESS by the effective ones. */
	T("setresuid 1000 0 0", SYS(SYS_setresuid, 1000, 0, 0));
	T("ruid 1000 access", access("none", R_OK));
	T("ruid 1000 faccessat eaccess", faccessat(AT_FDCWD, "none", R_OK, AT_EACCESS));
	T("ruid 1000 open", openr("none", O_RDONLY));
	T("setresuid 0 1000 0", SYS(SYS_setresuid, 0, 1000, 0));
	T("euid 1000 access", access("none", R_OK));
	T("euid 1000 faccessat eaccess", faccessat(AT_FDCWD, "none", R_OK, AT_EACCESS));
	T("euid 1000 open", openr("none", O_RDONLY));
	T("faccessat bad flags", faccessat(AT_FDCWD, "none", R_OK, 0x1));
	T("access bad mode", access("none", 8));
}

static void
case_files_user(void)
{
	gid_t member[1] = { 100 };

	scratch();
	mkfile("secret", 0600, 0, 0);
	mkfile("grp", 0640, 0, 100);
	mkfile("grpw", 0660, 0, 100);
	mkfile("pub", 0644, 0, 0);
	mkfile("ownerless", 0604, 1000, 0);	/* owner class wins: no read */
	mkfile("mine", 0644, 1000, 50);
	mkdir("locked", 0700);
	mkdir("open", 0);
	mkdir("sticky", 0);
	chmod("open", 0777);
	chmod("sticky", 01777);
	mkfile("sticky/roots", 0666, 0, 0);
	mkfile("sticky/users", 0666, 1000, 50);
	mkfile("locked/x", 0644, 0, 0);
	become(1000, 50, 1, member);
	ids("user");
	T("open secret", openr("secret", O_RDONLY));
	T("open grp read", openr("grp", O_RDONLY));
	T("open grp write", openr("grp", O_WRONLY));
	T("open grpw write", openr("grpw", O_WRONLY));
	T("open pub read", openr("pub", O_RDONLY));
	T("open pub write", openr("pub", O_WRONLY));
	T("open ownerless (other may, owner not)", openr("ownerless", O_RDONLY));
	T("access secret", access("secret", R_OK));
	T("access pub R", access("pub", R_OK));
	T("access pub W", access("pub", W_OK));
	T("access dir W", access(".", W_OK));
	T("stat through locked", access("locked/x", F_OK));
	T("create in scratch dir", openr("new", O_RDWR | O_CREAT));
	T("create in open dir", openr("open/new", O_RDWR | O_CREAT));
	say("new file: %s", mode_of("open/new"));
	T("unlink pub", unlink("pub"));
	T("chmod pub", chmod("pub", 0666));
	T("chown pub", chown("pub", 1000, 50));
	T("chmod mine", chmod("mine", 0640));
	T("chown mine to group 100", chown("mine", -1, 100));
	say("mine: %s", mode_of("mine"));
	T("chown mine to group 200", chown("mine", -1, 200));
	T("chown mine to uid 0", chown("mine", 0, -1));
	T("chown mine to itself", chown("mine", 1000, -1));
	T("chmod mine setgid (group 50, a member)", chmod("mine", 02755));
	say("mine: %s", mode_of("mine"));
	T("chown mine to group 50", chown("mine", -1, 50));
	T("chmod mine setgid again", chmod("mine", 02755));
	say("mine: %s", mode_of("mine"));
	T("unlink sticky/roots", unlink("sticky/roots"));
	T("unlink sticky/users", unlink("sticky/users"));
	T("rename sticky/roots", rename("sticky/roots", "open/x"));
	T("utime pub", utimensat(AT_FDCWD, "pub", NULL, 0));
	T("utime grpw (write access)", utimensat(AT_FDCWD, "grpw", NULL, 0));
	T("mknod char dev, dir not writable", mknod("dev", S_IFCHR | 0600, makedev(1, 3)));
	T("mknod char dev", mknod("open/dev", S_IFCHR | 0600, makedev(1, 3)));
	T("mknod fifo", mknod("open/fifo", S_IFIFO | 0600, 0));
	T("chroot", chroot("."));
	T("reboot", SYS(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, NULL));
}

/* chown clears the set-id bits, root's chown too. */
static void
case_files_setid(void)
{
	scratch();
	mkfile("a", 06755, 0, 0);
	mkfile("b", 06745, 0, 0);
	mkfile("c", 04755, 0, 0);
	mkdir("d", 06755);
	chmod("d", 06755);
	say("a before: %s", mode_of("a"));
	T("chown a 5 5", chown("a", 5, 5));
	say("a after: %s", mode_of("a"));
	T("chown b -1 -1", chown("b", -1, -1));
	say("b after: %s", mode_of("b"));
	T("chown b 0 7", chown("b", 0, 7));
	say("b after: %s", mode_of("b"));
	T("chown d 5 5", chown("d", 5, 5));
	say("d after: %s", mode_of("d"));
	T("chmod c 02700 as root, group not ours", (chown("c", 0, 9), chmod("c", 02700)));
	say("c after: %s", mode_of("c"));
}

/* --- exec ----------------------------------------------------------------------------- */

/* What the program runs with after exec: ids, capabilities, AT_SECURE. */
static int
report(void)
{
	ids("exec");
	say("exec: AT_SECURE=%lu AT_UID=%lu AT_EUID=%lu AT_GID=%lu AT_EGID=%lu",
	    getauxval(AT_SECURE), getauxval(AT_UID), getauxval(AT_EUID), getauxval(AT_GID),
	    getauxval(AT_EGID));
	return (0);
}

static void
copy_self(const char *to, mode_t mode, uid_t uid, gid_t gid)
{
	char buf[8192];
	ssize_t n;
	int in = open(self, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			break;
	if (in < 0 || out < 0 || close(out) != 0 || chown(to, uid, gid) != 0 ||
	    chmod(to, mode) != 0)
		say("copy_self %s: %s", to, ename(errno));
	close(in);
}

/* Runs path --report in a child, after setup(arg) there. */
static void
run_report(const char *what, const char *path, void (*setup)(int), int arg)
{
	pid_t pid;
	int st;

	say("-- %s", what);
	if ((pid = fork()) == 0) {
		if (setup != NULL)
			setup(arg);
		execl(path, path, "--report", (char *)NULL);
		say("exec %s: %s", path, ename(errno));
		_exit(1);
	}
	waitpid(pid, &st, 0);
}

static void
as_user(int nnp)
{
	gid_t g[1] = { 100 };

	become(1000, 50, 1, g);
	if (nnp)
		prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

static void
as_seteuid0(int keep)
{
	(void)keep;
	SYS(SYS_setresuid, 1000, 0, 0);
}

static void
as_ambient(int unused)
{
	(void)unused;
	read_caps();
	set_caps(caps[0], caps[1], 1ULL << CAP_NET_ADMIN);
	prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
	SYS(SYS_setresuid, 1000, 1000, 1000);
	read_caps();
	set_caps(1ULL << CAP_NET_ADMIN, caps[1], caps[2]);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0);
}

static void
case_exec(void)
{
	char suid[96], sgid[96], plain[96], sgidnox[96];

	scratch();
	snprintf(suid, sizeof(suid), "%s/suid", dir);
	snprintf(sgid, sizeof(sgid), "%s/sgid", dir);
	snprintf(sgidnox, sizeof(sgidnox), "%s/sgidnox", dir);
	snprintf(plain, sizeof(plain), "%s/plain", dir);
	copy_self(suid, 04755, 0, 0);
	copy_self(sgid, 02755, 0, 77);
	copy_self(sgidnox, 02745, 0, 77);
	copy_self(plain, 0755, 0, 0);
	run_report("root runs plain", plain, NULL, 0);
	run_report("user runs plain", plain, as_user, 0);
	run_report("user runs set-user-ID root", suid, as_user, 0);
	run_report("user runs set-group-ID 77", sgid, as_user, 0);
	run_report("user runs set-group-ID without group x", sgidnox, as_user, 0);
	run_report("user with no_new_privs runs set-user-ID root", suid, as_user, 1);
	run_report("real 1000 effective 0 runs plain", plain, as_seteuid0, 0);
	run_report("user with an ambient capability runs plain", plain, as_ambient, 0);
	run_report("user with an ambient capability runs set-user-ID", suid, as_ambient, 0);
}

/* --- signals -------------------------------------------------------------------------- */

/* A process with the given ids that waits until fd reaches end of file. */
static pid_t
victim(unsigned r, unsigned e, unsigned s, int newgroup, int *wfd)
{
	int p[2];
	char c;
	pid_t pid;

	if (pipe(p) != 0)
		return (-1);
	if ((pid = fork()) == 0) {
		close(p[1]);
		if (newgroup)
			setpgid(0, 0);
		SYS(SYS_setresuid, r, e, s);
		while (read(p[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	*wfd = p[1];
	return (pid);
}

static void
case_kill(void)
{
	int w1, w2, w3;
	pid_t v1 = victim(2000, 2000, 2000, 1, &w1);
	pid_t v2 = victim(3000, 3000, 1000, 0, &w2);
	pid_t v3 = victim(1000, 4000, 4000, 0, &w3);
	struct timespec ts = { 0, 200000000 };

	nanosleep(&ts, NULL);	/* (they have changed ids by then) */
	T("root kill 0", kill(v1, 0));
	T("setresuid 1000 1000 1000", SYS(SYS_setresuid, 1000, 1000, 1000));
	T("kill uid 2000", kill(v1, 0));
	T("kill uid 2000 SIGTERM", kill(v1, SIGTERM));
	T("kill uid 2000 SIGCONT (same session)", kill(v1, SIGCONT));
	T("kill group of uid 2000", kill(-v1, 0));
	T("kill saved uid 1000", kill(v2, 0));
	T("kill real uid 1000", kill(v3, 0));
	T("tgkill uid 2000", SYS(SYS_tgkill, v1, v1, 0));
	T("kill self", kill(getpid(), 0));
	close(w1);
	close(w2);
	close(w3);
	while (wait(NULL) > 0)
		;
}

/* --- other privileged calls: mount, limits --------------------------------------------- */

static void
show_limit(const char *name, int r, const struct rlimit *rl)
{
	if (r < 0)
		say("%s: %s", name, ename(errno));
	else
		say("%s: %llu %llu", name, (unsigned long long)rl->rlim_cur,
		    (unsigned long long)rl->rlim_max);
}

static void
case_privileged(void)
{
	struct rlimit rl = { 100, 200 }, got;
	int w1, w2;
	pid_t same, other;

	scratch();
	mkdir("m", 0755);
	/* Root without CAP_SYS_RESOURCE (dropped above, as the host's) may lower, not raise. */
	T("setrlimit nofile 100 200", setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_max = 300;
	T("setrlimit raise hard", setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_cur = 150; rl.rlim_max = 200;
	T("setrlimit raise soft", setrlimit(RLIMIT_NOFILE, &rl));
	show_limit("getrlimit", getrlimit(RLIMIT_NOFILE, &got), &got);
	same = victim(1000, 1000, 1000, 0, &w1);
	other = victim(1000, 1000, 2000, 0, &w2);
	T("setresgid 0 0 0", SYS(SYS_setresgid, 0, 0, 0));
	T("setresuid 1000 1000 1000", SYS(SYS_setresuid, 1000, 1000, 1000));
	{
		struct timespec ts = { 0, 200000000 };
		nanosleep(&ts, NULL);	/* (the victims have changed ids by then) */
	}
	T("mount tmpfs", mount("none", "m", "tmpfs", 0, NULL));
	T("umount /proc", umount("/proc"));
	T("umount2 bad flags", umount2("/proc", 0x100));
	show_limit("prlimit same ids", (int)prlimit(same, RLIMIT_NOFILE, NULL, &got), &got);
	show_limit("prlimit other saved uid", (int)prlimit(other, RLIMIT_NOFILE, NULL, &got), &got);
	rl.rlim_cur = 50; rl.rlim_max = 100;
	T("prlimit set same ids", prlimit(same, RLIMIT_NOFILE, &rl, NULL));
	show_limit("prlimit read back", (int)prlimit(same, RLIMIT_NOFILE, NULL, &got), &got);
	T("setrlimit lower as user", setrlimit(RLIMIT_NOFILE, &rl));
	rl.rlim_max = 200;
	T("setrlimit raise as user", setrlimit(RLIMIT_NOFILE, &rl));
	close(w1);
	close(w2);
	while (wait(NULL) > 0)
		;
}

/* --- user namespaces --------------------------------------------------------------------- */

#define NEWUSER	0x10000000

/* Writes text to /proc/<pid>/<file> in one write: "ok" or the errno, as a line. */
static void
proc_write(const char *what, int pid, const char *file, const char *text, off_t off)
{
	char path[64];
	int fd;
	ssize_t r;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	else
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	if ((fd = open(path, O_WRONLY)) < 0) {
		say("%s: open %s", what, ename(errno));
		return;
	}
	/* (lseek, not pwrite: Linux's proc files refuse pwrite with ESPIPE) */
	if (off != 0 && lseek(fd, off, SEEK_SET) != off)
		say("%s: lseek %s", what, ename(errno));
	r = write(fd, text, strlen(text));
	if (what[0] == '\0' && r == (ssize_t)strlen(text)) {
		close(fd);
		return;		/* quiet unless it fails */
	}
	say("%s: %s", what, r < 0 ? ename(errno) : r == (ssize_t)strlen(text) ? "ok" : "short");
	close(fd);
}

/* /proc/<pid>/<file>'s text, its lines joined by '|' (and how many). */
static void
proc_show(const char *what, int pid, const char *file)
{
	char path[64], buf[16384];
	ssize_t n;
	int fd, lines = 0, i;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/%s", file);
	else
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	if ((fd = open(path, O_RDONLY)) < 0) {
		say("%s: %s", what, ename(errno));
		return;
	}
	/* Until end of file: Linux hands out a page at a time. */
	for (n = 0; n < (ssize_t)sizeof(buf) - 1;) {
		ssize_t r = read(fd, buf + n, sizeof(buf) - 1 - (size_t)n);

		if (r <= 0)
			break;
		n += r;
	}
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	for (i = 0; i < n; i++)
		if (buf[i] == '\n') {
			lines++;
			buf[i] = '|';
		}
	if (lines > 3)
		buf[3 * 33] = '\0';	/* the first three lines tell enough */
	say("%s: %d lines [%s]", what, lines, buf);
}

static void
show_owner(const char *what, const char *path)
{
	say("%s: %s", what, mode_of(path));
}

/*
 * A child in a new user namespace, waiting: the parent writes its maps
 * from outside.  *go: close it to let the child finish.
 */
static pid_t
ns_child(int *go)
{
	int ready[2], wait_[2];
	char c;
	pid_t pid;

	if (pipe(ready) != 0 || pipe(wait_) != 0)
		return (-1);
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(wait_[1]);
		if (SYS(SYS_unshare, NEWUSER) != 0)
			say("ns_child: unshare %s", ename(errno));
		close(ready[1]);
		while (read(wait_[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(wait_[0]);
	while (read(ready[0], &c, 1) > 0)
		;
	close(ready[0]);
	*go = wait_[1];
	return (pid);
}

static void
ns_done(pid_t pid, int go)
{
	close(go);
	waitpid(pid, NULL, 0);
}

/* One map write from outside into a fresh namespace; the map read back. */
static void
map_case(const char *what, const char *file, const char *text)
{
	char name[96];
	int go;
	pid_t pid = ns_child(&go);

	snprintf(name, sizeof(name), "%s write", what);
	proc_write(name, pid, file, text, 0);
	snprintf(name, sizeof(name), "%s read", what);
	proc_show(name, pid, file);
	ns_done(pid, go);
}

static void
case_userns_maps(void)
{
	static char big[8192];
	int go, i, off;
	pid_t pid;

	map_case("one extent", "uid_map", "0 1000 10\n");
	map_case("two extents unsorted", "uid_map", "100 2000 5\n0 1000 10\n");
	map_case("blanks around", "uid_map", "  0   1000   10  \n");
	map_case("no newline", "gid_map", "0 1000 1");
	map_case("junk after", "uid_map", "0 1000 1x\n");
	map_case("two fields", "uid_map", "0 1000\n");
	map_case("count 0", "uid_map", "0 1000 0\n");
	map_case("first -1", "uid_map", "4294967295 1000 1\n");
	map_case("lower -1", "uid_map", "0 4294967295 1\n");
	map_case("wraps", "uid_map", "4294967290 0 10\n");
	map_case("lower wraps", "uid_map", "0 4294967290 10\n");
	map_case("overlap inside", "uid_map", "0 1000 10\n5 2000 10\n");
	map_case("overlap lower", "uid_map", "0 1000 10\n20 1005 10\n");
	map_case("adjacent", "uid_map", "0 1000 10\n10 1010 10\n");
	map_case("empty line", "uid_map", "0 1000 1\n\n5 2000 1\n");
	map_case("negative", "uid_map", "-1 1000 1\n");
	map_case("huge count", "uid_map", "0 0 4294967295\n");
	for (off = 0, i = 0; i < 340; i++)
		off += snprintf(big + off, sizeof(big) - (size_t)off, "%d %d 1\n", i * 2, 5000 + i);
	map_case("340 extents", "uid_map", big);
	snprintf(big + off, sizeof(big) - (size_t)off, "%d %d 1\n", 340 * 2, 5000 + 340);
	map_case("341 extents", "uid_map", big);
	/* Once only; at offset 0; under a page. */
	pid = ns_child(&go);
	proc_write("first write", pid, "uid_map", "0 1000 1\n", 0);
	proc_write("second write", pid, "uid_map", "1 1001 1\n", 0);
	proc_write("at offset 1", pid, "gid_map", "0 1000 1\n", 1);
	memset(big, ' ', 4096);
	big[4096] = '\0';
	proc_write("a page", pid, "gid_map", big, 0);
	proc_show("setgroups", pid, "setgroups");
	proc_write("setgroups bad", pid, "setgroups", "maybe", 0);
	proc_write("setgroups deny", pid, "setgroups", "deny\n", 0);
	proc_write("setgroups allow after deny", pid, "setgroups", "allow", 0);
	proc_show("setgroups", pid, "setgroups");
	proc_write("gid_map", pid, "gid_map", "0 1000 1\n", 0);
	proc_write("setgroups deny again", pid, "setgroups", "deny", 0);
	ns_done(pid, go);
	pid = ns_child(&go);
	proc_write("gid_map first", pid, "gid_map", "0 0 1\n", 0);
	proc_write("setgroups deny after gid_map", pid, "setgroups", "deny", 0);
	proc_show("gid_map", pid, "gid_map");
	ns_done(pid, go);
	proc_show("initial uid_map", 0, "uid_map");
	proc_show("initial gid_map", 0, "gid_map");
	proc_show("initial setgroups", 0, "setgroups");
	proc_write("initial uid_map write", 0, "uid_map", "0 0 1\n", 0);
	proc_write("initial setgroups deny", 0, "setgroups", "deny", 0);
}

/*
 * setgroups inside a namespace: allowed once gid_map is written (by root
 * outside, setgroups left at "allow"), for mapped groups only.
 */
static void
case_userns_setgroups(void)
{
	int ready[2], go[2];
	gid_t mapped[1] = { 0 }, unmapped[1] = { 5 };
	char c;
	pid_t pid;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return;
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(go[1]);
		SYS(SYS_unshare, NEWUSER);
		T("setgroups before gid_map", SYS(SYS_setgroups, 1, mapped));
		close(ready[1]);
		while (read(go[0], &c, 1) > 0)
			;
		T("setgroups mapped", SYS(SYS_setgroups, 1, mapped));
		T("setgroups unmapped", SYS(SYS_setgroups, 1, unmapped));
		T("getgroups", SYS(SYS_getgroups, 0, NULL));
		ids("inside");
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	while (read(ready[0], &c, 1) > 0)
		;
	proc_write("uid_map from outside", pid, "uid_map", "0 0 1\n", 0);
	proc_write("gid_map from outside", pid, "gid_map", "0 0 1\n", 0);
	close(go[1]);
	waitpid(pid, NULL, 0);
}

/*
 * uid_map and gid_map judge the opener as well as the writer (Linux's
 * map_write and new_idmap_permitted look at file->f_cred): a map root
 * opened and uid 1000 -- the namespace's owner, mapping her own id --
 * writes is refused (the opener is not the owner, the writer lacks
 * CAP_SETUID), while her own open and write succeed, and root's of gid_map.
 */
static void
case_userns_opener(void)
{
	int ready[2], go[2], fd, fd2;
	char c, path[64];
	pid_t pid, w;
	ssize_t r;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return;
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(go[1]);
		become(1000, 1000, 0, NULL);
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		T("unshare", SYS(SYS_unshare, NEWUSER));
		close(ready[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	while (read(ready[0], &c, 1) > 0)
		;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	fd = open(path, O_WRONLY);
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	fd2 = open(path, O_WRONLY);
	if ((w = fork()) == 0) {
		become(1000, 1000, 0, NULL);
		r = write(fd, "0 1000 1\n", 9);
		say("uid_map opened by root, written by the owner: %s", r < 0 ? ename(errno) : "ok");
		snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
		close(fd);
		fd = open(path, O_WRONLY);
		r = write(fd, "0 1000 1\n", 9);
		say("uid_map opened and written by the owner: %s", r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	waitpid(w, NULL, 0);
	r = write(fd2, "0 1000 1\n", 9);
	say("gid_map opened and written by root: %s", r < 0 ? ename(errno) : "ok");
	close(fd);
	close(fd2);
	close(go[1]);
	waitpid(pid, NULL, 0);
}

/* "same" or "differs": two /proc/.../ns/user links (numbers differ between systems). */
static void
ns_compare(const char *what, const char *a, const char *b)
{
	char x[64], y[64];
	ssize_t n, m;

	n = readlink(a, x, sizeof(x) - 1);
	m = readlink(b, y, sizeof(y) - 1);
	if (n < 0 || m < 0) {
		say("%s: readlink %s", what, ename(errno));
		return;
	}
	x[n] = y[m] = '\0';
	say("%s: %s, %s", what, strncmp(x, "user:[", 6) == 0 && x[n - 1] == ']' ? "user:[N]" : x,
	    strcmp(x, y) == 0 ? "same" : "differs");
}

/*
 * setns(2) into a user namespace through /proc/<pid>/ns/user: refused for
 * a bad descriptor, a file that is not a namespace, another type, the
 * caller's own namespace, a user without CAP_SYS_ADMIN over it, a
 * process with threads; root's enters it with every capability there,
 * its uid unmapped until it setuid(0)s to the mapped id; the descriptor
 * keeps the namespace after its process has gone.
 */
static void *
idle_thread(void *arg)
{
	pause();
	return (arg);
}

static void
case_userns_setns(void)
{
	int ready[2], go[2], fd, sfd, nf;
	char c, path[64];
	pid_t pid, w;

	if (pipe(ready) != 0 || pipe(go) != 0)
		return;
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(go[1]);
		become(1000, 1000, 0, NULL);
		prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
		SYS(SYS_unshare, NEWUSER);
		proc_write("", 0, "uid_map", "0 1000 1\n", 0);
		proc_write("", 0, "setgroups", "deny", 0);
		proc_write("", 0, "gid_map", "0 1000 1\n", 0);
		close(ready[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	while (read(ready[0], &c, 1) > 0)
		;
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	ns_compare("ns/user of the child against ours", path, "/proc/self/ns/user");
	fd = open(path, O_RDONLY);
	T("open ns/user", fd >= 0 ? 0 : -1);
	{
		/* A namespace file: a regular file, 0444, whose inode is the link's number. */
		char text[64];
		struct stat st;
		ssize_t n = readlink(path, text, sizeof(text) - 1);

		text[n > 0 ? n : 0] = '\0';
		if (fstat(fd, &st) == 0)
			say("fstat ns/user: mode %o nlink %u, inode %s the link's", (unsigned)st.st_mode,
			    (unsigned)st.st_nlink, strtoull(text + 6, NULL, 10) ==
			    (unsigned long long)st.st_ino ? "is" : "is not");
		else
			say("fstat ns/user: %s", ename(errno));
	}
	sfd = open("/proc/self/ns/user", O_RDONLY);
	nf = open("/proc/self/status", O_RDONLY);
	T("setns bad fd", SYS(SYS_setns, 999, 0));
	T("setns not a namespace", SYS(SYS_setns, nf, 0));
	T("setns other type", SYS(SYS_setns, fd, 0x40000000));	/* CLONE_NEWNET */
	T("setns own namespace", SYS(SYS_setns, sfd, NEWUSER));
	if ((w = fork()) == 0) {
		become(2000, 2000, 0, NULL);
		T("setns by another user", SYS(SYS_setns, fd, 0));
		_exit(0);
	}
	waitpid(w, NULL, 0);
	if ((w = fork()) == 0) {
		pthread_t t;

		pthread_create(&t, NULL, idle_thread, NULL);
		T("setns with a thread", SYS(SYS_setns, fd, NEWUSER));
		_exit(0);
	}
	waitpid(w, NULL, 0);
	close(go[1]);
	waitpid(pid, NULL, 0);		/* the namespace lives on in fd */
	T("setns", SYS(SYS_setns, fd, NEWUSER));
	ids("after setns");
	T("setns again", SYS(SYS_setns, fd, 0));
	T("setuid 0 inside", SYS(SYS_setuid, 0));
	ids("after setuid 0");
	T("setns back to the initial one", SYS(SYS_setns, sfd, 0));
	close(fd);
	close(sfd);
	close(nf);
}

/*
 * Mapping the parent's uid 0 takes CAP_SETFCAP (Linux 5.12's
 * verify_root_map): root that unshares without it cannot map itself as
 * root in its own namespace; one that opens a child's map without it
 * cannot either; with it, both can.
 */
#define CAP_SETFCAP	31
static void
case_userns_rootmap(void)
{
	int ready[2], go[2], fd;
	char c, path[64];
	pid_t pid, w;
	ssize_t r;

	if ((w = fork()) == 0) {
		read_caps();
		set_caps(caps[0] & ~(1ULL << CAP_SETFCAP), caps[1], 0);
		T("unshare without CAP_SETFCAP", SYS(SYS_unshare, NEWUSER));
		proc_write("own uid_map 0 0 1, made without CAP_SETFCAP", 0, "uid_map", "0 0 1\n", 0);
		_exit(0);
	}
	waitpid(w, NULL, 0);
	if ((w = fork()) == 0) {
		T("unshare with CAP_SETFCAP", SYS(SYS_unshare, NEWUSER));
		proc_write("own uid_map 0 0 1, made with CAP_SETFCAP", 0, "uid_map", "0 0 1\n", 0);
		_exit(0);
	}
	waitpid(w, NULL, 0);
	if (pipe(ready) != 0 || pipe(go) != 0)
		return;
	if ((pid = fork()) == 0) {
		close(ready[0]);
		close(go[1]);
		SYS(SYS_unshare, NEWUSER);
		close(ready[1]);
		while (read(go[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	while (read(ready[0], &c, 1) > 0)
		;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if ((w = fork()) == 0) {
		read_caps();
		set_caps(caps[0] & ~(1ULL << CAP_SETFCAP), caps[1], 0);
		fd = open(path, O_WRONLY);
		r = write(fd, "0 0 1\n", 6);
		say("child's uid_map 0 0 1, opened without CAP_SETFCAP: %s",
		    r < 0 ? ename(errno) : "ok");
		r = write(fd, "5 5 1\n", 6);
		say("child's uid_map 5 5 1, opened without CAP_SETFCAP: %s",
		    r < 0 ? ename(errno) : "ok");
		_exit(0);
	}
	waitpid(w, NULL, 0);
	close(go[1]);
	waitpid(pid, NULL, 0);
}

/* clone(CLONE_NEWUSER): the child is in the new namespace, the parent not. */
static void
case_userns_clone(void)
{
	pid_t pid;
	int st;

	become(1000, 1000, 0, NULL);
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	pid = (pid_t)SYS(SYS_clone, NEWUSER | SIGCHLD, 0, NULL, NULL, 0);
	if (pid == 0) {
		ids("child");
		proc_write("child uid_map", 0, "uid_map", "5 1000 1\n", 0);
		ids("child mapped");
		_exit(0);
	}
	if (pid < 0)
		say("clone: %s", ename(errno));
	waitpid(pid, &st, 0);
	ids("parent");
	T("clone NEWUSER|THREAD", SYS(SYS_clone, NEWUSER | 0x10000 | 0x800 | 0x100, 0, NULL,
	    NULL, 0));
	T("clone NEWUSER|FS", SYS(SYS_clone, NEWUSER | 0x200 | SIGCHLD, 0, NULL, NULL, 0));
}

/* As `unshare -U -r` does it, by uid 1000 (gid 1000). */
static void
case_userns_user(void)
{
	char text[64];
	gid_t g[1] = { 5 };
	pid_t me;
	int i;

	scratch();
	mkfile("rootfile", 0600, 0, 0);
	mkfile("alicefile", 0000, 1000, 1000);
	mkfile("otherfile", 0644, 2000, 2000);
	become(1000, 1000, 0, NULL);
	T("unshare", SYS(SYS_unshare, NEWUSER));
	ids("new namespace, unmapped");
	show_owner("stat rootfile unmapped", "rootfile");
	T("setuid 0 unmapped", SYS(SYS_setuid, 0));
	proc_show("uid_map before", 0, "uid_map");
	/* Not dumpable since the uid change: its /proc files are root's. */
	proc_write("uid_map while not dumpable", 0, "uid_map", "0 1000 1\n", 0);
	T("set dumpable", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	proc_write("uid_map 2 ids", 0, "uid_map", "0 1000 2\n", 0);
	proc_write("uid_map other's id", 0, "uid_map", "0 2000 1\n", 0);
	proc_write("uid_map", 0, "uid_map", "0 1000 1\n", 0);
	proc_write("gid_map before deny", 0, "gid_map", "0 1000 1\n", 0);
	proc_write("setgroups deny", 0, "setgroups", "deny", 0);
	proc_write("gid_map", 0, "gid_map", "0 1000 1\n", 0);
	proc_show("uid_map", 0, "uid_map");
	proc_show("gid_map", 0, "gid_map");
	ids("mapped");
	show_owner("stat rootfile", "rootfile");
	show_owner("stat alicefile", "alicefile");
	show_owner("stat otherfile", "otherfile");
	T("open rootfile", openr("rootfile", O_RDONLY));
	T("open alicefile 0000 (DAC override, mapped)", openr("alicefile", O_RDONLY));
	T("open otherfile for writing (unmapped owner)", openr("otherfile", O_WRONLY));
	T("chown alicefile 0 0", chown("alicefile", 0, 0));
	T("chown alicefile 5", chown("alicefile", 5, -1));
	T("chmod otherfile", chmod("otherfile", 0666));
	T("setuid 0", SYS(SYS_setuid, 0));
	T("setuid 1", SYS(SYS_setuid, 1));
	T("setgroups (denied)", SYS(SYS_setgroups, 1, g));
	T("setgroups 0 (denied)", SYS(SYS_setgroups, 0, NULL));
	T("reboot", SYS(SYS_reboot, 0xfee1dead, 672274793, 0x4321fedc, NULL));
	T("mount", mount("none", ".", "tmpfs", 0, NULL));
	T("capbset drop (own namespace)", prctl(PR_CAPBSET_DROP, CAP_SYS_BOOT, 0, 0, 0));
	T("kill init", kill(1, 0));
	me = getpid();
	snprintf(text, sizeof(text), "%d", (int)me);
	(void)text;
	run_report("exec inside", self, NULL, 0);
	/* Nesting: each level maps root to the level above's root. */
	for (i = 0; i < 40; i++) {
		if (SYS(SYS_unshare, NEWUSER) != 0)
			break;
		proc_write("", 0, "uid_map", "0 0 1\n", 0);	/* (quiet) */
		proc_write("", 0, "setgroups", "deny", 0);
		proc_write("", 0, "gid_map", "0 0 1\n", 0);
	}
	say("nested namespaces: %d more, then %s", i, ename(errno));
	ids("deepest");
}

/* --- securebits ---------------------------------------------------------------------------- */

static void
as_noroot(int unused)
{
	(void)unused;
	prctl(PR_SET_SECUREBITS, 0x01, 0, 0, 0);
}

static void
case_securebits(void)
{
	pid_t pid;

	/* In children first, from the clean state. */
	run_report("noroot: root runs plain", self, as_noroot, 0);
	if ((pid = fork()) == 0) {
		read_caps();
		set_caps(caps[0], caps[1], 1ULL << CAP_NET_ADMIN);
		T("set no_cap_ambient_raise", prctl(PR_SET_SECUREBITS, 0x40, 0, 0, 0));
		T("ambient raise refused", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN,
		    0, 0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	if ((pid = fork()) == 0) {
		become(1000, 1000, 0, NULL);
		T("user set", prctl(PR_SET_SECUREBITS, 0x10, 0, 0, 0));
		T("user set nothing", prctl(PR_SET_SECUREBITS, 0, 0, 0, 0));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	T("get", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	T("set keep_caps", prctl(PR_SET_SECUREBITS, 0x10, 0, 0, 0));
	T("get", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	T("get keepcaps", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	T("set an unknown bit", prctl(PR_SET_SECUREBITS, 0x1000, 0, 0, 0));
	T("set no_setuid_fixup locked", prctl(PR_SET_SECUREBITS, 0x1c, 0, 0, 0));
	T("change a locked bit", prctl(PR_SET_SECUREBITS, 0x18, 0, 0, 0));
	T("release a lock", prctl(PR_SET_SECUREBITS, 0x14, 0, 0, 0));
	T("set keepcaps 0 (not locked)", prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0));
	T("get", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	T("setresuid 1000 1000 1000", SYS(SYS_setresuid, 1000, 1000, 1000));
	ids("no setuid fixup");
	T("setfsuid 0", SYS(SYS_setfsuid, 0));
	T("setresuid 0 0 0 (still CAP_SETUID)", SYS(SYS_setresuid, 0, 0, 0));
}

/* --- the whole ---------------------------------------------------------------------------- */

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "setuid", case_setuid }, { "setuid.saved", case_setuid_saved },
	{ "setreuid", case_setreuid }, { "setresuid", case_setresuid },
	{ "gids", case_gids }, { "groups", case_groups }, { "fsids", case_fsids },
	{ "capget", case_capget }, { "capset", case_capset }, { "prctl", case_prctl_caps },
	{ "status", case_status }, { "files.root", case_files_root },
	{ "files.user", case_files_user }, { "files.setid", case_files_setid },
	{ "exec", case_exec }, { "kill", case_kill }, { "privileged", case_privileged },
	{ "userns.maps", case_userns_maps }, { "userns.user", case_userns_user },
	{ "userns.clone", case_userns_clone }, { "userns.setgroups", case_userns_setgroups },
	{ "securebits", case_securebits }, { "userns.opener", case_userns_opener },
	{ "userns.setns", case_userns_setns }, { "userns.rootmap", case_userns_rootmap },
};

int
main(int argc, char **argv)
{
	unsigned i;
	pid_t pid;
	int st;

	init_console();
	self = argv[0];
	if (argc == 2 && strcmp(argv[1], "--report") == 0)
		return (report());
	if (access("/proc/self/status", R_OK) != 0)
		mount("proc", "/proc", "proc", 0, NULL);	/* Sanpo's init: not yet */
	say("=== cred conformance begin ===");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		say("[%s]", cases[i].name);
		snprintf(dir, sizeof(dir), "/tmp/sanpo-cred.%d.%u", (int)getpid(), i);
		if ((pid = fork()) == 0) {
			normalize();
			cases[i].fn();
			_exit(0);
		}
		if (pid < 0 || waitpid(pid, &st, 0) != pid)
			say("%s: could not run (%s)", cases[i].name, ename(errno));
		else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			say("%s: ended abnormally (status %#x)", cases[i].name, st);
		if (access(dir, F_OK) == 0 && nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
			say("%s: could not remove %s", cases[i].name, dir);
	}
	while (waitpid(-1, &st, WNOHANG) > 0)
		;
	say("=== cred conformance end ===");
	return (0);
}
