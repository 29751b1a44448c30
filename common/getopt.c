/*
 * getopt(3) as BSD has it (see sanpo/getopt.h), with its state in the
 * caller's struct instead of globals: the kernel shell, the loader and
 * host tests each parse with their own.
 */
#include <stddef.h>
#include <string.h>
#include <sanpo/getopt.h>

/* g->err = what, " -- ", the option letter. */
static void
go_error(struct getopt_state *g, const char *what)
{
	size_t n = strlen(what);

	if (n > sizeof(g->err) - 6)
		n = sizeof(g->err) - 6;
	memcpy(g->err, what, n);
	memcpy(g->err + n, " -- ", 4);
	g->err[n + 4] = (char)g->opt;
	g->err[n + 5] = '\0';
}

int
getopt_r(struct getopt_state *g, int argc, char *const argv[], const char *optstring)
{
	const char *spec;
	int colon = optstring[0] == ':';

	g->arg = NULL;
	g->err[0] = '\0';
	if (g->ind < 1)
		g->ind = 1;
	if (g->place == NULL || *g->place == '\0') {
		/* A new word: is it options? */
		if (g->ind >= argc || argv[g->ind] == NULL || argv[g->ind][0] != '-' ||
		    argv[g->ind][1] == '\0') {
			g->place = NULL;
			return (-1);
		}
		if (strcmp(argv[g->ind], "--") == 0) {
			g->ind++;
			g->place = NULL;
			return (-1);
		}
		g->place = argv[g->ind] + 1;
	}
	g->opt = (unsigned char)*g->place++;
	spec = g->opt == ':' ? NULL : strchr(optstring + colon, g->opt);
	if (spec == NULL) {
		if (*g->place == '\0')
			g->ind++;
		go_error(g, "illegal option");
		return ('?');
	}
	if (spec[1] != ':') {
		if (*g->place == '\0')
			g->ind++;
		return (g->opt);
	}
	/* It takes an argument: the rest of this word, or the next word. */
	if (*g->place != '\0')
		g->arg = (char *)g->place;
	else if (g->ind + 1 < argc)
		g->arg = argv[++g->ind];
	else {
		g->ind++;
		g->place = NULL;
		go_error(g, "option requires an argument");
		return (colon ? ':' : '?');
	}
	g->ind++;
	g->place = NULL;
	return (g->opt);
}
