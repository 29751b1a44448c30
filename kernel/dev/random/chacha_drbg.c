/* The ChaCha20 fast-key-erasure DRBG (see chacha_drbg.h for the construction). */
#include <string.h>

#include "crypto/chacha20.h"
#include "crypto/sha256.h"
#include <dev/random/chacha_drbg.h>

static void
wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;

	while (n-- > 0)
		*b++ = 0;
}

void
drbg_init(struct chacha_drbg *d, const void *seed, size_t len)
{
	sha256(seed, len, d->key);
	d->bytes = 0;
	d->requests = 0;
}

void
drbg_reseed(struct chacha_drbg *d, const void *material, size_t len)
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, d->key, sizeof(d->key));
	sha256_update(&c, material, len);
	sha256_final(&c, d->key);
	wipe(&c, sizeof(c));
	d->bytes = 0;
	d->requests = 0;
}

static const uint8_t zero_nonce[CHACHA20_NONCE_SIZE];

/* Output blocks 1, 2, ... of the current key: at most DRBG_MAX_REQUEST bytes. */
static void
generate_piece(struct chacha_drbg *d, uint8_t *out, size_t n)
{
	uint8_t block[64];
	uint32_t ctr = 1;

	while (n > 0) {
		size_t take = n < 64 ? n : 64;

		chacha20_block(d->key, zero_nonce, ctr++, block);
		memcpy(out, block, take);
		out += take;
		n -= take;
	}
	wipe(block, sizeof(block));
}

void
drbg_generate(struct chacha_drbg *d, void *vout, size_t n)
{
	uint8_t *out = vout, first[64];

	while (n > 0) {
		size_t take = n < DRBG_MAX_REQUEST ? n : DRBG_MAX_REQUEST;

		/* The next key first: block 0 of the current key, never output. */
		chacha20_block(d->key, zero_nonce, 0, first);
		generate_piece(d, out, take);
		memcpy(d->key, first, DRBG_KEY_SIZE);
		wipe(first, sizeof(first));
		out += take;
		n -= take;
		d->bytes += take;
	}
	d->requests++;
}

uint32_t
random_uniform(uint32_t (*gen)(void *), void *arg, uint32_t bound)
{
	uint32_t r, min;

	if (bound < 2)
		return (0);
	/* 2^32 mod bound: values below it would make the low results likelier. */
	min = (uint32_t)(-bound) % bound;
	for (;;) {
		r = gen(arg);
		if (r >= min)
			return (r % bound);
	}
}
