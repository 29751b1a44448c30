/*
 * The kld system calls without privilege (tests/boot/test_kld_user.py):
 * after setuid(65534) loading and unloading are EPERM -- even of a file
 * that does not exist, and before the kernel looks at anything -- while
 * the calls that only look (kldnext, kldstat, kldfind, modfind) still
 * answer.  One line per call: "name: result" or "name: strerror".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sanpo/kldsys.h>

static void
report(const char *what, int rc)
{
	if (rc < 0)
		printf("%s: %s\n", what, strerror(errno));
	else
		printf("%s: %d\n", what, rc);
}

int
main(void)
{
	struct kld_file_stat st;

	report("root kldnext", kldnext(0));
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
