/*
 * Little-endian field access for on-disk structures (FreeBSD's
 * sys/endian.h names): byte by byte, so unaligned fields and any host byte
 * order are fine.  Used by the GPT and FAT code in the kernel and in the
 * host tests.
 */
#ifndef SANPO_ENDIAN_H
#define SANPO_ENDIAN_H

#include <stdint.h>

static inline uint16_t
le16dec(const void *pp)
{
	const uint8_t *p = pp;

	return ((uint16_t)(p[0] | p[1] << 8));
}

static inline uint32_t
le32dec(const void *pp)
{
	const uint8_t *p = pp;

	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static inline uint64_t
le64dec(const void *pp)
{
	const uint8_t *p = pp;

	return ((uint64_t)le32dec(p) | (uint64_t)le32dec(p + 4) << 32);
}

static inline void
le16enc(void *pp, uint16_t v)
{
	uint8_t *p = pp;

	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
le32enc(void *pp, uint32_t v)
{
	uint8_t *p = pp;

	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void
le64enc(void *pp, uint64_t v)
{
	le32enc(pp, (uint32_t)v);
	le32enc((uint8_t *)pp + 4, (uint32_t)(v >> 32));
}

#endif /* SANPO_ENDIAN_H */
