/*
 * The autoboot countdown (FreeBSD's wording): Enter boots at once, any
 * other key stops the countdown and leads to the prompt, silence boots the
 * default kernel when the time runs out.
 */
#include <sanpo/kvprintf.h>

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
