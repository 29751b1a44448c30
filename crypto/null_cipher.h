/*
 * null_cipher.h - the NULL encryption algorithm (RFC 2410): output equals
 * input.  Exists so ESP-NULL (integrity only) goes through the same
 * cipher interface as real ciphers.  Block size 1, no IV, any key length
 * (the key is ignored).
 */
#ifndef SANPO_CRYPTO_NULL_CIPHER_H
#define SANPO_CRYPTO_NULL_CIPHER_H

#include <stddef.h>
#include <stdint.h>

/* copies in to out (memmove semantics not needed: in == out or disjoint) */
int null_cipher_xor(const uint8_t *in, uint8_t *out, size_t len);

#endif
