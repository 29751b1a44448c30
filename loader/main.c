/*
 * The loader's boot order, readable in one screen: banner, loader.conf,
 * autoboot countdown, and the prompt the user can always fall back to.
 */
#include "efi/efi_platform.h"
#include "loader/loader.h"

uint64_t loader_entry_tsc;

/*
 * FreeBSD's loader finds ACPI before its scripts run (its EARLY_ACPI
 * feature) and tells them so in acpi.rsdp, acpi.revision and acpi.oem.
 */
static void
acpi_env(void)
{
	const char *oem;
	char buf[24];
	uint32_t rev;
	uint64_t rsdp = plat_acpi_rsdp(&rev);
	int i;

	if (rsdp == 0)
		return;
	oem = (const char *)(uintptr_t)(rsdp + 9);	/* RSDP OEMID: 6 bytes */
	snprintf(buf, sizeof(buf), "0x%016llx", (unsigned long long)rsdp);
	env_set("acpi.rsdp", buf);
	snprintf(buf, sizeof(buf), "%u", rev == 0 ? 1 : rev);
	env_set("acpi.revision", buf);
	for (i = 0; i < 6 && oem[i] >= ' ' && oem[i] <= '~'; i++)
		buf[i] = oem[i];
	buf[i] = '\0';
	env_set("acpi.oem", buf);
}

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
	acpi_env();
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
