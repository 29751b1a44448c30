/*
 * getopt(3) with FreeBSD's complaints, for Sanpo's programs: musl's getopt
 * parses (grouped flags, attached arguments, "--"), and an unknown option
 * or a missing argument is reported as FreeBSD's libc reports it,
 *
 *   netstat: illegal option -- q
 *   ping: option requires an argument -- c
 *
 * (musl says "unrecognized option: q").  Returns what getopt returns;
 * the caller prints its usage on '?' as before.
 */
#ifndef USER_LIB_BSD_GETOPT_H
#define USER_LIB_BSD_GETOPT_H

int	bsd_getopt(int argc, char *const argv[], const char *optstring);

#endif
