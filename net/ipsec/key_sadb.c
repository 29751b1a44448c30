/*
 * The SADB: where security associations live, how the datapath finds and
 * references them, and how their lifetimes run out.
 *
 * SAs are indexed by (destination, protocol, SPI) in a hash table and kept
 * on one list per state (LARVAL, MATURE, DYING; DEAD SAs are unlinked and
 * only wait for their last reference).  key_timehandler() runs once a
 * second: a larval SA older than KEY_LARVAL_LIFETIME is dropped; reaching
 * a soft limit moves a mature SA to DYING and sends EXPIRE(soft); reaching
 * a hard limit sends EXPIRE(hard) and removes the SA.  Byte and packet
 * limits are checked there too, so they take effect within a second of
 * being passed; key_sa_recordxfer() only counts.
 */
#include <string.h>

#include "net/net_platform.h"
#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "net/ipsec/key_sadb.h"
#include "net/ipsec/keysock.h"

/*
 * Buckets, a power of two: tens of SAs a chain at 100 000 SAs.  The state
 * lists are doubly linked with a tail, so adding and removing an SA cost
 * the same whatever the SADB's size.
 */
#define SAVHASH_BITS	12
#define SAVHASH_SIZE	(1u << SAVHASH_BITS)

static struct secasvar *savhash[SAVHASH_SIZE];	/* by (dst, proto, spi) */
static struct secasvar *savlist[SADB_SASTATE_DEAD]; /* by state (not DEAD) */
static struct secasvar *savtail[SADB_SASTATE_DEAD]; /* last of each savlist[] */
static int savcount[SADB_SASTATE_DEAD];		/* lengths of savlist[] */

static unsigned
savhash_index(uint8_t proto, uint32_t spi)
{
	/* Fibonacci hashing: SPIs handed out in sequence spread evenly. */
	return ((uint32_t)((spi ^ proto) * 2654435761u) >> (32 - SAVHASH_BITS));
}

struct secasvar *
key_sav_first(int state)
{
	return (state >= 0 && state < SADB_SASTATE_DEAD ? savlist[state] : NULL);
}

int
key_sa_count(int state)
{
	int i, n = 0;

	if (state >= 0)
		return (state < SADB_SASTATE_DEAD ? savcount[state] : 0);
	for (i = 0; i < SADB_SASTATE_DEAD; i++)
		n += savcount[i];
	return (n);
}

struct secasvar *
key_newsav(void)
{
	struct secasvar *sav = net_malloc(sizeof(*sav));

	if (sav != NULL) {
		sav->refcnt = 1;	/* the SADB's */
		sav->created_ms = net_uptime_ms();
		sav->lft_c.addtime = key_now();
	}
	return (sav);
}

static void
savlist_remove(struct secasvar *sav)
{
	if (sav->state_prev != NULL)
		sav->state_prev->state_next = sav->state_next;
	else
		savlist[sav->state] = sav->state_next;
	if (sav->state_next != NULL)
		sav->state_next->state_prev = sav->state_prev;
	else
		savtail[sav->state] = sav->state_prev;
	savcount[sav->state]--;
	sav->state_next = sav->state_prev = NULL;
}

/* Appends at the tail, so lists (and dumps) keep insertion order. */
static void
savlist_insert(struct secasvar *sav)
{
	sav->state_next = NULL;
	sav->state_prev = savtail[sav->state];
	if (sav->state_prev != NULL)
		sav->state_prev->state_next = sav;
	else
		savlist[sav->state] = sav;
	savtail[sav->state] = sav;
	savcount[sav->state]++;
}

void
key_insertsav(struct secasvar *sav, uint8_t state)
{
	unsigned h = savhash_index(sav->saidx.proto, sav->spi);

	net_assert_locked();
	sav->state = state;
	sav->hash_next = savhash[h];
	savhash[h] = sav;
	savlist_insert(sav);
	sav->linked = 1;
}

void
key_setstate(struct secasvar *sav, uint8_t state)
{
	savlist_remove(sav);
	sav->state = state;
	savlist_insert(sav);
}

/* Removes sav from the SADB and drops the SADB's reference. */
void
key_unlinksav(struct secasvar *sav)
{
	struct secasvar **pp;
	unsigned h = savhash_index(sav->saidx.proto, sav->spi);

	net_assert_locked();
	if (!sav->linked)
		return;
	for (pp = &savhash[h]; *pp != NULL; pp = &(*pp)->hash_next) {
		if (*pp == sav) {
			*pp = sav->hash_next;
			break;
		}
	}
	savlist_remove(sav);
	sav->linked = 0;
	sav->state = SADB_SASTATE_DEAD;
	if (sav->tdb_xform != NULL)
		sav->tdb_xform->xf_zeroize(sav);
	key_freesav(&sav);
}

/* Any linked SA (larval included) with this (dst, proto, spi). */
struct secasvar *
key_findsav(const union sockaddr_union *dst, uint8_t proto, uint32_t spi)
{
	struct secasvar *sav;

	for (sav = savhash[savhash_index(proto, spi)]; sav != NULL;
	    sav = sav->hash_next)
		if (sav->spi == spi && sav->saidx.proto == proto &&
		    key_sockaddr_cmp(&sav->saidx.dst, dst, 0) == 0)
			return (sav);
	return (NULL);
}

struct secasvar *
key_allocsa(const union sockaddr_union *dst, uint8_t proto, uint32_t spi)
{
	struct secasvar *sav;

	net_assert_locked();
	sav = key_findsav(dst, proto, spi);
	if (sav == NULL || (sav->state != SADB_SASTATE_MATURE &&
	    sav->state != SADB_SASTATE_DYING))
		return (NULL);
	sav->refcnt++;
	return (sav);
}

void
key_freesav(struct secasvar **psav)
{
	struct secasvar *sav = *psav;

	*psav = NULL;
	if (sav == NULL || --sav->refcnt != 0)
		return;
	if (sav->tdb_xform != NULL)
		sav->tdb_xform->xf_zeroize(sav);
	net_free(sav);
}

int
key_sa_getstats(const union sockaddr_union *dst, uint8_t proto, uint32_t spi,
    struct secasvar_stats *st)
{
	struct secasvar *sav;

	net_lock();
	sav = key_findsav(dst, proto, spi);
	if (sav != NULL)
		*st = sav->stats;
	net_unlock();
	return (sav != NULL ? 0 : ENOENT);
}

void
key_sa_recordxfer(struct secasvar *sav, uint64_t bytes)
{
	net_assert_locked();
	sav->lft_c.bytes += bytes;
	sav->lft_c.allocations++;
	if (sav->lft_c.usetime == 0)
		sav->lft_c.usetime = key_now() ? key_now() : 1;
}

/* Sends EXPIRE for sav: lt is the soft or hard lifetime reached. */
static void
key_expire(struct secasvar *sav, uint16_t which, const struct seclifetime *lt)
{
	struct sadb_msg tmpl;
	struct keybuf kb;

	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.sadb_msg_seq = sav->seq;	/* pid stays 0: from the kernel */
	kb_init(&kb);
	kb_msg(&kb, &tmpl, SADB_EXPIRE, sav->satype);
	kb_add_sa(&kb, sav);
	kb_add_sa2(&kb, sav);
	kb_add_lifetime(&kb, SADB_EXT_LIFETIME_CURRENT, &sav->lft_c);
	kb_add_lifetime(&kb, which, lt);
	kb_add_address(&kb, SADB_EXT_ADDRESS_SRC, &sav->saidx.src,
	    key_sa_len(sav->saidx.src.sa.sa_family) == 16 ? 32 : 128,
	    IPSEC_ULPROTO_ANY);
	kb_add_address(&kb, SADB_EXT_ADDRESS_DST, &sav->saidx.dst,
	    key_sa_len(sav->saidx.dst.sa.sa_family) == 16 ? 32 : 128,
	    IPSEC_ULPROTO_ANY);
	kb_finish(&kb);
	if (kb.error == 0)
		key_sendup(NULL, kb.buf, kb.len, KEY_SENDUP_REGISTERED,
		    sav->satype);
	kb_free(&kb);
	if (which == SADB_EXT_LIFETIME_HARD)
		pfkeystat.expire_hard++;
	else
		pfkeystat.expire_soft++;
}

/* Whether the current use of sav has reached the limits in lt. */
static int
key_lifetime_reached(const struct secasvar *sav, const struct seclifetime *lt,
    uint64_t now)
{
	const struct seclifetime *c = &sav->lft_c;

	if (lt->addtime != 0 && now - c->addtime >= lt->addtime)
		return (1);
	if (lt->usetime != 0 && c->usetime != 0 &&
	    now - c->usetime >= lt->usetime)
		return (1);
	if (lt->bytes != 0 && c->bytes >= lt->bytes)
		return (1);
	if (lt->allocations != 0 && c->allocations >= lt->allocations)
		return (1);
	return (0);
}

static void
key_larval_timeout(uint64_t now_ms)
{
	struct secasvar *sav, *next;

	for (sav = savlist[SADB_SASTATE_LARVAL]; sav != NULL; sav = next) {
		next = sav->state_next;
		if (now_ms - sav->created_ms >= KEY_LARVAL_LIFETIME * 1000ull) {
			pfkeystat.larval_timeout++;
			key_unlinksav(sav);
		}
	}
}

static void
key_lifetime_check(int state, uint64_t now)
{
	struct secasvar *sav, *next;

	for (sav = savlist[state]; sav != NULL; sav = next) {
		next = sav->state_next;
		if (key_lifetime_reached(sav, &sav->lft_h, now)) {
			key_expire(sav, SADB_EXT_LIFETIME_HARD, &sav->lft_h);
			key_unlinksav(sav);
		} else if (state == SADB_SASTATE_MATURE &&
		    key_lifetime_reached(sav, &sav->lft_s, now)) {
			key_setstate(sav, SADB_SASTATE_DYING);
			key_expire(sav, SADB_EXT_LIFETIME_SOFT, &sav->lft_s);
		}
	}
}

void
key_timehandler(void)
{
	uint64_t now = key_now();

	net_assert_locked();
	key_larval_timeout(net_uptime_ms());
	/* DYING first, so an SA just made DYING is not checked twice. */
	key_lifetime_check(SADB_SASTATE_DYING, now);
	key_lifetime_check(SADB_SASTATE_MATURE, now);
	key_acq_timehandler();
}

void
key_sadb_reset(void)
{
	int state;

	for (state = 0; state < SADB_SASTATE_DEAD; state++)
		while (savlist[state] != NULL)
			key_unlinksav(savlist[state]);
}
