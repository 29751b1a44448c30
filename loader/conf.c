/*
 * loader.conf: lines of `name="value"` (or `name=value`), blank lines and
 * `#` comments, read into the environment.  A bad line is reported as
 * file:line with the reason, and the rest of the file still applies -- a
 * typo must not cost the user the whole configuration.
 *
 * This is the built-in reader, used when the Lua scripts cannot run.
 */
#include "efi/efi_platform.h"
#include "loader/loader.h"

#define CONF_LINE_MAX	1024

static int
is_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\r');
}

static int
is_name_char(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.');
}

/* Parses one line (NUL-terminated, modified in place); NULL or an error text. */
static const char *
parse_line(char *s)
{
	char *name, *value, *end;

	while (is_space(*s))
		s++;
	if (*s == '\0' || *s == '#')
		return (NULL);
	name = s;
	while (is_name_char(*s))
		s++;
	if (s == name)
		return ("expected a variable name");
	end = s;
	while (is_space(*s))
		s++;
	if (*s != '=')
		return ("expected '=' after the variable name");
	*end = '\0';
	s++;
	while (is_space(*s))
		s++;
	if (*s == '"') {
		value = ++s;
		while (*s != '\0' && *s != '"')
			s++;
		if (*s != '"')
			return ("unterminated quoted value");
		*s++ = '\0';
	} else {
		value = s;
		while (*s != '\0' && !is_space(*s) && *s != '#')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	while (is_space(*s))
		s++;
	if (*s != '\0' && *s != '#')
		return ("unexpected text after the value");
	if (env_set(name, value) != 0)
		return ("cannot set variable (out of memory)");
	return (NULL);
}

int
conf_parse(const char *file, const char *text, size_t len)
{
	char line[CONF_LINE_MAX];
	size_t i = 0, n;
	int lineno = 0, errors = 0, nul;
	const char *why;

	while (i < len) {
		lineno++;
		n = 0;
		nul = 0;
		while (i < len && text[i] != '\n') {
			if (n + 1 < sizeof(line))
				line[n] = text[i];
			nul |= text[i] == '\0';
			n++;
			i++;
		}
		i++;	/* the '\n' */
		if (n + 1 > sizeof(line)) {
			printf("%s:%d: line longer than %d characters, ignored\n",
			    file, lineno, CONF_LINE_MAX - 1);
			errors++;
			continue;
		}
		if (nul) {		/* it would end the line (or value) unseen */
			printf("%s:%d: NUL byte in the line, ignored\n", file, lineno);
			errors++;
			continue;
		}
		line[n] = '\0';
		if ((why = parse_line(line)) != NULL) {
			printf("%s:%d: %s\n", file, lineno, why);
			errors++;
		}
	}
	return (errors);
}

int
conf_load(const char *path)
{
	char err[160];
	void *data;
	uint64_t size;
	int errors;

	if (plat_file_read(path, &data, &size, LOADER_CONF_LIMIT, err,
	    sizeof(err)) != 0) {
		printf("%s\n", err);
		return (-1);
	}
	errors = conf_parse(path, data, size);
	plat_free(data);
	return (errors);
}
