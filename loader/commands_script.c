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
#include "loader.h"

static int
read_text(const char *cmd, const char *path, void **data, uint64_t *size)
{
	char err[160];

	if (plat_file_read(path, data, size, LOADER_CONF_LIMIT, err, sizeof(err)) != 0) {
		printf("%s: %s\n", cmd, err);
		snprintf(command_errmsg, sizeof(command_errmsg), "%s", err);
		return (-1);
	}
	return (0);
}

int
cmd_include(int argc, char **argv)
{
	char line[512];
	uint64_t size, i, n;
	void *data;
	const char *t;
	int a, lineno, r = 0;

	if (argc < 2)
		return (command_usage(argv[0]));
	for (a = 1; a < argc; a++) {
		if (read_text("include", argv[a], &data, &size) != 0)
			return (1);
		t = data;
		for (i = 0, lineno = 1; i < size; lineno++) {
			for (n = 0; i < size && t[i] != '\n'; i++)
				if (n + 1 < sizeof(line) && t[i] != '\r')
					line[n++] = t[i];
			i++;
			line[n] = '\0';
			if (line[0] == '#' || line[0] == '\\')
				continue;
			if (command_execute(line) != 0) {
				printf("%s:%d: command failed: %s\n", argv[a], lineno, line);
				r = 1;
				break;
			}
		}
		plat_free(data);
		if (r != 0)
			break;
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
	for (i = 1; i < argc; i++) {
		for (s = argv[i]; *s != '\0' && n + 2 < sizeof(chunk); s++)
			chunk[n++] = *s;
		if (i + 1 < argc)
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
