/*
 * Number, hex-string and IPv4 parsers (common/parse.c), the one set that
 * shell commands, setkey, rc.conf values and the network stack share.
 * Each takes the whole string (or, for parse_ipv4, says where it stopped),
 * refuses anything else, and never overflows: 0 on success, -1 otherwise,
 * with the result untouched on failure.
 */
#ifndef SANPO_PARSE_H
#define SANPO_PARSE_H

#include <stddef.h>
#include <stdint.h>

/*
 * An unsigned integer no larger than max: base 10, 16, or 0 (a "0x"/"0X"
 * prefix means hex, anything else decimal; a leading 0 is not octal).
 * Digits only: no sign, no blanks; at least one digit.
 */
int	parse_uint(const char *s, int base, uint64_t max, uint64_t *v);

/* A fixed-point decimal ("0.25", "3", "1.") as v * 10^frac_digits, no
 * larger than max; digits past frac_digits are dropped. */
int	parse_fixed(const char *s, int frac_digits, uint64_t max, uint64_t *v);

/* The value of a hex digit, or -1. */
int	parse_hexdigit(int c);

/* Hex digit pairs (no "0x") into out, at most max bytes; *len gets the
 * count.  "" is zero bytes; an odd count or a bad digit is refused. */
int	parse_hex(const char *s, uint8_t *out, size_t max, size_t *len);

/* A dotted quad at *sp (four parts of 1-3 decimal digits, each <= 255),
 * in host byte order; *sp moves past it.  What follows is the caller's. */
int	parse_ipv4(const char **sp, uint32_t *addr);

#endif /* SANPO_PARSE_H */
