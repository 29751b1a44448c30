/*
 * The crypto framework's driver interface.  A driver says which sessions
 * it can serve and how well (probesession returns a priority, higher wins,
 * or a negative errno), keeps per-session state in session_size bytes the
 * framework allocates, and processes requests: it finishes each with
 * crypto_done(), or returns ERESTART when busy (the framework requeues the
 * request and counts it).
 */
#ifndef OPENCRYPTO_CRYPTODRV_H
#define OPENCRYPTO_CRYPTODRV_H

#include <opencrypto/cryptodev.h>

struct crypto_driver {
	const char	*name;		/* "cryptosoft", "aesni" */
	int		 flags;		/* CRYPTOCAP_F_HARDWARE or _SOFTWARE */
	size_t		 session_size;	/* bytes of driver state per session */
	int		(*probesession)(const struct crypto_session_params *csp);
	int		(*newsession)(void *softc, const struct crypto_session_params *csp);
	void		(*freesession)(void *softc);
	int		(*process)(void *softc, const struct crypto_session_params *csp,
			    struct cryptop *crp);
};

#define CRYPTODEV_PROBE_HARDWARE	100
#define CRYPTODEV_PROBE_SOFTWARE	10

int	crypto_register_driver(const struct crypto_driver *drv);	/* id or -1 */
/* A driver leaving (its module unloaded): 0, or EBUSY while it has sessions. */
int	crypto_unregister_driver(int id);
uint64_t crypto_driver_sessions(int id);	/* sessions open on driver id */

/* Checks a request's regions and operation against its session: 0 or EINVAL. */
int	crypto_check_request(const struct crypto_session_params *csp,
	    const struct crypto_xform *cx, const struct cryptop *crp);
/*
 * A region of a request's buffer for a driver that needs flat memory: a
 * direct pointer when it is contiguous, else a bounce copy (ENOMEM if none
 * can be had).  crypto_region_put() writes a bounce back when asked, wipes
 * and frees it.
 */
struct crypto_region {
	uint8_t	*p;
	size_t	 len;
	int	 bounced;
};
int	crypto_region_get(const struct cryptop *crp, size_t off, size_t len,
	    struct crypto_region *r);
void	crypto_region_put(const struct cryptop *crp, size_t off, struct crypto_region *r,
	    int write_back);
/* The request's IV (from the buffer or crp_iv). */
void	crypto_read_iv(const struct cryptop *crp, uint8_t *iv, size_t len);

/*
 * What a driver computes for one session, and the process() frame every
 * driver runs it in (crypto_request.c): the request checked, the IV read,
 * AAD and payload made flat, the mode's steps in their order -- an ICV is
 * verified before anything is decrypted, encrypt-then-MAC digests the
 * ciphertext -- results written back, secrets wiped, crypto_done().
 * Returns 0 once the request is finished, or an errno without finishing
 * it (EINVAL, ENOMEM).  sess is the driver's session state.
 */
struct crypto_methods {
	/* The payload in place (cipher and ETA sessions). */
	int	(*cipher)(const void *sess, int enc, const uint8_t *iv,
		    struct crypto_region *pay);
	/* AEAD: the payload in place; icv (csp_auth_mlen bytes) out, or in to verify. */
	int	(*aead)(const void *sess, const struct crypto_session_params *csp, int enc,
		    const uint8_t *iv, struct crypto_region *aad, struct crypto_region *pay,
		    uint8_t *icv);
	/* The whole hash or HMAC of AAD, payload and, with CRYPTO_F_ESN, crp_esn. */
	void	(*digest)(const void *sess, const struct cryptop *crp,
		    const struct crypto_region *aad, const struct crypto_region *pay,
		    uint8_t *out);
	/* Around the work (the aesni driver's FPU section); NULL: nothing. */
	void	(*enter)(void);
	void	(*leave)(void);
};
int	crypto_process(const struct crypto_methods *m, const void *sess,
	    const struct crypto_xform *cx, const struct crypto_session_params *csp,
	    struct cryptop *crp);
/*
 * For a driver's digest method: the MAC from a keyed HMAC template (hmac
 * not NULL) or else the hash, of AAD, payload and, with CRYPTO_F_ESN,
 * crp_esn -- whole, into out (CRYPTO_HASH_MAX_DIGEST bytes).
 */
void	crypto_digest_request(const hmac_ctx *hmac, const crypto_hash_desc *hash,
	    const struct cryptop *crp, const struct crypto_region *aad,
	    const struct crypto_region *pay, uint8_t *out);

/* The portable software driver (cryptosoft.c), and its test hook: every Nth
   request answers busy (ERESTART) when non-zero (debug.crypto.soft_busy_every). */
extern const struct crypto_driver cryptosoft_driver;
extern uint64_t cryptosoft_busy_every;

/* Measurement only: crp straight to its driver, bypassing crypto_dispatch(). */
int	crypto_invoke_driver(struct cryptop *crp);

#endif
