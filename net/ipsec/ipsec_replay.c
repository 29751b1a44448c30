/*
 * Anti-replay (RFC 4303 3.4.3; extended sequence numbers per Appendix A).
 *
 * The window is a bitmap indexed by sequence number modulo its size, as
 * in FreeBSD's newer replay code: advancing the right edge only clears the
 * bits that slide in, so no shifting of up to 1024 bits per packet.  The
 * check runs twice: before the crypto (cheap rejection of replays) and
 * after the ICV verified, when the window is updated — a forged packet
 * never moves it.
 */
#include <string.h>

#include "net/net_errno.h"
#include "net/ipsec/ipsec_var.h"

#define WBITS(r)	((r)->wsize)	/* window, packets: a multiple of 32 */

static int
bit_get(const struct secreplay *r, uint64_t seq)
{
	uint32_t i = (uint32_t)(seq % WBITS(r));

	return ((r->bitmap[i / 32] >> (i % 32)) & 1);
}

static void
bit_set(struct secreplay *r, uint64_t seq)
{
	uint32_t i = (uint32_t)(seq % WBITS(r));

	r->bitmap[i / 32] |= 1u << (i % 32);
}

static void
bit_clear(struct secreplay *r, uint64_t seq)
{
	uint32_t i = (uint32_t)(seq % WBITS(r));

	r->bitmap[i / 32] &= ~(1u << (i % 32));
}

/*
 * The window ESN inference assumes when the replay check is off: the
 * receiver must still follow the sender's high 32 bits (RFC 4303 A2), so a
 * low half more than half the space below the highest one seen means the
 * next epoch.
 */
#define ESN_NOWINDOW	0x80000000u

/* The full sequence number a received low half stands for (Appendix A2.1). */
static uint64_t
esn_infer(const struct secreplay *r, uint32_t seql)
{
	uint32_t tl = (uint32_t)r->lastseq, th = (uint32_t)(r->lastseq >> 32);
	uint32_t w = r->wsize ? r->wsize : ESN_NOWINDOW, seqh;

	if (tl >= w - 1)
		seqh = seql >= tl - w + 1 ? th : th + 1;
	else
		seqh = seql >= tl - w + 1 ? th - 1 : th;	/* mod 2^32 */
	return ((uint64_t)seqh << 32 | seql);
}

/*
 * Is sequence number seql acceptable?  0 with *seq the full number, or
 * EACCES (seen, or left of the window, or 0 without ESN).
 */
int
ipsec_chkreplay(const struct secasvar *sav, uint32_t seql, uint64_t *seq)
{
	const struct secreplay *r = &sav->replay;
	uint64_t s;

	if (r->wsize == 0) {		/* check off (manual keying asked for it) */
		*seq = r->esn ? esn_infer(r, seql) : seql;
		return (0);
	}
	s = r->esn ? esn_infer(r, seql) : seql;
	*seq = s;
	if (s == 0)
		return (EACCES);
	if (s > r->lastseq)
		return (0);
	if (r->lastseq - s >= r->wsize)
		return (EACCES);	/* left of the window */
	return (bit_get(r, s) ? EACCES : 0);
}

/* After the ICV verified: check again (another packet may have won) and record. */
int
ipsec_updatereplay(struct secasvar *sav, uint64_t seq)
{
	struct secreplay *r = &sav->replay;
	uint64_t s;

	if (r->wsize == 0) {		/* no check, but the high bits are followed */
		if (seq > r->lastseq)
			r->lastseq = seq;
		return (0);
	}
	if (seq == 0)
		return (EACCES);
	if (seq > r->lastseq) {
		if (seq - r->lastseq >= r->wsize)
			memset(r->bitmap, 0, sizeof(r->bitmap));
		else
			for (s = r->lastseq + 1; s < seq; s++)
				bit_clear(r, s);
		r->lastseq = seq;
		bit_set(r, seq);
		return (0);
	}
	if (r->lastseq - seq >= r->wsize || bit_get(r, seq))
		return (EACCES);
	bit_set(r, seq);
	return (0);
}

/* The next output sequence number; EOVERFLOW once the space is used up. */
int
ipsec_nextseq(struct secasvar *sav, uint64_t *seq)
{
	struct secreplay *r = &sav->replay;

	if (r->overflow)
		return (EOVERFLOW);
	if ((!r->esn && r->count == UINT32_MAX) || (r->esn && r->count == UINT64_MAX)) {
		r->overflow = 1;	/* RFC 4303 3.3.3: never cycle; rekey */
		return (EOVERFLOW);
	}
	*seq = ++r->count;
	return (0);
}
