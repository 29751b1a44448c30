/*
 * xorshift64 (Marsaglia, 13/7/17): the test programs' cheap, seedable
 * random numbers -- a fuzzer's run is replayed from its seed.  The state
 * must not be 0.
 */
#ifndef SANPO_TESTS_XORSHIFT_H
#define SANPO_TESTS_XORSHIFT_H

#include <stdint.h>

static inline uint64_t
xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (*state = x);
}

#endif
