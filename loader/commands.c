/*
 * The built-in command set of the `OK` prompt.  Each command gets argc/argv
 * and prints one clear line on error; nothing here can take the prompt down.
 * (The Lua `cli` module will add commands on top; these stay as the
 * fallback that always works.)
 */
#include <sanpo/boothowto.h>
#include <sanpo/kvprintf.h>

#include "efi/efi_platform.h"
#include "loader.h"

#define MAXARGS	32
#define LINEMAX	512

struct command {
	const char	*name;
	int		(*fn)(int argc, char **argv);
	const char	*usage;
	const char	*help;
};

static int cmd_boot(int, char **);
static int cmd_ls(int, char **);
static int cmd_help(int, char **);
static int cmd_reboot(int, char **);
static int cmd_poweroff(int, char **);
static int cmd_set(int, char **);
static int cmd_unset(int, char **);
static int cmd_show(int, char **);
static int cmd_echo(int, char **);

static const struct command commands[] = {
	{ "boot", cmd_boot, "boot [-adhmpsvCDgPr] [kernel]",
	    "boot a kernel (default: $kernel or " LOADER_DEFAULT_KERNEL ")" },
	{ "ls", cmd_ls, "ls [path]", "list a directory of the boot volume" },
	{ "set", cmd_set, "set name=value", "set an environment variable" },
	{ "unset", cmd_unset, "unset name", "remove an environment variable" },
	{ "show", cmd_show, "show [name]", "show environment variables" },
	{ "echo", cmd_echo, "echo [text]", "print text" },
	{ "help", cmd_help, "help", "list the commands" },
	{ "?", cmd_help, "?", "list the commands" },
	{ "reboot", cmd_reboot, "reboot", "restart the machine" },
	{ "poweroff", cmd_poweroff, "poweroff", "turn the machine off" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int
streq(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (*a == *b);
}

/* Splits line (in place) on blanks, honouring "double quotes". */
static int
tokenize(char *s, char **argv, int max)
{
	int argc = 0;
	char *out;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return (argc);
		if (argc == max)
			return (-1);
		argv[argc++] = out = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s == '"') {
				for (s++; *s != '\0' && *s != '"'; s++)
					*out++ = *s;
				if (*s == '"')
					s++;
			} else
				*out++ = *s++;
		}
		if (*s != '\0')
			s++;
		*out = '\0';
	}
}

int
command_execute(const char *line)
{
	char buf[LINEMAX], *argv[MAXARGS + 1];
	size_t i;
	int argc;

	for (i = 0; line[i] != '\0'; i++) {
		if (i + 1 >= sizeof(buf)) {
			printf("error: command line longer than %d characters\n", LINEMAX - 1);
			return (1);
		}
		buf[i] = line[i];
	}
	buf[i] = '\0';
	argc = tokenize(buf, argv, MAXARGS);
	if (argc < 0) {
		printf("error: more than %d arguments\n", MAXARGS);
		return (1);
	}
	if (argc == 0)
		return (0);
	argv[argc] = NULL;
	for (i = 0; i < NCOMMANDS; i++)
		if (streq(commands[i].name, argv[0]))
			return (commands[i].fn(argc, argv));
	printf("%s: unknown command (type 'help' for the list)\n", argv[0]);
	return (1);
}

uint32_t
boot_howto_from_env(void)
{
	uint32_t howto = 0;
	size_t i;

	for (i = 0; i < boot_flags_count; i++)
		if (boot_flags[i].env != NULL && env_is_yes(boot_flags[i].env))
			howto |= boot_flags[i].bit;
	return (howto);
}

static int
cmd_boot(int argc, char **argv)
{
	uint32_t howto = boot_howto_from_env();
	const char *kernel = NULL;
	char path[128], bad;
	int i;

	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-') {
			if (boot_parse_arg(argv[i], &howto, &bad) != 0) {
				printf("boot: unknown flag -%c (usage: %s)\n", bad,
				    commands[0].usage);
				return (1);
			}
		} else if (kernel == NULL) {
			kernel = argv[i];
		} else {
			printf("boot: more than one kernel named (usage: %s)\n",
			    commands[0].usage);
			return (1);
		}
	}
	if (kernel == NULL)
		kernel = env_get("kernel");
	boot_kernel(kernel_path_resolve(kernel, path, sizeof(path)), howto);
	return (1);		/* boot_kernel() returns only on failure */
}

static void
ls_entry(const struct plat_dirent *de, void *arg)
{
	(void)arg;
	if (streq(de->name, ".") || streq(de->name, ".."))
		return;
	if (de->is_dir)
		printf(" d  %s/\n", de->name);
	else
		printf("    %s  %llu\n", de->name, (unsigned long long)de->size);
}

static int
cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	char err[160];

	if (argc > 2) {
		printf("ls: usage: ls [path]\n");
		return (1);
	}
	printf("%s:\n", path);
	if (plat_dir_list(path, ls_entry, NULL, err, sizeof(err)) != 0) {
		printf("ls: %s\n", err);
		return (1);
	}
	return (0);
}

static int
cmd_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	for (i = 0; i < NCOMMANDS; i++)
		printf("  %-34s %s\n", commands[i].usage, commands[i].help);
	return (0);
}

static int
cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Rebooting...\n");
	plat_reboot();
}

static int
cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("Powering off...\n");
	plat_poweroff();
}

static int
cmd_set(int argc, char **argv)
{
	char *eq;
	int i;

	if (argc < 2) {
		printf("set: usage: set name=value\n");
		return (1);
	}
	for (i = 1; i < argc; i++) {
		for (eq = argv[i]; *eq != '\0' && *eq != '='; eq++)
			;
		if (*eq == '=')
			*eq++ = '\0';
		if (env_set(argv[i], eq) != 0) {
			printf("set: invalid variable name '%s'\n", argv[i]);
			return (1);
		}
	}
	return (0);
}

static int
cmd_unset(int argc, char **argv)
{
	if (argc != 2) {
		printf("unset: usage: unset name\n");
		return (1);
	}
	if (env_unset(argv[1]) != 0) {
		printf("unset: %s: not set\n", argv[1]);
		return (1);
	}
	return (0);
}

static void
show_one(const char *name, const char *value, void *arg)
{
	(void)arg;
	printf("%s=%s\n", name, value);
}

static int
cmd_show(int argc, char **argv)
{
	const char *v;

	if (argc == 1) {
		env_foreach(show_one, NULL);
		return (0);
	}
	if ((v = env_get(argv[1])) == NULL) {
		printf("show: %s: not set\n", argv[1]);
		return (1);
	}
	printf("%s\n", v);
	return (0);
}

static int
cmd_echo(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		printf("%s%s", i > 1 ? " " : "", argv[i]);
	printf("\n");
	return (0);
}
