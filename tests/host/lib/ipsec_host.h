/*
 * The host test platform's extras beyond net_platform.h: the fake clock.
 */
#ifndef TESTS_HOST_IPSEC_IPSEC_HOST_H
#define TESTS_HOST_IPSEC_IPSEC_HOST_H

#include <stdint.h>

void	host_clock_advance(uint64_t ms);
void	host_clock_set(uint64_t ms);

#endif
