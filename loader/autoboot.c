/*
 * The autoboot countdown (FreeBSD's wording): Enter boots at once, any
 * other key stops the countdown and leads to the prompt, silence boots the
 * default kernel when the time runs out.  Also the `autoboot` command.
 */
#include <sanpo/parse.h>

#include "efi/efi_platform.h"
#include "loader.h"

int
autoboot(int seconds)
{
	char path[128];
	const char *kernel = kernel_path_resolve(env_get("kernel"), path, sizeof(path));
	int left, c;

	printf("\nHit [Enter] to boot immediately, or any other key for command prompt.\n");
	for (left = seconds; left > 0; left--) {
		printf("\rBooting [%s] in %d second%s... ", kernel, left,
		    left == 1 ? "" : "s");
		c = cons_getkey(1000000);
		if (c == '\r' || c == '\n')
			break;
		if (c != -1) {
			printf("\n");
			return (0);
		}
	}
	printf("\rBooting [%s]...               \n", kernel);
	boot_kernel(kernel, boot_howto_from_env());
	return (0);	/* the boot failed; its error is on the screen */
}

/* `autoboot [secs [prompt]]`: the countdown by hand (the prompt text is
 * FreeBSD's argument and not shown: the wording above is fixed). */
int
cmd_autoboot(int argc, char **argv)
{
	uint64_t secs = LOADER_AUTOBOOT_DELAY;

	if (argc > 3)
		return (command_usage(argv[0]));
	if (argc >= 2 && parse_uint(argv[1], 10, 86400, &secs) != 0) {
		printf("autoboot: '%s' is not a number of seconds\n", argv[1]);
		return (1);
	}
	autoboot((int)secs);
	return (1);	/* back here: interrupted or the boot failed */
}
