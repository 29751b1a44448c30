/*
 * The crypto framework's consumer API (kernel/opencrypto/cryptodev.h) for
 * host programs, so the IPsec datapath (net/ipsec/xform_esp.c, xform_ah.c)
 * runs unchanged in host unit tests and fuzzers.  Only what is the
 * kernel's own is done here -- sessions in libc memory, a request queue,
 * completion -- and the rest is the kernel's portable code, linked as is
 * (kernel/opencrypto/files.mk, OPENCRYPTO_PORTABLE_SRCS): the session
 * rules (crypto_params.c), buffer access (crypto_buffer.c), the request
 * checks and the process() frame (crypto_request.c) and the software
 * driver (cryptosoft.c), which serves every session.  This file is their
 * platform (crypto_platform.h).
 *
 * Requests are queued by crypto_dispatch() and run, callbacks included, by
 * crypto_host_drain(), which the test calls without the net lock: the
 * datapath dispatches with the lock held and its callbacks take it, and
 * the host net lock (tests/host/lib/net_host.c) aborts on recursion.  So
 * every request here is "queued" in the framework's sense.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/errno.h>
#include <opencrypto/cryptodrv.h>
#include <opencrypto/crypto_platform.h>
#include "tests/host/lib/crypto_host.h"

struct crypto_session {
	struct crypto_session_params csp;	/* copy; keys point into ckey/akey */
	const struct crypto_xform *cx;		/* the cipher, for the request checks */
	uint8_t		 ckey[CRYPTO_MAX_CIPHER_KEY];	/* the session's own key copies */
	uint8_t		 akey[CRYPTO_MAX_AUTH_KEY];
	void		*softc;			/* cryptosoft's session state */
};

static struct cryptop *q_head, *q_tail;	/* requests waiting for a drain */
static struct crypto_host_stats cstats;

const struct crypto_host_stats *
crypto_host_stats(void)
{
	return (&cstats);
}

int
crypto_newsession(crypto_session_t *sidp, const struct crypto_session_params *csp, int crid)
{
	const struct crypto_driver *drv = &cryptosoft_driver;
	const struct crypto_xform *cx, *ax;
	struct crypto_session *s;
	int error;

	*sidp = NULL;
	if ((crid & (CRYPTOCAP_F_SOFTWARE | CRYPTOCAP_F_HARDWARE)) == 0)
		return (EOPNOTSUPP);
	if ((error = crypto_check_params(csp, &cx, &ax)) != 0)
		return (error);
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->softc = calloc(1, drv->session_size)) == NULL)
		abort();
	s->cx = cx;
	crypto_session_params_copy(&s->csp, csp, cx, ax, s->ckey, s->akey);
	if ((error = drv->newsession(s->softc, &s->csp)) != 0) {
		free(s->softc);
		memset(s, 0, sizeof(*s));
		free(s);
		return (error);
	}
	cstats.sessions++;
	*sidp = s;
	return (0);
}

void
crypto_freesession(crypto_session_t s)
{
	if (s == NULL)
		return;
	cryptosoft_driver.freesession(s->softc);
	memset(s->softc, 0, cryptosoft_driver.session_size);
	free(s->softc);
	memset(s, 0, sizeof(*s));
	free(s);
	cstats.sessions--;
}

const char *
crypto_session_driver(crypto_session_t sid)
{
	(void)sid;
	return (cryptosoft_driver.name);
}

int
crypto_find_driver(const char *name)
{
	return (strcmp(name, cryptosoft_driver.name) == 0 ? 0x100 : -1);
}

/* --- the portable parts' platform (crypto_platform.h) --------------------- */

void *
crypto_platform_alloc(size_t len)
{
	return (malloc(len ? len : 1));
}

void
crypto_platform_free(void *p)
{
	free(p);
}

void
crypto_platform_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "crypto_host: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

/* --- requests ----------------------------------------------------------- */

int
crypto_dispatch(struct cryptop *crp)
{
	int error;

	if (crp == NULL || crp->crp_session == NULL || crp->crp_callback == NULL)
		return (EINVAL);
	if ((error = crypto_check_request(&crp->crp_session->csp, crp->crp_session->cx,
	    crp)) != 0) {
		cstats.refused++;
		return (error);
	}
	crp->crp_flags &= ~CRYPTO_F_DONE;
	crp->crp_next = NULL;
	if (q_tail != NULL)
		q_tail->crp_next = crp;
	else
		q_head = crp;
	q_tail = crp;
	cstats.pending++;
	cstats.dispatched++;
	return (0);
}

void
crypto_done(struct cryptop *crp)
{
	if (crp->crp_flags & CRYPTO_F_DONE)
		crypto_platform_panic("crypto_done: request %p finished twice", (void *)crp);
	crp->crp_flags |= CRYPTO_F_DONE;
	cstats.done++;
	if (crp->crp_etype == EBADMSG)
		cstats.badmsg++;
	crp->crp_callback(crp);
}

int
crypto_host_drain(void)
{
	struct cryptop *crp;
	int error, n = 0;

	while ((crp = q_head) != NULL) {
		q_head = crp->crp_next;
		if (q_head == NULL)
			q_tail = NULL;
		crp->crp_next = NULL;
		cstats.pending--;
		/* The software driver, as the kernel runs it; crypto_done() may
		   queue more (echo replies).  Refused without finishing: done here. */
		crp->crp_etype = 0;
		if ((error = cryptosoft_driver.process(crp->crp_session->softc,
		    &crp->crp_session->csp, crp)) != 0) {
			crp->crp_etype = error;
			crypto_done(crp);
		}
		n++;
	}
	return (n);
}
