/*
 * Splitting a command line into commands and words with sh's quoting (see
 * sanpo/cmdline.h).  Works in place: every word is at most as long as the
 * text it came from, so an output pointer can trail the input one.
 */
#include <stddef.h>
#include <sanpo/cmdline.h>

static int
cl_blank(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

/*
 * Copies one word from *inp to out, removing its quoting; stops at a blank,
 * an unquoted `;` or the end.  Returns 0 or CMDLINE_EQUOTE.
 */
static int
cl_word(char **inp, char **outp)
{
	char *in = *inp, *out = *outp, q;

	while (*in != '\0' && !cl_blank(*in) && *in != ';') {
		if (*in == '\\') {
			in++;
			if (*in == '\0') {
				*out++ = '\\';	/* a backslash at the very end stays */
				break;
			}
			*out++ = *in++;
		} else if (*in == '\'' || *in == '"') {
			q = *in++;
			while (*in != q) {
				if (*in == '\0')
					return (CMDLINE_EQUOTE);
				if (q == '"' && *in == '\\' && (in[1] == '"' ||
				    in[1] == '\\' || in[1] == '$' || in[1] == '`'))
					in++;
				*out++ = *in++;
			}
			in++;
		} else
			*out++ = *in++;
	}
	*inp = in;
	*outp = out;
	return (0);
}

int
cmdline_split(char **linep, char **argv, int max)
{
	char *in = *linep, *out;
	int argc = 0, error;

	argv[0] = NULL;
	if (in == NULL)
		return (0);
	for (;;) {
		while (cl_blank(*in))
			in++;
		if (*in == '\0' || *in == '#') {
			*linep = NULL;
			break;
		}
		if (*in == ';') {
			*linep = in + 1;
			break;
		}
		if (argc == max) {
			*linep = NULL;
			return (CMDLINE_E2BIG);
		}
		argv[argc++] = out = in;
		if ((error = cl_word(&in, &out)) != 0) {
			*linep = NULL;
			return (error);
		}
		/* The byte after the word: keep a `;` for the next round. */
		if (*in == ';') {
			*out = '\0';
			*linep = in + 1;
			break;
		}
		if (*in != '\0')
			in++;
		*out = '\0';
	}
	argv[argc] = NULL;
	return (argc);
}

int
cmdline_run(char *buf, char **argv, int max, cmdline_cmd_fn *run, void *arg,
    int *status)
{
	char *next = buf;
	int argc;

	*status = 0;
	while (next != NULL) {
		if ((argc = cmdline_split(&next, argv, max)) < 0)
			return (argc);
		if (argc > 0)
			*status = run(argc, argv, &next, arg);
	}
	return (0);
}

const char *
cmdline_strerror(int error)
{
	switch (error) {
	case CMDLINE_EQUOTE:	return ("unterminated quote");
	case CMDLINE_E2BIG:	return ("too many arguments");
	default:		return ("bad command line");
	}
}
