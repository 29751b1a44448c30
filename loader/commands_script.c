/*
 * The OK prompt's scripting commands: include (run a file of commands),
 * read (a line from the console into a variable), more (show files) and
 * lua (run a chunk).  Preloaded files are in module.c, the firmware views
 * in commands_fw.c, the built-in core (boot, set, help...) in commands.c.
 */
#include <string.h>
#include <sanpo/getopt.h>
#include <sanpo/parse.h>

#include "efi/efi_platform.h"
#include "loader/loader.h"

static int
read_text(const char *cmd, const char *path, void **data, uint64_t *size)
{
	char err[160];

	if (plat_file_read(path, data, size, LOADER_CONF_LIMIT, err, sizeof(err)) != 0) {
		printf("%s: %s\n", cmd, err);
		command_set_error("%s", err);
		return (-1);
	}
	return (0);
}

/*
 * Files included from included files, at most: each level costs stack
 * (this frame, the command's, Lua's when a cli command runs), and UEFI
 * only promises 128 KiB -- a file including itself must get an error,
 * not overflow it.
 */
#define INCLUDE_DEPTH_MAX	8

static int include_depth;	/* include commands running, nested */

/*
 * Runs the commands of one file, stopping at the first that fails.  A
 * line too long for the buffer, or holding a NUL byte, is refused as
 * loader.conf refuses it: run cut short, it would be another command.
 */
static int
include_file(const char *path, const char *t, uint64_t size)
{
	char line[512];
	uint64_t i, n;
	int lineno, bad;

	for (i = 0, lineno = 1; i < size; lineno++) {
		for (n = 0, bad = 0; i < size && t[i] != '\n'; i++) {
			if (t[i] == '\r')
				continue;
			if (n + 1 < sizeof(line))
				line[n] = t[i];
			else
				bad = 1;
			bad |= t[i] == '\0';
			n++;
		}
		i++;
		if (bad) {
			printf("%s:%d: %s, not run\n", path, lineno, n + 1 > sizeof(line) ?
			    "line longer than 511 characters" : "NUL byte in the line");
			return (1);
		}
		line[n] = '\0';
		if (line[0] == '#' || line[0] == '\\')
			continue;
		if (command_execute(line) != 0) {
			printf("%s:%d: command failed: %s\n", path, lineno, line);
			return (1);
		}
	}
	return (0);
}

int
cmd_include(int argc, char **argv)
{
	uint64_t size;
	void *data;
	int a, r = 0;

	if (argc < 2)
		return (command_usage(argv[0]));
	if (include_depth >= INCLUDE_DEPTH_MAX) {
		printf("include: %s: includes nested more than %d deep\n", argv[1],
		    INCLUDE_DEPTH_MAX);
		snprintf(command_errmsg, sizeof(command_errmsg),
		    "includes nested more than %d deep", INCLUDE_DEPTH_MAX);
		return (1);
	}
	for (a = 1; a < argc && r == 0; a++) {
		if (read_text("include", argv[a], &data, &size) != 0)
			return (1);
		include_depth++;
		r = include_file(argv[a], data, size);
		include_depth--;
		plat_free(data);
	}
	return (r);
}

int
cmd_more(int argc, char **argv)
{
	uint64_t size, i;
	void *data;
	int a;

	if (argc < 2)
		return (command_usage(argv[0]));
	for (a = 1; a < argc; a++) {
		if (read_text("more", argv[a], &data, &size) != 0)
			return (1);
		if (argc > 2)
			printf("*** FILE %s BEGIN ***\n", argv[a]);
		for (i = 0; i < size; i++)
			if (((char *)data)[i] != '\r')
				cons_putc(((char *)data)[i]);
		if (size > 0 && ((char *)data)[size - 1] != '\n')
			cons_putc('\n');
		if (argc > 2)
			printf("*** FILE %s END ***\n", argv[a]);
		plat_free(data);
	}
	return (0);
}

int
cmd_lua(int argc, char **argv)
{
	char chunk[512];
	size_t n = 0;
	int i;
	const char *s;

	if (argc < 2)
		return (command_usage(argv[0]));
	/* A chunk cut short would be another program: refuse it, as include does. */
	for (i = 1; i < argc; i++) {
		for (s = argv[i]; *s != '\0'; s++) {
			if (n + 1 >= sizeof(chunk)) {
				printf("lua: chunk longer than %zu characters, not run\n",
				    sizeof(chunk) - 1);
				snprintf(command_errmsg, sizeof(command_errmsg),
				    "chunk longer than %zu characters", sizeof(chunk) - 1);
				return (1);
			}
			chunk[n++] = *s;
		}
		if (i + 1 < argc && n + 1 < sizeof(chunk))
			chunk[n++] = ' ';
	}
	chunk[n] = '\0';
	return (lua_run_chunk(chunk));
}

int
cmd_read(int argc, char **argv)
{
	struct getopt_state g = GETOPT_INIT;
	const char *prompt = NULL, *var;
	int64_t timeout = -1;
	uint64_t secs;
	char line[256];
	int ch;

	while ((ch = getopt_r(&g, argc, argv, "p:t:")) != -1) {
		switch (ch) {
		case 'p':
			prompt = g.arg;
			break;
		case 't':
			if (parse_uint(g.arg, 10, 86400, &secs) != 0)
				return (command_usage(argv[0]));
			timeout = (int64_t)secs * 1000000;
			break;
		default:
			printf("read: %s\n", g.err);
			return (command_usage(argv[0]));
		}
	}
	if (g.ind < argc - 1)
		return (command_usage(argv[0]));
	var = g.ind < argc ? argv[g.ind] : NULL;
	if (prompt != NULL)
		printf("%s", prompt);
	/* Only the first key is timed, as FreeBSD's read -t does. */
	if (command_read_line_timed(line, sizeof(line), timeout) < 0) {
		printf("\n");
		return (0);
	}
	if (var != NULL && env_set(var, line) != 0) {
		printf("read: invalid variable name '%s'\n", var);
		return (1);
	}
	return (0);
}
