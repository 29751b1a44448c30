/*
 * What host programs see of the host crypto framework (crypto_host.c)
 * beyond opencrypto/cryptodev.h: running the queued requests, and counters
 * that show sessions and requests are not leaked.
 */
#ifndef TESTS_HOST_LIB_CRYPTO_HOST_H
#define TESTS_HOST_LIB_CRYPTO_HOST_H

#include <stdint.h>

struct crypto_host_stats {
	int64_t		sessions;	/* sessions open now */
	int64_t		pending;	/* requests queued, not yet run */
	uint64_t	dispatched;	/* requests accepted by crypto_dispatch */
	uint64_t	refused;	/* requests crypto_dispatch rejected (bad regions/op) */
	uint64_t	done;		/* callbacks called */
	uint64_t	badmsg;		/* verifications that failed (EBADMSG) */
};

/*
 * Runs every queued request and calls its callback, including requests
 * the callbacks queue; call without the net lock.  Returns how many ran.
 */
int	crypto_host_drain(void);
const struct crypto_host_stats *crypto_host_stats(void);

#endif
