/*
 * The IPsec datapath: statistics, packet tags and the functions the ESP
 * and AH transforms share (FreeBSD's ipsec.h/esp_var.h/ah_var.h in one).
 *
 * The datapath hangs off the IPv4 hook points (net/ip_var.h):
 *   output   ipsec_output_hook: SPD lookup, SA per request, tunnel
 *            encapsulation, then the transform's output, which submits the
 *            packet to the crypto framework; its callback finishes the packet
 *            and sends it with ip_output(IP_RAWOUTPUT | IP_NOIPSEC).
 *   input    protocols 50/51: SA by (destination, protocol, SPI), replay
 *            pre-check, crypto; the callback checks the ICV result, updates
 *            the replay window, strips ESP/AH, tags the packet and hands it
 *            back to ip_input (transport: the inner protocol; tunnel: the
 *            inner packet).
 *   policy   ipsec_input_policy_hook / ipsec_forward_hook: packets a policy
 *            says must be protected but were not (no tag, or a tag for the
 *            wrong protocol/mode) are dropped and counted.
 * Crypto callbacks run on the framework's return thread and take the net
 * lock; everything else here runs with it held.
 */
#ifndef NET_IPSEC_IPSEC_VAR_H
#define NET_IPSEC_IPSEC_VAR_H

#include <stdint.h>

#include "net/ipsec/keydb.h"

#ifndef EOVERFLOW
#define EOVERFLOW	84	/* FreeBSD's value: sequence numbers exhausted */
#endif
#ifndef EBADMSG
#define EBADMSG		89	/* the crypto framework's "ICV did not verify" */
#endif

struct mbuf;
struct secpolicy;

/* Packet tags (cookie MTAG_ABI_COMPAT). */
#define PACKET_TAG_IPSEC_IN_DONE	0x4901	/* struct ipsec_in_tag */
#define PACKET_TAG_IPSEC_OUT_DONE	0x4902	/* no data: output processing done */

/*
 * Left on a packet IPsec has decapsulated, one per transform applied: which
 * SA it came through, so the policy check can tell whether that SA was one
 * the matching policy allows (not merely the right protocol).  Zeroed before
 * it is filled, so two tags of the same SA are equal byte for byte (IPv4
 * reassembly joins only fragments whose tags are equal).
 */
struct ipsec_in_tag {
	struct secasindex saidx;	/* the SA's addresses, protocol, reqid; mode as applied */
	uint32_t	spi;		/* network order */
};

/* Global IPsec counters (netstat -s -p ipsec). */
struct ipsecstat {
	uint64_t	ips_in_polvio;	/* input: clear, or an SA the policy does not allow */
	uint64_t	ips_in_discard;	/* input: a discard policy matched */
	uint64_t	ips_fwd_polvio;	/* forward: policy violation */
	uint64_t	ips_out_polvio;	/* output: a discard policy matched */
	uint64_t	ips_out_nosa;	/* output: no SA for a require request (ACQUIRE sent) */
	uint64_t	ips_out_inval;	/* output: a packet IPsec could not process */
	uint64_t	ips_out_bundlesa; /* output: bundles processed (more than one request) */
	uint64_t	ips_out_clear;	/* output: sent in clear by a "use" level */
	uint64_t	ips_crypto_direct; /* requests run in the submitter's context */
	uint64_t	ips_crypto_queued; /* requests run by a crypto worker */
	uint64_t	ips_nomem;	/* dropped: no memory for a request or buffer */
};

/* Per-protocol counters (netstat -s -p esp / -p ah). */
struct xformstat {
	uint64_t	input;		/* packets that passed every check */
	uint64_t	output;		/* packets protected and sent */
	uint64_t	ibytes;		/* input bytes (after decapsulation) */
	uint64_t	obytes;		/* output bytes (before protection) */
	uint64_t	notdb;		/* no SA for the SPI */
	uint64_t	hdrops;		/* truncated header */
	uint64_t	badilen;	/* length wrong for the algorithm */
	uint64_t	replay;		/* replayed or outside the window */
	uint64_t	badauth;	/* ICV did not verify */
	uint64_t	badpad;		/* padding bytes or pad length wrong */
	uint64_t	badnxt;		/* next header wrong for the mode */
	uint64_t	wrap;		/* output sequence number exhausted */
	uint64_t	toobig;		/* packet too large to protect */
	uint64_t	crypto;		/* crypto framework errors */
	uint64_t	noxform;	/* SA without a usable transform */
};

extern struct ipsecstat ipsecstat;
extern struct xformstat espstat;
extern struct xformstat ahstat;

/* The hook functions (ipsec_input.c), installed by ipsec_attach. */
int	ipsec4_input(struct mbuf *m, int off, int proto);
int	ipsec4_in_reject(struct mbuf *m, int proto);
int	ipsec4_forward_reject(struct mbuf *m);
struct ipsec_selector;
void	ipsec_selector_of(struct mbuf *m, struct ipsec_selector *sel);

/* Gives the transform switch ESP's and AH's datapath and installs the
   hooks (net lock held); ipsec_detach removes the hooks. */
void	ipsec_attach(void);
void	ipsec_detach(void);

/* Transforms (xform_esp.c, xform_ah.c); see struct xformsw. */
struct ipsec_outctx;
int	esp_input(struct mbuf *m, struct secasvar *sav, int skip, int protoff);
int	esp_output(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx, int skip);
void	esp_zeroize_session(struct secasvar *sav);
int	ah_input(struct mbuf *m, struct secasvar *sav, int skip, int protoff);
int	ah_output(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx, int skip);
void	ah_zeroize_session(struct secasvar *sav);

/*
 * Output continuation: the transform's callback hands the protected packet
 * here; it applies the policy's next request or sends the packet.  Takes
 * over the references to sav and sp.
 */
struct ipsec_outctx {
	struct secpolicy *sp;		/* the policy being applied (referenced) */
	int		 isr;		/* index of the request just applied */
};
void	ipsec_output_done(struct mbuf *m, struct secasvar *sav, struct ipsec_outctx *ctx);

/*
 * Crypto requests and their callbacks (ipsec_crypto.c): submit with the
 * net lock held through ipsec_crypto_dispatch() (counted, and completed
 * inline when the framework runs it at once); a callback brackets its
 * work with ipsec_cb_begin() -- which takes the net lock unless the
 * callback runs inline under it -- and ipsec_cb_end(what begin returned).
 */
struct cryptop;
int	ipsec_crypto_dispatch(struct cryptop *crp);
/* 1: requests to the per-CPU crypto workers; 0: the direct path (ipsec_crypto.c) */
extern int ipsec_crypto_workers;
int	ipsec_cb_begin(void);
void	ipsec_cb_end(int locked);

/* Input continuation: strips ESP/AH, counts, tags and re-injects. */
void	ipsec_input_finish(struct mbuf *m, struct secasvar *sav, struct xformstat *st,
	    int skip, int off, int datalen, uint8_t nxt, int tunnel);
void	ipsec_input_done(struct mbuf *m, struct secasvar *sav, int tunnel);

/* Big-endian 32-bit fields of the ESP/AH headers and the ESN. */
static inline void
ipsec_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline uint32_t
ipsec_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]);
}

/* Anti-replay (ipsec_replay.c, RFC 4303 3.4.3 and Appendix A). */
int	ipsec_chkreplay(const struct secasvar *sav, uint32_t seql, uint64_t *seq);
int	ipsec_updatereplay(struct secasvar *sav, uint64_t seq);
int	ipsec_nextseq(struct secasvar *sav, uint64_t *seq);	/* output; EOVERFLOW when exhausted */

/* A copy of the packet in one writable buffer with `room` bytes to spare. */
struct mbuf *ipsec_linearize(struct mbuf *m, int room);

/* netstat -s -p esp|ah|ipsec */
void	ipsec_print_stats(const char *which);

#endif /* NET_IPSEC_IPSEC_VAR_H */
