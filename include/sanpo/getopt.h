/*
 * getopt(3) with BSD semantics, re-entrant (common/getopt.c): the shell
 * commands of the kernel and the loader parse their flags with it, so
 * grouped flags and attached arguments work as on FreeBSD: `netstat -rn`,
 * `netstat -sp ip`, `arp -an`, `ping -c3` are `-r -n`, `-s -p ip`,
 * `-a -n`, `-c 3`.
 *
 * Options end at the first word that is not one ("-" alone is not one) or
 * after "--".  In optstring a letter followed by ':' takes an argument.
 * An unknown option or a missing argument returns '?' (or ':' for a
 * missing argument when optstring starts with ':') and says why in
 * g->err, without the program name; nothing is printed.
 */
#ifndef SANPO_GETOPT_H
#define SANPO_GETOPT_H

struct getopt_state {
	int		 ind;		/* argv index of the next word; starts at 1 */
	int		 opt;		/* the option just read, or the offending one */
	char		*arg;		/* the argument of the option just read */
	const char	*place;		/* the rest of a word of grouped options */
	char		 err[48];	/* why '?' or ':' was returned */
};

#define GETOPT_INIT	{ .ind = 1 }

/* The next option letter, or -1 when the options end (argv[g->ind] is the
 * first operand). */
int	getopt_r(struct getopt_state *g, int argc, char *const argv[],
	    const char *optstring);

#endif /* SANPO_GETOPT_H */
