/*
 * Host tests of loader/libc: declarations of the libc under test.
 *
 * Drivers are compiled with -DSANPO_LIBC_HOSTTEST together with the libc
 * sources, so every libc symbol is sanpo_NAME and links next to glibc.
 * Include the system headers first: the libc headers then skip the macros
 * that the system already defines (EOF, HUGE_VAL, errno values...).
 */
#ifndef SANPO_TEST_LIBC_H
#define SANPO_TEST_LIBC_H

#ifndef SANPO_LIBC_HOSTTEST
#error "compile host tests with -DSANPO_LIBC_HOSTTEST"
#endif

#include <stdint.h>
#include <string.h>

#include "loader/libc/include/libc_name.h"
#include "loader/libc/include/errno.h"
#include "loader/libc/include/string.h"
#include "loader/libc/include/ctype.h"
#include "loader/libc/include/stdlib.h"
#include "loader/libc/include/stdio.h"
#include "loader/libc/include/math.h"
#include "loader/libc/include/setjmp.h"
#include "loader/libc/include/locale.h"

/* xorshift64*: fixed seeds so that failures reproduce */
static uint64_t test_rng_state = 0x9e3779b97f4a7c15ULL;

static inline uint64_t rnd64(void)
{
	uint64_t x = test_rng_state;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	test_rng_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

static inline uint64_t rnd(uint64_t n)	/* 0 <= r < n */
{
	return rnd64() % n;
}

static inline double bits2d(uint64_t u)
{
	double d;
	memcpy(&d, &u, 8);
	return d;
}

static inline uint64_t d2bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	return u;
}

#endif
