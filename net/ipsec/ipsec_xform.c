/*
 * The transform switch and the algorithm tables of PF_KEY.
 *
 * The algorithm tables (what SADB_REGISTER advertises and ADD and UPDATE
 * accept) are in ipsec_alg.c, which setkey also links.
 *
 * ESP and AH are registered here with init/zeroize: init validates the
 * SA's algorithm combination and key lengths so that an ADD with a bad key
 * fails with EINVAL before the SA exists.  The datapath (xform_esp.c,
 * xform_ah.c: they need the crypto framework's API) attaches
 * input/output/release with xform_attach_datapath(), so these tables and
 * the key engine also build into host tests without it.
 */
#include <string.h>

#include "net/net_errno.h"
#include "net/ipsec/key.h"
#include "crypto/xform.h"

/* bits allowed for alg: min, min + step, ..., max */
static int
alg_keybits_ok(const struct ipsec_alg *alg, unsigned bits)
{
	if (bits < alg->minbits || bits > alg->maxbits)
		return (0);
	return ((bits - alg->minbits) % alg->stepbits == 0);
}

/*
 * The crypto layer (what the framework will be given) accepts the key
 * too; NULL takes no key in ESP.
 */
static int
alg_crypto_ok(const struct ipsec_alg *alg, unsigned bits)
{
	if (alg->crypto_id == CRYPTO_ALG_NULL)
		return (bits == 0);
	return (bits % 8 == 0 && crypto_xform_keylen_ok(
	    crypto_xform_lookup(alg->crypto_id), bits / 8));
}

static int
esp_init(struct secasvar *sav)
{
	const struct ipsec_alg *enc = ipsec_encalg(sav->alg_enc);
	const struct ipsec_alg *auth = NULL;

	if (enc == NULL)
		return (EINVAL);
	if (!alg_keybits_ok(enc, sav->key_enc.bits) ||
	    !alg_crypto_ok(enc, sav->key_enc.bits))
		return (EINVAL);
	if (sav->alg_auth != SADB_AALG_NONE) {
		/* AEAD algorithms authenticate by themselves. */
		if (enc->aead)
			return (EINVAL);
		auth = ipsec_authalg(sav->alg_auth);
		if (auth == NULL || !alg_keybits_ok(auth, sav->key_auth.bits) ||
		    !alg_crypto_ok(auth, sav->key_auth.bits))
			return (EINVAL);
	} else if (sav->key_auth.bits != 0) {
		return (EINVAL);
	} else if (enc->sadb_id == SADB_EALG_NULL) {
		return (EINVAL);	/* RFC 4303: not both NULL */
	}
	sav->tdb_encalg = enc;
	sav->tdb_authalg = auth;
	return (0);
}

static int
ah_init(struct secasvar *sav)
{
	const struct ipsec_alg *auth = ipsec_authalg(sav->alg_auth);

	if (auth == NULL || sav->alg_enc != SADB_EALG_NONE ||
	    sav->key_enc.bits != 0 || !alg_keybits_ok(auth, sav->key_auth.bits) ||
	    !alg_crypto_ok(auth, sav->key_auth.bits))
		return (EINVAL);
	sav->tdb_encalg = NULL;
	sav->tdb_authalg = auth;
	return (0);
}

/* Both: forget the algorithms and wipe the keys. */
static void
xform_zeroize(struct secasvar *sav)
{
	volatile uint8_t *p;
	size_t i;

	p = (volatile uint8_t *)&sav->key_auth;
	for (i = 0; i < sizeof(sav->key_auth); i++)
		p[i] = 0;
	p = (volatile uint8_t *)&sav->key_enc;
	for (i = 0; i < sizeof(sav->key_enc); i++)
		p[i] = 0;
	sav->tdb_encalg = NULL;
	sav->tdb_authalg = NULL;
}

/* Both: the datapath's state first (the crypto session holds its own key copy), then the keys. */
static void
xform_zeroize_all(struct secasvar *sav)
{
	if (sav->tdb_xform != NULL && sav->tdb_xform->xf_release != NULL)
		sav->tdb_xform->xf_release(sav);
	xform_zeroize(sav);
}

static struct xformsw esp_xformsw = {
	.xf_name = "esp",
	.xf_proto = IPPROTO_ESP,
	.xf_init = esp_init,
	.xf_zeroize = xform_zeroize_all,
};

static struct xformsw ah_xformsw = {
	.xf_name = "ah",
	.xf_proto = IPPROTO_AH,
	.xf_init = ah_init,
	.xf_zeroize = xform_zeroize_all,
};

void
xform_attach_datapath(uint8_t proto, int (*input)(struct mbuf *, struct secasvar *, int, int),
    int (*output)(struct mbuf *, struct secasvar *, struct ipsec_outctx *, int),
    void (*release)(struct secasvar *))
{
	struct xformsw *xf = proto == IPPROTO_ESP ? &esp_xformsw :
	    proto == IPPROTO_AH ? &ah_xformsw : NULL;

	if (xf == NULL)
		return;
	xf->xf_input = input;
	xf->xf_output = output;
	xf->xf_release = release;
}

const struct xformsw *
xform_lookup(uint8_t proto)
{
	if (proto == IPPROTO_ESP)
		return (&esp_xformsw);
	if (proto == IPPROTO_AH)
		return (&ah_xformsw);
	return (NULL);
}
