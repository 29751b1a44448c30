/*
 * The controls tests have over fs/'s host platform (tests/host/lib/fs_host.c).
 */
#ifndef TESTS_HOST_LIB_FS_HOST_H
#define TESTS_HOST_LIB_FS_HOST_H

#include <stdint.h>

void	fs_host_advance(uint64_t ms);		/* the uptime clock jumps ahead */
void	fs_host_set_realtime(int64_t sec);	/* file times from a fixed clock (-1: real) */

#endif
