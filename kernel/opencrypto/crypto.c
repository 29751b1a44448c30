/*
 * The crypto framework: driver registry, sessions, request dispatch on the
 * direct path or through per-CPU worker threads, completion through light
 * callbacks or the return thread, and statistics (sysctl kern.crypto).
 *
 * Request life: crypto_dispatch() validates the session, then either calls
 * the driver at once (direct) or queues the request for this CPU's worker
 * (CRYPTO_F_BATCH).  A driver that answers ERESTART (busy) gets the request
 * again later from a worker queue.  crypto_done() marks it finished and
 * runs the callback directly (CRYPTO_F_CBIMM) or hands it to the return
 * thread.
 *
 * Here too: the kernel's side of crypto_platform.h, for the portable
 * parts (the software driver, request checks and the process() frame,
 * buffer access), and the software driver's registration.
 */
#include <stdarg.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/errno.h>
#include <sys/malloc.h>
#include <sys/module.h>
#include <sys/mutex.h>
#include <sys/pcpu.h>
#include <sys/proc.h>
#include <sys/sbuf.h>
#include <sys/sysctl.h>
#include <opencrypto/cryptodrv.h>
#include <opencrypto/crypto_platform.h>

#define MAX_DRIVERS	8

MALLOC_DEFINE(M_CRYPTO, "crypto", "crypto sessions");

struct crypto_session {
	const struct crypto_driver	*drv;
	int				 drv_id;
	struct crypto_session_params	 csp;		/* keys point into the arrays below */
	uint8_t				 ckey[CRYPTO_MAX_CIPHER_KEY];
	uint8_t				 akey[CRYPTO_MAX_AUTH_KEY];
	void				*softc;		/* driver state */
};

struct crq {				/* a queue of requests, with its lock */
	struct mtx	 lock;
	struct cryptop	*head, *tail;
	uint64_t	 len;
};

enum { PATH_DIRECT, PATH_QUEUED, PATH_NPATHS };

struct drv_stats {
	uint64_t	sessions;	/* sessions open */
	uint64_t	requests;	/* finished */
	uint64_t	errors;		/* finished with crp_etype != 0 (EBADMSG included) */
	uint64_t	requeued;	/* answered busy */
};

static const struct crypto_driver *drivers[MAX_DRIVERS];
static struct drv_stats	drv_stats[MAX_DRIVERS];
static int		ndrivers;
static struct mtx	drivers_lock;

static struct crq	workq[MAXCPU];
static struct crq	retq;
static int		nworkers;

static uint64_t	stat_path[PATH_NPATHS];	/* requests started on each path */
static uint64_t	stat_requeued, stat_errors, stat_invalid;
static uint64_t	stat_cb_direct, stat_cb_queued;

SYSCTL_U64("kern.crypto.direct", &stat_path[PATH_DIRECT], "requests run in the caller's context");
SYSCTL_U64("kern.crypto.queued", &stat_path[PATH_QUEUED], "requests run by a worker thread");
SYSCTL_U64("kern.crypto.requeued", &stat_requeued, "requests a driver answered busy");
SYSCTL_U64("kern.crypto.errors", &stat_errors, "requests finished with an error");
SYSCTL_U64("kern.crypto.invalid", &stat_invalid, "requests refused at dispatch");
SYSCTL_U64("kern.crypto.cb_direct", &stat_cb_direct, "callbacks called directly");
SYSCTL_U64("kern.crypto.cb_queued", &stat_cb_queued, "callbacks run by the return thread");
SYSCTL_INT("kern.crypto.workers", &nworkers, "worker threads (one per CPU)");

static void
drivers_handler(char *buf, size_t len)
{
	struct sbuf sb;
	int i;

	sbuf_new_fixed(&sb, buf, len);
	for (i = 0; i < ndrivers; i++)
		if (drivers[i] != NULL)
			sbuf_printf(&sb,
			    "%s%s(%s sessions=%llu requests=%llu errors=%llu requeued=%llu)",
			    sbuf_len(&sb) ? " " : "", drivers[i]->name,
			    drivers[i]->flags & CRYPTOCAP_F_HARDWARE ? "hw" : "sw",
			    (unsigned long long)drv_stats[i].sessions,
			    (unsigned long long)drv_stats[i].requests,
			    (unsigned long long)drv_stats[i].errors,
			    (unsigned long long)drv_stats[i].requeued);
}
SYSCTL_PROC("kern.crypto.drivers", drivers_handler, "drivers and their statistics");

void *
crypto_platform_alloc(size_t len)
{
	return (malloc(len, M_CRYPTO, M_NOWAIT));
}

void
crypto_platform_free(void *p)
{
	free(p, M_CRYPTO);
}

void
crypto_platform_panic(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	panic("%s", msg);
}

static void
crypto_init(const void *dummy __unused)
{
	mtx_init(&drivers_lock, "crypto drivers", MTX_SPIN);
	mtx_init(&retq.lock, "crypto return queue", MTX_SPIN);
}
SYSINIT(crypto, SI_SUB_DRIVERS, SI_ORDER_FIRST, crypto_init, NULL);
/* Crypto drivers in modules depend on the framework: MODULE_DEPEND(x, crypto, 1, 1, 1). */
MODULE_VERSION(crypto, 1);

/* The software driver is always there: every session has a driver. */
static void
cryptosoft_attach(const void *dummy __unused)
{
	getenv_quad("debug.crypto.soft_busy_every", &cryptosoft_busy_every);
	crypto_register_driver(&cryptosoft_driver);
}
SYSINIT(cryptosoft, SI_SUB_DRIVERS, SI_ORDER_SECOND, cryptosoft_attach, NULL);

/* A driver takes the first free slot: a driver unloaded leaves its slot free. */
int
crypto_register_driver(const struct crypto_driver *drv)
{
	int id = -1, i;

	mtx_lock_spin(&drivers_lock);
	for (i = 0; i < ndrivers && drivers[i] != NULL; i++)
		;
	if (i < MAX_DRIVERS) {
		id = i;
		drivers[i] = drv;
		memset(&drv_stats[i], 0, sizeof(drv_stats[i]));
		if (i == ndrivers)
			ndrivers++;
	}
	mtx_unlock_spin(&drivers_lock);
	if (id < 0)
		printf("crypto: too many drivers, %s not registered\n", drv->name);
	else if (bootverbose)
		printf("crypto: driver %s registered (%s)\n", drv->name,
		    drv->flags & CRYPTOCAP_F_HARDWARE ? "accelerated" : "software");
	return (id);
}

/*
 * A driver in a module leaving: refused (EBUSY) while it has sessions --
 * they, and their requests, point at its code.  Sessions are counted
 * under drivers_lock from the moment a driver is chosen for one
 * (crypto_newsession), so none can start once this succeeds.
 */
int
crypto_unregister_driver(int id)
{
	int error = 0;

	if (id < 0 || id >= MAX_DRIVERS)
		return (EINVAL);
	mtx_lock_spin(&drivers_lock);
	if (drivers[id] == NULL)
		error = ENOENT;
	else if (drv_stats[id].sessions != 0)
		error = EBUSY;
	else
		drivers[id] = NULL;
	mtx_unlock_spin(&drivers_lock);
	return (error);
}

uint64_t
crypto_driver_sessions(int id)
{
	return (id >= 0 && id < MAX_DRIVERS ?
	    __atomic_load_n(&drv_stats[id].sessions, __ATOMIC_RELAXED) : 0);
}

int
crypto_find_driver(const char *name)
{
	int i, id = -1;

	mtx_lock_spin(&drivers_lock);
	for (i = 0; i < ndrivers && id < 0; i++)
		if (drivers[i] != NULL && strcmp(drivers[i]->name, name) == 0)
			id = i + 0x100;	/* driver ids are distinct from CRYPTOCAP_F_* masks */
	mtx_unlock_spin(&drivers_lock);
	return (id);
}

/* --- sessions -------------------------------------------------------------- */

/*
 * Loader tunable kern.crypto.software_algs: a comma-separated list of
 * algorithm names ("aes-cbc,hmac-sha256") whose sessions only software
 * drivers may serve, so the portable code can be measured or tested next
 * to the accelerated one in the same boot.  A session is matched by its
 * cipher, or by its MAC/hash for a digest session.  Returns 1 if listed.
 */
static int
software_only(const struct crypto_session_params *csp)
{
	const struct crypto_xform *x = crypto_xform_lookup(csp->csp_cipher_alg ?
	    csp->csp_cipher_alg : csp->csp_auth_alg);
	const char *list = kern_getenv("kern.crypto.software_algs"), *p;
	size_t n;

	if (x == NULL || list == NULL)
		return (0);
	n = strlen(x->name);
	for (p = list; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (strncmp(p, x->name, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return (1);
	}
	return (0);
}

int
crypto_newsession(crypto_session_t *sidp, const struct crypto_session_params *csp, int crid)
{
	const struct crypto_xform *cx, *ax;
	struct crypto_session *s;
	int i, best = -1, best_prio = -1, prio, error;

	*sidp = NULL;
	if ((error = crypto_check_params(csp, &cx, &ax)) != 0)
		return (error);
	if (crid < 0x100 && software_only(csp))
		crid &= CRYPTOCAP_F_SOFTWARE;
	/* The choice and the session count together: the driver cannot leave now. */
	mtx_lock_spin(&drivers_lock);
	for (i = 0; i < ndrivers; i++) {
		if (drivers[i] == NULL ||
		    (crid >= 0x100 ? i != crid - 0x100 : (drivers[i]->flags & crid) == 0))
			continue;
		prio = drivers[i]->probesession(csp);
		if (prio > best_prio) {
			best_prio = prio;
			best = i;
		}
	}
	if (best >= 0)
		__atomic_add_fetch(&drv_stats[best].sessions, 1, __ATOMIC_RELAXED);
	mtx_unlock_spin(&drivers_lock);
	if (best < 0)
		return (EOPNOTSUPP);
	s = malloc(sizeof(*s), M_CRYPTO, M_WAITOK | M_ZERO);
	s->drv = drivers[best];
	s->drv_id = best;
	crypto_session_params_copy(&s->csp, csp, cx, ax, s->ckey, s->akey);
	s->softc = s->drv->session_size ?
	    malloc(s->drv->session_size, M_CRYPTO, M_WAITOK | M_ZERO) : NULL;
	if ((error = s->drv->newsession(s->softc, &s->csp)) != 0) {
		free(s->softc, M_CRYPTO);
		memset(s, 0, sizeof(*s));
		free(s, M_CRYPTO);
		__atomic_sub_fetch(&drv_stats[best].sessions, 1, __ATOMIC_RELAXED);
		return (error);
	}
	*sidp = s;
	return (0);
}

void
crypto_freesession(crypto_session_t s)
{
	if (s == NULL)
		return;
	s->drv->freesession(s->softc);
	__atomic_sub_fetch(&drv_stats[s->drv_id].sessions, 1, __ATOMIC_RELAXED);
	if (s->softc != NULL) {
		memset(s->softc, 0, s->drv->session_size);
		free(s->softc, M_CRYPTO);
	}
	memset(s, 0, sizeof(*s));	/* keys */
	free(s, M_CRYPTO);
}

const char *
crypto_session_driver(crypto_session_t s)
{
	return (s->drv->name);
}

/* --- requests --------------------------------------------------------------- */

static void
crq_put(struct crq *q, struct cryptop *crp)
{
	mtx_lock_spin(&q->lock);
	crp->crp_next = NULL;
	if (q->tail != NULL)
		q->tail->crp_next = crp;
	else
		q->head = crp;
	q->tail = crp;
	q->len++;
	mtx_unlock_spin(&q->lock);
	wakeup(q);
}

/* Next request, sleeping until there is one. */
static struct cryptop *
crq_get(struct crq *q)
{
	struct cryptop *crp;

	mtx_lock_spin(&q->lock);
	while ((crp = q->head) == NULL)
		msleep_spin(q, &q->lock, "crypto", 0);
	q->head = crp->crp_next;
	if (q->head == NULL)
		q->tail = NULL;
	q->len--;
	mtx_unlock_spin(&q->lock);
	return (crp);
}

/* Runs crp on its driver; returns 1 if the driver was busy and it was requeued. */
static int
run_request(struct cryptop *crp)
{
	struct crypto_session *s = crp->crp_session;
	int error = s->drv->process(s->softc, &s->csp, crp);

	if (error == ERESTART) {
		__atomic_add_fetch(&stat_requeued, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&drv_stats[s->drv_id].requeued, 1, __ATOMIC_RELAXED);
		crq_put(&workq[nworkers > 0 ? curcpu % (unsigned)nworkers : 0], crp);
		return (1);
	}
	if (error != 0) {		/* the driver refused it without finishing it */
		crp->crp_etype = error;
		crypto_done(crp);
	}
	return (0);
}

int
crypto_dispatch(struct cryptop *crp)
{
	if (crp->crp_session == NULL || crp->crp_callback == NULL) {
		__atomic_add_fetch(&stat_invalid, 1, __ATOMIC_RELAXED);
		return (EINVAL);
	}
	crp->crp_etype = 0;
	crp->crp_flags &= ~CRYPTO_F_DONE;
	if ((crp->crp_flags & CRYPTO_F_BATCH) && nworkers > 0) {
		crp->crp_path = PATH_QUEUED;
		__atomic_add_fetch(&stat_path[PATH_QUEUED], 1, __ATOMIC_RELAXED);
		crq_put(&workq[curcpu % (unsigned)nworkers], crp);
		return (0);
	}
	crp->crp_path = PATH_DIRECT;
	__atomic_add_fetch(&stat_path[PATH_DIRECT], 1, __ATOMIC_RELAXED);
	(void)run_request(crp);
	return (0);
}

/*
 * Measurement hook (cryptotest -o): the driver's process() on crp at once,
 * without crypto_dispatch()'s checks, path choice and statistics, so the
 * direct path's cost over the bare driver call can be measured.  A busy
 * or refusing driver finishes the request with that error here.
 */
int
crypto_invoke_driver(struct cryptop *crp)
{
	struct crypto_session *s = crp->crp_session;
	int error;

	crp->crp_etype = 0;
	crp->crp_flags &= ~CRYPTO_F_DONE;
	if ((error = s->drv->process(s->softc, &s->csp, crp)) != 0) {
		crp->crp_etype = error;
		crypto_done(crp);
	}
	return (0);
}

void
crypto_done(struct cryptop *crp)
{
	struct crypto_session *s = crp->crp_session;

	if (crp->crp_flags & CRYPTO_F_DONE)
		panic("crypto_done: request %p finished twice", (void *)crp);
	crp->crp_flags |= CRYPTO_F_DONE;
	__atomic_add_fetch(&drv_stats[s->drv_id].requests, 1, __ATOMIC_RELAXED);
	if (crp->crp_etype != 0) {
		__atomic_add_fetch(&stat_errors, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&drv_stats[s->drv_id].errors, 1, __ATOMIC_RELAXED);
	}
	if ((crp->crp_flags & CRYPTO_F_CBIMM) || !sched_running) {
		__atomic_add_fetch(&stat_cb_direct, 1, __ATOMIC_RELAXED);
		crp->crp_callback(crp);
		return;
	}
	__atomic_add_fetch(&stat_cb_queued, 1, __ATOMIC_RELAXED);
	crq_put(&retq, crp);
}

static void
crypto_worker(void *arg)
{
	struct crq *q = arg;

	for (;;) {
		struct cryptop *crp = crq_get(q);

		if (run_request(crp))	/* busy driver: give it a tick */
			pause_ticks("cryptobz", 1);
	}
}

static void
crypto_ret_thread(void *arg)
{
	(void)arg;
	for (;;) {
		struct cryptop *crp = crq_get(&retq);

		crp->crp_callback(crp);
	}
}

/* After the APs are up: one worker per CPU, and the return thread. */
static void
crypto_threads(const void *dummy __unused)
{
	int i;

	for (i = 0; i < (int)mp_ncpus && i < MAXCPU; i++) {
		mtx_init(&workq[i].lock, "crypto work queue", MTX_SPIN);
		kthread_create(crypto_worker, &workq[i], PRI_KERN - 8, i, "crypto %d", i);
	}
	nworkers = i;
	kthread_create(crypto_ret_thread, NULL, PRI_KERN - 8, NOCPU, "crypto returns");
}
SYSINIT(crypto_threads, SI_SUB_SMP, SI_ORDER_ANY, crypto_threads, NULL);
