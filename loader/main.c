/*
 * The loader's boot order, readable in one screen: banner, loader.conf,
 * autoboot countdown, and the prompt the user can always fall back to.
 */
#include "efi/efi_platform.h"
#include "loader.h"

uint64_t loader_entry_tsc;

/* autoboot_delay: unset means the default; "NO" disables the countdown. */
static int
autoboot_delay(void)
{
	const char *v = env_get("autoboot_delay");
	int n = 0;

	if (v == NULL)
		return (LOADER_AUTOBOOT_DELAY);
	if ((v[0] == 'N' || v[0] == 'n') && (v[1] == 'O' || v[1] == 'o') && v[2] == '\0')
		return (-2);
	if (v[0] == '-' && v[1] == '1' && v[2] == '\0')
		return (0);
	for (; *v >= '0' && *v <= '9'; v++)
		n = n * 10 + (*v - '0');
	if (*v != '\0') {
		printf("autoboot_delay=\"%s\": not a number, using %d\n",
		    env_get("autoboot_delay"), LOADER_AUTOBOOT_DELAY);
		return (LOADER_AUTOBOOT_DELAY);
	}
	return (n);
}

void
loader_main(uint64_t entry_tsc)
{
	struct plat_dirent de;
	int delay;

	loader_entry_tsc = entry_tsc;
	loader_libc_init();
	printf("\nSanpo loader " LOADER_VERSION " (x86_64 EFI)\n");
	env_set("loader.version", LOADER_VERSION);
	env_set("kernel", "kernel");
	if (lua_start() == 0)
		interact();	/* the scripts returned: the prompt, with Lua's commands */
	/* The built-in path: no /boot/lua, or a script failed. */
	if (plat_stat(LOADER_CONF, &de) == 0)
		conf_load(LOADER_CONF);
	delay = autoboot_delay();
	if (delay >= 0)
		autoboot(delay);
	interact();
}
