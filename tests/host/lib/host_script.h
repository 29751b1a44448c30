/*
 * What the scriptable host drivers of the net/ stack share
 * (tests/host/net/net_script.c, tests/host/net/ipsec/datapath_driver.c):
 * they read commands from stdin, one a line, and print what the stack did
 * for the pytest side to check.  A malformed script is the test's bug, so
 * the parsers here end the program with "SCRIPT-ERROR" instead of returning.
 */
#ifndef TESTS_HOST_LIB_HOST_SCRIPT_H
#define TESTS_HOST_LIB_HOST_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "net/in.h"

struct ifnet;
struct mbuf;

/* The largest frame a script sends or receives (a reassembled datagram). */
#define SCRIPT_MAXFRAME	70000

/* A driver's main: stdout unbuffered (a crash keeps all that was printed),
   setup(), run() for each line of stdin, teardown(); returns main's 0. */
int	 script_main(void (*setup)(void), void (*run)(char *line), void (*teardown)(void));

/* Prints "SCRIPT-ERROR <what> <arg>" and exits 2. */
void	 script_die(const char *what, const char *arg) __attribute__((noreturn));

/* Splits line in place at blanks into at most max - 1 words, av[n] = NULL;
   returns n (0 for a blank line or a '#' comment). */
int	 script_split(char *line, char **av, int max);

/* Hex digit pairs into out (at most max bytes), by the common parser;
   returns the byte count. */
size_t	 script_hex(const char *s, uint8_t *out, size_t max);

/* A dotted quad. */
struct in_addr script_addr(const char *s);

/* Bytes as hex digit pairs, no newline. */
void	 script_print_hex(const uint8_t *p, size_t len);

/* A test interface's if_transmit: checks the net lock is held, prints
   "TX <ifname> <hex>" and frees the frame. */
int	 script_transmit(struct ifnet *ifp, struct mbuf *m);

/* setkey's output function: straight to stdout. */
void	 script_put_stdout(void *arg, const char *s);

/* "MBUFS <mbufs> <clusters> <tags> <bytes>": all 0 once a script has torn
   everything down, or something leaked. */
void	 script_print_mbufs(void);

#endif
