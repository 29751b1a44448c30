/*
 * UTF-8 and UTF-16 conversion for names stored on disk in UTF-16 (GPT
 * partition names, FAT long file names) and handled as UTF-8 everywhere
 * else.  Strict on input: overlong forms, surrogates encoded in UTF-8 and
 * code points past U+10FFFF are invalid.
 */
#ifndef SANPO_UTF_H
#define SANPO_UTF_H

#include <stddef.h>
#include <stdint.h>

#define UTF_REPLACEMENT	0xfffd		/* what an unpaired surrogate becomes */

/* Decodes one code point from s[0..len): bytes used, or -1 if invalid. */
int	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp (<= 0x10FFFF, not a surrogate) into out: 1 to 4 bytes. */
int	utf8_encode(uint32_t cp, char out[4]);

/*
 * UTF-16 code units (host values) to NUL-terminated UTF-8, stopping at a
 * 0 unit or after n units; unpaired surrogates become U+FFFD.  Returns the
 * UTF-8 length, or -1 if it (with its NUL) does not fit in dstsize.
 */
int	utf16_to_utf8(const uint16_t *src, size_t n, char *dst, size_t dstsize);
/*
 * UTF-8 (len bytes) to UTF-16 units; returns the number of units, or -1
 * for invalid UTF-8 or more than max units.
 */
int	utf8_to_utf16(const char *src, size_t len, uint16_t *dst, size_t max);

#endif /* SANPO_UTF_H */
