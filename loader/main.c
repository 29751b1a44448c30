/*
 * The loader's boot order, readable in one screen: banner, loader.conf,
 * autoboot countdown, and the prompt the user can always fall back to.
 */
#include "efi/efi_platform.h"
#include "loader.h"

uint64_t loader_entry_tsc;

void
loader_main(uint64_t entry_tsc)
{
	struct plat_dirent de;
	char ver[16];

	loader_entry_tsc = entry_tsc;
	loader_libc_init();
	printf("\nSanpo loader " LOADER_VERSION " (x86_64 EFI)\n");
	env_set("loader.version", LOADER_VERSION);
	/* What FreeBSD's EFI loader sets, and its scripts look at. */
	plat_efi_version(ver, sizeof(ver));
	env_set("efi-version", ver);
	env_set("console", "efi");
	env_set("kernel", "kernel");
	if (lua_start() != 0) {
		/* The built-in path: no /boot/lua, or a script failed. */
		if (plat_stat(LOADER_CONF, &de) == 0)
			conf_load(LOADER_CONF);
	}
	/* The scripts returned (or failed): FreeBSD's countdown, then the prompt. */
	autoboot_maybe();
	interact();
}
