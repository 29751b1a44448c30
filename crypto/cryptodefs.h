/*
 * cryptodefs.h - shared definitions of the portable crypto algorithm layer.
 *
 * Every algorithm in crypto/ is plain freestanding C11: it needs only
 * <stdint.h>, <stddef.h> and memcpy/memset/memcmp from <string.h>, keeps no
 * global mutable state and never allocates; callers pass context structs.
 *
 * Error convention (all functions returning int):
 *   0                  success
 *   CRYPTO_EINVAL      bad argument: wrong key/IV/tag length, NULL pointer
 *                      with a non-zero length, unknown algorithm id ...
 *   CRYPTO_EBADMSG     AEAD authentication failed (tag mismatch); no
 *                      plaintext has been written.
 * The values are negative errno numbers (EINVAL = 22, EBADMSG = 74 as on
 * Linux/POSIX), so a kernel wrapper may pass them on unchanged.
 *
 * Also: byte-order load/store helpers used by the algorithm files.
 */
#ifndef SANPO_CRYPTO_CRYPTODEFS_H
#define SANPO_CRYPTO_CRYPTODEFS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define CRYPTO_EINVAL   (-22)
#define CRYPTO_EBADMSG  (-74)

/* A buffer argument is acceptable if it is non-NULL or its length is 0. */
#define CRYPTO_BUF_OK(p, n) ((p) != NULL || (n) == 0)

static inline uint32_t crypto_load_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void crypto_store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static inline uint32_t crypto_load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void crypto_store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static inline uint64_t crypto_load_be64(const uint8_t *p)
{
	return ((uint64_t)crypto_load_be32(p) << 32) | crypto_load_be32(p + 4);
}

static inline void crypto_store_be64(uint8_t *p, uint64_t v)
{
	crypto_store_be32(p, (uint32_t)(v >> 32));
	crypto_store_be32(p + 4, (uint32_t)v);
}

static inline uint64_t crypto_load_le64(const uint8_t *p)
{
	return (uint64_t)crypto_load_le32(p) |
	    ((uint64_t)crypto_load_le32(p + 4) << 32);
}

static inline void crypto_store_le64(uint8_t *p, uint64_t v)
{
	crypto_store_le32(p, (uint32_t)v);
	crypto_store_le32(p + 4, (uint32_t)(v >> 32));
}

/*
 * Overwrite a buffer in a way the compiler may not elide: memset (a whole
 * word or vector at a time, where a volatile byte loop cost a cycle a
 * byte), then an empty asm that claims to read the memory through p, so
 * the stores count as used (explicit_bzero's method).
 */
static inline void crypto_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ volatile("" : : "r"(p) : "memory");
}

#endif
