/* x86_64 instructions the loader core uses. */
#ifndef LOADER_CPUFUNC_H
#define LOADER_CPUFUNC_H

#include <stdint.h>

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32 | lo);
}

#endif
