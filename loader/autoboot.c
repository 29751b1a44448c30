/*
 * The autoboot countdown, as FreeBSD's loader has it: Enter boots at once,
 * any other key stops the countdown and leads to the prompt, silence boots
 * the kernel `load` read (kernelname) or the default one when the time
 * runs out.  The prompt runs it first (autoboot_maybe) unless
 * autoboot_delay is "NO" -- FreeBSD's menu sets that when the user
 * escapes to the prompt.  Also the `autoboot` command.
 */
#include <string.h>
#include <sanpo/parse.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

/* autoboot_delay: unset means the default; "NO" none (-2); "-1" at once. */
int
autoboot_delay(void)
{
	const char *v = env_get("autoboot_delay");
	uint64_t n;

	if (v == NULL)
		return (LOADER_AUTOBOOT_DELAY);
	if ((v[0] == 'N' || v[0] == 'n') && (v[1] == 'O' || v[1] == 'o') && v[2] == '\0')
		return (-2);
	if (strcmp(v, "-1") == 0)
		return (-1);
	if (parse_uint(v, 10, LOADER_AUTOBOOT_MAX, &n) != 0) {
		printf("autoboot_delay=\"%s\": not a number, using %d\n", v,
		    LOADER_AUTOBOOT_DELAY);
		return (LOADER_AUTOBOOT_DELAY);
	}
	return ((int)n);
}

int
autoboot(int seconds, const char *prompt)
{
	char path[128];
	const char *kernel = kernel_loaded(NULL);
	int left, c, go = 1;

	if (kernel == NULL)
		kernel = kernel_path_resolve(env_get("kernel"), path, sizeof(path));
	if (seconds >= 0) {
		printf("\n%s\n", prompt != NULL ? prompt :
		    "Hit [Enter] to boot immediately, or any other key for command prompt.");
		for (left = seconds; left > 0; left--) {
			printf("\rBooting [%s] in %d second%s... ", kernel, left,
			    left == 1 ? "" : "s");
			c = cons_getkey(1000000);
			if (c == '\r' || c == '\n')
				break;
			if (c != -1) {
				go = 0;
				break;
			}
		}
		/* A key already waiting stops even a countdown of 0. */
		if (go && left == 0 && seconds == 0 && (c = cons_getkey(0)) != -1 &&
		    c != '\r' && c != '\n')
			go = 0;
	}
	if (!go) {
		printf("\n");
		return (0);
	}
	printf("\rBooting [%s]...               \n", kernel);
	boot_kernel(kernel_loaded(NULL) != NULL ? NULL : kernel, boot_howto_from_env());
	return (0);	/* the boot failed; its error is on the screen */
}

void
autoboot_maybe(void)
{
	int delay = autoboot_delay();

	if (delay != -2)
		autoboot(delay, NULL);
}

/*
 * `autoboot [secs [prompt]]`: the countdown by hand; -1 boots at once, no
 * secs means autoboot_delay (its default when that is "NO": asked for, so
 * counted down).
 */
int
cmd_autoboot(int argc, char **argv)
{
	uint64_t secs;
	int delay;

	if (argc > 3)
		return (command_usage(argv[0]));
	if (argc >= 2) {
		if (strcmp(argv[1], "-1") == 0)
			delay = -1;
		else if (parse_uint(argv[1], 10, LOADER_AUTOBOOT_MAX, &secs) == 0)
			delay = (int)secs;
		else {
			printf("autoboot: '%s' is not a number of seconds\n", argv[1]);
			return (1);
		}
	} else if ((delay = autoboot_delay()) == -2)
		delay = LOADER_AUTOBOOT_DELAY;
	autoboot(delay, argc == 3 ? argv[2] : NULL);
	return (1);	/* back here: interrupted or the boot failed */
}
