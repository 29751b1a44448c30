/*
 * The built-in command set of the `OK` prompt.  Each command gets argc/argv
 * and prints one clear line on error; nothing here can take the prompt down.
 * Commands the Lua `cli` module defines take precedence at the prompt;
 * these stay as the fallback that always works.  A line is split into
 * commands and words by cmdline_split (sanpo/cmdline.h).
 */
#include <stdarg.h>
#include <string.h>
#include <sanpo/boothowto.h>
#include <sanpo/cmdline.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

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

char	command_errmsg[160];

static const struct command commands[] = {
	{ "boot", cmd_boot, "boot [-adhmpsvCDgPr] [kernel]",
	    "boot a kernel (default: $kernel or " LOADER_DEFAULT_KERNEL ")" },
	{ "ls", cmd_ls, "ls [path]", "list a directory of the boot volume" },
	{ "set", cmd_set, "set name=value", "set an environment variable" },
	{ "unset", cmd_unset, "unset name", "remove an environment variable" },
	{ "show", cmd_show, "show [name]", "show environment variables" },
	{ "echo", cmd_echo, "echo [-n] [text]", "print text" },
	{ "autoboot", cmd_autoboot, "autoboot [secs [prompt]]", "boot after a countdown" },
	{ "load", cmd_load, "load [-t type] file", "preload a module or any file for the kernel" },
	{ "unload", cmd_unload, "unload", "drop every preloaded file" },
	{ "lsmod", cmd_lsmod, "lsmod [-v]", "list the preloaded files" },
	{ "lsdev", cmd_lsdev, "lsdev [-v]", "list the boot devices" },
	{ "include", cmd_include, "include file ...", "run the commands in a file" },
	{ "more", cmd_more, "more file ...", "show the contents of files" },
	{ "memmap", cmd_memmap, "memmap", "show the UEFI memory map" },
	{ "lua", cmd_lua, "lua chunk", "run a Lua chunk, print what it returns" },
	{ "read", cmd_read, "read [-p prompt] [-t secs] [var]", "read a line into a variable" },
	{ "chain", cmd_chain, "chain file.efi", "start another EFI program" },
	{ "configuration", cmd_configuration, "configuration", "list the EFI configuration tables" },
	{ "lsefi", cmd_lsefi, "lsefi", "list EFI handles and their protocols" },
	{ "gop", cmd_gop, "gop list|get|set mode", "graphics output modes" },
	{ "efi-show", cmd_efi_show, "efi-show [var]", "show EFI variables" },
	{ "help", cmd_help, "help [topic]", "list the commands, or help on one" },
	{ "?", cmd_help, "?", "list the commands" },
	{ "reboot", cmd_reboot, "reboot", "restart the machine" },
	{ "poweroff", cmd_poweroff, "poweroff", "turn the machine off" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *
command_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return (&commands[i]);
	return (NULL);
}

int
command_usage(const char *name)
{
	const struct command *c = command_lookup(name);
	const char *u = c != NULL ? c->usage : name;

	printf("%s: usage: %s\n", name, u);
	command_set_error("usage: %s", u);
	return (1);
}

/* One command's words (Lua's loader.parse): argc, or -1. */
int
command_tokenize(char *s, char **argv, int max)
{
	int argc = cmdline_split(&s, argv, max);

	return (argc < 0 ? -1 : argc);
}

int
command_is_builtin(const char *name)
{
	return (command_lookup(name) != NULL);
}

int
command_exists(const char *name)
{
	return (command_is_builtin(name) || lua_has_command(name));
}

/* Did the last command fail as an unknown command called name? */
int
command_is_unknown(const char *name)
{
	char msg[sizeof(command_errmsg)];

	snprintf(msg, sizeof(msg), "%s: unknown command", name);
	return (strcmp(msg, command_errmsg) == 0);
}

void
command_set_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(command_errmsg, sizeof(command_errmsg), fmt, ap);
	va_end(ap);
}

/* A built-in command (never a Lua one): loader.command() and perform(). */
int
command_builtin(int argc, char **argv)
{
	const struct command *c;
	int r;

	command_errmsg[0] = '\0';
	if (argc == 0)
		return (0);
	if ((c = command_lookup(argv[0])) != NULL) {
		r = c->fn(argc, argv);
		if (r != 0 && command_errmsg[0] == '\0')
			command_set_error("%s failed", argv[0]);
		return (r);
	}
	printf("%s: unknown command (type 'help' for the list)\n", argv[0]);
	command_set_error("%s: unknown command", argv[0]);
	return (1);
}

/* `lua chunk` takes the rest of the line as typed (quotes, `;` and all). */
static const char *
lua_chunk_of(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, "lua", 3) != 0 || (line[3] != ' ' && line[3] != '\t'))
		return (NULL);
	line += 3;
	while (*line == ' ' || *line == '\t')
		line++;
	return (*line != '\0' ? line : NULL);
}

/* The commands of one line, as cmdline_run() hands them over. */
struct line_run {
	const char	*text;		/* the line as typed */
	const char	*buf;		/* its copy, split in place */
	int		(*run)(int, char **);	/* command_typed or the caller's */
	int		 typed;		/* at the prompt: Lua's cli may define `lua` */
};

static int
line_command(int argc, char **argv, char **rest, void *arg)
{
	struct line_run *lr = arg;
	const char *chunk;

	/* A word keeps its offset in the copy: the same text, unsplit. */
	if (argc > 1 && strcmp(argv[0], "lua") == 0 &&
	    (!lr->typed || !lua_has_command("lua")) &&
	    (chunk = lua_chunk_of(lr->text + (argv[0] - lr->buf))) != NULL) {
		*rest = NULL;
		return (lua_run_chunk(chunk));
	}
	return (lr->run(argc, argv));
}

/*
 * Runs each command of a line (`;`, sh quoting); the last one's status.
 * A line that cannot be split fails with command_errmsg saying why,
 * printed at the prompt only (loader.perform's caller reads it).
 */
static int
command_line_each(const char *line, int (*run)(int, char **), int typed)
{
	char buf[LINEMAX], *argv[MAXARGS + 1];
	struct line_run lr = { line, buf, run, typed };
	int error, status;

	if (strlcpy(buf, line, sizeof(buf)) >= sizeof(buf))
		command_set_error("command line longer than %d characters", LINEMAX - 1);
	else if ((error = cmdline_run(buf, argv, MAXARGS, line_command, &lr,
	    &status)) != 0)
		command_set_error("%s", cmdline_strerror(error));
	else
		return (status);
	if (typed)
		printf("error: %s\n", command_errmsg);
	return (1);
}

int
command_line(const char *line, int (*run)(int, char **))
{
	return (command_line_each(line, run, 0));
}

/* One command typed at the prompt: Lua's cli_execute first, if the scripts run. */
static int
command_typed(int argc, char **argv)
{
	int r;

	if ((r = lua_cli_execute(argc, argv)) >= 0) {
		/* loader.command() is silent about an unknown command: say it here. */
		if (r != 0 && command_is_unknown(argv[0]))
			printf("%s (type 'help' for the list)\n", command_errmsg);
		return (r);
	}
	return (command_builtin(argc, argv));
}

int
command_execute(const char *line)
{
	return (command_line_each(line, command_typed, 1));
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

	for (i = 1; i < argc; i++) {	/* flags anywhere, as FreeBSD's boot takes them */
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
	if (kernel == NULL && kernel_loaded(NULL) != NULL)
		boot_kernel(NULL, howto);	/* the one `load` read */
	else
		boot_kernel(kernel_path_resolve(kernel != NULL ? kernel :
		    env_get("kernel"), path, sizeof(path)), howto);
	return (1);		/* boot_kernel() returns only on failure */
}

static void
ls_entry(const struct plat_dirent *de, void *arg)
{
	(void)arg;
	if (strcmp(de->name, ".") == 0 || strcmp(de->name, "..") == 0)
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

	if (argc > 2)
		return (command_usage(argv[0]));
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
	const struct command *c;
	size_t i;

	if (argc > 1) {
		if ((c = command_lookup(argv[1])) != NULL) {
			printf("  %s\n      %s\n", c->usage, c->help);
			return (0);
		}
		printf("help: no help on '%s'\n", argv[1]);
		return (1);
	}
	for (i = 0; i < NCOMMANDS; i++)
		printf("  %-34s %s\n", commands[i].usage, commands[i].help);
	lua_help();
	printf("Commands are split by ';'; quote with '...', \"...\" or \\; "
	    "'help CMD' shows one.\n");
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

	if (argc < 2)
		return (command_usage(argv[0]));
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
	if (argc != 2)
		return (command_usage(argv[0]));
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
	int i = 1, nl = 1;

	if (argc > 1 && strcmp(argv[1], "-n") == 0) {	/* only first, as sh's echo */
		nl = 0;
		i++;
	}
	for (int first = i; i < argc; i++)
		printf("%s%s", i > first ? " " : "", argv[i]);
	if (nl)
		printf("\n");
	return (0);
}
