/*
 * The crypto framework's consumer interface (opencrypto style).
 *
 * A consumer creates a session naming the algorithms and keys, then submits
 * requests against it.  A request describes a buffer (flat, or a chain of
 * segments like an mbuf chain) and where in it the AAD, payload, digest and
 * IV lie; the framework picks the best driver for the session (AES-NI over
 * software), runs the request -- in the caller's context (the direct path)
 * unless it is marked CRYPTO_F_BATCH, else on a per-CPU worker thread --
 * and reports through the callback, called directly when the request is
 * marked CRYPTO_F_CBIMM (a light callback) and from the return thread
 * otherwise.  The result is in crp_etype: 0, EBADMSG (verification failed;
 * no plaintext was written), EINVAL...
 */
#ifndef OPENCRYPTO_CRYPTODEV_H
#define OPENCRYPTO_CRYPTODEV_H

#include <stddef.h>
#include <stdint.h>

/* Algorithms: the portable layer's ids (crypto/xform.h). */
#include "crypto/xform.h"

enum csp_mode {
	CSP_MODE_CIPHER = 1,	/* encrypt/decrypt only */
	CSP_MODE_DIGEST,	/* hash or HMAC only */
	CSP_MODE_AEAD,		/* AES-GCM, ChaCha20-Poly1305 */
	CSP_MODE_ETA,		/* encrypt-then-authenticate: cipher + HMAC */
};

struct crypto_session_params {
	enum csp_mode	 csp_mode;
	int		 csp_cipher_alg;	/* enum crypto_alg_id, or 0 */
	const uint8_t	*csp_cipher_key;
	int		 csp_cipher_klen;	/* bytes */
	int		 csp_auth_alg;		/* digest/ETA: hash or HMAC id */
	const uint8_t	*csp_auth_key;
	int		 csp_auth_klen;
	int		 csp_auth_mlen;		/* ICV bytes (0: the algorithm's full size) */
	int		 csp_ivlen;		/* IV bytes the requests carry */
};

/* Which drivers may serve a session. */
#define CRYPTOCAP_F_HARDWARE	0x01	/* accelerated (AES-NI...) */
#define CRYPTOCAP_F_SOFTWARE	0x02	/* portable C */

struct crypto_session;
typedef struct crypto_session *crypto_session_t;

int	crypto_newsession(crypto_session_t *sid, const struct crypto_session_params *csp,
	    int crid);		/* crid: CRYPTOCAP_F_* mask, or a driver id from crypto_find_driver */
void	crypto_freesession(crypto_session_t sid);
/* The driver-independent parameter rules (crypto_params.c): 0 or EINVAL;
   the cipher and auth transforms through cxp/axp when not NULL. */
int	crypto_check_params(const struct crypto_session_params *csp,
	    const struct crypto_xform **cxp, const struct crypto_xform **axp);
#define CRYPTO_MAX_CIPHER_KEY	64	/* key bytes crypto_check_params accepts */
#define CRYPTO_MAX_AUTH_KEY	128
/*
 * A session's own copy of parameters crypto_check_params accepted (cx, ax
 * its transforms): keys copied into ckey and akey, the ICV length, when 0,
 * set to the algorithm's.
 */
void	crypto_session_params_copy(struct crypto_session_params *dst,
	    const struct crypto_session_params *src, const struct crypto_xform *cx,
	    const struct crypto_xform *ax, uint8_t ckey[CRYPTO_MAX_CIPHER_KEY],
	    uint8_t akey[CRYPTO_MAX_AUTH_KEY]);
const char *crypto_session_driver(crypto_session_t sid);
int	crypto_find_driver(const char *name);	/* driver id, or -1 */

/* Buffers: one flat buffer or a chain of segments. */
struct crypto_seg {
	struct crypto_seg	*next;
	uint8_t			*data;
	size_t			 len;
};

enum crypto_buffer_type { CRYPTO_BUF_CONTIG = 1, CRYPTO_BUF_CHAIN };

struct crypto_buffer {
	enum crypto_buffer_type	 cb_type;
	union {
		struct {
			uint8_t	*buf;
			size_t	 len;
		} cb_contig;
		struct crypto_seg *cb_chain;
	};
};

#define CRYPTO_OP_ENCRYPT		0x01	/* AEAD/ETA: and compute the ICV */
#define CRYPTO_OP_DECRYPT		0x02	/* AEAD/ETA: verify the ICV first */
#define CRYPTO_OP_COMPUTE_DIGEST	0x04
#define CRYPTO_OP_VERIFY_DIGEST		0x08

#define CRYPTO_F_BATCH		0x0001	/* may be queued: run on a worker thread */
#define CRYPTO_F_CBIMM		0x0002	/* light callback: call it directly */
#define CRYPTO_F_IV_SEPARATE	0x0004	/* IV in crp_iv, not in the buffer */
#define CRYPTO_F_ESN		0x0008	/* digest/ETA: the MAC also covers crp_esn,
					   after the payload (ESP's high sequence
					   bits, RFC 4303 2.2.1: never sent) */
#define CRYPTO_F_DONE		0x0100	/* set by the framework when finished */

#define CRYPTO_MAX_IV		16
#define CRYPTO_MAX_ICV		64

struct cryptop {
	crypto_session_t	 crp_session;
	int			 crp_op;		/* CRYPTO_OP_* */
	int			 crp_flags;		/* CRYPTO_F_* */
	struct crypto_buffer	 crp_buf;
	size_t			 crp_aad_start, crp_aad_length;
	size_t			 crp_payload_start, crp_payload_length;
	size_t			 crp_digest_start;	/* ICV location */
	size_t			 crp_iv_start;		/* unless CRYPTO_F_IV_SEPARATE */
	uint8_t			 crp_iv[CRYPTO_MAX_IV];
	uint8_t			 crp_esn[4];		/* with CRYPTO_F_ESN */
	int			 crp_etype;		/* result: 0 or an errno */
	int			 (*crp_callback)(struct cryptop *);
	void			*crp_opaque;		/* for the consumer */
	/* framework-private */
	struct cryptop		*crp_next;		/* queue link */
	int			 crp_path;		/* how it was run (stats) */
};

/* Submit a request.  Returns 0 (the callback reports) or an errno for requests it could not accept. */
int	crypto_dispatch(struct cryptop *crp);
/* Drivers: the request is finished (crp_etype set). */
void	crypto_done(struct cryptop *crp);

/* Buffer access for drivers and consumers. */
size_t	crypto_buffer_len(const struct crypto_buffer *cb);
void	crypto_copydata(const struct crypto_buffer *cb, size_t off, size_t len, void *out);
void	crypto_copyback(const struct crypto_buffer *cb, size_t off, size_t len, const void *in);
/* A pointer to [off, off+len) if it lies in one segment, else NULL. */
uint8_t	*crypto_contiguous(const struct crypto_buffer *cb, size_t off, size_t len);

#endif
