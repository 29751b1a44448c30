/*
 * Little-endian fields at any alignment (FreeBSD's sys/endian.h names):
 * firmware tables (ACPI's MADT entries, MCFG) pack them at odd offsets, so
 * a plain pointer cast would be an unaligned access the compiler may
 * assume never happens.  The kernel runs little-endian only (x86_64).
 */
#ifndef SYS_ENDIAN_H
#define SYS_ENDIAN_H

#include <stdint.h>
#include <string.h>

static inline uint16_t
le16dec(const void *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

static inline uint32_t
le32dec(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

static inline uint64_t
le64dec(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return (v);
}

#endif /* SYS_ENDIAN_H */
