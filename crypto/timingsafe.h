/*
 * timingsafe.h - constant-time memory comparison.
 *
 * timingsafe_bcmp() compares two buffers in time that depends only on the
 * length, never on where (or whether) they differ.  Use it for MAC/tag
 * checks.  timingsafe_memcmp() additionally orders the buffers like
 * memcmp(), also in constant time.
 */
#ifndef SANPO_CRYPTO_TIMINGSAFE_H
#define SANPO_CRYPTO_TIMINGSAFE_H

#include <stddef.h>

/* 0 if equal, 1 otherwise. */
int timingsafe_bcmp(const void *a, const void *b, size_t n);
/* <0, 0, >0 like memcmp (unsigned bytes). */
int timingsafe_memcmp(const void *a, const void *b, size_t n);

#endif
