/*
 * Small fixed-size unsigned big integers (sanpo/bigint.h) for the exact
 * binary <-> decimal conversions: printf's floating conversions
 * (kvprintf_float.c) and the loader libc's strtod.  Sizes are bounded by
 * the callers (at most ~4000 bits); overflowing BIG_LIMBS is a caller bug
 * and traps.
 */
#include <sanpo/bigint.h>

static void big_trim(struct big *b)
{
	while (b->n > 0 && b->w[b->n - 1] == 0)
		b->n--;
}

static void big_push(struct big *b, uint32_t v)
{
	if (b->n >= BIG_LIMBS)
		__builtin_trap();
	b->w[b->n++] = v;
}

void big_set_u64(struct big *b, uint64_t v)
{
	b->n = 0;
	if (v) {
		b->w[b->n++] = (uint32_t)v;
		if (v >> 32)
			b->w[b->n++] = (uint32_t)(v >> 32);
	}
}

int big_is_zero(const struct big *b)
{
	return b->n == 0;
}

void big_mul_small(struct big *b, uint32_t m)
{
	uint64_t carry = 0;

	for (int i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->w[i] * m + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		big_push(b, (uint32_t)carry);
	if (m == 0)
		b->n = 0;
}

void big_add_small(struct big *b, uint32_t a)
{
	uint64_t carry = a;

	for (int i = 0; i < b->n && carry; i++) {
		uint64_t t = (uint64_t)b->w[i] + carry;
		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry)
		big_push(b, (uint32_t)carry);
}

void big_mul_pow5(struct big *b, int k)
{
	for (; k >= 13; k -= 13)
		big_mul_small(b, 1220703125u);		/* 5^13 */
	if (k > 0) {
		uint32_t m = 1;
		while (k--)
			m *= 5;
		big_mul_small(b, m);
	}
}

void big_mul_pow10(struct big *b, int k)
{
	big_mul_pow5(b, k);
	big_shl(b, k);
}

void big_shl(struct big *b, int k)
{
	int limbs = k / 32, bits = k % 32;

	if (b->n == 0 || k == 0)
		return;
	if (b->n + limbs + 1 > BIG_LIMBS)
		__builtin_trap();
	if (bits) {
		uint32_t top = b->w[b->n - 1] >> (32 - bits);
		for (int i = b->n - 1; i > 0; i--)
			b->w[i] = (b->w[i] << bits) | (b->w[i - 1] >> (32 - bits));
		b->w[0] <<= bits;
		if (top)
			b->w[b->n++] = top;
	}
	if (limbs) {
		for (int i = b->n - 1; i >= 0; i--)
			b->w[i + limbs] = b->w[i];
		for (int i = 0; i < limbs; i++)
			b->w[i] = 0;
		b->n += limbs;
	}
}

uint32_t big_divmod_small(struct big *b, uint32_t d)
{
	uint64_t rem = 0;

	for (int i = b->n - 1; i >= 0; i--) {
		uint64_t cur = (rem << 32) | b->w[i];
		b->w[i] = (uint32_t)(cur / d);
		rem = cur % d;
	}
	big_trim(b);
	return (uint32_t)rem;
}

int big_cmp(const struct big *a, const struct big *b)
{
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (int i = a->n - 1; i >= 0; i--)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

int big_bitlen(const struct big *b)
{
	if (b->n == 0)
		return 0;
	return (b->n - 1) * 32 + 32 - __builtin_clz(b->w[b->n - 1]);
}
