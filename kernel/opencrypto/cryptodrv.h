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

/* Shared helper: validate a request's offsets against its session. */
int	crypto_check_request(const struct crypto_session_params *csp,
	    const struct crypto_xform *cx, const struct crypto_xform *ax,
	    const struct cryptop *crp);
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

/* Measurement only: crp straight to its driver, bypassing crypto_dispatch(). */
int	crypto_invoke_driver(struct cryptop *crp);

/* The request's IV (from the buffer or crp_iv). */
void	crypto_read_iv(const struct cryptop *crp, uint8_t *iv, size_t len);

#endif
