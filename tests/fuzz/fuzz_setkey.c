/*
 * libFuzzer target: setkey's parser (net/ipsec/setkey.c), which reads
 * whatever is typed at the shell.  The input is text, split into lines at
 * '\n' (and NUL); each line goes to setkey_feed(), then the command is
 * finished, both databases are dumped through the printer (to nowhere),
 * and the key engine is reset for the next input.  Any input must end in
 * an error message or a command sent, never in a crash or a hang.
 */
#include <stdint.h>
#include <string.h>

#include "net/net_platform.h"
#include "net/ipsec/key.h"
#include "net/ipsec/setkey.h"

#define LINE_MAX_FUZZ	8192	/* longer lines are cut (the shell's limit) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct setkey sk;
static char line[LINE_MAX_FUZZ + 1];

static void
discard(void *arg, const char *s)
{
	(void)arg;
	(void)s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	size_t i = 0, n;

	if (!ready) {
		net_lock();
		key_init();
		net_unlock();
		ready = 1;
	}
	if (setkey_open(&sk, discard, NULL, 7) != 0)
		return (0);
	while (i < size) {
		for (n = 0; i < size && data[i] != '\n' && data[i] != '\0'; i++)
			if (n < LINE_MAX_FUZZ)
				line[n++] = (char)data[i];
		line[n] = '\0';
		i++;
		setkey_feed(&sk, line);
	}
	setkey_finish(&sk);
	setkey_dump(&sk, 0);
	setkey_dump(&sk, 1);
	setkey_close(&sk);
	net_lock();
	key_reset();
	net_unlock();
	return (0);
}
