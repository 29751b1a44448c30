/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the one zlib, GPT
 * and Ethernet use), compiled into the kernel and the host tests alike.
 *
 * crc32(0, buf, len) is the CRC of buf; feeding pieces in order with the
 * previous result gives the CRC of their concatenation.
 */
#ifndef SANPO_CRC32_H
#define SANPO_CRC32_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32(uint32_t crc, const void *buf, size_t len);

#endif /* SANPO_CRC32_H */
