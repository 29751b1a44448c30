/*
 * The kernel random number generator (dev/random/): entropy sources feed a
 * SHA-256 pool; per-CPU ChaCha20 DRBGs (fast key erasure) are seeded and
 * periodically reseeded from it.  Until the pool holds enough estimated
 * entropy, callers block -- or, where they cannot sleep, get an error.
 * Nothing ever returns output from an unseeded generator.
 */
#ifndef SYS_RANDOM_H
#define SYS_RANDOM_H

#include <stddef.h>
#include <stdint.h>

enum random_source_id {
	RANDOM_RDSEED,		/* CPU: RDSEED (conditioned entropy) */
	RANDOM_RDRAND,		/* CPU: RDRAND (DRBG output; credited at half) */
	RANDOM_TSC_JITTER,	/* TSC at timer interrupts */
	RANDOM_BOOT,		/* boot timestamps: mixed in, credited nothing */
	RANDOM_VIRTIO,		/* virtio-rng device */
	RANDOM_NSOURCES
};

/* A source polled at start-up and at each reseed (RDSEED, a device...). */
struct random_source {
	enum random_source_id	 id;
	const char		*name;
	/* Fills buf; returns bytes written (0 if the source failed). */
	size_t			(*read)(void *buf, size_t len);
	unsigned		 bits_per_byte;	/* entropy credited per byte read */
};

void	random_source_register(const struct random_source *src);
/* Mixes data into the pool, crediting `bits` of entropy. */
void	random_harvest(enum random_source_id id, const void *data, size_t len, unsigned bits);
/* Cheap per-event hook for interrupt handlers (batched per CPU). */
void	random_harvest_tsc(void);

int	random_seeded(void);
/* 0, or EWOULDBLOCK if unseeded and (flags & M_NOWAIT) or sleeping is impossible. */
int	arc4random_buf_flags(void *buf, size_t n, int flags);
void	arc4random_buf(void *buf, size_t n);	/* sleeps until seeded */
uint32_t arc4random(void);
uint32_t arc4random_uniform(uint32_t bound);	/* no modulo bias */

#endif
