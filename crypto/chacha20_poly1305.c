/*
 * chacha20_poly1305.c - RFC 8439 AEAD construction over chacha20.c and
 * poly1305.c.  The one-shot functions take the keystream and Poly1305
 * block functions as a parameter (the _with variants) so the SIMD ones
 * (arch/x86_64/chacha_simd.c) reuse the construction unchanged.
 */
#include <string.h>

#include "crypto/chacha20.h"
#include "crypto/chacha20_poly1305.h"
#include "crypto/cryptodefs.h"
#include "crypto/poly1305.h"
#include "crypto/timingsafe.h"

static const uint8_t zeros[16];

static const chacha20_poly1305_impl portable = {
	chacha20_xor, poly1305_blocks
};

static void
aead_tag(poly1305_blocks_fn *blocks, const uint8_t *key, const uint8_t *nonce,
    const uint8_t *aad, size_t aadlen, const uint8_t *ct, size_t len,
    uint8_t tag[16])
{
	uint8_t otk[64], lens[16];
	poly1305_ctx p;

	chacha20_block(key, nonce, 0, otk);	/* Poly1305 key = block 0 */
	poly1305_init(&p, otk, 32);
	poly1305_update_with(&p, aad, aadlen, blocks);
	poly1305_update(&p, zeros, (16 - aadlen % 16) % 16);
	poly1305_update_with(&p, ct, len, blocks);
	poly1305_update(&p, zeros, (16 - len % 16) % 16);
	crypto_store_le64(lens, (uint64_t)aadlen);
	crypto_store_le64(lens + 8, (uint64_t)len);
	poly1305_update(&p, lens, 16);
	poly1305_final(&p, tag);
	crypto_wipe(otk, sizeof(otk));
}

static int
args_ok(const uint8_t *key, size_t keylen, const uint8_t *nonce,
    size_t noncelen, const uint8_t *aad, size_t aadlen, const uint8_t *in,
    size_t len, const uint8_t *out, const uint8_t *tag, size_t taglen)
{
	return key != NULL && keylen == 32 && nonce != NULL && noncelen == 12 &&
	    CRYPTO_BUF_OK(aad, aadlen) && CRYPTO_BUF_OK(in, len) &&
	    CRYPTO_BUF_OK(out, len) && tag != NULL && taglen >= 1 &&
	    taglen <= 16 && (uint64_t)len <= ((uint64_t)1 << 38) - 64;
}

int
chacha20_poly1305_encrypt_with(const chacha20_poly1305_impl *impl,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    uint8_t *out, uint8_t *tag, size_t taglen)
{
	chacha20_ctx c;
	uint8_t full[16];

	if (!args_ok(key, keylen, nonce, noncelen, aad, aadlen, in, len, out,
	    tag, taglen))
		return CRYPTO_EINVAL;
	chacha20_init(&c, key, 32, nonce, 12, 1);
	impl->keystream(&c, in, out, len);
	chacha20_wipe(&c);
	aead_tag(impl->blocks, key, nonce, aad, aadlen, out, len, full);
	memcpy(tag, full, taglen);
	crypto_wipe(full, sizeof(full));
	return 0;
}

int
chacha20_poly1305_decrypt_with(const chacha20_poly1305_impl *impl,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen,
    const uint8_t *aad, size_t aadlen, const uint8_t *in, size_t len,
    const uint8_t *tag, size_t taglen, uint8_t *out)
{
	chacha20_ctx c;
	uint8_t full[16];
	int bad;

	if (!args_ok(key, keylen, nonce, noncelen, aad, aadlen, in, len, out,
	    tag, taglen))
		return CRYPTO_EINVAL;
	aead_tag(impl->blocks, key, nonce, aad, aadlen, in, len, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	if (bad)
		return CRYPTO_EBADMSG;
	chacha20_init(&c, key, 32, nonce, 12, 1);
	impl->keystream(&c, in, out, len);
	chacha20_wipe(&c);
	return 0;
}

int
chacha20_poly1305_encrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, size_t taglen)
{
	return chacha20_poly1305_encrypt_with(&portable, key, keylen, nonce,
	    noncelen, aad, aadlen, in, len, out, tag, taglen);
}

int
chacha20_poly1305_decrypt(const uint8_t *key, size_t keylen,
    const uint8_t *nonce, size_t noncelen, const uint8_t *aad, size_t aadlen,
    const uint8_t *in, size_t len, const uint8_t *tag, size_t taglen,
    uint8_t *out)
{
	return chacha20_poly1305_decrypt_with(&portable, key, keylen, nonce,
	    noncelen, aad, aadlen, in, len, tag, taglen, out);
}

/* ---- streaming interface ---- */

enum { CS_AAD = 1, CS_ENC, CS_AUTH, CS_VERIFIED, CS_DONE };

#define CCP_MAX_TEXT (((uint64_t)1 << 38) - 64)

int
chacha20_poly1305_stream_init(chacha20_poly1305_stream *s,
    const uint8_t *key, size_t keylen, const uint8_t *nonce, size_t noncelen)
{
	uint8_t otk[64];

	if (s == NULL || key == NULL || keylen != 32 || nonce == NULL ||
	    noncelen != 12)
		return CRYPTO_EINVAL;
	memset(s, 0, sizeof(*s));
	chacha20_block(key, nonce, 0, otk);
	poly1305_init(&s->p, otk, 32);
	crypto_wipe(otk, sizeof(otk));
	chacha20_init(&s->c, key, 32, nonce, 12, 1);
	s->state = CS_AAD;
	return 0;
}

int
chacha20_poly1305_stream_aad(chacha20_poly1305_stream *s, const uint8_t *aad,
    size_t len)
{
	if (s == NULL || s->state != CS_AAD || !CRYPTO_BUF_OK(aad, len))
		return CRYPTO_EINVAL;
	poly1305_update(&s->p, aad, len);
	s->aadlen += len;
	return 0;
}

static int
stream_text(chacha20_poly1305_stream *s, int next, uint64_t len)
{
	if (s->state == CS_AAD) {
		poly1305_update(&s->p, zeros, (16 - s->aadlen % 16) % 16);
		s->state = next;
	}
	if (s->state != next || len > CCP_MAX_TEXT - s->textlen)
		return CRYPTO_EINVAL;
	return 0;
}

int
chacha20_poly1305_stream_encrypt(chacha20_poly1305_stream *s,
    const uint8_t *in, uint8_t *out, size_t len)
{
	if (s == NULL || !CRYPTO_BUF_OK(in, len) || !CRYPTO_BUF_OK(out, len) ||
	    stream_text(s, CS_ENC, len) != 0)
		return CRYPTO_EINVAL;
	chacha20_xor(&s->c, in, out, len);
	poly1305_update(&s->p, out, len);
	s->textlen += len;
	return 0;
}

static void
stream_tag(chacha20_poly1305_stream *s, uint8_t full[16])
{
	uint8_t lens[16];

	if (s->state == CS_AAD)
		poly1305_update(&s->p, zeros, (16 - s->aadlen % 16) % 16);
	poly1305_update(&s->p, zeros, (16 - s->textlen % 16) % 16);
	crypto_store_le64(lens, s->aadlen);
	crypto_store_le64(lens + 8, s->textlen);
	poly1305_update(&s->p, lens, 16);
	poly1305_final(&s->p, full);
}

int
chacha20_poly1305_stream_final(chacha20_poly1305_stream *s, uint8_t *tag,
    size_t taglen)
{
	uint8_t full[16];

	if (s == NULL || tag == NULL || taglen < 1 || taglen > 16 ||
	    (s->state != CS_AAD && s->state != CS_ENC))
		return CRYPTO_EINVAL;
	stream_tag(s, full);
	memcpy(tag, full, taglen);
	crypto_wipe(full, sizeof(full));
	crypto_wipe(s, sizeof(*s));
	s->state = CS_DONE;
	return 0;
}

int
chacha20_poly1305_stream_auth(chacha20_poly1305_stream *s, const uint8_t *ct,
    size_t len)
{
	if (s == NULL || !CRYPTO_BUF_OK(ct, len) ||
	    stream_text(s, CS_AUTH, len) != 0)
		return CRYPTO_EINVAL;
	poly1305_update(&s->p, ct, len);
	s->textlen += len;
	return 0;
}

int
chacha20_poly1305_stream_verify(chacha20_poly1305_stream *s,
    const uint8_t *tag, size_t taglen)
{
	uint8_t full[16];
	int bad;

	if (s == NULL || tag == NULL || taglen < 1 || taglen > 16 ||
	    (s->state != CS_AAD && s->state != CS_AUTH))
		return CRYPTO_EINVAL;
	stream_tag(s, full);
	bad = timingsafe_bcmp(full, tag, taglen);
	crypto_wipe(full, sizeof(full));
	if (bad) {
		crypto_wipe(s, sizeof(*s));
		s->state = CS_DONE;
		return CRYPTO_EBADMSG;
	}
	s->state = CS_VERIFIED;
	return 0;
}

int
chacha20_poly1305_stream_decrypt(chacha20_poly1305_stream *s,
    const uint8_t *in, uint8_t *out, size_t len)
{
	if (s == NULL || s->state != CS_VERIFIED || !CRYPTO_BUF_OK(in, len) ||
	    !CRYPTO_BUF_OK(out, len) || len > s->textlen - s->declen)
		return CRYPTO_EINVAL;
	chacha20_xor(&s->c, in, out, len);
	s->declen += len;
	return 0;
}
