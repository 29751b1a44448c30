/*
 * `pfkeyfill N`: a test command that adds N ESP SAs through PF_KEY, for the
 * boot tests of a large SADB (tests/boot/test_setkey.py): typing thousands
 * of `setkey -c` lines on the serial console would take minutes.  Each SA
 * goes in exactly as one typed line would -- setkey's parser builds a real
 * SADB_ADD and writes it to a key socket -- in transport mode with NULL
 * encryption and HMAC-SHA-256, from 10.254.0.1 to 10.253.x.y, SPIs from
 * 0x100000 up.  It prints how many were added and how many failed.
 */
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/shell.h>
#include <sanpo/parse.h>

#include "net/ipsec/setkey.h"

#define PFKEYFILL_PID	2	/* sadb_msg_pid of its messages */
#define PFKEYFILL_MAX	1000000	/* SAs one command may add (the usage says so) */

/* setkey's own output (replies) is not shown: only the count matters. */
static void
pfkeyfill_quiet(void *arg __unused, const char *s __unused)
{
}

static int
cmd_pfkeyfill(int argc, char **argv)
{
	static const char key[] =
	    "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
	struct setkey *sk;
	char line[160];
	uint64_t v;
	int n, i, failed = 0;

	if (argc != 2 || parse_uint(argv[1], 10, PFKEYFILL_MAX, &v) != 0 || v == 0)
		return (shell_usage(argv[0], NULL));
	n = (int)v;
	sk = malloc(sizeof(*sk), M_TEMP, M_WAITOK | M_ZERO);
	if (setkey_open(sk, pfkeyfill_quiet, NULL, PFKEYFILL_PID) != 0) {
		printf("pfkeyfill: cannot open a key socket\n");
		free(sk, M_TEMP);
		return (1);
	}
	for (i = 0; i < n; i++) {
		int before = sk->errors;

		snprintf(line, sizeof(line),
		    "add 10.254.0.1 10.253.%d.%d esp 0x%x -m transport -E null -A hmac-sha256 %s ;",
		    (i >> 8) & 255, i & 255, 0x100000 + i, key);
		setkey_feed(sk, line);
		if (sk->errors != before)
			failed++;
	}
	setkey_close(sk);
	free(sk, M_TEMP);
	printf("pfkeyfill: %d SAs added, %d failed\n", n - failed, failed);
	return (failed != 0);
}
SHELL_COMMAND(pfkeyfill, cmd_pfkeyfill, "pfkeyfill N (1 to 1000000)",
    "test: add N ESP SAs through PF_KEY (bulk set-up for boot tests)");
