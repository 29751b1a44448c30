/*
 * Command lines split into commands and words as sh(1) splits simple
 * commands (common/cmdline.c), for the loader's OK prompt, the kernel shell
 * and rc.conf-style values:
 *
 *   - blanks (space, tab) separate words; an unquoted `;` ends a command;
 *     an unquoted `#` at the start of a word comments out the rest;
 *   - 'single quotes' take every character literally;
 *   - "double quotes" too, except that a backslash before " \ $ ` keeps
 *     that character (and is dropped);
 *   - a backslash outside quotes takes the next character literally;
 *   - quotes join a word and do not end it: a"b c"d is one word, `a b cd`,
 *     and "" is a word of its own, empty.
 *
 * Nothing else of sh exists here: no variables, globs or redirections.
 */
#ifndef SANPO_CMDLINE_H
#define SANPO_CMDLINE_H

/* cmdline_split() errors (negative, as its word counts are not). */
#define CMDLINE_EQUOTE	(-1)	/* a quote is not closed */
#define CMDLINE_E2BIG	(-2)	/* more words than argv has room for */

/*
 * Splits the first command of the text at *linep into words, in place
 * (the text is rewritten: quotes and backslashes removed, words
 * NUL-terminated).  argv gets at most max words and a NULL after them, so
 * it has max + 1 slots.  Returns the number of words (0 for an empty
 * command, e.g. between two `;`), or an error.  *linep moves past the `;`
 * to the next command, or becomes NULL after the last one (and after an
 * error: the rest of the line is not run).
 */
int	cmdline_split(char **linep, char **argv, int max);

/* A message for a cmdline_split() error. */
const char *cmdline_strerror(int error);

/*
 * A command of a line being run: run(argc, argv, rest, arg).  *rest is the
 * text after the command (argv[0]'s command); setting it to NULL takes the
 * rest of the line, which then runs no further command.
 */
typedef int cmdline_cmd_fn(int argc, char **argv, char **rest, void *arg);

/*
 * Splits the text in buf (in place) into commands and runs each with
 * run(), empty ones skipped; *status gets the last one's result (0 when
 * none ran).  Returns 0, or the cmdline_split() error that stopped it
 * (nothing runs after the command that has it).  The shells' one loop.
 */
int	cmdline_run(char *buf, char **argv, int max, cmdline_cmd_fn *run, void *arg,
	    int *status);

#endif /* SANPO_CMDLINE_H */
