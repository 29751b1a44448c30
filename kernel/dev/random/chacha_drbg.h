/*
 * The ChaCha20 DRBG behind arc4random(): pure code over crypto/chacha20,
 * shared by the kernel and the host unit tests.
 *
 * Construction (fast key erasure, as in Bernstein's "Fast-key-erasure
 * random-number generators" and OpenBSD's arc4random):
 *   generate(n): with key K, nonce 0, compute ChaCha20 blocks 0, 1, 2, ...;
 *                block 0's first 32 bytes become the next K (never output);
 *                the output is the first n bytes of blocks 1, 2, ...
 *                Requests over DRBG_MAX_REQUEST are served in pieces, each
 *                with its own key erasure.
 *   reseed(m):   K = SHA-256(K || m).
 *   init(s):     K = SHA-256(s).
 * The old key is overwritten before any output is returned, so a later
 * compromise of the state reveals nothing that was already handed out.
 */
#ifndef DEV_RANDOM_CHACHA_DRBG_H
#define DEV_RANDOM_CHACHA_DRBG_H

#include <stddef.h>
#include <stdint.h>

#define DRBG_KEY_SIZE		32
#define DRBG_MAX_REQUEST	4096	/* bytes per key */

struct chacha_drbg {
	uint8_t		key[DRBG_KEY_SIZE];	/* current key */
	uint64_t	bytes;			/* output since the last reseed */
	uint64_t	requests;		/* generate calls since the last reseed */
};

void	drbg_init(struct chacha_drbg *d, const void *seed, size_t len);
void	drbg_reseed(struct chacha_drbg *d, const void *material, size_t len);
void	drbg_generate(struct chacha_drbg *d, void *out, size_t n);

/*
 * A uniformly distributed value in [0, bound) from a 32-bit generator,
 * without modulo bias (rejection of the low 2^32 mod bound values).
 */
uint32_t random_uniform(uint32_t (*gen)(void *), void *arg, uint32_t bound);

#endif
