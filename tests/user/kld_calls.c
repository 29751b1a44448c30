/*
 * The kld system calls' edges (tests/boot/test_kld_user.py), one line per
 * call: "what: result" or "what: strerror".  As root first: bad pointers
 * are EFAULT, a structure of the wrong version EINVAL, a name too long
 * ENAMETOOLONG, an id that is not there ENOENT, unknown unload flags
 * EINVAL.  Then root inside a user namespace of its own, which holds every
 * capability there but none in the initial namespace: loading and
 * unloading are EPERM (CAP_SYS_MODULE counts only in the initial one).
 * Then, after setuid(65534): loading and unloading are EPERM --
 * even of a file that does not exist: privilege is checked before
 * anything else -- while the calls that only look still answer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sanpo/kldsys.h>

static void
report(const char *what, int rc)
{
	if (rc < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %d\n", what, rc);
}

/* In a child: root of a new user namespace (uid 0 mapped to ours). */
static void
userns_root(void)
{
	char map[64];
	FILE *f;
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		snprintf(map, sizeof(map), "0 %d 1\n", (int)getuid());
		if (unshare(CLONE_NEWUSER) != 0 || (f = fopen("/proc/self/uid_map", "w")) == NULL ||
		    fputs(map, f) < 0 || fclose(f) != 0) {
			perror("userns");
			_exit(2);
		}
		report("userns uid", (int)getuid());
		report("userns kldload example", kldload("example"));
		report("userns kldunload 1", kldunload(1));
		report("userns kldnext", kldnext(0));
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		printf("userns child failed\n");
}

int
main(void)
{
	static char longname[5000];
	struct kld_file_stat st;
	struct module_stat ms;
	char *page;

	/* A page of 'a' followed by an unmapped one: a name from page + 100
	   runs into it before any NUL (and before MAXPATHLEN). */
	page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || munmap(page + 4096, 4096) != 0) {
		perror("mmap");
		return (2);
	}
	memset(page, 'a', 4096);
	memset(longname, 'x', sizeof(longname) - 1);

	report("kldload NULL", kldload(NULL));
	report("kldload unterminated", kldload(page + 100));
	report("kldload long", kldload(longname));
	report("kldfind unterminated", kldfind(page + 100));
	report("modfind long", modfind(longname));
	report("kldstat NULL", kldstat(1, NULL));
	memset(&st, 0, sizeof(st));
	st.version = 1;
	report("kldstat version 1", kldstat(1, &st));
	st.version = sizeof(st);
	report("kldstat 999", kldstat(999, &st));
	/* Its version readable, the rest past the end of the mapping. */
	*(int *)(page + 4096 - 8) = sizeof(st);
	report("kldstat past the end", kldstat(1, (struct kld_file_stat *)(page + 4096 - 8)));
	memset(&ms, 0, sizeof(ms));
	ms.version = sizeof(ms) + 1;
	report("modstat bad version", modstat(1, &ms));
	report("modstat NULL", modstat(1, NULL));
	report("kldnext 999", kldnext(999));
	report("modnext 999", modnext(999));
	report("modfnext 999", modfnext(999));
	report("kldfirstmod 999", kldfirstmod(999));
	report("kldunloadf bad flags", kldunloadf(1, 7));
	report("kldunload 999", kldunload(999));

	report("root kldnext", kldnext(0));
	userns_root();
	if (setuid(65534) != 0) {
		perror("setuid");
		return (2);
	}
	report("uid", (int)geteuid());
	report("kldload example", kldload("example"));
	report("kldload nosuch", kldload("/nosuch.ko"));
	report("kldunload 1", kldunload(1));
	report("kldunloadf aesni", kldunloadf(kldfind("aesni"), LINKER_UNLOAD_FORCE));
	report("kldnext", kldnext(0));
	memset(&st, 0, sizeof(st));
	st.version = sizeof(st);
	report("kldstat", kldstat(1, &st));
	printf("kldstat name: %s\n", st.name);
	report("kldfind example", kldfind("example"));
	report("modfind kernel", modfind("kernel") > 0);
	report("setuid 0", setuid(0));
	return (0);
}
