/*
 * Reading and writing request buffers: flat buffers and segment chains
 * alike, bounds-checked (a request's offsets are validated before a driver
 * runs, so a failure here is a framework bug and panics); flat views of a
 * region for drivers (bounced when it spans segments); the request's IV.
 * Portable (crypto_platform.h): the kernel and the host tests link it.
 */
#include <string.h>
#include <sys/errno.h>
#include <opencrypto/cryptodrv.h>
#include <opencrypto/crypto_platform.h>

size_t
crypto_buffer_len(const struct crypto_buffer *cb)
{
	const struct crypto_seg *s;
	size_t n = 0;

	if (cb->cb_type == CRYPTO_BUF_CONTIG)
		return (cb->cb_contig.len);
	for (s = cb->cb_chain; s != NULL; s = s->next)
		n += s->len;
	return (n);
}

/* Walks [off, off+len), calling fn on each contiguous piece. */
static void
walk(const struct crypto_buffer *cb, size_t off, size_t len,
    void (*fn)(uint8_t *p, size_t n, void *arg), void *arg)
{
	const struct crypto_seg *s;

	if (cb->cb_type == CRYPTO_BUF_CONTIG) {
		if (off > cb->cb_contig.len || len > cb->cb_contig.len - off)
			crypto_platform_panic("crypto buffer: [%zu, +%zu) outside %zu bytes",
			    off, len, cb->cb_contig.len);
		if (len > 0)
			fn(cb->cb_contig.buf + off, len, arg);
		return;
	}
	for (s = cb->cb_chain; s != NULL && len > 0; s = s->next) {
		size_t take;

		if (off >= s->len) {
			off -= s->len;
			continue;
		}
		take = s->len - off < len ? s->len - off : len;
		fn(s->data + off, take, arg);
		off = 0;
		len -= take;
	}
	if (len > 0)
		crypto_platform_panic("crypto buffer: chain too short by %zu bytes", len);
}

static void
copy_out(uint8_t *p, size_t n, void *arg)
{
	uint8_t **dst = arg;

	memcpy(*dst, p, n);
	*dst += n;
}

static void
copy_in(uint8_t *p, size_t n, void *arg)
{
	const uint8_t **src = arg;

	memcpy(p, *src, n);
	*src += n;
}

void
crypto_copydata(const struct crypto_buffer *cb, size_t off, size_t len, void *out)
{
	uint8_t *dst = out;

	walk(cb, off, len, copy_out, &dst);
}

void
crypto_copyback(const struct crypto_buffer *cb, size_t off, size_t len, const void *in)
{
	const uint8_t *src = in;

	walk(cb, off, len, copy_in, &src);
}

uint8_t *
crypto_contiguous(const struct crypto_buffer *cb, size_t off, size_t len)
{
	const struct crypto_seg *s;

	if (cb->cb_type == CRYPTO_BUF_CONTIG)
		return (off <= cb->cb_contig.len && len <= cb->cb_contig.len - off ?
		    cb->cb_contig.buf + off : NULL);
	for (s = cb->cb_chain; s != NULL; s = s->next) {
		if (off < s->len || (off == s->len && len == 0))
			return (len <= s->len - off ? s->data + off : NULL);
		off -= s->len;
	}
	return (NULL);
}

int
crypto_region_get(const struct cryptop *crp, size_t off, size_t len, struct crypto_region *r)
{
	r->len = len;
	r->bounced = 0;
	r->p = crypto_contiguous(&crp->crp_buf, off, len);
	if (r->p != NULL || len == 0)
		return (0);
	r->p = crypto_platform_alloc(len);
	if (r->p == NULL)
		return (ENOMEM);
	r->bounced = 1;
	crypto_copydata(&crp->crp_buf, off, len, r->p);
	return (0);
}

void
crypto_region_put(const struct cryptop *crp, size_t off, struct crypto_region *r, int write_back)
{
	if (!r->bounced)
		return;
	if (write_back)
		crypto_copyback(&crp->crp_buf, off, r->len, r->p);
	memset(r->p, 0, r->len);
	crypto_platform_free(r->p);
	r->bounced = 0;
}

void
crypto_read_iv(const struct cryptop *crp, uint8_t *iv, size_t len)
{
	if (crp->crp_flags & CRYPTO_F_IV_SEPARATE)
		memcpy(iv, crp->crp_iv, len);
	else
		crypto_copydata(&crp->crp_buf, crp->crp_iv_start, len, iv);
}
