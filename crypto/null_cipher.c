/*
 * null_cipher.c - RFC 2410 NULL cipher (see null_cipher.h).
 */
#include <string.h>

#include "crypto/cryptodefs.h"
#include "crypto/null_cipher.h"

int
null_cipher_xor(const uint8_t *in, uint8_t *out, size_t len)
{
	if (!CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len))
		return CRYPTO_EINVAL;
	if (in != out && len)
		memcpy(out, in, len);
	return 0;
}
