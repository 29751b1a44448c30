/*
 * Sanpo freestanding libc: symbol naming.
 *
 * Every public function and type of the libc is written as LIBC(name).  In
 * the loader (the normal build) that is just `name`.  Host unit tests build
 * the same sources with -DSANPO_LIBC_HOSTTEST, which renames everything to
 * sanpo_name so that it links next to glibc in one test program and can be
 * compared against it.  In that mode the headers also skip the macros that
 * would clash with the system headers (EOF, HUGE_VAL, isnan, ...).
 */
#ifndef SANPO_LIBC_NAME_H
#define SANPO_LIBC_NAME_H

#ifdef SANPO_LIBC_HOSTTEST
#define LIBC(x) sanpo_##x
#else
#define LIBC(x) x
#endif

#endif
