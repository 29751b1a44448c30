/*
 * The OK prompt's views of the firmware, printed by the platform layer
 * (efi/efi_cmds.c): memmap, lsdev, configuration, lsefi, gop, efi-show,
 * and chain (start another EFI program).  Here only the arguments are
 * checked.
 */
#include <string.h>
#include <sanpo/getopt.h>
#include <sanpo/parse.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

int
cmd_memmap(int argc, char **argv)
{
	if (argc != 1)
		return (command_usage(argv[0]));
	return (plat_memmap_print() == 0 ? 0 : 1);
}

int
cmd_lsdev(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	int ch, verbose = 0;

	while ((ch = getopt_r(&g, argc, argv, "v")) != -1) {
		if (ch != 'v')
			return (command_usage(argv[0]));
		verbose = 1;
	}
	if (g.ind != argc)
		return (command_usage(argv[0]));
	plat_lsdev(verbose);
	return (0);
}

int
cmd_chain(int argc, char **argv)
{
	char err[160];

	if (argc != 2)
		return (command_usage(argv[0]));
	if (plat_chain(argv[1], err, sizeof(err)) != 0) {
		printf("chain: %s\n", err);
		command_set_error("%s", err);
		return (1);
	}
	return (0);
}

int
cmd_configuration(int argc, char **argv)
{
	if (argc != 1)
		return (command_usage(argv[0]));
	plat_configuration_print();
	return (0);
}

int
cmd_lsefi(int argc, char **argv)
{
	if (argc != 1)
		return (command_usage(argv[0]));
	return (plat_lsefi_print() == 0 ? 0 : 1);
}

int
cmd_gop(int argc, char **argv)
{
	uint64_t mode;

	if (argc == 2 && strcmp(argv[1], "list") == 0)
		return (plat_gop(0, -1) == 0 ? 0 : 1);
	if (argc == 2 && strcmp(argv[1], "get") == 0)
		return (plat_gop(1, -1) == 0 ? 0 : 1);
	if (argc == 3 && strcmp(argv[1], "set") == 0) {
		if (parse_uint(argv[2], 10, 0x7fffffff, &mode) != 0) {
			printf("gop: '%s' is not a mode number\n", argv[2]);
			return (1);
		}
		return (plat_gop(2, (int)mode) == 0 ? 0 : 1);
	}
	return (command_usage(argv[0]));
}

int
cmd_efi_show(int argc, char **argv)
{
	if (argc > 2)
		return (command_usage(argv[0]));
	return (plat_efi_show(argc == 2 ? argv[1] : NULL) == 0 ? 0 : 1);
}
